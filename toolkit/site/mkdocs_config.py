"""The mkdocs-material configuration: the county's own settings from <DIR>/mkdocs.yml (site_name,
site_url, copyright …) merged with what the toolkit enforces (Chinese, no web fonts, no CDN, jieba search
with the domain dictionary, strict link/anchor validation, a lean navigation), and the in-process build."""

from __future__ import annotations

import logging
import os
from contextlib import contextmanager
from pathlib import Path

import yaml

from ..errors import Problem, StdkitError

ASSETS = Path(__file__).resolve().parent.parent / "assets" / "site"
USER_CONFIG = "mkdocs.yml"
DEFAULT_SITE_URL = "https://zw.jianshi.gov.cn/"
DEFAULT_EPOCH = "1704067200"  # 2024-01-01: sitemap dates when SOURCE_DATE_EPOCH is unset (reproducible)
# Keys a county may set in its mkdocs.yml; everything else is decided here.
USER_KEYS = (
    "site_name",
    "site_url",
    "site_description",
    "site_author",
    "copyright",
    "repo_url",
    "repo_name",
    "edit_uri",
    "extra",
)
NOT_IN_NAV = [
    "/items/",
    "/departments/",
    "/venues/",
    "/bundles/*.md",
    "!/bundles/index.md",
    "/guide/township.md",
    "/guide/village.md",
]


def user_settings(root: Path) -> dict:
    """The county's mkdocs.yml (optional) reduced to the keys it may set; located errors when unreadable."""
    path = Path(root) / USER_CONFIG
    settings: dict = {"site_name": None, "site_url": DEFAULT_SITE_URL}
    if not path.is_file():
        return settings
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise StdkitError(
            [
                Problem(
                    USER_CONFIG,
                    (mark.line + 1) if mark else 1,
                    (mark.column + 1) if mark else 1,
                    "",
                    "config-yaml",
                    "网站配置文件 mkdocs.yml 不是合法的 YAML。",
                    "请检查缩进和冒号；不要使用 !!python 等标签。",
                )
            ]
        ) from None
    if not isinstance(data, dict):
        raise StdkitError(
            [Problem(USER_CONFIG, 1, 1, "", "config-type", "mkdocs.yml 应为“键: 值”形式的映射。")]
        )
    for key in USER_KEYS:
        if key in data:
            settings[key] = data[key]
    url = settings.get("site_url")
    if not isinstance(url, str) or not url.startswith(("http://", "https://")):
        raise StdkitError(
            [
                Problem(
                    USER_CONFIG,
                    1,
                    1,
                    "site_url",
                    "config-site-url",
                    f"site_url 应为以 http:// 或 https:// 开头的网址，而不是“{url}”。",
                    f"如：{DEFAULT_SITE_URL}；二维码网址由它生成，请尽量简短。",
                )
            ]
        )
    settings["site_url"] = url if url.endswith("/") else url + "/"
    return settings


def site_config(
    settings: dict,
    *,
    docs_dir: Path,
    site_dir: Path,
    nav: list,
    county_name: str,
    hooks: list[str] | None = None,
    watch: list[str] | None = None,
) -> dict:
    cfg = {
        "site_name": settings.get("site_name") or f"{county_name}政务服务办事指南",
        **{k: v for k, v in settings.items() if k != "site_name" and v is not None},
        "docs_dir": str(docs_dir),
        "site_dir": str(site_dir),
        "use_directory_urls": True,
        "theme": {
            "name": "material",
            "language": "zh",
            "font": False,
            "custom_dir": str(ASSETS / "overrides"),
            "features": ["navigation.top", "search.highlight", "content.tooltips"],
            "palette": {"primary": "blue", "accent": "blue"},
        },
        "extra_css": ["assets/stdkit.css"],
        "plugins": [{"search": {"lang": "zh", "jieba_dict_user": str(ASSETS / "jieba-user-dict.txt")}}],
        "markdown_extensions": [
            "tables",
            "attr_list",
            "admonition",
            {"toc": {"permalink": False}},
            {"pymdownx.tasklist": {"custom_checkbox": True, "clickable_checkbox": True}},
        ],
        "validation": {
            "nav": {"omitted_files": "info", "not_found": "warn", "absolute_links": "warn"},
            "links": {
                "not_found": "warn",
                "anchors": "warn",
                "absolute_links": "warn",
                "unrecognized_links": "warn",
            },
        },
        "not_in_nav": "\n".join(NOT_IN_NAV),
        "nav": nav,
        "strict": True,
    }
    if hooks:
        cfg["hooks"] = hooks
    if watch:
        cfg["watch"] = watch
    return cfg


def write_config(cfg: dict, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(cfg, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@contextmanager
def source_date_epoch():
    """mkdocs stamps sitemap dates; a fixed default keeps two builds byte-identical."""
    old = os.environ.get("SOURCE_DATE_EPOCH")
    if old is None:
        os.environ["SOURCE_DATE_EPOCH"] = DEFAULT_EPOCH
    try:
        yield int(os.environ["SOURCE_DATE_EPOCH"])
    finally:
        if old is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _jieba_cache(cache_dir: Path) -> None:
    """jieba keeps its dictionary cache in the system temp folder unless told otherwise."""
    try:
        import jieba
    except ImportError:
        return
    cache_dir.mkdir(parents=True, exist_ok=True)
    jieba.dt.tmp_dir = str(cache_dir)
    jieba.setLogLevel(logging.WARNING)


def run_build(config_file: Path, cache_dir: Path) -> None:
    """mkdocs build --strict, in process; warnings become a Chinese error listing them."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    _jieba_cache(cache_dir / "jieba")
    logger = logging.getLogger("mkdocs")
    handler = _Collect()
    logger.addHandler(handler)
    old_propagate, logger.propagate = logger.propagate, False
    try:
        cfg = load_config(config_file=str(config_file), strict=True)
        build(cfg)
    except (Abort, ConfigurationError) as exc:
        details = "；".join(handler.messages[:10]) or str(exc)
        raise StdkitError(
            [
                Problem(
                    "（网站生成）",
                    0,
                    0,
                    "",
                    "site-build",
                    f"网站生成失败（mkdocs 严格模式）：{details}",
                    "多为页面中的链接或图片指向不存在的文件；请报告此问题。",
                )
            ]
        ) from None
    finally:
        logger.removeHandler(handler)
        logger.propagate = old_propagate

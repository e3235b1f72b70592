"""The mkdocs-material configuration: the county's own settings from <DIR>/mkdocs.yml (site_name,
site_url, copyright …) merged with what the toolkit enforces (Chinese, no web fonts, no CDN, the citizen
search worker (toolkit/site/search.py), strict link/anchor validation, a lean navigation), and the in-process build."""

from __future__ import annotations

import dataclasses
import logging
import time
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from ..core import escape
from ..core.errors import Problem, StdkitError
from ..core.settings import current, use
from ..core.site_settings import TEXT_KEYS
from .mdsafe import take_removed

if TYPE_CHECKING:  # the plugin module imports mkdocs: loaded by the builds only, not by every site module
    from .plugin import StdkitPlugin

ASSETS = Path(__file__).resolve().parent.parent / "assets" / "site"
PLUGIN = "stdkit"  # the toolkit's mkdocs plugin (toolkit/site/plugin.py; entry point in pyproject.toml)
PALETTE = {"primary": "blue", "accent": "blue"}  # theme colours (toolkit/site/theme_css.py keeps only these)
FAVICON = "assets/stdkit-icon.svg"
GUIDE_JS = "assets/stdkit-guide.js"  # the theme JavaScript a guide page uses (overrides/main.html)
DEFAULT_EPOCH = "1704067200"  # 2024-01-01: sitemap dates when SOURCE_DATE_EPOCH is unset (reproducible)


def site_config(
    settings: dict,
    *,
    docs_dir: Path,
    site_dir: Path,
    nav: list,
    not_in_nav: list[str],
    county_name: str,
    watch: list[str] | None = None,
) -> dict:
    name = settings.get("site_name") or f"{county_name}政务服务办事指南"
    cfg = {
        # The theme writes these unescaped (also inside attributes): escape them here, once.
        "site_name": escape.html(name),
        **{
            k: escape.html(v) if k in TEXT_KEYS else v
            for k, v in settings.items()
            if k != "site_name" and v is not None
        },
        "docs_dir": str(docs_dir),
        "site_dir": str(site_dir),
        "use_directory_urls": True,
        "theme": {
            "name": "material",
            "language": "zh",
            "font": False,
            "custom_dir": str(ASSETS / "overrides"),
            "features": ["navigation.top", "search.highlight", "content.tooltips"],
            "palette": dict(PALETTE),
            "favicon": FAVICON,
        },
        "extra_css": ["assets/stdkit.css"],
        "extra_javascript": ["assets/stdkit.js"],
        # the toolkit's plugin after Material's search, whose index it keeps the pages out of
        "plugins": [{"search": {"lang": "zh"}}, {PLUGIN: {"date": build_date(current().epoch)}}],
        "markdown_extensions": [
            "tables",
            "attr_list",
            "admonition",
            "toolkit.site.mdsafe",
            "pymdownx.details",
            "md_in_html",
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
        "not_in_nav": "\n".join(not_in_nav),
        "nav": nav,
        "strict": True,
    }
    if watch:
        cfg["watch"] = watch
    return cfg


def write_config(cfg: dict, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(cfg, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@contextmanager
def source_date_epoch():
    """The build's moment: SOURCE_DATE_EPOCH, else a fixed default, so that two builds are byte-identical.
    It is current (settings) for everything the build writes: DOCX and report dates, and the sitemap's
    page dates, which the toolkit's plugin sets from its `date` option instead of the clock."""
    settings = current()
    epoch = settings.epoch if settings.epoch is not None else int(DEFAULT_EPOCH)
    with use(dataclasses.replace(settings, epoch=epoch)):
        yield epoch


def build_date(epoch: int | None) -> str:
    """The date mkdocs gives every page (sitemap `lastmod`), from the build's moment."""
    return time.strftime("%Y-%m-%d", time.gmtime(int(DEFAULT_EPOCH) if epoch is None else epoch))


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _jieba_cache(cache_dir: Path) -> None:
    """jieba keeps its dictionary cache in the system temp folder unless told otherwise."""
    import jieba  # a dependency (flowchart label wrapping); imported here because it is slow to import

    cache_dir.mkdir(parents=True, exist_ok=True)
    jieba.dt.tmp_dir = str(cache_dir)
    jieba.setLogLevel(logging.WARNING)


def refuse_removed(removed: list[tuple[str, str, str]]) -> None:
    """Escaping should make this impossible; if a page still carried a script attribute or an unsafe link,
    the build fails (the old output stays) rather than publish it."""
    if removed:
        listed = "；".join(f"<{tag} {name}=“{value}”>" for tag, name, value in removed[:5])
        raise StdkitError(
            [
                Problem(
                    file="（网站生成）",
                    line=0,
                    column=0,
                    path="",
                    code="site-unsafe",
                    message=f"网页中出现了不安全的属性或链接（共{len(removed)}处，已拒绝发布）：{listed}",
                    hint="这是工具包的转义缺陷，请报告此问题并附上数据文件夹。",
                )
            ]
        )


def load_site_config(config_file: Path, plugin: StdkitPlugin):
    """mkdocs' configuration from config_file, with `plugin` as its `stdkit` plugin: the toolkit's builds
    use the instance they are given (its state is theirs), never one looked up through the installed
    package's entry points (an editable install made before the entry point existed lacks it)."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import ConfigurationError

    raw = yaml.safe_load(config_file.read_text(encoding="utf-8")) or {}
    others, options = [], None
    for entry in raw.get("plugins") or []:
        name, value = next(iter(entry.items())) if isinstance(entry, dict) else (entry, {})
        if name == PLUGIN:
            options = value or {}
        else:
            others.append(entry)
    cfg = load_config(config_file=str(config_file), plugins=others)  # strict unless the preview says not
    if options is not None:
        errors, warnings = plugin.load_config(options, str(config_file))
        if errors or warnings:
            raise ConfigurationError(
                "; ".join(f"{PLUGIN}: {key}: {msg}" for key, msg in [*errors, *warnings])
            )
        cfg.plugins[PLUGIN] = plugin  # after the others, as mkdocs orders a configuration's plugins
    return cfg


def run_build(config_file: Path, cache_dir: Path, plugin: StdkitPlugin, *, dirty: bool = False) -> None:
    """mkdocs build --strict, in process, with `plugin` as the toolkit's plugin; warnings become a Chinese
    error listing them. `dirty`: render only the pages whose output is missing or older than their source
    (toolkit/site/incremental.py decides)."""
    from mkdocs.commands.build import build
    from mkdocs.exceptions import Abort, ConfigurationError

    _jieba_cache(cache_dir / "jieba")
    logger = logging.getLogger("mkdocs")
    handler = _Collect()
    logger.addHandler(handler)
    old_propagate, logger.propagate = logger.propagate, False
    try:
        cfg = load_site_config(config_file, plugin)
        take_removed()
        build(cfg, dirty=dirty)
        refuse_removed(take_removed())
    except (Abort, ConfigurationError) as exc:
        details = "；".join(handler.messages[:10]) or str(exc)
        raise StdkitError(
            [
                Problem(
                    file="（网站生成）",
                    line=0,
                    column=0,
                    path="",
                    code="site-build",
                    message=f"网站生成失败（mkdocs 严格模式）：{details}",
                    hint="多为页面中的链接或图片指向不存在的文件；请报告此问题。",
                )
            ]
        ) from None
    finally:
        logger.removeHandler(handler)
        logger.propagate = old_propagate

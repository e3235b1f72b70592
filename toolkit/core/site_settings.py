"""A county's site settings (its mkdocs.yml, reduced to the few keys a county may set) and the address
its QR codes print: read and checked here, once, for every command."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

from . import escape
from .codelists import codelist
from .errors import Problem, StdkitError, file_error
from .folder import Folder, as_folder
from .project import Project
from .yamlio import MAX_BYTES, decode, parse_text

USER_CONFIG = "mkdocs.yml"
EXAMPLE_SITE_URL = "https://zw.jianshi.gov.cn/"
# Keys a county may set in its mkdocs.yml, each safe by construction: plain text (escaped for HTML all the
# same) or an http(s) address. Everything else is decided here; `theme` and `plugins` are accepted only as
# the documented read-only reference; any other key (extra, analytics, hooks, extra_javascript …) is refused.
TEXT_KEYS = ("site_name", "site_description", "site_author", "copyright", "repo_name")
URL_KEYS = ("site_url", "repo_url")
USER_KEYS = (*TEXT_KEYS, *URL_KEYS)
REFERENCE_KEYS = ("theme", "plugins")


def user_settings(source: Folder | Path) -> dict:
    """The county's mkdocs.yml (optional) reduced to the keys it may set; located errors when unreadable."""
    folder = as_folder(source)
    settings: dict = {"site_name": None, "site_url": None}  # no address: no QR codes (site_url_problem)
    if not folder.has(USER_CONFIG):
        return settings
    # duplicate keys, tags … are located errors
    data, positions = parse_text(decode(folder.read(USER_CONFIG, MAX_BYTES), USER_CONFIG), USER_CONFIG)
    data = data or {}
    if not isinstance(data, dict):
        raise file_error(file=USER_CONFIG, code="config-type", message="mkdocs.yml 应为“键: 值”形式的映射。")
    problems = [_check_setting(k, v, positions.get((k,), (1, 1))[0]) for k, v in data.items()]
    if any(problems):
        raise StdkitError([p for p in problems if p])
    settings.update({key: data[key] for key in USER_KEYS if key in data})
    url = settings["site_url"]
    if url is None:
        return settings
    settings["site_url"] = url if url.endswith("/") else url + "/"
    return settings


def _check_setting(key, value, line: int) -> Problem | None:
    """None when the setting is accepted; otherwise the located reason (in Chinese)."""
    if key in REFERENCE_KEYS:
        return None
    if key not in USER_KEYS:
        return Problem(
            file=USER_CONFIG,
            line=line,
            column=1,
            path=str(key),
            code="config-key",
            message=f"mkdocs.yml 中不允许设置“{key}”。",
            hint=f"本县可以设置：{'、'.join(USER_KEYS)}；统计分析脚本、自定义 HTML/脚本、插件等一律不接受（网站不得向外部发出请求）。",
        )
    try:
        if key in URL_KEYS:
            escape.url(value, relative=False)
            if not str(value).startswith(("http://", "https://")):
                raise ValueError("应以 http:// 或 https:// 开头")
        else:
            escape.plain(value)
    except ValueError as exc:
        return Problem(
            file=USER_CONFIG,
            line=line,
            column=1,
            path=key,
            code="config-value",
            message=f"{key} 的值不可用：{exc}。",
            hint="网址应为 http:// 或 https:// 开头的地址，如 " + EXAMPLE_SITE_URL
            if key in URL_KEYS
            else "只写纯文字：不要写 HTML 标记、引号、方括号或花括号。",
        )
    return None


EXAMPLE = "https://zwfw.本县域名.gov.cn/"


def _line(folder: Folder) -> int:
    try:
        raw = folder.read(USER_CONFIG, MAX_BYTES)
    except StdkitError:
        return 1
    for n, text in enumerate(raw.decode("utf-8", errors="replace").splitlines(), start=1):
        if re.match(r"^\s*#?\s*site_url\s*:", text):
            return n
    return 1


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def owner_of(url: str) -> tuple[str, str] | None:
    """(county name, division code) of a county known to use this address's host, if any."""
    for c in codelist("county-sites"):
        if _host(c.code) == _host(url):
            return c.title, c.extra["division_code"]
    return None


def site_url_problem(source: Folder | Path, site_url: str | None, project: Project) -> Problem | None:
    """Why QR codes cannot be made with this address (None when they can)."""
    folder = as_folder(source)
    file, line = str(folder.path(USER_CONFIG)), _line(folder)
    county = project.county
    if not site_url:
        return Problem(
            file=file,
            line=line,
            column=1,
            path="site_url",
            code="site-url-missing",
            message=f"{county.name}的网站地址（mkdocs.yml 的 site_url）尚未设置。二维码里印的就是这个网址，"
            "没有它就不能生成二维码和二维码清单。",
            hint=f"在 {file} 中写一行 site_url: 本县办事指南网站的地址（如 site_url: {EXAMPLE}）；"
            "新建县文件夹时也可用 stdkit init 文件夹 --site-url 网址。网址会印在纸质清单上，印发后不得更改，请尽量简短。",
        )
    owner = owner_of(site_url)
    if owner and owner[1] != county.division_code:
        return Problem(
            file=file,
            line=line,
            column=1,
            path="site_url",
            code="site-url-foreign",
            message=f"site_url“{site_url}”是{owner[0]}的网站地址，不是{county.name}的；用它生成的二维码会把本县群众"
            f"带到{owner[0]}的页面。",
            hint=f"请把 {file} 中的 site_url 改为{county.name}自己的办事指南网站地址（如 {EXAMPLE}）。",
        )
    return None


def require_site_url(folder: Folder, site_url: str | None, project: Project) -> str:
    problem = site_url_problem(folder, site_url, project)
    if problem is not None:
        raise StdkitError([replace(problem, message=problem.message + "未生成任何文件。")])
    return str(site_url)

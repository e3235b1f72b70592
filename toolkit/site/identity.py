"""A county's own web address (site_url in the county's mkdocs.yml): it is printed inside every QR code
on paper, so the build refuses to make QR codes without it, or with another county's address
(toolkit/codelists/county-sites.csv lists the addresses known to belong to a county)."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

from ..core.codelists import codelist
from ..core.errors import Problem, StdkitError
from ..core.project import Project
from .mkdocs_config import USER_CONFIG

EXAMPLE = "https://zwfw.本县域名.gov.cn/"


def _line(root: Path) -> int:
    path = Path(root) / USER_CONFIG
    if not path.is_file():
        return 1
    for n, text in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), start=1):
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


def site_url_problem(root: Path, site_url: str | None, project: Project) -> Problem | None:
    """Why QR codes cannot be made with this address (None when they can)."""
    file, line = str(Path(root) / USER_CONFIG), _line(root)
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


def require_site_url(root: Path, site_url: str | None, project: Project) -> str:
    problem = site_url_problem(root, site_url, project)
    if problem is not None:
        raise StdkitError([replace(problem, message=problem.message + "未生成任何文件。")])
    return str(site_url)


__all__ = ["owner_of", "require_site_url", "site_url_problem"]

"""The page-type table (toolkit/site/registry.py): every generated page is in the menu or declared link-only,
and the 马上办 · 零跑动 page lists exactly the items the data says, each linking to its guide."""

from __future__ import annotations

import fnmatch
import re

import yaml

from toolkit.core import urls
from toolkit.core.load import load_project
from toolkit.site import registry, venues


def _context(project) -> registry.Context:
    return registry.Context("https://zw.example.gov.cn/", {}, venues.venues(project), pdf_links=False)


def _hidden(path: str, patterns: list[str]) -> bool:
    slashed = f"/{path}"
    return any(slashed.startswith(p) if p.endswith("/") else fnmatch.fnmatch(slashed, p) for p in patterns)


def test_every_page_is_in_the_menu_or_declared_link_only(small_county):
    project = load_project(small_county)
    ctx = _context(project)
    menu = {path for entry in registry.menu() for path in entry.values()}
    patterns = registry.hidden()
    seen: set[str] = set()
    for page_type in registry.PAGE_TYPES:
        produced = [path for path, _ in page_type.pages(project, ctx) if path.endswith(".md")]
        assert produced, page_type.key
        assert not seen.intersection(produced), f"two page types write {seen.intersection(produced)}"
        seen.update(produced)
        for path in produced:
            assert path in menu or _hidden(path, patterns), (
                f"{page_type.key}: {path} neither in menu nor hidden"
            )
        for _title, path in page_type.menu:  # a menu entry is a page its own type writes
            assert path in produced, (page_type.key, path)


def _rows(markdown: str, heading: str) -> list[tuple[str, str]]:
    section = markdown.split(f"## {heading}", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\| \[([^\]]+)\]\(\.\./items/([a-z0-9-]+)\.md\)", section, flags=re.MULTILINE)


def test_quick_page_lists_on_the_spot_and_no_visit_items(county_copy):
    """Make one item 即办 and one zero-visit in a copy of the generated county; the page follows the data."""
    item_files = sorted((county_copy / "items" / "services").rglob("*.yaml"))
    spot, online = item_files[0], item_files[1]
    for path, changes in ((spot, {"promised_limit": {"minutes": 30}}), (online, {"visits": 0})):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data.update(changes)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    project = load_project(county_copy)
    [(path, page)] = list(
        registry.PAGE_TYPES[[t.key for t in registry.PAGE_TYPES].index("quick")].pages(
            project, _context(project)
        )
    )
    assert path == "guide/quick.md"
    expected_spot = [
        i.id
        for i in project.items.values()
        if i.promised_limit and (i.promised_limit.days == 0 or i.promised_limit.minutes is not None)  # 即办
    ]
    expected_online = [i.id for i in project.items.values() if i.visits == 0]
    assert yaml.safe_load(spot.read_text(encoding="utf-8"))["id"] in expected_spot
    assert yaml.safe_load(online.read_text(encoding="utf-8"))["id"] in expected_online
    assert [iid for _name, iid in _rows(page, "马上办（即办件）")] == expected_spot
    assert [iid for _name, iid in _rows(page, "零跑动（全程网办）")] == expected_online
    assert (
        f"即办件）共 {len(expected_spot)} 项" in page
        and f"网上办理的事项共 {len(expected_online)} 项" in page
    )
    assert "30分钟" in page
    for name, iid in _rows(page, "马上办（即办件）"):
        assert urls.item_md(iid) == f"items/{iid}.md" and name == project.items[iid].name


def test_quick_page_is_built_into_the_site_menu(site_build):
    _county, result = site_build
    html = (result.out / "guide" / "quick" / "index.html").read_text(encoding="utf-8")
    assert "马上办 · 零跑动" in html
    home = (result.out / "index.html").read_text(encoding="utf-8")
    assert 'href="guide/quick/"' in home  # in the menu of every page

"""Every complete guide keeps its QR code on every printed list (issue #24, point 7). The printed lists
(county centre, townships, village stations: posters.poster_html for each venue) leave out the codes
of items whose guide is not complete, so a change that makes complete guides look incomplete (a new
field shown as 待补充 on every page) silently strips the codes from paper. Fast: the site's docs are
generated for a small county (no site engine, no browser, no PDF)."""

from __future__ import annotations

import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

# What this test drives. Issue #24 moves these modules; at the merge only these lines change.
from toolkit.build.docs import Prepared, prepare
from toolkit.core import guide, urls
from toolkit.core.load import load_project
from toolkit.core.project import Project
from toolkit.core.site_settings import user_settings
from toolkit.office import qrcode as qr


def complete(project: Project, item) -> bool:
    """The one definition of "is this guide complete" (toolkit/core/guide.py)."""
    return guide.complete(project, item)


class PrintedLists(HTMLParser):
    """The QR codes a poster prints: one list per station (<section class="site">), else the page; in
    each, the cell's URL (its title) -> the code drawn (the dark modules' path, inline or a <use>d symbol)."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.lists: list[dict[str, str]] = [{}]
        self.symbols: dict[str, str] = {}
        self.sections = 0
        self._cell: str | None = None
        self._symbol: str | None = None
        self.feed(html)
        self.close()
        if self.sections:
            self.lists.pop(0)  # before the first station: the symbol definitions only
        for drawn in self.lists:
            for url, code in drawn.items():
                if code.startswith("#"):
                    drawn[url] = self.symbols.get(code[1:], "missing symbol " + code)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        classes = a.get("class", "").split()
        if tag == "section" and "site" in classes:
            self.sections += 1
            self.lists.append({})
        elif tag == "div" and "cell" in classes:
            self._cell = a["title"]
        elif tag == "symbol":
            self._symbol = a["id"]
        elif tag == "path" and a.get("stroke"):
            if self._symbol is not None:
                self.symbols[self._symbol] = a["d"]
            elif self._cell is not None:
                self.lists[-1][self._cell] = a["d"]
        elif tag == "use" and self._cell is not None:
            self.lists[-1][self._cell] = a["href"]

    def handle_endtag(self, tag: str) -> None:
        if tag == "div":
            self._cell = None
        elif tag == "symbol":
            self._symbol = None


def _code_of(url: str) -> str:
    """The dark modules of the QR code for `url`, made here (not taken from the build's cache)."""
    parsed = PrintedLists(f'<div class="cell" title="{url}">{qr.svg_bytes(url).decode()}</div>')
    return parsed.lists[0][url]


def _prepare(county: Path, cache: Path) -> tuple[Project, Prepared]:
    project = load_project(county)
    return project, prepare(
        project, user_settings(project.folder), cache, pdf_links=False, with_sections=False
    )


def _check_lists(project: Project, prepared: Prepared) -> dict[str, int]:
    """Every venue's printed lists carry exactly the codes of its complete items, each encoding the item's
    own short URL; returns how many lists each item's code is printed on."""
    printed: dict[str, int] = {}
    for venue in prepared.venues:
        lists = PrintedLists(prepared.posters[venue.id]).lists
        assert len(lists) == max(1, len(venue.sites)), venue.id
        shown = {
            i: urls.short_url(prepared.site_url, i)
            for i in venue.item_ids
            if complete(project, project.items[i])
        }
        expected = {url: _code_of(url) for url in shown.values()}
        for drawn in lists:
            missing = [i for i, url in shown.items() if drawn.get(url) != expected[url]]
            assert drawn == expected, f"{venue.id}: codes missing or wrong on its printed list: {missing[:5]}"
        for i in shown:
            printed[i] = printed.get(i, 0) + len(lists)
    return printed


@pytest.fixture(scope="module")
def complete_county(small_county, tmp_path_factory):
    return _prepare(small_county, tmp_path_factory.mktemp("printed-cache"))


def test_every_complete_guide_has_its_code_on_every_list(complete_county):
    project, prepared = complete_county
    assert all(
        complete(project, i) for i in project.items.values()
    )  # the generated county: every guide complete
    printed = _check_lists(project, prepared)
    on_lists = {i for v in prepared.venues for i in v.item_ids}
    assert set(printed) == on_lists and len(on_lists) == len(project.items)
    assert prepared.incomplete == set()
    levels = {v.level for v in prepared.venues}
    assert levels == {"县级", "乡镇", "村"}, levels


def _strip_materials(county: Path, item_id: str) -> None:
    for path in county.glob("items/services/*/*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if data.get("id") == item_id:
            del data["materials"]
            data["reform"].pop("materials", None)
            path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
            return
    raise AssertionError(f"no file for {item_id}")


def test_an_incomplete_guide_loses_its_code_and_only_it(complete_county, small_county, tmp_path):
    project, prepared = complete_county
    gone = min(project.village_items)  # printed on the county's, townships' and stations' lists
    county = tmp_path / "county"
    shutil.copytree(small_county, county)
    _strip_materials(county, gone)
    changed, after = _prepare(county, tmp_path / "cache")
    assert not complete(changed, changed.items[gone])
    before = _check_lists(project, prepared)
    now = _check_lists(changed, after)
    assert gone not in now and before[gone] > 10
    assert now == {i: n for i, n in before.items() if i != gone}
    name = changed.items[gone].name
    for venue in after.venues:
        if gone in venue.item_ids:  # listed by name, without a code
            assert f"<li>{name}</li>" in after.posters[venue.id].split("办事指南完善中的事项")[-1], venue.id

"""`stdkit serve`'s fast path (toolkit/build/live.py): after real saves of item files, the served site equals a
full `stdkit serve` build of the same sources byte for byte; the edited item's page is written and shown
before the lists that mention it; a bad save is reported (file, line, field, Chinese) and the pages stay;
other sources take the full way."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from buildrun import county_for_build, tree_hashes
from test_incremental import EDITS, _sub

from toolkit.build.live import Live
from toolkit.core import urls
from toolkit.core.errors import StdkitError
from toolkit.site.mkdocs_config import source_date_epoch

pytestmark = pytest.mark.slow  # real builds

ADDR = "127.0.0.1:8123"
ITEM_EDITS = [k for k in EDITS if k.startswith("item-")]  # name, material, flow step, flow step undone


@pytest.fixture(scope="module")
def live(small_county, tmp_path_factory):
    """A preview of the generated county with the standard's sources, built once the full way."""
    root = county_for_build(small_county, tmp_path_factory.mktemp("serve-fast") / "county")
    with source_date_epoch():
        preview = Live(root, ADDR)
        assert preview.full().mode == "full"
        yield preview


def _site(preview: Live) -> dict[str, str]:
    return tree_hashes(preview.cache_dir / "html")


def _full_build_of(root: Path, dst: Path) -> dict[str, str]:
    """What a fresh `stdkit serve` of a copy of the same sources serves (another cache folder)."""
    shutil.copytree(root, dst)
    again = Live(dst, ADDR)
    assert again.full(full=True).mode == "full"
    return _site(again)


def test_lists_follow_when_no_save_is_waiting_and_saves_have_paused(live):
    item_html = live.cache_dir / "html" / urls.item_dir("bdc-0001") / "index.html"
    dept_md = live.docs / "departments" / "bdc.md"
    with source_date_epoch():
        _sub(live.root / EDITS["item-name"][0], r"^(name: .+)$", r"\1（等待）")
        report = live.save(lambda reload: None, pending=lambda: True)  # another save is waiting
        assert report == "事项页 1 个，其余网页稍后更新"
        assert "（等待）" in item_html.read_text("utf-8") and "（等待）" not in dept_md.read_text("utf-8")
        live.quiet = 60  # saves in quick succession: the lists wait until they pause
        _sub(live.root / EDITS["item-name"][0], r"（等待）", "（再等）")
        assert live.save(lambda reload: None) == "事项页 1 个，其余网页稍后更新"
        assert live.save(lambda reload: None) is None and 0 < live.lists_due() <= 60
        assert "（再等）" in item_html.read_text("utf-8") and "（等待）" not in dept_md.read_text("utf-8")
        live.quiet = 0
        report = live.save(lambda reload: None)  # no file changed, yet the lists catch up
        assert report is not None and report.startswith("其余网页") and live.lists_due() is None
        assert "（再等）" in dept_md.read_text("utf-8")
        assert live.save(lambda reload: None) is None


def test_saved_items_show_first_and_the_site_equals_a_full_build(live, tmp_path):
    item_html = live.cache_dir / "html" / urls.item_dir("bdc-0001") / "index.html"
    dept_md = live.docs / "departments" / "bdc.md"
    with source_date_epoch():
        for kind in ITEM_EDITS:
            path, pattern, repl, _ = EDITS[kind]
            _sub(live.root / path, pattern, repl)
            shown: list[tuple[str, str]] = []

            def show(reload: bool, shown=shown) -> None:
                shown.append((item_html.read_text("utf-8"), dept_md.read_text("utf-8")))

            report = live.save(show)
            assert report is not None and report.startswith("事项页 1 个，其余网页"), (kind, report)
            assert shown, kind
            if kind == "item-name":  # the item's own page is shown before its department's list changes
                first_page, first_list = shown[0]
                assert "（抵押权首次登记）" in first_page and "（抵押权首次登记）" not in first_list
                assert "（抵押权首次登记）" in dept_md.read_text("utf-8")
        assert live.save(lambda reload: None) is None  # nothing changed since
        fast = _site(live)
        full = _full_build_of(live.root, tmp_path / "again")
    assert fast == full


def test_a_bad_save_is_reported_and_the_pages_stay(live):
    before = _site(live)
    path = live.root / EDITS["item-name"][0]
    good = path.read_text(encoding="utf-8")
    bad = re.sub(r"^visits: .+$", "visits: 很多次", good, count=1, flags=re.MULTILINE)
    line = bad.splitlines().index("visits: 很多次") + 1
    path.write_text(bad, encoding="utf-8")
    with source_date_epoch():
        with pytest.raises(StdkitError) as err:
            live.save(lambda reload: reload and pytest.fail("nothing may be shown"))
        (problem,) = err.value.problems
        assert (problem.file, problem.line, problem.path) == (EDITS["item-name"][0], line, "visits")
        assert re.search(r"[\u4e00-\u9fff]", problem.message)
        assert _site(live) == before
        path.write_text(good.replace("visits: 1", "visits: 0", 1), encoding="utf-8")  # now no visit at all
        assert live.save(lambda reload: None).startswith("事项页")
    assert "bdc-0001" in (live.docs / "guide" / "quick.md").read_text("utf-8")  # 零跑动 lists it now


def test_other_sources_take_the_full_way(live):
    _sub(live.root / EDITS["department"][0], EDITS["department"][1], EDITS["department"][2])
    with source_date_epoch():
        report = live.save(lambda reload: None)
        assert report is not None and "完整" in report
        _sub(live.root / EDITS["item-name"][0], r"^(name: .+)$", r"\1（再改）")
        assert live.save(lambda reload: None).startswith("事项页")  # the full way renewed what is kept


def test_a_restarted_preview_keeps_what_its_incremental_build_left(live, tmp_path):
    """`stdkit serve` started again on a warm cache: mkdocs renders only changed pages, and the objects
    kept from that build serve the fast path just as well."""
    with source_date_epoch():
        again = Live(live.root, ADDR)
        assert again.full().mode == "incremental"
        _sub(live.root / EDITS["item-material"][0], r"^(materials:\n- name: )(.+)$", r"\1\2（复印件）")
        assert again.save(lambda reload: None).startswith("事项页 1 个，其余网页")
        assert _site(again) == _full_build_of(live.root, tmp_path / "again")

"""The paperwork's files after an edit (without LibreOffice): a file whose bytes do not change is not written
again (it keeps its modification time, so the site engine sees it unchanged), a file no longer produced
is removed, and the folders are byte for byte what a build from empty caches writes."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from toolkit.build import paperwork
from toolkit.core.load import load_project
from toolkit.paperwork import Documents

SITE = "https://zw.example.gov.cn/"
WHEN = dt.datetime(2024, 1, 1)
FOLDERS = ("paperwork", "staff")
# each test builds the paperwork several times: 16-22 CPU seconds each, over the fast subset's budget
pytestmark = pytest.mark.slow
ITEM = "scjgj-0001"  # in the 开店一件事 bundle of the generated county


def _state(docs: Path) -> dict[str, tuple[bytes, int]]:
    """Every file of the paperwork's folders: its bytes and modification time."""
    return {
        p.relative_to(docs).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for folder in FOLDERS
        for p in (docs / folder).rglob("*")
        if p.is_file()
    }


def _folders(docs: Path) -> set[str]:
    return {p.relative_to(docs).as_posix() for f in FOLDERS for p in (docs / f).rglob("*") if p.is_dir()}


def _build(county: Path, docs: Path, cache: Path, **kw) -> dict:
    return paperwork.build(load_project(county), docs, SITE, cache, pdf=False, when=WHEN, **kw)


def _assert_as_from_empty_caches(county: Path, docs: Path, tmp_path: Path, result: dict) -> None:
    fresh = _build(county, tmp_path / "fresh", tmp_path / "cache-fresh")
    ours, theirs = _state(docs), _state(tmp_path / "fresh")
    assert sorted(ours) == sorted(theirs)
    assert [rel for rel in ours if ours[rel][0] != theirs[rel][0]] == []
    assert _folders(docs) == _folders(tmp_path / "fresh")  # no folder left empty
    assert {k: v for k, v in result.items() if k != "timings"} == {
        k: v for k, v in fresh.items() if k != "timings"
    }


def _window(county: Path) -> dict[str, str]:
    """The window documents' Word files (toolkit/paperwork/window_files.py) and their keys."""
    return {f.rel: f.key for f in Documents(load_project(county), SITE, WHEN).window_files()}


def _rename(county: Path, item_id: str, new_name: str) -> None:
    path = next(county.glob(f"items/services/*/{item_id}.yaml"))
    old = load_project(county).items[item_id].name
    path.write_text(
        path.read_text(encoding="utf-8").replace(f"name: {old}\n", f"name: {new_name}\n", 1), encoding="utf-8"
    )


def test_an_edit_writes_only_the_files_whose_bytes_change(small_county, tmp_path):
    county, docs, cache = tmp_path / "county", tmp_path / "docs", tmp_path / "cache"
    shutil.copytree(small_county, county)
    _build(county, docs, cache)
    before, window_before = _state(docs), _window(county)
    _rename(county, ITEM, "开办个体工商户（改）")
    project = load_project(county)
    result = _build(county, docs, cache)
    after = _state(docs)
    assert sorted(after) == sorted(before)
    changed = {rel for rel in after if after[rel][0] != before[rel][0]}
    bundles = [b.id for b in project.bundles.values() if ITEM in (*b.required, *b.optional)]
    assert bundles
    words = {"paperwork/handbook.docx", f"paperwork/notices/items/{ITEM}.docx"}
    words |= {f"paperwork/forms/{b}.docx" for b in bundles}  # the bundle's form names the item
    words |= {f"paperwork/notices/bundles/{b}.docx" for b in bundles}  # and so does its notice
    if project.items[ITEM].form_fields:
        words.add(f"paperwork/forms/items/{ITEM}.docx")
    # the window documents that read the item: its department's and its bundles'
    words |= {f"paperwork/{rel}" for rel, key in _window(county).items() if window_before.get(rel) != key}
    assert {rel for rel in changed if rel.startswith("paperwork/")} == words
    assert {"staff/scjgj.md", "staff/pinyin.md"} <= changed
    rewritten = {rel for rel in after if after[rel][1] != before[rel][1]}
    assert rewritten == changed  # the others keep their modification time: not written again
    _assert_as_from_empty_caches(county, docs, tmp_path, result)

    # `stdkit build --full` writes every file again, with the same bytes
    full = _build(county, docs, cache, full=True)
    again = _state(docs)
    assert all(again[rel][1] != after[rel][1] for rel in again if rel.startswith("paperwork/"))
    assert {rel: v[0] for rel, v in again.items()} == {rel: v[0] for rel, v in after.items()}
    assert full["files"] == result["files"]


def test_nothing_stale_survives_a_deleted_item_a_renamed_department_or_a_moved_item(small_county, tmp_path):
    county, docs, cache = tmp_path / "county", tmp_path / "docs", tmp_path / "cache"
    shutil.copytree(small_county, county)
    first, window_first = _build(county, docs, cache), _window(county)
    project = load_project(county)
    in_use = {i for b in project.bundles.values() for i in (*b.required, *b.optional)}
    in_use |= {i for c in project.lifecycle.catalogues for s in c.stages for e in s.entries for i in e.items}
    gone = next(i for i in project.items.values() if i.form_fields and i.id not in in_use)
    next(county.glob(f"items/services/*/{gone.id}.yaml")).unlink()
    # the 档案馆 becomes `dangan`, and takes over one item of the 城管局
    deps = county / "items" / "departments.yaml"
    deps.write_text(deps.read_text(encoding="utf-8").replace("- code: dag\n", "- code: dangan\n"), "utf-8")
    for path in county.glob("items/services/*/*.yaml"):
        text = path.read_text(encoding="utf-8")
        if "\ndepartment: dag\n" in text or path.stem == "cgj-0001":
            path.write_text(
                text.replace("\ndepartment: dag\n", "\ndepartment: dangan\n").replace(
                    "\ndepartment: cgj\n", "\ndepartment: dangan\n"
                ),
                encoding="utf-8",
            )
    assert load_project(county).items["cgj-0001"].department == "dangan"

    result = _build(county, docs, cache)
    files = set(_state(docs))
    assert f"paperwork/notices/items/{gone.id}.docx" not in files
    assert f"paperwork/forms/items/{gone.id}.docx" not in files
    assert "staff/dag.md" not in files and "staff/dangan.md" in files
    assert set(first["files"]) - set(result["files"]) == {
        f"paperwork/notices/items/{gone.id}.docx",
        f"paperwork/forms/items/{gone.id}.docx",
        *(f"paperwork/{rel}" for rel in set(window_first) - set(_window(county))),  # the 档案馆's
    }
    _assert_as_from_empty_caches(county, docs, tmp_path, result)


def test_a_changed_lost_or_left_over_file_in_the_docs_is_put_right(small_county, tmp_path):
    """Files are trusted only as the last build left them (size and modification time) and are compared
    otherwise; the record of the last build is no help once it is damaged."""
    county, docs, cache = tmp_path / "county", tmp_path / "docs", tmp_path / "cache"
    shutil.copytree(small_county, county)
    _build(county, docs, cache)
    notice = docs / "paperwork" / "notices" / "items" / f"{ITEM}.docx"
    form = docs / "paperwork" / "forms" / "kai-dian.docx"
    good_form = form.read_bytes()
    notice.write_bytes(b"edited by hand")
    form.unlink()
    left = docs / "paperwork" / "notices" / "items" / ".zwj-0001.docx.tmp-99999999"  # a killed write
    left.write_bytes(b"half")
    stray = docs / "staff" / "old.md"
    stray.write_text("# 旧页面\n", encoding="utf-8")
    (docs / "paperwork" / "notices" / "old").mkdir()  # a folder of a former build
    _rename(county, "zwj-0001", "另一个名称")
    result = _build(county, docs, cache)
    assert form.read_bytes() == good_form
    assert not left.exists() and not stray.exists()
    assert not (docs / "paperwork" / "notices" / "old").exists()
    _assert_as_from_empty_caches(county, docs, tmp_path, result)

    for name in (cache / "paperwork").iterdir():
        if name.name == paperwork.RECORD:
            name.write_text("{not json", encoding="utf-8")
    notice.write_bytes(b"edited again")
    _rename(county, "zwj-0001", "第三个名称")
    result = _build(county, docs, cache)
    shutil.rmtree(tmp_path / "fresh")
    shutil.rmtree(tmp_path / "cache-fresh")
    _assert_as_from_empty_caches(county, docs, tmp_path, result)

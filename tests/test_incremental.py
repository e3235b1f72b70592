"""Incremental builds (toolkit/site/incremental.py): after editing each kind of source, the rebuild renders
only some pages, yet its output equals a full build of the same sources byte for byte, and the previous
output is never written into (its files are shared with the site kept in the cache)."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from buildrun import county_for_build, tree_hashes
from test_reproducible import _explain

from toolkit.build import build
from toolkit.site import uptodate

pytestmark = pytest.mark.slow  # real builds


def _sub(path: Path, pattern: str, repl: str) -> None:
    text = path.read_text(encoding="utf-8")
    new, n = re.subn(pattern, repl, text, count=1, flags=re.MULTILINE)
    assert n == 1 and new != text, f"{path.name}: {pattern} not found"
    path.write_text(new, encoding="utf-8")


ITEM = "items/services/bdc/bdc-0001.yaml"
OVERRIDE = "flow_overrides:\n  accept:\n    name: 窗口收件并核验身份\n"
END = r"\Z"  # appends
# kind of source -> (file, pattern, replacement, how the rebuild goes); no file: the toolkit itself changed
EDITS = {
    "item-name": (ITEM, r"^(name: .+)$", r"\1（抵押权首次登记）", "incremental"),
    "item-material": (ITEM, r"^(materials:\n- name: )(.+)$", r"\1\2（原件）", "incremental"),
    "item-flow-step": (ITEM, END, OVERRIDE, "incremental"),
    "item-flow-step-undone": (ITEM, re.escape(OVERRIDE), "", "incremental"),
    "flow-template": (
        "flowcharts/tpl-instant.yaml",
        r"^(- id: \w+\n  name: )(.+)$",
        r"\1\2并登记",
        "incremental",
    ),
    "department": ("items/departments.yaml", r"^(  short_name: )(.+)$", r"\1\2窗口", "incremental"),
    "bundle": ("items/bundles/chu-sheng.yaml", r"^(summary: )(.+)$", r"\1新生儿\2", "incremental"),
    "township": ("items/network/townships.yaml", r"^(  address: )(.+)$", r"\1\2广润路8号", "incremental"),
    "station": ("items/network/villages.yaml", r"^(  name: )(.+)$", r"\1新\2", "incremental"),
    "standard-clause": (
        "standard/09-one-window.md",
        "受理时核验申请人身份",
        "受理时当场核验申请人身份",
        "incremental",
    ),
    "mkdocs-yml": ("mkdocs.yml", END, "copyright: 建始县\n", "full"),
    "toolkit-version": (None, "", "", "full"),
}


@pytest.fixture(scope="module")
def county(small_county, tmp_path_factory) -> tuple[Path, Path]:
    """One county, built once; each test edits it further and rebuilds into the same output."""
    root = county_for_build(small_county, tmp_path_factory.mktemp("incremental") / "county")
    out = root.parent / "out"
    first = build(root, out, pdf=False)
    assert first.site is not None and first.site.mode == "full"
    return root, out


def _linked_copy(src: Path, dst: Path) -> None:
    shutil.copytree(src, dst, copy_function=os.link)


@pytest.mark.parametrize("kind", list(EDITS))
def test_incremental_rebuild_equals_a_full_build(county, kind, tmp_path, monkeypatch):
    root, out = county
    file, pattern, replacement, expected = EDITS[kind]
    if file is None:  # the toolkit itself changed: its code fingerprint differs
        digest = uptodate.toolkit_digest()
        monkeypatch.setattr(uptodate, "toolkit_digest", lambda: digest + b"new version")
    else:
        undo_of = kind.removesuffix("-undone") if kind.endswith("-undone") else None
        if undo_of and not re.search(pattern, (root / file).read_text(encoding="utf-8"), re.MULTILINE):
            _sub(root / file, *EDITS[undo_of][1:3])  # run on its own (e.g. pytest -k, -n 2): do, then undo
            build(root, out, pdf=False)
        _sub(root / file, pattern, replacement)
    _linked_copy(out, tmp_path / "previous")
    before = tree_hashes(tmp_path / "previous")

    again = build(root, out, pdf=False)
    full = build(root, tmp_path / "full", pdf=False, full=True)

    a, b = tree_hashes(out), tree_hashes(tmp_path / "full")
    assert a == b, _explain(out, tmp_path / "full", a, b)
    assert file is None or a != before, "the edit changed nothing in the output"
    assert tree_hashes(tmp_path / "previous") == before, "the previous output was written into"
    assert again.site is not None and full.site is not None and full.site.mode == "full"
    assert again.site.mode == expected, again.site
    if expected == "incremental":
        assert 0 < again.site.rendered < full.site.rendered / 3, (again.site, full.site)
    print(f"{kind}: {again.site}, site {again.timings['site']:.2f} s, total {again.timings['total']:.2f} s")


def test_a_fresh_build_elsewhere_equals_the_incremental_output(county, tmp_path):
    """Built from scratch (another folder: its own empty caches), the edited sources give the same tree."""
    root, out = county
    fresh = tmp_path / "elsewhere" / "county"
    shutil.copytree(root, fresh)
    build(fresh, tmp_path / "out", pdf=False)
    a, b = tree_hashes(out), tree_hashes(tmp_path / "out")
    assert a == b, _explain(out, tmp_path / "out", a, b)


def test_full_option_renders_every_page(county, tmp_path):
    root, out = county
    result = build(root, out, pdf=False, full=True)
    assert not result.skipped and result.site is not None and result.site.mode == "full"
    assert result.site.rendered == result.manifest["pages_total"]

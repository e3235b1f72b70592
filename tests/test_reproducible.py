"""Reproducible builds: the same sources give byte-identical outputs (site, DOCX, XLSX, JSON …), whatever the
folder they sit in, the output path, the working directory, the hash seed or the time of day."""

from __future__ import annotations

import difflib

import pytest
from buildrun import county_for_build, run_build, tree_hashes

pytestmark = pytest.mark.slow  # full builds

TEXT_SUFFIXES = (".html", ".json", ".md", ".yml", ".yaml", ".svg", ".xml", ".txt", ".css", ".js", ".csv")


def _explain(a_root, b_root, a: dict, b: dict) -> str:
    only_a, only_b = sorted(set(a) - set(b)), sorted(set(b) - set(a))
    changed = sorted(k for k in set(a) & set(b) if a[k] != b[k])
    lines = [
        f"only in first: {only_a[:10]}",
        f"only in second: {only_b[:10]}",
        f"differ ({len(changed)}): {changed[:10]}",
    ]
    for rel in changed:
        if rel.endswith(TEXT_SUFFIXES):
            x = (a_root / rel).read_text(encoding="utf-8", errors="replace").splitlines()
            y = (b_root / rel).read_text(encoding="utf-8", errors="replace").splitlines()
            lines += list(difflib.unified_diff(x, y, rel, rel, lineterm="", n=1))[:30]
            break
    return "\n".join(lines)


def test_two_builds_are_byte_identical(small_county, tmp_path):
    # The same sources at two different places, built into differently named folders from different cwds.
    src_a, src_b = tmp_path / "a" / "county", tmp_path / "elsewhere" / "jianshi-copy"
    for dst in (src_a, src_b):
        county_for_build(small_county, dst)
    out_a, out_b = tmp_path / "a" / "out", tmp_path / "b" / "public-site"
    run_build(
        src_a, out_a, env={"PYTHONHASHSEED": "1", "SOURCE_DATE_EPOCH": "1767225600"}, cwd=tmp_path / "a"
    )
    run_build(
        src_b,
        out_b,
        env={"PYTHONHASHSEED": "2", "SOURCE_DATE_EPOCH": "1767225600", "TZ": "Asia/Shanghai"},
        cwd=tmp_path,
    )
    a, b = tree_hashes(out_a), tree_hashes(out_b)
    suffixes = {rel.rsplit(".", 1)[-1] for rel in a if "." in rel}
    assert {"html", "json"} <= suffixes, f"the build wrote too little to compare: {sorted(suffixes)}"
    assert len(a) > 60
    assert a == b, _explain(out_a, out_b, a, b)
    # No absolute path of the sources or the output leaks into any text output.
    for rel in a:
        if rel.endswith(TEXT_SUFFIXES):
            text = (out_b / rel).read_text(encoding="utf-8", errors="replace")
            assert str(src_b) not in text and str(out_b) not in text, rel


def test_rebuild_in_place_gives_the_same_tree(small_county, tmp_path):
    """A no-change rebuild into the same folder (incremental path, warm caches) equals the first build."""
    src = county_for_build(small_county, tmp_path / "county")
    out = tmp_path / "out"
    env = {"SOURCE_DATE_EPOCH": "1767225600"}
    run_build(src, out, "--no-pdf", env=env)
    first = tree_hashes(out)
    run_build(src, out, "--no-pdf", env=env)
    assert tree_hashes(out) == first

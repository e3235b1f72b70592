"""One command, one workspace: `stdkit build` reads each county file from disk once (the fingerprint, the
loader, lint, the standard's downloads, the conformance pages and the ledger share the bytes) and parses
the standard once. Counted with an audit hook on every file the process opens, so a module that opens a
county file by its path is caught wherever it sits."""

from __future__ import annotations

import dataclasses
import os
import shutil
import sys
from collections import Counter
from pathlib import Path

import pytest

from toolkit.build import build
from toolkit.core.folder import Folder
from toolkit.core.settings import Settings, use
from toolkit.core.workspace import Workspace
from toolkit.standard import load as standard_load

ROOT = Path(__file__).resolve().parent.parent
_WATCH: dict[str, Counter] = {}  # folder (real path) -> opens of files under it, while a test watches


def _audit(event: str, args: tuple) -> None:
    if event != "open" or not _WATCH:
        return
    path, mode, flags = args
    if not isinstance(path, str | bytes) or (isinstance(path, int)):
        return
    name = os.fsdecode(path)
    writing = (mode and any(c in str(mode) for c in "wax+")) or (flags or 0) & (os.O_WRONLY | os.O_RDWR)
    if writing:
        return
    real = os.path.realpath(name)
    for folder, counts in _WATCH.items():
        if real.startswith(folder + os.sep):
            counts[os.path.relpath(real, folder)] += 1


sys.addaudithook(_audit)  # audit hooks cannot be removed: it does nothing unless a test watches


@pytest.fixture
def county(small_county, tmp_path) -> Path:
    """A generated county with the standard's sources and a QR ledger: every kind of file a build reads."""
    dst = tmp_path / "county"
    shutil.copytree(small_county, dst)
    shutil.copytree(ROOT / "standard", dst / "standard")
    return dst


def watched(folder: Path) -> Counter:
    counts: Counter = Counter()
    _WATCH[os.path.realpath(folder)] = counts
    return counts


@pytest.mark.slow
def test_a_build_reads_each_county_file_once_and_parses_the_standard_once(county, tmp_path, monkeypatch):
    parses = []
    real_parse = standard_load.parse_standard
    monkeypatch.setattr(
        standard_load, "parse_standard", lambda *a, **k: parses.append(1) or real_parse(*a, **k)
    )
    opens = watched(county)
    try:
        with use(dataclasses.replace(Settings.from_env(), pdf=False)):
            build(county, tmp_path / "out", pdf=False)
    finally:
        _WATCH.clear()
    sources = {p.relative_to(county).as_posix() for p in county.rglob("*") if p.is_file()}
    read = {rel for rel in opens if rel in sources}
    assert {"items/county.yaml", "standard/metadata.yaml", "standard/requirements.yaml", "mkdocs.yml"} <= read
    assert any(rel.startswith("standard/") and rel.endswith(".md") for rel in read)
    assert {rel: n for rel, n in opens.items() if n > 1} == {}, "a county file was opened more than once"
    assert len(parses) == 1, "the standard was parsed more than once"


def test_a_folder_reads_a_file_from_disk_once_and_remembers_a_refusal(county):
    folder = Folder(county)
    opens = watched(county)
    try:
        first = folder.read("items/county.yaml")
        assert folder.read("items/county.yaml") is first
        assert folder.text("items/county.yaml") == first.decode("utf-8-sig")
        (county / "items/fifo.yaml").unlink(missing_ok=True)
        os.mkfifo(county / "items/fifo.yaml")
        for _ in range(2):
            with pytest.raises(Exception, match="普通文件|管道"):
                folder.read("items/fifo.yaml")
    finally:
        _WATCH.clear()
    assert opens["items/county.yaml"] == 1 and folder.reads["items/county.yaml"] == 1
    assert opens["items/fifo.yaml"] <= 1  # refused by its type: never opened twice, never read


def test_a_workspace_loads_its_project_once_from_its_folder(county):
    ws = Workspace.open(county)
    project = ws.load()
    assert ws.load() is project and project.folder is ws.folder
    assert ws.identity == project.county
    assert ws.settings["site_url"] and ws.settings is not ws.settings  # a copy each time, read once
    assert ws.folder.reads["mkdocs.yml"] == 1

"""The parse cache (toolkit/core/cache.py): a no-change reload parses nothing, an edit re-parses only the edited
file, corrupt or planted entries are ignored (never unpickled), and a failing load writes no cache."""

from __future__ import annotations

import os
import pickle
import shutil
from pathlib import Path

import pytest

import toolkit.core.load as load_mod
from toolkit.core.cachedir import project_cache
from toolkit.core.errors import StdkitError
from toolkit.core.load import load_project


@pytest.fixture
def county(county_copy) -> Path:
    """A fresh copy without any cache (the shared fixture may have been loaded, and cached, by other tests)."""
    shutil.rmtree(project_cache(county_copy, "parse"), ignore_errors=True)
    return county_copy


@pytest.fixture
def parse_calls(monkeypatch) -> list[str]:
    calls: list[str] = []
    real = load_mod.parse_quick  # the path every file takes (positions are read later, only when needed)

    def spy(text, rel):
        calls.append(rel)
        return real(text, rel)

    monkeypatch.setattr(load_mod, "parse_quick", spy)
    monkeypatch.delenv("STDKIT_CACHE", raising=False)
    return calls


def _entries(county: Path) -> list[Path]:
    return sorted(p for p in project_cache(county, "parse").rglob("*") if p.is_file())


def test_no_change_reload_parses_nothing(county, parse_calls):
    first = load_project(county)
    n_files = len(parse_calls)
    assert n_files > 60 and len(_entries(county)) == n_files
    parse_calls.clear()
    second = load_project(county)
    assert parse_calls == []
    assert second.items == first.items and second.flows == first.flows and second.villages == first.villages
    item = next(iter(second.items))
    assert second.source("item", item).at("name") == first.source("item", item).at("name")


def test_edit_reparses_only_that_file_and_prunes(county, parse_calls):
    load_project(county)
    path = county / "items/services/scjgj/scjgj-0001.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("name: ", "name: 新", 1), encoding="utf-8")
    before = len(_entries(county))
    parse_calls.clear()
    project = load_project(county)
    assert parse_calls == ["items/services/scjgj/scjgj-0001.yaml"]
    assert project.items["scjgj-0001"].name.startswith("新")
    assert len(_entries(county)) == before  # the stale entry is pruned


def test_corrupt_and_planted_entries_are_ignored(county, parse_calls, tmp_path):
    load_project(county)
    entries = _entries(county)
    marker = tmp_path / "planted-ran"

    class Evil:
        def __reduce__(self):
            return (os.system, (f"touch {marker}",))

    entries[0].write_bytes(b"\x00" * 10)  # truncated
    entries[1].write_bytes(os.urandom(400))  # junk
    entries[2].write_bytes(b"\x11" * 32 + pickle.dumps(Evil()))  # planted, wrong signature
    parse_calls.clear()
    project = load_project(county)
    assert len(parse_calls) == 3
    assert not marker.exists()
    assert len(project.items) == 60


def test_failing_load_writes_no_cache(county, parse_calls):
    (county / "items/services/scjgj/scjgj-0001.yaml").write_text("id: [\n", encoding="utf-8")
    with pytest.raises(StdkitError):
        load_project(county)
    assert not project_cache(county, "parse").exists()
    assert not (county / ".stdkit-cache").exists()


def test_cache_can_be_turned_off(county, parse_calls, monkeypatch):
    monkeypatch.setenv("STDKIT_CACHE", "0")
    load_project(county)
    load_project(county)
    assert not project_cache(county, "parse").exists()
    assert len(parse_calls) == 2 * len(set(parse_calls))

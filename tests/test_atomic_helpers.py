"""The one atomic-write / staged-folder helper (toolkit/atomic.py) and the one cache base class
(cachedir.ContentCache) every writer and cache uses: all-or-none, no temporary file left, stale staging
folders of dead processes removed, unused cache entries pruned."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from toolkit import atomic
from toolkit.cache import ParseCache
from toolkit.cachedir import ContentCache, digest
from toolkit.site.store import ArtefactCache


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_write_atomic_replaces_whole_and_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "a" / "b.txt"
    atomic.write_atomic(target, b"one")
    atomic.write_atomic(target, b"two")
    assert _tree(tmp_path) == {"a/b.txt": b"two"}
    with pytest.raises(IsADirectoryError):
        atomic.write_atomic(tmp_path / "a", b"x")  # a folder cannot be replaced by a file
    assert _tree(tmp_path) == {"a/b.txt": b"two"}


def test_write_all_writes_every_file_or_none(tmp_path):
    (tmp_path / "keep.txt").write_bytes(b"old")
    with pytest.raises(OSError):  # the last file cannot be written: its folder would be a file
        atomic.write_all(tmp_path, {"keep.txt": b"new", "x/y.txt": b"y", "keep.txt/z.txt": b"z"})
    assert _tree(tmp_path) == {"keep.txt": b"old"}
    written = atomic.write_all(tmp_path, {"keep.txt": b"new", "x/y.txt": b"y"})
    assert written == [tmp_path / "keep.txt", tmp_path / "x/y.txt"]
    assert _tree(tmp_path) == {"keep.txt": b"new", "x/y.txt": b"y"}


def test_staged_dir_swaps_in_on_success_and_keeps_the_old_folder_on_failure(tmp_path):
    out = tmp_path / "site"
    out.mkdir()
    (out / "old.html").write_bytes(b"old")
    with pytest.raises(RuntimeError), atomic.staged_dir(out) as staging:
        staging.mkdir()
        (staging / "new.html").write_bytes(b"new")
        raise RuntimeError("build failed")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"] and _tree(out) == {"old.html": b"old"}
    with atomic.staged_dir(out) as staging:
        staging.mkdir()
        (staging / "new.html").write_bytes(b"new")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"] and _tree(out) == {"new.html": b"new"}


def test_remove_stale_clears_folders_of_dead_processes_only(tmp_path):
    out = tmp_path / "site"
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], check=True, capture_output=True, text=True
    )
    stale, live = tmp_path / f".site.tmp-{int(dead.stdout)}", tmp_path / f".site.tmp-{os.getpid()}"
    for folder in (stale, live):
        folder.mkdir()
    atomic.remove_stale(out)
    assert not stale.exists() and live.is_dir()


@pytest.mark.parametrize(
    "make", [lambda d: ArtefactCache(d, "svg"), lambda d: ContentCache(d / "svg", fanout=True)]
)
def test_content_cache_counts_and_prunes_what_a_run_did_not_use(tmp_path, make):
    first = make(tmp_path)
    keys = [first.key("qr-svg-v1", str(n)) for n in range(3)]
    assert keys[0] == digest("qr-svg-v1", "0") and first.get(keys[0]) is None
    for k in keys:
        first.put(k, k.encode())
    second = make(tmp_path)
    temp = second.path(keys[0]).with_name(".x.tmp-1")
    temp.write_bytes(b"another process is writing")
    assert second.get(keys[0]) == keys[0].encode() and (second.hits, second.misses) == (1, 0)
    second.prune()
    assert [p for p in (second.path(k) for k in keys) if p.exists()] == [second.path(keys[0])]
    assert temp.exists()


def test_parse_cache_is_a_content_cache_of_signed_entries(tmp_path, monkeypatch):
    monkeypatch.setenv("STDKIT_CACHE_DIR", str(tmp_path / "cache"))
    cache = ParseCache(tmp_path / "county", b"k" * 32)
    key = cache.key("item", b"id: a\n")
    assert key != digest("item", b"id: a\n")  # the code that reads the file is part of the key
    cache.stage(key, {"id": "a"}, {("id",): (1, 1)})
    cache.commit()
    assert cache.path(key).parent.name == key[:2]
    again = ParseCache(tmp_path / "county", b"k" * 32)
    assert again.lookup(key) == ({"id": "a"}, {("id",): (1, 1)})
    assert ParseCache(tmp_path / "county", b"x" * 32).lookup(key) is None  # another user's key: a miss

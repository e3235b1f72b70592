"""The one atomic-write / staged-folder helper (toolkit/core/atomic.py) and the one cache base class
(cachedir.ContentCache) every writer and cache uses: all-or-none, no temporary file left, stale staging
folders of dead processes removed, unused cache entries pruned."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from toolkit.core import atomic
from toolkit.core.cache import ParseCache
from toolkit.core.cachedir import ContentCache, digest
from toolkit.core.store import ArtefactCache


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


def test_swap_exchanges_in_one_step_so_the_output_is_never_missing(tmp_path, monkeypatch):
    out, new = tmp_path / "site", tmp_path / ".site.tmp-1"
    for folder, text in ((out, b"old"), (new, b"new")):
        folder.mkdir()
        (folder / "index.html").write_bytes(text)
    real_rename = os.rename

    def rename(src, dst):
        assert Path(src) != out, "the output was renamed away: readers would find no output for a moment"
        real_rename(src, dst)

    monkeypatch.setattr(atomic.os, "rename", rename)
    keep = tmp_path / "cache" / "spare"
    keep.parent.mkdir()
    atomic.swap(new, out, keep=keep)
    assert _tree(out) == {"index.html": b"new"} and _tree(keep) == {"index.html": b"old"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "site"]
    # Where the system cannot exchange (no renameat2), the two renames give the same result.
    monkeypatch.setattr(atomic, "_renameat2", None)
    monkeypatch.setattr(atomic.os, "rename", real_rename)
    new.mkdir()
    (new / "index.html").write_bytes(b"newer")
    atomic.swap(new, out)
    assert _tree(out) == {"index.html": b"newer"} and sorted(p.name for p in tmp_path.iterdir()) == [
        "cache",
        "site",
    ]


def test_staged_dir_with_a_spare_starts_from_the_output_before_last(tmp_path):
    out, spare = tmp_path / "work" / "site", tmp_path / "cache" / "spare"
    out.parent.mkdir()
    spare.parent.mkdir()
    for n in (1, 2):
        with atomic.staged_dir(out, spare=spare) as staging:
            assert not staging.exists()  # no spare yet: the first output, then the first one replaced
            staging.mkdir()
            (staging / "index.html").write_bytes(b"build %d" % n)
    assert _tree(out) == {"index.html": b"build 2"} and _tree(spare) == {"index.html": b"build 1"}
    with pytest.raises(RuntimeError), atomic.staged_dir(out, spare=spare) as staging:
        assert _tree(staging) == {"index.html": b"build 1"}  # the caller brings it up to date
        (staging / "index.html").write_bytes(b"half")
        raise RuntimeError("build failed")
    assert _tree(out) == {"index.html": b"build 2"}, "a failing build must leave the output as it was"
    assert _tree(spare) == {"index.html": b"half"} and sorted(p.name for p in out.parent.iterdir()) == [
        "site"
    ]
    with atomic.staged_dir(out, spare=out / "inner") as staging:  # never a spare inside the output
        assert not staging.exists()
        staging.mkdir()
    assert _tree(out) == {}


def _links(folder: Path) -> dict[str, tuple[int, int]]:
    return {
        p.relative_to(folder).as_posix(): (p.stat().st_dev, p.stat().st_ino)
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def test_publish_brings_a_spare_to_exactly_the_links_of_the_site(tmp_path, monkeypatch):
    from toolkit.site.incremental import publish

    site, staging = tmp_path / "html", tmp_path / "staging"
    for rel in ("index.html", "a/index.html", "a/b/c.js", "d/index.html", "g.txt", "same.txt"):
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(rel)
    publish(site, staging)  # no spare: a new tree of links
    assert _links(staging) == _links(site) and len(_links(site)) == 6
    # The spare: an older output with a stale copy, extra files and folders, a file where the site has a
    # folder and the other way round, and a link out of it.
    (staging / "same.txt").unlink()
    (staging / "same.txt").write_text("same.txt")  # same content, another file: must become the link
    (staging / "old.pdf").write_bytes(b"%PDF")
    (staging / "gone" / "deep").mkdir(parents=True)
    (staging / "gone" / "deep" / "x.html").write_text("x")
    shutil.rmtree(staging / "d")
    (staging / "d").write_text("a file where the site has a folder")
    (staging / "g.txt").unlink()
    (staging / "g.txt").mkdir()
    (staging / "a" / "out").symlink_to(tmp_path / "elsewhere")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "keep.txt").write_text("not ours")
    linked: list[str] = []
    real_link = os.link
    monkeypatch.setattr(os, "link", lambda src, dst: (linked.append(Path(dst).name), real_link(src, dst)))
    publish(site, staging)
    assert _links(staging) == _links(site)
    assert sorted(p.relative_to(staging).as_posix() for p in staging.rglob("*")) == sorted(
        p.relative_to(site).as_posix() for p in site.rglob("*")
    )
    assert sorted(linked) == ["g.txt", "index.html", "same.txt"]  # only what differed was linked again
    assert (tmp_path / "elsewhere" / "keep.txt").read_text() == "not ours"
    # Where links are impossible (another file system), copies.
    monkeypatch.setattr(os, "link", lambda src, dst: (_ for _ in ()).throw(OSError(18, "EXDEV")))
    shutil.rmtree(staging)
    publish(site, staging)
    assert _tree(staging) == _tree(site) and not set(_links(staging).values()) & set(_links(site).values())

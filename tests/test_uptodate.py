"""The up-to-date record (toolkit/site/uptodate.py): after a build only the files written since the previous
record are hashed, the others keep their recorded hash (same size and mtime, as git's index); a file that
may have been rewritten within the clock tick of the record ("racily clean") is hashed again."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from toolkit.site import uptodate

PAST = 1_700_000_000 * 10**9  # an mtime well before any record written by these tests


def _output(out: Path, files: dict[str, bytes], mtime_ns: int = PAST) -> None:
    for rel, data in {"manifest.json": b"{}", **files}.items():
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        os.utime(path, ns=(mtime_ns, mtime_ns))


def _recorded(cache: Path) -> dict[str, list]:
    return json.loads((cache / "last-build-all.json").read_text(encoding="utf-8"))["files"]


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture
def hashed(monkeypatch) -> list[str]:
    """The files uptodate hashes, in order."""
    seen: list[str] = []
    real = uptodate._sha

    def counting(path: Path) -> str:
        seen.append(path.name)
        return real(path)

    monkeypatch.setattr(uptodate, "_sha", counting)
    return seen


def test_record_hashes_only_the_files_written_since_the_previous_record(tmp_path, hashed):
    out, cache = tmp_path / "out", tmp_path / "cache"
    _output(out, {"a/index.html": b"<p>a</p>", "b/index.html": b"<p>b</p>", "c.css": b"x{}"})
    uptodate.record(cache, "all", "fp", out)
    assert sorted(hashed) == ["c.css", "index.html", "index.html", "manifest.json"]
    hashed.clear()
    # The next build rewrote one page (a new file, as mkdocs writes it) and removed another.
    (out / "a/index.html").unlink()
    (out / "a/index.html").write_bytes(b"<p>A, new</p>")
    (out / "b/index.html").unlink()
    uptodate.record(cache, "all", "fp2", out)
    assert hashed == ["index.html"]
    files = _recorded(cache)
    assert {k: v[2] for k, v in files.items()} == {
        "manifest.json": _sha(b"{}"),
        "a/index.html": _sha(b"<p>A, new</p>"),
        "c.css": _sha(b"x{}"),
    }
    assert uptodate.is_current(cache, "all", "fp2", out) and not uptodate.is_current(cache, "all", "fp", out)
    # A record of another output folder lends no hashes: everything is hashed.
    hashed.clear()
    uptodate.record(cache, "all", "fp2", out.rename(tmp_path / "elsewhere"))
    assert len(hashed) == 3


def test_a_file_rewritten_within_the_tick_of_the_record_is_hashed_again(tmp_path, hashed):
    out, cache = tmp_path / "out", tmp_path / "cache"
    _output(out, {"page.html": b"version 1"})
    uptodate.record(cache, "all", "fp", out)
    state = cache / "last-build-all.json"
    # The record was written in the same clock tick as the page (the state file's mtime equals the page's),
    # and the page is rewritten in place within that tick: same size, same mtime, other content.
    os.utime(state, ns=(PAST, PAST))
    (out / "page.html").write_bytes(b"version 2")
    os.utime(out / "page.html", ns=(PAST, PAST))
    assert not uptodate.is_current(cache, "all", "fp", out), "a racily clean file must not pass as current"
    hashed.clear()
    uptodate.record(cache, "all", "fp", out)
    assert "page.html" in hashed
    assert _recorded(cache)["page.html"][2] == _sha(b"version 2")
    assert uptodate.is_current(cache, "all", "fp", out)


def test_is_current_hashes_a_changed_file_and_rejects_a_broken_record(tmp_path, hashed):
    out, cache = tmp_path / "out", tmp_path / "cache"
    _output(out, {"page.html": b"version 1"})
    uptodate.record(cache, "all", "fp", out)
    hashed.clear()
    assert uptodate.is_current(cache, "all", "fp", out) and hashed == []  # nothing read again
    (out / "page.html").write_bytes(b"version 2")  # a new mtime: hashed, and found different
    assert not uptodate.is_current(cache, "all", "fp", out) and hashed == ["page.html"]
    (cache / "last-build-all.json").write_text('{"fingerprint": "fp", "files": {"a": [1]}}', encoding="utf-8")
    assert not uptodate.is_current(cache, "all", "fp", out)
    uptodate.record(cache, "all", "fp", out)  # a broken previous record lends nothing and breaks nothing
    assert _recorded(cache)["page.html"][2] == _sha(b"version 2")


def test_fingerprint_reads_files_inside_the_folder_and_never_through_a_link_out(tmp_path):
    root, outside = tmp_path / "county", tmp_path / "outside"
    (root / "items" / "sub").mkdir(parents=True)
    (root / "mkdocs.yml").write_text("site_url: https://example.org/\n", encoding="utf-8")
    (root / "items" / "sub" / "a.yaml").write_text("id: a\n", encoding="utf-8")
    (root / "items" / "same.yaml").symlink_to(root / "items" / "sub" / "a.yaml")  # a link inside: read
    outside.mkdir()
    (outside / "secret.yaml").write_text("one\n", encoding="utf-8")
    (root / "items" / "leak.yaml").symlink_to(outside / "secret.yaml")
    (root / "standard").symlink_to(outside)  # a whole source folder that is a link out
    out = tmp_path / "out"

    def fp() -> str:
        return uptodate.fingerprint(root, out, {})

    first = fp()
    (outside / "secret.yaml").write_text("two\n", encoding="utf-8")
    assert fp() == first, "a file out of the folder must never be read"
    (root / "items" / "sub" / "a.yaml").write_text("id: b\n", encoding="utf-8")
    second = fp()
    assert second != first
    (root / "items" / "same.yaml").unlink()
    (root / "items" / "same.yaml").write_text("id: b\n", encoding="utf-8")  # the link's content, as a file
    assert fp() == second

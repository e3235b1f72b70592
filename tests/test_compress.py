"""Precompressed copies beside the site's text files (issue #31): reproducible (gzip mtime 0), decoding to the
very bytes, and a rebuild compresses only the files that changed."""

from __future__ import annotations

import gzip
import os

import brotli

from toolkit.site import compress


def _site(root):
    (root / "items/a").mkdir(parents=True)
    (root / "assets").mkdir()
    (root / "items/a/index.html").write_text("<p>低保 办理指南</p>" * 200, encoding="utf-8")
    (root / "assets/stdkit.js").write_text("var x = 1;\n" * 100, encoding="utf-8")
    (root / "assets/tiny.css").write_text("a{}", encoding="utf-8")
    (root / "qr.png").write_bytes(b"\x89PNG" * 100)
    for path in root.rglob("*"):  # written a while before the build compresses them, as mkdocs's pages are
        os.utime(path, ns=(path.stat().st_mtime_ns - 10**9,) * 2)
    return root


def test_copies_decode_to_the_file_and_are_reproducible(tmp_path):
    site = _site(tmp_path / "site")
    first = compress.write(site)
    page = site / "items/a/index.html"
    assert gzip.decompress((site / "items/a/index.html.gz").read_bytes()) == page.read_bytes()
    assert brotli.decompress((site / "items/a/index.html.br").read_bytes()) == page.read_bytes()
    assert (site / "items/a/index.html.gz").read_bytes()[4:8] == b"\0\0\0\0"  # mtime 0
    assert not (site / "assets/tiny.css.gz").exists() and not (site / "qr.png.gz").exists()
    assert (
        first["files"] == 2 and first["compressed"] == 2 and first["brotli"] < first["gzip"] < first["bytes"]
    )
    again = _site(tmp_path / "again")
    compress.write(again)
    for name in ("items/a/index.html.gz", "items/a/index.html.br", "assets/stdkit.js.br"):
        assert (again / name).read_bytes() == (site / name).read_bytes(), name


def test_a_rebuild_compresses_only_what_changed(tmp_path):
    site = _site(tmp_path / "site")
    compress.write(site)
    (site / "items/a/index.html").write_text("<p>变了</p>" * 200, encoding="utf-8")
    second = compress.write(site)
    assert second["files"] == 2 and second["compressed"] == 1
    assert gzip.decompress((site / "items/a/index.html.gz").read_bytes()).decode() == "<p>变了</p>" * 200
    (site / "items/a/index.html").unlink()  # a page removed: its copies go too
    third = compress.write(site)
    assert third["files"] == 1 and third["compressed"] == 0
    assert not (site / "items/a/index.html.gz").exists() and not (site / "items/a/index.html.br").exists()
    assert compress.quality("assets/stdkit.js") == 11 and compress.quality("items/a/index.html") == 5


def test_copies_no_newer_than_their_file_are_made_again(tmp_path):
    """A copy written in the same clock tick as its file may hold the file's former bytes: equal times count
    as stale, as does one copy missing."""
    site = _site(tmp_path / "site")
    compress.write(site)
    page = site / "items/a/index.html"
    page.write_text("<p>同一时刻</p>" * 200, encoding="utf-8")
    same = page.stat().st_mtime_ns
    for copy in compress.copies(page):
        os.utime(copy, ns=(same, same))
    assert compress.write(site)["compressed"] == 1
    assert brotli.decompress((site / "items/a/index.html.br").read_bytes()) == page.read_bytes()
    (site / "assets/stdkit.js.gz").unlink()
    assert compress.write(site)["compressed"] == 1 and (site / "assets/stdkit.js.gz").is_file()

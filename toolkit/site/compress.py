"""Light by default: a precompressed .gz and .br copy beside every HTML, JavaScript, CSS, JSON and SVG file
of the built site, for a server that serves them as they are (nginx gzip_static/brotli_static, Apache
rewrite rules: README "手机上的办事指南"). Without a compressing server a guide would travel uncompressed.

- gzip: level 9, mtime 0 and no file name in the header, so two builds write the same bytes;
- brotli (PyPI `brotli`): quality 11 for assets/ (the theme's script and styles, the search index: every
  phone downloads them), quality 5 for pages and charts (thousands of files: 11 would add about 80 s of CPU
  to Jianshi's build for about 12 % fewer bytes; 5 is 8 % smaller than gzip 9 and takes about 1.5 s).
The copies are written into the kept site the output links to (toolkit/site/incremental.py), so a rebuild
compresses and writes only the pages mkdocs wrote anew (about 9,500 files written on every build before)."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import brotli

from ..core.atomic import write_atomic
from . import walk

TEXT = (".html", ".js", ".css", ".json", ".svg")
GZIP_LEVEL = 9
BROTLI_ASSETS = 11
BROTLI_PAGES = 5
MIN_BYTES = 256  # smaller files gain nothing


def quality(rel: str) -> int:
    return BROTLI_ASSETS if rel.startswith("assets/") else BROTLI_PAGES


def _packed(data: bytes, q: int) -> tuple[bytes, bytes]:
    return gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0), brotli.compress(data, quality=q)


def copies(path: Path) -> tuple[Path, Path]:
    """The gzip and brotli copies of a file: `name.gz`, `name.br` beside it."""
    return path.with_name(path.name + ".gz"), path.with_name(path.name + ".br")


def _fresh(file: os.stat_result, gz: os.stat_result | None, br: os.stat_result | None) -> bool:
    """Whether both copies were written after the file last changed (the kept site's files are written
    anew, never in place: a changed page is a new file with a new time). Equal times count as stale: the
    file system's clock may be coarser than two writes."""
    return gz is not None and br is not None and min(gz.st_mtime_ns, br.st_mtime_ns) > file.st_mtime_ns


def write(site: Path) -> dict[str, int]:
    """Write `name.gz` and `name.br` beside each text file of `site` whose copies are missing or older than
    it, and remove copies whose file is gone. Returns the number of files, their bytes before and after, and how many were compressed anew."""
    stats = {"files": 0, "bytes": 0, "gzip": 0, "brotli": 0, "compressed": 0}
    for _rel, folder, files in walk.folders(site):
        for name, st in files.items():
            base, suffix = os.path.splitext(name)
            if suffix in (".gz", ".br") and os.path.splitext(base)[1] in TEXT:
                if base not in files:
                    (folder / name).unlink()  # its page was removed
                continue
            if suffix not in TEXT or st.st_size < MIN_BYTES:
                continue
            gz, br = files.get(name + ".gz"), files.get(name + ".br")
            if _fresh(st, gz, br):
                assert gz is not None and br is not None
                gz_size, br_size = gz.st_size, br.st_size
            else:
                gz_size, br_size = write_one(folder / name, site)
                stats["compressed"] += 1
            stats["files"] += 1
            stats["bytes"] += st.st_size
            stats["gzip"] += gz_size
            stats["brotli"] += br_size
    return stats


def write_one(path: Path, site: Path) -> tuple[int, int]:
    """Compress one file of `site` (new copies beside it); their sizes."""
    packed = _packed(path.read_bytes(), quality(path.relative_to(site).as_posix()))
    for target, data in zip(copies(path), packed):
        write_atomic(target, data)
    return len(packed[0]), len(packed[1])


def refresh(site: Path, rels: list[str]) -> None:
    """The copies of these files of `site` (written anew or removed just now, as the preview does)."""
    for rel in rels:
        path = site / rel
        if path.suffix not in TEXT:
            continue
        if path.is_file() and path.stat().st_size >= MIN_BYTES:
            write_one(path, site)
        else:
            for copy in copies(path):
                copy.unlink(missing_ok=True)


def link_copies(page: Path, link: Path) -> None:
    """`link` has become another name of `page`: its compressed copies are the page's too."""
    for source, target in zip(copies(page), copies(link)):
        target.unlink(missing_ok=True)
        if source.exists():
            os.link(source, target)

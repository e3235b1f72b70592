"""Light by default: a precompressed .gz and .br copy beside every HTML, JavaScript, CSS, JSON and SVG file
of the built site, for a server that serves them as they are (nginx gzip_static/brotli_static, Apache
rewrite rules: README "手机上的办事指南"). Without a compressing server a guide would travel uncompressed.

- gzip: level 9, mtime 0 and no file name in the header, so two builds write the same bytes;
- brotli (PyPI `brotli`): quality 11 for assets/ (the theme's script and styles, the search index: every
  phone downloads them), quality 5 for pages and charts (thousands of files: 11 would add about 80 s of CPU
  to Jianshi's build for about 12 % fewer bytes; 5 is 8 % smaller than gzip 9 and takes about 1.5 s).
Each file's copies are kept in the build's cache by content hash: a rebuild compresses only what changed."""

from __future__ import annotations

import gzip
from pathlib import Path

import brotli

from ..core.atomic import write_atomic
from ..core.cachedir import ContentCache

TEXT = (".html", ".js", ".css", ".json", ".svg")
GZIP_LEVEL = 9
BROTLI_ASSETS = 11
BROTLI_PAGES = 5
MIN_BYTES = 256  # smaller files gain nothing


def quality(rel: str) -> int:
    return BROTLI_ASSETS if rel.startswith("assets/") else BROTLI_PAGES


def _packed(data: bytes, q: int, cache: ContentCache) -> tuple[bytes, bytes]:
    gz_key, br_key = cache.key("gz", str(GZIP_LEVEL), data), cache.key("br", str(q), data)
    gz, br = cache.get(gz_key), cache.get(br_key)
    if gz is None:
        gz = gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0)
        cache.put(gz_key, gz)
    if br is None:
        br = brotli.compress(data, quality=q)
        cache.put(br_key, br)
    return gz, br


def write(site: Path, cache_dir: Path) -> dict[str, int]:
    """Write `name.gz` and `name.br` beside each text file of `site` (new files); the cache of compressed
    copies keeps only this build's. Returns the number of files, their bytes before and after, and how many were compressed anew."""
    cache = ContentCache(cache_dir / "compressed", fanout=True)
    stats = {"files": 0, "bytes": 0, "gzip": 0, "brotli": 0}
    for path in sorted(site.rglob("*")):
        if path.suffix not in TEXT or not path.is_file():
            continue
        data = path.read_bytes()
        if len(data) < MIN_BYTES:
            continue
        gz, br = _packed(data, quality(path.relative_to(site).as_posix()), cache)
        write_atomic(path.with_name(path.name + ".gz"), gz)
        write_atomic(path.with_name(path.name + ".br"), br)
        stats["files"] += 1
        stats["bytes"] += len(data)
        stats["gzip"] += len(gz)
        stats["brotli"] += len(br)
    cache.prune()
    stats["compressed"] = cache.misses // 2  # files not found in the cache (a rebuild: the changed ones)
    return stats

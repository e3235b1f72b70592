"""Where caches live, and the one way a cache keeps its entries.

Caches live in the user's cache folder, never inside a county's data folder or an output folder:
`STDKIT_CACHE_DIR` overrides the base (default `$XDG_CACHE_HOME/stdkit`, else `~/.cache/stdkit`); each
county folder gets its own sub-folder, named by a hash of its absolute path.

`ContentCache` is the base of every cache (parsed sources, cache.ParseCache; rendered artefacts,
site/store.ArtefactCache): an entry is named by a content hash of everything that decides it (`digest`),
read as bytes, written atomically, and pruned at the end of a run when that run did not use it.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from .atomic import write_atomic
from .settings import current


def cache_home() -> Path:
    return current().cache_dir


def project_cache(root: Path | str, part: str) -> Path:
    """The cache folder `part` (e.g. "parse", "site") of one county folder."""
    resolved = str(Path(root).resolve())
    digest = hashlib.sha256(resolved.encode("utf-8")).hexdigest()[:16]
    return cache_home() / "projects" / digest / part


def digest(*parts: str | bytes) -> str:
    """The content hash that names a cache entry: sha256 of the parts, each ended by a NUL byte."""
    h = hashlib.sha256()
    for p in parts:
        h.update(p.encode() if isinstance(p, str) else p)
        h.update(b"\0")
    return h.hexdigest()


class ContentCache:
    """Entries by content hash under one folder (`fanout`: in sub-folders named by the key's first two
    characters, for caches of thousands of entries). `get`/`put` count hits and misses and note the keys
    used; `prune` removes every entry this run did not use (hidden temporary files are left alone)."""

    def __init__(self, folder: Path, *, fanout: bool = False):
        self.dir = Path(folder)
        self.fanout = fanout
        self.used: set[str] = set()
        self.hits = self.misses = 0

    def key(self, *parts: str | bytes) -> str:
        return digest(*parts)

    def path(self, key: str) -> Path:
        return self.dir / key[:2] / key if self.fanout else self.dir / key

    def read(self, key: str) -> bytes | None:
        """The entry's bytes (None when there is none or it cannot be read); not counted."""
        self.used.add(key)
        try:
            return self.path(key).read_bytes()
        except OSError:
            return None

    def get(self, key: str) -> bytes | None:
        data = self.read(key)
        if data is None:
            self.misses += 1
        else:
            self.hits += 1
        return data

    def put(self, key: str, data: bytes) -> None:
        self.used.add(key)
        write_atomic(self.path(key), data)

    def keep(self, *keys: str) -> None:
        """Entries this run needs without reading them: `prune` leaves them."""
        self.used.update(keys)

    def prune(self) -> None:
        if not self.dir.is_dir():
            return
        folders = [d for d in self.dir.iterdir() if d.is_dir()] if self.fanout else [self.dir]
        for folder in folders:
            for entry in folder.iterdir():
                if entry.name not in self.used and not entry.name.startswith(".") and entry.is_file():
                    entry.unlink(missing_ok=True)

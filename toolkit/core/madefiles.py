"""A folder of made files, each with its key (a digest of what it is made from), written only when needed:
a file whose key and state on disk (size, modification time) equal the last build's record is left as it
is, unread; another is written only when its bytes differ, so an unchanged file keeps its modification
time (the site engine then sees it unchanged); `finish` removes every file this build did not produce and
gives the record of this build's files, which the caller keeps in its cache under a name of its own."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from concurrent.futures import Executor
from pathlib import Path

from .atomic import write_atomic
from .store import ArtefactCache, DocsTree


class MadeFiles:
    """The files under docs/<folder>. With no record (a first or failed build) every file is compared;
    with `full` every file is written."""

    def __init__(
        self, docs: Path, folder: str, cache: ArtefactCache, record: dict[str, list], *, full: bool = False
    ):
        self.docs, self.folder, self.cache, self.record, self.full = docs, folder, cache, record, full
        self.root = docs / folder
        self.tree = DocsTree(self.root)
        self.keys: dict[str, str] = {}

    @property
    def files(self) -> list[str]:
        return [f"{self.folder}/{rel}" for rel in self.keys]

    def same(self, rel: str, key: str) -> bool:
        """Is the file as the last build left it, made from the same inputs?"""
        old = self.record.get(rel)
        if old is None or old[0] != key:
            return False
        try:
            st = (self.root / rel).stat()
        except OSError:
            return False
        return old[1:] == [st.st_size, st.st_mtime_ns]

    def keep(self, rel: str, key: str) -> Path:
        """The file stays as it is (and its cache entry stays in the cache)."""
        self.cache.keep(key)
        self.tree.written.add(rel)
        self.keys[rel] = key
        return self.root / rel

    def put(self, rel: str, data: bytes, key: str) -> Path:
        if self.full:
            write_atomic(self.root / rel, data)
            self.tree.written.add(rel)
        else:
            self.tree.write(rel, data)
        self.keys[rel] = key
        return self.root / rel

    def cached(self, rel: str, key: str, make: Callable[[], bytes]) -> Path:
        """The file kept, or written from the cache, or made (and cached)."""
        return self.cached_later(rel, key, make)()

    def cached_later(
        self,
        rel: str,
        key: str,
        make: Callable[[], bytes],
        pool: Executor | None = None,
        timeout: float | None = None,
    ) -> Callable[[], Path]:
        """As `cached`, the making started in `pool` (when given) while the caller goes on: returns what
        keeps or writes the file, waiting for it to be made (at most `timeout` seconds)."""
        if self.same(rel, key):
            return lambda: self.keep(rel, key)
        data = self.cache.get(key)
        if data is not None:
            return lambda: self.put(rel, data, key)
        job = pool.submit(make) if pool is not None else None

        def put() -> Path:
            made = make() if job is None else job.result(timeout)
            self.cache.put(key, made)
            return self.put(rel, made, key)

        return put

    def finish(self) -> bytes:
        """Remove what this build did not produce; the record of this build's files."""
        self.tree.prune()
        _remove_empty_folders(self.root)
        files = {}
        for rel, key in sorted(self.keys.items()):
            st = (self.root / rel).stat()
            files[rel] = [key, st.st_size, st.st_mtime_ns]
        return json.dumps({"docs": str(self.docs), "files": files}, ensure_ascii=False).encode()


def _remove_empty_folders(root: Path) -> None:
    """Folders left empty by `prune` (a build from empty caches has none)."""
    for top, _dirs, _names in os.walk(root, topdown=False):
        if Path(top) != root and not os.listdir(top):
            os.rmdir(top)


def last_record(cache: ArtefactCache, name: str, docs: Path, full: bool) -> dict[str, list]:
    """The files of the last build into `docs` (empty when there is none to trust), from the cache entry
    `name`; the entry is removed until this build has succeeded."""
    data = cache.read(name)
    cache.path(name).unlink(missing_ok=True)
    if full or data is None:
        return {}
    try:
        record = json.loads(data)
        files = record["files"] if record["docs"] == str(docs) else {}
    except (ValueError, KeyError, TypeError):
        return {}
    return files if isinstance(files, dict) else {}

"""Incremental writing: a docs tree that rewrites only changed files and prunes stale ones, and a
content-addressed cache of rendered artefacts (flowchart and QR SVGs, PDFs) in the user's cache folder."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path


def digest(*parts: str | bytes) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(p.encode() if isinstance(p, str) else p)
        h.update(b"\0")
    return h.hexdigest()


def write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.write_bytes(data)
    os.replace(tmp, path)


class DocsTree:
    """The generated docs folder. Files not written in this run are removed by `prune`, except under
    `foreign` folders that other generators (the standard, conformance) manage themselves."""

    def __init__(self, root: Path, foreign: tuple[str, ...] = ()):
        self.root = Path(root)
        self.foreign = foreign
        self.written: set[str] = set()
        self.changed: list[str] = []

    def write(self, rel: str, data: str | bytes) -> None:
        raw = data.encode("utf-8") if isinstance(data, str) else data
        self.written.add(rel)
        path = self.root / rel
        try:
            if path.stat().st_size == len(raw) and path.read_bytes() == raw:
                return
        except OSError:
            pass
        write_atomic(path, raw)
        self.changed.append(rel)

    def prune(self) -> int:
        removed = 0
        if not self.root.is_dir():
            return 0
        for dirpath, dirnames, filenames in os.walk(self.root):
            rel_dir = Path(dirpath).relative_to(self.root).as_posix()
            if rel_dir != "." and rel_dir.split("/")[0] in self.foreign:
                dirnames[:] = []
                continue
            for name in filenames:
                rel = name if rel_dir == "." else f"{rel_dir}/{name}"
                if rel.split("/")[0] in self.foreign:
                    continue
                if rel not in self.written:
                    os.unlink(os.path.join(dirpath, name))
                    removed += 1
        return removed


class ArtefactCache:
    """Rendered bytes by content hash; entries not used in a run are pruned at its end."""

    def __init__(self, root: Path, kind: str):
        self.dir = Path(root) / kind
        self.used: set[str] = set()
        self.hits = self.misses = 0

    def path(self, key: str) -> Path:
        return self.dir / key

    def get(self, key: str) -> bytes | None:
        self.used.add(key)
        try:
            data = self.path(key).read_bytes()
        except OSError:
            self.misses += 1
            return None
        self.hits += 1
        return data

    def put(self, key: str, data: bytes) -> None:
        self.used.add(key)
        write_atomic(self.path(key), data)

    def prune(self) -> None:
        if not self.dir.is_dir():
            return
        for entry in self.dir.iterdir():
            if entry.name not in self.used and entry.is_file():
                entry.unlink(missing_ok=True)


def reset_dir(path: Path) -> Path:
    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True)
    return path

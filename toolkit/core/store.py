"""Incremental writing: a docs tree that rewrites only changed files and prunes stale ones, and a
content-addressed cache of rendered artefacts (flowchart and QR SVGs, PDFs) in the user's cache folder."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from ..core.atomic import write_atomic
from ..core.cachedir import ContentCache


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


class ArtefactCache(ContentCache):
    """Rendered bytes (flowchart and QR SVGs, PDFs, paperwork) of one kind, by content hash."""

    def __init__(self, root: Path, kind: str):
        super().__init__(Path(root) / kind)


def reset_dir(path: Path) -> Path:
    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True)
    return path

"""One county folder as one command sees it: every file read from disk at most once, through safefs's
checks (inside the folder, a regular file, within a size limit), and the bytes shared by whoever needs
them — the build's fingerprint hashes them, the loader parses them, a located error re-parses them.

A command makes one `Folder` (inside its `Workspace`, toolkit/core/workspace.py) and passes it down; the
modules below read the county's files only through it. A folder saved again (stdkit serve) is a new
`Folder`."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from .errors import Problem, StdkitError, file_error
from .safefs import MAX_FILE_BYTES, check_inside, list_files, read_bytes

T = TypeVar("T")


class Folder:
    """The files of `root`, each read once; `reads` counts the disk reads per file (tests count them)."""

    def __init__(self, root: Path | str):
        self.root = Path(root)
        self._data: dict[str, bytes] = {}
        self._refused: dict[str, StdkitError] = {}
        self.reads: Counter[str] = Counter()
        # what the domains parse from these files, parsed once (the standard, its metadata, the bindings …)
        self.derived: dict[str, object] = {}

    def __repr__(self) -> str:
        return f"Folder({str(self.root)!r})"

    def once(self, key: str, make: Callable[[], T]) -> T:
        """What a domain parses from these files, made on first use and kept — its failure (a located
        StdkitError) too, so every reader of one command gets the same answer from one parse."""
        if key not in self.derived:
            try:
                self.derived[key] = make()
            except StdkitError as exc:
                self.derived[key] = exc
        found = self.derived[key]
        if isinstance(found, StdkitError):
            raise found
        return found  # type: ignore[return-value]  # stored by this method under this key: a T

    def path(self, rel: str) -> Path:
        return self.root / rel

    def has(self, rel: str) -> bool:
        """Is there an entry (a file, a link, even a broken one) at root/rel?"""
        path = self.root / rel
        return path.exists() or path.is_symlink()

    def is_dir(self, rel: str) -> bool:
        path = self.root / rel
        return path.is_dir() and not path.is_symlink()

    def read(self, rel: str, limit: int = MAX_FILE_BYTES) -> bytes:
        """root/rel's bytes: refused (a located StdkitError) when it leaves the folder, is not a regular
        file or is larger than `limit`; read from disk only the first time."""
        if rel in self._refused:
            raise self._refused[rel]
        data = self._data.get(rel)
        if data is None:
            try:
                data = read_bytes(check_inside(self.root, self.root / rel, rel), rel, limit)
            except StdkitError as exc:
                self._refused[rel] = exc
                raise
            self.reads[rel] += 1
            self._data[rel] = data
        if len(data) > limit:
            raise file_error(rel, "file-too-large", f"文件过大（超过 {limit // 1048576} MB）。")
        return data

    def text(self, rel: str, limit: int = MAX_FILE_BYTES) -> str:
        """root/rel as UTF-8 text (a BOM is dropped); located errors otherwise."""
        raw = self.read(rel, limit)
        try:
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise file_error(
                rel, "file-encoding", f"文件不是 UTF-8 编码（第{exc.start}字节）。", "请另存为 UTF-8。"
            ) from None

    def files(self, pattern: str, problems: list[Problem]) -> list[str]:
        """Relative paths of the regular files matching `pattern` ("dir/*.yaml", "dir/**/*.yaml"), links
        out of the folder, FIFOs and devices appended to `problems` (safefs.list_files)."""
        return [p.relative_to(self.root).as_posix() for p in list_files(self.root, pattern, problems)]

    def tree(self, top: str) -> list[str]:
        """Every entry under root/top that is a file or a link to one (sorted, links not followed into
        folders): what a fingerprint of the folder covers."""
        base = self.root / top
        if not base.is_dir() or base.is_symlink():
            return []
        out: list[str] = []
        for folder, dirs, names in os.walk(base, followlinks=False):
            dirs.sort()
            here = Path(folder)
            out.extend((here / n).relative_to(self.root).as_posix() for n in names)
        return sorted(out)


def as_folder(source: Folder | Path | str) -> Folder:
    """The `Folder` a caller passes on, or a new one for a path (a library call or a test that has only
    the path: that call then reads its own copy of the files)."""
    return source if isinstance(source, Folder) else Folder(source)

"""Writing without half-written results, the one way every module writes outputs and caches.

- `write_atomic`: one file, written under a temporary name beside it and renamed into place;
- `write_all`: a set of files, every one or none (all temporary files first, then the renames);
- `staged_dir`: a folder built under a temporary sibling name and swapped in whole at the end, so a
  failing or killed run leaves the previous folder untouched; `remove_stale` clears what a killed run left.
Temporary names are hidden (leading dot) and end in the writing process's id.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def _temp_name(path: Path, what: str = "tmp") -> Path:
    return path.with_name(f".{path.name}.{what}-{os.getpid()}")


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` (folders created): readers see the old file or the new one, never a part."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = _temp_name(path)
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_all(out_dir: Path, files: dict[str, bytes]) -> list[Path]:
    """Write every file (relative paths under `out_dir`) or none: nothing is renamed into place until all
    were written; on failure no temporary file is left and the error is raised."""
    temps: list[tuple[Path, Path]] = []
    try:
        for rel, data in files.items():
            path = Path(out_dir) / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            temps.append((_temp_name(path), path))
            temps[-1][0].write_bytes(data)
        for tmp, path in temps:
            os.replace(tmp, path)
    finally:
        for tmp, _ in temps:
            tmp.unlink(missing_ok=True)  # left only when something failed
    return [path for _, path in temps]


def swap(new: Path, out: Path) -> None:
    """Put the folder `new` in place of `out`: the old one is renamed away, the new one in, the old removed."""
    old = _temp_name(out, "old")
    if out.exists():
        os.rename(out, old)
    os.rename(new, out)
    if old.exists():
        shutil.rmtree(old, ignore_errors=True)


@contextmanager
def staged_dir(out: Path) -> Iterator[Path]:
    """A fresh temporary sibling of `out` to build into; it replaces `out` when the block ends without an
    error and is removed when it raises (the previous `out` then stays as it was)."""
    staging = _temp_name(out)
    shutil.rmtree(staging, ignore_errors=True)
    try:
        yield staging
        swap(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale(out: Path) -> None:
    """Remove the temporary folders of `out` that killed runs left behind (their process is gone)."""
    if not out.parent.is_dir():
        return
    for p in out.parent.glob(f".{out.name}.*-*"):
        try:
            pid = int(p.name.rsplit("-", 1)[1])
        except ValueError:
            continue
        if not _pid_alive(pid) and p.is_dir():
            shutil.rmtree(p, ignore_errors=True)

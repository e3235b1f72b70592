"""Writing without half-written results, the one way every module writes outputs and caches.

- `write_atomic`: one file, written under a temporary name beside it and renamed into place;
- `write_all`: a set of files, every one or none (all temporary files first, then the renames);
- `staged_dir`: a folder built under a temporary sibling name and swapped in whole at the end, so a
  failing or killed run leaves the previous folder untouched; `remove_stale` clears what a killed run left.
Temporary names are hidden (leading dot) and end in the writing process's id.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

AT_FDCWD, RENAME_EXCHANGE = -100, 2


def _libc_renameat2():
    try:
        return getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)  # glibc >= 2.28
    except (OSError, TypeError):  # no C library to load by that name (Windows)
        return None


_renameat2 = _libc_renameat2()


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


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step (Linux renameat2 RENAME_EXCHANGE); False where that is not available."""
    if _renameat2 is None:
        return False
    if _renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):  # an old kernel, a file system without it
        return False
    raise OSError(err, os.strerror(err), str(a), None, str(b))


def _put_away(folder: Path, keep: Path | None) -> None:
    """Move `folder` to `keep` (same file system only) or remove it."""
    if keep is not None:
        shutil.rmtree(keep, ignore_errors=True)
        try:
            os.rename(folder, keep)
            return
        except OSError:
            pass
    shutil.rmtree(folder, ignore_errors=True)


def swap(new: Path, out: Path, keep: Path | None = None) -> None:
    """Put the folder `new` in place of `out`: both are exchanged in one step where the system can (readers
    see the old folder or the new one, never none), else the old one is renamed away and the new one in.
    The old one is then moved to `keep` when given and possible, else removed."""
    if out.exists() and _exchange(new, out):
        _put_away(new, keep)
        return
    old = _temp_name(out, "old")
    if out.exists():
        os.rename(out, old)
    os.rename(new, out)
    if old.exists():
        _put_away(old, keep)


@contextmanager
def staged_dir(out: Path, spare: Path | None = None) -> Iterator[Path]:
    """A temporary sibling of `out` to build into; it replaces `out` when the block ends without an error
    and is removed when it raises (the previous `out` then stays as it was).

    With `spare` (a folder on the same file system outside `out`'s parent, such as the project's cache): the
    folder replaced is kept there instead of removed, and the next run starts from it — the staging folder
    then already exists and holds an older output, which the caller must bring up to date (incremental.publish
    does): thousands of folders are then neither made nor removed on every run. If the block raises, the
    staging folder goes back to `spare` (whatever it holds, the next run brings it up to date)."""
    staging = _temp_name(out)
    shutil.rmtree(staging, ignore_errors=True)
    if spare is not None and (spare.is_relative_to(out) or out.is_relative_to(spare)):
        spare = None  # never the output itself nor a folder in it
    if spare is not None and spare.is_dir():
        try:
            os.rename(spare, staging)
        except OSError:
            pass  # another file system: start empty
    try:
        yield staging
        swap(staging, out, keep=spare)
    finally:
        if staging.exists():
            _put_away(staging, spare)


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

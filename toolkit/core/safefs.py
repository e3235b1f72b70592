"""Reading and writing inside an untrusted data folder: only regular files whose real path stays inside
the folder (a symlink may point elsewhere in the folder, never out of it), never a FIFO, device or socket
(no hang, no endless read), within size limits; writes never follow a symlink. Errors are located, in Chinese."""

from __future__ import annotations

import fnmatch
import os
import stat
from pathlib import Path

from .errors import Problem, StdkitError, file_error, whole_file

MAX_FILE_BYTES = 2 * 1024 * 1024  # one YAML/Markdown/CSV file of a county folder (Jianshi's largest: 50 KB)
MAX_FILES = 20_000  # files of one kind (items/services/**) — Jianshi has 1,341


def _problem(rel: str, code: str, message: str, hint: str = "") -> StdkitError:
    return file_error(file=rel, code=code, message=message, hint=hint)


def rel_of(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def check_inside(root: Path, path: Path, rel: str | None = None) -> Path:
    """The real path of `path`, which must exist inside `root` and be a regular file."""
    rel = rel or rel_of(root, path)
    try:
        real = path.resolve(strict=True)
    except FileNotFoundError:
        raise _problem(rel, "file-link", "文件不存在（可能是指向不存在文件的符号链接）。") from None
    except (OSError, RuntimeError):  # a link loop
        raise _problem(rel, "file-link", "符号链接形成循环，无法读取。", "请删除这个链接。") from None
    if not real.is_relative_to(Path(root).resolve()):
        raise _problem(
            rel,
            "file-outside",
            "这是指向数据文件夹之外的符号链接，不予读取。",
            "数据文件夹中的文件都应是普通文件；请把链接换成文件本身。",
        )
    mode = real.stat().st_mode
    if not stat.S_ISREG(mode):
        raise _not_regular(rel, mode)
    return real


def _not_regular(rel: str, mode: int) -> StdkitError:
    if stat.S_ISDIR(mode):
        return _problem(rel, "file-special", "这是文件夹，不是文件。", "请给出文件夹中的文件。")
    return _problem(
        rel, "file-special", "这不是普通文件（管道、设备或套接字），不予读取。", "请换成普通文件。"
    )


def read_bytes(path: Path, rel: str, limit: int = MAX_FILE_BYTES) -> bytes:
    """A regular file's bytes, never more than `limit` (opened non-blocking: a FIFO cannot hang)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise _problem(rel, "file-unreadable", f"无法读取文件（{exc.strerror}）。") from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):  # before fdopen, which refuses a folder with its own exception
        os.close(fd)
        raise _not_regular(rel, info.st_mode)
    with os.fdopen(fd, "rb") as fh:
        if info.st_size > limit:
            raise _problem(
                rel,
                "file-too-large",
                f"文件过大（{info.st_size / 1048576:.1f} MB，上限 {limit // 1048576} MB）。",
                "一个数据文件只应描述一个事项或一类对象；请拆分文件。",
            )
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise _problem(rel, "file-too-large", f"文件过大（超过 {limit // 1048576} MB）。")
    return data


def read_inside(root: Path, rel: str, limit: int = MAX_FILE_BYTES) -> bytes:
    """Read root/rel: inside the folder, a regular file, within the limit."""
    return read_bytes(check_inside(root, Path(root) / rel, rel), rel, limit)


def read_text(path: Path, rel: str, limit: int = MAX_FILE_BYTES) -> str:
    """A regular UTF-8 text file (a BOM is dropped); located errors otherwise."""
    raw = read_bytes(path, rel, limit)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _problem(
            rel, "file-encoding", f"文件不是 UTF-8 编码（第{exc.start}字节）。", "请另存为 UTF-8。"
        ) from None


def read_text_inside(root: Path, rel: str, limit: int = MAX_FILE_BYTES) -> str:
    """root/rel as text: inside the folder, a regular file, within the limit."""
    return read_text(check_inside(root, Path(root) / rel, rel), rel, limit)


def writable_inside(root: Path, rel: str) -> Path:
    """root/rel for writing: refused when it (or a folder on the way) is a symlink or leaves the folder."""
    path = Path(root) / rel
    real_root = Path(root).resolve()
    probe = path
    while probe != Path(root) and probe != probe.parent:
        if probe.is_symlink():
            raise _problem(
                rel,
                "file-link",
                f"“{rel_of(Path(root), probe)}”是符号链接，不向其中写入。",
                "请把链接换成普通文件或文件夹。",
            )
        probe = probe.parent
    if not path.parent.resolve().is_relative_to(real_root):
        raise _problem(rel, "file-outside", "写入位置在数据文件夹之外，不予写入。")
    return path


def list_files(root: Path, pattern: str, problems: list[Problem]) -> list[Path]:
    """Files matching `pattern` ("dir/*.yaml" or "dir/**/*.yaml") without following symlinked folders;
    each match is checked with `check_inside` (problems appended for links out, loops, FIFOs, devices)."""
    base_rel, _, name_glob = pattern.rpartition("/")
    deep = base_rel.endswith("/**")
    base = Path(root) / (base_rel[:-3] if deep else base_rel)
    if not base.is_dir() or base.is_symlink() and not _inside(root, base):
        return []
    out: list[Path] = []
    for folder, dirs, files in os.walk(base, followlinks=False):
        here = Path(folder)
        for d in list(dirs):
            if (here / d).is_symlink() and not _inside(root, here / d):
                problems.append(
                    whole_file(
                        file=rel_of(root, here / d),
                        code="file-outside",
                        message="这是指向数据文件夹之外的符号链接（文件夹），不予读取。",
                        hint="请把链接换成文件夹本身。",
                    )
                )
        if not deep:
            dirs.clear()
        for name in files:
            if not fnmatch.fnmatchcase(name, name_glob):
                continue
            path = here / name
            try:
                check_inside(root, path)
            except StdkitError as exc:
                problems.extend(exc.problems)
                continue
            out.append(path)
        if len(out) > MAX_FILES:
            problems.append(
                whole_file(
                    file=rel_of(root, base),
                    code="too-many-files",
                    message=f"文件过多（超过 {MAX_FILES} 个）。",
                    hint="请检查是否放错了文件夹。",
                )
            )
            return []
    return sorted(out)


def _inside(root: Path, path: Path) -> bool:
    try:
        return path.resolve(strict=True).is_relative_to(Path(root).resolve())
    except (OSError, RuntimeError):
        return False


def stage_copy(root: Path, dest: Path, skip: frozenset[str] = frozenset()) -> None:
    """Copy a data folder to `dest` (a new folder) so that loading the copy finds what loading `root`
    finds, without following a link or reading more than a data file may hold: links stay links (one
    into the folder is re-pointed into the copy, one out of it is kept and refused on loading), a
    FIFO, device or socket becomes a FIFO (refused on loading, never opened here), and a regular file
    is copied up to MAX_FILE_BYTES + 1 bytes (an oversized file stays oversized). Top-level names in
    `skip` (caches, outputs, .git) are left out."""
    real_root = Path(root).resolve()
    dest.mkdir(parents=True)
    for folder, dirs, files in os.walk(root, followlinks=False):
        here = Path(folder)
        target_dir = dest / here.relative_to(root)
        if here == Path(root):
            dirs[:] = [d for d in dirs if d not in skip]
            files = [f for f in files if f not in skip]
        for name in [*dirs, *files]:
            src, dst = here / name, target_dir / name
            mode = os.lstat(src).st_mode
            if stat.S_ISLNK(mode):
                _stage_link(src, dst, real_root, dest)
            elif stat.S_ISDIR(mode):
                dst.mkdir()
            elif stat.S_ISREG(mode):
                dst.write_bytes(_head(src, MAX_FILE_BYTES + 1))
            else:
                os.mkfifo(dst)


def _head(path: Path, size: int) -> bytes:
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(fd, "rb") as fh:
        return fh.read(size)


def _stage_link(src: Path, dst: Path, real_root: Path, dest: Path) -> None:
    try:
        real = src.resolve(strict=True)
    except (OSError, RuntimeError):  # dangling or a loop: keep it as it is
        os.symlink(os.readlink(src), dst)
        return
    if real.is_relative_to(real_root):
        os.symlink(os.path.relpath(dest / real.relative_to(real_root), dst.parent), dst)
    else:
        os.symlink(real, dst)

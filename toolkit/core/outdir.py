"""The one guard for every output a command writes (`build --out`, `check --out`, `checklist --out`,
`comments template`, `diff --out/--docx`, `province collect --out`), and writing a set of files into one
all-or-nothing. An output never lands in the data it was made from, and never goes through a link.

The link rule: walking the output path as given, no part of it that exists may be a symbolic link — a
committed link in a county repository (`conformance-report → /home/u/.ssh`, `site → ../other/site`) would
send the output elsewhere. The folders the user stands in or names are not judged: the data folder, the
current folder and the folders above them. The one exception is the output itself being a link to this
county's own previous output (the caller says so with `ours`, from what its last build recorded)."""

from __future__ import annotations

import json
import os
from pathlib import Path

from .atomic import write_all
from .errors import Problem, StdkitError, file_error

# Folders of a county folder that hold its sources (or its history): no output goes into one.
DATA_DIRS = ("items", "flowcharts", "standard", "published", "schemas", ".git")
GENERATOR = "stdkit"  # manifest.json's "generator" starts with it in every folder `stdkit build` wrote


def _refuse(out: Path, code: str, message: str, hint: str) -> StdkitError:
    return StdkitError(
        [Problem(file=str(out), line=1, column=1, path="--out", code=code, message=message, hint=hint)]
    )


def linked_part(root: Path, out: Path) -> tuple[Path, bool] | None:
    """The first existing part of `out` (as given, relative to the current folder) that is a symbolic
    link, and whether it is `out` itself; the data folder, the current folder and their parents are not
    judged (the user chose them)."""
    trusted: set[Path] = set()
    for base in (Path(os.path.abspath(root)), Path(root).resolve(), Path.cwd()):
        trusted.update((base, *base.parents))
    out = Path(out)
    parts = out.parts[1:] if out.is_absolute() else out.parts
    at = Path(out.anchor) if out.is_absolute() else Path.cwd()
    for n, part in enumerate(parts, start=1):
        if part in ("", "."):
            continue
        at = at.parent if part == ".." else at / part
        if at in trusted:
            at = at.resolve()  # a link the user stands in is followed as the system does
            continue
        if at.is_symlink():
            return at, all(p in ("", ".") for p in parts[n:])
        if not at.exists():
            return None
    return None


def _guard_links(root: Path, out: Path, ours: bool) -> None:
    found = linked_part(root, out)
    if found is None or (found[1] and ours):
        return
    link, _ = found
    target = os.readlink(link)
    raise _refuse(
        Path(out),
        "out-link",
        f"输出路径中的“{link}”是符号链接（指向“{target}”），输出会写到链接所指之处，已拒绝。",
        "请给出不经过符号链接的输出路径；县数据仓库中提交的链接尤其不能作为输出位置。",
    )


def guard_out(root: Path, out: Path, *, replaces: bool = False, ours: bool = False) -> None:
    """Refuse an output (folder, or file for the commands writing one) that is the data folder, a folder
    above it or one holding its data, or that goes through a symbolic link (the module's link rule).
    `replaces`: the command replaces the folder as a whole (`build`), so it must also be a new folder,
    an empty one, or one stdkit built (`ours`: the caller knows it recorded this folder as its output)."""
    _guard_links(root, out, ours)
    root, out = Path(root).resolve(), Path(out).resolve()
    hint = (
        "请指定一个新的或空的文件夹（或以前由 stdkit build 生成的文件夹），如 site/。"
        if replaces
        else "请指定数据文件夹之外的文件夹，或数据文件夹中的新文件夹，如 conformance-report/。"
    )
    if out == root or root.is_relative_to(out) or out in (Path("/"), Path.home()):
        raise _refuse(out, "out-dir", f"输出文件夹“{out}”不能是数据文件夹或其上级文件夹。", hint)
    if out.is_relative_to(root) and out.relative_to(root).parts[0] in DATA_DIRS:
        raise _refuse(
            out,
            "out-in-data",
            f"输出文件夹“{out}”位于数据文件夹的 {out.relative_to(root).parts[0]}/ 中，输出会混入或覆盖数据。",
            hint,
        )
    if not replaces:
        return
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        raise _refuse(out, "out-not-dir", f"“{out}”已存在，但不是文件夹（是文件或链接），不予覆盖。", hint)
    if out.is_dir() and any(out.iterdir()) and not (ours or built_by_stdkit(out)):
        raise _refuse(
            out,
            "out-not-empty",
            f"输出文件夹“{out}”不是空的，也不是 stdkit 生成的（没有 stdkit 的 manifest.json）；生成会删除其中的文件，已拒绝。",
            hint,
        )


def built_by_stdkit(out: Path) -> bool:
    """Does `out` hold a manifest.json written by `stdkit build`?"""
    try:
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(manifest, dict) and str(manifest.get("generator", "")).startswith(GENERATOR)


def write_files(out_dir: Path, files: dict[str, bytes]) -> list[Path]:
    """Write every file or none (atomic.write_all); a failure is a located error naming the folder."""
    try:
        return write_all(Path(out_dir), files)
    except OSError as exc:
        raise file_error(
            file=str(out_dir),
            code="write-failed",
            message=f"无法写入输出文件夹“{out_dir}”（{exc.strerror or exc}）。",
            hint="请换一个可写的文件夹。",
        ) from None

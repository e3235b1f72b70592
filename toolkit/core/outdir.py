"""The one guard for every output folder a command writes (`build --out`, `check --out`, …), and writing a
set of files into one all-or-nothing. An output never lands in the data it was made from."""

from __future__ import annotations

import json
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


def guard_out(root: Path, out: Path, *, replaces: bool = False, ours: bool = False) -> None:
    """Refuse an output folder that is the data folder, a folder above it or one holding its data.
    `replaces`: the command replaces the folder as a whole (`build`), so it must also be a new folder,
    an empty one, or one stdkit built (`ours`: the caller knows it recorded this folder as its output)."""
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

"""Unpacking a county's downloaded report artifact in the province's CI job, with limits: a zip from a county
repository is untrusted (a 157 KB zip can unpack to 150 MB; a member can be named ../../x or be a link).
Only regular files with relative names that stay inside DEST are written, each and all of them within
the caps below, counted as they are written (the sizes a zip declares are not trusted). Standard library
only, so it runs with any Python 3 (the CI image's own):

    python3 scripts/unzip_report.py ARTIFACT.zip DEST

Exit 0 when unpacked; 1 with a Chinese message naming the zip when it is refused (DEST then holds nothing
from it).
"""

from __future__ import annotations

import shutil
import stat
import sys
import zipfile
from pathlib import Path, PurePosixPath

MAX_MEMBERS = 50  # a report artifact holds about 10 files
MAX_MEMBER_BYTES = 32 * 1024 * 1024
MAX_TOTAL_BYTES = 64 * 1024 * 1024


class Refused(Exception):
    pass


def _target(dest: Path, info: zipfile.ZipInfo) -> Path | None:
    """Where a member goes; None for a folder entry; Refused for any other kind or an escaping name."""
    name = PurePosixPath(info.filename)
    if name.is_absolute() or ".." in name.parts or "\\" in info.filename or not name.parts:
        raise Refused(f"成员“{info.filename}”的路径越出目标文件夹")
    kind = stat.S_IFMT(info.external_attr >> 16)
    if info.is_dir():
        return None
    if kind not in (0, stat.S_IFREG):
        raise Refused(f"成员“{info.filename}”不是普通文件（链接或特殊文件）")
    return dest.joinpath(*name.parts)


def unpack(archive: Path, dest: Path) -> int:
    """Unpack `archive` into the new folder `dest`; the number of files written."""
    total = written = 0
    with zipfile.ZipFile(archive) as z:
        infos = z.infolist()
        if len(infos) > MAX_MEMBERS:
            raise Refused(f"成员过多（{len(infos)} 个，上限 {MAX_MEMBERS} 个）")
        for info in infos:
            target = _target(dest, info)
            if target is None:
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            size = 0
            with z.open(info) as src, open(target, "xb") as out:
                while chunk := src.read(1024 * 1024):
                    size += len(chunk)
                    total += len(chunk)
                    if size > MAX_MEMBER_BYTES or total > MAX_TOTAL_BYTES:
                        raise Refused(
                            f"解压后过大（单个文件上限 {MAX_MEMBER_BYTES // 1048576} MB，"
                            f"合计上限 {MAX_TOTAL_BYTES // 1048576} MB）"
                        )
                    out.write(chunk)
            written += 1
    return written


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("用法：python3 scripts/unzip_report.py 制品.zip 目标文件夹", file=sys.stderr)
        return 1
    archive, dest = Path(argv[0]), Path(argv[1])
    if dest.is_symlink() or (dest.exists() and any(dest.iterdir())):
        print(f"{archive}：目标文件夹“{dest}”已存在且不是空文件夹（或是链接），不予解压。", file=sys.stderr)
        return 1
    dest.mkdir(parents=True, exist_ok=True)
    try:
        n = unpack(archive, dest)
    except (Refused, zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError) as exc:
        shutil.rmtree(dest, ignore_errors=True)
        print(f"{archive}：已拒绝解压（{exc}）。", file=sys.stderr)
        return 1
    print(f"{archive}：已解压 {n} 个文件到 {dest}。")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

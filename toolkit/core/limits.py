"""One set of limits for every reader of a file that comes from elsewhere: a catalogue to import, a returned
comment form (xlsx, docx, csv), a county's conformance report (json), a git revision of the standard.

Each reader asks `current()` (the defaults below, changed through STDKIT_LIMITS in core/settings.py — tests
lower them to try a bomb cheaply) and uses the checks here, so a file is refused the same way wherever it
comes in: a located Chinese error naming the file, never an exception from a parser.

- `read_file`: a regular file only (no link followed, a FIFO cannot hang), its size checked before reading.
- `scan_package`: an OOXML package (xlsx, docx) before any XML parser sees it — unpacked size and parts
  bounded, a DOCTYPE or ENTITY declaration refused in any part at any offset (also in UTF-16), rows counted.
- `load_json`: size, nesting depth and integer length bounded before and while parsing.
- `check_rows`, `check_cell`: the rows of a sheet and the characters of one cell.
"""

from __future__ import annotations

import json
import os
import re
import stat
import zipfile
import zlib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import IO

from . import settings
from .errors import Problem, StdkitError

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    package_bytes: int = 16 * MB  # an xlsx/docx unpacked (a real district's catalogue: 0.5 MB)
    package_parts: int = 1000
    rows: int = 50_000  # rows of one catalogue sheet (Jianshi: 1,341 items)
    form_rows: int = 5_000  # rows of one returned comment form (the form has 200)
    columns: int = 200
    cell_chars: int = 32_767  # Excel's own limit for one cell
    table_bytes: int = 16 * MB  # one CSV
    json_bytes: int = 8 * MB  # one conformance report (Jianshi's: 0.6 MB)
    json_depth: int = 32  # a report nests 5 deep
    number_digits: int = 18  # every integer fits SQLite's 64 bits
    git_blob_bytes: int = 2 * MB  # one file of the standard in a git revision (as a data file)
    git_total_bytes: int = 64 * MB  # all files of standard/ in one revision
    git_files: int = 2_000


def current() -> Limits:
    """The defaults with the changes of the running command's settings (unknown names ignored)."""
    known = {f.name for f in fields(Limits)}
    changes = {k: v for k, v in settings.current().limits if k in known}
    return replace(Limits(), **changes)


def refuse(file: str, code: str, message: str, hint: str = "", line: int = 1, path: str = "") -> StdkitError:
    return StdkitError(
        [Problem(file=file, line=line, column=1, path=path, code=code, message=message, hint=hint)]
    )


def _size(n: int) -> str:
    return f"{n / MB:.1f} MB" if n >= MB else f"{n} 字节"


def read_file(path: Path, file: str, limit: int) -> bytes:
    """A regular file's bytes: opened without following a link and without blocking (a FIFO or device is
    refused, never read), its size checked before reading and the read itself bounded."""
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if os.path.islink(path):
            raise refuse(file, "file-link", "这是符号链接，不予读取。", "请给出文件本身。") from None
        raise refuse(file, "file-unreadable", f"无法读取文件（{exc.strerror}）。") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise refuse(file, "file-special", "这不是普通文件（文件夹、管道、设备或套接字），不予读取。")
        if info.st_size > limit:
            raise refuse(file, "file-too-large", f"文件过大（{_size(info.st_size)}，上限 {_size(limit)}）。")
        chunks, left = [], limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, MB))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > limit:
        raise refuse(file, "file-too-large", f"文件过大（超过 {_size(limit)}）。")
    return data


_DECLARATION = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
_TAIL = 64  # bytes kept between chunks: longer than any pattern searched for
PACKAGE_HINT = "请用 Excel/WPS（或 Word）打开后另存为新文件再试。"


def scan_package(path: Path | IO[bytes], file: str, row_tag: bytes = b"") -> int:
    """Check an OOXML package before parsing it: parts and unpacked size bounded, no DOCTYPE/ENTITY in any
    part; the number of `row_tag` elements (any namespace prefix: b"row", b"tr") is returned."""
    lim = current()
    rows = re.compile(rb"<(?:[\w.-]{1,32}:)?" + row_tag + rb"[\s/>]") if row_tag else None
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
            total = sum(i.file_size for i in infos)
            if len(infos) > lim.package_parts or total > lim.package_bytes:
                raise refuse(
                    file,
                    "package-too-large",
                    f"文件解压后过大（{len(infos)} 个部件、{_size(total)}；上限 {lim.package_parts} 个、"
                    f"{_size(lim.package_bytes)}）。",
                    "文件不应包含图片或大量空白格式；请另存为只含表格的文件，或导出为 CSV。",
                )
            return sum(_scan_part(z, info, file, rows) for info in infos)
    except (zipfile.BadZipFile, zlib.error, OSError, RuntimeError, NotImplementedError, EOFError) as exc:
        raise refuse(
            file, "package-unreadable", f"无法作为 Office 文件读取（{type(exc).__name__}）。", PACKAGE_HINT
        ) from None


def _scan_part(z: zipfile.ZipFile, info: zipfile.ZipInfo, file: str, rows: re.Pattern | None) -> int:
    count, tail = 0, b""
    with z.open(info) as fh:
        while chunk := fh.read(256 * 1024):
            buf = tail + chunk.replace(b"\x00", b"")  # UTF-16 text searched as ASCII
            if _DECLARATION.search(buf):
                raise refuse(
                    file,
                    "package-doctype",
                    f"文件的部件 {info.filename} 含有 DOCTYPE/ENTITY 声明，不予读取（可能是恶意文件）。",
                    PACKAGE_HINT,
                )
            if rows is not None:
                count += sum(1 for m in rows.finditer(buf) if m.end() > len(tail))
            tail = buf[-_TAIL:]
    return count


def check_rows(file: str, rows: int, limit: int, what: str = "表格") -> None:
    if rows > limit:
        raise refuse(
            file,
            "table-too-many-rows",
            f"{what}的行数过多（至少 {rows} 行，上限 {limit} 行）。",
            "请删除多余的空行，或拆分文件。",
            line=min(rows, limit + 1),
        )


def check_cell(file: str, row: int, text: str, limit: int | None = None) -> None:
    limit = current().cell_chars if limit is None else limit
    if len(text) > limit:
        raise refuse(
            file,
            "table-cell-too-long",
            f"单元格过长（{len(text)} 个字符，上限 {limit} 个）。",
            "一个单元格只写一项内容。",
            line=row,
        )


_STRINGS = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_OPEN, _CLOSE = b"[{", b"]}"


def json_depth(raw: bytes) -> int:
    """The deepest nesting of brackets outside strings (without parsing: a parser may recurse first)."""
    brackets = _STRINGS.sub(b"", raw).translate(None, bytes(set(range(256)) - set(b"[]{}")))
    depth = deepest = 0
    for b in brackets:
        depth += 1 if b in _OPEN else -1
        deepest = max(deepest, depth)
    return deepest


def load_json(raw: bytes, file: str) -> object:
    """Parse JSON from elsewhere: size, nesting and integer length bounded; the problems located."""
    lim = current()
    if len(raw) > lim.json_bytes:
        raise refuse(file, "json-too-large", f"文件过大（{_size(len(raw))}，上限 {_size(lim.json_bytes)}）。")
    if json_depth(raw) > lim.json_depth:
        raise refuse(file, "json-too-deep", f"JSON 嵌套过深（超过 {lim.json_depth} 层）。")

    def integer(text: str) -> int:
        if len(text.lstrip("-")) > lim.number_digits:
            raise ValueError(f"整数过长（{len(text)} 位，上限 {lim.number_digits} 位）")
        return int(text)

    try:
        return json.loads(raw.decode("utf-8"), parse_int=integer, parse_constant=_no_constant)
    except UnicodeDecodeError:
        raise refuse(file, "json-encoding", "文件不是 UTF-8 编码的文本。") from None
    except json.JSONDecodeError as exc:
        raise refuse(file, "json-syntax", f"不是合法的 JSON（{exc.msg}）。", line=exc.lineno) from None
    except (ValueError, RecursionError) as exc:
        raise refuse(file, "json-value", f"JSON 中的值不予接受：{exc}。") from None


def _no_constant(name: str) -> object:
    raise ValueError(f"{name} 不是 JSON 数值")

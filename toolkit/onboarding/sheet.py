"""Reading a catalogue spreadsheet (XLSX or CSV) into rows of text cells, with clear Chinese errors
for what a spreadsheet exported by hand tends to contain: title rows above the header, merged cells,
numbers stored as text or as numbers, full-width digits, GBK-encoded CSV, a file that is not a table."""

from __future__ import annotations

import csv
import io
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..core import limits, safefs
from ..core.errors import Problem, StdkitError

HEADER_SCAN_ROWS = 10
# The limits for a catalogue from elsewhere are core/limits.py's (one set for every reader).


@dataclass
class Table:
    file: str
    header_row: int
    columns: dict[str, int]  # column title -> 1-based column index
    rows: list[tuple[int, list[str]]]  # (row number in the sheet, cells as text)
    note: str = ""  # e.g. which encoding a CSV was read with
    sheet: str = ""  # the worksheet read (an .xlsx)
    sheets: tuple[str, ...] = ()  # every worksheet of the workbook (an .xlsx)


def _err(
    file: str, row: int, msg: str, hint: str = "", code: str = "import-file", col: int = 1, path: str = ""
) -> StdkitError:
    return StdkitError(
        [Problem(file=file, line=row, column=col, path=path, code=code, message=msg, hint=hint)]
    )


def cell_text(value) -> str:
    """A cell as text, exactly as written (official names keep their full-width punctuation): integral
    floats lose their '.0', booleans become 是/否. Only surrounding spaces are removed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip(" \t\u3000")


def trimmed_note(raw: list[tuple[int, list]], csv_lines: bool = False) -> str:
    """Name the cells whose surrounding spaces were removed (an official name with a trailing space is
    still that name, but the county should know its export has them)."""
    from openpyxl.utils import get_column_letter

    found = [
        (n, c)
        for n, cells in raw
        for c, v in enumerate(cells, start=1)
        if isinstance(v, str) and v != v.strip(" \t\u3000") and v.strip(" \t\u3000")
    ]
    if not found:
        return ""
    where = "、".join(f"第{n}行第{get_column_letter(c)}列" for n, c in found[:3])
    unit = "（CSV 的行号是文本行）" if csv_lines else ""
    return f"去掉了{len(found)}个单元格首尾的空格（如{where}{unit}）"


def normalise(text: str) -> str:
    """For codes and words compared against code lists (types, headers, yes/no, numbers): full-width
    digits and letters become half-width, spaces and line breaks go."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in text if not ch.isspace() and ch not in "\u200b\ufeff")


def _decode_csv(raw: bytes, file: str) -> tuple[str, str]:
    if b"\x00" in raw[:4096]:
        raise _err(
            file,
            1,
            "文件含有二进制内容，不是 CSV 文本表格。",
            "请从 Excel/WPS 另存为 .xlsx 或“CSV（逗号分隔）”。",
        )
    try:
        return raw.decode("utf-8-sig"), ""
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("gb18030"), "按 GBK（GB18030）编码读取"
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise _err(
            file,
            line,
            "CSV 文件既不是 UTF-8 也不是 GBK 编码，无法读取。",
            "请在 Excel/WPS 中另存为“CSV UTF-8（逗号分隔）”或 .xlsx。",
        ) from None


def _csv_rows(raw: bytes, file: str) -> tuple[list[tuple[int, list[str]]], str]:
    text, note = _decode_csv(raw, file)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    lim = limits.current()
    try:
        rows, cells, start = [], [], 1  # a row is cited by the text line it starts on
        for row in reader:
            limits.check_rows(file, reader.line_num, lim.rows + HEADER_SCAN_ROWS, "事项目录")
            for c in row:
                limits.check_cell(file, reader.line_num, c, lim.cell_chars)
            rows.append((start, [cell_text(c) for c in row]))
            cells.append((start, row))
            start = reader.line_num + 1
        return rows, "；".join(filter(None, (note, trimmed_note(cells, csv_lines=True))))
    except csv.Error as exc:
        raise _err(file, reader.line_num, f"CSV 格式错误（{exc}）。", "检查该行的引号是否成对。") from None


def _check_xlsx_package(path: Path, file: str) -> None:
    """Before openpyxl parses anything (core/limits.py): the package's unpacked size and parts bounded (a
    small file can unpack to gigabytes), no DOCTYPE/ENTITY in any part at any offset (XXE, billion laughs),
    the rows of every sheet counted against the cap."""
    lim = limits.current()
    limits.check_rows(file, limits.scan_package(path, file, b"row"), lim.rows, "事项目录")


def _load_workbook(path: Path, file: str):
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    _check_xlsx_package(path, file)
    try:
        wb = load_workbook(path, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise _err(
            file,
            1,
            f"无法作为 Excel 工作簿读取（{type(exc).__name__}）。",
            "文件可能已损坏，或只是改了扩展名；请用 Excel/WPS 另存为 .xlsx。",
        ) from None
    except Exception as exc:  # noqa: BLE001 — any parser failure on a foreign file is the file's fault
        raise _err(
            file,
            1,
            f"Excel 工作簿的内容无法解析（{type(exc).__name__}）。",
            "文件可能已损坏或被改动；请用 Excel/WPS 打开后另存为 .xlsx。",
        ) from None
    if not wb.worksheets:
        raise _err(file, 1, "工作簿中没有工作表。", "请确认事项目录在工作簿中。")
    return wb


def _sheet_rows(ws, file: str) -> tuple[list[tuple[int, list[str]]], list[str]]:
    """Rows of one worksheet as text. A merged range's value is repeated in each of its cells (a merged
    title row stays a title row; a department merged down several rows fills each row)."""
    lim = limits.current()
    if ws.max_row > lim.rows or ws.max_column > lim.columns:
        raise _err(
            file,
            1,
            f"工作表“{ws.title}”过大（{ws.max_row} 行 × {ws.max_column} 列，上限 {lim.rows} 行 × "
            f"{lim.columns} 列）。",
            "事项目录一行一个事项；请删除多余的行和列，或拆分文件。",
        )

    raw = [list(row) for row in ws.iter_rows(values_only=True)]
    grid = [[cell_text(v) for v in row] for row in raw]
    notes = list(filter(None, [trimmed_note(list(enumerate(raw, start=1)))]))
    for r in sorted(ws.merged_cells.ranges, key=lambda r: (r.min_row, r.min_col)):
        value = grid[r.min_row - 1][r.min_col - 1] if r.min_row - 1 < len(grid) else ""
        if r.max_row > r.min_row:
            notes.append(f"合并单元格 {r.coord} 的值已填入第{r.min_row}–{r.max_row}行")
        for row in range(r.min_row, min(r.max_row, len(grid)) + 1):
            cells = grid[row - 1]
            cells.extend([""] * (r.max_col - len(cells)))
            for col in range(r.min_col, r.max_col + 1):
                if r.max_row > r.min_row or col == r.min_col:
                    cells[col - 1] = value
                else:
                    cells[col - 1] = ""
    return list(enumerate(grid, start=1)), notes


def _find_header(rows, columns: dict[str, str]) -> tuple[int, dict[str, int]] | None:
    """The first row (of the first HEADER_SCAN_ROWS) naming at least two known columns."""
    for number, cells in rows[:HEADER_SCAN_ROWS]:
        found: dict[str, int] = {}
        for i, title in enumerate(cells, start=1):
            key = columns.get(_header_key(title))
            if key and key not in found:
                found[key] = i
        if len(found) >= 2:
            return number, found
    return None


def _header_key(title: str) -> str:
    text = normalise(title).replace("*", "").replace("(必填)", "").replace("(选填)", "")
    return text


def read_sheet(
    path: Path, columns: dict[str, str], required: tuple[str, ...], sheet: str | None = None
) -> Table:
    """Read a .csv, or the sheet of an .xlsx that holds the header (or the sheet named `sheet`); find the
    header row among title rows; return its data rows. `columns` maps every header word (synonyms
    included, normalised) to its column's canonical name."""
    file = str(path)
    if not path.exists():
        raise _err(file, 1, "找不到事项目录文件。")
    head = safefs.read_bytes(path, file, limits.current().package_bytes)[
        :8
    ]  # a regular file (no FIFO, no device)
    suffix = path.suffix.lower()
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise _err(
            file,
            1,
            "这是旧版 Excel（.xls）文件，不能直接读取。",
            "请在 Excel/WPS 中另存为 .xlsx 或 CSV 后再导入。",
        )
    if suffix == ".xlsx" or head.startswith(b"PK\x03\x04"):
        if not head.startswith(b"PK\x03\x04"):
            raise _err(
                file,
                1,
                "扩展名是 .xlsx，但文件内容不是 Excel 工作簿。",
                "请用 Excel/WPS 打开并另存为 .xlsx。",
            )
        return _read_xlsx(path, file, columns, required, sheet)
    if suffix in (".csv", ".txt"):
        rows, note = _csv_rows(safefs.read_bytes(path, file, limits.current().table_bytes), file)
        return _table(file, rows, columns, required, [note] if note else [])
    raise _err(
        file, 1, f"不支持的文件类型“{path.suffix or '（无扩展名）'}”：事项目录应为 .xlsx 或 .csv 表格。"
    )


def _read_xlsx(path: Path, file: str, columns: dict[str, str], required, sheet: str | None) -> Table:
    wb = _load_workbook(path, file)
    names = wb.sheetnames
    if sheet is not None:
        if sheet not in names:
            raise _err(
                file,
                1,
                f"工作簿中没有名为“{sheet}”的工作表。",
                f"现有工作表：{'、'.join(names)}。",
                code="import-sheet",
            )
        candidates = [sheet]
    else:
        candidates = names
    for name in candidates:
        rows, notes = _sheet_rows(wb[name], file)
        if _find_header(rows, columns) is not None or sheet is not None:
            if len(names) > 1:
                notes.insert(0, f"读取工作表“{name}”（共{len(names)}个工作表）")
            table = _table(f"{file}［{name}］" if len(names) > 1 else file, rows, columns, required, notes)
            table.sheet, table.sheets = name, tuple(names)
            return table
    raise _err(
        file,
        1,
        f"在{len(names)}个工作表（{'、'.join(names)}）的前{HEADER_SCAN_ROWS}行中都找不到表头"
        f"（应含列：{'、'.join(required)}）。",
        "表头是列名所在的一行；可用 --sheet 工作表名 指定工作表。",
        code="import-columns",
    )


def _table(file: str, rows, columns: dict[str, str], required, notes: list[str]) -> Table:
    found = _find_header(rows, columns)
    if found is None:
        raise _err(
            file,
            1,
            f"在前{HEADER_SCAN_ROWS}行中找不到表头（应含列：{'、'.join(required)}）。",
            "第一行（或标题行之后的一行）应为列名；列名可用的写法见 toolkit/codelists/import-columns.csv。",
            code="import-columns",
        )
    number, found_columns = found
    missing = [c for c in required if c not in found_columns]
    if missing:
        header = [t for _, cells in rows if _ == number for t in cells if t]
        raise _err(
            file,
            number,
            f"表头缺少必需的列：{'、'.join(missing)}。",
            f"必需的列：{'、'.join(required)}（同义写法见 toolkit/codelists/import-columns.csv）；"
            f"表头中现有：{'、'.join(header)}。",
            code="import-columns",
        )
    data = [(n, c) for n, c in rows if n > number]
    return Table(file, number, found_columns, data, "；".join(notes))

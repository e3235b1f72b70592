"""The comment form a department fills (XLSX with a drop-down of the draft's clause numbers) and reading
returned forms (.xlsx, .csv, .docx tables) into rows."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ..core import escape, limits
from ..core.errors import Problem, StdkitError
from ..office.package import workbook_bytes
from .clauses import ClauseIndex

COLUMNS = [
    ("序号", 6),
    ("章条编号", 12),
    ("意见内容", 50),
    ("修改建议", 50),
    ("提出单位", 24),
    ("联系人", 16),
]
# Header spellings found on forms in the wild -> the field they fill.
HEADERS = {
    "序号": "serial",
    "章条编号": "number",
    "标准章条编号": "number",
    "条款编号": "number",
    "章条号": "number",
    "意见内容": "text",
    "意见": "text",
    "修改建议": "suggestion",
    "建议": "suggestion",
    "提出单位": "unit",
    "单位": "unit",
    "联系人": "contact",
    "联系人及电话": "contact",
}
FORM_ROWS = 200
INSTRUCTIONS = [
    "填写说明",
    "1. 每条意见填一行；“章条编号”请从下拉列表中选择（如 5.2、表1、附录A；对全文的意见选“全文”）。",
    "2. “意见内容”写明问题所在，“修改建议”尽量给出建议的条文表述。",
    "3. 每行都要填写“提出单位”，便于汇总处理时按单位统计。",
    "4. 请勿修改表头、增删列；填好后按通知要求的时间反馈。",
]


@dataclass
class FormRow:
    file: str
    row: int  # line in the file (spreadsheet row, CSV line, or the row of the Word table)
    values: dict[str, object]

    @property
    def where(self) -> str:
        return f"{self.file}:{self.row}"


def template(index: ClauseIndex, title: str, when) -> bytes:
    """The comment form: a drop-down of the real clause labels on 章条编号, instructions on sheet 2."""
    wb = Workbook()
    ws = wb.worksheets[0]
    ws.title = "意见反馈表"
    escape.set_text(ws.cell(row=1, column=1), title)
    ws["A1"].font = Font(bold=True, size=14)
    for i, (name, width) in enumerate(COLUMNS, start=1):
        cell = ws.cell(row=2, column=i)
        escape.set_text(cell, name)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDDDDD")
        cell.alignment = Alignment(horizontal="center")
        ws.column_dimensions[get_column_letter(i)].width = width
    for r in range(3, 3 + FORM_ROWS):
        ws.cell(row=r, column=1, value=r - 2)
        for c in range(3, 5):
            ws.cell(row=r, column=c).alignment = Alignment(wrap_text=True, vertical="top")
    help_ws = wb.create_sheet("填写说明")
    for line in INSTRUCTIONS:
        help_ws.append([line])
    help_ws.column_dimensions["A"].width = 100
    lists = wb.create_sheet("章条编号")
    for n, label in enumerate(index.labels, start=1):
        escape.set_text(lists.cell(row=n, column=1), label)
    lists.sheet_state = "hidden"
    dv = DataValidation(
        type="list",
        formula1=f"'章条编号'!$A$1:$A${len(index.labels)}",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="章条编号",
        error="请从下拉列表中选择本稿中存在的章条编号。",
    )
    dv.prompt, dv.promptTitle, dv.showInputMessage = "请选择意见所针对的章条", "章条编号", True
    ws.add_data_validation(dv)
    dv.add(f"B3:B{2 + FORM_ROWS}")
    ws.freeze_panes = "A3"
    return workbook_bytes(wb, title, when)


def _bad(rel: str, row: int, msg: str, hint: str = "") -> StdkitError:
    return StdkitError(
        [Problem(file=rel, line=row, column=1, path="", code="comment-form", message=msg, hint=hint)]
    )


def _header(cells: list[object]) -> dict[int, str] | None:
    found: dict[int, str] = {}
    for i, cell in enumerate(cells):
        key = "".join(str(cell or "").split())
        if key in HEADERS and HEADERS[key] not in found.values():
            found[i] = HEADERS[key]
    return found if {"number", "text"} <= set(found.values()) else None


def _rows(rel: str, table: list[tuple[int, list[object]]]) -> list[FormRow]:
    for k, (_, cells) in enumerate(table[:10]):
        cols = _header(cells)
        if cols:
            break
    else:
        raise _bad(
            rel,
            1,
            "没有找到意见表的表头（应有“章条编号”和“意见内容”两列）。",
            "请使用 stdkit comments template 生成的意见反馈表，或在表头写明 序号、章条编号、意见内容、修改建议、提出单位、联系人。",
        )
    out = []
    for line, cells in table[k + 1 :]:
        values = {f: (cells[i] if i < len(cells) else None) for i, f in cols.items()}
        if all(v is None or not str(v).strip() for f, v in values.items() if f != "serial"):
            continue  # an unused row of the form
        out.append(FormRow(rel, line, values))
    return out


def read_form(path: Path, rel: str) -> list[FormRow]:
    """The filled rows of one returned form (.xlsx, .csv or .docx), read within core/limits.py: a regular
    file of bounded size, a package checked before any XML parser sees it, rows and cells bounded."""
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".csv", ".docx"):
        raise _bad(rel, 1, f"不支持的文件类型“{path.suffix}”。", "意见反馈表应为 .xlsx、.csv 或 .docx 文件。")
    lim = limits.current()
    data = limits.read_file(path, rel, lim.table_bytes if suffix == ".csv" else lim.package_bytes)
    if suffix == ".xlsx":
        return _rows(rel, _xlsx(data, rel))
    if suffix == ".csv":
        return _rows(rel, _csv(data, rel))
    return _rows(rel, _docx(data, rel))


def _cells(rel: str, n: int, row, lim: limits.Limits) -> list[object]:
    """One row's cells, each within the cell cap, at most `columns` of them."""
    limits.check_rows(rel, n, lim.form_rows, "意见表")
    cells = [*row][: lim.columns]
    for c in cells:
        if isinstance(c, str):
            limits.check_cell(rel, n, c, lim.cell_chars)
    return cells


def _xlsx(data: bytes, rel: str) -> list[tuple[int, list[object]]]:
    from openpyxl import load_workbook

    lim = limits.current()
    limits.check_rows(rel, limits.scan_package(io.BytesIO(data), rel, b"row"), lim.form_rows, "意见表")
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=False)  # a typed "=…" stays text
        ws = wb.worksheets[0]
        ws.reset_dimensions()  # a stale <dimension> must not hide the rows after it
        table = [(n, _cells(rel, n, row, lim)) for n, row in enumerate(ws.iter_rows(values_only=True), 1)]
        wb.close()
    except StdkitError:
        raise
    except Exception as exc:  # noqa: BLE001 — any unreadable workbook is the sender's problem
        raise _bad(rel, 1, f"无法读取 Excel 文件（{type(exc).__name__}）。") from None
    return table


def _csv(raw: bytes, rel: str) -> list[tuple[int, list[object]]]:
    for enc in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise _bad(rel, 1, "CSV 文件既不是 UTF-8 也不是 GB18030 编码。")
    lim = limits.current()
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        return [(reader.line_num, _cells(rel, reader.line_num, row, lim)) for row in reader]
    except csv.Error as exc:  # a cell over csv's own field limit (128 KB), or an open quote
        raise _bad(
            rel, reader.line_num, f"CSV 格式错误（{exc}）。", "单元格不能过长；检查引号是否成对。"
        ) from None


def _docx(data: bytes, rel: str) -> list[tuple[int, list[object]]]:
    from docx import Document

    lim = limits.current()
    limits.check_rows(rel, limits.scan_package(io.BytesIO(data), rel, b"tr"), lim.form_rows, "意见表")
    try:
        doc = Document(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001
        raise _bad(rel, 1, f"无法读取 Word 文件（{type(exc).__name__}）。") from None
    for table in doc.tables:
        rows = [
            (n, _cells(rel, n, [c.text.strip() for c in row.cells], lim))
            for n, row in enumerate(table.rows, 1)
        ]
        if any(_header(cells) for _, cells in rows[:10]):
            return rows
    raise _bad(rel, 1, "Word 文件中没有含“章条编号”“意见内容”列的表格。")

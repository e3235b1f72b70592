"""The 征求意见汇总处理表 (DOCX and XLSX): one row per comment in the order of the current draft, clause
numbers recomputed from the stable ids, and the summary line counted from the decisions."""

from __future__ import annotations

import io
from dataclasses import dataclass

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from ..core import escape
from ..core.models.comments import PENDING
from ..office import ooxml as ox
from ..office.package import workbook_bytes
from ..standard.metadata import Metadata
from .clauses import ClauseIndex
from .store import Batch, all_comments, load_batches

COLUMNS = [("序号", 8), ("标准章条编号", 14), ("意见内容", 60), ("提出单位", 24), ("处理意见", 44)]


@dataclass
class Row:
    serial: int
    number: str
    text: str
    unit: str
    handling: str
    decision: str
    comment: str = ""  # the comment alone (text holds the suggestion too)
    reason: str = ""


def rows(batches: list[Batch], index: ClauseIndex) -> list[Row]:
    """Comments ordered by their clause's place in the current draft (removed clauses last)."""
    found = all_comments(batches)
    found.sort(key=lambda t: index.order.get(t[2].clause, len(index.order)))
    out = []
    for n, (_, _, c) in enumerate(found, start=1):
        label = index.label(c.clause)
        number = label if label is not None else f"{c.number}（本稿已删除）"
        text = c.text + (f"\n修改建议：{c.suggestion}" if c.suggestion else "")
        handling = c.decision if not c.reason else f"{c.decision}。{c.reason}"
        shown = "尚未处理" if c.decision == PENDING else handling
        out.append(Row(n, number, text, c.unit, shown, c.decision, c.text, c.reason))
    return out


def rejected(root, index: ClauseIndex) -> list[Row]:
    """The 未采纳 comments (the 编制说明's 重大分歧意见), in the 汇总处理表's order and numbering."""

    return [r for r in rows(load_batches(root), index) if r.decision == "未采纳"]


def summary_line(table: list[Row]) -> str:
    count = {d: sum(1 for r in table if r.decision == d) for d in ("采纳", "部分采纳", "未采纳", PENDING)}
    units = len({r.unit for r in table})
    line = (
        f"共收到{units}个单位{len(table)}条意见，采纳{count['采纳']}条，部分采纳{count['部分采纳']}条，"
        f"未采纳{count['未采纳']}条"
    )
    return line + (f"，尚未处理{count[PENDING]}条。" if count[PENDING] else "。")


def title(meta: Metadata) -> str:
    return f"《{meta.title}》（{meta.stage}）征求意见汇总处理表"


def to_xlsx(meta: Metadata, table: list[Row]) -> bytes:
    wb = Workbook()
    ws = wb.worksheets[0]
    ws.title = "征求意见汇总处理表"
    escape.set_text(ws.cell(row=1, column=1), title(meta))
    ws["A1"].font = Font(bold=True, size=14)
    escape.set_text(
        ws.cell(row=2, column=1), f"标准项目名称：{meta.title}　　负责起草单位：{meta.drafting_units[0]}"
    )
    for i, (name, width) in enumerate(COLUMNS, start=1):
        escape.set_text(ws.cell(row=3, column=i), name)
        ws.cell(row=3, column=i).font = Font(bold=True)
        ws.column_dimensions[get_column_letter(i)].width = width
    wrap = Alignment(wrap_text=True, vertical="top")
    for r in table:
        ws.append([None] * len(COLUMNS))
        for i, value in enumerate((r.serial, r.number, r.text, r.unit, r.handling), start=1):
            cell = ws.cell(row=ws.max_row, column=i)
            escape.set_text(cell, value)
            cell.alignment = wrap
    escape.set_text(ws.cell(row=ws.max_row + 1, column=1), "说明：" + summary_line(table))
    ws.freeze_panes = "A4"
    when = meta.date_time()
    return workbook_bytes(wb, title(meta), when)


def _para(doc, text: str, size: float, east: str = ox.SONG, bold: bool = False, center: bool = False):
    p = doc.add_paragraph()
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run(escape.xml_text(text))
    ox.run_fonts(run, east, size, bold)
    return p


def to_docx(meta: Metadata, table: list[Row]) -> bytes:
    doc = Document()
    ox.doc_defaults(doc)
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(20))
    cp = doc.core_properties
    when = meta.date_time()
    cp.title, cp.subject, cp.author = title(meta), meta.number, meta.drafting_units[0]
    cp.last_modified_by = meta.drafting_units[0]
    cp.created = cp.modified = cp.last_printed = when
    cp.revision = 1
    _para(doc, title(meta), 16, ox.HEI, center=True)
    _para(doc, f"标准项目名称：{meta.title}　　负责起草单位：{meta.drafting_units[0]}", 10.5)
    grid = doc.add_table(rows=1, cols=len(COLUMNS))
    grid.style = "Table Grid"
    for cell, (name, _) in zip(grid.rows[0].cells, COLUMNS, strict=True):
        cell.text = ""
        ox.run_fonts(cell.paragraphs[0].add_run(name), ox.HEI, 10.5)
    for r in table:
        cells = grid.add_row().cells
        for cell, value in zip(cells, (str(r.serial), r.number, r.text, r.unit, r.handling), strict=True):
            ox.run_fonts(cell.paragraphs[0].add_run(escape.xml_text(value)), ox.SONG, 10.5)
    for row in grid.rows:
        for cell, (_, width) in zip(row.cells, COLUMNS, strict=True):
            cell.width = Mm(width * 1.6)
    _para(doc, "说明：" + summary_line(table), 10.5).paragraph_format.space_before = Pt(6)
    buf = io.BytesIO()
    doc.save(buf)
    return ox.fixed_zip(buf.getvalue(), when.timetuple()[:6])


def compile_summary(root, meta: Metadata, index: ClauseIndex) -> dict[str, bytes]:
    """File name -> bytes of the 汇总处理表, or {} when no comment was received yet."""

    batches = load_batches(root)
    if not batches:
        return {}
    table = rows(batches, index)
    return {"comments-summary.docx": to_docx(meta, table), "comments-summary.xlsx": to_xlsx(meta, table)}

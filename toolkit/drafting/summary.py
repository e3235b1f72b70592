"""The 征求意见汇总处理表 (DOCX and XLSX): one row per comment in the order of the current draft, clause
numbers recomputed from the stable ids, and the summary line counted from the decisions."""

from __future__ import annotations

import io
from dataclasses import dataclass

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from ..core import escape
from ..core.folder import as_folder
from ..core.guide import PENDING as PENDING_FACT
from ..core.models.comments import PENDING
from ..office import ooxml as ox
from ..office.package import workbook_bytes
from ..standard.metadata import Metadata
from .clauses import ClauseIndex
from .rounds import Round, rounds
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


def summary_line(table: list[Row], rnd: Round | None = None) -> str:
    """The counts under the table: units asked, replied and 无意见 (from the round's record), units that
    commented (an expert panel is one panel, not a unit), comments by decision."""
    count = {d: sum(1 for r in table if r.decision == d) for d in ("采纳", "部分采纳", "未采纳", PENDING)}
    units = len({r.unit for r in table})
    head = ""
    if rnd is not None and rnd.record is not None and rnd.record.units:
        c = rnd.counts()
        head = f"征求意见{c['asked']}个单位，{c['replied']}个单位回复（其中{c['no_comment']}个单位无意见）；"
    who = "审查专家组提出" if rnd is not None and rnd.kind == "专家审查" else f"共收到{units}个单位"
    line = (
        f"{head}{who}{len(table)}条意见，采纳{count['采纳']}条，部分采纳{count['部分采纳']}条，"
        f"未采纳{count['未采纳']}条"
    )
    return line + (f"，尚未处理{count[PENDING]}条。" if count[PENDING] else "。")


def title(meta: Metadata, rnd: Round | None = None) -> str:
    """The table's title names the draft the comments were made on, not the current stage."""
    if rnd is None:
        return f"《{meta.title}》（{meta.stage}）征求意见汇总处理表"
    return f"《{meta.title}》（{rnd.stage}）{rnd.table_title}"


def _panel_lines(rnd: Round | None) -> list[str]:
    """专家审查: the panel and its conclusion (待补充 until recorded)."""
    if rnd is None or rnd.kind != "专家审查":
        return []
    rec = rnd.record
    panel = "、".join(
        f"{e.name}（{'，'.join(x for x in (e.role, e.unit, e.title) if x)}）"
        if (e.role or e.unit or e.title)
        else e.name
        for e in (rec.panel if rec else [])
    )
    when = rec.opened if rec else ""
    return [
        f"审查日期：{when or PENDING_FACT}",
        f"审查专家组：{panel or PENDING_FACT}",
        f"审查结论：{(rec.conclusion if rec else '') or PENDING_FACT}",
    ]


def to_xlsx(meta: Metadata, table: list[Row], rnd: Round | None = None) -> bytes:
    wb = Workbook()
    ws = wb.worksheets[0]
    ws.title = rnd.table_title if rnd is not None else "征求意见汇总处理表"
    escape.set_text(ws.cell(row=1, column=1), title(meta, rnd))
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
    escape.set_text(ws.cell(row=ws.max_row + 1, column=1), "说明：" + summary_line(table, rnd))
    for line in _panel_lines(rnd):
        escape.set_text(ws.cell(row=ws.max_row + 1, column=1), line)
    ws.freeze_panes = "A4"
    _a4_print(ws)
    when = meta.date_time()
    return workbook_bytes(wb, title(meta, rnd), when)


def _a4_print(ws) -> None:
    """Printed on A4 landscape, one page wide, the header row on every page, "第 X 页 共 Y 页" below."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.print_title_rows = "3:3"
    ws.oddFooter.center.text = "第 &P 页 共 &N 页"


def _para(doc, text: str, size: float, east: str = ox.SONG, bold: bool = False, center: bool = False):
    p = doc.add_paragraph()
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run(escape.xml_text(text))
    ox.run_fonts(run, east, size, bold)
    return p


def to_docx(meta: Metadata, table: list[Row], rnd: Round | None = None) -> bytes:
    doc = Document()
    ox.doc_defaults(doc)
    ox.a4_page(doc, landscape=True)
    cp = doc.core_properties
    when = meta.date_time()
    cp.title, cp.subject, cp.author = title(meta, rnd), meta.number, meta.drafting_units[0]
    cp.last_modified_by = meta.drafting_units[0]
    cp.created = cp.modified = cp.last_printed = when
    cp.revision = 1
    _para(doc, title(meta, rnd), 16, ox.HEI, center=True)
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
    ox.table_layout(grid, [width * 1.6 for _, width in COLUMNS])
    _para(doc, "说明：" + summary_line(table, rnd), 10.5).paragraph_format.space_before = Pt(6)
    for line in _panel_lines(rnd):
        _para(doc, line, 10.5)
    buf = io.BytesIO()
    doc.save(buf)
    return ox.fixed_zip(buf.getvalue(), when.timetuple()[:6])


def file_stem(rnd: Round, n: int) -> str:
    """comments-summary (征求意见), expert-review (专家审查), round-N (any other)."""
    return {"征求意见": "comments-summary", "专家审查": "expert-review"}.get(rnd.kind, f"round-{n}")


def compile_summary(root, meta: Metadata, index: ClauseIndex) -> dict[str, bytes]:
    """File name -> bytes of each round's table (征求意见汇总处理表, 专家审查意见处理表 …), for every round
    that has comments or a record; {} before any."""
    out: dict[str, bytes] = {}
    for n, rnd in enumerate(rounds(as_folder(root)), start=1):
        if not rnd.batches and rnd.record is None:
            continue
        table = rows(rnd.batches, index)
        stem = file_stem(rnd, n)
        out[f"{stem}.docx"] = to_docx(meta, table, rnd)
        out[f"{stem}.xlsx"] = to_xlsx(meta, table, rnd)
    return out

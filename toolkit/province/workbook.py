"""The province office's workbook: one sheet per database view, header row frozen, filters on; every
string stored as text (toolkit.core.escape.set_text — a value starting with = + - @ is never a formula)."""

from __future__ import annotations

import sqlite3

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, Cell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from ..core.escape import set_text, xlsx_text
from ..office.package import moment, workbook_bytes

SHEETS = {
    "county_summary": "各县汇总",
    "prefecture_summary": "各市州",
    "requirement_failures": "要求不符合排名",
    "requirement_counties": "不符合的县",
    "not_reported": "未报告的县",
    "not_reported_rounds": "各轮未报告的县",
    "trend": "各轮趋势",
    "changes": "较上一轮变化",
    "latest_rounds": "最新一轮",
}
HEADERS = {
    "prefecture": "市（州）",
    "county": "县（市、区）",
    "division_code": "行政区划代码",
    "round": "轮次",
    "generated": "检查时间",
    "shall_met": "“应”符合",
    "shall_total": "“应”条数",
    "should_met": "“宜”符合",
    "should_total": "“宜”条数",
    "shall_failed": "“应”不符合",
    "should_failed": "“宜”不符合",
    "passed": "全部“应”无不符合",
    "requirement": "要求编号",
    "clause": "条款",
    "level": "类型",
    "text": "要求",
    "counties_failing": "不符合的县数",
    "counties_reporting": "报告的县数",
    "before": "上一轮",
    "after": "本轮",
    "id": "编号",
    "toolkit": "工具包版本",
    "standard": "标准",
    "data_fingerprint": "数据指纹",
    "source": "报告文件",
    "rank": "名次",
    "score": "得分（%）",
    "attested_accepted": "自行核查（已采纳）",
    "attested_pending": "自行核查（待审核）",
    "period": "收集轮次",
    "trust": "签名",
    "edition": "标准指纹",
    "prefecture_code": "市（州）代码",
    "counties_expected": "应报告的县数",
    "mean_score": "平均得分（%）",
    "counties_passing": "“应”无不符合的县数",
    "message": "说明",
    "direction": "变化",
    "failed_shall": "“应”不符合",
}


def text_cell(ws, value) -> Cell:
    cell = WriteOnlyCell(ws)
    set_text(cell, value)
    return cell


def row_value(ws, value):
    """A value as openpyxl's own cell would store it, or a text cell where it would not store it as text
    (a string it reads as a formula or an error code, anything but text and numbers): the same sheet as
    a text_cell for every value, without building a cell object for each of 150,000 values."""
    value = xlsx_text(value)
    if value is None or type(value) in (int, float):
        return value
    if type(value) is str and not value.startswith("=") and value not in ERROR_CODES:
        return value
    return text_cell(ws, value)


def header_cell(ws, value: str) -> Cell:
    cell = text_cell(ws, value)
    cell.font = Font(bold=True)
    cell.fill = PatternFill("solid", fgColor="DDDDDD")
    return cell


def build_workbook(db: sqlite3.Connection, title: str) -> bytes:
    wb = Workbook(write_only=True)  # streamed: thousands of counties stay fast
    for view, name in SHEETS.items():
        rows = db.execute(f"SELECT * FROM {view}").fetchall()  # view names: the constants above
        columns = (
            list(rows[0].keys()) if rows else [d[0] for d in db.execute(f"SELECT * FROM {view}").description]
        )
        ws = wb.create_sheet(name)
        last = get_column_letter(len(columns))
        ws.auto_filter.ref = f"A1:{last}{max(len(rows) + 1, 2)}"
        ws.freeze_panes = "A2"
        for i, col in enumerate(columns, start=1):
            ws.column_dimensions[get_column_letter(i)].width = 40 if col in ("text", "source") else 14
        ws.append([header_cell(ws, HEADERS.get(c, c)) for c in columns])
        for row in rows:
            ws.append([row_value(ws, value) for value in row])
    when = moment()
    return workbook_bytes(wb, title, when)

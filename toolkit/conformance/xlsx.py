"""The inspector's checklist workbook (openpyxl): automated results pre-filled, manual rows left for
the inspector, a result drop-down on every row, evidence and notes columns, reproducible bytes."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ..core.escape import set_text
from ..office.package import moment, workbook_bytes
from .registry import MANUAL, STATUSES
from .reports import method_text, standard_title
from .runner import Report

COLUMNS = [
    ("序号", 6),
    ("章", 18),
    ("条款", 9),
    ("要求编号", 14),
    ("类型", 6),
    ("要求", 60),
    ("核查方式", 36),
    ("自动检查说明", 48),
    ("位置", 30),
    ("核查结果", 12),
    ("证据", 30),
    ("备注", 24),
]
RESULT_COL = get_column_letter([name for name, _ in COLUMNS].index("核查结果") + 1)
FILLS = {"符合": "E6F4EA", "不符合": "FDE7E9", "不适用": "EEEEEE", "待人工核查": "FFF4E0"}


def build_workbook(report: Report, title: str | None = None) -> bytes:
    wb = Workbook()
    ws = wb.worksheets[0]  # a new workbook has one sheet
    ws.title = "核查表"
    head = title or f"{report.county or '（被核查县）'} {standard_title(report)} 符合性核查表"
    set_text(ws["A1"], head)  # every data value is a string cell: a leading "=" is never a formula
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([c for c, _ in COLUMNS])
    for i, (_, width) in enumerate(COLUMNS, start=1):
        cell = ws.cell(row=2, column=i)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDDDDD")
        ws.column_dimensions[get_column_letter(i)].width = width
    wrap = Alignment(wrap_text=True, vertical="top")
    for n, row in enumerate(report.rows, start=1):
        req = row.requirement
        automated = row.automated and row.status != MANUAL
        locs = "\n".join(str(loc) for f in row.findings for loc in f.locations[:1])
        values = [
            n,
            row.chapter,
            req.clause,
            req.id,
            req.level,
            req.text,
            method_text(row),
            row.message if row.findings else "",
            locs,
            row.status if automated else None,
            None,
            None,
        ]
        r = ws.max_row + 1
        for c, value in enumerate(values, start=1):
            cell = ws.cell(row=r, column=c)
            set_text(cell, value)
            cell.alignment = wrap
        if automated:
            ws[f"{RESULT_COL}{r}"].fill = PatternFill("solid", fgColor=FILLS[row.status])
    last = max(ws.max_row, 3)
    dv = DataValidation(
        type="list",
        formula1='"' + ",".join(STATUSES) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="核查结果",
        error="请从下拉列表中选择：" + "、".join(STATUSES),
    )
    dv.prompt, dv.promptTitle, dv.showInputMessage = "请选择核查结果", "核查结果", True
    ws.add_data_validation(dv)
    dv.add(f"{RESULT_COL}3:{RESULT_COL}{last}")
    ws.freeze_panes = "A3"
    ws.auto_filter.ref = f"A2:{get_column_letter(len(COLUMNS))}{last}"

    summary = wb.create_sheet("汇总")
    summary.append(["核查结果", "条数（随核查表填写自动更新）"])
    for s in STATUSES:
        summary.append([s, f'=COUNTIF(核查表!{RESULT_COL}3:{RESULT_COL}{last},"{s}")'])
    summary.append(["未填写", f"=COUNTBLANK(核查表!{RESULT_COL}3:{RESULT_COL}{last})"])
    summary.column_dimensions["A"].width = 14
    summary.column_dimensions["B"].width = 30

    when = moment()
    return workbook_bytes(wb, head, when)

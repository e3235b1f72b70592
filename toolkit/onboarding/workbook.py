"""A department's workbook: its items with every guide element as a column, current values filled in and
drop-downs for the closed lists, for the department to complete offline. The columns are the ones
`stdkit import` reads (one row per item, materials one per line in 申请材料: `guide.item_cells`), so
importing the workbook back changes exactly what the department changed, in any order of departments."""

from __future__ import annotations

import io
from collections import defaultdict

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ..core.codelists import codes
from ..core.escape import set_text
from ..core.models import ServiceItem
from ..core.project import Project
from . import guide

CATALOGUE = ("部门", "事项名称", "事项编码", "事项类型")
# closed lists a cell offers as a drop-down (the importer accepts exactly these words)
CLOSED = {"事项类型": "item-types", "是否网办": "online-depths"}
YES_NO = ("是否收费",)


def _columns(items: list[ServiceItem]) -> list[str]:
    return [*CATALOGUE, *guide.item_cells(items[0])]


def _row(project: Project, item: ServiceItem) -> list[str]:
    dep = project.departments[item.department].name
    return [dep, item.name, item.code, item.type, *guide.item_cells(item).values()]


def _dropdowns(ws: Worksheet, columns: list[str], rows: int) -> None:
    lists = {c: codes(name) for c, name in CLOSED.items()} | {key: ["是", "否"] for key in YES_NO}
    for n, column in enumerate(columns, start=1):
        if column not in lists:
            continue
        letter = get_column_letter(n)
        dv = DataValidation(type="list", formula1='"' + ",".join(lists[column]) + '"', allow_blank=True)
        dv.error, dv.errorTitle = f"请从下拉列表中选择：{'、'.join(lists[column])}", column
        dv.add(f"{letter}2:{letter}{rows + 1}")
        ws.add_data_validation(dv)


def department_workbook(project: Project, items: list[ServiceItem]) -> bytes:
    wb = Workbook()
    wb.remove(wb.worksheets[0])
    ws = wb.create_sheet("事项")
    columns = _columns(items)
    ws.append(columns)
    for r, item in enumerate(sorted(items, key=lambda i: i.code), start=2):
        for c, value in enumerate(_row(project, item), start=1):
            set_text(ws.cell(row=r, column=c), value)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for n, column in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(n)].width = 40 if column in guide.MULTI_LINE else 18
        if column in guide.MULTI_LINE:
            for (cell,) in ws.iter_rows(min_row=2, min_col=n, max_col=n):
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "C2"
    _dropdowns(ws, columns, len(items))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def department_workbooks(project: Project) -> dict[str, bytes]:
    """File name (部门代码-简称.xlsx) → workbook, one per department that has items (init's example item,
    a placeholder, is left out)."""
    by_dep: dict[str, list[ServiceItem]] = defaultdict(list)
    for item in project.items.values():
        if item.example:
            continue
        by_dep[item.department].append(item)
    return {
        f"{code}-{project.departments[code].short_name}.xlsx": department_workbook(project, items)
        for code, items in sorted(by_dep.items())
    }


__all__ = ["department_workbook", "department_workbooks"]

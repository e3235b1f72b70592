"""A department's workbook: its items with every guide element as a column (sheet 事项) and one row per
material of each item (sheet 申请材料), current values filled in and drop-downs for the closed lists, for
the department to complete offline. The columns are the ones `stdkit import` reads (`guide.item_cells`
without 申请材料; `material_sheet`), so importing the workbook back changes exactly what the department
changed, in any order of departments. Every value goes in as a text cell, never a formula; the same data
gives the same bytes."""

from __future__ import annotations

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
from ..office.package import moment, workbook_bytes
from . import guide, material_sheet

CATALOGUE = ("部门", "事项名称", "事项编码", "事项类型")
# closed lists a cell offers as a drop-down (the importer accepts exactly these words)
CLOSED = {"事项类型": "item-types", "是否网办": "online-depths"}
YES_NO = ("是否收费",)


def _columns(items: list[ServiceItem]) -> list[str]:
    return [*CATALOGUE, *(c for c in guide.item_cells(items[0]) if c != "申请材料")]


def _row(project: Project, item: ServiceItem, columns: list[str]) -> list[str]:
    cells = {
        "部门": project.departments[item.department].name,
        "事项名称": item.name,
        "事项编码": item.code,
        "事项类型": item.type,
        **guide.item_cells(item),
    }
    return [cells[c] for c in columns]


def _dropdowns(ws: Worksheet, columns: list[str], lists: dict[str, list[str]], rows: int) -> None:
    for n, column in enumerate(columns, start=1):
        if column not in lists:
            continue
        letter = get_column_letter(n)
        dv = DataValidation(type="list", formula1='"' + ",".join(lists[column]) + '"', allow_blank=True)
        dv.error, dv.errorTitle = f"请从下拉列表中选择：{'、'.join(lists[column])}", column
        dv.add(f"{letter}2:{letter}{rows + 1}")
        ws.add_data_validation(dv)


def _sheet(ws: Worksheet, columns: list[str], rows: list[list[str]], wide: set[str]) -> None:
    """Header, values as text cells, wide wrapped columns for long text, the first columns frozen."""
    ws.append(columns)
    for r, values in enumerate(rows, start=2):
        for c, value in enumerate(values, start=1):
            set_text(ws.cell(row=r, column=c), value)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for n, column in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(n)].width = 40 if column in wide else 18
        if column in wide:
            for (cell,) in ws.iter_rows(min_row=2, min_col=n, max_col=n):
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "C2"


def department_workbook(project: Project, items: list[ServiceItem]) -> bytes:
    wb = Workbook()
    wb.remove(wb.worksheets[0])
    items = sorted(items, key=lambda i: i.code)
    columns = _columns(items)
    ws = wb.create_sheet("事项")
    _sheet(ws, columns, [_row(project, item, columns) for item in items], set(guide.MULTI_LINE))
    yes_no = {key: ["是", "否"] for key in YES_NO}
    _dropdowns(ws, columns, {c: codes(name) for c, name in CLOSED.items()} | yes_no, len(items))
    ws = wb.create_sheet(material_sheet.SHEET)
    materials = material_sheet.rows(items)
    _sheet(ws, material_sheet.columns(), materials, {"事项名称", "材料名称", "受理要点", "备注"})
    # room below for the materials a department adds
    _dropdowns(ws, material_sheet.columns(), material_sheet.closed_lists(), len(materials) + 200)
    dep = project.departments[items[0].department]
    return workbook_bytes(wb, f"{project.county.name}{dep.name}办事指南要素", moment())


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

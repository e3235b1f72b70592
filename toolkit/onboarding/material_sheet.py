"""The materials sheet (申请材料) of a department's workbook: one row per material of each item (事项编码,
事项名称, then the material columns `guide.material_cells` writes: 材料名称, 材料形式, 份数, 必要性, 提交情形,
来源渠道, 数据共享, 核验后退还, 受理要点, 备注). `stdkit import` reads it beside the items sheet of the same workbook:
the rows of an item give that item's materials in their order; an item without rows keeps the materials
it has (an empty sheet leaves every fact as it was). Every problem names the sheet, the Excel row and
the column."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..core.codelists import codes
from ..core.errors import Problem, StdkitError
from ..core.models import ServiceItem
from ..core.models.item import Material
from . import guide
from .sheet import Table, read_sheet

SHEET = "申请材料"
KEYS = ("事项编码", "事项名称")
MATERIAL = tuple(guide.material_cells(Material(name="-")))
NECESSITY = ("必要", "非必要", "容缺")


def columns() -> list[str]:
    return [*KEYS, *MATERIAL]


def closed_lists() -> dict[str, list[str]]:
    """The material columns a workbook offers as drop-downs (the importer accepts these words)."""
    return {
        "材料形式": codes("material-forms"),
        "必要性": list(NECESSITY),
        "来源渠道": codes("material-sources"),
        "数据共享": ["是", "否"],
        "核验后退还": ["是", "否"],
    }


def rows(items: list[ServiceItem]) -> list[list[str]]:
    """One row per material of each item, items in the order given, materials in their order."""
    return [
        [item.code, item.name, *guide.material_cells(m).values()] for item in items for m in item.materials
    ]


@dataclass
class MaterialSheet:
    """The materials sheet as read: each item's rows (Excel row, values by column) by 事项编码."""

    table: Table
    by_code: dict[str, list[tuple[int, dict[str, str]]]] = field(default_factory=dict)
    no_code: list[int] = field(default_factory=list)  # rows naming a material but no item

    def problem(self, row: int, column: str, message: str, hint: str = "") -> Problem:
        return Problem(
            file=self.table.file,
            line=row,
            column=self.table.columns.get(column, 1),
            path=column,
            code="import-row",
            message=f"第{row}行：{message}",
            hint=hint,
        )

    def materials(self, code: str, name: str) -> tuple[list[dict] | None, Problem | None]:
        """The item's materials from its rows (None when the sheet has no row for it), or the problem
        of the first bad cell (a 事项名称 other than the items sheet's is one: which item was meant?)."""
        if code not in self.by_code:
            return None, None
        out = []
        for row, values in self.by_code[code]:
            if values.get("事项名称") and values["事项名称"] != name:
                message = f"事项名称“{values['事项名称']}”与事项表中该编码的“{name}”不一致。"
                return None, self.problem(row, "事项名称", message)
            try:
                material = guide.material_from_row(values)
            except guide.CellError as exc:
                return None, self.problem(row, exc.column, f"{exc.column}：{exc.message}。")
            if material is None:
                return None, self.problem(row, "材料名称", "写了事项编码，却没有写材料名称。")
            out.append(material)
        return out, None

    def unmatched(self, codes: set[str]) -> list[Problem]:
        """Rows without a 事项编码, or whose 事项编码 is not an item of the items sheet."""
        missing = [
            self.problem(row, "事项编码", "这一行材料没有写事项编码，不知道属于哪个事项。")
            for row in self.no_code
        ]
        return missing + [
            self.problem(
                rows[0][0],
                "事项编码",
                f"事项编码“{code}”不在事项表中，这{len(rows)}行材料没有导入。",
                "材料表的事项编码应与事项表中的一致（原样复制）。",
            )
            for code, rows in self.by_code.items()
            if code not in codes
        ]


def read(path: Path, main: Table, words: dict[str, str]) -> MaterialSheet | None:
    """The workbook's materials sheet, when it has one beside the sheet `main` was read from. A sheet of
    that name without the 事项编码 and 材料名称 columns (another kind of export) is not read, and the
    summary says so."""
    if SHEET not in main.sheets or main.sheet == SHEET:
        return None
    try:
        table = read_sheet(path, words, ("事项编码", "材料名称"), SHEET)
    except StdkitError as err:
        if not all(p.code == "import-columns" for p in err.problems):
            raise
        note = f"工作表“{SHEET}”没有事项编码、材料名称两列，不作为材料表读取"
        main.note = "；".join(filter(None, (main.note, note)))
        return None
    sheet = MaterialSheet(table)
    for number, cells in table.rows:
        values = {
            c: cells[i - 1].strip(" \t\u3000") if i <= len(cells) else "" for c, i in table.columns.items()
        }
        if not any(values.values()):
            continue
        if values.get("事项编码"):
            sheet.by_code.setdefault(values["事项编码"], []).append((number, values))
        else:
            sheet.no_code.append(number)
    return sheet


__all__ = ["SHEET", "MaterialSheet", "closed_lists", "columns", "read", "rows"]

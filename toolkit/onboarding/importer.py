"""stdkit import: a county's item catalogue (a spreadsheet exported from its provincial platform) into
item files, departments and the township/village lists of a county folder.

- Every usable row becomes an item. The 事项编码 is kept byte for byte and only checked for what is
  certain (not empty, no spaces or control characters, unique); its shape is recognised by
  toolkit.itemcode and counted in the summary, never a reason to refuse a row.
- Names are kept exactly as written (full-width punctuation included); a line break typed inside a cell
  is removed and listed. Header words and item-type words come from code lists
  (toolkit/codelists/import-columns.csv, item-types.csv), not from this code.
- Departments come from the catalogue itself: a short name derived from the name as written and a
  readable id (the catalogue's 部门编码, the naming table's id, or the short name's pinyin initials).
- Item ids are derived from the 事项编码 alone, so re-importing the same sheet rewrites nothing; an item
  already in the folder with the same 事项编码 keeps its id, file and guide details.
- Every file is written by a YAML emitter and read back before anything is written; a failing import
  writes nothing.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..core import datafile
from ..core.codelists import codelist, codes
from ..core.errors import Problem, StdkitError, file_error, whole_file
from ..core.itemcode import CODE_PATTERN, SHAPES, parse
from ..core.layout import KIND_BY_NAME
from ..core.load import load_project
from ..core.models import ServiceItem
from ..core.models.common import ID_PATTERN
from ..core.outdir import write_files
from ..core.provinces import main_platform
from ..core.safefs import stage_copy
from ..core.validation import translate
from ..core.yamlio import load_yaml
from . import guide, material_sheet
from .departments import readable_id, short_name, unique_code
from .sheet import Table, normalise, read_sheet

ID_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
YES = {"是", "y", "yes", "1", "true", "可", "可网办", "√"}
NO = {"否", "n", "no", "0", "false", "不可", "不可网办", "×"}
# Line breaks (Alt+Enter in Excel, and the Unicode ones YAML also treats as breaks) and invisible marks.
BREAKS = re.compile(r"[\r\n\x0b\x0c\x85\u2028\u2029]+")
INVISIBLE = re.compile(r"[\u200b\u200c\u200d\ufeff]")
ITEM_HEADER = (
    "由 stdkit import 从事项目录导入。请补全 conditions（受理条件）、materials（申请材料）、"
    "promised_limit（承诺时限）、fees（收费，不收费写 []）、online（网上办理）等办事指南要素；"
    "补全前网站上显示“待补充”。"
)
SKIP_HINT = "可改正表格后重新导入；或加 --skip-bad-rows 先导入其余各行（这些行会在最后逐行列出）。"
SKIPPED_HINT = "可改正表格后重新导入这些行。"  # the same rows once --skip-bad-rows was given


CODE = "事项编码"
BASIC = "基本编码"
TOTALS = {"合计", "小计", "总计", "共计"}


def column_words(code_column: str | None = None) -> tuple[dict[str, str], tuple[str, ...], tuple[str, ...]]:
    """Header word (normalised) -> canonical column, and the required and optional columns. With
    `code_column` (--code-column), that header and no other gives the 事项编码."""
    words: dict[str, str] = {}
    if code_column:
        words[normalise(code_column)] = CODE
    required: list[str] = []
    optional: list[str] = []
    for c in codelist("import-columns"):
        for w in (c.code, c.title, *filter(None, c.extra.get("synonyms", "").split("|"))):
            words.setdefault(normalise(w), c.code)
        (required if c.extra.get("required") == "yes" else optional).append(c.code)
    guide_words, item_level, material_level = guide.guide_columns()
    for word, column in guide_words.items():
        words.setdefault(word, column)
    if code_column:
        words = {w: ("" if c == CODE and w != normalise(code_column) else c) for w, c in words.items()}
    return words, tuple(required), (*optional, *item_level, *material_level)


GUIDE_COLUMNS = frozenset(c.code for c in codelist("guide-columns"))
MATERIAL_COLUMNS = frozenset(c.code for c in codelist("guide-columns") if c.extra.get("level") == "material")


def item_type(value: str) -> str | None:
    """A type name, the platform's numeric code, or a synonym (item-types.csv) → the type code."""
    v = normalise(value)
    for c in codelist("item-types"):
        synonyms = c.extra.get("synonyms", "").split("|")
        if v in (c.code, c.title, c.extra.get("platform_code")) or v in synonyms:
            return c.code
    return None


@dataclass
class ImportResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    departments_added: list[str] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)  # rows not used (errors) and notes (warnings)
    note: str = ""
    written: list[Path] = field(default_factory=list)
    rows_read: int = 0
    departments: int = 0
    types: Counter = field(default_factory=Counter)
    shapes: Counter = field(default_factory=Counter)
    changed: list[tuple[int, str]] = field(default_factory=list)  # (row, what was changed and why)
    platform: str | None = None

    def summary(self) -> list[str]:
        """The Chinese summary printed at the end of an import."""
        unusable = [p for p in self.skipped if p.severity == "error"]
        items = len(self.created) + len(self.updated) + len(self.unchanged)
        lines = [
            (
                f"读取数据行 {self.rows_read} 行；事项 {items} 个"
                f"（新建 {len(self.created)}，更新 {len(self.updated)}，未变 {len(self.unchanged)}）；"
                f"部门 {self.departments} 个（新建 {len(self.departments_added)}）；"
                f"无法使用的行 {len(unusable)} 行；写入 {len(self.written)} 个文件。"
            ),
            "事项类型：" + "、".join(f"{t} {n}" for t, n in self.types.most_common()) + "。",
            "事项编码形式：" + "、".join(f"{SHAPES[s]} {n}" for s, n in self.shapes.most_common()) + "。",
        ]
        if self.shapes.get("other"):
            lines.append(
                f"其中 {self.shapes['other']} 个编码不是国家平台的常见形式：已原样保留，请到事项管理系统核对。"
            )
        if self.changed:
            lines.append(f"改动的单元格 {len(self.changed)} 处（其余一律原样保留）：")
            lines += [f"  第{row}行：{why}" for row, why in self.changed]
        if self.platform is None:
            lines.append(
                "提示：county.yaml 的省份没有省级档案，可网办事项未写网办平台，请在 online.platforms 中填写。"
            )
        return lines


def short_hash(text: str, length: int) -> str:
    n = int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest(), "big")
    out = []
    for _ in range(length):
        n, r = divmod(n, len(ID_ALPHABET))
        out.append(ID_ALPHABET[r])
    return "".join(out)


_LIMIT = re.compile(r"^(\d+)(个)?(工作日|日|天|分钟|小时)?$")


def time_limit(text: str) -> dict | None | str:
    """'20' / '20个工作日' / '即办' / '30分钟' → a TimeLimit dict; '' → None; anything else → an error string."""
    t = normalise(text)
    if not t:
        return None
    if t in ("即办", "当场办结", "当场"):
        return {"days": 0}
    m = _LIMIT.match(t)
    if not m:
        return "应为工作日数（如 20 或“20个工作日”）、“即办”或“30分钟”"
    n, unit = int(m.group(1)), m.group(3) or "工作日"
    if unit == "分钟":
        return {"minutes": n} if 1 <= n <= 480 else "分钟数应在1–480之间（超过一个工作日请按工作日填写）"
    if unit == "小时":
        return (
            {"minutes": n * 60} if 1 <= n * 60 <= 480 else "小时数应在1–8之间（超过一个工作日请按工作日填写）"
        )
    return {"days": n} if n <= 365 else "工作日数应不超过365"


def _minutes(limit: dict) -> int:
    return limit.get("minutes") or limit["days"] * 480


_MODE = re.compile(r"^(县级|县|乡镇|乡镇\(街道\)|村|村\(社区\)|社区)(?:\((.+)\))?$")


def levels(text: str) -> dict | str:
    """'县级、乡镇（下放）、村' → {'township': '下放', 'village': '收件端前移'}; errors as a string."""
    out: dict[str, str] = {}
    for token in filter(None, re.split(r"[、,;/]+", normalise(text))):
        m = _MODE.match(token)
        if not m:
            return f"无法识别的办理层级“{token}”，应为 县级、乡镇、村，可在括号中写办理方式，如“乡镇（下放）”"
        level, mode = m.group(1), m.group(2)
        if level.startswith("县"):
            continue
        key, allowed = (
            ("township", "township-modes") if level.startswith("乡镇") else ("village", "village-modes")
        )
        mode = mode or "收件端前移"
        if mode not in codes(allowed):
            return f"办理方式“{mode}”不在代码表中，应为：{'、'.join(codes(allowed))}"
        out[key] = mode
    return out


def online(text: str, platform: str | None) -> dict | None | str:
    t = normalise(text).lower()
    if not t:
        return None
    if t in codes("online-depths"):
        depth = t
    elif t in YES:
        depth = "部分网办"
    elif t in NO:
        depth = "不可网办"
    else:
        return f"“是否网办”应为 是/否，或 {'、'.join(codes('online-depths'))}"
    return {"depth": depth, "platforms": [platform] if platform and depth != "不可网办" else []}


def clean_text(text: str) -> tuple[str, list[str]]:
    """Remove line breaks typed inside a cell and invisible marks; say what was removed."""
    reasons = []
    if BREAKS.search(text):
        text = BREAKS.sub("", text)
        reasons.append("删除了单元格内的换行")
    if INVISIBLE.search(text):
        text = INVISIBLE.sub("", text)
        reasons.append("删除了不可见字符")
    return text.strip(" \t\u3000"), reasons


def _pydantic_reason(data: dict) -> str | None:
    from pydantic import ValidationError

    try:
        ServiceItem.model_validate(data)
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        return translate(err, ServiceItem)[1]
    return None


class _Importer:
    def __init__(
        self,
        table: Table,
        county: str,
        platform: str | None,
        existing_deps: list[dict],
        existing_items: dict[str, tuple[str, dict]],
    ):
        self.table, self.county, self.platform = table, county, platform
        self.deps = existing_deps
        self.dep_by_name = {d["name"]: d["code"] for d in existing_deps}
        self.existing = existing_items  # 事项编码 -> (file rel path, data)
        self.used_ids = {d["id"] for _, d in existing_items.values()}
        self.problems: list[Problem] = []
        self.items: dict[str, tuple[str, dict]] = {}  # id -> (rel path, data)
        self.row_of: dict[str, int] = {}  # file rel path -> sheet row
        self.added_deps: list[dict] = []
        self.changed: list[tuple[int, str]] = []
        self.shapes: Counter = Counter()
        self.types: Counter = Counter()
        self.seen: dict[str, tuple[int, tuple]] = {}
        self.material_sheet: material_sheet.MaterialSheet | None = None

    def cell(self, cells: list[str], column: str) -> str:
        i = self.table.columns.get(column)
        return cells[i - 1] if i and i <= len(cells) else ""

    def bad(self, row: int, column: str, msg: str, severity: str = "error", hint: str = SKIP_HINT) -> None:
        col = self.table.columns.get(column, 1)
        problem = Problem(
            file=self.table.file,
            line=row,
            column=col,
            path=column,
            code="import-row",
            message=f"第{row}行：{msg}",
            hint=hint,
            severity=severity,
        )
        self.problems.append(problem)

    def department(self, name: str, given: str | None = None) -> str:
        """The department's code: as the county already has it, else the catalogue's 部门编码 (lower case,
        when it is a valid code), else the naming table's readable id or the short name's initials."""
        code = self.dep_by_name.get(name)
        if code:
            return code
        short = short_name(name, self.county)
        taken = {d["code"] for d in self.deps} | {d["code"] for d in self.added_deps}
        given = (given or "").strip().lower()
        code = unique_code(given if re.fullmatch(ID_PATTERN, given) else readable_id(short), taken)
        self.added_deps.append({"code": code, "name": name, "short_name": short})
        self.dep_by_name[name] = code
        return code

    def new_id(self, code: str) -> str:
        for length in range(7, 16):
            iid = short_hash(code, length)
            if iid not in self.used_ids:
                return iid
        raise AssertionError("unreachable")

    def values(self, number: int, cells: list[str], columns) -> dict[str, str]:
        """The row's cells by column; name and department cleaned of line breaks (listed)."""
        out = {}
        for column in columns:
            raw_value = self.cell(cells, column)
            if column in GUIDE_COLUMNS:  # multi-line cells keep their lines (guide.lines reads them)
                out[column] = raw_value.strip(" \t\u3000")
                continue
            text, reasons = clean_text(raw_value)
            if reasons and column in ("部门", "事项名称", "事项编码"):
                self.changed.append((number, f"{column}“{text}”：{'、'.join(reasons)}"))
            out[column] = text
        return out

    def usable_code(self, number: int, code: str, key: tuple) -> bool:
        if not re.fullmatch(CODE_PATTERN, code):
            self.bad(
                number,
                "事项编码",
                f"事项编码“{code}”含有空格、全角字符、控制字符或尖括号（或超过120位），无法作为编码使用。",
                hint="请从事项管理系统原样复制事项编码。" + SKIP_HINT,
            )
            return False
        if code in self.seen:
            first, first_key = self.seen[code]
            if first_key == key:
                self.bad(
                    number, "事项编码", f"与第{first}行完全相同，是重复行，已合并为一个事项。", "warning", ""
                )
            else:
                self.bad(number, "事项编码", f"事项编码与第{first}行相同，但名称、部门或类型不同。")
            return False
        self.seen[code] = (number, key)
        return True

    def parse_optional(self, number: int, values: dict[str, str]) -> dict | None:
        parsed: dict = {}
        for column, parse_fn in (
            ("法定时限", time_limit),
            ("承诺时限", time_limit),
            ("办理层级", levels),
            ("是否网办", lambda t: online(t, self.platform)),
        ):
            if column not in self.table.columns:
                continue
            value = parse_fn(values[column])
            if isinstance(value, str):
                self.bad(number, column, f"{column}“{values[column]}”有误：{value}。")
                return None
            parsed[column] = value
        legal, promised = parsed.get("法定时限"), parsed.get("承诺时限")
        if legal and promised and _minutes(promised) > _minutes(legal):
            self.bad(
                number, "承诺时限", f"承诺时限“{values['承诺时限']}”长于法定时限“{values['法定时限']}”。"
            )
            return None
        return parsed

    def row(self, number: int, cells: list[str], columns, more: Sequence[tuple[int, list[str]]] = ()) -> None:
        """One item: its row, and in the material-per-row layout the further rows of its materials."""
        if not any(c.strip() for c in cells):
            return
        first = next(normalise(c) for c in cells if c.strip())
        if first in TOTALS or (first[:2] in TOTALS and not self.cell(cells, CODE).strip()):
            self.bad(number, "部门", f"“{first}”行不是事项，已跳过。", "warning", "")
            return
        values = self.values(number, cells, columns)
        missing = [c for c in ("部门", "事项名称", "事项编码", "事项类型") if not values[c]]
        if missing:
            self.bad(number, missing[0], f"缺少{'、'.join(missing)}，这一行无法作为事项导入。")
            return
        code = values["事项编码"]
        itype = item_type(values["事项类型"])
        if not self.usable_code(number, code, (values["部门"], values["事项名称"], values["事项类型"])):
            return
        if itype is None:
            self.bad(
                number,
                "事项类型",
                f"事项类型“{values['事项类型']}”无法识别，应为 {'、'.join(codes('item-types'))}，"
                "或平台数字代码 "
                + "、".join(f"{c.extra['platform_code']} {c.code}" for c in codelist("item-types"))
                + "。",
                hint="同义写法可加到 toolkit/codelists/item-types.csv 的 synonyms 列。" + SKIP_HINT,
            )
            return
        parsed = self.parse_optional(number, values)
        if parsed is None:
            return
        elements = self.guide_elements(number, values, columns, more)
        if elements is None:
            return
        self.store(number, values, code, itype, {**parsed, "guide": elements})

    def guide_elements(self, number: int, values: dict[str, str], columns, more) -> dict | None:
        """The guide elements the row (and its material rows) give; None after reporting a bad cell."""
        present = set(self.table.columns)
        at = number
        try:
            out = guide.elements(values, present)
            if MATERIAL_COLUMNS & present:
                materials = [guide.material_from_row(values)]
                for at, cells in more:
                    other = self.values(at, cells, columns)
                    self.same_item(at, values, other)
                    materials.append(guide.material_from_row(other))
                if any(materials):
                    out["materials"] = [m for m in materials if m]
        except guide.CellError as exc:
            self.bad(at, exc.column, f"{exc.column}：{exc.message}。")
            return None
        return out if self.sheet_materials(number, values, out) else None

    def sheet_materials(self, number: int, values: dict[str, str], out: dict) -> bool:
        """The item's materials from the workbook's materials sheet, when it has rows for the item."""
        if self.material_sheet is None:
            return True
        materials, problem = self.material_sheet.materials(values["事项编码"], values["事项名称"])
        if problem is not None:
            self.problems.append(replace(problem, hint=SKIP_HINT))
            return False
        if materials is not None and "materials" in out:
            self.bad(
                number,
                "申请材料",
                f"申请材料既写在本表，又写在“{material_sheet.SHEET}”工作表中；请只写一处。",
            )
            return False
        if materials is not None:
            out["materials"] = materials
        return True

    def same_item(self, number: int, first: dict[str, str], other: dict[str, str]) -> None:
        """A repeated row of the material-per-row layout may leave item columns empty, not differ."""
        for column, value in other.items():
            if column not in MATERIAL_COLUMNS and value and value != first.get(column):
                raise guide.CellError(
                    column, f"与本事项第一行的“{first.get(column)}”不同（一行一项材料时，事项的各列应相同）"
                )

    def merge_guide(self, number: int, data: dict, elements: dict) -> bool:
        """Fill or update the item's guide elements from the sheet; what the sheet leaves empty stays."""
        if "phones" in elements:
            phones = {**(data.get("phones") or {}), **elements["phones"]}
            if len(phones) < 2:
                missing = "监督投诉电话" if "consult" in phones else "咨询电话"
                self.bad(
                    number,
                    missing,
                    f"写了{'咨询电话' if 'consult' in phones else '监督投诉电话'}，缺少{missing}。",
                )
                return False
            elements = {**elements, "phones": phones}
        for key, value in elements.items():
            if key not in data or not _same(key, data[key], value):
                data[key] = value
        return True

    def store(self, number: int, values: dict[str, str], code: str, itype: str, parsed: dict) -> None:
        rel, data = self.existing.get(code) or ("", None)
        new = data is None
        data = dict(data or {})
        dep = self.department(values["部门"], values.get("部门编码"))
        data.update({"code": code, "name": values["事项名称"], "type": itype, "department": dep})
        if values.get(BASIC) and self.table.columns.get(BASIC) != self.table.columns.get(CODE):
            data["basic_code"] = values[BASIC]
        if new:
            data = {"id": self.new_id(code), **data}
            rel = f"items/services/{dep}/{data['id']}.yaml"
        for column, key in (("法定时限", "legal_limit"), ("承诺时限", "promised_limit")):
            if column in parsed:
                if parsed[column] is None:
                    data.pop(key, None)
                else:
                    data[key] = parsed[column]
        if parsed.get("是否网办"):
            current = dict(data.get("online") or {})
            current["depth"] = parsed["是否网办"]["depth"]
            if not current.get("platforms"):
                current["platforms"] = parsed["是否网办"]["platforms"]
            data["online"] = current
        if "办理层级" in parsed:
            if parsed["办理层级"]:
                data["levels"] = parsed["办理层级"]
            else:
                data.pop("levels", None)
        if not self.merge_guide(number, data, parsed["guide"]):
            return
        reason = _pydantic_reason(data)
        if reason:
            self.bad(number, "事项名称", reason)
            return
        self.used_ids.add(data["id"])
        self.items[data["id"]] = (rel, data)
        self.row_of[rel] = number
        self.shapes[parse(code).shape] += 1
        self.types[itype] += 1


def _same(key: str, old, new) -> bool:
    """Equal as the model reads them (a value written out with its defaults equals one without)."""
    from pydantic import TypeAdapter, ValidationError

    adapter: TypeAdapter = TypeAdapter(ServiceItem.model_fields[key].annotation)  # type: ignore[arg-type]
    try:
        return adapter.validate_python(old) == adapter.validate_python(new)
    except ValidationError:
        return False


def _existing_items(root: Path) -> dict[str, tuple[str, dict]]:
    out = {}
    for path in sorted((root / "items/services").glob("**/*.yaml")):
        rel = path.relative_to(root).as_posix()
        data, _ = load_yaml(path, rel)
        if isinstance(data, dict) and isinstance(data.get("code"), str):
            out[data["code"]] = (rel, data)
    return out


def _list_file(
    root: Path, rel: str, level: str, title: str, ids_on: set[str], ids_off: set[str]
) -> bytes | None:
    data, _ = load_yaml(root / rel, rel)
    current = list(data.get("items") or [])
    new = [i for i in current if i not in ids_off] + sorted(ids_on - set(current))
    if new == current:
        return None
    return datafile.render(
        "township-items" if level == "乡镇" else "village-items",
        f"{title}（stdkit import 更新）",
        {"level": level, "items": new},
    )


def _not_a_county(root: Path) -> StdkitError:
    return file_error(
        str(root),
        "import-no-county",
        f"“{root}”不是县数据文件夹（缺少 items/county.yaml）。",
        f"请先运行 stdkit init {root} --name 县名 --province 省 新建县数据文件夹，再导入事项目录。",
    )


def _read(sheet: Path, root: Path, sheet_name: str | None, code_column: str | None = None) -> _Importer:
    if not (root / "items/county.yaml").is_file():
        raise _not_a_county(root)
    project = load_project(root, cross_check=False, use_cache=False)
    words, required, optional = column_words(code_column)
    table = read_sheet(Path(sheet), words, required, sheet_name)
    table.note = "；".join(filter(None, (table.note, _code_note(table, code_column))))
    deps = [d.model_dump(exclude_none=True) for d in project.departments.values()]
    platform = main_platform(project.county)
    imp = _Importer(table, project.county.name, platform, deps, _existing_items(root))
    imp.material_sheet = material_sheet.read(Path(sheet), table, words)
    for number, cells, more in _items(table, imp):
        imp.row(number, cells, (*required, *optional), more)
    if imp.material_sheet is not None:
        codes_read = {clean_text(imp.cell(cells, CODE))[0] for _, cells in table.rows}
        imp.problems.extend(imp.material_sheet.unmatched(codes_read))
        rows = sum(len(r) for r in imp.material_sheet.by_code.values())
        table.note = "；".join(
            filter(None, (table.note, f"申请材料读自工作表“{material_sheet.SHEET}”（{rows}行）"))
        )
    return imp


def _code_note(table: Table, code_column: str | None) -> str:
    """Which column gave the 事项编码 (and where the basic code went), for the summary."""
    from openpyxl.utils import get_column_letter

    code = get_column_letter(table.columns[CODE])
    if code_column:
        return f"事项编码取自 --code-column 指定的“{code_column}”列（{code}列）"
    if BASIC not in table.columns:
        return ""
    return (
        f"表中有基本编码（{get_column_letter(table.columns[BASIC])}列）和实施编码（{code}列）："
        "事项编码取实施编码，基本编码另存于 basic_code；要改用其他列，加 --code-column 列名"
    )


def _items(table: Table, imp: _Importer) -> list[tuple[int, list[str], list[tuple[int, list[str]]]]]:
    """Each item's first row and, in the material-per-row layout (a 材料名称 column), its further rows:
    the rows repeating its 事项编码."""
    if "材料名称" not in table.columns:
        return [(n, cells, []) for n, cells in table.rows]
    groups: dict[str, tuple[int, list[str], list[tuple[int, list[str]]]]] = {}
    out = []
    for n, cells in table.rows:
        code = clean_text(imp.cell(cells, "事项编码"))[0]
        if code and code in groups:
            groups[code][2].append((n, cells))
            continue
        entry: tuple[int, list[str], list[tuple[int, list[str]]]] = (n, cells, [])
        if code:
            groups[code] = entry
        out.append(entry)
    return out


def plan(
    sheet: Path,
    root: Path,
    *,
    skip_bad_rows: bool = False,
    sheet_name: str | None = None,
    code_column: str | None = None,
) -> tuple[ImportResult, dict[str, bytes], dict[str, int]]:
    """Read the sheet and work out every file to write (nothing is written here); also which sheet
    row each item file comes from."""
    root = Path(root)
    imp = _read(sheet, root, sheet_name, code_column)
    errors = [p for p in imp.problems if p.severity == "error"]
    if errors and not skip_bad_rows:
        raise StdkitError(imp.problems)
    result = ImportResult(
        skipped=[replace(p, hint=p.hint.replace(SKIP_HINT, SKIPPED_HINT)) for p in imp.problems],
        note=imp.table.note,
        rows_read=sum(1 for _, cells in imp.table.rows if any(c.strip() for c in cells)),
        types=imp.types,
        shapes=imp.shapes,
        changed=imp.changed,
        platform=imp.platform,
    )
    files: dict[str, bytes] = {}
    for iid, (rel, data) in imp.items.items():
        old = imp.existing.get(data["code"])
        if old is not None and old[1] == data:
            result.unchanged.append(iid)
            continue
        files[rel] = datafile.render("item", f"{data['name']}。{ITEM_HEADER}", data)
        (result.updated if old is not None else result.created).append(iid)
    used = {d["department"] for _, d in imp.items.values()} | {
        d.get("department") for _, d in imp.existing.values()
    }
    result.departments = len(used)
    if imp.added_deps:
        result.departments_added = [d["code"] for d in imp.added_deps]
        files["items/departments.yaml"] = datafile.render(
            "departments",
            "部门（stdkit import 按事项目录中的部门名称建立；code 为简称的拼音首字母，可改，改后须同步修改事项的"
            " department）。in_hall（是否进驻县政务服务中心）请逐个补充。",
            {"departments": [*imp.deps, *imp.added_deps]},
        )
    for key, level, kind in (("township", "乡镇", "township-items"), ("village", "村", "village-items")):
        on = {iid for iid, (_, d) in imp.items.items() if (d.get("levels") or {}).get(key)}
        off = set(imp.items) - on
        body = _list_file(root, KIND_BY_NAME[kind].pattern, level, KIND_BY_NAME[kind].title, on, off)
        if body is not None:
            files[KIND_BY_NAME[kind].pattern] = body
    return result, files, imp.row_of


def _located(problems: list[Problem], sheet: Path, row_of: dict[str, int]) -> list[Problem]:
    """Problems found in the files about to be written, told about the sheet row they came from."""
    out = []
    for p in problems:
        rel = p.file.replace("\\", "/")
        row = next((n for f, n in row_of.items() if rel.endswith(f)), None)
        where = f"表格第{row}行" if row else "导入的数据"
        out.append(
            Problem(
                file=str(sheet),
                line=row or 1,
                column=1,
                path=p.path,
                code=p.code,
                message=f"{where}：{p.message}",
                hint=p.hint,
                severity=p.severity,
            )
        )
    return out


def import_catalogue(
    sheet: Path,
    root: Path,
    *,
    skip_bad_rows: bool = False,
    sheet_name: str | None = None,
    code_column: str | None = None,
) -> ImportResult:
    """Import, validate the result in memory-staged files, and only then write into the county folder."""
    root = Path(root)
    result, files, row_of = plan(
        sheet, root, skip_bad_rows=skip_bad_rows, sheet_name=sheet_name, code_column=code_column
    )
    if files:
        result.written = write_checked(root, files, Path(sheet), row_of)
    return result


def write_checked(root: Path, files: dict[str, bytes], sheet: Path, row_of: dict[str, int]) -> list[Path]:
    """Write `files` into the county folder only if the whole folder, with them, still validates (checked
    on a staged copy); otherwise raise the problems, told about the sheet rows they came from."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="stdkit-import-") as tmp:
        stage = Path(tmp) / "county"
        stage_copy(root, stage, skip=frozenset({".stdkit-cache", ".git", "site", "build"}))
        write_files(stage, files)
        try:
            load_project(stage, use_cache=False)
        except StdkitError as err:
            errors = [p for p in err.problems if p.severity == "error"]
            tail = whole_file(str(sheet), "import-invalid", "导入的数据未通过校验，未写入任何文件。")
            raise StdkitError([*_located(errors, sheet, row_of), tail]) from None
    return write_files(root, files)


__all__ = ["ImportResult", "column_words", "import_catalogue", "item_type", "plan", "write_checked"]

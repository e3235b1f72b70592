"""stdkit import: a county's item catalogue (a spreadsheet exported from the provincial platform) into
item files, departments and the township/village lists of a county folder.

- Departments are created from their names, with stable short codes (known names get the usual
  abbreviation, others a code derived from the name).
- Item ids are derived from the 事项编码 alone, so re-importing the same sheet rewrites nothing; an
  item already in the folder with the same 事项编码 keeps its id and file, and its guide details.
- Every row that cannot be used is reported with its row number and the reason; by default nothing is
  written then. The result is validated in a staging copy first: a failing import writes nothing.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..codelists import codelist, codes
from ..demo_data import DEPARTMENTS
from ..errors import Problem, StdkitError
from ..layout import KIND_BY_NAME, schema_ref
from ..load import load_project
from ..models import ServiceItem
from ..yamlio import load_yaml
from .output import write_files
from .sheet import Table, read_sheet

REQUIRED = ("部门", "事项名称", "事项编码", "事项类型")
OPTIONAL = ("办理层级", "是否网办", "法定时限", "承诺时限")
ID_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
DEFAULT_PLATFORM = "湖北政务服务网"
YES = {"是", "y", "yes", "1", "true", "可", "可网办", "√"}
NO = {"否", "n", "no", "0", "false", "不可", "不可网办", "×", ""}
ITEM_HEADER = (
    "由 stdkit import 从事项目录导入。请补全 conditions（受理条件）、materials（申请材料）等办事指南要素；"
    "补全前网站上的办事指南显示“待补充”。"
)


@dataclass
class ImportResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    departments_added: list[str] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)  # rows not used (errors) and empty rows (warnings)
    note: str = ""
    written: list[Path] = field(default_factory=list)


def short_hash(text: str, length: int) -> str:
    n = int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest(), "big")
    out = []
    for _ in range(length):
        n, r = divmod(n, len(ID_ALPHABET))
        out.append(ID_ALPHABET[r])
    return "".join(out)


def department_code(name: str, county: str) -> str:
    """A stable short code: the usual abbreviation for well-known departments, else one derived from the name."""
    bare = name.removeprefix(county) if county else name
    for code, full, short, _ in DEPARTMENTS:
        if bare in (full, short) or name in (full, short):
            return code
    return "bm-" + short_hash(bare, 5)


def item_type(value: str) -> str | None:
    for c in codelist("item-types"):
        if value in (c.code, c.title, c.extra.get("platform_code")):
            return c.code
    return None


_LIMIT = re.compile(r"^(\d+)\s*(个)?\s*(工作日|日|天|分钟|小时)?$")


def time_limit(text: str) -> dict | None | str:
    """'20' / '20个工作日' / '即办' / '30分钟' → a TimeLimit dict; '' → None; anything else → an error string."""
    t = text.replace(" ", "")
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


_MODE = re.compile(
    r"^(县级|县|乡镇|乡镇（街道）|乡镇\(街道\)|村|村（社区）|村\(社区\)|社区)(?:[（(](.+)[）)])?$"
)


def levels(text: str) -> dict | str:
    """'县级、乡镇（下放）、村' → {'township': '下放', 'village': '收件端前移'}; errors as a string."""
    out: dict[str, str] = {}
    for token in filter(None, re.split(r"[、,，/;；\s]+", text)):
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


def online(text: str) -> dict | str:
    t = text.lower()
    if t in codes("online-depths"):
        depth = t
    elif t in YES:
        depth = "部分网办"
    elif t in NO:
        depth = "不可网办"
    else:
        return f"“是否网办”应为 是/否，或 {'、'.join(codes('online-depths'))}"
    return {"depth": depth, "platforms": [DEFAULT_PLATFORM] if depth != "不可网办" else []}


def _pydantic_reason(data: dict) -> str | None:
    from pydantic import ValidationError

    from ..validation import translate

    try:
        ServiceItem.model_validate(data)
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        return translate(err, ServiceItem)[1]
    return None


class _Importer:
    def __init__(
        self,
        root: Path,
        table: Table,
        county: str,
        existing_deps: list[dict],
        existing_items: dict[str, tuple[str, dict]],
    ):
        self.root, self.table, self.county = root, table, county
        self.deps = existing_deps
        self.dep_by_name = {d["name"]: d["code"] for d in existing_deps} | {
            d["short_name"]: d["code"] for d in existing_deps
        }
        self.existing = existing_items  # 事项编码 -> (file rel path, data)
        self.used_ids = {d["id"] for _, d in existing_items.values()}
        self.problems: list[Problem] = []
        self.items: dict[str, tuple[str, dict]] = {}  # id -> (rel path, data)
        self.added_deps: list[dict] = []

    def cell(self, cells: list[str], column: str) -> str:
        i = self.table.columns.get(column)
        return cells[i - 1] if i and i <= len(cells) else ""

    def bad(self, row: int, column: str, msg: str, severity: str = "error") -> None:
        col = self.table.columns.get(column, 1)
        self.problems.append(
            Problem(self.table.file, row, col, column, "import-row", f"第{row}行：{msg}", "", severity)
        )

    def department(self, name: str) -> str:
        bare = name.removeprefix(self.county) or name
        code = self.dep_by_name.get(name) or self.dep_by_name.get(bare)
        if code:
            return code
        code = department_code(name, self.county)
        taken = {d["code"] for d in self.deps} | {d["code"] for d in self.added_deps}
        if code in taken:
            code = "bm-" + short_hash(name, 5)
        dep = {"code": code, "name": name, "short_name": bare, "in_hall": True}
        self.added_deps.append(dep)
        self.dep_by_name[name] = self.dep_by_name[bare] = code
        return code

    def new_id(self, code: str) -> str:
        for length in range(7, 16):
            iid = short_hash(code, length)
            if iid not in self.used_ids:
                return iid
        raise AssertionError("unreachable")

    def row(self, number: int, cells: list[str], seen: dict[str, int]) -> None:
        if not any(cells):
            self.bad(number, "", "空行，已跳过。", "warning")
            return
        values = {c: self.cell(cells, c) for c in (*REQUIRED, *OPTIONAL)}
        missing = [c for c in REQUIRED if not values[c]]
        if missing:
            self.bad(number, missing[0], f"缺少{'、'.join(missing)}。")
            return
        code = values["事项编码"].upper()
        if code in seen:
            self.bad(number, "事项编码", f"事项编码与第{seen[code]}行重复。")
            return
        seen[code] = number
        itype = item_type(values["事项类型"])
        if itype is None:
            self.bad(
                number,
                "事项类型",
                f"事项类型“{values['事项类型']}”无法识别，应为 {'、'.join(codes('item-types'))}，"
                "或平台数字代码 "
                + "、".join(f"{c.extra['platform_code']} {c.code}" for c in codelist("item-types"))
                + "。",
            )
            return
        parsed: dict = {}
        for column, parse in (
            ("法定时限", time_limit),
            ("承诺时限", time_limit),
            ("办理层级", levels),
            ("是否网办", online),
        ):
            if column not in self.table.columns:
                continue
            value = parse(values[column])
            if isinstance(value, str):
                self.bad(number, column, f"{column}“{values[column]}”有误：{value}。")
                return
            parsed[column] = value
        legal, promised = parsed.get("法定时限"), parsed.get("承诺时限")
        if legal and promised and _minutes(promised) > _minutes(legal):
            self.bad(
                number, "承诺时限", f"承诺时限“{values['承诺时限']}”长于法定时限“{values['法定时限']}”。"
            )
            return
        rel, data = self.existing.get(code) or ("", None)
        new = data is None
        data = dict(data or {})
        dep = (
            self.department(values["部门"])
            if new or self.departments_name(data) != values["部门"]
            else data["department"]
        )
        data.update({"code": code, "name": values["事项名称"], "type": itype, "department": dep})
        if new:
            data = {"id": self.new_id(code), **data}
            rel = f"items/services/{dep}/{data['id']}.yaml"
        for column, key in (("法定时限", "legal_limit"), ("承诺时限", "promised_limit")):
            if column in parsed:
                if parsed[column] is None:
                    data.pop(key, None)
                else:
                    data[key] = parsed[column]
        if "是否网办" in parsed:
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
        reason = _pydantic_reason(data)
        if reason:
            self.bad(number, "事项编码" if "编码" in reason else "事项名称", reason)
            return
        self.used_ids.add(data["id"])
        self.items[data["id"]] = (rel, data)

    def departments_name(self, data: dict) -> str | None:
        for d in [*self.deps, *self.added_deps]:
            if d["code"] == data.get("department"):
                return d["name"]
        return None


def _dump(kind: str, comment: str, data: dict) -> bytes:
    ref = schema_ref(KIND_BY_NAME[kind])
    body = yaml.dump(
        data,
        Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper),
        allow_unicode=True,
        sort_keys=False,
        width=200,
    )
    return f"# yaml-language-server: $schema={ref}\n# {comment}\n{body}".encode()


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
    return _dump(
        "township-items" if level == "乡镇" else "village-items",
        f"{title}（stdkit import 更新）",
        {"level": level, "items": new},
    )


def plan(sheet: Path, root: Path, *, skip_bad_rows: bool = False) -> tuple[ImportResult, dict[str, bytes]]:
    """Read the sheet and work out every file to write (nothing is written here)."""
    root = Path(root)
    if not (root / "items/county.yaml").is_file():
        raise StdkitError(
            [
                Problem(
                    str(root),
                    1,
                    1,
                    "",
                    "import-no-county",
                    f"“{root}”不是县数据文件夹（缺少 items/county.yaml）。",
                    f"请先运行 stdkit init {root} 新建县数据文件夹，再导入事项目录。",
                )
            ]
        )
    project = load_project(root, cross_check=False, use_cache=False)
    table = read_sheet(Path(sheet), REQUIRED, OPTIONAL)
    deps = [d.model_dump() for d in project.departments.values()]
    imp = _Importer(root, table, project.county.name, deps, _existing_items(root))
    seen: dict[str, int] = {}
    for number, cells in table.rows:
        imp.row(number, cells, seen)
    errors = [p for p in imp.problems if p.severity == "error"]
    if errors and not skip_bad_rows:
        raise StdkitError(imp.problems)
    result = ImportResult(skipped=imp.problems, note=table.note)
    files: dict[str, bytes] = {}
    for iid, (rel, data) in imp.items.items():
        old = imp.existing.get(data["code"])
        if old is not None and old[1] == data:
            result.unchanged.append(iid)
            continue
        files[rel] = _dump("item", f"{data['name']}。{ITEM_HEADER}", data)
        (result.updated if old is not None else result.created).append(iid)
    if imp.added_deps:
        result.departments_added = [d["code"] for d in imp.added_deps]
        files["items/departments.yaml"] = _dump(
            "departments",
            "部门（含 stdkit import 按部门名称新建的部门；短代码可改，改后须同步修改事项的 department）",
            {"departments": [*deps, *imp.added_deps]},
        )
    for key, level, kind in (("township", "乡镇", "township-items"), ("village", "村", "village-items")):
        on = {iid for iid, (_, d) in imp.items.items() if (d.get("levels") or {}).get(key)}
        off = set(imp.items) - on
        body = _list_file(root, KIND_BY_NAME[kind].pattern, level, KIND_BY_NAME[kind].title, on, off)
        if body is not None:
            files[KIND_BY_NAME[kind].pattern] = body
    return result, files


def import_catalogue(sheet: Path, root: Path, *, skip_bad_rows: bool = False) -> ImportResult:
    """Import, validate the result in a staging copy, and only then write into the county folder."""
    root = Path(root)
    result, files = plan(sheet, root, skip_bad_rows=skip_bad_rows)
    if not files:
        return result
    with tempfile.TemporaryDirectory(prefix="stdkit-import-") as tmp:
        stage = Path(tmp) / "county"
        shutil.copytree(root, stage, ignore=shutil.ignore_patterns(".stdkit-cache", ".git", "site", "build"))
        write_files(stage, files)
        _, problems = validate_folder_nocache(stage)
        if [p for p in problems if p.severity == "error"]:
            raise StdkitError(
                problems
                + [
                    Problem(
                        str(root), 1, 1, "", "import-invalid", "导入后的数据未通过校验，未写入任何文件。", ""
                    )
                ]
            )
    result.written = write_files(root, files)
    return result


def validate_folder_nocache(root: Path):
    try:
        return load_project(root, use_cache=False), []
    except StdkitError as err:
        return None, err.problems


__all__ = ["OPTIONAL", "REQUIRED", "ImportResult", "import_catalogue", "plan"]

"""stdkit import --network: the addresses, phones, hours and 代办员 of the county's township centres and
village (community) stations from a sheet (one row per centre or station: 乡镇, 名称, 地址, 电话, 办公时间,
代办员; header words in toolkit/codelists/network-columns.csv). A row names an existing centre or
station, or, with a 类型 (and for a township or village its 区划代码), a new one: `network_new`. An empty
cell leaves the fact as it is (unknown stays unknown); any problem names the file, the row and the
column and nothing is written (the whole folder is checked with the new files first); importing the
same sheet again changes nothing."""

from __future__ import annotations

import copy
import re
from pathlib import Path

from ..core.codelists import codelist
from ..core.datafile import render
from ..core.errors import Problem, StdkitError
from ..core.models.common import PHONE_PATTERN
from ..core.yamlio import load_yaml
from . import network_new
from .guide import CellError
from .importer import write_checked
from .sheet import Table, normalise, read_sheet

FIELDS = {"地址": "address", "电话": "phone", "办公时间": "hours", "代办员": "agent"}
FILES = {"townships": "items/network/townships.yaml", "villages": "items/network/villages.yaml"}


def _words() -> tuple[dict[str, str], tuple[str, ...]]:
    words: dict[str, str] = {}
    required = []
    for c in codelist("network-columns"):
        for w in (c.code, c.title, *filter(None, c.extra.get("synonyms", "").split("|"))):
            words.setdefault(normalise(w), c.code)
        if c.extra.get("required") == "yes":
            required.append(c.code)
    return words, tuple(required)


class _Network:
    def __init__(self, table: Table, townships: list[dict], villages: list[dict], county: str):
        self.table, self.townships, self.villages, self.county = table, townships, villages, county
        self.problems: list[Problem] = []
        self.changed: set[str] = set()
        self.new: list[tuple[str, dict]] = []  # (file kind, entry) of each new centre or station

    def problem(self, row: int, column: str, msg: str, hint: str = "") -> None:
        col = self.table.columns.get(column, 1)
        self.problems.append(
            Problem(
                file=self.table.file,
                line=row,
                column=col,
                path=column,
                code="import-network",
                message=f"第{row}行：{msg}",
                hint=hint,
            )
        )

    def find(self, town: str, name: str) -> tuple[str, dict] | None:
        for t in self.townships:
            if town in (t["town"], t["name"]) and name in (t["name"], t["town"]):
                return "townships", t
        ids = {t["id"] for t in self.townships if town in (t["town"], t["name"])}
        for v in self.villages:
            if v["township"] in ids and name in (v["name"], v["name"].removesuffix("便民服务站")):
                return "villages", v
        return None

    def row(self, number: int, cells: list[str]) -> None:
        values = {c: cells[i - 1] if i - 1 < len(cells) else "" for c, i in self.table.columns.items()}
        try:
            code_kind = network_new.kind(values.get("类型", ""))
            if code_kind == "站所":
                self.station(number, values)
                return
            found = self.find(values["乡镇"], values["名称"])
            if found is None and code_kind is not None:
                found = self.create(code_kind, values)
            elif found is not None:
                self.same_identity(found[1], values)
        except CellError as exc:
            self.problem(number, exc.column, exc.message.rstrip("。") + "。")
            return
        if found is None:
            self.problem(
                number,
                "名称",
                f"“{values['乡镇']}”没有名为“{values['名称']}”的便民服务中心或村（社区）便民服务站。",
                "名称应与 items/network/townships.yaml、villages.yaml 中的一致（村站可省略“便民服务站”）；"
                "要新建，写上“类型”（乡镇便民服务中心、村便民服务站、社区便民服务站）和“区划代码”两列。",
            )
            return
        kind, entry = found
        for column, field in FIELDS.items():
            value = values.get(column, "")
            if not value:
                continue
            if (kind, field) in (("townships", "agent"), ("villages", "address")):
                self.problem(
                    number,
                    column,
                    f"{'乡镇便民服务中心没有代办员' if field == 'agent' else '村（社区）便民服务站不记地址'}，这一格不能导入。",
                )
                continue
            if field == "phone" and not re.fullmatch(PHONE_PATTERN, value):
                self.problem(
                    number, column, f"电话“{value}”的格式不对。", "如 0826-2222222 或 11 位手机号码。"
                )
                continue
            self.set(kind, entry, field, value)

    def town(self, name: str) -> dict:
        found = next((t for t in self.townships if name in (t["town"], t["name"])), None)
        if found is None:
            raise CellError(
                "乡镇",
                f"乡镇“{name}”不在 items/network/townships.yaml 中（新乡镇请在本表中先写一行，类型为乡镇便民服务中心）",
            )
        return found

    def create(self, code_kind: str, values: dict[str, str]) -> tuple[str, dict]:
        """A township centre or village station the folder does not have yet (network_new)."""
        if code_kind == "乡镇":
            entry = network_new.township(values, self.county, self.townships)
            self.townships.append(entry)
            kind = "townships"
        else:
            town = self.town(values["乡镇"])
            entry = network_new.village(values, code_kind, self.county, town, self.villages)
            self.villages.append(entry)
            kind = "villages"
        self.changed.add(kind)
        self.new.append((kind, entry))
        return kind, entry

    def same_identity(self, entry: dict, values: dict[str, str]) -> None:
        """A row naming a place the folder has may repeat its code and windows, not change them."""
        for column, field in (("区划代码", "division_code"), ("公安窗口数", "police_windows"),
                              ("综合窗口数", "comprehensive_windows" if "town" in entry else "windows")):  # fmt: skip
            given = normalise(values.get(column, ""))
            have = str(entry.get(field, 1 if field == "windows" else ""))  # a station's model default
            if given and given != have and not (column == "区划代码" and given + "000" == have):
                raise CellError(
                    column, f"“{entry['name']}”已有，{column}（现为“{have or '未写'}”）请直接在数据文件中修改"
                )

    def station(self, number: int, values: dict[str, str]) -> None:
        """A 站所 hosted by a township centre: its name added to the centre's 进驻站所."""
        town = self.town(values["乡镇"])
        extra = next((c for c in (*FIELDS, "区划代码", "公安窗口数", "综合窗口数") if values.get(c)), None)
        if extra is not None:
            raise CellError(extra, "站所只记名称（进驻站所），这一格不能导入")
        if values["名称"] not in town.get("stations", []):
            town["stations"] = [*town.get("stations", []), values["名称"]]
            self.changed.add("townships")

    def drop_examples(self) -> None:
        """Once the sheet gives the county's own townships (villages), init's placeholder entries (wholly
        `example: true`) go; a placeholder township a real village still names stays."""
        new = {id(e) for kind, e in self.new if kind == "villages"}
        if new:
            kept = [v for v in self.villages if v.get("example") is not True or id(v) in new]
            if len(kept) < len(self.villages):
                self.villages[:] = kept
                self.changed.add("villages")
        if any(kind == "townships" for kind, _ in self.new):
            named = {v["township"] for v in self.villages}
            kept = [t for t in self.townships if t.get("example") is not True or t["id"] in named]
            if len(kept) < len(self.townships):
                self.townships[:] = kept
                self.changed.add("townships")

    def set(self, kind: str, entry: dict, field: str, value: str) -> None:
        example = entry.get("example")
        example = example if isinstance(example, list) else []
        confirmed = field in example
        if entry.get(field) == value and not confirmed:
            return
        entry[field] = value
        if confirmed:
            rest = [f for f in example if f != field]
            if rest:
                entry["example"] = rest
            else:
                del entry["example"]
        self.changed.add(kind)


def import_network(sheet: Path, root: Path, sheet_name: str | None = None) -> list[Path]:
    """Fill or update the centres' and stations' facts from the sheet; the files written (none when the
    sheet says what the folder already says)."""
    root = Path(root)
    words, required = _words()
    table = read_sheet(Path(sheet), words, required, sheet_name)
    data = {kind: load_yaml(root / rel, rel)[0] for kind, rel in FILES.items()}
    original = copy.deepcopy(data)  # rows may set a fact and set it back: only a real change is written
    county = load_yaml(root / "items/county.yaml", "items/county.yaml")[0]
    net = _Network(
        table, data["townships"]["townships"], data["villages"]["villages"], county["division_code"]
    )
    for number, cells in table.rows:
        if any(cells):
            net.row(number, cells)
    if net.problems:
        raise StdkitError(net.problems)
    net.drop_examples()
    comments = {
        "townships": "乡镇便民服务中心（地址、电话、办公时间由 stdkit import --network 导入）",
        "villages": "村（社区）便民服务站（代办员、电话、开放时间由 stdkit import --network 导入）",
    }
    files = {FILES[k]: render(k, comments[k], data[k]) for k in sorted(net.changed) if data[k] != original[k]}
    # the whole folder is checked with the new files before anything is written (a new village must
    # not clash with another's id; the county's reported counts must still hold)
    return write_checked(root, files, Path(sheet), {}) if files else []


__all__ = ["import_network"]

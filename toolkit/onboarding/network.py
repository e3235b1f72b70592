"""stdkit import --network: the addresses, phones, hours and 代办员 of the county's township centres and
village (community) stations from a sheet (one row per centre or station: 乡镇, 名称, 地址, 电话, 办公时间,
代办员; header words in toolkit/codelists/network-columns.csv). A row names an existing centre or
station; an empty cell leaves the fact as it is (unknown stays unknown); any problem names the file, the
row and the column and nothing is written; importing the same sheet again changes nothing."""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import ValidationError

from ..core.codelists import codelist
from ..core.datafile import render
from ..core.errors import Problem, StdkitError
from ..core.layout import KIND_BY_NAME
from ..core.models.common import PHONE_PATTERN
from ..core.outdir import write_files
from ..core.yamlio import load_yaml
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
    def __init__(self, table: Table, townships: list[dict], villages: list[dict]):
        self.table, self.townships, self.villages = table, townships, villages
        self.problems: list[Problem] = []
        self.changed: set[str] = set()

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
        found = self.find(values["乡镇"], values["名称"])
        if found is None:
            self.problem(
                number,
                "名称",
                f"“{values['乡镇']}”没有名为“{values['名称']}”的便民服务中心或村（社区）便民服务站。",
                "名称应与 items/network/townships.yaml、villages.yaml 中的一致（村站可省略“便民服务站”）；新的站点请先加进这两个文件。",
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
    net = _Network(table, data["townships"]["townships"], data["villages"]["villages"])
    for number, cells in table.rows:
        if any(cells):
            net.row(number, cells)
    if net.problems:
        raise StdkitError(net.problems)
    for kind in net.changed:  # what the files will say is checked before anything is written
        try:
            KIND_BY_NAME[kind].model.model_validate(data[kind])
        except ValidationError as exc:
            msg = "；".join(str(e["msg"]) for e in exc.errors()[:3])
            raise StdkitError(
                [
                    Problem(
                        file=table.file,
                        line=1,
                        column=1,
                        path="",
                        code="import-network",
                        message=f"导入后 {FILES[kind]} 不合格：{msg}",
                    )
                ]
            ) from None
    comments = {
        "townships": "乡镇便民服务中心（地址、电话、办公时间由 stdkit import --network 导入）",
        "villages": "村（社区）便民服务站（代办员、电话、开放时间由 stdkit import --network 导入）",
    }
    files = {FILES[k]: render(k, comments[k], data[k]) for k in sorted(net.changed)}
    return write_files(root, files) if files else []


__all__ = ["import_network"]

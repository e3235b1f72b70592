"""New places from a network sheet (stdkit import --network): a township centre, a village or community
station, or a 站所 that a township centre hosts, when the folder does not have it yet. The row's 类型
(words in toolkit/codelists/network-kinds.csv) says what it is; a new township or village gives its
统计用区划代码, checked against the county's code in the bundled GB/T 2260 list (toolkit/core/divisions.py)
and, for a village, against its township's code; a new township centre gives its window counts (the
model requires them; nothing is assumed). Each function returns the new entry or raises
`guide.CellError` naming the column; names are kept exactly as written (YAML is written by the emitter,
every page escapes them)."""

from __future__ import annotations

import re

from pydantic import ValidationError

from ..core import divisions
from ..core.models.network import TownshipCentre, VillageStation
from ..core.validation import translate
from .guide import CellError, code_word
from .sheet import normalise

CENTRE = "便民服务中心"
STATION = "便民服务站"
_TOWN_SUFFIX = re.compile(r"(?:镇|乡|街道|街道办事处|民族乡|苏木)$")
_VILLAGE_SUFFIX = re.compile(r"(?:村|社区|居委会|嘎查)$")


def kind(text: str) -> str | None:
    """The row's 类型 as a code of network-kinds (None when the cell is empty)."""
    if not text.strip():
        return None
    found = code_word("network-kinds", text)
    if found is None:
        raise CellError(
            "类型", f"类型“{text}”无法识别，应为 乡镇便民服务中心、村便民服务站、社区便民服务站 或 站所"
        )
    return found


def pinyin_id(name: str, suffix: re.Pattern[str], taken: set[str], prefix: str = "") -> str:
    """业州镇 → yezhou; with prefix yezhou, 柏腊树社区 → yezhou-bolashu (2, 3 … when taken)."""
    from pypinyin import lazy_pinyin

    base = suffix.sub("", name) or name
    word = re.sub(r"[^a-z0-9]", "", "".join(lazy_pinyin(base)).lower())[:24] or "x"
    stem = f"{prefix}-{word}" if prefix else word
    out, n = stem, 2
    while out in taken:
        out, n = f"{stem}{n}", n + 1
    return out


def division_code(text: str, county: str, parent: str | None, township: bool) -> str:
    """The row's 区划代码 as 12 digits, checked: the county's code (in the bundled list) first, a
    township's ending in 000, a village's starting with its township's 9 digits."""
    code = normalise(text)
    if not code:
        raise CellError("区划代码", "新建的乡镇、村（社区）须写区划代码（统计用区划代码，12位）")
    if township and re.fullmatch(r"[0-9]{9}", code):
        code += "000"
    if not re.fullmatch(r"[0-9]{12}", code):
        raise CellError("区划代码", f"区划代码“{text}”应为12位数字（乡镇也可写9位）")
    own = divisions.county(county)
    if own is None:
        raise CellError("区划代码", f"本县的行政区划代码“{county}”（items/county.yaml）不在区划代码表中")
    if code[:6] != county:
        other = divisions.county(code[:6])
        where = f"（{other.name}）" if other else "（代码表中没有这个县）"
        raise CellError("区划代码", f"区划代码“{code}”的前6位{code[:6]}{where}不是{own.name}的{county}")
    if township and (code[6:9] == "000" or code[9:] != "000"):
        raise CellError("区划代码", f"乡镇的区划代码“{code}”应为本县6位+乡镇3位（非000）+000")
    if not township and (code[9:] == "000" or (parent is not None and code[:9] != parent[:9])):
        want = f"以所属乡镇的{parent[:9]}开头、" if parent else ""
        raise CellError("区划代码", f"村（社区）的区划代码“{code}”应{want}末3位不为000")
    return code


def _checked(model: type[TownshipCentre | VillageStation], entry: dict) -> dict:
    try:
        model.model_validate(entry)
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        field = str(err["loc"][0]) if err["loc"] else "name"
        column = {"name": "名称", "town": "乡镇", "police_windows": "公安窗口数"}.get(field, "综合窗口数")
        raise CellError(column, translate(err, model)[1]) from None
    return entry


def _windows(values: dict[str, str], column: str, required: bool) -> int | None:
    text = normalise(values.get(column, "")).removesuffix("个")
    if not text:
        if required:
            raise CellError(column, f"新建乡镇便民服务中心须写{column}")
        return None
    if not text.isdigit():
        raise CellError(column, f"{column}“{values[column]}”应为数字")
    return int(text)


def township(values: dict[str, str], county: str, townships: list[dict]) -> dict:
    """A new township centre: 乡镇 is the town, 名称 the centre (“X镇” alone becomes “X镇便民服务中心”)."""
    town = values["乡镇"]
    name = values["名称"] if values["名称"] != town else town + CENTRE
    code = division_code(values.get("区划代码", ""), county, None, township=True)
    clash = next((t for t in townships if t.get("division_code") == code), None)
    if clash is not None:
        raise CellError("区划代码", f"区划代码“{code}”已是“{clash['name']}”的")
    entry = {
        "id": pinyin_id(town, _TOWN_SUFFIX, {t["id"] for t in townships}),
        "name": name,
        "town": town,
        "division_code": code,
        "police_windows": _windows(values, "公安窗口数", required=True),
        "comprehensive_windows": _windows(values, "综合窗口数", required=True),
    }
    return _checked(TownshipCentre, entry)


def village(values: dict[str, str], code_kind: str, county: str, town: dict, villages: list[dict]) -> dict:
    """A new village or community station of the township centre `town`: “X村” becomes “X村便民服务站”."""
    base = values["名称"].removesuffix(STATION)
    code = division_code(values.get("区划代码", ""), county, town.get("division_code"), township=False)
    clash = next((v for v in villages if v.get("division_code") == code), None)
    if clash is not None:
        raise CellError("区划代码", f"区划代码“{code}”已是“{clash['name']}”的")
    entry = {
        "id": pinyin_id(base, _VILLAGE_SUFFIX, {v["id"] for v in villages}, prefix=town["id"]),
        "name": base + STATION,
        "township": town["id"],
        "division_code": code,
        "community": code_kind == "社区",
    }
    windows = _windows(values, "综合窗口数", required=False)
    if windows is not None:
        entry["windows"] = windows
    return _checked(VillageStation, entry)


__all__ = ["division_code", "kind", "pinyin_id", "township", "village"]

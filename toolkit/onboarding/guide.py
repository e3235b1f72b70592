"""Guide elements (受理条件, 申请材料, 收费, 地点, 电话, 依据 …) in a platform's export, both ways: the cells of a
sheet into item data, and item data into the cells a platform would write. One source for the cell
formats: the importer parses what `item_cells`/`material_cells` write (tests/test_guide_import.py).

Two layouts: one row per item with multi-line cells (materials one per line, the form, count,
necessity and source in a trailing bracket: “居民身份证（原件1份；必要；申请人自备）”), or one row per
material with the item's columns repeated (columns 材料名称, 材料形式, 份数, 必要性 …). Header words come
from toolkit/codelists/guide-columns.csv. An empty cell gives nothing: the element stays as it was.
"""

from __future__ import annotations

import re

from ..core.codelists import codelist
from ..core.models import ServiceItem
from ..core.models.common import PHONE_PATTERN, TimeLimit
from ..core.models.item import Material
from .sheet import normalise

BREAKS = re.compile(r"[\r\n\x0b\x0c\x85\u2028\u2029]+")
NUMBERING = re.compile(r"^\s*(?:\d{1,3}\s*[.、．)）]|[（(]\d{1,3}[)）])\s*")
YES = {"是", "y", "yes", "1", "true", "√", "收费", "可共享", "共享"}
NO = {"否", "n", "no", "0", "false", "×", "不收费", "免费", "不共享"}
MULTI_LINE = ("服务对象", "受理条件", "申请材料", "收费项目", "收费标准", "收费依据", "设定依据")
_COPIES = re.compile(r"^(.+?)(?:[:：]?(\d{1,2})份)?$")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_AUDIENCE_SEPARATORS = re.compile(r"[、；;，,]")
_CN_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
_KEYED = {
    "受理要点": "accept",
    "备注": "note",
    "非必要": "condition",
    "非必须": "condition",
    "提交情形": "condition",
}


class CellError(ValueError):
    """A cell's value cannot be used: `column` and a Chinese reason."""

    def __init__(self, column: str, message: str):
        super().__init__(message)
        self.column, self.message = column, message


def guide_columns() -> tuple[dict[str, str], tuple[str, ...], tuple[str, ...]]:
    """Header word (normalised) -> element column; the item-level and the material-level columns."""
    words: dict[str, str] = {}
    item: list[str] = []
    material: list[str] = []
    for c in codelist("guide-columns"):
        for w in (c.code, c.title, *filter(None, c.extra.get("synonyms", "").split("|"))):
            words.setdefault(normalise(w), c.code)
        (material if c.extra.get("level") == "material" else item).append(c.code)
    return words, tuple(item), tuple(material)


def lines(text: str) -> list[str]:
    """A multi-line cell's entries, numbering (1. / 1、/ （1）) and surrounding spaces removed."""
    out = []
    for line in BREAKS.split(text):
        line = NUMBERING.sub("", line).strip(" \t\u3000")
        if line:
            out.append(line)
    return out


def code_word(listname: str, text: str) -> str | None:
    """A code of `listname` from its code, title or a synonym (the list's synonyms column)."""
    t = normalise(text)
    for c in codelist(listname):
        if t in (c.code, c.title) or t in filter(None, c.extra.get("synonyms", "").split("|")):
            return c.code
    return None


def _form(segment: str, material: dict) -> bool:
    """“原件1份” / “复印件：2份” / “电子证照” into `material`; False if it is not a form."""
    m = _COPIES.match(normalise(segment))
    form = code_word("material-forms", m.group(1)) if m else None
    if m is None or form is None:
        return False
    had = material.get("form")
    if had and {had, form} == {"原件", "复印件"}:
        form = "原件和复印件"
    material["form"] = form
    if m.group(2):
        material["copies"] = max(int(m.group(2)), material.get("copies", 0))
    return True


def _attribute(segment: str, material: dict) -> bool:
    """One bracketed attribute (form, necessity, source, 数据共享) into `material`."""
    t = normalise(segment)
    if t in ("必要", "必须", "必需", "必要材料"):
        material["required"] = True
    elif t in ("容缺", "可容缺", "容缺受理", "必要(可容缺)"):
        material.update(required=True, tolerated=True)
    elif t in ("数据共享", "可共享免提交", "共享"):
        material["shared"] = True
    elif t in ("核验后退还", "核验后当场退还", "验后退还"):
        material["returned"] = True
    elif t in ("纸质", "纸质材料"):
        pass
    elif (source := code_word("material-sources", t)) is not None:
        material["source"] = source
    else:
        return _form(segment, material)
    return True


def _keyed(segment: str) -> tuple[str, str, str] | None:
    """“受理要点：…” → (field, value, the word written)."""
    m = re.match(r"^(受理要点|备注|非必要|非必须|提交情形)[:：]\s*(.*)$", segment.strip())
    return (_KEYED[m.group(1)], m.group(2), m.group(1)) if m else None


def _bracket(line: str) -> int | None:
    """Where the trailing bracketed group of `line` opens, if the line ends with one."""
    if not line.endswith(("）", ")")):
        return None
    depth = 0
    for i in range(len(line) - 1, -1, -1):
        depth += line[i] in "）)"
        depth -= line[i] in "（("
        if depth == 0:
            return i
    return None


def material_from_line(line: str) -> dict:
    """“居民身份证（原件1份；必要；申请人自备；受理要点：在有效期内）” → material data. A line whose trailing
    bracket says no known attribute is a name only (“营业执照（副本）”)."""
    start = _bracket(line)
    if start is None or start == 0:
        return {"name": line}
    parts = re.split(r"([；;])", line[start + 1 : -1])
    material: dict = {}
    if not (_keyed(parts[0]) or _attribute(parts[0], {})):
        return {"name": line}
    key = None
    for i in range(0, len(parts), 2):
        segment = parts[i]
        keyed = _keyed(segment)
        if keyed:
            key, value, word = keyed
            material[key] = value
            if word.startswith("非"):
                material["required"] = False
        elif segment.strip() and not _attribute(segment, material):
            if key is None:
                raise ValueError(f"材料“{line[:start]}”的说明“{segment}”无法识别")
            material[key] += parts[i - 1] + segment
    return {"name": line[:start].strip(), **material}


def material_line(m: Material) -> str:
    """The line a platform writes for a material (material_from_line reads it back)."""
    necessity = "容缺" if m.tolerated else "必要" if m.required else f"非必要：{m.condition}"
    parts = [f"{m.form}{m.copies}份", necessity, m.source]
    if m.required and m.condition:
        parts.append(f"提交情形：{m.condition}")
    if m.shared:
        parts.append("数据共享")
    if m.returned:
        parts.append("核验后退还")
    if m.accept:
        parts.append(f"受理要点：{m.accept}")
    if m.note:
        parts.append(f"备注：{m.note}")
    return f"{m.name}（{'；'.join(parts)}）"


def material_from_row(values: dict[str, str]) -> dict | None:
    """One row of the material-per-row layout → material data (None when it names no material)."""
    name = values.get("材料名称", "").strip()
    if not name:
        return None
    material: dict = {"name": name}
    for segment in re.split(r"[；;]", values.get("材料形式", "")):
        if segment.strip() and not _form(segment, material):
            raise CellError(
                "材料形式", f"材料形式“{segment}”无法识别，应为 {'、'.join(_codes('material-forms'))}"
            )
    copies = normalise(values.get("份数", "")).removesuffix("份")
    if copies:
        if not copies.isdigit():
            raise CellError("份数", f"份数“{values['份数']}”应为数字")
        material["copies"] = int(copies)
    _necessity(values, material)
    source = values.get("来源渠道", "").strip()
    if source and not _attribute(source, material):
        raise CellError(
            "来源渠道", f"来源渠道“{source}”无法识别，应为 {'、'.join(_codes('material-sources'))}"
        )
    shared = normalise(values.get("数据共享", "")).lower()
    if shared:
        if shared not in YES | NO:
            raise CellError("数据共享", f"数据共享“{values['数据共享']}”应为 是/否")
        material["shared"] = shared in YES
    returned = normalise(values.get("核验后退还", "")).lower()
    if returned:
        if returned not in YES | NO:
            raise CellError("核验后退还", f"核验后退还“{values['核验后退还']}”应为 是/否")
        material["returned"] = returned in YES
    for column, key in (("受理要点", "accept"), ("备注", "note")):
        if values.get(column, "").strip():
            material[key] = values[column].strip()
    return material


def _necessity(values: dict[str, str], material: dict) -> None:
    text = normalise(values.get("必要性", ""))
    condition = values.get("提交情形", "").strip()
    keyed = _keyed(values.get("必要性", ""))
    if keyed and keyed[0] == "condition":
        text, condition = "非必要", condition or keyed[1]
    if text in ("非必要", "非必须", "否", "选择性", "选交"):
        material["required"] = False
    elif text and not (text in ("是",) or _attribute(text, material)):
        raise CellError("必要性", f"必要性“{values['必要性']}”应为 必要、非必要 或 容缺")
    if condition:
        material["condition"] = condition


def material_cells(m: Material) -> dict[str, str]:
    """The material columns of the material-per-row layout."""
    return {
        "材料名称": m.name,
        "材料形式": m.form,
        "份数": str(m.copies),
        "必要性": "容缺" if m.tolerated else "必要" if m.required else "非必要",
        "提交情形": m.condition or "",
        "来源渠道": m.source,
        "数据共享": "是" if m.shared else "否",
        "核验后退还": "是" if m.returned else "否",
        "受理要点": m.accept or "",
        "备注": m.note or "",
    }


def _codes(listname: str) -> list[str]:
    return [c.code for c in codelist(listname)]


def fee_standard(text: str) -> dict:
    """“80元” → amount 80; “25元/月” → standard as written and amount 25; “按面积计收” → standard only."""
    t = text.strip()
    if re.fullmatch(r"\d+(?:\.\d+)?元", normalise(t)):
        return {"amount_yuan": _number(normalise(t)[:-1])}
    m = _NUMBER.search(normalise(t))
    return {"standard": t, **({"amount_yuan": _number(m.group(0))} if m else {})}


def _number(text: str) -> int | float:
    value = float(text)
    return int(value) if value.is_integer() else value


def fees(values: dict[str, str]) -> list[dict] | None:
    """The fee columns → fee data ([] for 不收费; None when the sheet says nothing)."""
    flag = normalise(values.get("是否收费", "")).lower()
    names, standards = lines(values.get("收费项目", "")), lines(values.get("收费标准", ""))
    bases = lines(values.get("收费依据", ""))
    if flag and flag not in YES | NO:
        raise CellError("是否收费", f"是否收费“{values['是否收费']}”应为 是/否")
    if flag in NO or (not names and [normalise(s) for s in standards] in (["不收费"], ["免费"], ["0"])):
        if names:
            raise CellError("收费项目", "是否收费为“否”，却写了收费项目")
        return [] if flag or standards else None
    if not names:
        if flag:
            raise CellError("收费项目", "是否收费为“是”，但没有写收费项目")
        return None
    if len(standards) != len(names):
        raise CellError("收费标准", f"收费项目有{len(names)}项，收费标准应逐行对应（现有{len(standards)}行）")
    if len(bases) not in (1, len(names)):
        raise CellError("收费依据", f"收费项目有{len(names)}项，收费依据应逐行对应或只写一行")
    bases = bases * len(names) if len(bases) == 1 else bases
    return [
        {"name": n, **fee_standard(s), "basis": b} for n, s, b in zip(names, standards, bases, strict=True)
    ]


def fee_cells(item: ServiceItem) -> dict[str, str]:
    if item.fees is None:
        return {"是否收费": "", "收费项目": "", "收费标准": "", "收费依据": ""}
    return {
        "是否收费": "是" if item.fees else "否",
        "收费项目": "\n".join(f.name for f in item.fees),
        "收费标准": "\n".join(f.label for f in item.fees),
        "收费依据": "\n".join(f.basis for f in item.fees),
    }


def visits(text: str) -> int | None:
    t = normalise(text).removesuffix("次")
    if not t:
        return None
    if t in _CN_DIGITS:
        return _CN_DIGITS[t]
    if t.isdigit() and int(t) <= 10:
        return int(t)
    raise CellError("到现场次数", f"到现场次数“{text}”应为 0–10 的次数，如“1次”")


def phone(text: str, column: str) -> str | None:
    t = normalise(text)
    if t and not re.fullmatch(PHONE_PATTERN, t):
        raise CellError(column, f"{column}“{text}”不是电话号码（如 0826-2222222、12345）")
    return t or None


def limit_text(limit: TimeLimit | None) -> str:
    """A time limit as a sheet writes it: its wording when it has one, else “20个工作日”/“即办”/“30分钟”."""
    if limit is None:
        return ""
    return limit.wording or limit.label()


def audience(text: str) -> list[str]:
    """服务对象 as written: one per line, or on one line separated by 、/；/，(“自然人、企业法人”)."""
    entries = lines(text)
    if len(entries) == 1:
        entries = [e.strip(" \t\u3000") for e in _AUDIENCE_SEPARATORS.split(entries[0])]
    return [e for e in entries if e]


def item_cells(item: ServiceItem) -> dict[str, str]:
    """The item-level guide columns of one item, as a platform's one-row-per-item export writes them."""
    return {
        "服务对象": "\n".join(item.audience),
        "受理条件": "\n".join(item.conditions),
        "申请材料": "\n".join(f"{n}. {material_line(m)}" for n, m in enumerate(item.materials, start=1)),
        **fee_cells(item),
        "法定时限": limit_text(item.legal_limit),
        "承诺时限": limit_text(item.promised_limit),
        "是否网办": item.online.depth or "",
        "办理地点": item.location or "",
        "办理时间": item.hours or "",
        "咨询电话": item.phones.consult if item.phones else "",
        "监督投诉电话": item.phones.complaint if item.phones else "",
        "设定依据": "\n".join(item.basis),
        "办理结果名称": item.result_name or "",
        "到现场次数": "" if item.visits is None else f"{item.visits}次",
    }


def elements(values: dict[str, str], present: set[str]) -> dict:
    """The item-level guide columns of a row → the item data they give (only what a cell gives).
    Raises CellError naming the column."""
    out: dict = {}
    for column, key in (("受理条件", "conditions"), ("设定依据", "basis")):
        if column in present and lines(values[column]):
            out[key] = lines(values[column])
    if "申请材料" in present and lines(values["申请材料"]):
        materials = []
        for line in lines(values["申请材料"]):
            try:
                materials.append(material_from_line(line))
            except ValueError as exc:
                raise CellError("申请材料", str(exc)) from None
        out["materials"] = materials
    given = fees(values)
    if given is not None:
        out["fees"] = given
    if "服务对象" in present and audience(values["服务对象"]):
        out["audience"] = audience(values["服务对象"])
    for column, key in (("办理地点", "location"), ("办理时间", "hours"), ("办理结果名称", "result_name")):
        text = "；".join(lines(values.get(column, "")))
        if text:
            out[key] = text
    if values.get("到现场次数"):
        out["visits"] = visits(values["到现场次数"])
    consult = phone(values.get("咨询电话", ""), "咨询电话")
    complaint = phone(values.get("监督投诉电话", ""), "监督投诉电话")
    if consult or complaint:
        out["phones"] = {k: v for k, v in (("consult", consult), ("complaint", complaint)) if v}
    return out


__all__ = [
    "MULTI_LINE",
    "CellError",
    "audience",
    "code_word",
    "elements",
    "fee_cells",
    "fees",
    "guide_columns",
    "item_cells",
    "lines",
    "material_cells",
    "material_from_line",
    "material_from_row",
    "material_line",
]

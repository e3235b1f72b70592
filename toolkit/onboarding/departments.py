"""Departments named in a catalogue: a short name derived from the name as written, and a readable id
from the naming table (toolkit/codelists/department-abbreviations.csv: 税务局 → tax) or the pinyin
initials of the short name (县公安局 → 公安局 → gaj), unique in the county."""

from __future__ import annotations

import re

from ..core.codelists import codelist

# A leading level word is dropped for the short name (区经信局 → 经信局), but not before 委/政府
# (区委办 stays 区委办: without 区 it would no longer say whose office it is).
_LEVEL = re.compile(r"^(?:县|区|市|旗)(?!委|政府)")


def short_name(name: str, county: str) -> str:
    """广安区税务局 → 税务局; 区经信局 → 经信局; 区委办 → 区委办; 某县市场监督管理局 → 市场监管局 (the usual
    abbreviations are a code list: toolkit/codelists/department-abbreviations.csv)."""
    bare = name.removeprefix(county) if county and name != county else name
    if bare == name:
        bare = _LEVEL.sub("", name, count=1)
    if len(bare) < 2:
        return name
    return next((c.title for c in codelist("department-abbreviations") if c.code == bare), bare)


def readable_id(short: str) -> str:
    """The department code the naming table gives the short name (税务局 → tax, 水务局 → shuiwu, 商务局 →
    shangwu: their initials would all be swj), else the pinyin initials (公安局 → gaj)."""
    given = next((c.extra.get("id") for c in codelist("department-abbreviations") if c.title == short), None)
    return given or initials(short)


def initials(text: str) -> str:
    """Pinyin initials of the Chinese characters, ASCII letters and digits kept (lower case)."""
    from pypinyin import Style, lazy_pinyin

    out = []
    for part in lazy_pinyin(text, style=Style.FIRST_LETTER, errors="default"):
        out.append(re.sub(r"[^a-z0-9]", "", part.lower()))
    return "".join(out)[:30] or "bm"


def unique_code(base: str, taken: set[str]) -> str:
    """base, or base2, base3 … (the first free one)."""
    base = base.strip("-") or "bm"
    if base not in taken:
        return base
    n = 2
    while f"{base}{n}" in taken:
        n += 1
    return f"{base}{n}"


__all__ = ["initials", "readable_id", "short_name", "unique_code"]

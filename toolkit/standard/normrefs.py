"""Normative references reconciled both ways (GB/T 1.1—2020): every document listed in the 规范性引用文件
chapter is cited normatively in a provision (not only in a note, an example or a 资料性 annex), every
standard cited in a provision is listed, and the dated/undated form agrees — a dated entry is cited with
its year, an undated one without, and a specific clause, table or figure is cited only from a dated one.
Citations are read from the source lines, so each problem has its file, line and column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..core.errors import Problem

_NUMBER = r"(GB/T|GB/Z|GB|DB\d{2}/T|DB\d{2}|ISO/IEC|ISO|IEC|JJF|[A-Z]{2}/T)\s*(\d+(?:\.\d+)*)"
ENTRY = re.compile(rf"^{_NUMBER}(?:\s*—\s*(\d{{4}}))?")
CITE = re.compile(rf"(?<![A-Za-z/]){_NUMBER}(?:\s*—\s*(\d{{4}}))?")
SPECIFIC = re.compile(
    r"^\s*(?:的|中|第)?\s*(?:\d+(?:\.\d+)*(?:章|条)?(?![\d.])|[表图]\s*[A-Z]?\.?\d|附录\s*[A-Z])"
)
_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")


@dataclass(frozen=True)
class Mention:
    key: str  # "GB/T 36112"
    year: str | None
    file: str
    line: int
    column: int
    specific: bool = False  # cites a clause, table, figure or annex of the document


def entries(rel: str, lines: list[str], start: int) -> list[tuple[Mention, str]]:
    """(entry, its text) for every `- ` item of the 规范性引用文件 chapter that starts with a standard number."""
    out = []
    for i in range(start, len(lines)):
        text = lines[i]
        if not text.startswith("- "):
            continue
        m = ENTRY.match(text[2:].strip())
        if m:
            out.append((Mention(f"{m.group(1)} {m.group(2)}", m.group(3), rel, i + 1, 3), text[2:].strip()))
    return out


def citations(rel: str, lines: list[str], start: int) -> list[Mention]:
    """Standards cited in provisions of one chapter or normative annex (notes and examples left out)."""
    out = []
    for i in range(start, len(lines)):
        text = _JINJA.sub(lambda m: " " * len(m.group()), lines[i])
        if text.lstrip().startswith((">", "#", "!")):
            continue
        for m in CITE.finditer(text):
            specific = bool(SPECIFIC.match(text[m.end() :]))
            out.append(Mention(f"{m.group(1)} {m.group(2)}", m.group(3), rel, i + 1, m.start() + 1, specific))
    return out


def _p(at: Mention, code: str, msg: str, hint: str) -> Problem:
    return Problem(file=at.file, line=at.line, column=at.column, path="", code=code, message=msg, hint=hint)


def reconcile(listed: list[tuple[Mention, str]], cited: list[Mention]) -> tuple[list[Problem], list[str]]:
    """Problems, and the texts of the listed entries that are cited (what the 编制说明 counts)."""
    problems: list[Problem] = []
    by_key: dict[str, Mention] = {}
    for entry, _ in listed:
        if entry.key in by_key:
            first = by_key[entry.key]
            problems.append(
                _p(
                    entry,
                    "std-normref-duplicate",
                    f"“{entry.key}”重复列出（已在第{first.line}行列出）。",
                    "每个文件只列一次。",
                )
            )
        by_key.setdefault(entry.key, entry)
    cited_keys = {c.key for c in cited}
    for entry, _ in listed:
        if entry.key not in cited_keys and by_key[entry.key] is entry:
            problems.append(
                _p(
                    entry,
                    "std-normref-uncited",
                    f"规范性引用文件“{entry.key}”在条款中没有被引用。",
                    "删去这一条，或在条款中引用它；只在注、示例、资料性附录中提及的文件列入参考文献。",
                )
            )
    for c in cited:
        listed_as = by_key.get(c.key)
        if listed_as is None:
            problems.append(
                _p(
                    c,
                    "std-normref-unlisted",
                    f"条款引用了“{c.key}”，但第2章规范性引用文件中没有列出它。",
                    "在规范性引用文件中列出这一文件（注日期或不注日期），或改写条款不再引用。",
                )
            )
            continue
        entry = listed_as
        if entry.year and c.year != entry.year:
            problems.append(
                _p(
                    c,
                    "std-normref-dated",
                    f"“{c.key}”在规范性引用文件中注了日期（{c.key}—{entry.year}），这里应写作“{c.key}—{entry.year}”。",
                    "注日期引用在正文中也写出年份；只要最新版本适用时，在规范性引用文件中去掉年份。",
                )
            )
        elif not entry.year and c.year:
            problems.append(
                _p(
                    c,
                    "std-normref-dated",
                    f"“{c.key}”在规范性引用文件中不注日期，这里却写了年份“{c.year}”。",
                    "不注日期引用在正文中只写代号和顺序号；若只有该版本适用，在规范性引用文件中注上日期。",
                )
            )
        elif not entry.year and c.specific:
            problems.append(
                _p(
                    c,
                    "std-normref-dated",
                    f"引用了“{c.key}”的具体章条、表、图或附录，但它是不注日期引用。",
                    "GB/T 1.1—2020：引用文件的具体内容时应注日期；请在规范性引用文件和这里都写出年份。",
                )
            )
    return problems, [text for entry, text in listed if entry.key in cited_keys]

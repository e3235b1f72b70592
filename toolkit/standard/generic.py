"""Is the normative text generic? The county figures a provision must not quote (the numeric values of
the data context) and the numbers a normative text does quote.

Numbers 1–5 are structural rules ("1+1", "至少1名", "2个至5个") that coincide with some count in any
county's data, and numbers followed by a time or rate unit (20分钟, 15个工作日, 24小时) are deadlines:
neither is compared."""

from __future__ import annotations

import re

from ..core import figures
from .model import Standard, plain
from .verification import TABLE

MIN_COMPARED = 6
_NUMBER = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)(?![\d.])")
# standard numbers, annex/table/figure numbers, chapters and clause references
_STD_REF = re.compile(
    r"(GB/T|GB/Z|GB|DB\d{2}/T|DB\d{2})\s*[0-9][0-9.]*(?:—\d{4})?|[表图]?[A-Z]\.\d+(?:\.\d+)*"
    r"|第\d+章|(?<=[见按照和、至])\d+(?:\.\d+)+"
)
_TIME_UNIT = re.compile(r"\s*(个?工作日|个?自然日|日|天|小时|分钟|周|个?月|年|学时)")


def _leaves(value, out: set[str]) -> None:
    if isinstance(value, bool):
        return
    if isinstance(value, int | float):
        if value >= MIN_COMPARED:
            out.add(str(int(value)) if float(value).is_integer() else str(value))
    elif isinstance(value, dict):
        for v in value.values():
            _leaves(v, out)
    elif isinstance(value, list | tuple):
        for v in value:
            _leaves(v, out)
    elif hasattr(value, "model_dump"):
        _leaves(value.model_dump(), out)


def data_counts(project) -> set[str]:
    """Every figure of a county's data, as written in text, that a provision must not quote: the computed
    statistics (and any reported figures beside them), the county record, the service network and
    the teams."""
    out: set[str] = set()
    _leaves(figures.of(project).as_dict(), out)
    for part in (project.county, project.centre, list(project.townships.values()), project.teams):
        _leaves(part, out)
    return out


def quoted_numbers(text: str) -> list[str]:
    """The numbers of a text that could be county figures (standard numbers, clause references, time
    limits and small numbers left out)."""
    text = _STD_REF.sub(" ", text)
    out = []
    for m in _NUMBER.finditer(text):
        if _TIME_UNIT.match(text, m.end()):
            continue
        if float(m.group(1)) >= MIN_COMPARED:
            out.append(m.group(1))
    return out


def normative_texts(std: Standard):
    """(file, line, text) of everything normative: provisions (应/宜/可/statements) of the chapters and
    the normative annexes, their lists, and the tables of normative annexes. Notes, examples and
    informative annexes are left out."""
    for part in std.parts:
        if part.kind not in ("chapter", "annex") or part.informative or part.role in ("normrefs", "terms"):
            continue
        for clause in part.clause.walk():
            for b in clause.blocks:
                if b.kind in ("para", "listonly"):
                    yield b.file, b.line, plain(b.text)
                    for it in b.items:
                        yield b.file, it.line, plain(it.text)
                elif b.kind == "table" and part.kind == "annex" and b.source != TABLE:
                    # (the 核查方法 table only repeats the provisions, checked where they are written)
                    for row in b.rows:
                        for cell in row:
                            yield b.file, b.line, plain(cell)

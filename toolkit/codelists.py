"""Code lists (item types, levels, counters …) kept as CSV data files beside this module.

Each CSV has the columns code, title, description (and sometimes more). The code is the value
written in the YAML sources; the title and description are what editors and pages show.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import WithJsonSchema

CODELIST_DIR = Path(__file__).parent / "codelists"


@dataclass(frozen=True)
class Code:
    code: str
    title: str
    description: str
    extra: dict[str, str]


@cache
def codelist(name: str) -> tuple[Code, ...]:
    with open(CODELIST_DIR / f"{name}.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return tuple(
        Code(
            r["code"],
            r["title"],
            r["description"],
            {k: v for k, v in r.items() if k not in ("code", "title", "description")},
        )
        for r in rows
    )


def codes(name: str) -> list[str]:
    return [c.code for c in codelist(name)]


def title(name: str, code: str) -> str:
    for c in codelist(name):
        if c.code == code:
            return c.title
    return code


def all_codelists() -> list[str]:
    return sorted(p.stem for p in CODELIST_DIR.glob("*.csv"))


def code_type(name: str, description: str):
    """A Literal type over the codes of one list, with per-code help for editors."""
    entries = codelist(name)
    values = tuple(c.code for c in entries)
    schema = {
        "type": "string",
        "enum": list(values),
        "description": description,
        "enumDescriptions": [f"{c.title}：{c.description}" for c in entries],
        "markdownEnumDescriptions": [f"**{c.title}**：{c.description}" for c in entries],
    }
    return Annotated[Literal[values], WithJsonSchema(schema)]  # type: ignore[valid-type]

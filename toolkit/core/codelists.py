"""Code lists (item types, levels, counters …) kept as CSV data files beside this module.

Each CSV has the columns code, title, description (and sometimes more). The code is the value
written in the YAML sources; the title and description are what editors and pages show.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, core_schema

CODELIST_DIR = Path(__file__).parent.parent / "codelists"


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


@dataclass(frozen=True)
class CodeList:
    """Annotated metadata for a code-list field, `Annotated[str, CodeList("item-types", "事项类型")]`:
    pydantic accepts exactly the list's codes (a literal schema, so errors are `literal_error` as for a
    Literal), the JSON Schema carries per-code help for editors, and type checkers see a `str`."""

    name: str
    description: str

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        return core_schema.literal_schema(codes(self.name))

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        entries = codelist(self.name)
        return {
            "type": "string",
            "enum": [c.code for c in entries],
            "description": self.description,
            "enumDescriptions": [f"{c.title}：{c.description}" for c in entries],
            "markdownEnumDescriptions": [f"**{c.title}**：{c.description}" for c in entries],
        }

"""The generator's fixed tables, read from the YAML files in toolkit/demo/data/: departments and the stems of
their item names, name parts (variants, types, townships, stations, villages, materials, form fields), and
the county centre, service teams and flow templates the generated county gets as they are."""

from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple

import yaml

DATA = Path(__file__).resolve().parent / "data"


def load(name: str) -> Any:
    """One data file of toolkit/demo/data/, parsed (a fresh copy each call: callers may change it)."""
    return yaml.safe_load((DATA / name).read_text(encoding="utf-8"))


class Department(NamedTuple):
    """A generated department; `stems` are the beginnings of its item names."""

    code: str
    name: str
    short_name: str
    stems: list[str]


DEPARTMENTS = [Department(**d) for d in load("departments.yaml")]
_NAMES = load("names.yaml")
VARIANTS: list[str] = _NAMES["variants"]
TYPES: list[str] = list(_NAMES["types"])
TYPE_WEIGHTS: list[int] = list(_NAMES["types"].values())
TOWNS: list[tuple[str, str]] = list(_NAMES["towns"].items())
STATIONS: list[str] = _NAMES["stations"]
VILLAGE_NAMES: list[str] = _NAMES["village_names"]
MATERIAL_NAMES: list[str] = _NAMES["material_names"]
FORM_FIELDS: list[dict[str, str]] = _NAMES["form_fields"]

"""Apportioning a county's reported 清减降 totals (减材料, 压减办理环节, 压减承诺时限) over the pre-reform
records of its catalogue-level items, so that the figures computed from the data equal the report.

Items with a written guide (materials listed) keep their hand-written records; the remainder of each
total is spread evenly (deterministically, in id order) over the catalogue-level items. Used by
scripts/jianshi_catalogue.py to build the bundled Jianshi data (not part of the installed package); the
README says which figures are apportioned.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from toolkit.core import datafile
from toolkit.core.load import load_project
from toolkit.core.models import ServiceItem
from toolkit.core.project import Project
from toolkit.core.stats import item_days, item_materials, item_steps

# Current number of materials of a catalogue-level item, by item type (scripts/calibrate.yaml).
MATERIALS_NOW: dict[str, int] = yaml.safe_load(
    Path(__file__).with_suffix(".yaml").read_text(encoding="utf-8")
)["materials_now"]


def _share(total: int, n: int, i: int) -> int:
    each, extra = divmod(total, n)
    return each + (1 if i < extra else 0)


def _remainder(project: Project, written: list[ServiceItem], targets: dict) -> dict:
    left = dict(targets)
    for item in written:
        r = item.reform
        if r is None:
            continue
        now = {"materials": item_materials(item), "steps": item_steps(project, item), "days": item_days(item)}
        for key in left:
            was = getattr(r, key)
            if was is not None and now[key] is not None and (key != "days" or item.promised_limit):
                left[key] -= was - now[key]
    return left


def reform_records(project: Project, targets: dict) -> dict[str, dict]:
    """item id → the reform record a catalogue-level item gets so that the totals equal `targets`."""
    catalogue = sorted((i for i in project.items.values() if not i.materials), key=lambda i: i.id)
    written = [i for i in project.items.values() if i.materials]
    left = _remainder(project, written, targets)
    for key, value in left.items():
        if value < 0:
            raise ValueError(f"{key}: written items already remove more than the target ({value})")
    out = {}
    for n, item in enumerate(catalogue):
        materials_now = MATERIALS_NOW[item.type]
        days_now = item_days(item)
        record = {
            "materials": materials_now + _share(left["materials"], len(catalogue), n),
            "materials_now": materials_now,
            "steps": item_steps(project, item) + _share(left["steps"], len(catalogue), n),
            "days": days_now + _share(left["days"], len(catalogue), n),
            "visits": item.reform.visits
            if item.reform and item.reform.visits is not None
            else (item.visits or 0) + 1,
        }
        if record["days"] > 365 or record["materials"] > 200 or record["steps"] > 50:
            raise ValueError(f"{item.id}: apportioned record out of range {record}")
        out[item.id] = record
    return out


def calibrate(root: Path, targets: dict) -> int:
    """Rewrite the reform records of the catalogue-level item files under `root`; returns how many."""
    project = load_project(root, cross_check=False, use_cache=False)
    records = reform_records(project, targets)
    for iid, record in records.items():
        path = root / project.source("item", iid).file
        lines = path.read_text(encoding="utf-8").split("\n")
        comment = lines[1].removeprefix("# ")
        data = yaml.safe_load("\n".join(lines))
        data["reform"] = record
        datafile.write(path, "item", comment, data)
    return len(records)

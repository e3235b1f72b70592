"""Generator of plausible full-scale county data (for benchmarks and scale tests; `stdkit demo-data`).

Deterministic: the same arguments give the same files. Names are illustrative, built from stems
of real item names per department; nothing here is a real county's catalogue. The tables are data
files in data/ (read by `tables`); `items` makes the items and their levels, `county` the rest of the
county folder, `bundles` the 一事联办 bundles and life-cycle catalogues.
"""

from __future__ import annotations

import random
from pathlib import Path

from ..core import datafile
from .bundles import lifecycle, make_bundles
from .county import write_centre, write_county, write_teams, write_townships
from .items import levels, make_items, write_items
from .tables import DEPARTMENTS

__all__ = ["generate"]


def generate(
    out: Path,
    *,
    items: int = 1341,
    villages: int = 405,
    township_items: int = 328,
    village_items: int = 97,
    detailed: bool = True,
    seed: int = 422822,
) -> dict:
    """Write a complete county folder under `out`; returns the counts written."""
    rng = random.Random(seed)
    out = Path(out)
    deps = DEPARTMENTS[:34]
    out.mkdir(parents=True, exist_ok=True)
    write_county(out, items, deps)
    ids = make_items(rng, items, deps, detailed)
    town_set, village_set = levels(rng, ids, township_items, village_items)
    write_items(out, ids, town_set, village_set)
    write_centre(out)
    write_townships(out, villages)
    write_teams(out)
    bundles = make_bundles(ids, rng)
    for b in bundles:
        datafile.write(out / f"items/bundles/{b['id']}.yaml", "bundle", f"{b['name']}（生成数据）", b)
    datafile.write(
        out / "items/lifecycle.yaml",
        "lifecycle",
        "全生命周期目录（生成数据）",
        {"catalogues": lifecycle(ids, bundles)},
    )
    return {
        "items": items,
        "villages": villages,
        "township_items": township_items,
        "village_items": village_items,
    }

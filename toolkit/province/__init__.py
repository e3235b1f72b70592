"""The province's view: many counties' conformance reports collected into one SQLite database, a workbook
and a static dashboard, with history (rounds); and `verify`, which re-runs a county's check to see whether
its report matches its data.

    col = collect(["reports/"])                 # validated, grouped into rounds, one standard
    files = outputs(col)                        # province.sqlite, province.xlsx, dashboard/…
"""

from __future__ import annotations

from .collect import Collection, Round, collect
from .dashboard import build_dashboard
from .database import build, open_copy
from .workbook import build_workbook


def title_of(col: Collection) -> str:
    return f"{col.standard} 各县符合性汇总"


def outputs(col: Collection) -> dict[str, bytes]:

    data = build(col)
    db = open_copy(data)
    try:
        files = {"province.sqlite": data, "province.xlsx": build_workbook(db, title_of(col))}
        files.update({f"dashboard/{k}": v for k, v in build_dashboard(db, title_of(col)).items()})
    finally:
        db.close()
    return files


def summary(col: Collection) -> dict:
    """What `collect --format json` prints: counts, the standard, and every refused file with its reason."""
    return {
        "standard": col.standard,
        "counties": len(col.rounds),
        "rounds": sum(len(r) for r in col.rounds.values()),
        "passed": sum(1 for r in col.latest() if r.doc.summary.passed),
        "refused": [p.as_dict() for p in col.refused],
        "duplicates": col.duplicates,
        "trust": {
            t: sum(1 for rs in col.rounds.values() for r in rs if r.admitted.trust == t)
            for t in ("已验证", "未签名", "公钥未登记")
        },
        "not_reported": [d.code for d in col.expected() if d.code not in col.rounds],
    }


__all__ = ["Collection", "Round", "collect", "outputs", "summary", "title_of"]

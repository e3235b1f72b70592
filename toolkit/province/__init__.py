"""The province's view: many counties' conformance reports collected into one SQLite database, a workbook
and a static dashboard, with history (rounds); and `verify`, which re-runs a county's check to see whether
its report matches its data.

    col = collect(["reports/"])                 # validated, grouped into rounds, one standard
    files = outputs(col)                        # province.sqlite, province.xlsx, dashboard/…
"""

from __future__ import annotations

import datetime as dt

from .collect import Collection, Round, collect
from .dashboard import build_dashboard
from .database import build, open_copy
from .notice import Heading, heading_of, notice_docx
from .workbook import build_workbook

NOTICE = "通报.docx"


def title_of(col: Collection) -> str:
    return f"{col.standard} 各县符合性汇总"


def notice_when(h: Heading) -> dt.datetime:
    """The notice's file dates: its 成文日期 (from the data, so the DOCX and PDF are reproducible)."""
    return dt.datetime.combine(h.date, dt.time(0), dt.UTC)


def outputs(col: Collection, notice: Heading | None = None) -> dict[str, bytes]:
    """province.sqlite, province.xlsx, dashboard/…, and with `notice` the draft 通报.docx."""
    data = build(col)
    db = open_copy(data)
    try:
        files = {"province.sqlite": data, "province.xlsx": build_workbook(db, title_of(col))}
        files.update({f"dashboard/{k}": v for k, v in build_dashboard(db, title_of(col)).items()})
        if notice is not None:
            files[NOTICE] = notice_docx(db, notice, notice_when(notice))
    finally:
        db.close()
    return files


def summary(col: Collection) -> dict:
    """What `collect --format json` prints: counts, the standard, every refused file with its reason, and
    per collection round the expected counties that did not report in it."""
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
        "not_reported": {period: [d.code for d in ds] for period, ds in col.not_reported().items()},
    }


__all__ = ["NOTICE", "Collection", "Heading", "Round", "collect", "heading_of", "notice_when", "outputs", "summary",
           "title_of"]  # fmt: skip

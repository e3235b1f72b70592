"""The reform dashboard: 清减降 and 流程再造 figures from figures.compute as static SVG charts, and
per-department tables. Every number comes from stats or the data."""

from __future__ import annotations

import dataclasses

from ..core import figures, guide, urls
from ..core.project import Project
from ..core.stats import Reengineering, Reform, Stats, reform
from . import charts
from .pages import link
from .text import raw, render_md

MD = "dashboard/index.md"
LABELS = {
    "materials": "材料（件）",
    "steps": "环节（个）",
    "days": "时限（工作日）",
    "visits": "跑动（次）",
    "counters": "窗口（个）",
    "fees_yuan": "费用（元）",
}


def _pairs(figures: Reform | Reengineering) -> list[tuple[str, float, float, int]]:
    found = [(label, getattr(figures, k, None)) for k, label in LABELS.items()]
    return [(label, f.before, f.after, f.percent) for label, f in found if f is not None and f.before]


def _charts(data: Stats) -> dict[str, str]:
    c = data.counts
    out = {
        "levels": charts.bars("各层级可办事项数", list(c.items_by_level.items())),
        "types": charts.bars("事项类型", [(k, v) for k, v in c.items_by_type.items() if v]),
        "township-modes": charts.bars("乡镇办理方式（事项数）", list(c.township_modes.items()), "#6a1b9a"),
        "village-modes": charts.bars(
            "村（社区）办理方式（事项数）", list(c.village_modes.items()), "#6a1b9a"
        ),
    }
    if _pairs(data.reform):
        out["reform"] = charts.before_after("清减降：改革前后", _pairs(data.reform))
    if _pairs(data.reengineering):
        out["reengineering"] = charts.before_after(
            "流程再造（全生命周期联办事项）：改革前后", _pairs(data.reengineering)
        )
    return out


def _before_after(r: Reform) -> list[str]:
    """Materials, steps, days, visits "before→after"; "—" when no item has a pre-reform record."""
    if not r.items_with_record:
        return ["—"] * 4
    return [f"{f.before}→{f.after}" for f in (r.materials, r.steps, r.days, r.visits)]


def _department_rows(project: Project) -> list[dict]:
    rows = []
    town, village = project.township_item_set(), project.village_item_set()
    for code, dep in project.departments.items():
        items = {k: v for k, v in project.items.items() if v.department == code}
        if not items:
            continue
        r = reform(dataclasses.replace(project, items=items))
        rows.append(
            {
                "link": link(MD, dep.short_name, urls.department_md(code)),
                "items": len(items),
                "detailed": sum(1 for i in items.values() if guide.complete(project, i)),
                "online": sum(1 for i in items.values() if i.is_online),
                "township": sum(1 for i in items if i in town),
                "village": sum(1 for i in items if i in village),
                "reform": _before_after(r),
            }
        )
    return rows


def files(project: Project) -> list[tuple[str, str]]:
    """(docs path, content) for the dashboard page and its charts."""
    data = figures.of(project)
    svgs = _charts(data)
    images = {
        k: raw(f"![{v.split('<title>')[1].split('</title>')[0]}]({k}.svg){{ .stdkit-chart }}")
        for k, v in svgs.items()
    }
    page = render_md(
        "dashboard.md.j2",
        data=data.as_dict(),
        c=data.counts,
        images=images,
        labels=LABELS,
        departments=_department_rows(project),
    )
    return [(MD, page)] + [(f"dashboard/{k}.svg", v) for k, v in svgs.items()]

"""Counts and reform figures computed from the data (清减降, 流程再造): never typed in by hand."""

from __future__ import annotations

from collections import Counter
from typing import Any

from .codelists import codes
from .models import ServiceItem
from .models.common import TimeLimit
from .models.lifecycle import Entry
from .project import Project

# Steps that only happen on a side branch are not counted as 办理环节.
BRANCH_ROLES = {"补正材料", "不予受理", "不予许可"}


def percent(removed: float, before: float) -> int:
    return round(removed * 100 / before) if before else 0


def _figure(before: float, after: float) -> dict:
    before_r, after_r = round(before, 2), round(after, 2)
    removed = round(before_r - after_r, 2)
    return {
        "before": _num(before_r),
        "after": _num(after_r),
        "removed": _num(removed),
        "percent": percent(removed, before_r),
    }


def _num(x: float) -> int | float:
    return int(x) if float(x).is_integer() else x


def item_steps(project: Project, item: ServiceItem) -> int:
    """办理环节 on the item's flow (overrides change a step's name, actor or limit, never the count)."""
    flow_id = project.flow_id_for(item)
    flow = project.flows.get(flow_id) if flow_id else None
    return sum(1 for s in flow.steps if s.role not in BRANCH_ROLES) if flow else 0


def item_days(item: ServiceItem) -> float:
    """Promised time in working days; on-the-spot items count as zero days."""
    if item.promised_limit is None or item.promised_limit.minutes is not None:
        return 0
    return item.promised_limit.days


def counts(project: Project) -> dict:
    items = list(project.items.values())
    by_type = Counter(i.type for i in items)
    township_modes = Counter(i.levels.township for i in items if i.levels.township)
    village_modes = Counter(i.levels.village for i in items if i.levels.village)
    team_counts: Counter[str] = Counter()
    for t in project.teams:
        team_counts[t.kind] += t.count
    lifecycle = {
        cat.kind: {"stages": len(cat.stages), "entries": sum(len(s.entries) for s in cat.stages)}
        for cat in project.lifecycle.catalogues
    }
    townships = list(project.townships.values())
    stations = sorted({s for t in townships for s in t.stations})
    return {
        "departments": len(project.departments),
        "departments_in_hall": sum(1 for d in project.departments.values() if d.in_hall),
        "items": len(items),
        "items_detailed": sum(1 for i in items if i.is_detailed),
        "items_by_type": {t: by_type.get(t, 0) for t in codes("item-types")},
        "items_by_level": {
            "县级": len(items),
            "乡镇": len(project.township_items),
            "村": len(project.village_items),
        },
        "township_modes": {m: township_modes.get(m, 0) for m in codes("township-modes")},
        "village_modes": {m: village_modes.get(m, 0) for m in codes("village-modes")},
        "items_online": sum(1 for i in items if i.is_online),
        "items_fully_online": sum(1 for i in items if i.online.depth == "全程网办"),
        "items_by_counter": dict(sorted(Counter(i.counter for i in items).items())),
        "venues": {"县级": 1, "乡镇": len(townships), "村": len(project.villages)},
        "windows": {
            "县级综合窗口": sum(w.count for w in project.centre.hall.windows),
            "县级专区窗口": sum(z.windows for z in project.centre.special_zones),
            "乡镇综合窗口": sum(t.comprehensive_windows for t in townships),
            "乡镇公安窗口": sum(t.police_windows for t in townships),
            "村便民服务窗口": sum(v.windows for v in project.villages.values()),
        },
        "hall": {
            "zones": len(project.centre.hall.zones),
            "window_types": len(project.centre.hall.windows),
            "posts": len(project.centre.hall.posts),
            "desks": len(project.centre.hall.desks),
            "special_zones": len(project.centre.special_zones),
        },
        "township_stations": len(stations),
        "bundles": len(project.bundles),
        "bundle_items": {
            b.id: {"required": len(b.required), "optional": len(b.optional)} for b in project.bundles.values()
        },
        "flowcharts": sum(1 for i in items if project.flow_id_for(i)),
        "flows": len(project.flows),
        "flow_templates": sum(1 for f in project.flows.values() if f.template),
        "teams": {k: team_counts.get(k, 0) for k in codes("team-kinds")},
        "lifecycle": lifecycle,
    }


def item_materials(item: ServiceItem) -> int | None:
    """Current number of materials: the listed materials, else the catalogue count in the reform record."""
    if item.materials:
        return len(item.materials)
    return item.reform.materials_now if item.reform is not None else None


def reform(project: Project) -> dict:
    """清减降: the items' pre-reform records against their current data."""
    recorded = [i for i in project.items.values() if i.reform is not None]
    before = {"materials": 0, "steps": 0, "days": 0.0, "visits": 0, "fees_yuan": 0}
    after = dict(before)
    for item in recorded:
        r = item.reform
        current = {
            "materials": item_materials(item),
            "steps": item_steps(project, item),
            "days": item_days(item) if item.promised_limit else None,
            "visits": item.visits,
            "fees_yuan": sum(f.amount_yuan for f in item.fee_list),
        }
        # A figure counts only where both the record and the current data know it.
        for key, now in current.items():
            was = getattr(r, key)
            if was is not None and now is not None:
                before[key] += was
                after[key] += now
    out: dict[str, Any] = {"items_with_record": len(recorded)}
    for key, was_total in before.items():
        out[key] = _figure(was_total, after[key])
    return out


REENGINEERING_KEYS = ("steps", "materials", "days", "visits", "fees_yuan")


def limit_days(limit: TimeLimit) -> int:
    """A time limit in whole working days; a same-day limit given in minutes counts as zero days."""
    return 0 if limit.minutes is not None else limit.days


def entry_figures(project: Project, entry: Entry) -> tuple[dict, dict] | None:
    """(before, after) of one life-cycle entry: its bundle's before/after, or the entry's own record."""
    if entry.bundle is not None:
        b = project.bundles.get(entry.bundle)
        if b is None:
            return None
        sides = []
        for m, mats in ((b.before, b.before.materials), (b.after, len(b.materials))):
            sides.append(
                {
                    "steps": m.steps,
                    "materials": mats,
                    "days": limit_days(m.time),
                    "visits": m.visits,
                    "fees_yuan": m.fees_yuan,
                }
            )
        return sides[0], sides[1]
    if entry.before is None or entry.after is None:
        return None
    return entry.before.model_dump(), entry.after.model_dump()


def reengineering(project: Project) -> dict:
    """流程再造: before/after of the life-cycle catalogue's 联办 entries (bundles or the entries' records)."""
    before = dict.fromkeys(REENGINEERING_KEYS, 0)
    after = dict.fromkeys(REENGINEERING_KEYS, 0)
    entries = bundles = 0
    for cat in project.lifecycle.catalogues:
        for stage in cat.stages:
            for entry in stage.entries:
                figures = entry_figures(project, entry)
                if figures is None:
                    continue
                entries += 1
                bundles += entry.bundle is not None
                for key in REENGINEERING_KEYS:
                    before[key] += figures[0][key]
                    after[key] += figures[1][key]
    out: dict = {"entries": entries, "bundles": bundles}
    for key in REENGINEERING_KEYS:
        out[key] = _figure(before[key], after[key])
    return out


def clearing(project: Project) -> dict:
    c = project.county.clearing
    if c is None:
        return {}
    return {
        "departments": c.departments,
        "items_before": c.items_before,
        "items_reduced": c.items_reduced,
        "items_after": len(project.items),
        "flowcharts": sum(1 for i in project.items.values() if project.flow_id_for(i)),
    }


def compute_core(project: Project) -> dict:
    """The computed figures, without the reported ones."""
    return {
        "county": project.county.name,
        "counts": counts(project),
        "reform": reform(project),
        "reengineering": reengineering(project),
        "clearing": clearing(project),
        "satisfaction_percent": project.county.evaluation.satisfaction_percent
        if project.county.evaluation
        else None,
    }


def compute(project: Project) -> dict:
    """Everything the renderers quote. `reported` lists each reported figure beside the computed one;
    `report` is the county's reported block as written (with its source), or None."""
    from .reported import figures

    out = compute_core(project)
    rep = project.county.reported
    out["report"] = rep.model_dump() if rep is not None else None
    out["reported"] = [f.as_dict(project) for f in figures(project, out)]
    return out

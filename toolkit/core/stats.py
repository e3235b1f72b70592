"""Counts and reform figures computed from the data (清减降, 流程再造): never typed in by hand.

`compute` gives one typed `Stats` (frozen dataclasses; the maps keyed by code-list values stay dicts);
`Stats.as_dict()` is the JSON of `stdkit stats --format json` and what templates that walk the figures read.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, fields
from typing import TYPE_CHECKING

from . import guide
from .codelists import codes
from .models import ServiceItem
from .models.common import TimeLimit
from .models.flow import BRANCH_ROLES
from .models.lifecycle import Entry
from .project import Project

if TYPE_CHECKING:
    from .models.county import Reported


def percent(removed: float, before: float) -> int:
    return round(removed * 100 / before) if before else 0


@dataclass(frozen=True)
class BeforeAfter:
    """One before/after figure (rounded to 0.01; whole numbers as int)."""

    before: int | float
    after: int | float
    removed: int | float
    percent: int


def _figure(before: float, after: float) -> BeforeAfter:
    before_r, after_r = round(before, 2), round(after, 2)
    removed = round(before_r - after_r, 2)
    return BeforeAfter(_num(before_r), _num(after_r), _num(removed), percent(removed, before_r))


REFORM_KEYS = ("materials", "steps", "days", "visits", "fees_yuan")  # the order stdkit stats shows
REENGINEERING_KEYS = ("steps", "materials", "days", "visits", "fees_yuan")


@dataclass(frozen=True)
class Figures:
    """The five before/after figures of a reform (materials, steps, days, visits, fees)."""

    materials: BeforeAfter
    steps: BeforeAfter
    days: BeforeAfter
    visits: BeforeAfter
    fees_yuan: BeforeAfter

    def figure(self, key: str) -> BeforeAfter:
        return getattr(self, key)

    def _dict(self, head: dict, keys: tuple[str, ...]) -> dict:
        return {**head, **{k: asdict(self.figure(k)) for k in keys}}


@dataclass(frozen=True)
class Reform(Figures):
    """清减降: the items with a pre-reform record, before and after."""

    items_with_record: int

    def as_dict(self) -> dict:
        return self._dict({"items_with_record": self.items_with_record}, REFORM_KEYS)


@dataclass(frozen=True)
class Reengineering(Figures):
    """流程再造: the life-cycle catalogue's 联办 entries, before and after."""

    entries: int
    bundles: int

    def as_dict(self) -> dict:
        return self._dict({"entries": self.entries, "bundles": self.bundles}, REENGINEERING_KEYS)


@dataclass(frozen=True)
class Clearing:
    """The county's clearing record beside the current catalogue."""

    departments: int
    items_before: int
    items_reduced: int
    items_after: int
    flowcharts: int


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


@dataclass(frozen=True)
class Counts:
    """Counts of the data (maps keyed by code-list values keep the code list's order)."""

    departments: int
    departments_in_hall: int
    items: int
    items_detailed: int
    items_by_type: dict[str, int]
    items_by_level: dict[str, int]
    township_modes: dict[str, int]
    village_modes: dict[str, int]
    items_online: int
    items_fully_online: int
    items_by_counter: dict[str, int]
    venues: dict[str, int]
    windows: dict[str, int]
    hall: dict[str, int]
    township_stations: int
    bundles: int
    bundle_items: dict[str, dict[str, int]]
    flowcharts: int
    flows: int
    flow_templates: int
    teams: dict[str, int]
    lifecycle: dict[str, dict[str, int]]


def counts(project: Project) -> Counts:
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
    return Counts(
        departments=len(project.departments),
        departments_in_hall=sum(1 for d in project.departments.values() if d.in_hall),
        items=len(items),
        items_detailed=sum(1 for i in items if guide.complete(project, i)),
        items_by_type={t: by_type.get(t, 0) for t in codes("item-types")},
        items_by_level={
            "县级": len(items),
            "乡镇": len(project.township_items),
            "村": len(project.village_items),
        },
        township_modes={m: township_modes.get(m, 0) for m in codes("township-modes")},
        village_modes={m: village_modes.get(m, 0) for m in codes("village-modes")},
        items_online=sum(1 for i in items if i.is_online),
        items_fully_online=sum(1 for i in items if i.online.depth == "全程网办"),
        items_by_counter=dict(sorted(Counter(i.counter for i in items).items())),
        venues={"县级": 1, "乡镇": len(townships), "村": len(project.villages)},
        windows={
            "县级综合窗口": sum(w.count for w in project.centre.hall.windows),
            "县级专区窗口": sum(z.windows for z in project.centre.special_zones),
            "乡镇综合窗口": sum(t.comprehensive_windows for t in townships),
            "乡镇公安窗口": sum(t.police_windows for t in townships),
            "村便民服务窗口": sum(v.windows for v in project.villages.values()),
        },
        hall={
            "zones": len(project.centre.hall.zones),
            "window_types": len(project.centre.hall.windows),
            "posts": len(project.centre.hall.posts),
            "desks": len(project.centre.hall.desks),
            "special_zones": len(project.centre.special_zones),
        },
        township_stations=len(stations),
        bundles=len(project.bundles),
        bundle_items={
            b.id: {"required": len(b.required), "optional": len(b.optional)} for b in project.bundles.values()
        },
        flowcharts=sum(1 for i in items if project.flow_id_for(i)),
        flows=len(project.flows),
        flow_templates=sum(1 for f in project.flows.values() if f.template),
        teams={k: team_counts.get(k, 0) for k in codes("team-kinds")},
        lifecycle=lifecycle,
    )


def item_materials(item: ServiceItem) -> int | None:
    """Current number of materials: the listed materials, else the catalogue count in the reform record."""
    if item.materials:
        return len(item.materials)
    return item.reform.materials_now if item.reform is not None else None


def reform(project: Project) -> Reform:
    """清减降: the items' pre-reform records against their current data."""
    recorded = [i for i in project.items.values() if i.reform is not None]
    before: dict[str, float] = {"materials": 0, "steps": 0, "days": 0.0, "visits": 0, "fees_yuan": 0}
    after = dict(before)
    for item in recorded:
        r = item.reform
        current = {
            "materials": item_materials(item),
            "steps": item_steps(project, item),
            "days": item_days(item) if item.promised_limit else None,
            "visits": item.visits,
            "fees_yuan": sum(f.amount_yuan or 0 for f in item.fee_list),
        }
        # A figure counts only where both the record and the current data know it.
        for key, now in current.items():
            was = getattr(r, key)
            if was is not None and now is not None:
                before[key] += was
                after[key] += now
    return Reform(items_with_record=len(recorded), **{k: _figure(was, after[k]) for k, was in before.items()})


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


def reengineering(project: Project) -> Reengineering:
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
    return Reengineering(
        entries=entries, bundles=bundles, **{k: _figure(before[k], after[k]) for k in REENGINEERING_KEYS}
    )


def clearing(project: Project) -> Clearing | None:
    c = project.county.clearing
    if c is None:
        return None
    return Clearing(
        departments=c.departments,
        items_before=c.items_before,
        items_reduced=c.items_reduced,
        items_after=len(project.items),
        flowcharts=sum(1 for i in project.items.values() if project.flow_id_for(i)),
    )


Value = int | float | str  # a reported figure: a count, a percentage or a phrase


@dataclass(frozen=True)
class Row:
    """A reported figure as `stdkit stats` and the dashboard show it, with where it is written."""

    field: str
    title: str
    unit: str
    reported: Value
    reported_text: str
    computed: Value | None
    equal: bool | None
    wording: str | None
    source: str


@dataclass(frozen=True)
class Stats:
    """Everything the renderers quote. `reported` lists each reported figure beside the computed one;
    `report` is the county's reported block as written (with its source), or None."""

    county: str
    counts: Counts
    reform: Reform
    reengineering: Reengineering
    clearing: Clearing | None
    satisfaction_percent: int | float | None
    report: Reported | None = None
    reported: tuple[Row, ...] = ()

    def as_dict(self) -> dict:
        """The figures as plain data, keys in field order (`stdkit stats --format json`)."""
        out = {f.name: getattr(self, f.name) for f in fields(self)}
        out.update(
            counts=asdict(self.counts),
            reform=self.reform.as_dict(),
            reengineering=self.reengineering.as_dict(),
            clearing=asdict(self.clearing) if self.clearing is not None else {},
            report=self.report.model_dump() if self.report is not None else None,
            reported=[asdict(r) for r in self.reported],
        )
        return out


def compute_core(project: Project) -> Stats:
    """The computed figures, without the reported ones."""
    evaluation = project.county.evaluation
    return Stats(
        county=project.county.name,
        counts=counts(project),
        reform=reform(project),
        reengineering=reengineering(project),
        clearing=clearing(project),
        satisfaction_percent=evaluation.satisfaction_percent if evaluation else None,
    )

"""Reported figures beside computed ones: each number the county's report gives (items/county.yaml
`reported`, plus the records kept in `clearing`, `evaluation` and network/teams.yaml) next to the same
quantity computed from the data. The cross-check fails where they differ; `stdkit stats` shows both."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .errors import format_path
from .models.common import TimeLimit
from .project import Project
from .stats import Counts, Row, Stats, Value

# (field in reported.catalogue, how to read the computed count from the computed counts)
CATALOGUE: dict[str, Callable[[Counts], int]] = {
    "items": lambda c: c.items,
    "departments_in_hall": lambda c: c.departments_in_hall,
    "flowcharts": lambda c: c.flowcharts,
    "townships": lambda c: c.venues["乡镇"],
    "township_items": lambda c: c.items_by_level["乡镇"],
    "township_stations": lambda c: c.township_stations,
    "village_stations": lambda c: c.venues["村"],
    "village_items": lambda c: c.items_by_level["村"],
    "devolved": lambda c: c.township_modes.get("下放", 0),
    "forwarded": lambda c: c.township_modes.get("收件端前移", 0),
    "forwarded_to_village": lambda c: c.village_modes.get("收件端前移", 0),
    "assisted_online": lambda c: c.village_modes.get("帮办代办", 0),
}
UNITS = {"steps": "个", "materials": "件", "days": "个工作日", "visits": "次", "fees_yuan": "元"}
CATALOGUE_UNITS = {
    "departments_in_hall": "个",
    "townships": "个",
    "township_stations": "个",
    "village_stations": "个",
}


@dataclass(frozen=True)
class Figure:
    """One reported figure; `computed` is None where the data cannot give it (a historical record)."""

    kind: str  # source kind of the file holding the figure ("county", "teams")
    path: tuple  # field path inside that file
    title: str
    unit: str
    reported: Value
    computed: Value | None
    wording: str | None = None
    more: bool = False  # the report says "××余"

    @property
    def text(self) -> str:
        """The reported figure as the report writes it, e.g. 4000余件."""
        return f"{self.reported}{'余' if self.more else ''}{self.unit}"

    @property
    def equal(self) -> bool | None:
        return None if self.computed is None else self.computed == self.reported

    def row(self, project: Project) -> Row:

        file, line, _ = project.source(self.kind).at(*self.path)
        return Row(
            field=format_path(self.path),
            title=self.title,
            unit=self.unit,
            reported=self.reported,
            reported_text=self.text,
            computed=self.computed,
            equal=self.equal,
            wording=self.wording,
            source=f"{file}:{line}",
        )


def _team_label(name: str) -> str:
    """A team as reports call it: the quoted name within its full name (建始县 “店小二”), else the name."""
    m = re.search(r"“([^”]+)”", name)
    return m.group(1) if m else name


def _time(limit: TimeLimit | None) -> str | None:
    return limit.label() if limit is not None else None


def _records(project: Project, counts: Counts) -> list[Figure]:
    out: list[Figure] = []
    c = project.county.clearing
    if c is not None:
        out += [
            Figure(
                "county",
                ("clearing", "departments"),
                "参与事项清理的部门",
                "个",
                c.departments,
                counts.departments,
            ),
            Figure("county", ("clearing", "items_before"), "清理政务服务事项", "项", c.items_before, None),
            Figure("county", ("clearing", "items_reduced"), "依法依规压减事项", "项", c.items_reduced, None),
        ]
    if project.county.evaluation is not None:
        pct = project.county.evaluation.satisfaction_percent
        out.append(Figure("county", ("evaluation", "satisfaction_percent"), "企业群众满意度", "%", pct, None))
    for i, team in enumerate(project.teams):
        if team.record is not None:
            base = ("teams", i, "record")
            out.append(
                Figure(
                    "teams",
                    (*base, "person_times"),
                    f"{_team_label(team.name)}志愿服务",
                    "人次",
                    team.record.person_times,
                    None,
                    more=team.record.person_times_more,
                )
            )
            out.append(
                Figure(
                    "teams",
                    (*base, "cases"),
                    f"{_team_label(team.name)}办理业务",
                    "件",
                    team.record.cases,
                    None,
                    more=team.record.cases_more,
                )
            )
    return out


def _cases(project: Project) -> list[Figure]:
    rep = project.county.reported
    out: list[Figure] = []
    for i, case in enumerate(rep.cases if rep else []):
        b = project.bundles.get(case.bundle)
        base = ("reported", "cases", i)
        name = b.name if b else case.bundle
        checks: list[tuple[tuple, str, str, Value | None, Value | None]] = [
            (("required",), "必办事项", "件", case.required, len(b.required) if b else None),
            (("optional",), "选办事项", "件", case.optional, len(b.optional) if b else None),
        ]
        for side, label, data in (
            ("before", "改革前", b.before if b else None),
            ("after", "改革后", b.after if b else None),
        ):
            s = getattr(case, side)
            if s is None:
                continue
            checks.append(
                ((side, "time"), f"{label}办理时间", "", _time(s.time), _time(data.time) if data else None)
            )
            checks.append(((side, "visits"), f"{label}跑动", "次", s.visits, data.visits if data else None))
        for path, label, unit, reported, computed in checks:
            if reported is not None:
                out.append(
                    Figure("county", base + path, f"{name}：{label}", unit, reported, computed, case.wording)
                )
    return out


def figures(project: Project, stats: Stats) -> list[Figure]:
    """Every reported figure with its computed counterpart, in the order of the report."""
    counts, out = stats.counts, []
    rep = project.county.reported
    if rep is not None and rep.visiting_counties is not None:
        out.append(
            Figure(
                "county",
                ("reported", "visiting_counties"),
                "前来考察的县（市、区）",
                "个",
                rep.visiting_counties,
                None,
            )
        )
    out += _records(project, counts)
    if rep is None:
        return out
    if rep.catalogue is not None:
        for key, read in CATALOGUE.items():
            value = getattr(rep.catalogue, key)
            if value is not None:
                title = type(rep.catalogue).model_fields[key].title or key
                unit = CATALOGUE_UNITS.get(key, "项")
                out.append(Figure("county", ("reported", "catalogue", key), title, unit, value, read(counts)))
    if rep.reduction is not None:
        for key in ("materials", "steps", "days"):
            value = getattr(rep.reduction, key)
            if value is not None:
                title = "清减降：" + (type(rep.reduction).model_fields[key].title or key).split("（")[0]
                out.append(
                    Figure(
                        "county",
                        ("reported", "reduction", key),
                        title,
                        UNITS[key],
                        value,
                        stats.reform.figure(key).removed,
                    )
                )
    if rep.reengineering is not None:
        for key, unit in UNITS.items():
            change = getattr(rep.reengineering, key)
            if change is None:
                continue
            title = "流程再造：" + (type(rep.reengineering).model_fields[key].title or key).split("（")[0]
            computed = stats.reengineering.figure(key)
            base = ("reported", "reengineering", key)
            out.append(
                Figure(
                    "county",
                    (*base, "removed"),
                    title,
                    unit,
                    change.removed,
                    computed.removed,
                    change.wording,
                )
            )
            if change.percent is not None:
                out.append(
                    Figure(
                        "county", (*base, "percent"), title + "比例", "%", change.percent, computed.percent
                    )
                )
    return out + _cases(project)

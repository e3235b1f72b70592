"""The linked, validated model of one county folder: what every renderer reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .errors import Problem, StdkitError
from .folder import Folder
from .models import (
    Bundle,
    County,
    CountyCentre,
    Department,
    Flow,
    FormField,
    LifecycleFile,
    ServiceItem,
    Step,
)
from .models.network import Team, TownshipCentre, VillageStation
from .validation import locate
from .yamlio import MAX_BYTES, Positions, decode, parse_text


class LazyPositions:
    """A file's field positions, parsed on first use from the bytes the folder read (valid files are
    parsed without them)."""

    def __init__(self, positions: Positions | None, origin: Folder | None, rel: str):
        self._positions, self.origin, self.rel = positions, origin, rel

    def get(self) -> Positions:
        if self._positions is None:
            self._positions = read_positions(self.origin, self.rel) if self.origin else {}
        return self._positions


@dataclass
class Source:
    """Where an object came from: its file and, inside the file, its path (e.g. ('villages', 12))."""

    file: str  # path relative to the county folder, with forward slashes
    lazy: LazyPositions = field(repr=False, compare=False)
    prefix: tuple = ()

    @classmethod
    def of_file(cls, rel: str, positions: Positions | None, origin: Folder | None = None) -> Source:
        return cls(rel, LazyPositions(positions, origin, rel))

    @property
    def positions(self) -> Positions:
        return self.lazy.get()

    def at(self, *path) -> tuple[str, int, int]:
        line, col = locate(self.positions, self.prefix + tuple(path))
        return self.file, line, col

    def inner(self, *prefix) -> Source:
        """The source of an object nested in this file; shares the file's positions."""
        return Source(self.file, self.lazy, self.prefix + tuple(prefix))


def read_positions(folder: Folder, rel: str) -> Positions:
    try:
        return parse_text(decode(folder.read(rel, MAX_BYTES), rel), rel)[1]
    except StdkitError:
        return {}


@dataclass
class ResolvedFlow:
    """An item's flow with the template's steps, the item's overrides applied."""

    flow: Flow
    steps: list[Step]


@dataclass
class Project:
    folder: Folder = field(repr=False, compare=False)  # the files it was read from (each read once)
    county: County
    departments: dict[str, Department]
    fields: dict[str, FormField]
    items: dict[str, ServiceItem]
    flows: dict[str, Flow]
    bundles: dict[str, Bundle]
    lifecycle: LifecycleFile
    centre: CountyCentre
    townships: dict[str, TownshipCentre]
    villages: dict[str, VillageStation]
    township_items: list[str]
    village_items: list[str]
    teams: list
    township_volumes: dict[str, int] = field(default_factory=dict)  # 年办件量, orders the printed lists
    village_volumes: dict[str, int] = field(default_factory=dict)
    sources: dict[tuple[str, str], Source] = field(default_factory=dict)
    # located warnings of the cross-checks (the data loads; `stdkit validate` prints them)
    warnings: list[Problem] = field(default_factory=list, compare=False)
    # figures derived from the whole project, computed once on first use (e.g. figures.of)
    derived: dict[str, object] = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def root(self) -> Path:
        return self.folder.root

    # --- lookups -------------------------------------------------------------------------
    def source(self, kind: str, key: str = "") -> Source:
        return self.sources[(kind, key)]

    def department_of(self, item: ServiceItem) -> Department:
        return self.departments[item.department]

    def implementer_of(self, item: ServiceItem) -> str:
        return item.implementer or self.departments[item.department].name

    def flow_id_for(self, item: ServiceItem) -> str | None:
        if item.flow:
            return item.flow
        for flow in self.flows.values():
            if flow.template and item.type in flow.default_for:
                return flow.id
        return None

    def flow_for(self, item: ServiceItem) -> ResolvedFlow | None:
        flow_id = self.flow_id_for(item)
        flow = self.flows.get(flow_id) if flow_id else None
        if flow is None:
            return None
        steps = []
        for step in flow.steps:
            update: dict = {}
            if step.limit_from_item and item.promised_limit is not None:
                update["limit"] = item.promised_limit
            override = item.flow_overrides.get(step.id)
            if override is not None:
                update.update({k: v for k, v in override if v is not None})
            steps.append(step.model_copy(update=update) if update else step)
        return ResolvedFlow(flow, steps)

    def township_item_set(self) -> set[str]:
        return set(self.township_items)

    def village_item_set(self) -> set[str]:
        return set(self.village_items)

    def bundle_items(self, bundle: Bundle) -> list[ServiceItem]:
        return [self.items[i] for i in [*bundle.required, *bundle.optional] if i in self.items]

    def villages_of(self, township_id: str) -> list[VillageStation]:
        return [v for v in self.villages.values() if v.township == township_id]

    def teams_list(self) -> list[Team]:
        return list(self.teams)


__all__ = ["Project", "ResolvedFlow", "Source", "TownshipCentre", "VillageStation"]

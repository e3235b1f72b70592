"""The registry of automated conformance checks: each is a small named function over the Project.

A check yields `Finding`s; `@check("name", "标题")` names it (the name used in standard/requirements.yaml)
and makes the function a `Check`. checks.py collects the checks it defines into CHECKS;
importing a module registers nothing anywhere else. Statuses are the four words an inspector writes on the checklist.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from ..core.errors import Problem, StdkitError
from ..core.project import Project

PASS, FAIL, NA, MANUAL = "符合", "不符合", "不适用", "待人工核查"
STATUSES = (PASS, FAIL, NA, MANUAL)


@dataclass(frozen=True)
class Location:
    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"

    def as_dict(self) -> dict:
        return {"file": self.file, "line": self.line}


@dataclass(frozen=True)
class Finding:
    status: str
    message: str
    locations: tuple[Location, ...] = ()

    def as_dict(self) -> dict:
        return {
            "status": self.status,
            "message": self.message,
            "locations": [x.as_dict() for x in self.locations],
        }


CheckFunction = Callable[[Project], Iterable[Finding]]


@dataclass(frozen=True)
class Check:
    name: str
    title: str
    fn: CheckFunction = field(compare=False)

    def run(self, project: Project) -> list[Finding]:
        return list(self.fn(project))


def check(name: str, title: str) -> Callable[[CheckFunction], Check]:
    """Name a check and give its title (listed in the report and the checklist); checks.py
    collects it into CHECKS."""

    def wrap(fn: CheckFunction) -> Check:
        return Check(name, title, fn)

    return wrap


def at(project: Project, kind: str, key: str = "", *path) -> Location:
    """Where a field of a source object sits, for a located finding."""
    try:
        file, line, _ = project.source(kind, key).at(*path)
    except KeyError:
        return Location(kind, 1)
    return Location(file, line)


def end_of(project: Project, kind: str, key: str = "") -> Location:
    """The line after the end of an object's file: where a missing block is to be added."""
    try:
        rel = project.source(kind, key).file
        lines = project.folder.text(rel).count("\n")
    except (KeyError, StdkitError):
        return Location(kind, 1)
    return Location(rel, lines + 1)


def fail(message: str, *locations: Location) -> Finding:
    return Finding(FAIL, message, tuple(locations))


def ok(message: str, *locations: Location) -> Finding:
    """A pass, naming the data it rests on (file and line) where the check can."""
    return Finding(PASS, message, tuple(locations))


def from_problems(problems: Iterable[Problem]) -> Iterator[Finding]:
    """Turn the loader's cross-check problems into failing findings (same message, same place)."""
    for p in problems:
        if p.severity == "error":
            msg = p.message + (f"（{p.hint}）" if p.hint else "")
            yield fail(msg, Location(p.file, p.line))


def aggregate(findings: list[Finding]) -> str:
    """One status for a set of findings: any failure fails; passes beat not-applicable."""
    statuses = {f.status for f in findings}
    for s in (FAIL, MANUAL, PASS, NA):
        if s in statuses:
            return s
    return PASS

"""The project's figures as every output quotes them: computed from the data (stats.py) with the figures
the county reported beside them (reported.py), computed once per project."""

from __future__ import annotations

from dataclasses import replace

from .project import Project
from .reported import figures as reported_figures
from .stats import Stats, compute_core


def compute(project: Project) -> Stats:
    """The computed figures and the reported ones beside them."""
    core = compute_core(project)
    rep = project.county.reported
    return replace(core, report=rep, reported=tuple(f.row(project) for f in reported_figures(project, core)))


def of(project: Project) -> Stats:
    """The project's figures, computed once per project (a build quotes them on the home page, the
    dashboard, the standard's text and tables and its lint); a project is not changed after loading."""
    found = project.derived.get("stats")
    if not isinstance(found, Stats):
        found = project.derived["stats"] = compute(project)
    return found

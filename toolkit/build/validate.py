"""Everything `stdkit validate` runs on a folder: data (syntax, schema, cross-checks) and, where the
folder has one, the standard's sources (GB/T 1.1 lint). `build` and `serve` go through `checked_project`,
so they stop on exactly the located messages `validate` and `lint` print (one validation path)."""

from __future__ import annotations

from pathlib import Path

from ..core.errors import Problem, StdkitError
from ..core.folder import Folder, as_folder
from ..core.project import Project
from ..core.workspace import Workspace
from ..drafting.explanation import check_names
from ..standard import lint


def validate_folder(source: Workspace | Path) -> tuple[Project | None, list[Problem]]:
    """The project (None when the data does not load) and every problem found."""
    ws = source if isinstance(source, Workspace) else Workspace.open(source)
    try:
        project = ws.load()
    except StdkitError as err:
        return None, err.problems + _standard_problems(ws.folder, None)
    return project, project.warnings + _standard_problems(ws.folder, project)


def _standard_problems(folder: Folder, project: Project | None) -> list[Problem]:
    """GB/T 1.1 lint of the folder's standard/, when it has the standard's sources; data names in the
    text are checked against `project` when the data loaded."""
    if not folder.is_dir("standard"):
        return []
    return lint_sources(folder, project)


def lint_sources(source: Folder | Path, project: Project | None = None) -> list[Problem]:
    """`stdkit lint`: the standard's GB/T 1.1 rules and the 编制说明's data names (rendered only by the
    build), data names checked against `project` or the folder's own data when it loads."""
    folder = as_folder(source)
    return sorted(set(lint(folder, project)) | set(check_names(folder, project)))


def checked_project(ws: Workspace) -> Project:
    """The validated project, or StdkitError with every error `validate` reports (warnings pass).
    With the project already loaded, only the standard's checks are run."""
    if ws.project is not None:
        project: Project | None = ws.project
        problems = _standard_problems(ws.folder, ws.project)
    else:
        project, problems = validate_folder(ws)
    errors = [p for p in problems if p.severity == "error"]
    if errors or project is None:
        raise StdkitError(errors)
    return project

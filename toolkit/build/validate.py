"""Everything `stdkit validate` runs on a folder: data (syntax, schema, cross-checks) and, where the
folder has one, the standard's sources (GB/T 1.1 lint). `build` and `serve` go through `checked_project`,
so they stop on exactly the located messages `validate` and `lint` print (one validation path)."""

from __future__ import annotations

from pathlib import Path

from ..core.errors import Problem, StdkitError
from ..core.load import load_project
from ..core.project import Project
from ..drafting.explanation import check_names
from ..standard import lint


def validate_folder(root: Path) -> tuple[Project | None, list[Problem]]:
    """Return the project (None when the data does not load) and every problem found."""
    try:
        project = load_project(root)
    except StdkitError as err:
        return None, err.problems + _standard_problems(Path(root), None)
    return project, _standard_problems(Path(root), project)


def _standard_problems(root: Path, project: Project | None) -> list[Problem]:
    """GB/T 1.1 lint of root/standard, when the folder has the standard's sources; data names in the
    text are checked against `project` when the data loaded."""
    if not (root / "standard").is_dir():
        return []
    return lint_sources(root, project)


def lint_sources(root: Path, project: Project | None = None) -> list[Problem]:
    """`stdkit lint`: the standard's GB/T 1.1 rules and the 编制说明's data names (rendered only by the
    build), data names checked against `project` or root's own data when it loads."""
    return sorted(set(lint(root, project)) | set(check_names(Path(root), project)))


def checked_project(root: Path, project: Project | None = None) -> Project:
    """The validated project, or StdkitError with every error `validate` reports (warnings pass).
    With `project` already loaded by the caller, only the standard's checks are run."""
    if project is not None:
        problems = _standard_problems(Path(root), project)
    else:
        project, problems = validate_folder(Path(root))
    errors = [p for p in problems if p.severity == "error"]
    if errors or project is None:
        raise StdkitError(errors)
    return project

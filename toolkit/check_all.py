"""Everything `stdkit validate` runs on a folder: data (syntax, schema, cross-checks) and, where the
folder has one, the standard's sources (GB/T 1.1 lint)."""

from __future__ import annotations

from pathlib import Path

from .errors import Problem, StdkitError
from .load import load_project
from .project import Project


def validate_folder(root: Path) -> tuple[Project | None, list[Problem]]:
    """Return the project (None when the data does not load) and every problem found."""
    standard = _standard_problems(Path(root))
    try:
        project = load_project(root)
    except StdkitError as err:
        return None, err.problems + standard
    return project, standard


def _standard_problems(root: Path) -> list[Problem]:
    """GB/T 1.1 lint of root/standard, when the folder has the standard's sources."""
    if not (root / "standard").is_dir():
        return []
    from .standard import lint

    return lint(root)

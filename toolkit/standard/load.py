"""Reading the standard: its sources parsed and numbered with a county's data (or placeholders), and the
list of its identified provisions."""

from __future__ import annotations

from pathlib import Path

from ..core.errors import StdkitError
from ..core.load import load_project
from ..core.project import Project
from .data import context, flow_source, table_source
from .metadata import load_metadata
from .model import Requirement, Standard
from .source import parse_standard


def project_or_none(root: Path) -> Project | None:
    """root's own county data when it validates, else None (numbers then show as placeholders)."""
    try:
        return load_project(root)
    except StdkitError:
        return None


def load_standard(
    root: Path, project: Project | None = None, *, strict: bool | None = None, generate: bool = True
) -> Standard:
    """Parse and number the standard in root/standard with the data of `project` (None: placeholders).
    generate=False leaves generated tables and figure lists as placeholders (the fast check of `lint`)."""
    root = Path(root)
    meta = load_metadata(root)
    ctx = context(project, meta)
    return parse_standard(
        root,
        ctx,
        strict=project is not None if strict is None else strict,
        tables=table_source(project if generate else None),
        flows=flow_source(project) if project is not None and generate else None,
    )


def load_requirements(root: Path, project: Project | None = None) -> list[Requirement]:
    """Every identified provision of the standard (id, clause, chapter, level 应/宜/可/陈述, text, file, line).

    Numbers quoted from the data are rendered from `project`, or from root's own county data when it
    validates; otherwise they show as 〔数据〕. Raises StdkitError on bad sources."""
    root = Path(root)
    if project is None:
        project = project_or_none(root)
    return load_standard(root, project).requirements

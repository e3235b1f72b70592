"""The standard's text (standard/*.md + metadata.yaml) compiled with the county data into web pages,
DOCX and PDF laid out per GB/T 1.1—2020, plus the 编制说明; and the GB/T 1.1 linter.

Public API: load_requirements, load_standard, build_standard, start_standard, lint, Requirement.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..core.errors import StdkitError
from ..core.project import Project
from . import lint as _lint_rules  # noqa: F401  bound first, so the function `lint` below keeps the name
from .model import Requirement, Standard

if TYPE_CHECKING:
    from ..build.standard import Job


def _project_or_none(root: Path) -> Project | None:
    from ..core.load import load_project

    try:
        return load_project(root)
    except StdkitError:
        return None


def load_standard(
    root: Path, project: Project | None = None, *, strict: bool | None = None, generate: bool = True
) -> Standard:
    """Parse and number the standard in root/standard with the data of `project` (None: placeholders).
    generate=False leaves generated tables and figure lists as placeholders (the fast check of `lint`)."""
    from .data import context, flow_source, table_source
    from .metadata import load_metadata
    from .source import parse_standard

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
        project = _project_or_none(root)
    return load_standard(root, project).requirements


def build_standard(project: Project, root: Path, docs_dir: Path, downloads_dir: Path) -> dict:
    from ..build.standard import build

    return build(project, Path(root), Path(docs_dir), Path(downloads_dir))


def start_standard(project: Project, root: Path, docs_dir: Path, downloads_dir: Path) -> Job:
    """As build_standard, but returns while LibreOffice makes the PDF: call `.finish()` (the result of
    build_standard) or `.stop()` on what it returns."""
    from ..build.standard import start

    return start(project, Path(root), Path(docs_dir), Path(downloads_dir))


def lint(root: Path, project: Project | None = None) -> list:
    from .lint import lint as run

    return run(Path(root), project)


__all__ = [
    "Requirement",
    "Standard",
    "build_standard",
    "lint",
    "load_requirements",
    "load_standard",
    "start_standard",
]

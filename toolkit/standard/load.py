"""Reading the standard: its sources parsed and numbered with a county's data (or placeholders), and the
list of its identified provisions. The full parse a build uses (strict, tables and figures generated) is
made once per folder and project: lint, the downloads and the conformance requirements share it."""

from __future__ import annotations

from pathlib import Path

from ..core.errors import StdkitError
from ..core.folder import Folder, as_folder
from ..core.load import load_project
from ..core.project import Project
from .data import context, flow_source, table_source
from .metadata import load_metadata
from .model import Requirement, Standard
from .source import parse_standard
from .verification import read_methods


def project_or_none(source: Folder | Path) -> Project | None:
    """The folder's own county data when it validates, else None (numbers then show as placeholders)."""
    try:
        return load_project(source)
    except StdkitError:
        return None


def load_standard(
    source: Folder | Path,
    project: Project | None = None,
    *,
    strict: bool | None = None,
    generate: bool = True,
) -> Standard:
    """Parse and number the standard in <folder>/standard with the data of `project` (None: placeholders).
    generate=False leaves generated tables and figure lists as placeholders (the fast check of `lint`)."""
    folder = as_folder(source)
    strict = project is not None if strict is None else strict
    if project is not None and strict and generate:
        return _full(folder, project)
    return _parse(folder, project, strict, generate)


def _parse(folder: Folder, project: Project | None, strict: bool, generate: bool) -> Standard:
    ctx = context(project, load_metadata(folder), folder)
    return parse_standard(
        folder,
        ctx,
        strict=strict,
        tables=table_source(project if generate else None, ctx.get("evidence")),
        flows=flow_source(project) if project is not None and generate else None,
        methods=read_methods(folder),
    )


def _full(folder: Folder, project: Project) -> Standard:
    """The full parse with `project`'s data, remembered on the folder (its failure too)."""
    memo = folder.derived.get("standard")
    if not (isinstance(memo, tuple) and memo[0] is project):
        try:
            memo = (project, _parse(folder, project, True, True))
        except StdkitError as exc:
            memo = (project, exc)
        folder.derived["standard"] = memo
    if isinstance(memo[1], StdkitError):
        raise memo[1]
    return memo[1]


def load_requirements(source: Folder | Path, project: Project | None = None) -> list[Requirement]:
    """Every identified provision of the standard (id, clause, chapter, level 应/宜/可/陈述, text, file, line).

    Numbers quoted from the data are rendered from `project`, or from the folder's own county data when it
    validates; otherwise they show as 〔数据〕. Raises StdkitError on bad sources."""
    folder = as_folder(source)
    if project is None:
        project = project_or_none(folder)
    return load_standard(folder, project).requirements

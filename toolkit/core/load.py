"""Load a county folder: parse every YAML file, validate it, link it into a `Project`, cross-check.

Every problem in every file is collected in one run; `StdkitError` carries them all.
"""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

from . import parallel
from .cache import ParseCache
from .errors import Problem, StdkitError, file_error, whole_file
from .folder import Folder, as_folder
from .layout import KINDS, Kind
from .project import Project, Source
from .references import cross_check as run_checks
from .validation import validate
from .yamlio import MAX_BYTES, decode, parse_quick, parse_text


def _files(folder: Folder, kind: Kind, problems: list[Problem]) -> list[str]:
    """The kind's files: regular files inside the folder (links out, FIFOs, devices are problems)."""
    if kind.many:
        return folder.files(kind.pattern, problems)
    return [kind.pattern] if folder.has(kind.pattern) else []


def _validated(kind: Kind, raw: bytes, rel: str, data: Any = parallel.NOT_PARSED) -> tuple[Any, dict | None]:
    """Parse (unless a worker already did) and validate; on a problem, parse again with positions to locate it."""
    text = decode(raw, rel)
    positions = None
    if data is parallel.NOT_PARSED:
        data, positions = parse_quick(text, rel)
    try:
        return validate(kind.model, data, positions or {}, rel), positions
    except StdkitError:
        if positions is not None:
            raise
        data, positions = parse_text(text, rel)
        return validate(kind.model, data, positions, rel), positions


def read_kind(
    folder: Folder, kind: Kind, problems: list[Problem], cache: ParseCache | None = None
) -> list[tuple[Any, Source]]:
    """Parse and validate every file of one kind; problems are appended, good objects returned.

    Files the cache does not know are parsed here; when there are many, a forked worker parses half of
    them at the same time (parallel.py) and hands back plain data, which is validated here."""
    out = []
    before = len(problems)
    files = _files(folder, kind, problems)
    if not files and kind.required and len(problems) == before:
        problems.append(
            whole_file(
                file=kind.pattern if not kind.many else kind.pattern.split("*")[0],
                code="file-missing",
                message=f"缺少{kind.title}文件（{kind.pattern}）。",
                hint="可用 stdkit init 生成带注释的模板。",
            )
        )
    entries = []  # (rel, raw or None, cache key, cached (obj, positions) or None)
    for rel in files:
        try:
            raw = folder.read(rel, MAX_BYTES)
        except StdkitError as exc:
            problems.extend(exc.problems)
            continue
        key = cache.key(kind.name, raw) if cache is not None else ""
        entries.append((rel, raw, key, cache.lookup(key) if cache is not None else None))
    misses = [(rel, raw) for rel, raw, _, hit in entries if hit is None]
    worker = parallel.parse_in_worker(misses)
    for rel, raw, key, hit in entries:
        try:
            if hit is not None:
                obj, positions = hit
            else:
                obj, positions = _validated(kind, raw, rel, worker.data(rel))
                if cache is not None:
                    cache.stage(key, obj, positions)
        except StdkitError as exc:
            problems.extend(exc.problems)
            continue
        source = Source.of_file(rel, positions, folder)
        path = Path(rel)
        if kind.many and getattr(obj, "id", path.stem) != path.stem:
            line, col = source.positions.get(("id",), (1, 1))
            problems.append(
                Problem(
                    file=rel,
                    line=line,
                    column=col,
                    path="id",
                    code="id-filename",
                    message=f"编号“{obj.id}”与文件名“{path.name}”不一致。",
                    hint=f"请把文件改名为 {obj.id}.yaml，或把 id 改为 {path.stem}。",
                )
            )
            continue
        out.append((obj, source))
    return out


def load_project(source: Folder | Path | str, *, cross_check: bool = True, use_cache: bool = True) -> Project:
    """The validated, linked project of a folder (a `Folder` a command already holds, or a path);
    raises StdkitError with every problem found."""
    folder = as_folder(source)
    paused = gc.isenabled()
    gc.disable()  # loading builds many small objects and no cycles: collecting meanwhile costs ~40 %
    try:
        return _load_project(folder, cross_check, use_cache)
    finally:
        if paused:
            gc.enable()


def _folder_missing(root: Path) -> StdkitError:
    what = "是文件，不是文件夹" if root.exists() else "不存在"
    return file_error(
        str(root),
        "folder-missing",
        f"县数据文件夹“{root}”{what}。",
        "请给出县数据文件夹的路径（其中有 items/ 等文件夹），或用 stdkit init 新建。",
    )


# The kinds with one file each, in the order their sources are recorded.
SINGLE_KINDS = (
    "county",
    "lifecycle",
    "county-centre",
    "township-items",
    "village-items",
    "departments",
    "form-fields",
    "townships",
    "villages",
    "teams",
)


class _Linker:
    """Objects by their id (or code), each with where it came from; a repeated id is a problem."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        self.sources: dict[tuple[str, str], Source] = {}

    def keyed(self, objs, kind: str, attr: str, src: Source, list_key: str) -> dict:
        """The objects of one list in one file (departments, townships…) by `attr`."""
        out = {}
        for i, obj in enumerate(objs):
            key = getattr(obj, attr)
            if key in out:
                file, line, column = src.at(list_key, i, attr)
                self.problems.append(
                    Problem(
                        file=file,
                        line=line,
                        column=column,
                        path=f"{list_key}[{i}].{attr}",
                        code="duplicate-id",
                        message=f"编号“{key}”重复。",
                        hint="每个编号只能使用一次。",
                    )
                )
                continue
            out[key] = obj
            self.sources[(kind, key)] = src.inner(list_key, i)
        return out

    def many(self, name: str, loaded: list[tuple[Any, Source]]) -> dict:
        """The objects of a kind with one file each (items, flows, bundles) by id."""
        out = {}
        for obj, src in loaded:
            if obj.id in out:  # same file name in two sub-folders (items/services/<department>/)
                first = self.sources[(name, obj.id)].file
                file, line, column = src.at("id")
                self.problems.append(
                    Problem(
                        file=file,
                        line=line,
                        column=column,
                        path="id",
                        code="duplicate-id",
                        message=f"编号“{obj.id}”重复（已在 {first} 中使用）。",
                        hint="每个编号只能使用一次；请改名其中一个文件及其 id。",
                    )
                )
                continue
            out[obj.id] = obj  # id == file stem
            self.sources[(name, obj.id)] = src
        return out


def _link(folder: Folder, loaded: dict[str, list[tuple[Any, Source]]], problems: list[Problem]) -> Project:
    """The parsed files linked into a Project (repeated ids added to `problems`)."""
    one: dict[str, Any] = {}
    linker = _Linker(problems)
    for name in SINGLE_KINDS:
        ((one[name], src),) = loaded[name]
        linker.sources[(name, "")] = src
    where = linker.sources
    tlist, vlist, teams = one["township-items"], one["village-items"], one["teams"]
    departments = linker.keyed(
        one["departments"].departments, "department", "code", where[("departments", "")], "departments"
    )
    form_fields = linker.keyed(one["form-fields"].fields, "field", "id", where[("form-fields", "")], "fields")
    townships = linker.keyed(
        one["townships"].townships, "township", "id", where[("townships", "")], "townships"
    )
    villages = linker.keyed(one["villages"].villages, "village", "id", where[("villages", "")], "villages")
    linker.keyed(teams.teams, "team", "id", where[("teams", "")], "teams")
    return Project(
        folder=folder,
        county=one["county"],
        departments=departments,
        fields=form_fields,
        items=linker.many("item", loaded["item"]),
        flows=linker.many("flow", loaded["flow"]),
        bundles=linker.many("bundle", loaded["bundle"]),
        lifecycle=one["lifecycle"],
        centre=one["county-centre"],
        townships=townships,
        villages=villages,
        township_items=list(tlist.items),
        village_items=list(vlist.items),
        teams=list(teams.teams),
        sources=linker.sources,
        township_volumes=dict(tlist.volumes),
        village_volumes=dict(vlist.volumes),
    )


def _load_project(folder: Folder, cross_check: bool, use_cache: bool) -> Project:
    root = folder.root
    if not root.is_dir():
        raise _folder_missing(root)
    problems: list[Problem] = []
    cache = ParseCache.open(root) if use_cache else None
    loaded = {kind.name: read_kind(folder, kind, problems, cache) for kind in KINDS}
    if problems:
        raise StdkitError(problems)
    project = _link(folder, loaded, problems)
    if cross_check:
        problems.extend(run_checks(project))
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise StdkitError(problems)
    project.warnings = [p for p in problems if p.severity != "error"]
    if cache is not None:
        cache.commit()  # only a folder that loaded cleanly leaves anything behind
    return project

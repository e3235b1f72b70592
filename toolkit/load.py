"""Load a county folder: parse every YAML file, validate it, link it into a `Project`, cross-check.

Every problem in every file is collected in one run; `StdkitError` carries them all.
"""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

from . import parallel
from .cache import ParseCache
from .errors import Problem, StdkitError
from .layout import KINDS, Kind
from .project import Project, Source
from .safefs import check_inside, list_files
from .validation import validate
from .yamlio import decode, parse_quick, parse_text, read_bytes


def _files(root: Path, kind: Kind, problems: list[Problem]) -> list[Path]:
    """The kind's files: regular files inside the folder (links out, FIFOs, devices are problems)."""
    if kind.many:
        return list_files(root, kind.pattern, problems)
    path = root / kind.pattern
    if not (path.exists() or path.is_symlink()):
        return []
    try:
        check_inside(root, path, kind.pattern)
    except StdkitError as exc:
        problems.extend(exc.problems)
        return []
    return [path]


def _rel(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


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
    root: Path, kind: Kind, problems: list[Problem], cache: ParseCache | None = None
) -> list[tuple[Any, Source]]:
    """Parse and validate every file of one kind; problems are appended, good objects returned.

    Files the cache does not know are parsed here; when there are many, a forked worker parses half of
    them at the same time (parallel.py) and hands back plain data, which is validated here."""
    out = []
    before = len(problems)
    files = _files(root, kind, problems)
    if not files and kind.required and len(problems) == before:
        problems.append(
            Problem(
                file=kind.pattern if not kind.many else kind.pattern.split("*")[0],
                line=1,
                column=1,
                path="",
                code="file-missing",
                message=f"缺少{kind.title}文件（{kind.pattern}）。",
                hint="可用 stdkit init 生成带注释的模板。",
            )
        )
    entries = []  # (path, rel, raw or None, cache key, cached (obj, positions) or None)
    for path in files:
        rel = _rel(root, path)
        try:
            raw = read_bytes(path, rel)
        except StdkitError as exc:
            problems.extend(exc.problems)
            continue
        key = cache.key(kind.name, raw) if cache is not None else ""
        entries.append((path, rel, raw, key, cache.lookup(key) if cache is not None else None))
    misses = [(rel, raw) for _, rel, raw, _, hit in entries if hit is None]
    worker = parallel.parse_in_worker(misses)
    for path, rel, raw, key, hit in entries:
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
        source = Source.of_file(rel, positions, path)
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


def load_project(root: Path | str, *, cross_check: bool = True, use_cache: bool = True) -> Project:
    """The validated, linked project; raises StdkitError with every problem found."""
    paused = gc.isenabled()
    gc.disable()  # loading builds many small objects and no cycles: collecting meanwhile costs ~40 %
    try:
        return _load_project(Path(root), cross_check, use_cache)
    finally:
        if paused:
            gc.enable()


def _load_project(root: Path, cross_check: bool, use_cache: bool) -> Project:
    if not root.is_dir():
        raise StdkitError(
            [
                Problem(
                    file=str(root),
                    line=1,
                    column=1,
                    path="",
                    code="folder-missing",
                    message=f"文件夹“{root}”不存在。",
                    hint="请给出县数据文件夹的路径，或用 stdkit init 新建。",
                )
            ]
        )
    problems: list[Problem] = []
    cache = ParseCache.open(root) if use_cache else None
    loaded = {kind.name: read_kind(root, kind, problems, cache) for kind in KINDS}
    if problems:
        raise StdkitError(problems)

    def single(name: str):
        ((obj, src),) = loaded[name]
        return obj, src

    sources: dict[tuple[str, str], Source] = {}
    county, sources[("county", "")] = single("county")
    deps, dsrc = single("departments")
    fields, fsrc = single("form-fields")
    lifecycle, sources[("lifecycle", "")] = single("lifecycle")
    centre, sources[("county-centre", "")] = single("county-centre")
    towns, tsrc = single("townships")
    villages, vsrc = single("villages")
    tlist, sources[("township-items", "")] = single("township-items")
    vlist, sources[("village-items", "")] = single("village-items")
    teams, msrc = single("teams")
    for key, src in (
        ("departments", dsrc),
        ("form-fields", fsrc),
        ("townships", tsrc),
        ("villages", vsrc),
        ("teams", msrc),
    ):
        sources[(key, "")] = src

    def keyed(objs, kind: str, attr: str, src: Source, list_key: str) -> dict:
        out = {}
        for i, obj in enumerate(objs):
            key = getattr(obj, attr)
            if key in out:
                file, line, column = src.at(list_key, i, attr)
                problems.append(
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
            sources[(kind, key)] = src.inner(list_key, i)
        return out

    departments = keyed(deps.departments, "department", "code", dsrc, "departments")
    form_fields = keyed(fields.fields, "field", "id", fsrc, "fields")
    townships = keyed(towns.townships, "township", "id", tsrc, "townships")
    village_map = keyed(villages.villages, "village", "id", vsrc, "villages")
    keyed(teams.teams, "team", "id", msrc, "teams")

    def many(name: str) -> dict:
        out = {}
        for obj, src in loaded[name]:
            if obj.id in out:  # same file name in two sub-folders (items/services/<department>/)
                first = sources[(name, obj.id)].file
                file, line, column = src.at("id")
                problems.append(
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
            sources[(name, obj.id)] = src
        return out

    project = Project(
        root=root,
        county=county,
        departments=departments,
        fields=form_fields,
        items=many("item"),
        flows=many("flow"),
        bundles=many("bundle"),
        lifecycle=lifecycle,
        centre=centre,
        townships=townships,
        villages=village_map,
        township_items=list(tlist.items),
        village_items=list(vlist.items),
        teams=list(teams.teams),
        sources=sources,
        township_volumes=dict(tlist.volumes),
        village_volumes=dict(vlist.volumes),
    )
    if cross_check:
        from .crosscheck import cross_check as run_checks

        problems.extend(run_checks(project))
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise StdkitError(problems)
    if cache is not None:
        cache.commit()  # only a folder that loaded cleanly leaves anything behind
    return project

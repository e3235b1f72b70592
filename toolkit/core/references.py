"""Cross-checks a drafter cannot see by eye: references, duplicates, flow shape, time limits, lists, bundles.

Each rule is a small function taking the project and yielding located problems; `RULES` at the end lists
them (explicitly: importing this module registers nothing anywhere) and `cross_check` runs them in that order.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator

from .contradictions import contradictions
from .errors import Problem, format_path
from .models import Bundle, Flow
from .models.lifecycle import Entry as LifecycleEntry
from .project import Project
from .provinces import county_platforms, national_platforms
from .reported import figures
from .stats import compute_core
from .urls import RESERVED, VILLAGES_SUFFIX

Rule = Callable[[Project], Iterator[Problem]]


def _p(project: Project, kind: str, key: str, path: tuple, code: str, msg: str, hint: str = "") -> Problem:

    file, line, col = project.source(kind, key).at(*path)
    src_prefix = project.source(kind, key).prefix
    return Problem(
        file=file,
        line=line,
        column=col,
        path=format_path(src_prefix + path),
        code=code,
        message=msg,
        hint=hint,
    )


def suggest(value: str, options: dict[str, str], what: str) -> str:
    """'是不是“gaj”（公安局）？' for a near miss, then the valid ids (all of them when few)."""
    ids = [k for k in options if k.isascii()]
    by_label = [options[k] for k in options if not k.isascii() and k == value]
    close = by_label or difflib.get_close_matches(value, ids, n=3, cutoff=0.5)
    head = "是不是“" + "”“".join(close) + "”？" if close else ""
    shown = ids if len(ids) <= 40 else ids[:40]
    listing = "、".join(f"{k}（{options[k]}）" for k in shown) + ("……" if len(ids) > len(shown) else "")
    return f"{head}可用的{what}：{listing}。"


def item_codes_unique(project: Project) -> Iterator[Problem]:
    seen: dict[str, str] = {}
    for item in project.items.values():
        if item.code in seen:
            yield _p(
                project,
                "item",
                item.id,
                ("code",),
                "duplicate-code",
                f"事项编码与事项“{seen[item.code]}”重复。",
                "同一事项编码只能对应一个事项文件。",
            )
        else:
            seen[item.code] = item.id


def item_platforms(project: Project) -> Iterator[Problem]:
    """An item names a national platform or one of its county's (county.yaml platforms, or the province's
    when county.yaml lists none): a misspelt 浙里办 would print on the guide as written."""
    own = county_platforms(project.county)
    allowed = {**dict.fromkeys(national_platforms(), "国家平台"), **dict.fromkeys(own, "本县")}
    for item in project.items.values():
        for i, name in enumerate(item.online.platforms):
            if name not in allowed:
                close = difflib.get_close_matches(name, list(allowed), n=2, cutoff=0.5)
                yield _p(
                    project,
                    "item",
                    item.id,
                    ("online", "platforms", i),
                    "ref-platform",
                    f"网办平台“{name}”既不是国家平台，也不在本县的平台清单中。",
                    ("是不是“" + "”“".join(close) + "”？" if close else "")
                    + f"本县的平台：{'、'.join(own) or '（无）'}；国家平台：{'、'.join(national_platforms())}。"
                    "本县另有平台时写进 items/county.yaml 的 platforms。",
                )


def item_references(project: Project) -> Iterator[Problem]:
    for item in project.items.values():
        if item.department not in project.departments:
            yield _p(
                project,
                "item",
                item.id,
                ("department",),
                "ref-department",
                f"主管部门“{item.department}”不在部门清单中。",
                suggest(
                    item.department,
                    {d.code: d.short_name for d in project.departments.values()}
                    | {d.name: d.code for d in project.departments.values()},
                    "部门代码（items/departments.yaml 的 code）",
                ),
            )
        for i, fid in enumerate(item.form_fields):
            if fid not in project.fields:
                yield _p(
                    project,
                    "item",
                    item.id,
                    ("form_fields", i),
                    "ref-field",
                    f"申请表字段“{fid}”不在字段字典中。",
                    suggest(
                        fid,
                        {f: project.fields[f].label for f in project.fields},
                        "字段编号（items/form-fields.yaml）",
                    ),
                )
        flow_id = project.flow_id_for(item)
        if item.flow and item.flow not in project.flows:
            yield _p(
                project,
                "item",
                item.id,
                ("flow",),
                "ref-flow",
                f"办理流程“{item.flow}”不存在。",
                suggest(
                    item.flow, {f: project.flows[f].title for f in project.flows}, "流程编号（flowcharts/）"
                ),
            )
            continue
        if flow_id is None:
            yield _p(
                project,
                "item",
                item.id,
                ("type",),
                "ref-flow",
                f"没有适用于事项类型“{item.type}”的默认流程模板，事项也未指定 flow。",
                "在 flowcharts/ 的模板中把该类型加入 default_for，或为事项写 flow。",
            )
            continue
        step_ids = {s.id for s in project.flows[flow_id].steps}
        for sid in item.flow_overrides:
            if sid not in step_ids:
                yield _p(
                    project,
                    "item",
                    item.id,
                    ("flow_overrides", sid),
                    "ref-step",
                    f"流程“{flow_id}”中没有环节“{sid}”。",
                    "可覆盖的环节：" + "、".join(sorted(step_ids)) + "。",
                )


def promised_within_legal(project: Project) -> Iterator[Problem]:
    for item in project.items.values():
        legal, promised = item.legal_limit, item.promised_limit
        if legal is not None and promised is not None and promised.in_minutes > legal.in_minutes:
            yield _p(
                project,
                "item",
                item.id,
                ("promised_limit",),
                "time-promised-exceeds-legal",
                f"承诺时限（{promised.label()}）长于法定时限（{legal.label()}）。",
                "承诺时限应不超过法定时限。",
            )


Fault = tuple[tuple, str, str, str]  # (path in the flow, code, message, hint)
Edges = dict[str, list[tuple[str, bool]]]  # step id -> [(target step id, is a return)]


def _edges(flow: Flow, index: dict[str, int]) -> tuple[Edges, list[Fault]]:
    """Each step's outgoing edges (next, then branches), and the faults of targets that do not exist."""
    edges: Edges = {}
    faults: list[Fault] = []
    for i, step in enumerate(flow.steps):
        out = []
        for j, target in enumerate(step.next):
            if target not in index:
                faults.append((("steps", i, "next", j), "ref-step", f"下一环节“{target}”不存在。", ""))
            else:
                out.append((target, False))
        for j, br in enumerate(step.branches):
            if br.to not in index:
                faults.append(
                    (("steps", i, "branches", j, "to"), "ref-step", f"分支指向的环节“{br.to}”不存在。", "")
                )
            else:
                out.append((br.to, br.back))
        edges[step.id] = out
    return edges, faults


def _closure(seeds: set[str], neighbours: dict[str, set[str]]) -> set[str]:
    """Every node reachable from the seeds (the seeds included)."""
    found, stack = set(seeds), list(seeds)
    while stack:
        for node in neighbours.get(stack.pop(), ()):
            if node not in found:
                found.add(node)
                stack.append(node)
    return found


def _first_cycle(flow: Flow, edges: Edges) -> str | None:
    """The step where the first cycle not marked as a return (back: true) closes, if any."""
    colour: dict[str, int] = {}

    def visit(node: str) -> str | None:
        colour[node] = 1
        for target, back in edges.get(node, []):
            if back:
                continue
            if colour.get(target) == 1:
                return target
            if colour.get(target) is None:
                found = visit(target)
                if found:
                    return found
        colour[node] = 2
        return None

    for step in flow.steps:
        if colour.get(step.id) is None:
            cycle_at = visit(step.id)
            if cycle_at:
                return cycle_at
    return None


def flow_problems(flow: Flow) -> Iterator[Fault]:
    """Shape faults of one flow as (path, code, message, hint)."""
    index: dict[str, int] = {}
    for i, step in enumerate(flow.steps):
        if step.id in index:
            yield ("steps", i, "id"), "duplicate-id", f"环节编号“{step.id}”重复。", ""
        index.setdefault(step.id, i)
    edges, faults = _edges(flow, index)
    yield from faults
    forward = {src: {target for target, _ in outs} for src, outs in edges.items()}
    reached = _closure({flow.steps[0].id}, forward)
    for i, step in enumerate(flow.steps):
        if step.id not in reached:
            yield (
                ("steps", i, "id"),
                "flow-unreachable",
                f"环节“{step.name}”从起点无法到达。",
                "检查前序环节的 next 或 branches。",
            )
    ends = {s.id for s in flow.steps if not edges.get(s.id)}
    if not ends:
        yield (
            ("steps",),
            "flow-no-end",
            "流程没有结束环节（next 和 branches 都为空的环节）。",
            "最后一个环节通常是“办结”或“统一出件”。",
        )
    # Every step must be able to reach an end.
    reverse: dict[str, set[str]] = {}
    for src, targets in forward.items():
        for target in targets:
            reverse.setdefault(target, set()).add(src)
    can_end = _closure(ends, reverse)
    for i, step in enumerate(flow.steps):
        if ends and step.id in reached and step.id not in can_end:
            yield (
                ("steps", i, "id"),
                "flow-no-end",
                f"从环节“{step.name}”出发无法到达结束环节。",
                "检查是否陷入循环。",
            )
    cycle_at = _first_cycle(flow, edges)
    if cycle_at:
        yield (
            ("steps", index[cycle_at], "id"),
            "flow-cycle",
            f"流程在环节“{cycle_at}”处形成循环。",
            "退回补正等返回前序环节的分支请写 back: true。",
        )


def flows_well_formed(project: Project) -> Iterator[Problem]:
    for flow in project.flows.values():
        for path, code, msg, hint in flow_problems(flow):
            yield _p(project, "flow", flow.id, path, code, msg, hint)


def level_lists(project: Project) -> Iterator[Problem]:
    for kind, ids, level, attr in (
        ("township-items", project.township_items, "乡镇", "township"),
        ("village-items", project.village_items, "村", "village"),
    ):
        src_list = project.source(kind)
        seen = set()
        for i, iid in enumerate(ids):
            if iid not in project.items:
                yield _p(
                    project,
                    kind,
                    "",
                    ("items", i),
                    "list-unknown-item",
                    f"清单中的事项“{iid}”不在县级事项目录中。",
                    "乡镇、村清单只能列出县级目录中已有的事项。",
                )
            elif iid in seen:
                yield _p(project, kind, "", ("items", i), "duplicate-id", f"事项“{iid}”在清单中重复。", "")
            seen.add(iid)
        _ = src_list
        volumes = project.township_volumes if attr == "township" else project.village_volumes
        for iid in volumes:
            if iid not in seen:
                yield _p(
                    project,
                    kind,
                    "",
                    ("volumes", iid),
                    "list-unknown-item",
                    f"办件量中的事项“{iid}”不在本清单的 items 中。",
                    "volumes 只能给本清单列出的事项填写办件量。",
                )
        for item in project.items.values():
            mode = getattr(item.levels, attr)
            if mode is not None and item.id not in seen:
                what = {"下放": "标注为审批权限下放", "收件端前移": "标注为收件端前移"}.get(
                    mode, f"标注为{level}“{mode}”"
                )
                yield _p(
                    project,
                    "item",
                    item.id,
                    ("levels", attr),
                    "level-not-offered",
                    f"事项{what}，但不在{level}可办事项清单中。",
                    f"请把“{item.id}”加入 {project.source(kind).file}，或删除 levels.{attr}。",
                )
            elif mode is None and item.id in seen:
                yield _p(
                    project,
                    "item",
                    item.id,
                    ("levels",),
                    "level-mode-missing",
                    f"事项在{level}可办事项清单中，但未写明{level}办理方式（levels.{attr}）。",
                    "",
                )


def villages_in_townships(project: Project) -> Iterator[Problem]:
    for v in project.villages.values():
        if v.township not in project.townships:
            yield _p(
                project,
                "village",
                v.id,
                ("township",),
                "ref-township",
                f"所属乡镇“{v.township}”不在乡镇便民服务中心清单中。",
                "",
            )


def bundles_consistent(project: Project) -> Iterator[Problem]:
    for b in project.bundles.values():
        members = [*b.required, *b.optional]
        for key in ("required", "optional"):
            for i, iid in enumerate(getattr(b, key)):
                if iid not in project.items:
                    yield _p(project, "bundle", b.id, (key, i), "ref-item", f"事项“{iid}”不存在。", "")
                elif key == "optional" and iid in b.required:
                    yield _p(
                        project,
                        "bundle",
                        b.id,
                        (key, i),
                        "bundle-duplicate",
                        f"事项“{iid}”同时是必办和选办。",
                        "",
                    )
        yield from _required_when(project, b)
        form = set(b.form)
        for i, fid in enumerate(b.form):
            if fid not in project.fields:
                yield _p(
                    project,
                    "bundle",
                    b.id,
                    ("form", i),
                    "ref-field",
                    f"申请表字段“{fid}”不在字段字典中。",
                    "",
                )
        for iid in members:
            item = project.items.get(iid)
            if item is None:
                continue
            for fid in item.form_fields:
                if fid not in form:
                    label = project.fields[fid].label if fid in project.fields else fid
                    yield _p(
                        project,
                        "bundle",
                        b.id,
                        ("form",),
                        "bundle-form-missing-field",
                        f"合并申请表缺少事项“{item.name}”需要的字段“{label}”（{fid}）。",
                        "在 form 中加入该字段。",
                    )
        covered: dict[str, set[str]] = {}
        for i, mat in enumerate(b.materials):
            for j, iid in enumerate(mat.items):
                if iid not in members:
                    yield _p(
                        project,
                        "bundle",
                        b.id,
                        ("materials", i, "items", j),
                        "ref-item",
                        f"材料“{mat.name}”所列事项“{iid}”不是本联办的事项。",
                        "",
                    )
                covered.setdefault(iid, set()).add(mat.name)
        for iid in members:
            item = project.items.get(iid)
            if item is None:
                continue
            for need in item.materials:
                if need.required and not need.shared and need.name not in covered.get(iid, set()):
                    yield _p(
                        project,
                        "bundle",
                        b.id,
                        ("materials",),
                        "bundle-material-missing",
                        f"合并材料清单没有为事项“{item.name}”列出其必交材料“{need.name}”。",
                        "在 materials 中加入该材料，或在已有材料的 items 中加入该事项。",
                    )


def _required_when(project: Project, b: Bundle) -> Iterator[Problem]:
    """A conditional required item is a required member, and its condition one of that item's conditions."""
    for iid, when in b.required_when.items():
        item = project.items.get(iid)
        if iid not in b.required:
            yield _p(
                project,
                "bundle",
                b.id,
                ("required_when", iid),
                "ref-item",
                f"“{iid}”不是本联办的必办事项，不能写必办情形。",
                "只为 required 中的事项写 required_when。",
            )
        elif item is not None and when not in item.conditions:
            yield _p(
                project,
                "bundle",
                b.id,
                ("required_when", iid),
                "bundle-condition-unknown",
                f"必办情形“{when}”不是事项“{item.name}”的受理条件之一。",
                "照该事项 conditions 中的一条原文写：" + "；".join(item.conditions),
            )


def _lifecycle_entries(project: Project) -> Iterator[tuple[tuple, LifecycleEntry]]:
    """Every life-cycle entry with its path in items/lifecycle.yaml."""
    for c, cat in enumerate(project.lifecycle.catalogues):
        for s, stage in enumerate(cat.stages):
            for e, entry in enumerate(stage.entries):
                yield ("catalogues", c, "stages", s, "entries", e), entry


def _in_lifecycle(project: Project, path: tuple, code: str, msg: str, hint: str = "") -> Problem:
    return _p(project, "lifecycle", "", path, code, msg, hint)


def lifecycle_references(project: Project) -> Iterator[Problem]:
    for path, entry in _lifecycle_entries(project):
        if entry.bundle is None and not entry.items:
            yield _in_lifecycle(
                project,
                path,
                "lifecycle-empty",
                f"“{entry.name}”既没有一事联办（bundle）也没有事项（items）。",
            )
        if entry.bundle is not None and entry.bundle not in project.bundles:
            yield _in_lifecycle(
                project, path + ("bundle",), "ref-bundle", f"一事联办“{entry.bundle}”不存在。"
            )
        for i, iid in enumerate(entry.items):
            if iid not in project.items:
                yield _in_lifecycle(project, path + ("items", i), "ref-item", f"事项“{iid}”不存在。")


def lifecycle_reengineering(project: Project) -> Iterator[Problem]:
    """An entry's before/after: both or neither, and never beside a bundle (whose own record counts)."""
    for path, entry in _lifecycle_entries(project):
        if entry.bundle is not None and (entry.before or entry.after):
            side = "before" if entry.before else "after"
            yield _in_lifecycle(
                project,
                path + (side,),
                "reengineering-duplicate",
                f"“{entry.name}”指向一事联办“{entry.bundle}”，流程再造前后数据取自该一事联办，这里不应重复填写。",
                f"删除 {side}，在 items/bundles/{entry.bundle}.yaml 的 before/after 中修改。",
            )
        elif (entry.before is None) != (entry.after is None):
            missing = "after" if entry.after is None else "before"
            yield _in_lifecycle(
                project,
                path + ("before" if entry.before else "after",),
                "reengineering-half",
                f"“{entry.name}”只填了流程再造前后中的一项，缺少 {missing}。",
                "before 和 after 应同时填写（环节、材料、时限、跑动、费用），或都不填。",
            )


def reform_materials_once(project: Project) -> Iterator[Problem]:
    for item in project.items.values():
        if item.materials and item.reform is not None and item.reform.materials_now is not None:
            yield _p(
                project,
                "item",
                item.id,
                ("reform", "materials_now"),
                "reform-materials-twice",
                f"事项已列出{len(item.materials)}项申请材料，reform.materials_now 不应再填。",
                "现行材料数按申请材料清单计算；materials_now 只用于未列出申请材料的目录级事项。",
            )


def reported_figures(project: Project) -> Iterator[Problem]:
    """Each reported figure equals the same quantity computed from the data."""

    rep = project.county.reported
    if rep is None and project.county.clearing is None:
        return
    for i, case in enumerate(rep.cases if rep else []):
        if case.bundle not in project.bundles:
            yield _p(
                project,
                "county",
                "",
                ("reported", "cases", i, "bundle"),
                "ref-bundle",
                f"一事联办“{case.bundle}”不存在。",
                "一事联办见 items/bundles/，编号为文件名。",
            )
    for f in figures(project, compute_core(project)):
        if f.equal is False:
            file, line, col = project.source(f.kind).at(*f.path)
            yield Problem(
                file=file,
                line=line,
                column=col,
                path=format_path(f.path),
                code="reported-mismatch",
                message=f"{f.title}：报道为{f.reported}{f.unit}，由数据计算为{f.computed}{f.unit}，二者不一致。",
                hint=_MISMATCH_HINT.get(f.path[1], "核对数据，或更正报道数字。") if len(f.path) > 1 else "",
            )


_MISMATCH_HINT = {
    "catalogue": "按事项文件、乡镇和村（社区）清单、服务网络计算；核对 items/ 中的数据，或更正报道数字。",
    "reduction": "按各事项 reform（改革前要素）与现行材料、流程环节、承诺时限之差合计；核对 items/services/ 中的 reform。",
    "reengineering": "按 items/lifecycle.yaml 各联办事项的 before/after（指向一事联办的取 items/bundles/ 的 before/after）合计。",
    "cases": "按 items/bundles/ 中该一事联办的必办、选办事项和 before/after 核对。",
    "departments": "按 items/departments.yaml 中的部门数核对。",
}


def ids_share_no_file_name(project: Project) -> Iterator[Problem]:
    """Ids that become file names in one folder of the site (venues/ and print/: the county centre, each
    township and its village group; bundles/; items/; departments/) are distinct and never a name the
    site uses itself (index, all-townships, all-villages) — otherwise one page would silently replace another."""

    hint = "请换一个编号；编号会用作网页和二维码清单的文件名。"
    venue_owner: dict[str, str] = {name: "网站自身的页面" for name in RESERVED}
    centre = project.centre.id
    if centre in RESERVED:
        yield _p(
            project, "county-centre", "", ("id",), "id-reserved", f"编号“{centre}”是网站保留的名称。", hint
        )
    venue_owner.setdefault(centre, "县级政务服务中心")
    for tid, t in project.townships.items():
        for vid, what in ((tid, t.name), (tid + VILLAGES_SUFFIX, f"{t.name}的村（社区）便民服务站清单")):
            if vid in venue_owner:
                yield _p(
                    project,
                    "township",
                    tid,
                    ("id",),
                    "id-collision",
                    f"编号“{tid}”使场所页面“venues/{vid}”与{venue_owner[vid]}重名，会互相覆盖。",
                    hint,
                )
            else:
                venue_owner[vid] = what
    for kind, ids, key in (
        ("bundle", project.bundles, "id"),
        ("item", project.items, "id"),
        ("department", project.departments, "code"),
    ):
        for ident in ids:
            if ident in RESERVED:
                yield _p(
                    project, kind, ident, (key,), "id-reserved", f"编号“{ident}”是网站保留的名称。", hint
                )


# The rules `validate` runs, in this order (the order of the problems it reports).
RULES: tuple[Rule, ...] = (
    item_codes_unique,
    item_references,
    item_platforms,
    promised_within_legal,
    flows_well_formed,
    level_lists,
    villages_in_townships,
    bundles_consistent,
    lifecycle_references,
    lifecycle_reengineering,
    reform_materials_once,
    reported_figures,
    ids_share_no_file_name,
    contradictions,  # toolkit/core/contradictions.py: one item's data saying two things at once
)


def cross_check(project: Project) -> list[Problem]:
    problems: list[Problem] = []
    for rule in RULES:
        problems.extend(rule(project))
    return problems

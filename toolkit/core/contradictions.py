"""Contradictions a guide must not print: an item's data saying two things at once. One place for the rules;
`references.cross_check` runs them, so `stdkit validate` and every build report them with file and line.

- 当场办理/即办 (a step's name, a flow's title, a limit's wording) on a limit of more than 0 working days;
- the durations of the steps on the way through a flow adding up to more than the promised limit;
- 全程网办 (零跑腿) on an item the applicant visits (`visits` > 0) or whose flow has a step the applicant
  attends (当场…, 现场领取…);
- a step kind that does not fit the item (入户调查, 民主评议 outside social-assistance items — 低保, 特困,
  临时救助, 受灾人员生活救助 — of type 行政给付/行政确认): a warning;
- repeated function characters (“的的”) and a count joined to 各/每 (“10 个各乡镇”) in any text:
  `text_fault` is also what the page test applies to the rendered site.

Time limits compare in working days, as the statistics count them: a limit in minutes is the same day (0).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pydantic import BaseModel

from .errors import Problem, format_path
from .models import Flow, ServiceItem, Step
from .models.common import TimeLimit
from .project import Project

ON_THE_SPOT = re.compile(r"当场|即办|立即办结|立等可取")
# A step the applicant attends in person. An inspection the staff make (现场勘查, 入户调查) is no trip for the
# applicant: 零跑腿 still holds.
ON_SITE = re.compile(r"当场|现场(?:办理|领取|核验|签字|确认)|窗口领取|到窗口")
FULLY_ONLINE = "全程网办"
# Step kinds that belong to some items only: a word in the step's name -> the item types it fits and, among
# them, the names it fits. 入户调查 and 民主评议 are how social assistance (低保、特困、临时救助、受灾人员生活
# 救助) establishes need; a social-insurance or other benefit (失业保险金, 零星医疗费用报销) is paid on records.
ASSISTANCE = re.compile(r"最低生活保障|低保|特困|临时救助|生活救助")
_WELFARE_STEP = (
    frozenset({"行政给付", "行政确认"}),
    ASSISTANCE,
    "社会救助（低保、特困、临时救助、受灾人员生活救助）",
)
STEP_KINDS: dict[str, tuple[frozenset[str], re.Pattern[str], str]] = {
    "民主评议": _WELFARE_STEP,
    "入户调查": _WELFARE_STEP,
}

# “的的”“，，”: characters never doubled in a guide's text (a place name may double others: 坝坝, 岭岭).
_DOUBLED = re.compile(r"([的了和与及或之对把被各每其个项件，、。；：])\1")
# A count joined to a distributive: “全县 10 个各乡镇”, “3项每项”.
_COUNT_EACH = re.compile(r"[0-9０-９一二三四五六七八九十百两几多]+\s*[个项件次名家座所处]\s*[各每]")


def text_fault(text: str) -> str | None:
    """What is wrong with a piece of text as written (None when nothing)."""
    m = _DOUBLED.search(text) or _COUNT_EACH.search(text)
    return None if m is None else m.group(0)


def _days(limit: TimeLimit | None) -> int:
    return limit.days if limit is not None and limit.days is not None else 0


def _way_through_days(steps: list[Step]) -> tuple[int, list[Step]]:
    """The longest run of working days along `next` from the first step (side branches excluded)."""
    by_id = {s.id: s for s in steps}
    memo: dict[str, tuple[int, list[Step]]] = {}

    def longest(sid: str, seen: frozenset[str]) -> tuple[int, list[Step]]:
        if sid in memo:
            return memo[sid]
        step = by_id[sid]
        nexts = [n for n in step.next if n in by_id and n not in seen]
        best = max((longest(n, seen | {n}) for n in nexts), key=lambda r: r[0], default=(0, []))
        memo[sid] = (_days(step.limit) + best[0], [step, *best[1]])
        return memo[sid]

    return longest(steps[0].id, frozenset({steps[0].id})) if steps else (0, [])


def _item_problem(
    project: Project, item: ServiceItem, path: tuple, code: str, msg: str, hint: str
) -> Problem:
    file, line, col = project.source("item", item.id).at(*path)
    return Problem(
        file=file, line=line, column=col, path=format_path(path), code=code, message=msg, hint=hint
    )


def _flow_problem(
    project: Project, flow: Flow, index: int, code: str, msg: str, hint: str, severity: str = "error"
) -> Problem:
    path = ("steps", index, "name")
    file, line, col = project.source("flow", flow.id).at(*path)
    return Problem(
        file=file,
        line=line,
        column=col,
        path=format_path(path),
        code=code,
        message=msg,
        hint=hint,
        severity=severity,
    )


def _where_limit(item: ServiceItem, flow: Flow, step_id: str) -> str:
    """Where a resolved step's limit comes from, for the hint."""
    if step_id in item.flow_overrides and item.flow_overrides[step_id].limit is not None:
        return f"事项的 flow_overrides.{step_id}.limit"
    step = next(s for s in flow.steps if s.id == step_id)
    return (
        "事项的 promised_limit（该环节 limit_from_item）"
        if step.limit_from_item
        else f"流程“{flow.id}”该环节的 limit"
    )


def on_the_spot_with_days(project: Project) -> Iterator[Problem]:
    """当场办理/即办 said of an item whose limit is more than 0 working days."""
    for item in project.items.values():
        promised = item.promised_limit
        if (
            promised is not None
            and promised.wording
            and ON_THE_SPOT.search(promised.wording)
            and _days(promised)
        ):
            yield _item_problem(
                project,
                item,
                ("promised_limit", "wording"),
                "contradiction-on-the-spot",
                f"承诺时限写作“{promised.wording}”，却是 {promised.days} 个工作日。",
                "当场办理、即办的时限是 0 个工作日或以分钟计；不是当场办结的，请改写原文表述。",
            )
        resolved = project.flow_for(item)
        if resolved is None:
            continue
        flow = resolved.flow
        for i, step in enumerate(resolved.steps):
            if ON_THE_SPOT.search(step.name) and _days(step.limit):
                yield _item_problem(
                    project,
                    item,
                    ("promised_limit",) if step.limit_from_item else ("flow",),
                    "contradiction-on-the-spot",
                    f"流程“{flow.id}”第 {i + 1} 个环节“{step.name}”说当场办理，时限却是 {step.limit.label() if step.limit else ''}。",
                    f"时限来自{_where_limit(item, flow, step.id)}。当场办理的时限应是 0 个工作日或以分钟计；"
                    "不是当场办结的，请把环节名称改为不说“当场”“即办”的写法（如“办理并出件”）。",
                )
        if ON_THE_SPOT.search(flow.title) and promised is not None and _days(promised):
            yield _item_problem(
                project,
                item,
                ("promised_limit",),
                "contradiction-on-the-spot",
                f"承诺时限 {promised.label()}，所用流程“{flow.id}”却名为“{flow.title}”。",
                "即办流程只用于当日办结的事项；请为该事项指定其他流程（flow:），或改流程名称。",
            )


def steps_within_promise(project: Project) -> Iterator[Problem]:
    """The steps on the way through take no more working days than the item promises."""
    for item in project.items.values():
        promised, resolved = item.promised_limit, project.flow_for(item)
        if promised is None or resolved is None:
            continue
        total, way = _way_through_days(resolved.steps)
        if total > _days(promised):
            parts = "、".join(
                f"{s.name} {s.limit.label()}" for s in way if s.limit is not None and _days(s.limit)
            )
            yield _item_problem(
                project,
                item,
                ("promised_limit",),
                "contradiction-steps-exceed-promise",
                f"流程“{resolved.flow.id}”各环节时限合计 {total} 个工作日（{parts}），"
                f"多于承诺时限 {promised.label()}。",
                "承诺时限是办结的总时限：请核对各环节时限（流程文件中的 limit 或事项的 flow_overrides），"
                "使其合计不超过承诺时限；不知道环节各用几天时，环节不写 limit。",
            )


def fully_online_without_visits(project: Project) -> Iterator[Problem]:
    """全程网办 (零跑腿): the applicant goes nowhere."""
    for item in project.items.values():
        if item.online.depth != FULLY_ONLINE:
            continue
        if item.visits:
            yield _item_problem(
                project,
                item,
                ("online", "depth"),
                "contradiction-online-visits",
                f"网办深度为全程网办（零跑腿），到现场次数却是 {item.visits} 次。",
                "需要到现场的，网办深度写“部分网办”（网上申请、现场核验或领取结果）；确实零跑腿的，visits 写 0。",
            )
        resolved = project.flow_for(item)
        onsite = [s.name for s in resolved.steps if ON_SITE.search(s.name)] if resolved else []
        if onsite:
            yield _item_problem(
                project,
                item,
                ("online", "depth"),
                "contradiction-online-onsite",
                f"网办深度为全程网办（零跑腿），流程“{resolved.flow.id if resolved else ''}”却有现场环节："
                + "、".join(f"“{n}”" for n in onsite)
                + "。",
                "请把网办深度改为“部分网办”，或为该事项指定没有现场环节的流程（flow:）。",
            )


def step_kinds_fit(project: Project) -> Iterator[Problem]:
    """A step kind used outside the items it belongs to (a warning: the flow may still be right); each step
    once, under the first word of STEP_KINDS it contains."""
    for item in project.items.values():
        resolved = project.flow_for(item)
        if resolved is None:
            continue
        for step in resolved.steps:
            word = next((w for w in STEP_KINDS if w in step.name), None)
            if word is None:
                continue
            types, names, kind = STEP_KINDS[word]
            if item.type in types and names.search(item.name):
                continue
            problem = _item_problem(
                project,
                item,
                ("type",),
                "contradiction-step-kind",
                f"事项“{item.name}”（{item.type}）所用流程“{resolved.flow.id}”有“{step.name}”环节，"
                f"{word}只用于{kind}的{'、'.join(sorted(types))}事项。",
                "请为该事项指定适合它的流程（flow:），或用 flow_overrides 改写该环节。",
            )
            yield Problem(**{**problem.as_dict(), "severity": "warning"})


def _texts(value: object, path: tuple) -> Iterator[tuple[tuple, str]]:
    """Every string in a model, with its path (field names, list indexes)."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _texts(getattr(value, name), (*path, name))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _texts(v, (*path, i))
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _texts(v, (*path, k))


def _records(project: Project) -> Iterator[tuple[str, str, object]]:
    """(kind, key, record) of every record whose text reaches an output."""
    for kind, records in (
        ("item", project.items),
        ("flow", project.flows),
        ("bundle", project.bundles),
    ):
        yield from ((kind, key, rec) for key, rec in records.items())
    yield "county", "", project.county
    yield "county-centre", "", project.centre
    yield from (("township", key, rec) for key, rec in project.townships.items())
    yield from (("village", key, rec) for key, rec in project.villages.items())


def texts_well_written(project: Project) -> Iterator[Problem]:
    """No doubled function characters, no count joined to 各/每, in any text of the data."""
    for kind, key, record in _records(project):
        for path, text in _texts(record, ()):
            fault = text_fault(text)
            if fault is None:
                continue
            try:
                source = project.source(kind, key)
            except KeyError:
                continue
            file, line, col = source.at(*path)
            yield Problem(
                file=file,
                line=line,
                column=col,
                path=format_path(source.prefix + path),
                code="text-repeated",
                message=f"文字“{fault}”有重复的字或多余的量词（“个各”“的的”）。",
                hint="请删去重复的字，如“全县10个乡镇”或“各乡镇”。",
            )


RULES = (
    on_the_spot_with_days,
    steps_within_promise,
    fully_online_without_visits,
    step_kinds_fit,
    texts_well_written,
)


def contradictions(project: Project) -> Iterator[Problem]:
    for rule in RULES:
        yield from rule(project)

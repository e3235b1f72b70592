"""standard/metadata.yaml: number, titles, ICS/CCS, stage, dates and units of the standard — validated
with located Chinese errors (a hyphen or en dash in the number, a bad date, an unknown stage …)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.errors import Problem, StdkitError, file_error
from ..core.folder import Folder, as_folder
from ..core.guide import PENDING
from ..core.validation import locate
from ..core.yamlio import MAX_BYTES, decode, parse_text

STAGES = ("征求意见稿", "送审稿", "报批稿", "发布稿")
DRAFT_STAGES = ("征求意见稿", "送审稿")
NUMBER_RE = re.compile(r"^DB42/T [0-9X]{3,5}(?:—(?:[0-9]{4}|XXXX))?$")
PLAN_KEYS = ("date", "issuer", "name", "title", "item", "number")  # number: the plan's 文号
GROUP_KEYS = ("unit", "members", "work")
DATE_RE = re.compile(r"^(?:[0-9]{4}-[0-9]{2}-[0-9]{2}|XXXX-XX-XX)$")
ICS_RE = re.compile(r"^[0-9]{2}\.[0-9]{3}(?:\.[0-9]{2})?$")
CCS_RE = re.compile(r"^[A-Z][0-9]{2}$")
REL = "standard/metadata.yaml"


@dataclass
class Metadata:
    number: str
    title: str
    english_title: str
    ics: str
    ccs: str
    stage: str
    issue_date: str
    implement_date: str
    draft_date: str
    issuer: str
    proposer: str
    administrator: str
    drafting_units: list[str]
    drafters: list[str]
    first_edition: bool = True
    replaces: str = ""
    plan: dict = field(default_factory=dict)  # 任务来源: date, issuer, name, title, item
    working_group: list[dict] = field(default_factory=list)  # 工作组: unit, members, work
    stages: dict[str, str] = field(default_factory=dict)  # completion date of each stage reached so far
    contacts: dict[str, str] = field(
        default_factory=dict
    )  # 前言's closing lines: who answers, where to write
    extra: dict = field(default_factory=dict)

    @property
    def is_draft(self) -> bool:
        return self.stage in DRAFT_STAGES

    @property
    def stage_label(self) -> str:
        return "" if self.stage == "发布稿" else self.stage

    def date_time(self) -> dt.datetime:
        """The moment written into the standard's files (DOCX core properties and zip entries, the PDF's
        creation date): the 本稿日期 itself, never the clock or SOURCE_DATE_EPOCH — a file made from a
        draft is never dated before that draft, and the same draft gives the same bytes."""
        y, m, d = (int(x) for x in self.draft_date.split("-"))
        return dt.datetime(y, m, d, 0, 0, 0)

    @staticmethod
    def cover_date(value: str) -> str:
        return value  # GB/T covers print YYYY-MM-DD (XXXX-XX-XX on drafts)


def _str(v) -> str:
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()[:10]
    return "" if v is None else str(v)


REQUIRED = (
    "number",
    "title",
    "english_title",
    "ics",
    "ccs",
    "stage",
    "issue_date",
    "implement_date",
    "draft_date",
    "issuer",
    "proposer",
    "administrator",
    "drafting_units",
    "drafters",
)
OPTIONAL = ("first_edition", "replaces", "plan", "working_group", "stages", "contacts")
# contacts: the 前言's closing lines (questions on applying it; where to send comments); 待补充 until given
CONTACT_KEYS = (
    "administrator_phone",
    "administrator_email",
    "drafter_address",
    "drafter_phone",
    "drafter_email",
)


def _whole_file_error(code: str, message: str, hint: str = "") -> StdkitError:
    return file_error(file=REL, code=code, message=message, hint=hint)


def load_metadata(source: Folder | Path) -> Metadata:
    """standard/metadata.yaml checked (every problem located, all reported at once) and read; the number
    carries the edition's year. Read once per folder (its failure too)."""
    folder = as_folder(source)
    return folder.once("metadata", lambda: _read_metadata(folder))


def _read_metadata(folder: Folder) -> Metadata:
    if not folder.path(REL).is_file():
        raise _whole_file_error(
            "std-metadata-missing",
            "缺少标准元数据文件 standard/metadata.yaml。",
            "参照 standard/README.md 写出编号、名称、阶段、日期和起草单位。",
        )
    data, pos = parse_text(decode(folder.read(REL, MAX_BYTES), REL), REL)
    if not isinstance(data, dict):
        raise _whole_file_error("std-metadata", "元数据应为“键: 值”形式。")
    problems: list[Problem] = []

    def bad(key: str, msg: str, hint: str = "") -> None:
        line, col = locate(pos, (key,))
        problems.append(
            Problem(file=REL, line=line, column=col, path=key, code="std-metadata", message=msg, hint=hint)
        )

    _check_keys(data, problems, bad)
    _check_stages(data.get("stages"), bad)
    _check_values(data, bad)
    iss, imp = _str(data.get("issue_date")), _str(data.get("implement_date"))
    if not problems and "X" not in iss + imp and imp < iss:
        bad("implement_date", f"实施日期 {imp} 早于发布日期 {iss}。")
    if _str(data.get("stage")) == "发布稿" and "X" in (_str(data.get("number")) + iss + imp):
        bad("stage", "发布稿的编号和发布、实施日期不能含 X。")
    _check_plan(data, bad)
    contacts = data.get("contacts")
    if contacts is not None and (
        not isinstance(contacts, dict) or any(k not in CONTACT_KEYS for k in contacts)
    ):
        bad("contacts", "联系方式 contacts 只能写：" + "、".join(CONTACT_KEYS) + "。")
    for key in ("drafting_units", "drafters"):
        if key in data and not (
            isinstance(data[key], list) and all(isinstance(x, str) and x for x in data[key])
        ):
            bad(key, f"“{key}”应为非空文字列表。")
    if problems:
        raise StdkitError(problems)
    return _metadata(data, _edition_number(data, pos))


def _check_keys(data: dict, problems: list[Problem], bad) -> None:
    """Every required key has a value; no key is unknown."""
    for key in REQUIRED:
        if key not in data or data[key] in (None, "", []):
            problems.append(
                Problem(
                    file=REL, line=1, column=1, path=key, code="std-metadata", message=f"缺少必填项“{key}”。"
                )
            )
    known = set(REQUIRED) | set(OPTIONAL)
    for key in data:
        if key not in known:
            bad(key, f"未知的元数据项“{key}”。", f"可用的项：{'、'.join(sorted(known))}。")


def _check_values(data: dict, bad) -> None:
    """The standard number, ICS and CCS codes, stage and dates, each in its form."""
    number = _str(data.get("number"))
    if number and not NUMBER_RE.match(number):
        if re.search(r"[-–]\s*(?:[0-9]{4}|XXXX)$", number):
            bad(
                "number",
                f"标准编号“{number}”中年份前用了连字符或短横线。",
                "标准编号的顺序号与年份之间应使用一字线“—”（U+2014），如 DB42/T 1234—2024。",
            )
        else:
            bad(
                "number",
                f"标准编号“{number}”格式不对。",
                "湖北省推荐性地方标准编号形如 DB42/T 1234—2024（未定时可写 DB42/T XXXX—XXXX）。",
            )
    for key, rex, hint in (("ics", ICS_RE, "如 03.080.01"), ("ccs", CCS_RE, "如 A12")):
        if data.get(key) is not None and not rex.match(_str(data.get(key))):
            bad(key, f"{key.upper()} 分类号“{_str(data.get(key))}”格式不对。", hint)
    stage = _str(data.get("stage"))
    if stage and stage not in STAGES:
        bad("stage", f"未知的编制阶段“{stage}”。", f"应为 {'、'.join(STAGES)} 之一。")
    for key in ("issue_date", "implement_date", "draft_date"):
        value = _str(data.get(key))
        if value and not _valid_date(value, draft=key == "draft_date"):
            bad(key, f"日期“{value}”无效。", "日期写作 YYYY-MM-DD（发布、实施日期未定时可写 XXXX-XX-XX）。")


def _valid_date(value: str, *, draft: bool) -> bool:
    """YYYY-MM-DD, a real date; XXXX-XX-XX (not yet fixed) except for the draft's own date."""
    if not DATE_RE.match(value):
        return False
    if "X" in value:
        return not draft
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _edition_number(data: dict, pos) -> str:
    """The number with the edition's year (the issue date's for a 发布稿, else the draft date's): added
    when it has none, checked when it has one."""
    number, stage = _str(data["number"]), _str(data["stage"])
    year = (_str(data["issue_date"]) if stage == "发布稿" else _str(data["draft_date"]))[:4]
    if "—" not in number:
        return f"{number}—{year}"
    if not number.endswith(("—" + year, "—XXXX")):
        raise StdkitError(
            [
                Problem(
                    file=REL,
                    line=locate(pos, ("number",))[0],
                    column=1,
                    path="number",
                    code="std-metadata",
                    message=f"标准编号“{number}”的年份与{'发布日期' if stage == '发布稿' else '本稿日期'}的年份{year}不一致。",
                    hint="编号可以不写年份（如 DB42/T XXXX），年份取自本稿日期（发布稿取发布日期）。",
                )
            ]
        )
    return number


# The required keys whose value is one text.
TEXTS = tuple(key for key in REQUIRED if key not in ("number", "drafting_units", "drafters"))


def _metadata(data: dict, number: str) -> Metadata:
    texts: dict[str, Any] = {key: _str(data[key]) for key in TEXTS}
    return Metadata(
        number=number,
        **texts,
        drafting_units=list(data["drafting_units"]),
        drafters=list(data["drafters"]),
        first_edition=bool(data.get("first_edition", True)),
        replaces=_str(data.get("replaces")),
        plan={k: _str(v) for k, v in (data.get("plan") or {}).items()},
        working_group=[
            {"unit": _str(g["unit"]), "members": [_str(m) for m in g["members"]], "work": _str(g["work"])}
            for g in data.get("working_group") or []
        ],
        stages={k: _str(v) for k, v in (data.get("stages") or {}).items()},
        contacts={k: _str((data.get("contacts") or {}).get(k)) or PENDING for k in CONTACT_KEYS},
    )


def _check_stages(stages, bad) -> None:
    """stages: the date each stage was completed, e.g. {征求意见稿: "2024-06-28", 送审稿: "2024-09-10"}."""
    if stages is None:
        return
    if not isinstance(stages, dict) or any(
        k not in STAGES or not DATE_RE.match(_str(v)) for k, v in stages.items()
    ):
        bad(
            "stages",
            "各稿日期 stages 应为“阶段: 日期”的映射。",
            f'阶段为 {"、".join(STAGES)} 之一，日期形如 "2024-06-28"；由 stdkit stage next 记录。',
        )


def _check_plan(data: dict, bad) -> None:
    """plan: a mapping of texts (date, issuer, name, title required); working_group: unit, members, work."""
    plan = data.get("plan")
    if plan is not None:
        if not isinstance(plan, dict) or any(k not in PLAN_KEYS for k in plan):
            bad(
                "plan",
                "任务来源 plan 应写 date、issuer、name、title（可加 item 项目编号、number 计划文号）。",
                "见 standard/README.md。",
            )
        elif any(not isinstance(plan.get(k), str) or not plan.get(k) for k in PLAN_KEYS[:4]):
            bad("plan", "任务来源 plan 缺少 date、issuer、name 或 title，或其值不是文字。")
    group = data.get("working_group")
    if group is not None:
        ok = isinstance(group, list) and all(
            isinstance(g, dict)
            and set(g) == set(GROUP_KEYS)
            and isinstance(g["unit"], str)
            and isinstance(g["work"], str)
            and isinstance(g["members"], list)
            and all(isinstance(m, str) for m in g["members"])
            for g in group
        )
        if not ok:
            bad(
                "working_group",
                "工作组 working_group 应为列表，每项写 unit（单位）、members（成员列表）、work（分工）。",
            )

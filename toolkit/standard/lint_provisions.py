"""Lint rules over the provisions as a whole (the rest of `stdkit lint` is linter.py): every 应 provision
has a verification binding and every binding a provision (standard/requirements.yaml, the source of the
核查方法 annex); one negative form of 应 (不应, not 不得 beside it); no space before closing punctuation;
the terms a provision relies on defined in chapter 3."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..core.errors import Problem
from ..core.folder import Folder
from .markup import ID_AT_END, problem
from .model import Requirement, Standard
from .verification import BINDINGS, read_methods

_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")
_SPACE_PUNCT = re.compile(r"[ \t\u3000]+(?=[。，；：、！？）》”’])")
_BUDE = re.compile(r"不得")
_BUYING = re.compile(r"不应(?!当)")
# Concepts a provision of this kind of standard relies on without saying who or what they are: each must
# be a term of chapter 3 (or of a normatively referenced standard, then listed in `borrowed`).
CONCEPTS = ("政务服务主管部门", "实施部门", "站所", "综合窗口", "一事联办", "收件端前移", "审批权限下放")


def bindings(folder: Folder, requirements: list[Requirement]) -> Iterator[Problem]:
    """A binding to no provision (located in requirements.yaml); a 应 provision with no binding (located
    at the provision)."""
    if not folder.has(BINDINGS):
        return
    methods = read_methods(folder)
    known = {r.id: r for r in requirements}
    for rid, m in methods.items():
        if rid not in known:
            close = [k for k in known if k.split("-")[0] == rid.split("-")[0]][:3]
            yield problem(
                BINDINGS,
                m.line,
                "std-binding-unknown",
                f"核查方式绑定的条款“{rid}”在标准中不存在（条款已删除或改了编号）。",
                ("相近的条款编号：" + "、".join(close) + "。")
                if close
                else "删去这条绑定，或改为现有条款的编号。",
            )
    for r in requirements:
        if r.level == "应" and r.id not in methods:
            yield problem(
                r.file,
                r.line,
                "std-binding-missing",
                f"“应”类条款“{r.id}”在 {BINDINGS} 中没有核查方式，核查方法附录中这一行将显示“待补充”。",
                f"在 {BINDINGS} 的 bindings 中写：{r.id}: {{manual: 需查看的证据}}。",
            )


def negatives(std: Standard) -> Iterator[Problem]:
    """不得 where the text elsewhere says 不应: GB/T 1.1 gives both, a standard uses one."""
    reqs = std.requirements
    if not any(_BUYING.search(r.text) for r in reqs):
        return
    for r in reqs:
        if _BUDE.search(r.text):
            yield problem(
                r.file,
                r.line,
                "std-negative-form",
                "条款用了“不得”，本文件其他条款用“不应”表示禁止。",
                "全文统一用“不应”（GB/T 1.1—2020 表C.1 的首选表述）。",
            )


def spaces(rel: str, lines: list[str], start: int) -> Iterator[Problem]:
    """A space before closing punctuation (a markup id at the end of the line left aside)."""
    for n in range(start, len(lines)):
        text = ID_AT_END.sub("", _JINJA.sub("x", lines[n]))
        if m := _SPACE_PUNCT.search(text):
            yield problem(
                rel,
                n + 1,
                "std-space-punct",
                f"“{text[m.end()]}”前有空格。",
                "中文标点前不留空格；行末的 {#编号} 前可以有一个空格。",
                column=m.start() + 1,
            )


def undefined(std: Standard, borrowed: frozenset[str] = frozenset()) -> Iterator[Problem]:
    """A concept of CONCEPTS used in a provision without being a term of chapter 3."""
    terms = {c.title for p in std.parts if p.role == "terms" for c in p.clause.walk()} | borrowed
    for word in CONCEPTS:
        if word in terms:
            continue
        first = next((r for r in std.requirements if word in r.text), None)
        if first is not None:
            yield problem(
                first.file,
                first.line,
                "std-undefined-term",
                f"条款用到“{word}”，但第3章没有界定这个术语。",
                "在术语和定义中界定它，或改用已界定的术语。",
            )

"""Orders a clerk looks things up by: pinyin (拼音索引, with the initial letter) and the thematic index from
the items' 检索关键词 (or their names' subjects). Polyphonic characters take pypinyin's reading in context (重庆 → chong)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from pypinyin import Style, lazy_pinyin

from ..core.models import ServiceItem
from ..core.project import Project


@cache
def pinyin_key(text: str) -> tuple[str, ...]:
    return tuple(lazy_pinyin(text, style=Style.TONE3, errors="default"))


def initial(text: str) -> str:
    first = pinyin_key(text)[0][:1].upper() if text else "#"
    return first if "A" <= first <= "Z" else "#"


def by_pinyin(items: Iterable[ServiceItem]) -> list[ServiceItem]:
    return sorted(items, key=lambda i: (pinyin_key(i.name), i.id))


def index_labels(project: Project) -> dict[str, str]:
    """item id -> the name an index shows: the item's name, with its department's short name when several
    items share that name (a clerk must tell them apart)."""
    counts: dict[str, int] = {}
    for item in project.items.values():
        counts[item.name] = counts.get(item.name, 0) + 1
    return {
        i.id: i.name if counts[i.name] == 1 else f"{i.name}（{project.department_of(i).short_name}）"
        for i in project.items.values()
    }


# Words that name what is done rather than what it is done to: stripped from the end of an item's name to
# find its subject (不动产注销登记 → 不动产), under which an item without 检索关键词 is indexed.
ACTIONS = (
    "登记", "许可", "核发", "审批", "审核", "审查", "备案", "确认", "申请", "申领", "办理", "注销", "变更", "延续",
    "补发", "换发", "补办", "首次", "转移", "更正", "解除", "认定", "核准", "证明", "开具", "发放", "给付",
    "设置", "设立", "新办", "预告", "查封", "异议", "鉴定", "检查", "检验", "年检", "报名", "受理", "服务",
    "查询", "核查", "核定", "审定", "批准", "报装", "开户", "增容", "新装", "迁移", "迁入", "迁出", "认领",
)  # fmt: skip
SUBJECT_CUT = re.compile(r"[（(].*$|[及和与、，].*$")


def subject(name: str) -> str:
    """The thing an item's name is about: the name up to its first 及/和/、 or bracket, its trailing action
    words taken off (the name itself when nothing of two characters is left)."""
    word = SUBJECT_CUT.sub("", name)
    changed = True
    while changed:
        changed = False
        for action in ACTIONS:
            if word.endswith(action) and len(word) - len(action) >= 2:
                word, changed = word[: -len(action)], True
    return word if len(word) >= 2 else name


def index_words(project: Project) -> list[tuple[str, list[str]]]:
    """The thematic index over every item: (word, item ids) by the word's pinyin, items under a word by
    the pinyin of their names; an item is listed under its 检索关键词, or under its name's subject when it
    has none."""
    index: dict[str, list[ServiceItem]] = {}
    for item in project.items.values():
        for word in dict.fromkeys(item.keywords or [subject(item.name)]):
            index.setdefault(word, []).append(item)
    return [
        (word, [i.id for i in by_pinyin(items)])
        for word, items in sorted(index.items(), key=lambda kv: (pinyin_key(kv[0]), kv[0]))
    ]

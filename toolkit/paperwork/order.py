"""Orders a clerk looks things up by: pinyin (拼音索引, with the initial letter) and the thematic index from
the items' 检索关键词. Polyphonic characters take pypinyin's reading in context (重庆 → chong)."""

from __future__ import annotations

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


def keyword_index(project: Project) -> list[tuple[str, list[str]]]:
    """(keyword, item ids) sorted by the keyword's pinyin; items under a keyword by pinyin of their name."""
    index: dict[str, list[ServiceItem]] = {}
    for item in project.items.values():
        for word in dict.fromkeys(item.keywords):
            index.setdefault(word, []).append(item)
    return [
        (word, [i.id for i in by_pinyin(items)])
        for word, items in sorted(index.items(), key=lambda kv: (pinyin_key(kv[0]), kv[0]))
    ]


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

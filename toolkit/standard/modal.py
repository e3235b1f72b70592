"""Modal verbs of GB/T 1.1 (应/宜/可 and their negatives) with the usual false hits masked out."""

from __future__ import annotations

import re

# Words that contain 应/宜/可 without being a modal verb of a provision.
FALSE_HITS = (
    "应急",
    "应用",
    "相应",
    "适应",
    "响应",
    "供应",
    "对应",
    "反应",
    "回应",
    "应届",
    "效应",
    "感应",
    "答应",
    "便宜",
    "事宜",
    "适宜",
    "宜昌",
    "宜都",
    "宜城",
    "可能",
    "可以",
    "许可",
    "认可",
    "可靠",
    "可行",
    "可视",
    "可信",
    "可查",
    "可复制",
    "可持续",
    "可追溯",
    "可及",
    "可办",
    "可网办",
    "即可",
    "不可网办",
    "可选",
)
_MASK = re.compile("|".join(sorted(map(re.escape, FALSE_HITS), key=len, reverse=True)))
# The modal verbs of each provision type, negatives included; where one verb
# contains another, the longer comes first (应当 before 应), so the regex takes the whole verb.
VERBS = {"应": ("不应", "不得", "应当", "应"), "宜": ("不宜", "宜"), "可": ("不必", "可")}
LEVEL_OF = {verb: level for level, verbs in VERBS.items() for verb in verbs}
_MODAL = re.compile("|".join(LEVEL_OF))
LEVELS = ("应", "宜", "可", "陈述")


def masked(text: str) -> str:
    return _MASK.sub(lambda m: "□" * len(m.group()), text)


def modal_hits(text: str) -> list[tuple[int, str]]:
    """(offset, verb) of every modal verb in the text."""
    return [(m.start(), m.group()) for m in _MODAL.finditer(masked(text))]


def level_of(text: str) -> str:
    """The strongest provision type in a sentence: 应 > 宜 > 可 > 陈述."""
    found = {LEVEL_OF[v] for _, v in modal_hits(text)}
    for level in LEVELS[:3]:
        if level in found:
            return level
    return "陈述"

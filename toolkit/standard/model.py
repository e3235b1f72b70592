"""The parsed standard: clauses, blocks (paragraphs, lists, notes, tables, figures, terms) and requirements."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import NamedTuple

# A resolved cross-reference inside a text: REF_OPEN id REF_MID label REF_CLOSE (private-use characters
# that never occur in the sources). Writers render it live (DOCX REF field, web link); plain() for the rest.
REF_OPEN, REF_MID, REF_CLOSE = "\ue000", "\ue001", "\ue002"
_ENCODED = re.compile(f"{REF_OPEN}([^{REF_MID}]*){REF_MID}([^{REF_CLOSE}]*){REF_CLOSE}")


def encode_ref(ident: str, label: str) -> str:
    return f"{REF_OPEN}{ident}{REF_MID}{label}{REF_CLOSE}"


def plain(text: str) -> str:
    """The text with every cross-reference as its label ("见5.2")."""
    return _ENCODED.sub(lambda m: m.group(2), text)


def segments(text: str) -> list[tuple[str, str | None]]:
    """[(text, None) | (label, target id)] in order."""
    out: list[tuple[str, str | None]] = []
    pos = 0
    for m in _ENCODED.finditer(text):
        if m.start() > pos:
            out.append((text[pos : m.start()], None))
        out.append((m.group(2), m.group(1)))
        pos = m.end()
    if pos < len(text):
        out.append((text[pos:], None))
    return out


def bookmark_name(anchor: str) -> str:
    """A Word bookmark name (letters, digits, "_"; ≤ 40 characters) for an id, or for "=5.2" (a clause
    without an id). Ids map one-to-one ("s_" prefix); long ones keep a hash of the whole id."""
    name = (
        ("x_" + anchor[1:].replace(".", "_")) if anchor.startswith("=") else "s_" + anchor.replace("-", "_")
    )
    if len(name) > 40:
        name = name[:31] + "_" + hashlib.sha1(anchor.encode()).hexdigest()[:8]
    return name


def anchor_key(clause, kind: str) -> str:
    """The id under which a heading is bookmarked/anchored: its own id, else "=" + its number (or kind)."""
    return clause.id or "=" + (clause.number or kind)


@dataclass(frozen=True)
class Target:
    """What a [[ref:id]] points to. `anchor`: the id (or "=number") of the element that carries the number
    (a provision's clause); `number`: what a DOCX REF field shows — Word's list number of a heading when
    `numbered` ("5" in "第5章"), else the bookmarked text ("表1", "前言")."""

    label: str
    page: str
    anchor: str
    number: str
    numbered: bool

    @property
    def around(self) -> tuple[str, str]:
        """The label's text before and after the field: ("第", "章") for a chapter."""
        before, _, after = self.label.partition(self.number)
        return before, after


class Item(NamedTuple):
    """One list entry: depth 1 or 2 ("  - "), its text, its source line and its mark (see item_mark)."""

    depth: int
    text: str
    line: int
    mark: str = ""


@dataclass
class Block:
    """One element of a clause's content.

    kind: para | note | example | table | figure | listonly
    items: list entries (kinds para and listonly)
    rows: table rows (first row is the header) for kind == table
    label: "注：", "注1：", "示例2：" … for kind note | example
    """

    kind: str
    text: str
    file: str
    line: int
    id: str | None = None
    level: str | None = None  # 应 | 宜 | 可 | 陈述 for paragraphs
    items: list[Item] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    source: str = ""  # generator name (table) or flow id (figure)
    number: str = ""  # "表1", "图A.1"
    label: str = ""  # note | example: "注：", "注1：", "示例："
    image: object = None  # figure: PNG bytes, filled by the builder


@dataclass
class Clause:
    id: str | None
    title: str
    depth: int  # 1 = chapter or annex, 2 = x.y …
    file: str
    line: int
    number: str = ""
    english: str = ""  # terms: the English equivalent
    admitted: tuple[str, ...] = ()  # terms: 许用术语 (written "## 首选术语；许用术语 | english")
    runs_in: bool = False  # untitled sub-clause: its first paragraph follows the number on the same line
    blocks: list[Block] = field(default_factory=list)
    children: list[Clause] = field(default_factory=list)

    def walk(self):
        yield self
        for c in self.children:
            yield from c.walk()


@dataclass
class Part:
    """One source file: the foreword, a chapter, an annex or the bibliography."""

    kind: str  # foreword | chapter | annex | bibliography
    role: str  # scope | normrefs | terms | general | body (chapters)
    clause: Clause
    file: str
    annex_kind: str = ""  # 规范性 | 资料性
    letter: str = ""  # annex letter
    refs: list = field(default_factory=list)  # markup.RefUse: every [[ref:…]] with its line and column
    listed: list = field(default_factory=list)  # normrefs: (entry, text) of the 规范性引用文件 chapter
    cited: list = field(default_factory=list)  # normrefs.Mention: standards cited in provisions

    @property
    def title(self) -> str:
        return self.clause.title

    @property
    def label(self) -> str:
        if self.kind == "annex":
            return f"附录{self.letter}"
        if self.kind == "chapter":
            return self.clause.number
        return ""

    @property
    def nature(self) -> str:
        """An annex's nature as printed under its label: "（规范性）" or "（资料性）"."""
        return f"（{self.annex_kind}）" if self.kind == "annex" else ""

    @property
    def informative(self) -> bool:
        return self.kind == "annex" and self.annex_kind == "资料性"


@dataclass
class Requirement:
    id: str
    clause: str
    chapter: str
    level: str
    text: str
    file: str
    line: int


@dataclass
class Standard:
    parts: list[Part]
    targets: dict[str, str]  # id -> rendered reference label ("5.2", "表A.1", "附录B")
    pages: dict[str, str]  # id -> the part's file stem (for web links)
    requirements: list[Requirement]
    anchors: dict[str, Target] = field(default_factory=dict)  # id -> where a live reference points
    normrefs: list[str] = field(default_factory=list)  # the listed normative references that are cited

    def of_kind(self, kind: str) -> list[Part]:
        return [p for p in self.parts if p.kind == kind]

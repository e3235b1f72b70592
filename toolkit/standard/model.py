"""The parsed standard: clauses, blocks (paragraphs, lists, notes, tables, figures, terms) and requirements."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Block:
    """One element of a clause's content.

    kind: para | note | example | table | figure | listonly
    items: list entries [(depth, text, line)] (depth 1 = "——", 2 = "·")
    rows: table rows (first row is the header) for kind == table
    """

    kind: str
    text: str
    file: str
    line: int
    id: str | None = None
    level: str | None = None  # 应 | 宜 | 可 | 陈述 for paragraphs
    items: list[tuple[int, str, int]] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    source: str = ""  # generator name (table) or flow id (figure)
    number: str = ""  # "表1", "图A.1"
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

    def of_kind(self, kind: str) -> list[Part]:
        return [p for p in self.parts if p.kind == kind]

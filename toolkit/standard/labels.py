"""The GB/T 1.1—2020 labels and marks of a clause's content, computed once by the parser (source.py) and
only printed by the writers (docx_writer, md_writer): 注/示例 numbering, list marks ("——", "·", "[1]" in
the 参考文献), the run-in first paragraph of an untitled sub-clause, and a table's printed rows."""

from __future__ import annotations

from .model import Clause, Part

GAP = "\u3000"  # between a number or label and its title: "5.2　标题", "表1　标题", "[1]　文献"
DASH, DOT = "——", "·"  # list marks: first level, second level
ASIDES = (("note", "注"), ("example", "示例"))


def list_mark(depth: int) -> str:
    """The mark of a list entry at `depth` (1: "——", deeper: "·")."""
    return DASH if depth == 1 else DOT


def item_mark(part: Part, depth: int, n: int) -> str:
    """The mark printed before the n-th entry of a list: "[n]　" in the 参考文献, none in the 规范性引用文件
    chapter, "——" / "·" elsewhere."""
    if part.kind == "bibliography":
        return f"[{n}]{GAP}"
    if part.role == "normrefs":
        return ""
    return list_mark(depth)


def rectangular(rows: list[list[str]]) -> list[list[str]]:
    """A table's rows as printed: at least a header row ("—" when empty), every row as wide as the widest."""
    rows = rows or [["—"]]
    width = max(len(r) for r in rows)
    return [r + [""] * (width - len(r)) for r in rows]


def label_clause(part: Part, clause: Clause) -> None:
    """Number a clause's notes and examples ("注：" when it has one, else "注1：", "注2：" …; "示例" alike)
    and mark an untitled sub-clause whose first paragraph follows its number (never a term)."""
    for kind, word in ASIDES:
        same = [b for b in clause.blocks if b.kind == kind]
        for n, b in enumerate(same, 1):
            b.label = f"{word}{n if len(same) > 1 else ''}："
    clause.runs_in = (
        clause is not part.clause
        and part.role != "terms"
        and not clause.title
        and bool(clause.blocks)
        and clause.blocks[0].kind == "para"
    )

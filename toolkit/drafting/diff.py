"""`stdkit diff OLD NEW`: the changes between two drafts by provision (the paragraphs with an {#id}):
added, removed, changed (changed characters marked), renumbered only, and modal-verb changes (应 → 宜 …),
which change what a county must do. Ids make this exact: a moved clause is not removed + added."""

from __future__ import annotations

import difflib
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ..core import gitread
from ..standard import load_standard
from ..standard.labels import list_mark
from ..standard.metadata import Metadata, load_metadata
from ..standard.modal import level_of, modal_hits
from ..standard.model import Standard, plain
from .store import all_comments, load_batches

STRENGTH = {"应": 3, "宜": 2, "可": 1, "陈述": 0}
DIFF_HINT = "OLD 和 NEW 可以是文件夹（含 standard/），或 git 版本（如 HEAD~1、提交号、标签）。"


@dataclass(frozen=True)
class Provision:
    id: str
    number: str  # the clause's number ("5.2.1", "A.1") or the part's title (前言)
    clause: str  # id of the nearest enclosing clause with an id ("" if none)
    level: str
    text: str
    row: bool = False  # a table row (id "table-id:first cell"), not a paragraph


@dataclass
class Change:
    kind: str  # added | removed | changed | renumbered
    id: str
    old: Provision | None
    new: Provision | None
    modal: str = ""  # "应 → 宜" when the modal verbs differ
    notes: list[str] = field(default_factory=list)  # 修改说明 from comments

    @property
    def weakened(self) -> bool:
        return bool(self.old and self.new and STRENGTH[self.new.level] < STRENGTH[self.old.level])


def _collect(clause, owner: str, title: str, out: dict[str, Provision]) -> None:
    """Every text of a clause: its heading (a term's with its English), identified provisions, and the
    paragraphs, notes, examples and lists without an id (a term's definition, the foreword, the
    bibliography), those keyed by their place in the clause; table captions and written tables' rows."""
    owner = clause.id or owner
    place = clause.id or f"{title}{clause.number}"
    number = clause.number or title
    if clause.title and clause.depth > 1:
        heading = "；".join((clause.title, *clause.admitted)) + (
            f"（{clause.english}）" if clause.english else ""
        )
        out[f"{place}:title"] = Provision(f"{place}:title", number, owner, "陈述", f"〔标题〕{heading}")
    seen: dict[str, int] = {}
    for b in clause.blocks:
        text = plain(b.label + b.text + "".join(list_mark(it.depth) + it.text for it in b.items))
        if b.kind in ("para", "listonly") and b.id:
            out[b.id] = Provision(b.id, number, owner, b.level or "陈述", text)
            continue
        if b.kind in ("table", "figure"):
            if b.id:
                out[f"{b.id}:caption"] = Provision(
                    f"{b.id}:caption", b.number, b.id, "陈述", f"〔{b.number}题〕{plain(b.text)}"
                )
            if b.kind == "table" and b.id and not b.source:  # generated tables hold county data, not text
                _rows(b, out)
            continue
        seen[b.kind] = seen.get(b.kind, 0) + 1
        ident = f"{place}:{b.kind}{seen[b.kind]}"
        out[ident] = Provision(ident, number, owner, level_of(text) if b.kind == "para" else "陈述", text)
    for child in clause.children:
        _collect(child, owner, title, out)


def _rows(table, out: dict[str, Provision]) -> None:
    """A written table's body rows, keyed by their first cell; text "header：cell；…" shows which column
    changed. Comments on the table (its id) explain its rows' changes."""
    head, *body = table.rows or [[]]
    seen: dict[str, int] = {}
    for cells in body:
        key = plain(cells[0]) if cells else ""
        seen[key] = seen.get(key, 0) + 1
        key = key if seen[key] == 1 else f"{key}#{seen[key]}"
        pairs = zip(head, cells, strict=False)
        text = "；".join(f"{plain(h)}：{plain(c)}" for h, c in pairs)
        ident = f"{table.id}:{key}"
        out[ident] = Provision(ident, f"{table.number}“{key}”行", table.id, level_of(text), text, row=True)


def provisions(std: Standard) -> dict[str, Provision]:
    """Every identified paragraph (list items joined) and every row of a written table, in document
    order."""
    out: dict[str, Provision] = {}
    for part in std.parts:
        _collect(part.clause, "", part.title, out)
    return out


def _verbs(text: str) -> list[str]:
    return [v for _, v in modal_hits(text)]


def compare(old: dict[str, Provision], new: dict[str, Provision]) -> list[Change]:
    """The changes, in the new draft's order, removed provisions after the ones they followed."""
    out: list[Change] = []
    for ident, p in new.items():
        q = old.get(ident)
        if q is None:
            out.append(Change("added", ident, None, p))
            continue
        if q.text != p.text:
            a, b = _verbs(q.text), _verbs(p.text)
            modal = f"{'、'.join(a) or '（无）'} → {'、'.join(b) or '（无）'}" if a != b else ""
            out.append(Change("changed", ident, q, p, modal))
        elif q.number != p.number:
            out.append(Change("renumbered", ident, q, p))
    out.extend(Change("removed", ident, q, None) for ident, q in old.items() if ident not in new)
    return out


def marked(old: str, new: str) -> list[tuple[str, str]]:
    """(op, text) runs: op is "=" (same), "-" (only in old), "+" (only in new)."""
    sm = difflib.SequenceMatcher(None, old, new, autojunk=False)
    runs: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            runs.append(("=", old[i1:i2]))
            continue
        if i2 > i1:
            runs.append(("-", old[i1:i2]))
        if j2 > j1:
            runs.append(("+", new[j1:j2]))
    return runs


@contextmanager
def revision_root(rev: str, repo: Path, hint: str = DIFF_HINT) -> Iterator[Path]:
    """A fresh folder holding standard/ of git revision `rev` of `repo`, read as data through
    core/gitread.py (nothing from the repository runs). Only a revision, never a path on disk: what a
    round record says its draft was is data from the folder, and must not name another folder."""
    with tempfile.TemporaryDirectory(prefix="stdkit-draft-") as tmp:
        gitread.export(repo, rev, "standard", Path(tmp), hint)
        yield Path(tmp)


@contextmanager
def draft_root(source: str, repo: Path, hint: str = DIFF_HINT) -> Iterator[Path]:
    """A folder holding standard/ for a draft the user named on the command line: the folder itself, or
    a git revision of `repo` (revision_root); `hint` tells the user what `source` may be when it is
    neither."""
    path = Path(source)
    if (path / "standard").is_dir():
        yield path
        return
    with revision_root(source, repo, hint) as root:
        yield root


def compare_roots(a: Path, b: Path) -> tuple[list[Change], Metadata, Metadata]:
    """The changes from the standard in folder `a` to the one in `b`, and both drafts' metadata."""
    before = provisions(load_standard(a, None, strict=False))
    after = provisions(load_standard(b, None, strict=False))
    changes = compare(before, after)
    attach_comments(changes, b)
    return changes, load_metadata(a), load_metadata(b)


def diff(old: str, new: str, repo: Path) -> tuple[list[Change], Metadata, Metadata]:
    """The changes from OLD to NEW (each a folder or a git revision), and both drafts' metadata."""

    with draft_root(old, repo) as a, draft_root(new, repo) as b:
        return compare_roots(a, b)


def attach_comments(changes: list[Change], root: Path) -> None:
    """修改说明: the accepted (or partly accepted) comments on the clause of each changed provision."""

    found = all_comments(load_batches(root))
    for ch in changes:
        if ch.kind == "renumbered":  # only the number moved: no comment caused it
            continue
        clauses = {p.clause for p in (ch.old, ch.new) if p is not None and p.clause} | {ch.id}
        for _, _, c in found:
            if c.clause in clauses and c.decision in ("采纳", "部分采纳"):
                ch.notes.append(f"根据{c.unit}的意见（{c.decision}）：{c.text}")

"""The 核查方法 annex: every 应/宜 provision with how it is verified, generated from the bindings in
standard/requirements.yaml (the same file `stdkit check` reads), so the promise of clause 1 is kept in the
text itself. Read leniently here (the conformance side validates check names); a binding to a missing
provision and a 应 provision without one are the linter's."""

from __future__ import annotations

from dataclasses import dataclass

from ..core.errors import StdkitError
from ..core.folder import Folder
from ..core.yamlio import decode, parse_text
from .markup import REF
from .model import Requirement

BINDINGS = "standard/requirements.yaml"
TABLE = "verification"  # !table{… gen=verification}
LEVELS = ("应", "宜")
PENDING_METHOD = "待补充"


@dataclass(frozen=True)
class Method:
    manual: str | None
    checks: tuple[str, ...]
    basis: str | None
    line: int


def read_methods(folder: Folder) -> dict[str, Method]:
    """Provision id → its binding (manual evidence, automated checks, basis); {} when the file is absent
    or unreadable (its own problems are reported where it is validated)."""
    if not folder.has(BINDINGS):
        return {}
    try:
        data, positions = parse_text(decode(folder.read(BINDINGS), BINDINGS), BINDINGS)
    except StdkitError:
        return {}
    table = data.get("bindings") if isinstance(data, dict) else None
    if not isinstance(table, dict):
        return {}
    out = {}
    for rid, entry in table.items():
        entry = entry if isinstance(entry, dict) else {}
        checks = entry.get("checks") or []
        out[str(rid)] = Method(
            str(entry["manual"]) if entry.get("manual") else None,
            tuple(checks) if isinstance(checks, list) else (str(checks),),
            str(entry["basis"]) if entry.get("basis") else None,
            positions.get(("bindings", rid), (1, 1))[0],
        )
    return out


def excerpt(text: str, limit: int = 24) -> str:
    """The provision's opening words, to tell apart provisions of one clause (a [[ref:…]] kept whole)."""
    head = text
    for mark in "；。：":
        head = head.split(mark)[0]
    if len(head) <= limit:
        return head
    cut = limit
    for m in REF.finditer(head):
        if m.start() < cut < m.end():
            cut = m.end()
    return head[:cut] + ("……" if cut < len(head) else "")


def rows(requirements: list[Requirement], methods: dict[str, Method]) -> list[list[str]]:
    """Table rows: 条款 | 要求（摘要） | 类型 | 核查方法和证据 | 数据核对, one per 应/宜 provision in order."""
    out = [["条款", "要求（摘要）", "类型", "核查方法和证据", "数据核对"]]
    for r in requirements:
        if r.level not in LEVELS:
            continue
        m = methods.get(r.id)
        method = m.manual if m and m.manual else ("按数据核对" if m and m.checks else PENDING_METHOD)
        out.append([f"[[ref:{r.id}]]", excerpt(r.text), r.level, method, "是" if m and m.checks else "否"])
    return out

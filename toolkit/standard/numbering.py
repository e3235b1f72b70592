"""The parsed parts numbered and labelled in order: chapters 1…n, annexes A, B …, clauses 5.1 …, tables and
figures (through the chapters, separately in each annex), notes and list marks (labels.py); every id
claimed once as a cross-reference target, every [[ref:id]] resolved, and the requirements listed."""

from __future__ import annotations

from pathlib import Path

from ..core.errors import Problem, StdkitError
from . import normrefs, verification
from .labels import label_clause, rectangular
from .markup import ID_RE, REF, problem, unknown_refs
from .modal import level_of
from .model import Block, Clause, Part, Requirement, Standard, Target, anchor_key, encode_ref, plain


class _Targets:
    """Every id with what a reference to it reads ("5.2", "表A.1"), its page and its live target; an id
    is claimed once in the whole standard."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        self.labels: dict[str, str] = {}
        self.pages: dict[str, str] = {}
        self.anchors: dict[str, Target] = {}
        self.at: dict[str, tuple[str, int]] = {}

    def claim(
        self,
        ident: str | None,
        label: str,
        file: str,
        line: int,
        page: str,
        *,
        anchor: str | None = None,
        number: str | None = None,
        numbered: bool = False,
    ) -> None:
        if ident is None:
            return
        if not ID_RE.match(ident):
            if line == 1:  # front matter id (ids in the text are checked by markup.scan, with a column)
                self.problems.append(
                    problem(file, line, "std-id", f"编号“{ident}”不合规：只能用小写字母、数字和连字符。")
                )
            return
        if ident in self.at:
            f0, l0 = self.at[ident]
            self.problems.append(
                problem(
                    file,
                    line,
                    "std-duplicate-id",
                    f"编号“{ident}”重复（已在 {f0}:{l0} 使用）。",
                    "每个编号在整个标准中只能使用一次。",
                )
            )
            return
        self.at[ident] = (file, line)
        self.labels[ident] = label
        self.pages[ident] = page
        self.anchors[ident] = Target(label, page, anchor or ident, number or label, numbered)

    def resolve(self, text: str) -> str:
        """[[ref:id]] → an encoded live reference (unknown ids were reported with their column before)."""
        return REF.sub(
            lambda m: (
                encode_ref(m.group(1), self.labels[m.group(1)]) if m.group(1) in self.labels else m.group()
            ),
            text,
        )


class _Numbering:
    """Numbers the parts in order and claims their ids. `tables(gen) -> rows|None` fills generated tables;
    `flows(spec) -> [(flow_id, title)]|None` expands !figures and knows the flows; unknown names are
    located problems."""

    def __init__(self, targets: _Targets, problems: list[Problem], tables, flows):
        self.targets, self.problems, self.tables, self.flows = targets, problems, tables, flows
        self.chapters = self.annexes = 0
        self.body = {"table": 0, "figure": 0}  # tables and figures run on through the chapters
        self.terms: dict[str, tuple[str, int]] = {}
        self.deferred: list[Block] = []

    def part(self, part: Part) -> None:
        page = Path(part.file).stem
        self.head(part, page)
        _number(part.clause, part.clause.number)
        counters = self.body if part.kind == "chapter" else {"table": 0, "figure": 0}
        for clause in part.clause.walk():
            if clause is not part.clause:
                self.clause(part, clause, page)
            clause.blocks = self.expand(clause.blocks)
            label_clause(part, clause)
            for b in clause.blocks:
                self.block(part, b, counters, page)

    def head(self, part: Part, page: str) -> None:
        """A chapter's number, an annex's letter; the id of the part's title."""
        top = part.clause
        if part.kind == "chapter":
            self.chapters += 1
            top.number = str(self.chapters)
            self.targets.claim(
                top.id, f"第{top.number}章", part.file, 1, page, number=top.number, numbered=True
            )
        elif part.kind == "annex":
            part.letter = top.number = chr(ord("A") + self.annexes)
            self.annexes += 1
            self.targets.claim(top.id, f"附录{part.letter}", part.file, 1, page, numbered=True)
        else:
            self.targets.claim(top.id, part.title, part.file, 1, page)

    def clause(self, part: Part, clause: Clause, page: str) -> None:
        """A sub-clause's id; a term is defined once in the whole standard."""
        self.targets.claim(clause.id, clause.number, clause.file, clause.line, page, numbered=True)
        if part.role != "terms":
            return
        if clause.title in self.terms:
            f0, l0 = self.terms[clause.title]
            self.problems.append(
                problem(
                    clause.file,
                    clause.line,
                    "std-duplicate-term",
                    f"术语“{clause.title}”重复定义（已在 {f0}:{l0} 定义）。",
                    "每个术语只能定义一次。",
                )
            )
        self.terms.setdefault(clause.title, (clause.file, clause.line))

    def expand(self, blocks: list[Block]) -> list[Block]:
        """`!figures{flows=…}` as one figure per flow of the set."""
        out: list[Block] = []
        for b in blocks:
            if b.kind != "figures":
                out.append(b)
                continue
            found = self.flows(b.source) if self.flows else []
            if found is None:
                self.problems.append(
                    problem(
                        b.file,
                        b.line,
                        "std-figures",
                        f"未知的流程图集合“{b.source}”。",
                        "可用 flows=templates（全部流程模板）或 flows=all。",
                    )
                )
                found = []
            out += [Block("figure", title, b.file, b.line, f"fig-{fid}", source=fid) for fid, title in found]
        return out

    def block(self, part: Part, b: Block, counters: dict[str, int], page: str) -> None:
        """A table's or figure's number ("表1", "图A.2") and id; a provision's level (应/宜/可/陈述)."""
        if b.kind == "table":
            self.table_rows(b)
        elif b.kind == "figure":
            self.known_flow(b)
        else:
            if b.kind in ("para", "listonly"):
                b.level = level_of(b.text + "".join(it.text for it in b.items))
            return
        counters[b.kind] += 1
        prefix = f"{part.letter}." if part.kind == "annex" else ""
        b.number = f"{'表' if b.kind == 'table' else '图'}{prefix}{counters[b.kind]}"
        self.targets.claim(b.id, b.number, b.file, b.line, page)

    def table_rows(self, b: Block) -> None:
        if b.source == verification.TABLE:  # filled once every provision is numbered
            self.deferred.append(b)
            return
        if b.source:
            rows = self.tables(b.source) if self.tables else [["—"]]
            if rows is None:
                self.problems.append(
                    problem(
                        b.file,
                        b.line,
                        "std-table",
                        f"未知的数据表“{b.source}”。",
                        "可用的数据表见 standard/README.md。",
                    )
                )
                rows = [["—"]]
            b.rows = rows
        b.rows = rectangular(b.rows)

    def known_flow(self, b: Block) -> None:
        if self.flows is None or not b.source or any(f == b.source for f, _ in (self.flows("all") or [])):
            return
        self.problems.append(
            problem(
                b.file,
                b.line,
                "std-figure",
                f"未知的流程“{b.source}”。",
                "flow= 应为 flowcharts/ 中的流程编号。",
            )
        )


def _number(clause: Clause, prefix: str) -> None:
    for i, child in enumerate(clause.children, 1):
        child.number = f"{prefix}.{i}"
        _number(child, child.number)


def _provision_target(part: Part, clause: Clause) -> tuple[str, str, bool]:
    """(label, what the DOCX REF field shows, numbered by Word) of a provision written in `clause`."""
    if part.kind not in ("chapter", "annex"):
        return part.title, part.title, False
    if clause is not part.clause:
        return clause.number, clause.number, True
    if part.kind == "chapter":
        return f"第{clause.number}章", clause.number, True
    return f"附录{clause.number}", f"附录{clause.number}", True


def _claim_provisions(part: Part, targets: _Targets) -> None:
    """Identified provisions: a reference to one reads as the clause it stands in."""
    for clause in part.clause.walk():
        label, number, numbered = _provision_target(part, clause)
        for b in clause.blocks:
            if b.kind in ("para", "listonly"):
                page, anchor = Path(part.file).stem, anchor_key(clause, part.kind)
                targets.claim(
                    b.id, label, b.file, b.line, page, anchor=anchor, number=number, numbered=numbered
                )


def _resolve(part: Part, targets: _Targets) -> None:
    for clause in part.clause.walk():
        clause.title = plain(targets.resolve(clause.title))
        for b in clause.blocks:
            b.text = targets.resolve(b.text)
            b.items = [it._replace(text=targets.resolve(it.text)) for it in b.items]
            b.rows = [[targets.resolve(c) for c in row] for row in b.rows]


def _requirements(parts: list[Part]) -> list[Requirement]:
    """Every identified provision of the chapters and normative annexes, its list joined into its text."""
    reqs = []
    for part in parts:
        if part.kind not in ("chapter", "annex") or part.informative:
            continue
        for clause in part.clause.walk():
            for b in clause.blocks:
                if b.kind in ("para", "listonly") and b.id:
                    text = plain(b.text)
                    for it in b.items:
                        text += ("" if not text or text[-1] in "：；。，" else "；") + plain(it.text)
                    reqs.append(
                        Requirement(b.id, clause.number, part.title, b.level or "陈述", text, b.file, b.line)
                    )
    return reqs


def number_standard(
    parts: list[Part], problems: list[Problem], *, tables=None, flows=None, methods=None
) -> Standard:
    """The standard of the parsed parts, numbered, its references resolved; StdkitError with every problem
    (those of parsing included) when there is any. `methods` (id → verification.Method) fills the
    核查方法 table."""
    targets = _Targets(problems)
    numbering = _Numbering(targets, problems, tables, flows)
    for part in parts:
        numbering.part(part)
    for b in numbering.deferred:
        b.rows = rectangular(verification.rows(_requirements(parts), methods or {}))
    for part in parts:  # after every other id: a provision's id never shadows a clause, table or figure
        _claim_provisions(part, targets)
    problems.extend(unknown_refs([u for part in parts for u in part.refs], targets.labels))
    found, cited = normrefs.reconcile(
        [e for part in parts for e in part.listed], [c for part in parts for c in part.cited]
    )
    problems.extend(found)
    for part in parts:
        _resolve(part, targets)
    if problems:
        raise StdkitError(problems)
    return Standard(parts, targets.labels, targets.pages, _requirements(parts), targets.anchors, cited)

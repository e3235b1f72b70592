"""The report's own words about the example county (sources/jianshi-report.yaml beside the report's text
sources/jianshi-report.txt): the only place Annex C and the 编制说明 take a reported figure from. Every
quote must stand verbatim in the report (a located error otherwise), and it is shown only for the county
it is about."""

from __future__ import annotations

from dataclasses import dataclass

from ..core.errors import Problem, StdkitError
from ..core.folder import Folder
from ..core.yamlio import decode, parse_text
from .markup import problem

QUOTES = "sources/jianshi-report.yaml"
TABLE = "report-quotes"  # !table{… gen=report-quotes}


@dataclass(frozen=True)
class Quote:
    key: str
    topic: str
    quote: str
    line: int


@dataclass(frozen=True)
class Evidence:
    source: dict
    quotes: tuple[Quote, ...]

    @property
    def q(self) -> dict[str, str]:
        """key → the quote (for `{{ evidence.q.townships }}`)."""
        return {x.key: x.quote for x in self.quotes}

    @property
    def cite(self) -> str:
        """How the report is named where its words are quoted."""
        return f"报道《{self.source.get('title', '')}》（{self.source.get('authors', '')}）"

    def rows(self) -> list[list[str]]:
        return [["事项", "报道原文"]] + [[x.topic, x.quote] for x in self.quotes]


def _read(folder: Folder) -> tuple[Evidence | None, list[Problem]]:
    if not folder.has(QUOTES):
        return None, []
    try:
        data, pos = parse_text(decode(folder.read(QUOTES), QUOTES), QUOTES)
    except StdkitError as exc:
        return None, exc.problems
    source = data.get("source") if isinstance(data, dict) else None
    entries = data.get("quotes") if isinstance(data, dict) else None
    if not isinstance(source, dict) or not isinstance(entries, list):
        return None, [problem(QUOTES, 1, "std-evidence", "缺少 source（报道）或 quotes（原文摘录）。")]
    text_rel = str(source.get("file", ""))
    text = decode(folder.read(text_rel), text_rel) if text_rel and folder.has(text_rel) else ""
    problems, quotes = [], []
    for i, e in enumerate(entries):
        line = pos.get(("quotes", i), (1, 1))[0]
        e = e if isinstance(e, dict) else {}
        quote = str(e.get("quote", ""))
        if not quote or quote not in text:
            problems.append(
                problem(
                    QUOTES,
                    line,
                    "std-evidence-quote",
                    f"摘录“{quote[:30]}”不是报道 {text_rel or '（未写 file）'} 中的原文。",
                    "从报道原文逐字复制（含原文的标点），不改写、不换算。",
                )
            )
            continue
        quotes.append(Quote(str(e.get("key", "")), str(e.get("topic", "")), quote, line))
    return Evidence(source, tuple(quotes)), problems


def check_evidence(folder: Folder) -> list[Problem]:
    return _read(folder)[1]


def load_evidence(folder: Folder | None, project=None) -> Evidence | None:
    """The report's quotes when they are about `project`'s county (None otherwise, or without the file)."""
    if folder is None:
        return None
    memo = folder.derived.get("evidence")
    if not isinstance(memo, tuple):
        memo = folder.derived["evidence"] = _read(folder)
    evidence = memo[0]
    if evidence is None or project is None or evidence.source.get("county") != project.county.name:
        return None
    return evidence

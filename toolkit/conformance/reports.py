"""Renderings of a conformance Report: terminal text, JSON for a province to aggregate, HTML
(self-contained, printable) — and the printable checklist of the whole standard."""

from __future__ import annotations

import json
import unicodedata
from collections import Counter
from pathlib import Path

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment

from .checks import CHECKS
from .envelope import Origin, envelope
from .registry import FAIL, STATUSES
from .runner import Report, Row, join_sentences
from .signing import Ed25519PrivateKey, sign

TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "conformance"
STANDARD_TITLE = "DB42/T《县乡村政务服务体系建设》"


def _env() -> jinja2.Environment:
    env = ImmutableSandboxedEnvironment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["check_titles"] = check_titles
    return env


def standard_title(report: Report) -> str:
    """The standard checked against, with its stage and date when known."""
    return STANDARD_TITLE + (f"（{report.edition}）" if report.edition else "")


def check_titles(names) -> str:

    return join_sentences(CHECKS[n].title for n in names if n in CHECKS)


def method_text(row: Row) -> str:
    b = row.binding
    parts = []
    if b and b.checks:
        parts.append("自动检查：" + check_titles(b.checks))
    if b and b.manual:
        parts.append("人工核查：" + b.manual)
    return "\n".join(parts) or "人工核查"


def chapters(rows: list[Row]) -> dict[str, list[Row]]:
    out: dict[str, list[Row]] = {}
    for row in rows:
        out.setdefault(row.chapter, []).append(row)
    return out


def render_json(report: Report, origin: Origin, key: Ed25519PrivateKey | None = None) -> str:
    """report.json: the report in its travelling envelope (schemas/conformance-report.schema.json), signed
    by the county when its private key is given."""
    doc = envelope(report, origin)
    return json.dumps(sign(doc, key) if key else doc, ensure_ascii=False, indent=2) + "\n"


def _width(text: str) -> int:
    """Terminal columns: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def render_text(report: Report) -> str:
    t = report.totals()
    lines = [
        f"{report.county} 符合性检查（{standard_title(report)}）：要求 {len(report.rows)} 条 — "
        + "，".join(f"{s} {t[s]}" for s in STATUSES),
        "",
        "按章汇总：",
    ]
    width = max((_width(ch) for ch in report.by_chapter()), default=4)
    for ch, counts in report.by_chapter().items():
        lines.append(
            f"  {ch}{' ' * (width - _width(ch))}  " + "  ".join(f"{s} {counts[s]:>3}" for s in STATUSES)
        )
    failing = [r for r in report.rows if r.status == FAIL]
    if failing:
        lines += ["", "不符合项："]
        for row in failing:
            req = row.requirement
            lines.append(f"  [{req.level}] {req.clause}（{req.id}）{req.text}")
            for f in row.findings:
                if f.status == FAIL:
                    lines.append(f"      - {f.message}")
                    lines += [f"        {loc}" for loc in f.locations]
    lines.append("")
    if report.passed:
        lines.append("结论：全部“应”类要求均未发现不符合。")
    else:
        lines.append(f"结论：{len(report.failed_shall())} 条“应”类要求不符合。")
    return "\n".join(lines) + "\n"


def render_html(report: Report) -> str:
    return (
        _env()
        .get_template("report.html.j2")
        .render(
            county=report.county,
            standard=standard_title(report),
            rows=report.rows,
            totals=report.totals(),
            by_chapter=report.by_chapter(),
            statuses=STATUSES,
            passed=report.passed,
            failed=len(report.failed_shall()),
            failures=[r for r in report.rows if r.status == FAIL],
        )
    )


def render_checklist_html(report: Report) -> str:
    levels = Counter(r.requirement.level for r in report.rows)
    return (
        _env()
        .get_template("checklist.html.j2")
        .render(
            standard=standard_title(report),
            rows=report.rows,
            chapters=chapters(report.rows),
            levels={lvl: levels[lvl] for lvl in ("应", "宜", "可") if levels[lvl]},
        )
    )

"""Run every bound check against a county folder and assemble the per-requirement results."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..core.attestations import ATTESTATIONS, load_attestations
from ..core.errors import Problem, StdkitError
from ..core.folder import Folder
from ..core.models.attestation import Attestation
from ..core.project import Project
from ..core.settings import current
from ..core.workspace import Workspace
from ..standard.metadata import load_metadata
from ..standard.model import Requirement
from .bindings import Binding, load_bindings, load_requirements, standard_of
from .checks import CHECKS
from .registry import FAIL, MANUAL, NA, PASS, STATUSES, Finding, aggregate


def join_sentences(parts) -> str:
    """Sentences joined by "；" into one, ending in "。" (never "。；")."""
    texts = [str(t).strip().rstrip("。；;") for t in parts if str(t).strip()]
    return "；".join(texts) + "。" if texts else ""


def chapter_label(req) -> str:
    """'5 县级政务服务中心' (or '附录A …'): the chapter number comes from the clause number."""
    head = str(req.clause).split(".")[0]
    if not head or head in str(req.chapter):
        return str(req.chapter)
    return f"{head} {req.chapter}" if head.isdigit() else f"附录{head} {req.chapter}"


@dataclass
class Row:
    """One requirement of the standard and what was found for it."""

    requirement: Requirement
    binding: Binding | None
    status: str
    findings: list[Finding] = field(default_factory=list)
    attestation: Attestation | None = (
        None  # the county's own result of a manual check (conformance/attest.py)
    )

    @property
    def basis(self) -> str:
        """automatic (a check decided), attested (the county's own manual check) or manual (left open)."""
        if self.attestation is not None:
            return "attested"
        return "automatic" if self.status != MANUAL else "manual"

    @property
    def chapter(self) -> str:
        return chapter_label(self.requirement)

    @property
    def automated(self) -> bool:
        return bool(self.binding and self.binding.checks)

    @property
    def message(self) -> str:
        failing = [f for f in self.findings if f.status == FAIL]
        if failing:
            more = f"（另有{len(failing) - 1}处）" if len(failing) > 1 else ""
            return failing[0].message + more
        if self.findings:
            return join_sentences(f.message for f in self.findings)
        if self.attestation is not None:
            return f"县自行核查（{self.attestation.checked_by}，{self.attestation.checked_on}）：{self.attestation.description}"
        if self.binding and self.binding.manual:
            return f"人工核查：{self.binding.manual}"
        return "尚未确定核查方式。"

    def as_dict(self) -> dict:
        r = self.requirement
        return {
            "requirement": r.id,
            "clause": r.clause,
            "chapter": self.chapter,
            "level": r.level,
            "text": r.text,
            "status": self.status,
            "message": self.message,
            "locations": [loc.as_dict() for f in self.findings for loc in f.locations],
            "checks": list(self.binding.checks) if self.binding else [],
            "manual": self.binding.manual if self.binding else None,
            "findings": [f.as_dict() for f in self.findings],
            "basis": self.basis,
            "attestation": self.attestation.model_dump(mode="json") if self.attestation else None,
        }


@dataclass
class Report:
    county: str
    rows: list[Row]
    edition: str = (
        ""  # the stage and date of the standard checked against ("征求意见稿，本稿日期 2024-06-28")
    )

    def by_chapter(self) -> dict[str, dict[str, int]]:
        out: dict[str, Counter] = {}
        for row in self.rows:
            out.setdefault(row.chapter, Counter())[row.status] += 1
        return {ch: {s: c.get(s, 0) for s in STATUSES} for ch, c in out.items()}

    def totals(self) -> dict[str, int]:
        c = Counter(row.status for row in self.rows)
        return {s: c.get(s, 0) for s in STATUSES}

    def failed_shall(self) -> list[Row]:
        return [row for row in self.rows if row.status == FAIL and row.requirement.level == "应"]

    @property
    def passed(self) -> bool:
        return not self.failed_shall()

    def as_dict(self) -> dict:
        return {
            "summary": {
                "county": self.county,
                "requirements": len(self.rows),
                "totals": self.totals(),
                "by_chapter": self.by_chapter(),
                "failed_shall": len(self.failed_shall()),
                "passed": self.passed,
            },
            "results": [row.as_dict() for row in self.rows],
        }


def run_checks(project: Project, names) -> dict[str, list[Finding]]:
    """Run the named checks once each. A check that breaks on odd data is reported, not raised."""
    out = {}
    for name in sorted(set(names)):
        try:
            findings = CHECKS[name].run(project)
        except Exception as exc:
            if current().debug:
                raise
            findings = [Finding(MANUAL, f"自动检查“{name}”未能完成（{type(exc).__name__}），请人工核查。")]
        if any(f.status == FAIL for f in findings):
            findings = [f for f in findings if f.status != PASS]
        out[name] = findings
    return out


def assess(project: Project, requirements: list, bindings: dict[str, Binding]) -> Report:
    results = run_checks(project, [c for b in bindings.values() for c in b.checks])
    rows = []
    for req in requirements:
        b = bindings.get(req.id)
        findings = [f for name in (b.checks if b else ()) for f in results[name]]
        status = aggregate(findings) if findings else MANUAL
        rows.append(Row(req, b, status, findings))
    return Report(project.county.name, rows)


def blank_report(requirements: list, bindings: dict[str, Binding]) -> Report:
    """The checklist of the whole standard for a county without data: every row left to the inspector."""
    return Report("", [Row(r, bindings.get(r.id), MANUAL) for r in requirements])


def check_folder(source: Workspace | Path, standard_root: Path | None = None) -> Report:
    """Load a county folder (without the loader's cross-checks: those become results) and assess it against
    `standard_root`'s standard, by default the folder's own (see standard_of)."""
    ws = source if isinstance(source, Workspace) else Workspace.open(source)
    std_root, _ = standard_of(ws.root, standard_root)
    std = ws.folder if Path(std_root).resolve() == ws.root.resolve() else Folder(std_root)
    requirements = load_requirements(std)
    bindings = load_bindings(requirements, root=std)
    project = ws.load(cross_check=False)
    report = assess(project, requirements, bindings)
    apply_attestations(report, load_attestations(ws.folder))
    report.edition = edition_of(std)
    return report


def apply_attestations(report: Report, attestations: dict[str, Attestation]) -> None:
    """A county's own result stands for a requirement no automated check decided (status 待人工核查);
    where a check decided, the check's result stands. A record for no requirement of the standard is refused."""
    known = {row.requirement.id: row for row in report.rows}
    unknown = sorted(set(attestations) - set(known))
    if unknown:
        raise StdkitError(
            [
                Problem(
                    file=ATTESTATIONS,
                    line=1,
                    column=1,
                    path="attestations",
                    code="attestation-unknown",
                    message=f"标准中没有要求“{rid}”，这条核查记录无法对应。",
                    hint="requirement 写标准条文的稳定编号（核查表 checklist.xlsx 的“要求编号”一列）。",
                )
                for rid in unknown
            ]
        )
    for rid, a in attestations.items():
        row = known[rid]
        if row.status == MANUAL:
            row.attestation = a
            row.status = {"符合": PASS, "不符合": FAIL, "不适用": NA}[a.result]


def edition_of(std_root: Folder | Path) -> str:
    """Which draft a report is against: its stage and date (the published standard: number and date)."""
    meta = load_metadata(std_root)
    if meta.stage == "发布稿":
        return f"{meta.number}，{meta.issue_date}发布"
    return f"{meta.stage}，本稿日期 {meta.draft_date}"


__all__ = [
    "FAIL",
    "MANUAL",
    "NA",
    "PASS",
    "Report",
    "Row",
    "assess",
    "blank_report",
    "check_folder",
    "edition_of",
    "run_checks",
]

"""Whether one report may enter the province's collection, and as what. The province trusts nothing a
report says about itself that it can establish otherwise:

- the standard: its fingerprint must be one of the editions the province accepts, and every result's
  clause, level and text must be that edition's (the text shown comes from the standard);
- the county: the division code must be a county-level code of this province in the official GB/T 2260
  list, and the name must be that code's; the 市（州） comes from the code, never from the report;
- the summary: recomputed from the results, a mismatch refused;
- the signature: verified against the province's key registry (toolkit/province/keyring.py);
- the round: the check date must fall in one of the province's collection rounds.

Each refusal is a Problem naming the file."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..conformance.document import ConformanceReport
from ..core import divisions
from ..core.errors import Problem
from .editions import Edition
from .keyring import Key, trust
from .rounds import Period, Plan

STATUSES = ("符合", "不符合", "不适用", "待人工核查")


@dataclass(frozen=True)
class Admitted:
    source: str
    sha256: str
    doc: ConformanceReport
    edition: Edition
    trust: str
    county: divisions.Division
    prefecture: divisions.Division
    period: Period


def refusal(source: str, code: str, message: str, hint: str = "", path: str = "") -> Problem:
    return Problem(file=source, line=1, column=1, path=path, code=code, message=message, hint=hint)


def edition_of(source: str, doc: ConformanceReport, editions: dict[str, Edition]) -> Edition | Problem:
    ed = editions.get(doc.standard.fingerprint)
    if ed is None:
        s = doc.standard
        accepted = "；".join(e.label for e in editions.values())
        return refusal(
            source, "report-standard-unknown",
            f"报告依据的标准（{s.number} {s.stage} {s.date}，指纹 {s.fingerprint[:12]}…）不是省里接受的任何一版"
            f"（{accepted}），可能是另一稿或被修改过的标准。",
            "请县里用省里发布的标准重新运行 stdkit check；省里要接受另一稿时用 --standard 再给出该稿的文件夹。",
            "standard.fingerprint",
        )  # fmt: skip
    ids = [r.requirement for r in doc.results]
    if Counter(ids) != Counter(list(ed.requirements)):
        return refusal(
            source, "report-requirements", f"报告的要求清单与标准 {ed.label} 的不一致。", path="results"
        )
    for i, r in enumerate(doc.results):
        q = ed.requirements[r.requirement]
        if (r.clause, r.chapter, r.level, r.text) != (q.clause, q.chapter, q.level, q.text):
            return refusal(
                source, "report-text",
                f"要求 {r.requirement} 的条款、类型或条文与标准 {ed.label} 不一致（报告为 {r.clause}“{r.level}”）。",
                path=f"results[{i}]",
            )  # fmt: skip
    return ed


def identity(
    source: str, doc: ConformanceReport, prefix: str
) -> tuple[divisions.Division, divisions.Division] | Problem:
    code = doc.county.division_code
    county = divisions.county(code)
    if county is None:
        return refusal(source, "report-division-unknown",
                       f"区划代码 {code} 不是 GB/T 2260 县级行政区划代码表中的县（市、区）。",
                       "请县里在 items/county.yaml 中写民政部公布的6位县级代码。", "county.division_code")  # fmt: skip
    if prefix and code[:2] != prefix:
        prov = divisions.province_of(code)
        mine = divisions.province_of(prefix + "0000")
        return refusal(source, "report-other-province",
                       f"区划代码 {code}（{county.name}）属于{prov.name if prov else '另一省'}，"
                       f"不属于{mine.name if mine else '本省'}，不汇总。", path="county.division_code")  # fmt: skip
    if doc.county.name != county.name:
        return refusal(source, "report-name-mismatch",
                       f"报告的县名“{doc.county.name}”与区划代码 {code} 的名称“{county.name}”不一致。",
                       "请核对 items/county.yaml 的 name 和 division_code。", "county.name")  # fmt: skip
    prefecture = divisions.prefecture_of(code) or county
    return county, prefecture


def expected_summary(doc: ConformanceReport) -> dict:
    totals: Counter[str] = Counter(r.status for r in doc.results)
    chapters: dict[str, Counter[str]] = {}
    for r in doc.results:
        chapters.setdefault(r.chapter, Counter())[r.status] += 1
    failed = sum(1 for r in doc.results if r.level == "应" and r.status == "不符合")
    return {
        "county": doc.county.name,
        "requirements": len(doc.results),
        "totals": {s: totals.get(s, 0) for s in STATUSES},
        "by_chapter": {ch: {s: c.get(s, 0) for s in STATUSES} for ch, c in chapters.items()},
        "failed_shall": failed,
        "passed": failed == 0,
    }


def summary_problem(source: str, doc: ConformanceReport) -> Problem | None:
    want = expected_summary(doc)
    have = doc.summary.model_dump()
    wrong = [k for k in want if want[k] != have[k]]
    if not wrong:
        return None
    return refusal(
        source, "report-summary-mismatch",
        f"报告的汇总（{'、'.join(wrong)}）与逐条结果算出的不一致：如“应”类不符合，汇总为 "
        f"{have['failed_shall']} 条，逐条结果为 {want['failed_shall']} 条。报告在生成后被改动过。",
        "请县里重新运行 stdkit check 并提交它写出的 report.json，不要手工修改。", "summary",
    )  # fmt: skip


def admit(
    source: str, sha: str, doc: ConformanceReport, editions: dict[str, Edition],
    keyring: dict[str, dict[str, Key]] | None, plan: Plan,
) -> Admitted | Problem:  # fmt: skip
    ed = edition_of(source, doc, editions)
    if isinstance(ed, Problem):
        return ed
    who = identity(source, doc, ed.province_prefix)
    if isinstance(who, Problem):
        return who
    wrong = summary_problem(source, doc)
    if wrong is not None:
        return wrong
    status, reason = trust(doc, keyring)
    if reason is not None:
        return refusal(
            source,
            "report-signature",
            reason,
            "请县里用登记的私钥重新签名提交，或向省里登记新公钥。",
            "signature",
        )
    period = plan.period_of(doc.generated)
    if period is None:
        return refusal(source, "report-no-round", f"检查时间 {doc.generated} 不在省里的任何收集轮次内。",
                       path="generated")  # fmt: skip
    return Admitted(source, sha, doc, ed, status, who[0], who[1], period)

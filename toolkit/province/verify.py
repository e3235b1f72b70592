"""Whether a county's submitted report is what its data gives: re-run the check on the county folder and
compare the data fingerprint, the identity, the standard and every requirement's result."""

from __future__ import annotations

from pathlib import Path

from ..conformance import check_folder, origin_of
from ..conformance.bindings import REPO_ROOT
from ..conformance.document import ConformanceReport
from ..conformance.envelope import envelope
from ..core.errors import StdkitError
from .collect import read


def load_one(path: Path) -> ConformanceReport:
    docs, refused = read([Path(path)])
    if refused:
        raise StdkitError(refused)
    return docs[0][2]


def differences(submitted: ConformanceReport, fresh: ConformanceReport) -> list[str]:
    """Each way the submitted report differs from the fresh one, in Chinese (empty: they match)."""
    out = []
    if submitted.data != fresh.data:
        out.append(
            f"数据指纹不一致：报告为 {submitted.data.value[:16]}…（{submitted.data.files} 个文件），"
            f"数据文件夹现为 {fresh.data.value[:16]}…（{fresh.data.files} 个文件）——报告不是由这份数据生成的。"
        )
    if submitted.county != fresh.county:
        out.append(
            f"县的信息不一致：报告为 {submitted.county.name}（{submitted.county.division_code}），"
            f"数据为 {fresh.county.name}（{fresh.county.division_code}）。"
        )
    if submitted.standard != fresh.standard:
        out.append(
            f"依据的标准不一致：报告为 {submitted.standard.number} {submitted.standard.stage}"
            f"（指纹 {submitted.standard.fingerprint[:16]}…），本次为 {fresh.standard.number} "
            f"{fresh.standard.stage}（指纹 {fresh.standard.fingerprint[:16]}…）。"
        )
    mine = {r.requirement: r for r in submitted.results}
    theirs = {r.requirement: r for r in fresh.results}
    for rid in sorted(set(mine) ^ set(theirs)):
        out.append(f"要求 {rid}：{'只在报告中出现' if rid in mine else '报告中缺少'}。")
    for rid, r in theirs.items():
        s = mine.get(rid)
        if s is not None and s != r:
            what = (
                f"结果为“{s.status}”，重新检查为“{r.status}”"
                if s.status != r.status
                else "说明或位置与重新检查不同"
            )
            out.append(f"要求 {r.clause}（{rid}）：{what}。")
    if submitted.summary != fresh.summary:
        out.append("汇总数字与逐条结果不一致。")
    return out


def verify(county_dir: Path, report_path: Path, standard: Path | None = None) -> list[str]:
    """The differences between the submitted report and a fresh check of `county_dir` against the
    province's copy of the standard (`standard`, else the toolkit's own) — never the county's own copy,
    which the county may have weakened (a requirements.yaml with every check made manual)."""
    submitted = load_one(report_path)
    std_root = Path(standard) if standard is not None else REPO_ROOT
    report = check_folder(Path(county_dir), std_root)
    origin = origin_of(Path(county_dir), std_root)
    fresh = ConformanceReport.model_validate(envelope(report, origin))
    return differences(submitted, fresh)

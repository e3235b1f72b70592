"""The province's view: 103 simulated counties collected into SQLite, XLSX and the dashboard, which must
agree with the reports; a foreign or invalid report refused by name while the rest are collected; two
rounds of one county show the change; mixed standards refused; verify catches a hand-edited report."""

from __future__ import annotations

import io
import json
import re
import shutil
import sqlite3
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from openpyxl import load_workbook

from toolkit.core.errors import StdkitError
from toolkit.province import collect, outputs
from toolkit.province.simulate import reports, write_reports

ROOT = Path(__file__).resolve().parent.parent
SHILI = ROOT / "examples" / "shili"
N = 103


def _stdkit(*args, env=None):
    import os

    return subprocess.run(
        [sys.executable, "-c", "from toolkit.cli import main; main()", *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**os.environ, **(env or {})},
    )


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    out = tmp_path_factory.mktemp("reports")
    write_reports(out, N, rounds=1)
    return out


@pytest.fixture(scope="module")
def collected(folder):
    col = collect([str(folder)])
    return col, outputs(col)


def db_of(files) -> sqlite3.Connection:
    db = sqlite3.connect(":memory:")
    db.deserialize(files["province.sqlite"])
    return db


def expected_failures(docs) -> Counter:
    return Counter(r["requirement"] for d in docs for r in d["results"] if r["status"] == "不符合")


def test_103_counties_database_agrees_with_the_reports(folder, collected):
    col, files = collected
    docs = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.rglob("report.json"))]
    assert len(docs) == N and len(col.rounds) == N and not col.refused
    db = db_of(files)
    assert db.execute("SELECT count(*) FROM counties").fetchone()[0] == N
    assert len({d["county"]["division_code"] for d in docs}) == N
    ranked = {r: n for r, n in db.execute("SELECT requirement, counties_failing FROM requirement_failures")}
    assert {k: v for k, v in ranked.items() if v} == dict(expected_failures(docs))
    counts = [n for _, n in db.execute("SELECT requirement, counties_failing FROM requirement_failures")]
    assert counts == sorted(counts, reverse=True) and counts[0] > counts[-1]
    shall = {
        d["county"]["division_code"]: sum(r["level"] == "应" and r["status"] == "符合" for r in d["results"])
        for d in docs
    }
    assert dict(db.execute("SELECT division_code, shall_met FROM county_summary")) == shall
    located = sum(len(r["locations"]) for d in docs for r in d["results"] if r["status"] == "不符合")
    assert db.execute("SELECT count(*) FROM findings WHERE status = '不符合'").fetchone()[0] == located


def test_workbook_has_one_filtered_sheet_per_view_agreeing_with_the_reports(folder, collected):
    _, files = collected
    wb = load_workbook(io.BytesIO(files["province.xlsx"]))
    assert wb.sheetnames == ["各县汇总", "要求不符合排名", "较上一轮变化", "最新一轮"]
    for ws in wb.worksheets:
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:")
    ws = wb["要求不符合排名"]
    head = [c.value for c in ws[1]]
    i, n = head.index("要求编号"), head.index("不符合的县数")
    got = {row[i]: row[n] for row in ws.iter_rows(min_row=2, values_only=True) if row[n]}
    docs = [json.loads(p.read_text(encoding="utf-8")) for p in folder.rglob("report.json")]
    assert got == dict(expected_failures(docs))
    assert wb["各县汇总"].max_row == N + 1


def test_dashboard_agrees_escapes_and_makes_no_external_requests(collected):
    col, files = collected
    pages = {k: v.decode() for k, v in files.items() if k.startswith("dashboard/")}
    assert len([k for k in pages if k.startswith("dashboard/county/")]) == N
    index = pages["dashboard/index.html"]
    for rounds in col.rounds.values():
        c = rounds[-1].doc.county
        assert f'href="county/{c.division_code}.html">{c.name}</a>' in index
    assert "恩施土家族苗族自治州" in index and "hsl(" in index
    ranking = pages["dashboard/requirements.html"]
    db = db_of(files)
    top, n = db.execute("SELECT requirement, counties_failing FROM requirement_failures LIMIT 1").fetchone()
    assert re.search(rf"{re.escape(top)}</small></td><td class=\"num s-不符合\">{n}</td>", ranking)
    code, _rid, file, line = db.execute(
        "SELECT r.division_code, f.requirement, f.file, f.line FROM findings f JOIN rounds r ON r.id = f.round_id "
        "WHERE f.status = '不符合' LIMIT 1"
    ).fetchone()
    assert f"{file}:{line}" in pages[f"dashboard/county/{code}.html"]
    for text in pages.values():
        assert (
            not re.search(r"(src|href)=\"?(https?:)?//", text)
            and "<script" not in text
            and "@import" not in text
        )


def test_hostile_values_are_escaped_in_dashboard_and_text_in_workbook(tmp_path):
    docs = reports(3)
    docs[0]["county"]["name"] = "<img src=x onerror=alert(1)>县"
    docs[1]["county"]["name"] = '=HYPERLINK("http://x")'
    for d in docs:
        (tmp_path / f"{d['county']['division_code']}.json").write_text(
            json.dumps(d, ensure_ascii=False), "utf-8"
        )
    files = outputs(collect([str(tmp_path)]))
    index = files["dashboard/index.html"].decode()
    assert "<img" not in index and "&lt;img src=x onerror=alert(1)&gt;县" in index
    ws = load_workbook(io.BytesIO(files["province.xlsx"]))["各县汇总"]
    cells = [c for row in ws.iter_rows() for c in row if c.value == '=HYPERLINK("http://x")']
    assert cells and all(c.data_type == "s" for c in cells)


def test_foreign_and_invalid_reports_are_refused_by_name_the_rest_collected(folder, tmp_path):
    (tmp_path / "foreign.json").write_text('{"name": "别的东西"}', encoding="utf-8")
    (tmp_path / "broken.json").write_text('{"format": "stdkit-conformance-report",\n  "version": ', "utf-8")
    bad = reports(1)[0]
    bad["results"][0]["status"] = "大概符合"
    (tmp_path / "edited.json").write_text(json.dumps(bad, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "out"
    r = _stdkit("province", "collect", str(folder), str(tmp_path / "*.json"), "--out", str(out))
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert "foreign.json:1:1: 错误[report-foreign]" in r.stderr
    assert "broken.json:2:" in r.stderr and "不是合法的 JSON" in r.stderr
    assert "edited.json:1:1: 错误[report-invalid]（字段 results.0.status）" in r.stderr
    assert f"已汇总 {N} 个县" in r.stdout
    db = sqlite3.connect(out / "province.sqlite")
    assert db.execute("SELECT count(*) FROM counties").fetchone()[0] == N


def test_two_rounds_of_a_county_show_the_change(tmp_path):
    write_reports(tmp_path, 5, rounds=2)
    col = collect([str(tmp_path)])
    assert all(len(r) == 2 for r in col.rounds.values())
    files = outputs(col)
    db = db_of(files)
    first, second = (
        json.loads(p.read_text("utf-8")) for p in sorted(tmp_path.glob("round-*/420003/report.json"))
    )
    before = {r["requirement"]: r["status"] for r in first["results"]}
    changed = {
        r["requirement"]: (before[r["requirement"]], r["status"])
        for r in second["results"]
        if r["status"] != before[r["requirement"]]
    }
    assert changed
    rows = db.execute(
        "SELECT requirement, before, after FROM changes WHERE division_code = '420003'"
    ).fetchall()
    assert {r: (b, a) for r, b, a in rows} == changed
    page = files["dashboard/county/420003.html"].decode()
    rid, (b, a) = next(iter(changed.items()))
    assert f'<td>{rid}</td><td class="s-{b}">{b}</td><td class="s-{a}">{a}</td>' in page
    assert db.execute("SELECT count(*) FROM rounds").fetchone()[0] == 10
    # A copy of a report already read (same bytes, another file) is one round, not two.
    shutil.copytree(tmp_path / "round-1", tmp_path.parent / f"{tmp_path.name}-copy")
    again = collect([str(tmp_path), str(tmp_path.parent / f"{tmp_path.name}-copy")])
    assert len(again.duplicates) == 5 and sum(len(r) for r in again.rounds.values()) == 10


def test_mixed_standards_are_refused_unless_one_is_chosen(tmp_path):
    docs = reports(2)
    docs[1]["standard"]["stage"] = "送审稿"
    for d in docs:
        (tmp_path / f"{d['county']['division_code']}.json").write_text(
            json.dumps(d, ensure_ascii=False), "utf-8"
        )
    with pytest.raises(StdkitError) as exc:
        collect([str(tmp_path)])
    assert "标准不同" in str(exc.value) and f"送审稿 {docs[1]['standard']['date']}（1 份）" in str(exc.value)
    std = docs[1]["standard"]
    col = collect([str(tmp_path)], f"{std['number']} 送审稿 {std['date']}")
    assert list(col.rounds) == [docs[1]["county"]["division_code"]] and len(col.skipped) == 1


def test_verify_accepts_the_true_report_and_catches_a_hand_edit(tmp_path):
    out = tmp_path / "out"
    r = _stdkit("check", str(SHILI), "--out", str(out), env={"SOURCE_DATE_EPOCH": "1767225600"})
    assert r.returncode == 1, r.stderr  # the example has planted deviations
    report = out / "report.json"
    r = _stdkit("province", "verify", str(SHILI), str(report))
    assert r.returncode == 0, r.stderr
    assert "一致" in r.stdout
    data = json.loads(report.read_text(encoding="utf-8"))
    row = next(x for x in data["results"] if x["requirement"] == "village-station-one")
    row["status"], row["findings"], row["locations"] = "符合", [], []
    report.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    r = _stdkit("province", "verify", str(SHILI), str(report))
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert "village-station-one" in r.stderr and "结果为“符合”，重新检查为“不符合”" in r.stderr

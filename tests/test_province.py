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

from toolkit.province import collect, outputs
from toolkit.province.simulate import reports, write_keyring, write_plan, write_reports

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
    rows = db.execute("SELECT level, counties_failing FROM requirement_failures").fetchall()
    levels = [lv for lv, _ in rows]
    assert levels == sorted(levels, key="应宜可".index)  # 应 ranked apart from 宜 and 可
    for lv in "应宜可":
        counts = [n for x, n in rows if x == lv]
        assert counts == sorted(counts, reverse=True)
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
    assert wb.sheetnames == [
        "各县汇总", "各市州", "要求不符合排名", "不符合的县", "未报告的县", "各轮未报告的县", "各轮趋势", "较上一轮变化",
        "最新一轮",
    ]  # fmt: skip
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
    assert re.search(
        rf"{re.escape(top)}</small><details>.*?</details></td><td class=\"num s-不符合\">{n}</td>", ranking
    )
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
    docs = [d for d in reports(4) if d["summary"]["totals"]["不符合"]]
    # Names come from the official list now; what a report still brings is its messages and file names.
    for d, value in zip(docs, ["<img src=x onerror=alert(1)>县", '=HYPERLINK("http://x")'], strict=False):
        row = next(r for r in d["results"] if r["status"] == "不符合")
        row["message"] = value
    for d in docs:
        (tmp_path / f"{d['county']['division_code']}.json").write_text(
            json.dumps(d, ensure_ascii=False), "utf-8"
        )
    files = outputs(collect([str(tmp_path)]))
    page = files[f"dashboard/county/{docs[0]['county']['division_code']}.html"].decode()
    assert "<img" not in files["dashboard/requirements.html"].decode()
    assert "<img" not in page and "&lt;img src=x onerror=alert(1)&gt;县" in page
    ws = load_workbook(io.BytesIO(files["province.xlsx"]))["不符合的县"]
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
    write_reports(tmp_path / "r", 5, rounds=2)
    plan = write_plan(tmp_path / "rounds.yaml", 2)
    col = collect([str(tmp_path / "r")], rounds=plan)
    assert all(len(r) == 2 for r in col.rounds.values())
    files = outputs(col)
    db = db_of(files)
    first, second = (
        json.loads(p.read_text("utf-8")) for p in sorted(tmp_path.glob("r/round-*/420104/report.json"))
    )
    before = {r["requirement"]: r["status"] for r in first["results"]}
    changed = {
        r["requirement"]: (before[r["requirement"]], r["status"])
        for r in second["results"]
        if r["status"] != before[r["requirement"]]
    }
    assert changed
    rows = db.execute(
        "SELECT requirement, before, after FROM changes WHERE division_code = '420104'"
    ).fetchall()
    assert {r: (b, a) for r, b, a in rows} == changed
    page = files["dashboard/county/420104.html"].decode()
    _rid, (b, a) = next(iter(changed.items()))
    assert f'<td class="s-{b}">{b}</td><td class="s-{a}">{a}</td>' in page

    trend = db.execute("SELECT period, counties_reporting FROM trend").fetchall()
    assert trend == [("模拟第1轮", 5), ("模拟第2轮", 5)]
    assert db.execute("SELECT count(*) FROM rounds").fetchone()[0] == 10
    # A copy of a report already read (same bytes, another file) is one round, not two.
    shutil.copytree(tmp_path / "r" / "round-1", tmp_path / "copy")
    again = collect([str(tmp_path / "r"), str(tmp_path / "copy")], rounds=plan)
    assert len(again.duplicates) == 5 and sum(len(r) for r in again.rounds.values()) == 10


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


def _write(folder: Path, docs: list[dict], names: list[str] | None = None) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, d in enumerate(docs):
        p = folder / (names[i] if names else f"{i:03d}-{d['county']['division_code']}.json")
        p.write_text(json.dumps(d, ensure_ascii=False), "utf-8")
        paths.append(p)
    return paths


def _codes(problems) -> dict[str, str]:
    return {Path(p.file).name: p.code + " " + p.message for p in problems}


def test_identity_comes_from_the_official_list(tmp_path):
    docs = reports(4)
    docs[1]["county"] = {**docs[0]["county"]}  # the same code claimed twice in one round
    docs[1]["summary"]["county"] = docs[0]["county"]["name"]
    docs[2]["county"].update(name="恩施市", division_code="422822")  # the name of another county
    docs[2]["summary"]["county"] = "恩施市"
    docs[3]["county"].update(name="锦江区", division_code="510104", province="四川省")  # another province
    docs[3]["summary"]["county"] = "锦江区"
    _write(tmp_path, docs, ["a.json", "b.json", "c.json", "d.json"])
    col = collect([str(tmp_path)])
    refused = _codes(col.refused)
    assert refused["a.json"].startswith("report-duplicate-code") and "a.json" in refused["a.json"]
    assert "b.json" in refused["a.json"] and "b.json" in refused  # both files named, both refused
    assert refused["c.json"].startswith("report-name-mismatch") and "建始县" in refused["c.json"]
    assert refused["d.json"].startswith("report-other-province") and "四川省" in refused["d.json"]
    assert not col.rounds
    # --all-provinces (a national view): the Sichuan county is admitted, the other checks still hold.
    col = collect([str(tmp_path)], all_provinces=True)
    assert "d.json" not in _codes(col.refused) and list(col.rounds) == ["510104"]
    assert _codes(col.refused)["c.json"].startswith("report-name-mismatch")


def test_prefecture_is_derived_from_the_code_and_missing_counties_listed(tmp_path):
    docs = reports(103)
    enshi = [d for d in docs if d["county"]["division_code"].startswith("4228")]
    for d, spelling in zip(enshi, ["恩施州", "恩施土家族苗族自治州", "恩施州 "], strict=False):
        d["county"]["prefecture"] = spelling
    _write(tmp_path, docs[:100])
    col = collect([str(tmp_path)])
    db = db_of(outputs(col))
    groups = db.execute(
        "SELECT prefecture, count(*) FROM county_summary WHERE division_code LIKE '4228%' GROUP BY prefecture"
    ).fetchall()
    assert groups == [("恩施土家族苗族自治州", 8)]
    missing = [c for (c,) in db.execute("SELECT division_code FROM not_reported")]
    assert missing == [d["county"]["division_code"] for d in docs[100:]]
    order = [p for (p,) in db.execute("SELECT prefecture FROM prefecture_summary")]
    assert order[0] == "武汉市" and order[-1] == "神农架林区"  # official code order, not Unicode order


def test_flipped_results_with_the_old_summary_are_refused(tmp_path):
    docs = sorted(reports(4), key=lambda d: -d["summary"]["failed_shall"])[:2]
    for r in docs[0]["results"]:
        if r["status"] == "不符合":
            r["status"], r["findings"], r["locations"] = "符合", [], []
    assert docs[0]["summary"]["failed_shall"] > 0
    _write(tmp_path, docs, ["flipped.json", "ok.json"])
    col = collect([str(tmp_path)])
    assert list(_codes(col.refused)) == ["flipped.json"]
    assert _codes(col.refused)["flipped.json"].startswith("report-summary-mismatch")
    assert len(col.rounds) == 1


def test_signatures_verified_tampering_refused_unsigned_marked_revoked_refused(tmp_path):
    from toolkit.conformance.signing import new_key, sign

    key = new_key()
    docs = reports(4)
    signed = [sign(d, key) for d in docs[:3]]
    tampered = json.loads(json.dumps(signed[1]))
    tampered["results"][0]["message"] = "改过"
    _write(
        tmp_path / "in",
        [signed[0], tampered, signed[2], docs[3]],
        ["good.json", "tampered.json", "late.json", "plain.json"],
    )
    keys = write_keyring(tmp_path / "keys.yaml", 4, key)
    late = signed[2]["county"]["division_code"]
    keys.write_text(
        keys.read_text("utf-8").replace(f'"{late}": [{{key: "', f'"{late}": [{{revoked: 2026-01-01, key: "'),
        "utf-8",
    )
    col = collect([str(tmp_path / "in")], keys=keys)
    refused = _codes(col.refused)
    assert sorted(refused) == ["late.json", "tampered.json"]
    assert "签名无效" in refused["tampered.json"] and "作废" in refused["late.json"]
    trust = {rs[-1].doc.county.division_code: rs[-1].admitted.trust for rs in col.rounds.values()}
    assert trust == {
        docs[0]["county"]["division_code"]: "已验证",
        docs[3]["county"]["division_code"]: "未签名",
    }
    index = outputs(col)["dashboard/index.html"].decode()
    assert "<td>已验证</td>" in index and "<td>未签名</td>" in index


def test_an_accepted_attestation_raises_the_score_a_rejected_one_does_not(tmp_path):
    docs = reports(2)
    for d in docs:
        row = next(r for r in d["results"] if r["status"] == "待人工核查" and r["level"] == "应")
        row.update(status="符合", basis="attested", attestation={
            "requirement": row["requirement"], "result": "符合", "description": "现场查看公示牌",
            "evidence": [{"file": "photos/a.jpg", "sha256": "0" * 64}], "checked_by": "张三", "checked_on": "2026-01-04"})  # fmt: skip
        d["summary"]["totals"]["符合"] += 1
        d["summary"]["totals"]["待人工核查"] -= 1
        ch = d["summary"]["by_chapter"][row["chapter"]]
        ch["符合"] += 1
        ch["待人工核查"] -= 1
    rid = row["requirement"]
    _write(tmp_path / "in", docs)
    a, b = (d["county"]["division_code"] for d in docs)
    (tmp_path / "reviews.yaml").write_text(
        f'reviews:\n  - {{county: "{a}", requirement: {rid}, decision: 采纳}}\n'
        f'  - {{county: "{b}", requirement: {rid}, decision: 不采纳, note: 照片看不清}}\n',
        "utf-8",
    )
    plain = db_of(outputs(collect([str(tmp_path / "in")])))
    reviewed = db_of(outputs(collect([str(tmp_path / "in")], reviews=tmp_path / "reviews.yaml")))
    q = "SELECT division_code, shall_met FROM county_summary"
    before, after = dict(plain.execute(q)), dict(reviewed.execute(q))
    assert after[a] == before[a] + 1 and after[b] == before[b]
    assert reviewed.execute("SELECT basis, review FROM results WHERE requirement = ? ORDER BY round_id", (rid,)).fetchall() == [
        ("attested", "采纳"), ("attested", "不采纳")]  # fmt: skip


def test_editions_are_kept_apart_and_an_unknown_standard_refused(tmp_path):
    other = tmp_path / "std2"
    shutil.copytree(ROOT / "standard", other / "standard")
    meta = other / "standard" / "metadata.yaml"
    meta.write_text(meta.read_text("utf-8").replace("征求意见稿", "送审稿", 1), "utf-8")
    # No county data beside it: the province reads requirement texts without any county's numbers.
    d1 = reports(2)
    d2 = reports(2, round_no=2, standard_root=other)
    _write(tmp_path / "in", [*d1, *d2])
    plan = write_plan(tmp_path / "rounds.yaml", 2)
    col = collect([str(tmp_path / "in")], rounds=plan)  # only the bundled edition accepted
    assert len(col.refused) == 2 and all(p.code == "report-standard-unknown" for p in col.refused)
    assert all("in/" in p.file for p in col.refused)
    col = collect([str(tmp_path / "in")], standards=[ROOT, other], rounds=plan)
    assert not col.refused and all(len(r) == 2 for r in col.rounds.values())
    db = db_of(outputs(col))
    eds = db.execute("SELECT count(DISTINCT edition) FROM rounds").fetchone()[0]
    assert eds == 2
    # Across editions only requirements whose text did not change are compared.
    changed = db.execute(
        "SELECT count(*) FROM changes c JOIN requirements a ON a.id = c.requirement "
        "GROUP BY a.id HAVING count(DISTINCT a.text) > 1"
    ).fetchall()
    assert changed == []


def test_requirement_texts_do_not_depend_on_a_countys_data():
    """The province reads each edition's requirements without county data (placeholders, fast); that is
    only right while no requirement quotes a county's numbers: the texts with and without the bundled
    Jianshi data must be the same."""
    from toolkit.conformance.bindings import load_requirements, requirements_without_data

    with_data = [(r.id, r.clause, r.level, r.text) for r in load_requirements(ROOT)]
    assert with_data == [(r.id, r.clause, r.level, r.text) for r in requirements_without_data(ROOT)]


def test_the_notice_is_a_gbt9704_draft_with_the_rounds_data(collected):
    """通报.docx read back: A4 with margins giving the 156 mm × 225 mm text block, the title, 主送, ranking
    rows from the data, the counties' failures with clause text, 附件 and 成文日期."""
    import datetime as dt

    from docx import Document
    from docx.shared import Mm

    from toolkit.province import NOTICE, heading_of

    col, _ = collected
    h = heading_of(col, "湖北省政务管理办公室", "各市（州）政务管理办公室", dt.date(2026, 3, 31))
    files = outputs(col, h)
    doc = Document(io.BytesIO(files[NOTICE]))
    sec = doc.sections[0]
    mm = [round(x / Mm(1), 1) for x in (sec.page_width, sec.page_height, sec.top_margin, sec.left_margin)]
    assert mm == [210, 297, 37, 28]  # A4; 天头 37 mm, 订口 28 mm
    assert round((sec.page_width - sec.left_margin - sec.right_margin) / Mm(1), 1) == 156
    assert round((sec.page_height - sec.top_margin - sec.bottom_margin) / Mm(1), 1) == 225
    paras = [p.text for p in doc.paragraphs]
    assert paras[0].startswith("关于") and paras[0].endswith("实施情况的通报") and "DB42/T" in paras[0]
    assert doc.paragraphs[0].runs[0].bold and doc.paragraphs[0].runs[0].font.size.pt == 22
    assert "各市（州）政务管理办公室：" in paras
    assert "湖北省政务管理办公室" in paras and "2026年3月31日" in paras
    assert any(p.startswith("附件：1.") for p in paras)
    assert doc.styles["Normal"].font.size.pt == 16  # 3号
    # Ranking rows come from the data: every county, in rank order, with its score.
    db = db_of(files)
    want = [(str(r[0]), r[1], f"{r[2]:g}") for r in db.execute(
        "SELECT rank, county, score FROM county_summary ORDER BY rank, division_code")]  # fmt: skip
    ranking = next(t for t in doc.tables if t.rows[0].cells[0].text == "名次")
    got = [(r.cells[0].text, r.cells[2].text, r.cells[3].text) for r in ranking.rows[1:]]
    assert got == want and len(got) == N
    # The most failed requirement is named with its clause and the edition's text.
    top = db.execute("SELECT clause, text, counties_failing FROM requirement_failures").fetchone()
    assert any(top[0] in p and top[1] in p and f"{top[2]} 个县不符合" in p for p in paras)
    assert outputs(col, h)[NOTICE] == files[NOTICE]  # reproducible


def test_counties_not_reporting_are_listed_for_every_round_not_only_the_last(tmp_path):
    """Issue #30: a county that reported in round 1 but not round 2, one only in round 2, one in neither."""
    write_reports(tmp_path / "r", 6, rounds=2)
    codes = sorted(p.name for p in (tmp_path / "r" / "round-1").iterdir())
    only_second, only_first, neither = codes[0], codes[1], codes[2]
    shutil.rmtree(tmp_path / "r" / "round-1" / only_second)
    shutil.rmtree(tmp_path / "r" / "round-2" / only_first)
    for r in ("round-1", "round-2"):
        shutil.rmtree(tmp_path / "r" / r / neither)
    plan = tmp_path / "rounds.yaml"
    write_plan(plan, 2)
    plan.write_text(plan.read_text("utf-8") + f"expected: {json.dumps(codes)}\n", "utf-8")
    col = collect([str(tmp_path / "r")], rounds=plan)
    want = {"模拟第1轮": sorted([only_second, neither]), "模拟第2轮": sorted([only_first, neither])}
    from toolkit.province import summary

    assert summary(col)["not_reported"] == want
    db = db_of(outputs(col))
    rows = db.execute("SELECT period, division_code FROM not_reported_rounds").fetchall()
    assert {p: sorted(c for q, c in rows if q == p) for p in want} == want
    assert sorted(c for (c,) in db.execute("SELECT division_code FROM not_reported")) == want["模拟第2轮"]
    r = _stdkit(
        "province", "collect", str(tmp_path / "r"), "--rounds", str(plan), "--out", str(tmp_path / "o")
    )
    assert r.returncode == 0, r.stderr
    assert "应报告而未报告：模拟第1轮 2 个县，模拟第2轮 2 个县。" in r.stdout

"""Conformance: bindings and the coverage gate, the checks on the example county's planted deviations,
the reports (JSON, HTML, XLSX) and the website section."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from toolkit.conformance import (
    CHECKS,
    FAIL,
    assess,
    blank_report,
    load_bindings,
    load_requirements,
    origin_of,
    report_files,
    uncovered,
)
from toolkit.conformance.reports import render_text
from toolkit.core import guide
from toolkit.core.errors import StdkitError
from toolkit.core.load import load_project

ROOT = Path(__file__).resolve().parent.parent
SHILI = ROOT / "examples" / "shili"

# The deviations planted in examples/shili (see its README.md): requirement id -> locations of the failures.
PLANTED = {
    "village-station-one": {"items/network/villages.yaml:23"},  # 双河村 0 windows
    "teams-three": {"items/network/teams.yaml:3"},  # no 帮帮团
    "sinking-assisted": {"items/network/teams.yaml:3"},
    "items-guide-elements": {"items/services/zwj/zx-ts.yaml:3"},  # guide without conditions/materials
    "general-principle-list": {"items/services/swj/fp-ly.yaml:19"},  # promised 10 days > legal 5 days
    "one-window-push": {"items/services/swj/fp-ly.yaml:19"},
    "general-three-levels": {"items/network/village-items.yaml:10"},  # village list names hunyin-dj
    "items-lists": {"items/network/village-items.yaml:10"},
    "township-item-list": {"items/network/village-items.yaml:10"},
    "village-item-list": {"items/network/village-items.yaml:10"},
    "annex-items-subset": {"items/network/village-items.yaml:10"},
}


@pytest.fixture(scope="session")
def requirements():
    return load_requirements(ROOT)


@pytest.fixture(scope="session")
def bindings(requirements):
    return load_bindings(requirements)


@pytest.fixture(scope="session")
def shili_report(requirements, bindings):
    return assess(load_project(SHILI, cross_check=False), requirements, bindings)


@pytest.fixture(scope="session")
def shili_origin():
    return origin_of(SHILI, ROOT)


def failures(report) -> dict[str, set[str]]:
    return {
        row.requirement.id: {str(loc) for f in row.findings if f.status == FAIL for loc in f.locations}
        for row in report.rows
        if row.status == FAIL
    }


def test_coverage_gate_every_shall_requirement_has_a_way_to_check(requirements, bindings):
    assert [r.id for r in uncovered(requirements, bindings)] == []
    assert sum(1 for r in requirements if r.level == "应") >= 30
    used = {c for b in bindings.values() for c in b.checks}
    assert used == set(CHECKS) - RETIRED, f"checks bound to no requirement: {set(CHECKS) - used - RETIRED}"
    assert RETIRED <= set(CHECKS)  # once checks.py drops them, empty RETIRED


# Checks of rules the standard no longer states (issue #29: no 2–5 windows, no mandatory 公安窗口 in 6.1);
# bound to nothing, left in checks.py for its owners (#25) to remove.
RETIRED = {"township-police-window", "township-comprehensive-windows"}


def test_coverage_gate_fails_and_lists_the_uncovered(requirements, bindings, tmp_path):
    shall = next(r for r in requirements if r.level == "应")
    trimmed = {k: v for k, v in bindings.items() if k != shall.id}
    assert [r.id for r in uncovered(requirements, trimmed)] == [shall.id]


def test_unknown_requirement_id_or_check_in_bindings_is_a_located_error(requirements, tmp_path):
    path = tmp_path / "bindings.yaml"
    path.write_text(
        "bindings:\n  township-windows:\n    checks: [township-comprehensive-windows]\n"
        "  no-such-requirement:\n    manual: 现场查看\n  township-layout:\n    checks: [no-such-check]\n",
        encoding="utf-8",
    )
    with pytest.raises(StdkitError) as exc:
        load_bindings(requirements, path)
    got = {(p.line, p.code) for p in exc.value.problems}
    assert got == {(4, "binding-unknown-requirement"), (7, "binding-unknown-check")}
    assert "不是标准中的要求" in str(exc.value)


def test_example_county_fails_exactly_the_planted_deviations(shili_report):
    assert failures(shili_report) == PLANTED
    assert not shili_report.passed


def test_example_county_loader_faults_become_results_not_crashes():
    # The loader itself rejects two of the planted faults; check still reports them (above).
    with pytest.raises(StdkitError) as exc:
        load_project(SHILI)
    assert {p.code for p in exc.value.problems} == {"list-unknown-item", "time-promised-exceeds-legal"}


def test_a_clean_copy_of_the_example_passes(requirements, bindings, tmp_path):
    county = tmp_path / "shili"
    shutil.copytree(SHILI, county)
    edits = {
        "items/network/townships.yaml": [
            ("comprehensive_windows: 6", "comprehensive_windows: 3"),
            ("police_windows: 0", "police_windows: 1"),
        ],
        "items/network/villages.yaml": [("windows: 0", "windows: 1")],
        "items/network/village-items.yaml": [("- hunyin-dj\n", "")],
        "items/services/swj/fp-ly.yaml": [("promised_limit:\n  days: 10", "promised_limit:\n  days: 1")],
    }
    for rel, pairs in edits.items():
        text = (county / rel).read_text(encoding="utf-8")
        for old, new in pairs:
            assert old in text
            text = text.replace(old, new)
        (county / rel).write_text(text, encoding="utf-8")
    report = assess(load_project(county, cross_check=False), requirements, bindings)
    assert set(failures(report)) == {"teams-three", "sinking-assisted", "items-guide-elements"}


def test_json_report_shape_and_text_summary(shili_report, shili_origin):
    data = json.loads(report_files(shili_report, shili_origin)["report.json"])
    assert set(data) == {
        "format",
        "version",
        "toolkit",
        "generated",
        "county",
        "standard",
        "data",
        "summary",
        "results",
    }
    assert data["county"]["division_code"] == "429999" and data["standard"]["stage"] == "征求意见稿"
    assert data["summary"]["failed_shall"] == len(PLANTED)
    assert data["summary"]["totals"]["不符合"] == len(PLANTED)
    row = next(r for r in data["results"] if r["requirement"] == "village-station-one")
    assert {"requirement", "clause", "level", "status", "message", "locations"} <= set(row)
    assert row["status"] == "不符合" and row["level"] == "应"
    assert row["locations"] == [{"file": "items/network/villages.yaml", "line": 23}]
    assert "双河村" in row["message"] and "便民服务窗口" in row["message"]
    text = render_text(shili_report)
    assert "按章汇总" in text and "items/network/villages.yaml:23" in text
    assert f"{len(PLANTED)} 条“应”类要求不符合" in text


def test_html_report_is_self_contained_and_escapes(shili_report, shili_origin):
    html = report_files(shili_report, shili_origin)["report.html"].decode()
    assert "双河村" in html and "items/network/villages.yaml:23" in html
    assert not re.search(r"(src|href)=\"?(https?:)?//", html), "no external requests"
    assert "<script" not in html


def test_xlsx_checklist_has_dropdown_prefilled_automated_rows_and_is_reproducible(
    shili_report, shili_origin, monkeypatch
):
    data = report_files(shili_report, shili_origin)["checklist.xlsx"]
    wb = load_workbook(io.BytesIO(data))
    ws = wb["核查表"]
    header = [c.value for c in ws[2]]
    assert {"要求编号", "核查结果", "证据", "备注"} <= set(header)
    col = {name: i for i, name in enumerate(header)}
    result_letter = ws.cell(row=2, column=col["核查结果"] + 1).column_letter
    dvs = ws.data_validations.dataValidation
    assert len(dvs) == 1 and dvs[0].type == "list" and "不符合" in dvs[0].formula1
    assert str(dvs[0].sqref) == f"{result_letter}3:{result_letter}{ws.max_row}"
    rows = {r[col["要求编号"]].value: r for r in ws.iter_rows(min_row=3)}
    assert rows["village-station-one"][col["核查结果"]].value == "不符合"
    assert rows["village-station-one"][col["位置"]].value == "items/network/villages.yaml:23"
    assert rows["county-hall-site"][col["核查结果"]].value is None  # manual: left for the inspector
    assert "GB/T 36112" in rows["county-hall-site"][col["核查方式"]].value
    # Same data, same bytes; SOURCE_DATE_EPOCH moves the dates.
    assert report_files(shili_report, shili_origin)["checklist.xlsx"] == data
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert {i.date_time for i in z.infolist()} == {(2024, 1, 1, 0, 0, 0)}
        assert b"2024-01-01T00:00:00Z" in z.read("docProps/core.xml")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    with zipfile.ZipFile(io.BytesIO(report_files(shili_report, shili_origin)["checklist.xlsx"])) as z:
        assert b"2023-11-14T22:13:20Z" in z.read("docProps/core.xml")


def test_printable_checklist_of_the_whole_standard(requirements, bindings):
    from toolkit.conformance.reports import render_checklist_html

    html = render_checklist_html(blank_report(requirements, bindings))
    assert html.count("<tr><td>") == len(requirements)
    assert "@media print" in html and "现场查看综合服务区及其综合窗口" in html
    assert not re.search(r"(src|href)=\"?(https?:)?//", html)


def _stdkit(*args, cwd=None):
    return subprocess.run(
        [sys.executable, "-c", "from toolkit.cli import main; main()", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_cli_check_writes_reports_and_exits_1_on_failures(tmp_path):
    out = tmp_path / "out"
    r = _stdkit("check", str(SHILI), "--out", str(out))
    assert r.returncode == 1, r.stderr
    assert "不符合项" in r.stdout and "items/network/teams.yaml:3" in r.stdout
    assert sorted(p.name for p in out.iterdir()) == ["checklist.xlsx", "report.html", "report.json"]
    r = _stdkit("check", str(tmp_path / "nowhere"), "--out", str(tmp_path / "out2"))
    assert r.returncode == 1 and "不存在" in r.stderr and "Traceback" not in r.stderr
    assert not (tmp_path / "out2").exists()


def test_cli_check_never_writes_its_reports_into_the_county_data(tmp_path):
    county = tmp_path / "shili"
    shutil.copytree(SHILI, county)
    before = sorted(p.relative_to(county).as_posix() for p in county.rglob("*"))
    for out in (county / "items", county / "items" / "reports", county):
        r = _stdkit("check", str(county), "--out", str(out))
        assert r.returncode == 1 and "Traceback" not in r.stderr, r.stderr
        assert f"{out}:1:1:" in r.stderr and "--out" in r.stderr, r.stderr
        assert sorted(p.relative_to(county).as_posix() for p in county.rglob("*")) == before
    r = _stdkit("check", str(county), "--out", str(county / "conformance-report"))  # beside the data: fine
    assert (county / "conformance-report" / "report.json").is_file(), r.stderr


def test_cli_checklist_coverage_gate_passes(tmp_path):
    r = _stdkit("checklist", "--out", str(tmp_path))
    assert r.returncode == 0, r.stderr
    assert "覆盖检查通过" in r.stdout
    assert (tmp_path / "checklist.html").is_file() and (tmp_path / "checklist.xlsx").is_file()


def test_site_section_passes_mkdocs_strict(shili_report, tmp_path):
    from toolkit.conformance import render_site_section

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# 首页\n\n[符合性检查](conformance/index.md)\n", encoding="utf-8")
    pages = render_site_section(load_project(SHILI, cross_check=False), docs, standard=ROOT)
    assert pages == ["conformance/index.md", "conformance/checklist.md", "conformance/report.md"]
    report = (docs / "conformance/report.md").read_text(encoding="utf-8")
    assert "`items/network/villages.yaml:23`" in report
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\nvalidation: {omitted_files: warn, absolute_links: warn, unrecognized_links: warn, anchors: warn}\n",
        encoding="utf-8",
    )
    r = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert r.returncode == 0, r.stderr
    assert "WARNING" not in r.stderr


def test_bundled_jianshi_data_fails_only_on_its_incomplete_guides(requirements, bindings):
    """Jianshi's topped-up catalogue entries have no guide yet: 8.3 says so, with the number."""
    project = load_project(ROOT)
    report = assess(project, requirements, bindings)
    incomplete = sum(1 for i in project.items.values() if not guide.complete(project, i))
    assert incomplete > 1000
    assert [r.requirement.id for r in report.failed_shall()] == ["items-guide-elements"]
    assert f"{incomplete}个事项（共{len(project.items)}个）只有目录信息" in report.failed_shall()[0].message


def _drafter_copy(tmp_path: Path) -> Path:
    """A drafter's copy of the standard (no data) with one new 应 provision appended to a body chapter."""
    root = tmp_path / "draft"
    shutil.copytree(ROOT / "standard", root / "standard")
    from toolkit.standard.source import source_files

    body = next(
        p
        for p in (root / rel for rel in source_files(root))
        if "kind: chapter" in (t := p.read_text("utf-8")) and ("role:" not in t or "role: body" in t)
    )
    body.write_text(
        body.read_text("utf-8").rstrip("\n") + "\n\n新设的服务台应配备导办人员。 {#drafter-new-desk}\n",
        "utf-8",
    )
    return root


def test_coverage_uses_the_standard_of_the_folder_and_its_own_bindings(tmp_path):
    root = _drafter_copy(tmp_path)
    r = _stdkit("checklist", "--coverage", cwd=root)
    assert r.returncode == 1
    assert "drafter-new-desk" in r.stderr and "本文件夹中的标准文本" in r.stderr
    assert str(root / "standard/requirements.yaml") in r.stderr and "toolkit/conformance" not in r.stderr
    total = len(load_requirements(ROOT))
    bindings = root / "standard/requirements.yaml"
    bindings.write_text(
        bindings.read_text("utf-8") + "  drafter-new-desk:\n    manual: 现场查看服务台\n", encoding="utf-8"
    )
    r = _stdkit("checklist", "--coverage", str(root))
    assert r.returncode == 0, r.stderr
    assert f"{total + 1} 条要求" in r.stdout
    (bindings).unlink()
    r = _stdkit("checklist", "--coverage", str(root))
    assert r.returncode == 1 and "binding-missing" in r.stderr and "Traceback" not in r.stderr


def test_check_without_a_standard_says_it_uses_the_toolkits(tmp_path):
    r = _stdkit("check", str(SHILI), "--out", str(tmp_path / "out"))
    assert "工具包自带的标准文本" in r.stderr
    root = _drafter_copy(tmp_path)
    shutil.copytree(SHILI / "items", root / "items")
    shutil.copytree(SHILI / "flowcharts", root / "flowcharts")
    with open(root / "standard/requirements.yaml", "a", encoding="utf-8") as fh:
        fh.write("  drafter-new-desk:\n    manual: 现场查看服务台\n")
    out = tmp_path / "out2"
    r = _stdkit("check", str(root), "--out", str(out), "--format", "json")
    assert "本文件夹中的标准文本" in r.stderr
    ids = [row["requirement"] for row in json.loads(r.stdout)["results"]]
    assert "drafter-new-desk" in ids


def test_report_sentences_are_joined_without_a_full_stop_before_a_semicolon(shili_report, shili_origin):
    texts = [render_text(shili_report)] + [
        data.decode("utf-8", "replace")
        for name, data in report_files(shili_report, shili_origin).items()
        if name != "checklist.xlsx"
    ]
    assert all("。；" not in t for t in texts)
    from toolkit.conformance.runner import join_sentences

    assert join_sentences(["设综合服务大厅。", "设公安专区。", ""]) == "设综合服务大厅；设公安专区。"
    rows = [r for r in shili_report.rows if r.findings and r.status != FAIL]
    assert rows and all("。；" not in r.message and r.message.endswith("。") for r in rows)


def _zone_results(county: Path) -> list:
    from toolkit.conformance.checks import CHECKS

    return list(CHECKS["county-special-zones"].fn(load_project(county, cross_check=False)))


def test_theme_zones_are_optional_but_items_must_be_handled_where_the_centre_has_a_zone(tmp_path):
    """主题专区 is a 可 provision: a centre without zones passes; an item handled in a zone the centre
    does not have fails at that item's `counter`."""
    county = tmp_path / "shili"
    shutil.copytree(SHILI, county)
    centre = county / "items/network/county-centre.yaml"
    text = centre.read_text(encoding="utf-8")
    centre.write_text(text.replace("  - {counter: 税务专区, name: 税务主题专区, windows: 2}\n", ""), "utf-8")
    results = _zone_results(county)
    failed = [r for r in results if r.status == "不符合"]
    assert failed and all("税务专区" in r.message for r in failed)
    assert {loc.file for r in failed for loc in r.locations} == {"items/services/swj/fp-ly.yaml"}

    lines = [ln for ln in text.splitlines(keepends=True) if "专区, name:" not in ln]
    centre.write_text("".join(lines).replace("special_zones:", "special_zones: []"), "utf-8")
    for rel in ("gaj/jmsfz.yaml", "gaj/hkqy.yaml", "swj/fp-ly.yaml"):
        item = county / "items/services" / rel
        body = item.read_text(encoding="utf-8")
        item.write_text(
            body.replace("counter: 公安专区", "counter: 综合窗口").replace(
                "counter: 税务专区", "counter: 综合窗口"
            ),
            "utf-8",
        )
    results = _zone_results(county)
    assert [r.status for r in results] == ["符合"] and "未设主题专区" in results[0].message


def _qr_check(county: Path) -> list:
    from toolkit.conformance.checks import CHECKS

    return list(CHECKS["item-qrcode"].fn(load_project(county, cross_check=False)))


def test_qr_check_fails_exactly_when_the_built_code_passes_version_4(tmp_path):
    """The check asks the QR module the build uses (same URL, same code), so the two never disagree."""
    from toolkit.core import urls
    from toolkit.office import qrcode as qr

    county = tmp_path / "shili"
    shutil.copytree(SHILI, county)
    project = load_project(county, cross_check=False)
    longest = max(project.items, key=len)
    fits = "https://zw.shili.example/"
    room = 46 - len(urls.short_url(fits, longest).encode())  # version 4-Q holds 46 bytes in byte mode
    for extra, fails in ((room, False), (room + 1, True)):
        site = f"https://zw{'a' * extra}.shili.example/"
        (county / "mkdocs.yml").write_text(f"site_url: {site}\n", encoding="utf-8")
        assert (qr.largest_version(site, [longest]) > qr.MAX_VERSION) is fails
        failed = [r for r in _qr_check(county) if r.status == FAIL]
        assert bool(failed) is fails, extra
    assert urls.short_url(site, longest) in failed[0].message and "第5版" in failed[0].message
    assert {loc.file for loc in failed[0].locations} == {project.source("item", longest).file}


def test_every_check_written_is_run_by_its_name():
    """A function decorated with @check in checks.py is in CHECKS (the runner, the bindings and the reports
    look checks up there); two checks with one name are refused."""
    import ast

    from toolkit.conformance import checks
    from toolkit.conformance.registry import Check

    tree = ast.parse(Path(checks.__file__).read_text(encoding="utf-8"))
    decorated = [
        d.args[0].value
        for f in tree.body
        if isinstance(f, ast.FunctionDef)
        for d in f.decorator_list
        if isinstance(d, ast.Call) and getattr(d.func, "id", "") == "check"
    ]
    assert decorated == list(checks.CHECKS)
    twice = Check("x", "甲", lambda p: iter(())), Check("x", "乙", lambda p: iter(()))
    with pytest.raises(ValueError, match="duplicate"):
        checks._by_name(twice)

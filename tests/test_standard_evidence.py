"""Annex C and the 编制说明 take the report's figures only from its own words (sources/jianshi-report.yaml,
each quote verbatim in sources/jianshi-report.txt); the 编制说明 has a basis row for every 应/宜 provision in
clause order and every figure the reviewers asked for, exactly as the report gives it."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml

from toolkit.core import escape
from toolkit.core.folder import Folder
from toolkit.core.load import load_project
from toolkit.drafting.explanation import render_markdown
from toolkit.standard import lint, load_standard
from toolkit.standard.data import context
from toolkit.standard.evidence import load_evidence
from toolkit.standard.metadata import load_metadata
from toolkit.standard.model import plain

ROOT = Path(__file__).resolve().parent.parent
REPORT = (ROOT / "sources/jianshi-report.txt").read_text(encoding="utf-8")
# The figures issue #29 lists, as the report writes them.
FIGURES = (
    "32个部门的1341项政务服务事项",
    "21个站所328项政务服务事项",
    "负责办理97项便民服务事项",
    "405个村(社区)便民服务站",
    "将60项服务事项审批权限下放到乡镇、115项服务事项收件端前移到乡镇",
    "共43项服务事项的收件端前移至村(社区)",
    "针对47项可网办事项",
    "4118人次,办理业务4000余件",
    "537人次,办理业务500余件",
    "18200余人次,开展服务17600余件",
    "前后用时至少1周",
    "最快仅需30分钟",
    "从最多需要2天压缩至最短20分钟以内",
    "向全省进行推介",
    "于2021年4月中旬启动综合窗口改造升级,5月中旬进入试运行",
    "《建始县政务服务“一窗通办”改革工作方案》《建始县政务服务县乡村一体化改革方案》",
)


@pytest.fixture(scope="module")
def project():
    return load_project(ROOT)


@pytest.fixture(scope="module")
def explanation(project) -> str:
    folder = Folder(ROOT)
    std = load_standard(folder, project)
    return render_markdown(folder, std, context(project, load_metadata(folder), folder))


def test_every_quote_stands_verbatim_in_the_report():
    data = yaml.safe_load((ROOT / "sources/jianshi-report.yaml").read_text(encoding="utf-8"))
    assert data["source"]["file"] == "sources/jianshi-report.txt"
    for q in data["quotes"]:
        assert q["quote"] in REPORT, q["key"]
    assert all(f in REPORT for f in FIGURES)


def test_the_explanation_quotes_each_figure_exactly(explanation):
    for figure in FIGURES:
        assert figure in explanation, figure
    assert "验证了本文件的要求在其他县" not in explanation  # 81 visits are not a verification
    assert "文号：待补充" in explanation and "项目编号：待补充" in explanation


def test_basis_row_for_every_shall_and_should_provision_in_clause_order(explanation, project):
    std = load_standard(ROOT, project)
    wanted = [r.clause for r in std.requirements if r.level in ("应", "宜")]
    section = explanation.split("（二）各条款的确定依据")[1].split("\n（三）主要试验")[0]
    rows = [line.split(" | ") for line in section.splitlines() if line.startswith("| ") and "---" not in line]
    assert [escape.unmd(r[0].strip("| ")) for r in rows[1:]] == wanted
    assert all(r[3].strip(" |") and "待补充" not in r[3] for r in rows[1:])


def test_report_figures_in_the_bases_are_the_reports():
    data = yaml.safe_load((ROOT / "standard/requirements.yaml").read_text(encoding="utf-8"))
    for rid, entry in data["bindings"].items():
        basis = entry.get("basis", "")
        for said in re.findall(r"报道：([^；]*)", basis):
            for number in re.findall(r"\d+(?:\.\d+)?", said):
                assert number in REPORT, (rid, number)


def test_annex_c_quotes_the_report_and_labels_what_is_computed(project):
    std = load_standard(ROOT, project)
    part = next(p for p in std.parts if p.clause.id == "annex-example")
    tables = [b for c in part.clause.walk() for b in c.blocks if b.kind == "table"]
    first = tables[0]
    assert first.number == "表C.1" and all(plain(row[1]) in REPORT for row in first.rows[1:])
    assert all("统计" in b.text for b in tables[1:] if b.source not in ("hall-layout", "teams"))
    assert "reengineering" not in {b.source for b in tables}  # no before/after totals without a source
    teams = next(b for b in tables if b.source == "teams")
    cells = {c for row in teams.rows for c in row}
    assert {"4118人次", "4000余件", "537人次", "500余件"} <= cells
    text = " ".join(plain(b.text) for c in part.clause.walk() for b in c.blocks)
    assert "实际数据" not in text


def test_an_altered_quote_is_a_located_error(tmp_path):
    for name in ("standard", "sources"):
        shutil.copytree(ROOT / name, tmp_path / name)
    path = tmp_path / "sources/jianshi-report.yaml"
    text = path.read_text(encoding="utf-8").replace("4118人次", "4,118人次")
    path.write_text(text, encoding="utf-8")
    line = next(n for n, t in enumerate(text.splitlines(), 1) if "4,118人次" in t)
    found = [(p.file, p.line, p.code) for p in lint(tmp_path)]
    assert ("sources/jianshi-report.yaml", line - 2, "std-evidence-quote") in found


def test_the_quotes_are_shown_only_for_their_county():
    folder = Folder(ROOT)
    other = SimpleNamespace(county=SimpleNamespace(name="广安区"))
    assert load_evidence(folder, other) is None
    assert load_evidence(folder, SimpleNamespace(county=SimpleNamespace(name="建始县"))) is not None

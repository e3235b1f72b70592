"""The comment cycle: form, import (checked against the draft), decisions, and the 汇总处理表 — which
keeps each comment on its clause when the numbering changes."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import docx
import pytest
import yaml
from openpyxl import Workbook, load_workbook
from typer.testing import CliRunner

from toolkit.cli import app
from toolkit.core.errors import StdkitError
from toolkit.drafting.clauses import load_index
from toolkit.drafting.store import load_batches
from toolkit.drafting.summary import compile_summary, rows, summary_line
from toolkit.standard.metadata import load_metadata

ROOT = Path(__file__).resolve().parent.parent
HEAD = ["序号", "章条编号", "意见内容", "修改建议", "提出单位", "联系人"]


@pytest.fixture
def draft(tmp_path) -> Path:
    """A copy of the bundled standard's sources (clause numbers do not depend on county data)."""
    shutil.copytree(ROOT / "standard", tmp_path / "std" / "standard")
    shutil.rmtree(tmp_path / "std" / "standard" / "comments", ignore_errors=True)
    return tmp_path / "std"


def _form(path: Path, rows: list[list[object]]) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(["意见反馈表"])
    ws.append(HEAD)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def _run(*args: str):
    return CliRunner().invoke(app, list(args))


def test_template_offers_the_real_clause_numbers(draft, tmp_path):
    out = tmp_path / "form.xlsx"
    res = _run("comments", "template", str(out), "--dir", str(draft))
    assert res.exit_code == 0, res.output
    wb = load_workbook(out)
    ws = wb["意见反馈表"]
    assert [c.value for c in ws[2]] == HEAD
    labels = [r[0] for r in wb["章条编号"].iter_rows(values_only=True)]
    index = load_index(draft)
    assert labels == list(index.labels)
    assert {"全文", "前言", "5.2", "5.2.1", "表A.1", "附录A", "A.1"} <= set(labels)
    (dv,) = ws.data_validations.dataValidation
    assert dv.type == "list" and "章条编号" in dv.formula1 and "B3" in str(dv.sqref)
    assert "填写说明" in wb.sheetnames and "章条编号" in wb["填写说明"]["A2"].value
    again = tmp_path / "again.xlsx"
    _run("comments", "template", str(again), "--dir", str(draft))
    assert again.read_bytes() == out.read_bytes()


def test_wrong_clause_number_refused_with_row_and_nearest(draft, tmp_path):
    form = _form(
        tmp_path / "a.xlsx",
        [
            [1, "5.2", "建议增加无障碍通道。", "", "建始县残联", "张三"],
            [2, "5.9", "时限过短。", "", "恩施州政务办", ""],
        ],
    )
    with pytest.raises(StdkitError) as exc:
        from toolkit.drafting.importer import import_forms

        import_forms(draft, [form])
    (p,) = exc.value.problems
    assert (p.file, p.line, p.path) == ("a.xlsx", 4, "章条编号")
    assert "“5.9”在本稿中不存在" in p.message and "最接近的章条是“5.4”" in p.hint
    assert not (draft / "standard" / "comments").exists()  # nothing written
    res = _run("comments", "import", str(form), "--dir", str(draft))
    assert res.exit_code == 1 and "Traceback" not in res.output and "a.xlsx:4" in res.output


def _import_three_forms(draft: Path, tmp_path: Path) -> None:
    _form(
        tmp_path / "a.xlsx",
        [
            [1, "第５．２条", "建议增加无障碍通道。", "增加“应设无障碍通道”。", "建始县残联", "张三"],
            [2, "全文", '=HYPERLINK("http://x")', "", "建始县残联", ""],
        ],
    )
    with open(tmp_path / "b.csv", "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(HEAD)
        w.writerow([1, "5.2", "建议增加无障碍通道。", "", "建始县残联", ""])  # duplicate of a.xlsx row 3
        w.writerow([2, "附录 a", "要素表缺少“承诺时限”。", "", "恩施州政务办", "李四"])
    d = docx.Document()
    t = d.add_table(rows=2, cols=6)
    for cell, v in zip(t.rows[0].cells, HEAD, strict=True):
        cell.text = v
    for cell, v in zip(
        t.rows[1].cells, ["1", "5.2.1", "窗口数量宜按人口确定。", "", "巴东县政务办", ""], strict=True
    ):
        cell.text = v
    d.save(tmp_path / "c.docx")
    res = _run(
        "comments", "import", str(tmp_path / "a.xlsx"), str(tmp_path / "b.csv"), str(tmp_path / "c.docx"),
        "--dir", str(draft),
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    assert "3 个单位的 4 条意见" in res.output and "1 条重复意见" in res.output


def _decide(draft: Path, decisions: list[tuple[str, str]]) -> None:
    path = draft / "standard" / "comments" / "batch-01.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for c, (d, reason) in zip(data["comments"], decisions, strict=True):
        c["decision"], c["reason"] = d, reason
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_import_decide_and_summary_counts(draft, tmp_path):
    _import_three_forms(draft, tmp_path)
    (batch,) = load_batches(draft)
    got = [(c.clause, c.number, c.unit) for c in batch.data.comments]
    assert got == [
        ("county-hall", "5.2", "建始县残联"),
        ("~whole", "全文", "建始县残联"),
        ("annex-items", "附录A", "恩施州政务办"),
        ("county-hall-functions", "5.2.1", "巴东县政务办"),
    ]
    index = load_index(draft)
    table = rows([batch], index)
    assert summary_line(table) == "共收到3个单位4条意见，采纳0条，部分采纳0条，未采纳0条，尚未处理4条。"
    _decide(
        draft,
        [
            ("采纳", ""),
            ("未采纳", "与本标准无关。"),
            ("部分采纳", "增加承诺时限，不增加收费。"),
            ("未采纳", ""),
        ],
    )
    with pytest.raises(StdkitError) as exc:
        load_batches(draft)
    assert exc.value.problems[0].code == "comment-reason" and "理由" in exc.value.problems[0].message
    _decide(
        draft,
        [
            ("采纳", ""),
            ("未采纳", "与本标准无关。"),
            ("部分采纳", "增加承诺时限。"),
            ("未采纳", "人口差异大。"),
        ],
    )
    out = compile_summary(draft, load_metadata(draft), index)
    line = "共收到3个单位4条意见，采纳1条，部分采纳1条，未采纳2条。"
    sheet = load_workbook(io.BytesIO(out["comments-summary.xlsx"])).active
    values = [[c for c in r] for r in sheet.iter_rows(values_only=True)]
    assert values[2] == ["序号", "标准章条编号", "意见内容", "提出单位", "处理意见"]
    assert [r[1] for r in values[3:7]] == ["全文", "5.2", "5.2.1", "附录A"]  # document order
    assert values[3][2] == '=HYPERLINK("http://x")'  # kept as text, never a formula
    assert sheet.cell(row=4, column=3).data_type == "s"
    assert values[7][0] == "说明：" + line
    doc = docx.Document(io.BytesIO(out["comments-summary.docx"]))
    cells = [[c.text for c in r.cells] for r in doc.tables[0].rows]
    assert cells[0] == ["序号", "标准章条编号", "意见内容", "提出单位", "处理意见"]
    assert cells[4] == ["4", "附录A", "要素表缺少“承诺时限”。", "恩施州政务办", "部分采纳。增加承诺时限。"]
    assert any(p.text == "说明：" + line for p in doc.paragraphs)
    assert compile_summary(draft, load_metadata(draft), index) == out  # byte-identical


def test_comments_survive_renumbering(draft, tmp_path):
    _import_three_forms(draft, tmp_path)
    src = draft / "standard" / "05-county-centre.md"
    text = src.read_text(encoding="utf-8")
    marker = "## 综合服务大厅 {#county-hall}"
    assert marker in text
    src.write_text(
        text.replace(marker, "## 新增条 {#county-new}\n\n新增的陈述。\n\n" + marker), encoding="utf-8"
    )
    (batch,) = load_batches(draft)
    table = rows([batch], load_index(draft))
    assert [r.number for r in table] == ["全文", "5.3", "5.3.1", "附录A"]
    assert table[1].text.startswith("建议增加无障碍通道。")
    src.write_text(text.replace(marker, "## 综合服务大厅 {#county-hall-renamed}"), encoding="utf-8")
    table = rows([batch], load_index(draft))
    assert "5.2（本稿已删除）" in [r.number for r in table]


@pytest.mark.slow  # builds the standard's downloads
def test_build_writes_the_summary_table(small_county, tmp_path):
    from buildrun import county_for_build

    from toolkit.build import build

    county = county_for_build(small_county, tmp_path / "county")
    shutil.rmtree(county / "standard" / "comments", ignore_errors=True)
    _import_three_forms(county, tmp_path)
    result = build(county, tmp_path / "out", only="standard", pdf=False)
    files = result.manifest["standard"]["files"]
    assert "downloads/comments-summary.docx" in files and "downloads/comments-summary.xlsx" in files
    doc = docx.Document(tmp_path / "out/downloads/comments-summary.docx")
    assert doc.paragraphs[0].text == "《县乡村政务服务体系建设》（征求意见稿）征求意见汇总处理表"
    assert [r.cells[1].text for r in doc.tables[0].rows[1:]] == ["全文", "5.2", "5.2.1", "附录A"]

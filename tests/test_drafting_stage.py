"""`stdkit stage next`: 征求意见稿 → 送审稿 only once every comment is handled; dates recorded in metadata."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from toolkit.cli import app
from toolkit.standard.metadata import load_metadata

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def draft(tmp_path) -> Path:
    shutil.copytree(ROOT / "standard", tmp_path / "std" / "standard")
    shutil.rmtree(tmp_path / "std" / "standard" / "comments", ignore_errors=True)
    return tmp_path / "std"


def _batch(draft: Path, decision: str, reason: str = "") -> None:
    folder = draft / "standard" / "comments"
    folder.mkdir(exist_ok=True)
    comment = {
        "clause": "county-hall",
        "number": "5.2",
        "text": "意见。",
        "unit": "某县",
        "decision": decision,
    }
    if reason:
        comment["reason"] = reason
    data = {"stage": "征求意见稿", "draft_date": "2024-06-28", "comments": [comment]}
    (folder / "batch-01.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def _round(draft: Path, name: str, data: dict) -> None:
    folder = draft / "standard" / "rounds"
    folder.mkdir(exist_ok=True)
    (folder / f"{name}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


SOLICITED = {
    "kind": "征求意见",
    "stage": "征求意见稿",
    "draft_date": "2024-06-28",
    "opened": "2024-07-01",
    "units": [{"name": "某县", "asked": "2024-07-01", "reply": "有意见", "replied": "2024-07-20"}],
}
REVIEWED = {
    "kind": "专家审查",
    "stage": "送审稿",
    "draft_date": "2024-09-10",
    "opened": "2024-10-15",
    "panel": [{"name": "甲", "role": "组长"}],
    "conclusion": "同意通过审查。",
}


def _next(draft: Path, date: str):
    return CliRunner().invoke(app, ["stage", "next", "--dir", str(draft), "--date", date])


def test_stage_next_waits_for_every_comment(draft):
    before = (draft / "standard/metadata.yaml").read_text(encoding="utf-8")
    res = _next(draft, "2024-09-10")
    assert res.exit_code == 1 and "还没有导入征求意见稿的反馈意见" in res.output
    _batch(draft, "待处理")
    res = _next(draft, "2024-09-10")
    assert res.exit_code == 1 and "batch-01.yaml" in res.output and "某县对5.2的意见尚未处理" in res.output
    assert (draft / "standard/metadata.yaml").read_text(encoding="utf-8") == before  # nothing written
    _batch(draft, "未采纳", "不符合上位规定。")
    res = _next(draft, "2024-09-10")
    assert res.exit_code == 1 and "没有征求意见稿的征求意见记录" in res.output  # the round must be recorded
    _round(draft, "01-zhengqiu", SOLICITED)
    res = _next(draft, "2024-09-10")
    assert res.exit_code == 0, res.output
    meta = load_metadata(draft)
    assert (meta.stage, meta.draft_date) == ("送审稿", "2024-09-10")
    assert meta.stages == {"征求意见稿": "2024-06-28", "送审稿": "2024-09-10"}
    text = (draft / "standard/metadata.yaml").read_text(encoding="utf-8")
    assert "# 标准元数据" in text  # the drafters' comments survive
    res = _next(draft, "2024-11-01")  # no 报批稿 without a recorded 专家审查
    assert res.exit_code == 1 and "没有送审稿的专家审查记录" in res.output
    _round(draft, "02-shencha", {**REVIEWED, "conclusion": ""})
    res = _next(draft, "2024-11-01")
    assert res.exit_code == 1 and "审查结论（conclusion）" in res.output
    _round(draft, "02-shencha", REVIEWED)
    assert _next(draft, "2024-11-01").exit_code == 0
    assert load_metadata(draft).stages["报批稿"] == "2024-11-01"
    res = _next(draft, "2025-01-01")  # 发布稿 needs the real number and dates
    assert res.exit_code == 1 and "发布稿的编号和发布、实施日期不能含 X" in res.output
    assert load_metadata(draft).stage == "报批稿"


def test_cover_follows_the_stage(draft):
    import io

    import docx

    from toolkit.standard import load_standard
    from toolkit.standard.docx_writer import write_docx

    def cover() -> list[str]:
        std = load_standard(draft, None, strict=False)
        doc = docx.Document(io.BytesIO(write_docx(std, load_metadata(draft), {})))
        return [p.text for p in doc.paragraphs[:20]]

    first = cover()
    assert "（征求意见稿）" in first and "（本稿完成日期：2024-06-28）" in first
    assert "在提交反馈意见时，请将您知道的相关专利连同支持性文件一并附上。" in first
    _batch(draft, "采纳")
    _round(draft, "01-zhengqiu", SOLICITED)
    assert _next(draft, "2024-09-10").exit_code == 0
    res = _next(draft, "2024-11-01")  # no 报批稿 without a recorded 专家审查
    assert res.exit_code == 1 and "没有送审稿的专家审查记录" in res.output
    _round(draft, "02-shencha", {**REVIEWED, "conclusion": ""})
    res = _next(draft, "2024-11-01")
    assert res.exit_code == 1 and "审查结论（conclusion）" in res.output
    _round(draft, "02-shencha", REVIEWED)
    assert _next(draft, "2024-11-01").exit_code == 0
    third = cover()
    assert "（报批稿）" in third and "（本稿完成日期：2024-11-01）" in third
    assert not any("专利" in t for t in third)


def test_checklist_names_the_stage_and_date(draft):
    from openpyxl import load_workbook

    from toolkit.conformance import checklist_files

    files = checklist_files(draft)
    assert (
        "DB42/T《县乡村政务服务体系建设》（征求意见稿，本稿日期 2024-06-28）"
        in files["checklist.html"].decode()
    )
    import io

    ws = load_workbook(io.BytesIO(files["checklist.xlsx"])).active
    assert "（征求意见稿，本稿日期 2024-06-28）" in ws["A1"].value


def test_a_stage_inside_a_quoted_title_is_not_touched(draft):
    path = draft / "standard/metadata.yaml"
    text = path.read_text(encoding="utf-8")
    title = "title: 县乡村政务服务体系建设\n"
    assert title in text
    path.write_text(text.replace(title, 'title: "县乡村政务服务体系建设\nstage: 报批稿"\n'), encoding="utf-8")
    _batch(draft, "采纳")
    _round(draft, "01-征求意见", SOLICITED)
    res = _next(draft, "2024-09-10")
    assert res.exit_code == 0, res.output
    meta = load_metadata(draft)
    assert (meta.stage, meta.draft_date, meta.title) == (
        "送审稿",
        "2024-09-10",
        "县乡村政务服务体系建设 stage: 报批稿",
    )
    after = path.read_text(encoding="utf-8")
    assert 'title: "县乡村政务服务体系建设\nstage: 报批稿"\n' in after and "# 标准元数据" in after
    assert "stage: 送审稿          # 征求意见稿 / 送审稿 / 报批稿 / 发布稿" in after  # its comment kept

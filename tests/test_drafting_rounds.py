"""One full drafting cycle on the bundled standard, as the drafting group runs it: a 征求意见 round recorded
with the units asked (one replies 无意见, one not at all), forms returned as xlsx, docx and csv, the text
renumbered, a late reply citing the old draft's "5.3", `stage next`; a 专家审查 round with its panel,
`stage next`. Each round has its own table (title, counts, rows) and the late reply lands on the clause
it meant."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
import yaml
from openpyxl import Workbook, load_workbook
from typer.testing import CliRunner

from toolkit.cli import app
from toolkit.drafting.clauses import load_index
from toolkit.drafting.summary import compile_summary
from toolkit.standard.metadata import load_metadata

ROOT = Path(__file__).resolve().parent.parent
HEAD = ["序号", "章条编号", "意见内容", "修改建议", "提出单位", "联系人"]
TITLE = "县乡村政务服务体系建设"


def _git(repo: Path, *args: str) -> str:
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@t", "PATH": "/usr/bin:/bin", "HOME": str(repo)}  # fmt: skip
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True, env=env).stdout.strip()  # fmt: skip


@pytest.fixture
def draft(tmp_path) -> Path:
    """The bundled standard in a git repository of its own: the 征求意见稿 committed."""
    repo = tmp_path / "std"
    shutil.copytree(ROOT / "standard", repo / "standard")
    shutil.rmtree(repo / "standard" / "comments", ignore_errors=True)
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "征求意见稿")
    return repo


def _run(*args: str):
    return CliRunner().invoke(app, list(args))


def _xlsx(path: Path, rows: list[list[object]]) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(["意见反馈表"])
    ws.append(HEAD)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def _round(repo: Path, name: str, data: dict) -> None:
    (repo / "standard/rounds").mkdir(exist_ok=True)
    (repo / f"standard/rounds/{name}.yaml").write_text(
        yaml.safe_dump(data, allow_unicode=True), encoding="utf-8"
    )


def _decide_all(repo: Path) -> None:
    for path in sorted((repo / "standard/comments").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for n, c in enumerate(data["comments"]):
            c["decision"], c["reason"] = ("采纳", "") if n % 2 == 0 else ("未采纳", "与上位文件不一致。")
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _first_round_forms(tmp: Path) -> list[str]:
    a = _xlsx(tmp / "a.xlsx", [[1, "5.2", "建议增加无障碍通道。", "", "甲县政务局", ""],
                               [2, "6.1", "公安窗口的设置应因地制宜。", "", "甲县政务局", ""]])  # fmt: skip
    with open(tmp / "b.csv", "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(HEAD)
        w.writerow([1, "8.1", "更新时限请说明依据。", "", "乙县政务局", ""])
    d = docx.Document()
    t = d.add_table(rows=2, cols=6)
    for cell, v in zip(t.rows[0].cells, HEAD, strict=True):
        cell.text = v
    for cell, v in zip(
        t.rows[1].cells, ["1", "11.1", "下放目录由谁批准？", "", "丙州司法局", ""], strict=True
    ):
        cell.text = v
    d.save(tmp / "c.docx")
    return [str(a), str(tmp / "b.csv"), str(tmp / "c.docx")]


def test_full_round_then_expert_review(draft, tmp_path):
    revision = _git(draft, "rev-parse", "HEAD")
    units = [
        {"name": "甲县政务局", "asked": "2024-07-01", "reply": "有意见", "replied": "2024-07-20"},
        {"name": "乙县政务局", "asked": "2024-07-01", "reply": "有意见", "replied": "2024-07-22"},
        {"name": "丙州司法局", "asked": "2024-07-01", "reply": "有意见", "replied": "2024-07-25"},
        {"name": "丁县政务局", "asked": "2024-07-01", "reply": "有意见", "replied": "2024-08-20"},
        {"name": "戊县政务局", "asked": "2024-07-01", "reply": "无意见", "replied": "2024-07-10"},
        {"name": "己县政务局", "asked": "2024-07-01"},
    ]
    _round(draft, "01-zhengqiu", {"kind": "征求意见", "stage": "征求意见稿", "draft_date": "2024-06-28",
                                  "revision": revision, "opened": "2024-07-01", "closed": "2024-07-31",
                                  "units": units})  # fmt: skip
    res = _run(
        "comments", "import", *_first_round_forms(tmp_path), "--dir", str(draft), "--round", "01-zhengqiu"
    )
    assert res.exit_code == 0, res.output

    # the drafters insert a clause before 5.3: the old 5.3 (主题专区) is now 5.4
    path = draft / "standard/05-county-centre.md"
    text = path.read_text(encoding="utf-8")
    new = "## 预约服务 {#county-booking}\n\n县级政务服务中心宜提供预约服务。 {#county-booking-offer}\n\n"
    path.write_text(text.replace("## 主题专区 {#county-special-zones}", new + "## 主题专区 {#county-special-zones}"), encoding="utf-8")  # fmt: skip
    assert load_index(draft).label("county-special-zones") == "5.4"
    assert load_index(draft).resolve("5.3") == "county-booking"  # what "5.3" means in today's text

    late = _xlsx(tmp_path / "late.xlsx", [[1, "5.3", "主题专区的事项清单应公开。", "", "丁县政务局", ""]])
    res = _run(
        "comments", "import", str(late), "--dir", str(draft), "--round", "01-zhengqiu", "--name", "late"
    )
    assert res.exit_code == 0, res.output
    late_batch = yaml.safe_load((draft / "standard/comments/late.yaml").read_text(encoding="utf-8"))
    assert [(c["clause"], c["number"]) for c in late_batch["comments"]] == [("county-special-zones", "5.3")]
    assert late_batch["stage"] == "征求意见稿"

    _decide_all(draft)
    res = _run("stage", "next", "--dir", str(draft), "--date", "2024-09-10")
    assert res.exit_code == 0, res.output
    assert load_metadata(draft).stage == "送审稿"

    # 专家审查 of the 送审稿: no 报批稿 before it is recorded
    assert _run("stage", "next", "--dir", str(draft), "--date", "2024-11-01").exit_code == 1
    _round(draft, "02-shencha", {"kind": "专家审查", "stage": "送审稿", "draft_date": "2024-09-10",
                                 "opened": "2024-10-15", "panel": [{"name": "张某", "role": "组长", "unit": "某大学"},
                                 {"name": "李某", "role": "成员"}], "conclusion": "审查组同意通过审查，按意见修改后报批。"})  # fmt: skip
    expert = _xlsx(tmp_path / "e.xlsx", [[1, "5.4", "主题专区公开的时限。", "", "审查专家组", ""],
                                         [2, "附录E", "核查方法宜按章分组。", "", "审查专家组", ""]])  # fmt: skip
    res = _run(
        "comments", "import", str(expert), "--dir", str(draft), "--round", "02-shencha", "--name", "expert"
    )
    assert res.exit_code == 0, res.output
    _decide_all(draft)
    res = _run("stage", "next", "--dir", str(draft), "--date", "2024-11-01")
    assert res.exit_code == 0, res.output

    out = compile_summary(draft, load_metadata(draft), load_index(draft))
    assert set(out) == {
        "comments-summary.docx",
        "comments-summary.xlsx",
        "expert-review.docx",
        "expert-review.xlsx",
    }
    first = docx.Document(io.BytesIO(out["comments-summary.docx"]))
    texts = [p.text for p in first.paragraphs]
    assert texts[0] == f"《{TITLE}》（征求意见稿）征求意见汇总处理表"  # the draft commented on, not 报批稿
    assert texts[-1] == ("说明：征求意见6个单位，5个单位回复（其中1个单位无意见）；共收到4个单位5条意见，"
                         "采纳3条，部分采纳0条，未采纳2条。")  # fmt: skip
    table = [[c.text for c in row.cells] for row in first.tables[0].rows[1:]]
    assert [(r[1], r[3]) for r in table] == [("5.2", "甲县政务局"), ("5.4", "丁县政务局"), ("6.1", "甲县政务局"),
                                             ("8.1", "乙县政务局"), ("11.1", "丙州司法局")]  # fmt: skip
    assert "主题专区的事项清单应公开" in table[1][2]  # the late reply on the clause it meant (now 5.4)
    second = docx.Document(io.BytesIO(out["expert-review.docx"]))
    texts = [p.text for p in second.paragraphs]
    assert texts[0] == f"《{TITLE}》（送审稿）专家审查意见处理表"
    assert "说明：审查专家组提出2条意见，采纳1条，部分采纳0条，未采纳1条。" in texts
    assert "审查专家组：张某（组长，某大学）、李某（成员）" in texts
    assert "审查结论：审查组同意通过审查，按意见修改后报批。" in texts
    assert [[c.text for c in row.cells][1] for row in second.tables[0].rows[1:]] == ["5.4", "附录E"]
    sheet = load_workbook(io.BytesIO(out["expert-review.xlsx"])).active
    assert sheet.title == "专家审查意见处理表"
    section = first.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (297, 210)
    assert "PAGE" in section.footer._element.xml

    # the 编制说明 states each round: dates, units asked / replied / 无意见, counts by decision
    from toolkit.core.folder import Folder
    from toolkit.core.load import load_project
    from toolkit.drafting.explanation import render_markdown
    from toolkit.standard import load_standard
    from toolkit.standard.data import context

    project, folder = load_project(ROOT), Folder(draft)
    md = render_markdown(
        folder, load_standard(folder, project), context(project, load_metadata(folder), folder)
    )
    assert (
        "2024-07-01至2024-07-31，就征求意见稿征求意见，征求6个单位的意见，5个单位回复，其中1个单位无意见；"
        "共收到4个单位5条意见，采纳3条，部分采纳0条，未采纳2条" in md
    )
    assert "审查专家组由张某、李某组成；审查专家组提出2条意见，采纳1条" in md
    assert "审查结论：审查组同意通过审查，按意见修改后报批。" in md and "报批。。" not in md


def test_a_round_revision_is_read_through_git_never_as_a_folder(draft, tmp_path):
    """The round record's revision is data: the old draft is read from git (core/gitread.py), and a
    revision naming a folder on disk — even one holding a standard/ — is refused, naming the record's
    file and field."""
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(draft / "standard", elsewhere / "standard")
    form = _xlsx(tmp_path / "a.xlsx", [[1, "5.3", "主题专区的事项清单应公开。", "", "甲县政务局", ""]])
    for revision in (str(elsewhere), "../elsewhere"):
        _round(draft, "01-zhengqiu", {"kind": "征求意见", "stage": "征求意见稿", "draft_date": "2024-06-28",
                                      "revision": revision, "opened": "2024-07-01"})  # fmt: skip
        res = _run("comments", "import", str(form), "--dir", str(draft), "--round", "01-zhengqiu")
        assert res.exit_code == 1, res.output
        assert "standard/rounds/01-zhengqiu.yaml:1:1" in res.output and "revision" in res.output
        assert "git 版本" in res.output and not (draft / "standard/comments").exists()
    _round(draft, "01-zhengqiu", {"kind": "征求意见", "stage": "征求意见稿", "draft_date": "2024-06-28",
                                  "revision": _git(draft, "rev-parse", "HEAD"), "opened": "2024-07-01"})  # fmt: skip
    res = _run("comments", "import", str(form), "--dir", str(draft), "--round", "01-zhengqiu")
    assert res.exit_code == 0, res.output


RECORD = {"kind": "征求意见", "stage": "征求意见稿", "draft_date": "2024-06-28", "opened": "2024-07-01",
          "units": [{"name": "甲县政务局", "asked": "2024-07-01", "reply": "无意见", "replied": "2024-07-10"}],
          "panel": [{"name": "张某", "role": "组长"}]}  # fmt: skip
BAD_RECORDS = {
    "no-opened": lambda d: d.pop("opened"),
    "kind": lambda d: d.update(kind="预审"),
    "date": lambda d: d.update(draft_date="2024年6月28日"),
    "reply": lambda d: d["units"][0].update(reply="已回复"),
    "unknown": lambda d: d["panel"][0].update(unti="某大学"),
}


@pytest.mark.parametrize("name", ["valid", *sorted(BAD_RECORDS)])
def test_the_committed_round_schema_and_the_model_agree(name):
    """schemas/drafting-round.schema.json (generated from the model, kept fresh by
    test_foundation_schemas) accepts and refuses what `stdkit` does."""
    import copy
    import json

    from jsonschema import Draft202012Validator
    from pydantic import ValidationError

    from toolkit.drafting.rounds import RoundRecord

    schema = json.loads((ROOT / "schemas/drafting-round.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    assert schema["x-stdkit-files"] == "standard/rounds/*.yaml" and "轮次" in schema["title"]
    data = copy.deepcopy(RECORD)
    BAD_RECORDS.get(name, lambda d: None)(data)
    try:
        RoundRecord.model_validate(data)
        by_model = True
    except ValidationError:
        by_model = False
    assert Draft202012Validator(schema).is_valid(data) == by_model == (name == "valid")


def test_a_bad_round_record_is_named_by_file_line_and_field_in_chinese(draft):
    text = (
        "kind: 征求意见\nstage: 征求意见稿\ndraft_date: 2024-06-28\n"
        "units:\n  - name: 甲县政务局\n    asked: 2024-07-01\n    reply: 已回复\n"
    )
    (draft / "standard/rounds").mkdir()
    (draft / "standard/rounds/01-zhengqiu.yaml").write_text(text, encoding="utf-8")
    res = _run("stage", "next", "--dir", str(draft), "--date", "2024-09-10")
    assert res.exit_code == 1, res.output
    out = res.output
    assert "standard/rounds/01-zhengqiu.yaml:1:1" in out and "缺少必填字段“opened”（开始日期）" in out
    assert "standard/rounds/01-zhengqiu.yaml:7:" in out and "units[0].reply" in out
    assert "取值“已回复”不在代码表中" in out
    assert load_metadata(draft).stage == "征求意见稿"  # nothing changed

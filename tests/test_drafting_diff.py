"""`stdkit diff`: two revisions that change, add, remove and renumber provisions give exactly those
changes; 应 → 宜 is flagged; the 修改对照表 carries the comments that caused a change."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
import yaml
from docx.oxml.ns import qn
from typer.testing import CliRunner

from toolkit.cli import app
from toolkit.drafting import diff_render as render
from toolkit.drafting.diff import diff, provisions
from toolkit.standard import load_standard
from toolkit.standard.metadata import load_metadata

ROOT = Path(__file__).resolve().parent.parent
CH5 = "standard/05-county-centre.md"


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path) -> Path:
    """A git repository with two drafts: HEAD~1 (the bundled text) and HEAD (edited)."""
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "standard", repo / "standard")
    shutil.rmtree(repo / "standard" / "comments", ignore_errors=True)
    _git(repo, "init", "-q")
    _git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "add", "-A")
    _git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "征求意见稿")
    src = repo / CH5
    text = src.read_text(encoding="utf-8")
    edits = [
        ("综合服务大厅应设置综合窗口、一事联办窗口", "综合服务大厅宜设置综合窗口、一事联办窗口"),  # 应 → 宜
        (
            "实行全科无差别受理。 {#county-hall-any-window}",
            "实行全科无差别受理和一次性告知。 {#county-hall-any-window}",
        ),
        (
            "## 综合服务大厅 {#county-hall}",
            "## 母婴服务 {#county-baby}\n\n县级政务服务中心宜设置母婴室。 {#county-baby-room}\n\n## 综合服务大厅 {#county-hall}",
        ),
        ("县级政务服务中心宜在工作日午间和节假日提供预约、延时和错时服务。 {#county-operation-extended}", ""),
    ]
    for a, b in edits:
        assert a in text, a
        text = text.replace(a, b)
    src.write_text(text, encoding="utf-8")
    comments = repo / "standard" / "comments"
    comments.mkdir()
    batch = {
        "stage": "征求意见稿",
        "draft_date": "2024-06-28",
        "comments": [
            {"clause": "county-hall-functions", "number": "5.2.1", "text": "县城窗口不宜一律强制设置。",
             "unit": "巴东县政务办", "decision": "采纳"},
            {"clause": "county-hall-functions", "number": "5.2.1", "text": "删去本条。", "unit": "某县",
             "decision": "未采纳", "reason": "与上位文件不符。"},
        ],
    }  # fmt: skip
    (comments / "batch-01.yaml").write_text(yaml.safe_dump(batch, allow_unicode=True), encoding="utf-8")
    _git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "add", "-A")
    _git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "送审稿")
    return repo


def test_exactly_the_changes_between_two_revisions(repo):
    changes, old_meta, _ = diff("HEAD~1", "HEAD", repo)
    kinds: dict[str, set[str]] = {}
    for c in changes:
        kinds.setdefault(c.kind, set()).add(c.id)
    assert kinds["added"] == {"county-baby-room", "county-baby:title"}  # the inserted clause's heading too
    assert kinds["removed"] == {"county-operation-extended"}
    assert kinds["changed"] == {"county-hall-windows", "county-hall-any-window"}
    old = provisions(load_standard(ROOT, None, strict=False))
    moved = {
        p.id
        for p in old.values()
        if p.number.split(".")[:2] in (["5", "2"], ["5", "3"], ["5", "4"]) and p.id not in kinds["changed"]
    } - {"county-operation-extended"}
    assert kinds["renumbered"] == moved and len(moved) > 5
    by_id = {c.id: c for c in changes}
    windows = by_id["county-hall-windows"]
    assert windows.modal == "应 → 宜" and windows.weakened
    assert (windows.old.number, windows.new.number) == ("5.2.1", "5.3.1")
    assert by_id["county-hall-any-window"].modal == ""
    assert windows.notes == [
        "根据巴东县政务办的意见（采纳）：县城窗口不宜一律强制设置。"
    ]  # not the rejected one
    assert old_meta.stage == "征求意见稿"
    assert "事项按第11章的条件下沉" in old["general-principle-list"].text  # references as their labels


def test_cli_outputs_and_docx(repo, tmp_path):
    run = CliRunner().invoke(
        app, ["diff", "HEAD~1", "HEAD", "--dir", str(repo), "--docx", str(tmp_path / "d.docx")]
    )
    assert run.exit_code == 0, run.output
    assert "新增 2 条，删除 1 条，修改 2 条（其中助动词变化 1 条）" in run.output
    assert "！助动词 应 → 宜（要求放宽）" in run.output and "[-应-]{+宜+}" in run.output
    doc = docx.Document(tmp_path / "d.docx")
    rows = [[c.text for c in r.cells] for r in doc.tables[0].rows]
    assert rows[0] == ["序号", "章条编号", "原条文", "修改后条文", "修改说明"]
    row = next(r for r in rows if r[3].startswith("综合服务大厅宜设置综合窗口"))
    assert row[2].startswith("综合服务大厅应设置综合窗口") and row[1] == "5.3.1"
    assert "助动词由“应”改为“宜”，要求放宽。" in row[4] and "巴东县政务办" in row[4]
    struck = [
        r.text for r in doc.tables[0].rows[rows.index(row)].cells[2].paragraphs[0].runs if r.font.strike
    ]
    assert struck == ["应"]
    html = CliRunner().invoke(app, ["diff", "HEAD~1", str(repo), "--dir", str(repo), "--format", "html"])
    assert (
        "大厅<del>应</del>设置" in html.output
        and "大厅<ins>宜</ins>设置" in html.output
        and '<tr class="modal">' in html.output
    )
    bad = CliRunner().invoke(app, ["diff", "no-such-rev", "HEAD", "--dir", str(repo)])
    assert bad.exit_code == 1 and "no-such-rev" in bad.output and "Traceback" not in bad.output
    again = tmp_path / "e.docx"
    CliRunner().invoke(app, ["diff", "HEAD~1", "HEAD", "--dir", str(repo), "--docx", str(again)])
    assert again.read_bytes() == (tmp_path / "d.docx").read_bytes()


def test_tables_are_compared_by_row(tmp_path):
    """A written table's rows added, removed and changed are listed by row (generated tables, which hold
    the county's data, are not compared); a comment on the table explains its rows' changes."""
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "standard", repo / "standard")
    shutil.rmtree(repo / "standard" / "comments", ignore_errors=True)
    _git(repo, "init", "-q")
    _git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "add", "-A")
    _git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "征求意见稿")
    src = repo / "standard" / "20-annex-items.md"
    text = src.read_text(encoding="utf-8")
    edits = [
        ("| 办理方式 | 乡镇：审批权限下放（赋权或委托）、收件端前移或属地办理；村（社区）：收件端前移或帮办代办 | — | ● | ● |\n", ""),
        ("| 办事指南二维码 | 指向该事项办事指南的二维码 | ● | ● | ● |",
         "| 办事指南二维码 | 指向该事项办事指南的二维码 | ● | ● | — |\n| 收费 | 收费项目、标准和依据 | ● | ● | ● |"),
    ]  # fmt: skip
    for a, b in edits:
        assert a in text, a
        text = text.replace(a, b)
    src.write_text(text, encoding="utf-8")
    (repo / "standard" / "comments").mkdir()
    comment = {"clause": "tab-items-elements", "number": "表A.1", "text": "清单应列收费。", "unit": "某局",
               "decision": "采纳"}  # fmt: skip
    batch = {"stage": "征求意见稿", "draft_date": "2024-06-28", "comments": [comment]}
    (repo / "standard" / "comments" / "b.yaml").write_text(yaml.safe_dump(batch, allow_unicode=True), "utf-8")
    _git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "add", "-A")
    _git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "送审稿")
    changes, _, _ = diff("HEAD~1", "HEAD", repo)
    got = {(c.kind, c.id) for c in changes}
    assert got == {
        ("removed", "tab-items-elements:办理方式"),
        ("added", "tab-items-elements:收费"),
        ("changed", "tab-items-elements:办事指南二维码"),
    }
    changed = next(c for c in changes if c.kind == "changed")
    assert changed.new.number == "表A.1“办事指南二维码”行"
    assert changed.old.text.endswith("村（社区）清单：●") and changed.new.text.endswith("村（社区）清单：—")
    assert changed.notes == ["根据某局的意见（采纳）：清单应列收费。"]
    run = CliRunner().invoke(app, ["diff", "HEAD~1", "HEAD", "--dir", str(repo), "--format", "md"])
    assert run.exit_code == 0, run.output
    assert (
        "新增 1 条，删除 1 条，修改 1 条（其中助动词变化 0 条），仅编号变化 0 条；以上含表格行 3 行"
        in run.output
    )
    assert "| 表A.1“收费”行 | 新增 |" in run.output and "新增表格行。" in run.output


def test_every_text_is_compared_and_reasons_go_only_to_their_rows(tmp_path):
    """A term's definition, the bibliography, the foreword's drafters and a heading are compared like the
    provisions; an accepted comment explains the changed rows of its clause, not rows only renumbered."""
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "standard", repo / "standard")
    shutil.rmtree(repo / "standard" / "comments", ignore_errors=True)
    _git(repo, "init", "-q")
    _git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "add", "-A")
    _git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "征求意见稿")
    std = repo / "standard"

    def edit(name: str, old: str, new: str) -> None:
        text = (std / name).read_text(encoding="utf-8")
        assert old in text, old
        (std / name).write_text(text.replace(old, new, 1), encoding="utf-8")

    edit(
        "03-terms.md",
        "为企业和群众提供政务服务的综合性实体场所。",
        "为企业和群众提供线下政务服务的综合性实体场所。",
    )
    edit(
        "30-bibliography.md",
        "- DB13/T 2091—2014",
        "- GB/T 36114—2018　政务服务中心服务质量评价规范\n- DB13/T 2091—2014",
    )
    edit("metadata.yaml", "drafters:\n  - ×××", "drafters:\n  - 张三")
    edit(
        "06-township-centre.md",
        "## 标识和公示 {#township-signage}",
        "## 标识、公示和告知 {#township-signage}",
    )
    # a new clause before 6.1 renumbers the chapter; the comment on 6.3 explains only 6.3's changed heading
    edit("06-township-centre.md", "## 布局 {#township-layout-clause}", "## 选址 {#township-site}\n\n乡镇便民服务中心宜设在交通便利的位置。 {#township-site-access}\n\n## 布局 {#township-layout-clause}")  # fmt: skip
    (std / "comments").mkdir()
    comment = {"clause": "township-signage", "number": "6.3", "text": "标题应包括告知。", "unit": "某县", "decision": "采纳"}  # fmt: skip
    batch = {"stage": "征求意见稿", "draft_date": "2024-06-28", "comments": [comment]}
    (std / "comments/batch-01.yaml").write_text(yaml.safe_dump(batch, allow_unicode=True), encoding="utf-8")

    changes, _, _ = diff("HEAD", str(repo), repo)
    by_id = {c.id: c for c in changes}
    term = by_id["term-county-centre:para1"]
    assert term.kind == "changed" and "线下" in term.new.text and term.new.number.startswith("3.")
    bib = next(c for c in changes if c.new and "GB/T 36114—2018" in c.new.text)
    assert bib.kind == "changed" and bib.new.number == "参考文献"
    foreword = next(c for c in changes if c.new and "张三" in c.new.text)
    assert foreword.new.number == "前言" and "×××" in foreword.old.text
    heading = by_id["township-signage:title"]
    assert heading.kind == "changed" and heading.new.text == "〔标题〕标识、公示和告知"
    assert heading.notes == ["根据某县的意见（采纳）：标题应包括告知。"]
    assert by_id["township-site:title"].kind == "added"
    signage_rows = [
        c for c in changes if c.kind == "renumbered" and (c.new and c.new.clause == "township-signage")
    ]
    assert signage_rows and all(not c.notes for c in signage_rows)  # renumbered only: no reason credited
    doc = docx.Document(io.BytesIO(render.to_docx(changes, "修改对照表", load_metadata(repo).date_time())))
    grid = doc.tables[0]
    assert "w:tblHeader" in grid.rows[0]._tr.xml and all("w:cantSplit" in r._tr.xml for r in grid.rows)
    widths = [c.get(qn("w:w")) for c in grid._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert len(set(widths)) > 2  # set per column, not equal
    cells = " ".join(c.text for r in grid.rows for c in r.cells)
    assert all(s in cells for s in ("线下", "GB/T 36114—2018", "张三", "标识、公示和告知"))

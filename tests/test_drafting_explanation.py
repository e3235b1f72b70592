"""The 编制说明's 七、重大分歧意见的处理经过和依据 is computed from the 未采纳 comments (count, clause, unit,
reason), says 无 when there are none, and never speaks of the toolkit."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import docx
import pytest
import yaml

from toolkit.build.standard import compile_all
from toolkit.core.load import load_project
from toolkit.standard.linter import TOOLKIT_WORDS

ROOT = Path(__file__).resolve().parent.parent
HEAD = "## 七、重大分歧意见的处理经过和依据"


@pytest.fixture(scope="module")
def project():
    return load_project(ROOT)


def _section(md: str) -> str:
    start = md.index(HEAD) + len(HEAD)
    return md[start : md.index("\n## ", start)].strip()


def _comment(
    clause: str, number: str, unit: str, decision: str, reason: str = "", text: str = "意见。"
) -> dict:
    out = {"clause": clause, "number": number, "text": text, "unit": unit, "decision": decision}
    return out | ({"reason": reason} if reason else {})


def test_rejected_comments_are_listed_with_clause_unit_and_reason(project, tmp_path):
    draft = tmp_path / "std"
    shutil.copytree(ROOT / "standard", draft / "standard")
    shutil.rmtree(draft / "standard" / "comments", ignore_errors=True)
    assert _section(compile_all(project, standard=draft)["explanation_md"]) == "无。"
    comments = [
        _comment("county-hall", "5.2", "建始县残联", "采纳"),
        _comment(
            "annex-items", "附录A", "某县|政务办", "未采纳", "与上位文件*不符*。", "删去 <b>本</b> 附录。"
        ),
        _comment("~whole", "全文", "恩施州政务办", "部分采纳", "部分保留。"),
        _comment("county-hall-functions", "5.2.1", "巴东县政务办", "未采纳", "各县人口\n差异大。"),
    ]
    folder = draft / "standard" / "comments"
    folder.mkdir()
    batch = {"stage": "征求意见稿", "draft_date": "2024-06-28", "comments": comments}
    (folder / "batch-01.yaml").write_text(yaml.safe_dump(batch, allow_unicode=True), encoding="utf-8")
    out = compile_all(project, standard=draft)
    section = _section(out["explanation_md"])
    assert section.startswith("征求意见中有2条意见未采纳")
    assert not any(word in section for word in TOOLKIT_WORDS)
    doc = docx.Document(io.BytesIO(out["explanation_docx"]))
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "汇总处理表序号")
    cells = [[c.text for c in r.cells] for r in table.rows[1:]]
    # in the 汇总处理表's order (全文, 5.2, 5.2.1, 附录A) and numbering; data text escaped, shown as written
    assert cells == [
        ["3", "5.2.1", "巴东县政务办", "意见。", "各县人口 差异大。"],
        ["4", "附录A", "某县|政务办", "删去 <b>本</b> 附录。", "与上位文件*不符*。"],
    ]
    assert "<b>" not in out["explanation_md"] and "某县\\|政务办" in section

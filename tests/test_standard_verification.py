"""The 核查方法 annex is generated from standard/requirements.yaml and covers every 应/宜 provision; lint
catches a binding to a missing provision, a 应 provision without a binding, 不得 beside 不应, a space
before closing punctuation and an undefined concept — each located by file and line."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from toolkit.standard import lint, load_standard
from toolkit.standard.model import plain

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def std_root(tmp_path) -> Path:
    shutil.copytree(ROOT / "standard", tmp_path / "standard")
    return tmp_path


def _annex_rows(root: Path) -> tuple[str, list[list[str]], list]:
    std = load_standard(root, None, strict=False)
    part = next(p for p in std.parts if p.clause.id == "annex-verification")
    table = next(b for c in part.clause.walk() for b in c.blocks if b.kind == "table")
    return part.letter, [[plain(c) for c in row] for row in table.rows], std.requirements


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_annex_lists_every_shall_and_should_provision_in_order(std_root):
    letter, rows, reqs = _annex_rows(std_root)
    std = load_standard(std_root, None, strict=False)
    part = next(p for p in std.parts if p.clause.id == "annex-verification")
    assert not part.informative and letter == "E"
    wanted = [r for r in reqs if r.level in ("应", "宜")]
    assert len(wanted) > 90
    assert [(row[0], row[2]) for row in rows[1:]] == [(r.clause, r.level) for r in wanted]
    assert all(row[3] and row[3] != "待补充" for row in rows[1:])
    scope = next(r for r in reqs if r.id == "scope-content")
    assert "核查方法（见附录E）" in scope.text


def test_annex_follows_the_bindings_file(std_root):
    req_file = std_root / "standard/requirements.yaml"
    _edit(req_file, "现场查看县级政务服务中心综合服务大厅\n", "现场查看大厅并拍照留存\n")
    _, rows, reqs = _annex_rows(std_root)
    clause = next(r.clause for r in reqs if r.id == "county-hall-layout")
    assert [clause, "应", "现场查看大厅并拍照留存"] in [[r[0], r[2], r[3]] for r in rows]
    assert lint(std_root) == []


def test_binding_to_a_deleted_provision_and_shall_without_binding(std_root):
    req_file = std_root / "standard/requirements.yaml"
    _edit(req_file, "  county-hall-layout:\n", "  county-hall-layout-old:\n")
    found = {(p.code, p.file, p.line) for p in lint(std_root)}
    line = req_file.read_text(encoding="utf-8").splitlines().index("  county-hall-layout-old:") + 1
    assert ("std-binding-unknown", "standard/requirements.yaml", line) in found
    src = (std_root / "standard/05-county-centre.md").read_text(encoding="utf-8").splitlines()
    at = next(n for n, t in enumerate(src, 1) if t.endswith("{#county-hall-layout}"))
    assert ("std-binding-missing", "standard/05-county-centre.md", at) in found
    _, rows, _ = _annex_rows(std_root)
    assert any(row[3] == "待补充" for row in rows)


def test_bude_beside_buying_and_space_before_punctuation(std_root):
    path = std_root / "standard/09-one-window.md"
    _edit(path, "审批部门不应要求申请人", "审批部门不得要求申请人")
    _edit(path, "出具受理凭证；", "出具受理凭证 ；")
    found = [(p.code, p.file, p.line, p.column) for p in lint(std_root)]
    lines = path.read_text(encoding="utf-8").splitlines()
    bude = next(n for n, t in enumerate(lines, 1) if "不得" in t)
    space = next(n for n, t in enumerate(lines, 1) if "凭证 ；" in t)
    col = lines[space - 1].index(" ；") + 1
    assert ("std-negative-form", "standard/09-one-window.md", bude, 1) in found
    assert ("std-space-punct", "standard/09-one-window.md", space, col) in found
    # an id at the end of a line, after a space, is markup, not a space before punctuation
    assert not any(c == "std-space-punct" and n != space for c, _, n, _ in found)


def test_undefined_concept_in_a_provision(std_root):
    path = std_root / "standard/03-terms.md"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"## 站所 \|.*?\n\n(?=## )", "", text, flags=re.DOTALL)
    path.write_text(text, encoding="utf-8")
    found = [p for p in lint(std_root) if p.code == "std-undefined-term"]
    assert [p.message for p in found] == ["条款用到“站所”，但第3章没有界定这个术语。"]
    assert found[0].file.startswith("standard/") and found[0].line > 1


def test_an_excerpt_keeps_a_cross_reference_whole():
    from toolkit.standard.verification import excerpt

    text = "对本文件的要求和推荐进行核查时，应采用[[ref:tab-verification]]给出的核查方法"
    assert excerpt(text) == "对本文件的要求和推荐进行核查时，应采用[[ref:tab-verification]]……"
    assert excerpt("甲" * 30) == "甲" * 24 + "……"

"""The standard is a norm for every county: no provision and no normative annex quotes a county figure,
the county's own figures appear only in examples (示例) and informative annexes, and the normative text
reads the same whatever county data it is compiled with."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from toolkit.core import guide
from toolkit.core.load import load_project
from toolkit.standard import load_standard
from toolkit.standard.generic import data_counts, normative_texts, quoted_numbers

ROOT = Path(__file__).resolve().parent.parent
SHILI = ROOT / "examples" / "shili"


@pytest.fixture(scope="module")
def jianshi():
    return load_project(ROOT)


@pytest.fixture(scope="module")
def std(jianshi):
    return load_standard(ROOT, jianshi)


def test_no_number_in_normative_text_is_a_count_of_the_data(std, jianshi):
    counts = data_counts(jianshi)
    assert {"1341", "328", "97", "405", "1808", "267", "34"} <= counts  # the data's figures are known
    found = [
        (file, line, n, text)
        for file, line, text in normative_texts(std)
        for n in quoted_numbers(text)
        if n in counts
    ]
    assert found == []


def test_quoted_numbers_skip_references_deadlines_and_small_rules():
    text = (
        "应符合GB/T 39554.1的规定，见表A.1和13.3；15个工作日内、20分钟、24小时；设2个至5个窗口，共32个部门。"
    )
    assert quoted_numbers(text) == ["32"]


def test_normative_text_is_the_same_for_any_county(std):
    other = load_standard(ROOT, load_project(SHILI, cross_check=False))
    bare = load_standard(ROOT, None, strict=False)
    texts = [t for _, _, t in normative_texts(std)]
    assert texts == [t for _, _, t in normative_texts(other)] == [t for _, _, t in normative_texts(bare)]
    assert len(texts) > 100


def test_county_figures_only_in_examples_and_informative_annexes(std, jianshi):
    name = jianshi.county.name
    where = set()
    for part in (p for p in std.parts if p.kind in ("chapter", "annex")):
        for clause in part.clause.walk():
            for b in clause.blocks:
                text = b.text + "".join(it.text for it in b.items) + "".join("".join(r) for r in b.rows)
                if name in text:
                    where.add((part.informative, b.kind))
    assert where and all(informative or kind == "example" for informative, kind in where), where
    examples = [
        b.text
        for p in std.parts
        if not p.informative
        for c in p.clause.walk()
        for b in c.blocks
        if b.kind == "example"
    ]
    assert sum(name in e for e in examples) >= 6
    assert any(re.search(r"1\+\d", e) for e in examples)  # the county's own layout is an example


def test_normative_annexes_state_elements_not_the_countys_items(std, jianshi):
    annexes = [p for p in std.parts if p.kind == "annex" and not p.informative]
    assert [p.title for p in annexes] == ["政务服务事项清单的要素", "一事联办事项目录的要素", "核查方法"]
    item_names = {i.name for i in jianshi.items.values()}
    for part in annexes:
        cells = {c for cl in part.clause.walk() for b in cl.blocks for row in b.rows for c in row}
        assert not cells & item_names
        assert any(r.level == "应" and r.file == part.file for r in std.requirements)


def test_flowchart_examples_are_items_of_the_templates_type(std, jianshi):
    figures = [
        b for p in std.parts if p.informative for c in p.clause.walk() for b in c.blocks if b.kind == "figure"
    ]
    assert figures
    by_name = {i.name: i for i in jianshi.items.values()}
    for fig in figures:
        flow = jianshi.flows[fig.source]
        item = by_name[fig.text.split("办理流程（")[0]]
        assert guide.complete(jianshi, item) and (not flow.default_for or item.type in flow.default_for), (
            fig.text,
            item.type,
        )


def test_one_term_per_concept(std):
    text = "".join(
        b.text + "".join(it.text for it in b.items)
        for p in std.parts
        if p.kind in ("chapter", "annex") and not p.informative
        for c in p.clause.walk()
        for b in c.blocks
    )
    for banned in ("反映台", "一件事”窗口", "24小时不打烊", "统一出件”"):
        assert banned not in text.replace("也称高效办成“一件事”窗口", ""), banned
    assert "一事联办窗口" in text and "归口出件" in text and "“办不成事”反映窗口" in text

"""The GB/T 1.1 labels and marks are computed once (by the parser) and the Word file and the web pages
print the same ones: 注/示例 numbering, list marks, 参考文献 numbers, 表/图 captions, chapter and annex
labels and run-in sub-clause numbers, read back from both outputs of the bundled standard and of a
standard written to use every form."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import docx
import pytest

from toolkit.core.escape import unmd
from toolkit.core.load import load_project
from toolkit.standard import load_standard
from toolkit.standard.docx_writer import write_docx
from toolkit.standard.md_writer import page_name, pages
from toolkit.standard.metadata import load_metadata

ROOT = Path(__file__).resolve().parent.parent
MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
ANCHOR = re.compile(r'<span id="[^"]*"></span>')
LIST_STYLES = {"List Dash": "——", "List Dot": "·"}


def _by_kind(pairs: list[tuple[str, str]]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for kind, label in pairs:
        out.setdefault(kind, []).append(label)
    return out


def _docx_labels(data: bytes) -> list[tuple[str, str]]:
    """(kind, label) in document order, read by paragraph style (part labels from the 目次)."""
    out = []
    for p in docx.Document(io.BytesIO(data)).paragraphs:
        style, text = p.style.name, p.text
        if style == "toc 1":
            m = re.match(r"(\d+)|(附录[A-Z]（[^）]*）)", text)
            if m:
                out.append(("part", m.group()))
        elif style == "Note":
            out.append(("aside", p.runs[0].text))
        elif style in LIST_STYLES:
            out.append(("item", p.runs[0].text))
        elif style in ("Reference", "Bibliography Entry") and re.match(r"\[\d+\]　", text):
            out.append(("item", text[: text.index("　") + 1]))
        elif style == "Caption Std" and not text.endswith("（续）"):
            out.append(("caption", text))
        elif style.startswith(("Heading ", "Annex Heading ")) and p.runs and p.runs[0].text == "　":
            out.append(("run-in", text))  # untitled sub-clause: the number is Word's, the text follows
    return out


def _md_labels(std, web: dict[str, str]) -> list[tuple[str, str]]:
    """The same (kind, label) pairs read from the web pages, in the parts' order."""
    out = []
    for part in std.parts:
        for line in web[page_name(part)].splitlines():
            text = unmd(MD_LINK.sub(r"\1", ANCHOR.sub("", line)))
            if m := re.match(r"# (?:(\d+)　|(附录[A-Z]（[^）]*）)　)", text):
                out.append(("part", m.group(1) or m.group(2)))
            elif m := re.match(r"> ((?:注|示例)\d*：)", text):
                out.append(("aside", m.group(1)))
            elif m := re.match(r"( {4})?- ", text):
                out.append(("item", "·" if m.group(1) else "——"))
            elif m := re.match(r"\[\d+\]　", text):
                out.append(("item", m.group()))
            elif m := re.fullmatch(r"\*\*([表图][A-Z]?\.?\d+　.*)\*\*", text):
                out.append(("caption", m.group(1)))
            elif m := re.match(r"\*\*[A-Z0-9.]+\*\*(　.*)", text):
                out.append(("run-in", m.group(1)))
    return out


def _both(std, meta) -> tuple[dict, dict]:
    """Each kind's labels in order, from the Word file and from the web pages."""
    in_word = _docx_labels(write_docx(std, meta, {}))
    return _by_kind(in_word), _by_kind(_md_labels(std, pages(std, meta, {}, {})))


def test_the_bundled_standard_prints_the_same_labels_in_word_and_on_the_web():
    std = load_standard(ROOT, load_project(ROOT))
    in_word, on_web = _both(std, load_metadata(ROOT))
    assert in_word == on_web
    assert in_word["part"][:2] == ["1", "2"] and "附录A（规范性）" in in_word["part"]
    assert {"注：", "示例："} <= set(in_word["aside"])
    assert {"[1]　", "——"} <= set(in_word["item"])
    assert any(label.startswith("表C.1　") for label in in_word["caption"])


EVERY_FORM = """---
kind: chapter
title: 标注
id: labels-chapter
---
## 注的编号

一段话。

> 注：第一条注。
> 续写的一行。

> 注：第二条注。

> 示例：唯一的示例。

## 列项

列项如下：

- 第一层；
  - 第二层；
  - 第二层；
- 第一层。

> 示例1：第一个示例。

> 示例2：第二个示例。

## {#run-in-a}

无标题条的第一段接在编号之后。

> 注：只有一条注。

## {#run-in-b}

第二个无标题条，见[[ref:run-in-a]]。

!table{#tab-labels} 手写的表
| 甲 | 乙 |
|---|---|
| 1 | 2 |
"""


@pytest.fixture
def every_form(tmp_path) -> Path:
    root = tmp_path / "county"
    shutil.copytree(ROOT / "standard", root / "standard")
    (root / "standard" / "14-labels.md").write_text(EVERY_FORM, encoding="utf-8")
    return root


def test_numbered_notes_examples_nested_lists_and_run_in_clauses_agree(every_form):
    std = load_standard(every_form, None, strict=False, generate=False)
    in_word, on_web = _both(std, load_metadata(every_form))
    assert in_word == on_web
    assert "14" in in_word["part"]
    asides, wanted = in_word["aside"], ["注1：", "注2：", "示例：", "示例1：", "示例2：", "注："]
    assert any(asides[i : i + 6] == wanted for i in range(len(asides)))  # chapter 14's, before the annexes'
    assert [m for m in in_word["item"] if m in ("——", "·")][-4:] == ["——", "·", "·", "——"]
    assert in_word["run-in"][-2:] == ["　无标题条的第一段接在编号之后。", "　第二个无标题条，见14.3。"]
    assert in_word["caption"][0] == "表1　手写的表"  # tables are numbered through the chapters

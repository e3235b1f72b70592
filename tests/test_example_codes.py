"""Illustrative item codes (issue #25 point 3): a county declares once, in items/county.yaml
(`example_codes: true`), that its item codes — and the 统一社会信用代码 of the implementing body inside
them — are examples; every output that shows a code labels it 示例 (guide page and its JSON-LD, notice,
application form, handbook, paperwork web pages), and the check never passes on them. The bundled county
declares it (its codes are illustrative)."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import zipfile
from pathlib import Path

import pytest

from toolkit.conformance.registry import MANUAL, PASS
from toolkit.conformance.runner import run_checks
from toolkit.core.guide import EXAMPLE, item_code
from toolkit.core.load import load_project
from toolkit.office import docx_writer
from toolkit.paperwork import forms, handbook, notice, subject, web, window_files
from toolkit.site import pages

ROOT = Path(__file__).resolve().parent.parent
SITE = "https://example.gov.cn/guide/"
WHEN = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
LABEL = f"（{EXAMPLE}）"


def unlabelled(text: str, codes: list[str]) -> list[str]:
    """The codes that appear in `text` at least once without the 示例 label right after them."""
    return [c for c in codes if text.count(c) != text.count(c + LABEL)]


def docx_text(data: bytes) -> str:
    """Every text run of a DOCX (body, headers, footers, tables), read back from its parts."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = "".join(
            z.read(n).decode() for n in z.namelist() if n.startswith("word/") and n.endswith(".xml")
        )
    return "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml))


def outputs_text(project, items) -> dict[str, str]:
    """What each output shows for these items, as text."""
    return {
        "page": "".join(pages.item_page(project, i, SITE, None) for i in items),
        "notice": "".join(repr(notice.item_blocks(project, i, SITE)) for i in items),
        "form": "".join(
            docx_text(docx_writer.to_docx(forms.item_form(project, i, SITE), WHEN)) for i in items
        ),
        "web": "".join("\n".join(web._item(project, i, False)) for i in items),
    }


@pytest.fixture
def declared(county_copy):
    county = county_copy / "items" / "county.yaml"
    county.write_text(county.read_text("utf-8") + "example_codes: true\n", "utf-8")
    return county_copy


def test_every_output_labels_a_declared_illustrative_code(declared):
    project = load_project(declared, use_cache=False)
    items = sorted(project.items.values(), key=lambda i: i.id)[:8]
    codes = [i.code for i in items]
    for name, text in outputs_text(project, items).items():
        assert all(c + LABEL in text for c in codes), name
        assert not unlabelled(text, codes), name
    assert not unlabelled(
        docx_text(docx_writer.to_docx(handbook.handbook(project), WHEN)),
        [i.code for i in project.items.values()],
    )
    window = "".join(  # the window documents (受理通知书, 补正告知书, …) of each item
        repr(window_files._case_docs(project, subject.of_item(project, i, SITE), window_files.item_kinds(i)))
        for i in items
    )
    assert any(c + LABEL in window for c in codes) and not unlabelled(window, codes)
    assert json.loads(pages._jsonld(project, items[0], SITE))["identifier"] == items[0].code + LABEL
    results = run_checks(project, ["item-codes"])["item-codes"]
    assert [f.status for f in results] == [MANUAL]
    assert results[0].locations[0].file == "items/county.yaml"


def test_codes_not_declared_are_shown_as_they_are(county_copy):
    project = load_project(county_copy, use_cache=False)
    item = min(project.items.values(), key=lambda i: i.id)
    assert item_code(project, item) == item.code
    text = outputs_text(project, [item])
    assert all(item.code in t and LABEL not in t for t in text.values())
    assert PASS in [f.status for f in run_checks(project, ["item-codes"])["item-codes"]]


def test_the_bundled_county_declares_its_codes_illustrative_and_labels_them():
    project = load_project(ROOT)
    assert project.county.example_codes
    items = [project.items[i] for i in ("mz-dbsp", "mz-lsjz")] + sorted(
        project.items.values(), key=lambda i: i.id
    )[:3]
    codes = [i.code for i in items]
    for name, text in outputs_text(project, items).items():
        assert not unlabelled(text, codes), name

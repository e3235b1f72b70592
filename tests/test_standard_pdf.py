"""The one LibreOffice test: the DOCX becomes a PDF whose 目次 is filled and whose pages are numbered
Roman before the body and Arabic from it."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from toolkit.build.standard import build

pytestmark = pytest.mark.slow  # LibreOffice

ROOT = Path(__file__).resolve().parent.parent


def test_pdf_has_filled_toc_and_page_numbers(small_county, tmp_path):
    from toolkit.core.load import load_project

    project = load_project(small_county)
    result = build(project, tmp_path / "docs/standard", tmp_path / "docs/downloads", standard=ROOT)
    assert result["pdf"] == "downloads/standard.pdf", result["pdf_notice"]
    pdf = tmp_path / "docs/downloads/standard.pdf"
    text = lambda first, last: (
        subprocess.run(
            ["pdftotext", "-f", str(first), "-l", str(last), "-layout", str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    cover, toc = text(1, 1), text(2, 2)
    assert "湖北省地方标准" in cover and "DB42/T XXXX—2024" in cover
    import re

    assert re.search(r"1\s*范围\s*\.{5,}\s*1", toc), toc  # TOC field updated, body starts at page 1
    assert re.search(r"附录\s*A", toc) and "I" in toc.split()  # Roman page number in the front matter
    assert "DB42/T XXXX—2024" in toc  # running head
    assert "index.md" in {p.name for p in (tmp_path / "docs/standard").iterdir()}
    assert "standard.pdf" in (tmp_path / "docs/standard/index.md").read_text(encoding="utf-8")


def test_pdf_dates_and_ids_are_made_reproducible():
    import datetime as dt

    from toolkit.office.pdf import reproducible_pdf

    def fake(stamp: bytes, ident: bytes) -> bytes:
        return (
            b"%PDF-1.7\n1 0 obj<</CreationDate(D:"
            + stamp
            + b"Z')>>endobj\nxref\n0 1\ntrailer\n<</Size 2/ID [ <"
            + ident
            + b">\n<"
            + ident
            + b"> ]\n/DocChecksum /"
            + ident
            + b"\n>>\nstartxref\n9\n%%EOF\n"
        )

    when = dt.datetime(2024, 6, 28)
    a = reproducible_pdf(fake(b"20261128074953", b"C395C3094C1F3280B3583AE7D3108748"), when)
    b = reproducible_pdf(fake(b"20250101000000", b"0123456789ABCDEF0123456789ABCDEF"), when)
    assert a == b and len(a) == len(fake(b"20261128074953", b"C395C3094C1F3280B3583AE7D3108748"))
    assert b"(D:20240628000000Z')" in a and b"C395C309" not in a


@pytest.fixture(scope="module")
def jianshi_pdf(tmp_path_factory):
    """The standard built from the bundled Jianshi data (its annex C has tables longer than a page)."""
    from toolkit.core.load import load_project

    tmp = tmp_path_factory.mktemp("jianshi-pdf")
    result = build(load_project(ROOT), tmp / "docs/standard", tmp / "docs/downloads")
    assert result["pdf"], result["pdf_notice"]
    return tmp / "docs/downloads/standard.pdf", tmp / "docs/downloads/standard.docx"


def _pages(pdf) -> list[str]:
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True)
    return out.stdout.split("\f")[:-1]


def test_pdf_latin_text_uses_a_times_metric_face(jianshi_pdf):
    fonts = subprocess.run(
        ["pdffonts", str(jianshi_pdf[0])], capture_output=True, text=True, check=True
    ).stdout
    names = [line.split()[0] for line in fonts.splitlines()[2:]]
    assert any("LiberationSerif" in n for n in names), names
    assert not any("DejaVu" in n for n in names), names


def test_pdf_continued_tables_carry_their_heading(jianshi_pdf):
    import re

    pages = _pages(jianshi_pdf[0])
    continued = [(i, m) for i, p in enumerate(pages) for m in re.findall(r"表\s*([A-Z]\.\d+)（续）", p)]
    assert continued, "a table of annex C is longer than a page"
    for i, number in continued:
        head = [line for line in pages[i].splitlines() if line.strip()][:3]
        assert any("（续）" in line for line in head), head  # the heading opens the page
        first = next(j for j, p in enumerate(pages) if re.search(rf"表\s*{re.escape(number)}\s+\S", p))
        assert first < i
    # every page that a table runs onto starts with its 续 heading: a page opening with a repeated
    # header row and no heading would show up as a header line right below the running head
    for i, p in enumerate(pages[1:], 1):
        lines = [line.strip() for line in p.splitlines() if line.strip()]
        if len(lines) > 1 and re.match(
            r"^(序\s*号|层级|事项类型|类别|乡镇便民服务中心|队伍|指标)\b", lines[1]
        ):
            raise AssertionError(f"page {i + 1} continues a table without 表X（续）: {lines[:3]}")


def test_pdf_running_head_is_mirrored_and_no_page_is_almost_blank(jianshi_pdf):
    pages = _pages(jianshi_pdf[0])
    heads = {}
    for p in pages[1:]:
        lines = [line for line in p.splitlines() if line.strip()]
        number = lines[-1].strip()
        if "DB42/T" in lines[0] and number.isdigit():
            heads[int(number)] = len(lines[0]) - len(lines[0].lstrip())
    odd = {heads[n] for n in heads if n % 2}
    even = {heads[n] for n in heads if not n % 2}
    assert odd and even and min(odd) > max(even) + 20  # right-aligned on odd pages, left on even pages
    annex_d = next(p for p in pages if "（资料性）" in p and "标准化办事流程图示例" in p and "...." not in p)
    assert "图D.1" in annex_d.replace(" ", "")  # the first chart shares the annex's first page
    for i, p in enumerate(pages[2:], 3):
        words = len(p.split())
        assert words > 3, f"page {i} is almost blank"


def test_pdf_is_dated_the_draft_date_whatever_the_clock(jianshi_pdf, monkeypatch):
    """The PDF's creation date is the 本稿日期 (never earlier, never the clock or SOURCE_DATE_EPOCH)."""
    from toolkit.standard.metadata import load_metadata

    info = subprocess.run(
        ["pdfinfo", "-isodates", str(jianshi_pdf[0])], capture_output=True, text=True, check=True
    ).stdout
    created = next(line.split()[-1] for line in info.splitlines() if line.startswith("CreationDate"))
    meta = load_metadata(ROOT)
    assert created.startswith(meta.draft_date), (created, meta.draft_date)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1577836800")  # 2020-01-01, before the draft
    assert meta.date_time().date().isoformat() == meta.draft_date


def test_annex_d_sets_its_charts_two_columns_a_page_text_at_most_body_size(jianshi_pdf):
    """附录D: the seven charts share pages (no page holds only one, none is half empty), and each chart
    is printed at a scale where its text (drawn at flowchart.FONT_PT) is at most 小五 (9 pt)."""
    import math
    import re

    from toolkit.site.flowchart import FONT_PT
    from toolkit.standard.figures import DPI

    pages = _pages(jianshi_pdf[0])
    charts = {i: re.findall(r"图\s*D\.(\d+)", p) for i, p in enumerate(pages)}
    charts = {i: found for i, found in charts.items() if found}
    numbers = sorted({int(n) for found in charts.values() for n in found})
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) >= 4
    assert len(charts) <= math.ceil(len(numbers) / 3), charts  # seven charts: three pages at most
    # every page shares its charts; the last may hold the one chart left over (eight charts: 3 + 4 + 1)
    assert all(len(found) >= 2 for found in list(charts.values())[:-1]), charts
    first, last = min(charts), max(charts)
    listing = subprocess.run(
        ["pdfimages", "-f", str(first + 1), "-l", str(last + 1), "-list", str(jianshi_pdf[0])],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()[2:]
    ppi = [float(row.split()[12]) for row in listing if row.split()[2] == "image"]
    assert len(ppi) == len(numbers), listing
    for x in ppi:  # printed text size = FONT_PT × DPI / ppi
        assert FONT_PT * DPI / x <= 9.05, (x, FONT_PT * DPI / x)

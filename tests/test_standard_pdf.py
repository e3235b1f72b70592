"""The one LibreOffice test: the DOCX becomes a PDF whose 目次 is filled and whose pages are numbered
Roman before the body and Arabic from it."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from toolkit.standard.build import build

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="LibreOffice/poppler not installed",
)
def test_pdf_has_filled_toc_and_page_numbers(small_county, tmp_path):
    from toolkit.load import load_project

    project = load_project(small_county)
    result = build(project, ROOT, tmp_path / "docs/standard", tmp_path / "docs/downloads")
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

    from toolkit.standard.pdf import reproducible_pdf

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

"""The window's paperwork after an edit: only the files that read the edited item are made again (Word and
Typst; LibreOffice converts none of them), and the result is byte for byte what a build from empty caches
writes."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest
from buildrun import processes_with

from toolkit.build import paperwork
from toolkit.core.load import load_project
from toolkit.paperwork import Documents

pytestmark = pytest.mark.slow  # the small county's paperwork with its PDFs, three times

SITE = "https://zw.example.gov.cn/"
WHEN = dt.datetime(2024, 1, 1)
ITEM = "scjgj-0001"  # in the 开店一件事 bundle of the generated county


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _entries(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()} if folder.is_dir() else set()


def _build(county: Path, docs: Path, cache: Path) -> dict:
    return paperwork.build(load_project(county), docs, SITE, cache, pdf=True, when=WHEN)


def test_one_item_edit_remakes_only_its_files_and_equals_a_full_build(small_county, tmp_path, monkeypatch):
    county = tmp_path / "county"
    shutil.copytree(small_county, county)
    home = tmp_path / "home"
    monkeypatch.setenv("STDKIT_CACHE_DIR", str(home))
    cache = tmp_path / "cache"
    first = _build(county, tmp_path / "first", cache)
    assert first["pdf"], first["notices"]
    window_before = {f.key for f in Documents(load_project(county), SITE, WHEN).window_files()}
    words, pdfs = _entries(cache / "paperwork"), _entries(home / "standard-pdf")

    item_file = next(county.glob(f"items/services/*/{ITEM}.yaml"))
    text = item_file.read_text(encoding="utf-8")
    old_name = load_project(county).items[ITEM].name
    item_file.write_text(
        text.replace(f"name: {old_name}\n", f"name: {old_name}（改）\n", 1), encoding="utf-8"
    )
    project = load_project(county)
    item = project.items[ITEM]
    assert item.name == f"{old_name}（改）"
    bundles = [b for b in project.bundles.values() if ITEM in (*b.required, *b.optional)]
    assert bundles, "the edited item must be in a bundle for this test to cover bundle files"

    _build(county, tmp_path / "edited", cache)
    made = _entries(cache / "paperwork") - words
    # the window documents that read the item (its department's, the bundles'): a Word file and a PDF each
    window = [f for f in Documents(project, SITE, WHEN).window_files() if f.key not in window_before]
    assert any("/by-department/" in f.rel for f in window) and any(
        f.rel.startswith("window/bundles") for f in window
    )
    assert not any("centres" in f.rel for f in window)
    # its notice, its department's notices' PDF, the handbook and its PDF, each bundle's form, form PDF,
    # notice and notice PDF, its form, and the record of this build (what a build with the same inputs
    # keeps); every PDF typeset by Typst from its model
    expected = 4 + 4 * len(bundles) + (1 if item.form_fields else 0) + 1 + 2 * len(window)
    assert len(made) == expected, sorted(made)
    before, after = _tree(tmp_path / "first"), _tree(tmp_path / "edited")
    assert before["paperwork/handbook.pdf"] != after["paperwork/handbook.pdf"]
    assert _entries(home / "standard-pdf") == pdfs  # LibreOffice converted nothing

    # the same edit built into the first build's folder: PDFs too are written only when their bytes change
    mtimes = {p: p.stat().st_mtime_ns for p in (tmp_path / "first").rglob("*") if p.is_file()}
    _build(county, tmp_path / "first", cache)
    assert _tree(tmp_path / "first") == after
    rewritten = {
        p.relative_to(tmp_path / "first").as_posix() for p, t in mtimes.items() if p.stat().st_mtime_ns != t
    }
    assert rewritten == {rel for rel in after if before[rel] != after[rel]}
    assert "paperwork/handbook.pdf" in rewritten and any(
        r.endswith(".pdf") for r in after if r not in rewritten
    )

    monkeypatch.setenv("STDKIT_CACHE_DIR", str(tmp_path / "home-fresh"))
    _build(county, tmp_path / "full", tmp_path / "cache-fresh")
    edited, full = _tree(tmp_path / "edited"), _tree(tmp_path / "full")
    assert any(rel.endswith("handbook.pdf") for rel in full)
    assert edited.keys() == full.keys()
    assert [rel for rel in full if edited[rel] != full[rel]] == []


def _docx(path: Path, paragraphs: int, words: str) -> Path:
    from docx import Document

    doc = Document()
    for i in range(paragraphs):
        doc.add_paragraph(f"第{i}段：{words}")
    doc.save(str(path))
    return path


def test_a_pdf_is_the_same_converted_alone_or_after_others(tmp_path, monkeypatch):
    """LibreOffice numbers embedded fonts per process; the toolkit's PDFs must not show it."""
    from toolkit.office.pdf import docx_to_pdfs

    monkeypatch.setenv("STDKIT_CACHE_DIR", str(tmp_path / "home"))
    first = _docx(tmp_path / "first.docx", 3, "一次性告知单")
    doc = _docx(tmp_path / "doc.docx", 5, "全科受理手册　县乡村政务服务")
    ok, message = docx_to_pdfs([(doc, tmp_path / "alone.pdf")], WHEN)
    assert ok, message
    monkeypatch.setenv("STDKIT_CACHE_DIR", str(tmp_path / "home-2"))  # no cached PDF: convert again
    ok, message = docx_to_pdfs([(first, tmp_path / "first.pdf"), (doc, tmp_path / "after.pdf")], WHEN)
    assert ok, message
    alone, after = (tmp_path / "alone.pdf").read_bytes(), (tmp_path / "after.pdf").read_bytes()
    assert b"/Length2" in alone  # a Type 1 font is embedded: the case this is about
    assert alone == after
    # the same in two sessions at once (each file alone in its own LibreOffice)
    import toolkit.office.pdf as pdf_module

    monkeypatch.setattr(pdf_module, "SPLIT_BYTES", 0)
    monkeypatch.setenv("STDKIT_CACHE_DIR", str(tmp_path / "home-3"))
    conversion = pdf_module.Conversion(
        [(doc, tmp_path / "split.pdf"), (first, tmp_path / "first-2.pdf")], WHEN, sessions=2
    )
    assert len(conversion.groups) == 2
    assert conversion.wait()[0]
    assert (tmp_path / "split.pdf").read_bytes() == alone
    assert (tmp_path / "first-2.pdf").read_bytes() == (tmp_path / "first.pdf").read_bytes()
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "after.pdf"), "-"], capture_output=True, text=True, check=True
    )
    assert "全科受理手册" in text.stdout  # the rewritten font streams still render


def test_stopping_a_background_conversion_ends_its_libreoffice(tmp_path, monkeypatch):
    from toolkit.office.pdf import Conversion

    monkeypatch.setenv("STDKIT_CACHE_DIR", str(tmp_path / "home"))
    doc = _docx(tmp_path / "long.docx", 20000, "县乡村政务服务体系建设")
    conversion = Conversion([(doc, tmp_path / "long.pdf")], WHEN)
    assert conversion.procs[0] is not None
    pipe = f"pipe,name=stdkit{conversion.procs[0].pid};"  # uno_pdf.py names soffice's pipe by its pid
    end = time.monotonic() + 120
    while not processes_with(pipe) and time.monotonic() < end:  # LibreOffice has started and is converting
        time.sleep(0.2)
    assert processes_with(pipe), "soffice never started"
    conversion.stop()
    end = time.monotonic() + 10
    while processes_with(pipe) and time.monotonic() < end:
        time.sleep(0.2)
    assert processes_with(pipe) == [], "LibreOffice of the stopped conversion still runs"
    assert not (tmp_path / "long.pdf").exists()


STOPPED_AT_START = """
import os, signal, sys
sys.path.insert(0, sys.argv[1])
import uno_pdf

started = uno_pdf._start


def start(*args):
    proc = started(*args)
    os.kill(os.getpid(), signal.SIGTERM)  # the toolkit stops the conversion just as soffice has started
    return proc


uno_pdf._start = start
sys.exit(uno_pdf.main([(sys.argv[2], sys.argv[3])]))
"""


def test_a_stop_while_libreoffice_starts_leaves_no_soffice(tmp_path):
    """SIGTERM between soffice's start and the script's handler (the race of a build stopped early):
    the script still ends its soffice, which runs in a session of its own and would otherwise stay."""
    from toolkit.office.pdf import SCRIPT, SYSTEM_PYTHON

    doc = _docx(tmp_path / "doc.docx", 3, "一次性告知单")
    driver = tmp_path / "driver.py"
    driver.write_text(STOPPED_AT_START, encoding="utf-8")
    proc = subprocess.Popen(
        [SYSTEM_PYTHON, str(driver), str(SCRIPT.parent), str(doc), str(tmp_path / "doc.pdf")],
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    pipe = f"pipe,name=stdkit{proc.pid};"  # uno_pdf.py names soffice's pipe by its pid
    code = proc.wait(timeout=60)
    end = time.monotonic() + 10
    while processes_with(pipe) and time.monotonic() < end:
        time.sleep(0.2)
    left = processes_with(pipe)
    for pid in left:  # do not leave it running when the test fails
        os.kill(pid, signal.SIGKILL)
    assert left == [], "soffice outlived the script stopped while it started"
    assert code == 1  # the script's own handler ended it (not the signal's default action: -15)
    assert not (tmp_path / "doc.pdf").exists()

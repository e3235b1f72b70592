"""How the window's paperwork is made (without LibreOffice): made in two forked workers or in this process,
the files are the same bytes; a build whose inputs are unchanged keeps the files as they are; the table
merges and QR codes of toolkit/office/docx_kit.py are what python-docx and the site write."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
from pathlib import Path

import pytest
import zxingcpp
from docx.oxml.ns import qn
from PIL import Image

from toolkit.build import paperwork
from toolkit.core import urls
from toolkit.core.load import load_project
from toolkit.core.store import ArtefactCache
from toolkit.office import docx_kit as dk
from toolkit.office import ooxml as ox
from toolkit.office import qrcode as qr

SITE = "https://zw.example.gov.cn/"
WHEN = dt.datetime(2024, 1, 1)


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _build(project, docs: Path, cache: Path) -> dict:
    return paperwork.build(project, docs, SITE, cache, pdf=False, when=WHEN)


@pytest.mark.slow  # 15 CPU seconds (two builds of the paperwork): over the fast subset's budget
def test_files_made_by_two_workers_equal_those_made_in_one_process(small_county, tmp_path, monkeypatch):
    project = load_project(small_county)
    inline = _build(project, tmp_path / "inline", tmp_path / "cache-inline")
    monkeypatch.setattr(paperwork, "PARALLEL_FROM", 0)  # the small county through the workers too
    workers = _build(project, tmp_path / "workers", tmp_path / "cache-workers")
    assert workers["files"] == inline["files"]
    assert len([f for f in inline["files"] if f.startswith("paperwork/forms/items/")]) == inline["item_forms"]
    assert _tree(tmp_path / "workers") == _tree(tmp_path / "inline")


@pytest.mark.slow  # LibreOffice converts the small county's handbook and forms
def test_workers_never_typeset_while_the_qr_lists_are_typeset_in_threads(small_county, tmp_path, monkeypatch):
    """Typst runs in threads of the build (the QR lists) while the paperwork's workers are forked: a worker
    that typeset would inherit the engine's locks mid-use and hang. Workers make the sources; this process
    typesets them, with the same bytes as when nothing runs beside it."""
    import os
    import threading

    from toolkit.office import model as m
    from toolkit.office import typst_pdf

    project = load_project(small_county)
    here, calls = os.getpid(), []
    real = typst_pdf.compile_source

    def spy(source: str) -> bytes:
        calls.append(os.getpid())
        return real(source)

    long = [m.Document("长", tuple(m.Para("县乡村政务服务" * 40) for _ in range(3000)), "长")]
    beside = threading.Thread(target=typst_pdf.to_pdf, args=(long, "长"))
    beside.start()
    monkeypatch.setattr(typst_pdf, "compile_source", spy)
    monkeypatch.setattr(paperwork, "PARALLEL_FROM", 0)  # through the workers
    made = paperwork.build(project, tmp_path / "docs", SITE, tmp_path / "cache", pdf=True, when=WHEN)
    beside.join()
    assert made["pdf"], made["notices"]
    assert calls and set(calls) == {here}
    alone = paperwork.build(project, tmp_path / "alone", SITE, tmp_path / "cache-2", pdf=True, when=WHEN)
    assert alone["files"] == made["files"]
    assert _tree(tmp_path / "alone") == _tree(tmp_path / "docs")


@pytest.mark.slow  # 8-10 CPU seconds measured (three paperwork builds): too near the budget to stay fast
def test_unchanged_inputs_keep_the_files_and_a_change_or_a_lost_file_makes_them_again(small_county, tmp_path):
    county = tmp_path / "county"
    shutil.copytree(small_county, county)
    docs, cache = tmp_path / "docs", tmp_path / "cache"
    first = _build(load_project(county), docs, cache)
    handbook = docs / "paperwork" / "handbook.docx"
    stamp = handbook.stat().st_mtime_ns
    again = _build(load_project(county), docs, cache)  # e.g. after an edit of the standard's text
    assert handbook.stat().st_mtime_ns == stamp  # not written again
    assert {k: v for k, v in again.items() if k != "timings"} == {
        k: v for k, v in first.items() if k != "timings"
    }
    assert again["timings"] == {}
    paperwork.build(load_project(county), docs, SITE, cache, pdf=False, when=WHEN, full=True)
    assert handbook.stat().st_mtime_ns != stamp  # `stdkit build --full` makes them again
    stamp = handbook.stat().st_mtime_ns

    lost = docs / first["files"][-1]
    good = lost.read_bytes()
    lost.unlink()
    _build(load_project(county), docs, cache)
    assert lost.read_bytes() == good
    assert handbook.stat().st_mtime_ns == stamp  # the files that are as they were stay untouched

    item_file = next(county.glob("items/services/*/*.yaml"))
    project = load_project(county)
    item = next(i for i in project.items.values() if item_file.stem == i.id)
    text = item_file.read_text(encoding="utf-8")
    item_file.write_text(
        text.replace(f"name: {item.name}\n", f"name: {item.name}（改）\n", 1), encoding="utf-8"
    )
    before = handbook.read_bytes()
    _build(load_project(county), docs, cache)
    assert handbook.read_bytes() != before
    assert f"{item.name}（改）" in "".join(
        t.text or "" for t in dk.open_docx(handbook.read_bytes()).element.iter(qn("w:t"))
    )


def test_merge_writes_what_python_docx_writes(tmp_path):
    ours, theirs = dk.new_document("t", WHEN), dk.new_document("t", WHEN)
    for doc, merge in ((ours, dk.merge), (theirs, lambda cells, a, b: cells[a].merge(cells[b]))):
        t = dk.table(doc, [20, 30, 40, 50, 34])
        cells = dk.row(t, ["甲", "", "", "", "乙"], height_mm=8)
        merged = merge(cells, 0, 3)
        dk.text(merged.paragraphs[0], "合并")
        cells = dk.row(t, ["", "", "", "", ""])
        merge(cells, 1, 4)
    assert dk.save(ours, WHEN) == dk.save(theirs, WHEN)


def _svg_modules(svg: bytes) -> set[tuple[int, int]]:
    """The dark modules an SVG code draws: its path's strokes, followed as a viewer would (absolute M,
    relative m, horizontal h), each stroke on a module row's middle line."""
    path = re.search(rb'stroke="#000" d="([^"]+)"', svg).group(1).decode()
    x = y = 0.0
    dark = set()
    for op, a, b in re.findall(r"([Mmh])(-?[\d.]+)(?: (-?[\d.]+))?", path):
        if op == "M":
            x, y = float(a), float(b)
        elif op == "m":
            x, y = x + float(a), y + float(b)
        else:
            dark |= {(int(x) + k, int(y)) for k in range(int(a))}
            x += float(a)
    return dark


def _png_modules(png: bytes, scale: int = 6) -> set[tuple[int, int]]:
    image = Image.open(io.BytesIO(png)).convert("L")
    side = image.size[0] // scale
    return {
        (mx, my)
        for my in range(side)
        for mx in range(side)
        if image.getpixel((mx * scale + scale // 2, my * scale + scale // 2)) < 128
    }


def test_the_site_and_the_paperwork_print_the_same_modules(small_county, tmp_path):
    """The site's SVG (also the PDFs') and the Word files' PNG of a code are drawn from one encoding: the
    same dark modules, quiet zone included; the PNG decodes (zxing-cpp) to the address at level Q."""
    project = load_project(small_county)
    svgs = qr.render_all(project, SITE, ArtefactCache(tmp_path, "qr"))
    for item_id, (url, svg) in svgs.items():
        png = dk.qr_png(url)
        assert _svg_modules(svg) == _png_modules(png), item_id
        found = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
        assert [(b.text, b.ec_level) for b in found] == [(url, "Q")], item_id
        assert svg == qr.svg_bytes(url)


def test_spilled_body_xml_is_saved_as_if_it_had_stayed(small_county):
    """docx_kit.spill: the handbook set aside department by department is the same file as made whole."""
    project = load_project(small_county)
    item = next(iter(project.items.values()))

    def made(spill: bool) -> bytes:
        doc = dk.new_document("手册", WHEN)
        for n in range(3):
            dk.heading(doc, f"第{n}部分", 1, bookmark=f"b-{n}")
            t = dk.table(doc, [40, 134], header=["项目", "内容"])
            dk.row(t, [item.name, "＜受理要点＞ & “引号”"])
            dk.para(doc, "附录", east=ox.HEI, size=dk.SMALL, before=40)
            dk.pageref(doc.add_paragraph(), f"b-{n}")
            if spill:
                dk.spill(doc)
        dk.page_footer(doc, "手册")
        return dk.save(doc, WHEN)

    assert made(spill=True) == made(spill=False)
    doc = dk.new_document("有图", WHEN)
    dk.picture(doc.add_paragraph(), dk.qr_png(urls.short_url(SITE, item.id)), 20)
    with pytest.raises(ValueError):
        dk.spill(doc)  # python-docx numbers pictures by the ids it still sees


def test_only_the_standard_is_converted_by_libreoffice_in_the_code():
    """Of the toolkit's modules, only the standard's build, the 送审 package (the standard and its 编制说明)
    and the province's 通报 command (not the main job's print products) use toolkit/office/pdf.py,
    LibreOffice's converter."""
    import ast

    root = Path(__file__).resolve().parent.parent / "toolkit"
    users = set()
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.ImportFrom):
                names = [f"{node.module or ''}.{a.name}" for a in node.names] + [node.module or ""]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            if any(n.endswith(("office.pdf", "office.uno_pdf")) for n in names):
                users.add(path.relative_to(root).as_posix())
    assert users - {"office/pdf.py", "office/__init__.py"} == {
        "build/standard.py",
        "build/package.py",
        "cli/province.py",
    }


@pytest.mark.slow  # a whole build of the small county with every PDF
def test_a_build_with_pdfs_converts_nothing_but_the_standard_with_libreoffice(
    county_copy, tmp_path, monkeypatch
):
    """Every print product's PDF of a build is typeset by Typst: LibreOffice is asked for no file (the
    generated county has no standard, the one PDF it would make)."""
    import toolkit.office.pdf as pdf_module
    from toolkit.build import build

    asked: list[str] = []
    real = pdf_module.Conversion.__init__

    def recording(self, pairs, *args, **kwargs):
        asked.extend(Path(docx).name for docx, _ in pairs)
        real(self, pairs, *args, **kwargs)

    monkeypatch.setattr(pdf_module.Conversion, "__init__", recording)
    result = build(county_copy, tmp_path / "out", pdf=True)
    assert asked == []
    papers = result.out / "paperwork"
    assert (papers / "handbook.pdf").is_file()
    assert {p.stem for p in (papers / "forms").glob("*.pdf")} == {
        p.stem for p in (papers / "forms").glob("*.docx")
    }
    assert list((papers / "notices" / "by-department").glob("*.pdf"))


@pytest.mark.slow  # two paperwork builds with every PDF: about 24 s of CPU
def test_the_handbook_begun_with_the_build_is_the_pdf_made_later(small_county, tmp_path):
    """build/paperwork.EarlyBook: the handbook's PDF typeset from the start of the build is byte for byte
    the one the paperwork typesets itself; once it is in the cache, the next build does not start it."""
    project = load_project(small_county)
    early = paperwork.EarlyBook(project, SITE, tmp_path / "cache", WHEN)
    assert early.future is not None
    paperwork.build(project, tmp_path / "a", SITE, tmp_path / "cache", pdf=True, when=WHEN, early=early)
    paperwork.build(project, tmp_path / "b", SITE, tmp_path / "cache-2", pdf=True, when=WHEN)
    made = (tmp_path / "a" / "paperwork" / "handbook.pdf").read_bytes()
    assert made.startswith(b"%PDF") and made == (tmp_path / "b" / "paperwork" / "handbook.pdf").read_bytes()
    assert early.future.result() == made
    assert paperwork.EarlyBook(project, SITE, tmp_path / "cache", WHEN).future is None

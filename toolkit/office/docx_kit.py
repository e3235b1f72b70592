"""Shared Word building blocks for the window's paperwork (forms, 一次性告知单, handbook): an A4 document
with 宋体 body and 黑体 headings, tables whose rows never split across pages, ☐ choices, a box per
character, QR images, bookmarks and PAGEREF fields, and a byte-reproducible save.

Built on toolkit/office/ooxml.py (East Asian fonts, fields, deterministic zip); nothing here knows about
items or bundles.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from copy import deepcopy
from functools import cache
from typing import cast

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.phys_pkg import PhysPkgWriter
from docx.opc.pkgwriter import PackageWriter
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.table import CT_Row, CT_Tbl
from docx.shared import Length, Mm
from docx.table import Table, _Cell
from docx.text.run import Run
from lxml import etree

from ..core import escape
from . import ooxml as ox
from . import qrcode as qr

BOX = "☐"
BODY, SMALL, TITLE = 10.5, 9, 18  # 五号, 小五, 小二
PAGE_TEXT_MM = 174  # A4 210 mm less 18 mm margins each side


def xml_bad(text: str) -> str | None:
    """The first character XML cannot carry (the rule of toolkit.core.escape.xml_text), as U+XXXX, or None."""
    clean = escape.xml_text(text)
    if clean == text:
        return None
    bad = next(a for a, b in zip(text, clean + "\0") if a != b)
    return f"U+{ord(bad):04X}"


# Styles the paperwork uses; python-docx's template carries ~260 more (and 800 KB of style XML per file).
KEEP_STYLES = {
    "Normal",
    "DefaultParagraphFont",
    "TableNormal",
    "NoList",
    "TableGrid",
    "Heading1",
    "Heading2",
    "Heading3",
    "Header",
    "Footer",
    "HeaderChar",
    "FooterChar",
    "Heading1Char",
    "Heading2Char",
    "Heading3Char",
}
DROP_RELS = ("stylesWithEffects", "customXml", "thumbnail")


def _slim(doc) -> None:
    """Drop what a form never uses: latent and unused styles, stylesWithEffects, customXml, the thumbnail
    (the file shrinks from ~40 KB to ~10 KB and is written 3× faster)."""
    styles = doc.styles.element
    for el in list(styles):
        if el.tag == qn("w:latentStyles") or (
            el.tag == qn("w:style") and el.get(qn("w:styleId")) not in KEEP_STYLES
        ):
            styles.remove(el)
    for part in (doc.part, doc.part.package):
        for rid, rel in list(part.rels.items()):
            if any(d in rel.reltype for d in DROP_RELS):
                part.drop_rel(rid) if hasattr(part, "drop_rel") else part.rels.pop(rid)


@cache
def _base(margin_mm: float) -> bytes:
    """The empty, slimmed document with the paperwork's styles and page set up, saved once per margin
    (parsing it is ~3× cheaper than setting it up again for each of the ~1,500 files of a build)."""
    doc = Document()
    _slim(doc)
    ox.doc_defaults(doc)
    normal = doc.styles["Normal"]
    ox.style_fonts(normal, ox.SONG, BODY)
    ox.para_props(normal, before=0, after=0, line=276)
    for i in (1, 2, 3):
        s = doc.styles[f"Heading {i}"]
        ox.style_fonts(s, ox.HEI, (16, 13, BODY)[i - 1], bold=False)
        ox.para_props(
            s, before=(240, 160, 80)[i - 1], after=(160, 80, 40)[i - 1], keep_next=True, outline=i - 1
        )
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin = sec.bottom_margin = Mm(margin_mm)
    sec.left_margin = sec.right_margin = Mm(margin_mm)
    sec.header_distance = sec.footer_distance = Mm(8)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


@cache
def _opened(margin_mm: float):
    """`_base` parsed once: each document is a deep copy of it (half the cost of parsing it again)."""
    return Document(io.BytesIO(_base(margin_mm)))


def new_document(title: str, when: dt.datetime, *, margin_mm: float = 18):
    doc = deepcopy(_opened(margin_mm))
    cp = doc.core_properties
    cp.title, cp.author, cp.last_modified_by = title, "stdkit", "stdkit"
    cp.created = cp.modified = cp.last_printed = when
    cp.revision = 1
    return doc


def open_docx(data: bytes):
    return Document(io.BytesIO(data))


_CHUNK = "stdkit-chunk"  # a processing instruction standing for body XML already serialized (`spill`)
_CHUNK_RE = re.compile(rb"<\?" + _CHUNK.encode() + rb" (\d+)\?>")


def spill(doc) -> bytes | None:
    """Serialize the body's elements made so far and leave one placeholder in their place; `save` writes
    that XML back. A long document (the handbook) then holds only the part being made: lxml's nodes take
    ~12× the XML (250 MB for 1,808 items), and python-docx, which searches the body's children on every
    append, stays fast. Only for elements nothing refers to again (not a section's properties), and not
    for pictures (python-docx numbers a new one after the ids it finds in the document). Returns that XML
    (None when there was nothing to set aside), which `put_spilled` can put into another document."""
    body = doc.element.body
    done = [
        el for el in body if el.tag != qn("w:sectPr") and not isinstance(el, etree._ProcessingInstruction)
    ]
    if not done:
        return None
    if any(True for el in done for _ in el.iter(qn("wp:docPr"))):
        raise ValueError("spill: a picture's id must stay visible to python-docx")
    root = doc.element
    shell = etree.Element(root.tag, nsmap=root.nsmap)  # the document's namespaces: the same serialization
    inner = etree.SubElement(shell, qn("w:body"))
    for el in done:
        inner.append(el)  # moved out of the document
    xml = etree.tostring(shell, encoding="UTF-8")
    start = xml.index(b">", xml.index(b"<w:body")) + 1
    chunk = xml[start : xml.rindex(b"</w:body>")]
    _put_chunk(doc, chunk)
    return chunk


def _put_chunk(doc, chunk: bytes) -> None:
    chunks = doc.part.__dict__.setdefault("_stdkit_chunks", [])
    doc.element.body.sectPr.addprevious(etree.ProcessingInstruction(_CHUNK, str(len(chunks))))
    chunks.append(chunk)


def put_spilled(doc, chunk: bytes, *, bookmarks: int) -> None:
    """Body XML that `spill` returned for a document made the same way up to this point, as if it had been
    made here (what was made before it is set aside first): `bookmarks` is the number of bookmarks in it
    (the next one is numbered after them)."""
    spill(doc)
    _put_chunk(doc, chunk)
    doc.part._stdkit_bookmarks = bookmark_count(doc) + bookmarks


def bookmark_count(doc) -> int:
    """Bookmarks made so far (`add_bookmark`): the next one's id is this plus one."""
    return getattr(doc.part, "_stdkit_bookmarks", 0)


class _FixedZip:
    """python-docx's package writer target: every entry with one fixed timestamp (as ooxml.fixed_zip),
    written once instead of zipped and then rewritten; body XML set aside by `spill` put back."""

    def __init__(self, buf: io.BytesIO, date_time: tuple, chunks: dict[str, list[bytes]]):
        self._zip = zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED)
        self._date_time = date_time
        self._chunks = chunks

    def write(self, pack_uri, blob: bytes) -> None:
        chunks = self._chunks.get(str(pack_uri))
        if chunks:
            blob = _CHUNK_RE.sub(lambda m: chunks[int(m.group(1))], blob)
        zi = zipfile.ZipInfo(pack_uri.membername, date_time=self._date_time)
        zi.compress_type = zipfile.ZIP_DEFLATED
        zi.external_attr = 0o644 << 16
        self._zip.writestr(zi, blob)

    def close(self) -> None:
        self._zip.close()


def save(doc, when: dt.datetime) -> bytes:
    """The document's bytes, equal for equal content (the same bytes as ox.fixed_zip of doc.save)."""
    package = doc.part.package
    for part in package.parts:
        part.before_marshal()
    buf = io.BytesIO()
    chunks = {str(doc.part.partname): doc.part.__dict__.get("_stdkit_chunks", [])}
    fixed = _FixedZip(buf, when.timetuple()[:6], chunks)
    out = cast(PhysPkgWriter, fixed)  # it has the `write` PackageWriter calls
    PackageWriter._write_content_types_stream(out, package.parts)
    PackageWriter._write_pkg_rels(out, package.rels)
    PackageWriter._write_parts(out, package.parts)
    fixed.close()
    return buf.getvalue()


@cache
def _rpr(east: str, size: float | None, bold: bool | None):
    rpr = OxmlElement("w:rPr")
    ox.set_run_fonts(rpr, east, size, bold)
    return rpr


def text(par, value: str, *, east: str = ox.SONG, size: float | None = None, bold: bool | None = None):
    """A run of text; its fonts are a copy of one prepared rPr (as ox.run_fonts would write it)."""
    if "\t" in value or "\n" in value or "\r" in value:
        run = par.add_run(value)  # python-docx turns these into w:tab and w:br
    else:
        r = par._p.add_r()
        if value:
            r.add_t(value)
        run = Run(r, par)
    if east != ox.SONG or size is not None or bold is not None:
        run._r.insert(0, deepcopy(_rpr(east, size, bold)))
    return run


def para(container, value: str = "", *, east: str = ox.SONG, size: float | None = None, align=None, **pp):
    p = container.add_paragraph()
    if value:
        text(p, value, east=east, size=size)
    if align is not None:
        p.alignment = align
    if pp:
        ox.para_props(p, **pp)
    return p


def title(doc, value: str, subtitle: str | None = None) -> None:
    para(doc, value, east=ox.HEI, size=TITLE, align=WD_ALIGN_PARAGRAPH.CENTER, after=60 if subtitle else 160)
    if subtitle:
        para(doc, subtitle, size=BODY, align=WD_ALIGN_PARAGRAPH.CENTER, after=160)


def heading(doc, value: str, level: int = 1, *, bookmark: str | None = None, page_break: bool = False):
    p = doc.add_paragraph(style=f"Heading {level}")
    if page_break:
        ox.para_props(p, page_break=True)
    if bookmark:
        add_bookmark(p, bookmark, value)
    else:
        p.add_run(value)
    return p


def add_bookmark(par, name: str, value: str) -> None:
    """A bookmark around the paragraph's text (PAGEREF targets it; LibreOffice exports it to the PDF).
    Ids count per document, so equal documents get equal bytes."""
    part = par.part
    part._stdkit_bookmarks = getattr(part, "_stdkit_bookmarks", 0) + 1
    bid = str(part._stdkit_bookmarks)
    par._p.append(ox.el("w:bookmarkStart", id=bid, name=name))
    par.add_run(value)
    par._p.append(ox.el("w:bookmarkEnd", id=bid))


def pageref(par, bookmark: str) -> None:
    """The page number of a bookmark (a PAGEREF field; LibreOffice fills it when converting to PDF)."""
    ox.add_field(par, f"PAGEREF {bookmark} \\h", "0")


_TABLES: dict[tuple, CT_Tbl] = {}  # (widths, grid) -> an empty w:tbl made the python-docx way, to copy
_ROWS: dict[tuple, CT_Row] = {}  # (widths, height) -> an empty w:tr made the python-docx way, to copy


def table(doc, widths_mm: list[float], *, grid: bool = True, header: list[str] | None = None):
    """A fixed-layout table; rows added with `row` never split across pages."""
    key = (tuple(widths_mm), grid)
    proto = _TABLES.get(key)
    if proto is None:
        t = doc.add_table(rows=0, cols=len(widths_mm))
        if grid:
            t.style = doc.styles["Table Grid"]
        t.alignment = WD_TABLE_ALIGNMENT.CENTER
        t.autofit = False
        t._tbl.tblPr.append(ox.el("w:tblLayout", type="fixed"))
        for col, w in zip(t._tbl.tblGrid.findall(qn("w:gridCol")), widths_mm):
            col.set(qn("w:w"), str(int(w * 56.7)))
        _TABLES[key] = deepcopy(t._tbl)
    else:
        tbl = deepcopy(proto)
        doc._body._element._insert_tbl(tbl)
        t = Table(tbl, doc._body)
    t._widths = widths_mm
    if header:
        cells = row(t, header, size=SMALL, east=ox.HEI)
        cells[0]._tc.getparent().get_or_add_trPr().append(ox.el("w:tblHeader"))
    return t


def row(
    t, values: list[str], *, size: float | None = SMALL, east: str = ox.SONG, height_mm: float | None = None
):
    """A row that cannot split across pages (a label never stays behind on the previous page)."""
    key = (tuple(t._widths), height_mm)
    proto = _ROWS.get(key)
    if proto is None:
        r = t.add_row()
        trpr = r._tr.get_or_add_trPr()
        trpr.append(ox.el("w:cantSplit"))
        if height_mm:
            trpr.append(ox.el("w:trHeight", val=int(height_mm * 56.7), hRule="atLeast"))
        for cell, w in zip(r.cells, t._widths):
            cell.width = Mm(w)
        _ROWS[key] = deepcopy(r._tr)
        tr = r._tr
    else:
        tr = deepcopy(proto)
        t._tbl.append(tr)
    cells = [_Cell(tc, t) for tc in tr.tc_lst]
    for cell, value in zip(cells, values):
        if value:
            text(cell.paragraphs[0], value, east=east, size=size)
    return cells


def keep_rows_together(t) -> None:
    """Keep every row of a (short) table on the page of the next row: a small block never splits."""
    for r in t.rows[:-1]:
        for cell in r.cells:
            for p in cell.paragraphs:
                ox.para_props(p, keep_next=True)


def merge(cells, first: int, last: int):
    """Cells first..last of one row as one cell spanning their columns: the XML python-docx's
    `_Cell.merge` writes for empty cells of one row, without its search of the table's grid."""
    tc = cells[first]._tc
    for cell in cells[first + 1 : last + 1]:
        other = cell._tc
        if not other._is_empty:
            raise ValueError("only empty cells are merged into their row's first cell")
        if tc.width and other.width:
            tc.width = Length(tc.width + other.width)
        tc.grid_span += other.grid_span
        other.getparent().remove(other)
    tc.vMerge = None
    return _Cell(tc, cells[first]._parent)


def char_boxes(cell, count: int, box_mm: float = 6.0) -> None:
    """One box per character (身份证号, 统一社会信用代码): a nested one-row table of `count` cells."""
    inner = cell.add_table(rows=1, cols=count)
    inner.style = cell.part.document.styles["Table Grid"]
    inner.autofit = False
    inner._tbl.tblPr.append(ox.el("w:tblLayout", type="fixed"))
    for col in inner._tbl.tblGrid.findall(qn("w:gridCol")):
        col.set(qn("w:w"), str(int(box_mm * 56.7)))
    trpr = inner.rows[0]._tr.get_or_add_trPr()
    trpr.append(ox.el("w:trHeight", val=int(box_mm * 56.7), hRule="exact"))
    for c in inner.rows[0].cells:
        c.width = Mm(box_mm)
    # a cell must end with a paragraph: keep the (empty) one after the nested table, tiny
    ox.para_props(cell.paragraphs[0], line=120)


@cache
def qr_png(url: str) -> bytes:
    """The code the site prints for `url` (toolkit/office/qrcode.py: the same rules, encoded once per build)."""
    return qr.png_bytes(url)


def picture(par, png: bytes, width_mm: float) -> None:
    par.add_run().add_picture(io.BytesIO(png), width=Mm(width_mm))


def page_footer(doc, value: str) -> None:
    """Footer: a line of text and the page number, on every page."""
    fp = doc.sections[0].footer.paragraphs[0]
    fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    text(fp, value + "　第 ", size=SMALL)
    ox.add_field(fp, "PAGE", "1")
    text(fp, " 页", size=SMALL)

"""The Word writer of the document model (model.py): a `Document` to DOCX bytes, written as OOXML text onto
prepared parts (the slimmed package of docx_kit: styles, settings, theme, made once per process), not
element by element through python-docx — about 1 ms a one-page notice instead of 15. Equal models give
equal bytes (one fixed zip timestamp, numbered ids).

Page furniture as Word fields: 第 X 页 共 Y 页 in the footer (PAGE and NUMPAGES, inside an IF on NUMPAGES
unless the document numbers a single page too), the running head in the header, a PAGEREF for each
`PageRef` to its heading's bookmark and a TOC field for `Contents`; Word fills them when the file is
opened (updateFields), so the model's page numbers are the Typst PDF's, not typed here."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import zipfile
from functools import cache
from xml.sax.saxutils import escape as _xml

from ..core import escape
from . import docx_kit as dk
from . import ooxml as ox
from . import qrcode as qr
from .model import (
    QR,
    Block,
    Cell,
    Contents,
    Document,
    Group,
    Heading,
    PageRef,
    Para,
    Row,
    Space,
    Style,
    Table,
)

TWIPS_PER_MM = 56.7
EMU_PER_MM = 36000
EAST = {"song": ox.SONG, "hei": ox.HEI}
JC = {"left": "", "center": "center", "right": "right"}
_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_PNG_CT = '<Default Extension="png" ContentType="image/png"/>'
_IMAGE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml."
_NS = f'{_W} xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
FURNITURE = Style(9)  # the header and footer lines


def _t(value: str) -> str:
    return _xml(escape.xml_text(value))


@cache
def _base(margin_mm: float) -> dict[str, bytes]:
    """The prepared parts: the empty package's entries (document.xml split at its body)."""
    z = zipfile.ZipFile(io.BytesIO(dk._base(margin_mm)))
    return {n: z.read(n) for n in z.namelist()}


@cache
def _rpr(style: Style) -> str:
    bold = "<w:b/><w:bCs/>" if style.bold else ""
    half = round(style.size * 2)
    east = EAST[style.font]
    return (
        f'<w:rPr><w:rFonts w:ascii="{ox.LATIN}" w:hAnsi="{ox.LATIN}" w:eastAsia="{east}" w:cs="{ox.LATIN}"/>'
        f'{bold}<w:sz w:val="{half}"/><w:szCs w:val="{half}"/></w:rPr>'
    )


def _ppr(p: Para, extra: str = "") -> str:
    parts = []
    if JC[p.align]:
        parts.append(f'<w:jc w:val="{JC[p.align]}"/>')
    if p.before or p.after:
        parts.append(f'<w:spacing w:before="{round(p.before * 20)}" w:after="{round(p.after * 20)}"/>')
    if p.indent:
        parts.append(
            f'<w:ind w:firstLineChars="{p.indent * 100}" w:firstLine="{round(p.indent * p.style.size * 20)}"/>'
        )
    if p.keep_next and not extra:
        parts.append("<w:keepNext/>")
    inner = "".join(parts) + extra
    return f"<w:pPr>{inner}</w:pPr>" if inner else ""


class _Writer:
    def __init__(self, width_mm: float) -> None:
        self.images: list[bytes] = []
        self.drawings = 0
        self.marks = 0  # bookmarks
        self.fields = False  # fields Word is to fill on opening
        self.width_mm = width_mm  # the text width: where a PageRef's number stands

    def para(self, p: Para, extra: str = "") -> str:
        run = f'<w:r>{_rpr(p.style)}<w:t xml:space="preserve">{_t(p.text)}</w:t></w:r>' if p.text else ""
        return f"<w:p>{_ppr(p, extra)}{run}</w:p>"

    def qr(self, q: QR) -> str:
        self.images.append(dk.qr_png(q.url))
        self.drawings += 1
        n, cx = self.drawings, round(q.width_mm * EMU_PER_MM)
        jc = f'<w:pPr><w:jc w:val="{JC[q.align]}"/></w:pPr>' if JC[q.align] else ""
        return (
            f"<w:p>{jc}<w:r><w:drawing><wp:inline "
            'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
            'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture">'
            f'<wp:extent cx="{cx}" cy="{cx}"/><wp:docPr id="{n}" name="Picture {n}"/>'
            '<wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr>'
            '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
            f'<pic:pic><pic:nvPicPr><pic:cNvPr id="0" name="qr{n}.png"/><pic:cNvPicPr/></pic:nvPicPr>'
            f'<pic:blipFill><a:blip r:embed="rIdQr{n}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
            f'<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cx}"/></a:xfrm>'
            '<a:prstGeom prst="rect"/></pic:spPr></pic:pic></a:graphicData></a:graphic>'
            "</wp:inline></w:drawing></w:r></w:p>"
        )

    def heading(self, h: Heading) -> str:
        brk = "<w:pageBreakBefore/>" if h.page_break else ""
        lvl = "" if h.outlined else '<w:outlineLvl w:val="9"/>'  # out of the contents
        run = f'<w:r><w:t xml:space="preserve">{_t(h.text)}</w:t></w:r>'
        if h.target:
            self.marks += 1
            name, n = bookmark(h.target), self.marks
            run = f'<w:bookmarkStart w:id="{n}" w:name="{name}"/>{run}<w:bookmarkEnd w:id="{n}"/>'
        return f'<w:p><w:pPr><w:pStyle w:val="Heading{min(h.level, 3)}"/>{brk}{lvl}</w:pPr>{run}</w:p>'

    def page_ref(self, r: PageRef, extra: str = "") -> str:
        """“text …… N”: a dotted right tab at the text's width to a PAGEREF of the heading's bookmark."""
        self.fields = True
        stop = round(self.width_mm * TWIPS_PER_MM)
        ind = f'<w:ind w:left="{round(r.indent_mm * TWIPS_PER_MM)}"/>' if r.indent_mm else ""
        ppr = f'<w:pPr><w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{stop}"/></w:tabs>{ind}{extra}</w:pPr>'
        rpr = _rpr(r.style)
        label = f'<w:r>{rpr}<w:t xml:space="preserve">{_t(r.text)}</w:t></w:r><w:r>{rpr}<w:tab/></w:r>'
        ref = _field(f" PAGEREF {bookmark(r.target)} \\h ", "", rpr)
        return f"<w:p>{ppr}{label}{ref}</w:p>"

    def group(self, g: Group, keep_next: bool) -> str:
        """A group kept on one page: each of its paragraphs but the last keeps with the next."""
        if not g.keep_together:
            return self.blocks(g.blocks, keep_next)
        head = self.blocks(g.blocks[:-1], True)
        return head + self.blocks(g.blocks[-1:], keep_next)

    def blocks(self, blocks: tuple[Block, ...], keep_next: bool = False) -> str:
        extra = "<w:keepNext/>" if keep_next else ""
        out = []
        for b in blocks:
            if isinstance(b, Para):
                out.append(self.para(b, extra))
            elif isinstance(b, Heading):
                out.append(self.heading(b))
            elif isinstance(b, PageRef):
                out.append(self.page_ref(b, extra))
            elif isinstance(b, Contents):
                self.fields = True
                toc = _field(f' TOC \\o "1-{b.depth}" \\h \\z \\u ', "", "")
                out.append(f"<w:p>{toc}</w:p>")
            elif isinstance(b, Group):
                out.append(self.group(b, keep_next))
            elif isinstance(b, Space):
                out.append(
                    f'<w:p><w:pPr><w:spacing w:line="{round(b.points * 20)}" w:lineRule="exact"/></w:pPr></w:p>'
                )
            elif isinstance(b, QR):
                out.append(self.qr(b))
            else:
                out.append(self.table(b))
        return "".join(out)

    def cell(self, c: Cell, width_mm: float, keep_next: bool, centred: bool) -> str:
        span = f'<w:gridSpan w:val="{c.span}"/>' if c.span > 1 else ""
        body = self.blocks(c.blocks, keep_next)
        if not body.endswith("</w:p>"):  # a cell ends with a paragraph (after a nested table too)
            body += "<w:p/>"
        # as the PDF twin's cells: centred in the row's height, at the top in a row marked `top`
        valign = '<w:vAlign w:val="center"/>' if centred else ""
        pr = f'<w:tcW w:type="dxa" w:w="{round(width_mm * TWIPS_PER_MM)}"/>{span}{valign}'
        return f"<w:tc><w:tcPr>{pr}</w:tcPr>{body}</w:tc>"

    def row(self, t: Table, r: Row, keep_next: bool) -> str:
        pr = "<w:cantSplit/>"
        if r.min_height_mm:
            pr += f'<w:trHeight w:val="{round(r.min_height_mm * TWIPS_PER_MM)}" w:hRule="atLeast"/>'
        if r.header:
            pr += "<w:tblHeader/>"
        cells, col = [], 0
        for c in r.cells:
            cells.append(self.cell(c, sum(t.widths_mm[col : col + c.span]), keep_next, not r.top))
            col += c.span
        return f"<w:tr><w:trPr>{pr}</w:trPr>{''.join(cells)}</w:tr>"

    def table(self, t: Table) -> str:
        style = '<w:tblStyle w:val="TableGrid"/>' if t.grid else ""
        grid = "".join(f'<w:gridCol w:w="{round(w * TWIPS_PER_MM)}"/>' for w in t.widths_mm)
        last = len(t.rows) - 1
        rows = "".join(self.row(t, r, t.keep_together and n < last) for n, r in enumerate(t.rows))
        return (
            f'<w:tbl><w:tblPr>{style}<w:tblW w:type="auto" w:w="0"/><w:jc w:val="{t.align}"/>'
            f'<w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>{rows}</w:tbl>'
        )


def bookmark(target: str) -> str:
    """A Word bookmark name for a target: a letter and 12 hex digits (Word allows letters, digits and _,
    40 characters at most), the same for the same target."""
    return "t" + hashlib.sha1(target.encode()).hexdigest()[:12]


def _field(instr: str, result: str, rpr: str) -> str:
    """A complex field: its instruction (text, or runs holding nested fields) and its last result."""
    code = (
        instr
        if instr.startswith("<")
        else f'<w:r>{rpr}<w:instrText xml:space="preserve">{_t(instr)}</w:instrText></w:r>'
    )
    shown = f'<w:r>{rpr}<w:t xml:space="preserve">{_t(result)}</w:t></w:r>' if result else ""
    return (
        f'<w:r>{rpr}<w:fldChar w:fldCharType="begin"/></w:r>{code}'
        f'<w:r>{rpr}<w:fldChar w:fldCharType="separate"/></w:r>{shown}<w:r>{rpr}<w:fldChar w:fldCharType="end"/></w:r>'
    )


def _footer(one_page: bool) -> bytes:
    """第 X 页 共 Y 页: PAGE and NUMPAGES; inside IF NUMPAGES > 1 unless a single page is numbered too."""
    rpr = _rpr(FURNITURE)

    def run(text: str) -> str:
        return f'<w:r>{rpr}<w:t xml:space="preserve">{text}</w:t></w:r>'

    def instr(text: str) -> str:
        return f'<w:r>{rpr}<w:instrText xml:space="preserve">{text}</w:instrText></w:r>'

    page, pages = _field(" PAGE ", "1", rpr), _field(" NUMPAGES ", "1", rpr)
    if one_page:
        line = run("第 ") + page + run(" 页 共 ") + pages + run(" 页")
    else:
        code = (
            instr(" IF ") + pages + instr(' > 1 "第 ') + page + instr(" 页 共 ") + pages + instr(' 页" "" ')
        )
        line = _field(code, "", rpr)
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        f'<w:ftr {_NS}><w:p><w:pPr><w:pStyle w:val="Footer"/><w:jc w:val="center"/></w:pPr>{line}</w:p></w:ftr>'
    ).encode()


def _header(text: str) -> bytes:
    rpr = _rpr(FURNITURE)
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        f'<w:hdr {_NS}><w:p><w:pPr><w:pStyle w:val="Header"/><w:jc w:val="right"/></w:pPr>'
        f'<w:r>{rpr}<w:t xml:space="preserve">{_t(text)}</w:t></w:r></w:p></w:hdr>'
    ).encode()


def _furniture(parts: dict[str, bytes], doc: Document) -> None:
    """The header (running head) and footer (page numbers) parts, referenced from the section."""
    refs, rels, types = "", "", ""
    for kind, on, part in (
        ("header", bool(doc.running_head), lambda: _header(doc.running_head)),
        ("footer", doc.page_numbers, lambda: _footer(doc.number_one_page)),
    ):
        if not on:
            continue
        parts[f"word/{kind}1.xml"] = part()
        refs += f'<w:{kind}Reference w:type="default" r:id="rId{kind.title()}1"/>'
        rels += f'<Relationship Id="rId{kind.title()}1" Type="{_REL}{kind}" Target="{kind}1.xml"/>'
        types += f'<Override PartName="/word/{kind}1.xml" ContentType="{_CT}{kind}+xml"/>'
    if not refs:
        return
    xml = parts["word/document.xml"]
    at = xml.index(b">", xml.rindex(b"<w:sectPr")) + 1
    parts["word/document.xml"] = xml[:at] + refs.encode() + xml[at:]
    key = "word/_rels/document.xml.rels"
    parts[key] = parts[key].replace(b"</Relationships>", rels.encode() + b"</Relationships>")
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", types.encode() + b"</Types>"
    )


def _core(title: str, when: dt.datetime) -> bytes:
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{_t(title)}</dc:title><dc:creator>stdkit</dc:creator><cp:lastModifiedBy>stdkit"
        "</cp:lastModifiedBy><cp:revision>1</cp:revision>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified></cp:coreProperties>'
    ).encode()


_BODY = re.compile(rb"<w:body>(.*)</w:body>", re.DOTALL)


_PAGE_BREAK = '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'


def to_docx(doc: Document, when: dt.datetime) -> bytes:
    """The Word file of `doc`: equal models and dates give equal bytes."""
    return to_docx_many([doc], doc.title, when)


def to_docx_many(docs: list[Document], title: str, when: dt.datetime) -> bytes:
    """One Word file of documents printed one after another, each from a new page (a department's window
    documents): equal models and dates give equal bytes. The first document's margins, running head and
    page numbers are the file's."""
    first = docs[0]
    parts = dict(_base(first.margin_mm))
    w = _Writer(210 - 2 * first.margin_mm)
    body = _PAGE_BREAK.join(w.blocks(d.blocks) for d in docs).encode()
    xml = parts["word/document.xml"]
    m = _BODY.search(xml)
    assert m is not None
    parts["word/document.xml"] = xml[: m.start(1)] + body + m.group(1) + xml[m.end(1) :]
    parts["docProps/core.xml"] = _core(title, when)
    _furniture(parts, first)
    if w.fields:  # PAGEREF and TOC: Word fills them on opening
        parts["word/settings.xml"] = parts["word/settings.xml"].replace(
            b"<w:compat>", b'<w:updateFields w:val="true"/><w:compat>', 1
        )
    if w.images:
        rels = "".join(
            f'<Relationship Id="rIdQr{n}" Type="{_IMAGE_REL}" Target="media/qr{n}.png"/>'
            for n in range(1, len(w.images) + 1)
        ).encode()
        key = "word/_rels/document.xml.rels"
        parts[key] = parts[key].replace(b"</Relationships>", rels + b"</Relationships>")
        ct = parts["[Content_Types].xml"]
        parts["[Content_Types].xml"] = ct.replace(b"<Default ", _PNG_CT.encode() + b"<Default ", 1)
        for n, png in enumerate(w.images, 1):
            parts[f"word/media/qr{n}.png"] = png
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            zi = zipfile.ZipInfo(name, date_time=when.timetuple()[:6])
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            z.writestr(zi, data)
    return buf.getvalue()


__all__ = ["qr", "to_docx", "to_docx_many"]

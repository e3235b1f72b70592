"""The Word writer of the document model (model.py): a `Document` to DOCX bytes, written as OOXML text onto
prepared parts (the slimmed package of docx_kit: styles, settings, theme, made once per process), not
element by element through python-docx — about 1 ms a one-page notice instead of 15. Equal models give
equal bytes (one fixed zip timestamp, numbered ids)."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from functools import cache
from xml.sax.saxutils import escape as _xml

from ..core import escape
from . import docx_kit as dk
from . import ooxml as ox
from . import qrcode as qr
from .model import QR, Block, Cell, Document, Para, Row, Space, Style, Table

TWIPS_PER_MM = 56.7
EMU_PER_MM = 36000
EAST = {"song": ox.SONG, "hei": ox.HEI}
JC = {"left": "", "center": "center", "right": "right"}
_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_PNG_CT = '<Default Extension="png" ContentType="image/png"/>'
_IMAGE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"


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
    def __init__(self) -> None:
        self.images: list[bytes] = []
        self.drawings = 0

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

    def blocks(self, blocks: tuple[Block, ...], keep_next: bool = False) -> str:
        extra = "<w:keepNext/>" if keep_next else ""
        out = []
        for b in blocks:
            if isinstance(b, Para):
                out.append(self.para(b, extra))
            elif isinstance(b, Space):
                out.append(
                    f'<w:p><w:pPr><w:spacing w:line="{round(b.points * 20)}" w:lineRule="exact"/></w:pPr></w:p>'
                )
            elif isinstance(b, QR):
                out.append(self.qr(b))
            else:
                out.append(self.table(b))
        return "".join(out)

    def cell(self, c: Cell, width_mm: float, keep_next: bool) -> str:
        span = f'<w:gridSpan w:val="{c.span}"/>' if c.span > 1 else ""
        body = self.blocks(c.blocks, keep_next) or "<w:p/>"
        return f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{round(width_mm * TWIPS_PER_MM)}"/>{span}</w:tcPr>{body}</w:tc>'

    def row(self, t: Table, r: Row, keep_next: bool) -> str:
        pr = "<w:cantSplit/>"
        if r.min_height_mm:
            pr += f'<w:trHeight w:val="{round(r.min_height_mm * TWIPS_PER_MM)}" w:hRule="atLeast"/>'
        if r.header:
            pr += "<w:tblHeader/>"
        cells, col = [], 0
        for c in r.cells:
            cells.append(self.cell(c, sum(t.widths_mm[col : col + c.span]), keep_next))
            col += c.span
        return f"<w:tr><w:trPr>{pr}</w:trPr>{''.join(cells)}</w:tr>"

    def table(self, t: Table) -> str:
        style = '<w:tblStyle w:val="TableGrid"/>' if t.grid else ""
        grid = "".join(f'<w:gridCol w:w="{round(w * TWIPS_PER_MM)}"/>' for w in t.widths_mm)
        last = len(t.rows) - 1
        rows = "".join(self.row(t, r, t.keep_together and n < last) for n, r in enumerate(t.rows))
        return (
            f'<w:tbl><w:tblPr>{style}<w:tblW w:type="auto" w:w="0"/><w:jc w:val="center"/>'
            f'<w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>{rows}</w:tbl>'
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
    documents): equal models and dates give equal bytes."""
    parts = dict(_base(docs[0].margin_mm))
    w = _Writer()
    body = _PAGE_BREAK.join(w.blocks(d.blocks) for d in docs).encode()
    xml = parts["word/document.xml"]
    m = _BODY.search(xml)
    assert m is not None
    parts["word/document.xml"] = xml[: m.start(1)] + body + m.group(1) + xml[m.end(1) :]
    parts["docProps/core.xml"] = _core(title, when)
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

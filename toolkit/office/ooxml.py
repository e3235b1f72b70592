"""Raw OOXML where python-docx has no API: East Asian fonts, multilevel numbering bound to styles,
fields (TOC with cached entries, REF, PAGEREF, PAGE), bookmarks, internal hyperlinks, page-number formats
per section, borders, deterministic zip."""

from __future__ import annotations

import io
import zipfile

from docx.enum.section import WD_SECTION
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement

SONG, HEI, LATIN = "宋体", "黑体", "Times New Roman"


def el(tag: str, **attrs) -> BaseOxmlElement:
    e: BaseOxmlElement = OxmlElement(tag)
    for k, v in attrs.items():
        e.set(qn(f"w:{k}"), str(v))
    return e


def _child(parent, tag: str, before: tuple[str, ...] = ()):
    found = parent.find(qn(tag))
    if found is None:
        found = OxmlElement(tag)
        anchor = next((parent.find(qn(b)) for b in before if parent.find(qn(b)) is not None), None)
        if anchor is not None:
            anchor.addprevious(found)
        else:
            parent.append(found)
    return found


def set_run_fonts(rpr, east: str = SONG, size_pt: float | None = None, bold: bool | None = None) -> None:
    """rPr: Latin Times New Roman, East Asian 宋体/黑体 (w:eastAsia), size in points."""
    for tag in ("w:rFonts",):
        old = rpr.find(qn(tag))
        if old is not None:
            rpr.remove(old)
    fonts = el("w:rFonts", ascii=LATIN, hAnsi=LATIN, eastAsia=east, cs=LATIN)
    rpr.insert(0, fonts)
    for tag in ("w:color", "w:i", "w:iCs"):
        old = rpr.find(qn(tag))
        if old is not None:
            rpr.remove(old)
    if bold is not None:
        for tag in ("w:b", "w:bCs"):
            old = rpr.find(qn(tag))
            if old is not None:
                rpr.remove(old)
            if bold:
                rpr.append(el(tag))
    if size_pt is not None:
        for tag in ("w:sz", "w:szCs"):
            old = rpr.find(qn(tag))
            if old is not None:
                rpr.remove(old)
            rpr.append(el(tag, val=round(size_pt * 2)))


def style_fonts(style, east: str, size_pt: float, bold: bool = False) -> None:
    rpr = style.element.get_or_add_rPr()
    set_run_fonts(rpr, east, size_pt, bold)


def run_fonts(run, east: str = SONG, size_pt: float | None = None, bold: bool | None = None) -> None:
    set_run_fonts(run._r.get_or_add_rPr(), east, size_pt, bold)


def doc_defaults(doc) -> None:
    """Default run properties: 宋体 East Asian font and zh-CN East Asian language (else Japanese glyphs)."""
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault"))
    rpr = rpr_default.find(qn("w:rPr"))
    set_run_fonts(rpr, SONG, 10.5)
    old = rpr.find(qn("w:lang"))
    if old is not None:
        rpr.remove(old)
    rpr.append(el("w:lang", val="en-US", eastAsia="zh-CN", bidi="ar-SA"))


def para_props(
    style_or_par,
    *,
    first_line_chars: int | None = None,
    before: int | None = None,
    after: int | None = None,
    line: int | None = None,
    outline: int | None = None,
    keep_next: bool = False,
    page_break: bool = False,
    jc: str | None = None,
    left: int | None = None,
    hanging: int | None = None,
) -> None:
    """pPr settings in twentieths of a point (spacing) and characters/100 (first-line indent)."""
    ppr = (
        style_or_par.element.get_or_add_pPr()
        if hasattr(style_or_par, "element")
        else style_or_par._p.get_or_add_pPr()
    )
    if keep_next:
        _child(ppr, "w:keepNext")
    if page_break:
        _child(ppr, "w:pageBreakBefore")
    if before is not None or after is not None or line is not None:
        sp = _child(ppr, "w:spacing")
        if before is not None:
            sp.set(qn("w:before"), str(before))
        if after is not None:
            sp.set(qn("w:after"), str(after))
        if line is not None:
            sp.set(qn("w:line"), str(line))
            sp.set(qn("w:lineRule"), "auto")
    if first_line_chars is not None or left is not None or hanging is not None:
        ind = _child(ppr, "w:ind")
        for a in list(ind.attrib):
            del ind.attrib[a]
        if first_line_chars is not None:
            ind.set(qn("w:firstLineChars"), str(first_line_chars * 100))
            ind.set(qn("w:firstLine"), str(first_line_chars * 210))
        if left is not None:
            ind.set(qn("w:left"), str(left))
        if hanging is not None:
            ind.set(qn("w:hanging"), str(hanging))
    if jc is not None:
        _child(ppr, "w:jc").set(qn("w:val"), jc)
    if outline is not None:
        _child(ppr, "w:outlineLvl").set(qn("w:val"), str(outline))


def border(par, side: str = "bottom", size: int = 8) -> None:
    ppr = par._p.get_or_add_pPr()
    bdr = _child(ppr, "w:pBdr")
    bdr.append(el(f"w:{side}", val="single", sz=size, space=1, color="000000"))


def _lvl(ilvl: int, fmt: str, text: str, style: str, east: str = HEI) -> BaseOxmlElement:
    lvl = el("w:lvl", ilvl=ilvl)
    lvl.append(el("w:start", val=1))
    lvl.append(el("w:numFmt", val=fmt))
    lvl.append(el("w:pStyle", val=style))
    lvl.append(el("w:suff", val="nothing"))
    lvl.append(el("w:lvlText", val=text))
    lvl.append(el("w:lvlJc", val="left"))
    ppr = el("w:pPr")
    ppr.append(el("w:ind", left=0, firstLine=0))
    lvl.append(ppr)
    rpr = el("w:rPr")
    set_run_fonts(rpr, east, None)
    lvl.append(rpr)
    return lvl


def add_numbering(doc, abstract_id: int, levels: list[tuple[str, str, str]]) -> int:
    """A multilevel list (abstractNum + num) whose levels are bound to paragraph styles; returns numId.
    levels: [(numFmt, lvlText, styleId)] — e.g. ("decimal", "%1.%2　", "Heading2")."""
    numbering = doc.part.numbering_part.element
    absn = el("w:abstractNum", abstractNumId=abstract_id)
    absn.append(el("w:multiLevelType", val="multilevel"))
    for i, (fmt, text, style) in enumerate(levels):
        absn.append(_lvl(i, fmt, text, style))
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(absn)
    else:
        numbering.append(absn)
    num_id = abstract_id + 1
    num = el("w:num", numId=num_id)
    num.append(el("w:abstractNumId", val=abstract_id))
    numbering.append(num)
    return num_id


def bind_style_numbering(style, num_id: int, ilvl: int) -> None:
    ppr = style.element.get_or_add_pPr()
    old = ppr.find(qn("w:numPr"))
    if old is not None:
        ppr.remove(old)
    numpr = el("w:numPr")
    numpr.append(el("w:ilvl", val=ilvl))
    numpr.append(el("w:numId", val=num_id))
    ppr.insert(0, numpr)


def add_field(par, instr: str, placeholder: str = "") -> None:
    """A complex field (begin / instrText / separate / placeholder / end) appended to a paragraph."""

    def fld(kind):
        r = el("w:r")
        r.append(el("w:fldChar", fldCharType=kind))
        return r

    par._p.append(fld("begin"))
    r = el("w:r")
    it = el("w:instrText")
    it.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    it.text = f" {instr} "
    r.append(it)
    par._p.append(r)
    par._p.append(fld("separate"))
    if placeholder:
        run = par.add_run(placeholder)
        run_fonts(run, SONG)
    par._p.append(fld("end"))


def _fld_char(kind: str):
    r = el("w:r")
    r.append(el("w:fldChar", fldCharType=kind))
    return r


def _instr(instr: str):
    r = el("w:r")
    it = el("w:instrText")
    it.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    it.text = f" {instr} "
    r.append(it)
    return r


def text_run(text: str, east: str = SONG, size_pt: float | None = None):
    """A w:r with one w:t (spaces preserved)."""
    r = el("w:r")
    rpr = el("w:rPr")
    set_run_fonts(rpr, east, size_pt)
    r.append(rpr)
    t = el("w:t")
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    t.text = text
    r.append(t)
    return r


def field_runs(instr: str, cached: str, east: str = SONG, size_pt: float | None = None) -> list:
    """The runs of a complex field whose cached result is `cached` (shown before any update)."""
    runs = [_fld_char("begin"), _instr(instr), _fld_char("separate")]
    if cached:
        runs.append(text_run(cached, east, size_pt))
    return runs + [_fld_char("end")]


def add_ref(par, bookmark: str, cached: str, *, number: bool, east: str = SONG, size_pt=None) -> None:
    """A REF field to `bookmark`: its paragraph number (\\r) for a numbered heading, else its text; a
    hyperlink to it (\\h). `cached` is the computed label, so the text reads right before any update."""
    switch = "\\r \\h" if number else "\\h"
    instr = f"REF {bookmark} {switch}"
    for r in field_runs(instr, cached, east, size_pt):
        par._p.append(r)


class Bookmarks:
    """Bookmark ids, unique in one document, in order of creation (reproducible)."""

    def __init__(self) -> None:
        self.next_id = 1
        self.names: set[str] = set()

    def wrap(self, par, name: str, first=None, last=None) -> None:
        """Bookmark the runs first..last of a paragraph (default: all its content)."""
        if name in self.names:
            return
        self.names.add(name)
        start = el("w:bookmarkStart", id=self.next_id, name=name)
        end = el("w:bookmarkEnd", id=self.next_id)
        self.next_id += 1
        p = par._p
        content = [c for c in p if c.tag != qn("w:pPr")]
        if first is None:
            first = content[0] if content else None
        if last is None:
            last = content[-1] if content else None
        if first is None:
            p.append(start)
            p.append(end)
            return
        first.addprevious(start)
        last.addnext(end)


def toc_entry(par, bookmark: str, text: str, page: str, *, first: str = "", last: bool = False) -> None:
    """One cached TOC line: a hyperlink to the heading's bookmark with its text, a tab and a PAGEREF field
    (cached page number). `first`: the TOC field instruction (begins the field); `last`: ends it."""
    p = par._p
    if first:
        for r in (_fld_char("begin"), _instr(first), _fld_char("separate")):
            p.append(r)
    link = el("w:hyperlink", anchor=bookmark, history=1)
    link.append(text_run(text))
    tab = el("w:r")
    tab.append(el("w:tab"))
    link.append(tab)
    for r in field_runs(f"PAGEREF {bookmark} \\h", page):
        link.append(r)
    p.append(link)
    if last:
        p.append(_fld_char("end"))


def page_number_format(section, fmt: str, start: int | None = 1) -> None:
    sect = section._sectPr
    old = sect.find(qn("w:pgNumType"))
    if old is not None:
        sect.remove(old)
    pg = el("w:pgNumType", fmt=fmt)
    if start is not None:
        pg.set(qn("w:start"), str(start))
    cols = sect.find(qn("w:cols"))
    if cols is not None:
        cols.addprevious(pg)
    else:
        sect.append(pg)


def continue_section(doc, columns: int, space_twips: int = 340):
    """A continuous section break: what follows is laid out in `columns` newspaper columns on the same
    page, with the running heads of the section before and its page numbers running on (no restart)."""
    section = doc.add_section(WD_SECTION.CONTINUOUS)
    sect = section._sectPr
    pg = sect.find(qn("w:pgNumType"))
    if pg is not None and pg.get(qn("w:start")) is not None:
        del pg.attrib[qn("w:start")]
    cols = _child(sect, "w:cols", ("w:formProt", "w:vAlign", "w:noEndnote", "w:titlePg", "w:textDirection", "w:bidi", "w:rtlGutter", "w:docGrid"))  # fmt: skip
    cols.set(qn("w:num"), str(columns))
    cols.set(qn("w:space"), str(space_twips))
    return section


def update_fields_on_open(doc) -> None:
    settings = doc.settings.element
    _child(settings, "w:updateFields").set(qn("w:val"), "true")


def line_break(par) -> None:
    par.add_run().add_break()


def fixed_zip(data: bytes, date_time: tuple) -> bytes:
    """Rewrite a zip with one fixed timestamp on every entry, so equal content gives equal bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=date_time)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            dst.writestr(zi, src.read(info.filename))
    return out.getvalue()


def a4_page(doc, *, landscape: bool = False, margin_mm: float = 20) -> None:
    """Every section on A4 (portrait or landscape) with its margins, and a centred page number in the
    footer (a PAGE field)."""
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm

    for section in doc.sections:
        section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = (Mm(297), Mm(210)) if landscape else (Mm(210), Mm(297))
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Mm(margin_mm))
        par = section.footer.paragraphs[0]
        par.alignment = WD_ALIGN_PARAGRAPH.CENTER
        add_field(par, "PAGE", "1")


def table_layout(table, widths_mm: list[float]) -> None:
    """A finished table laid out for print: fixed column widths, the first row repeated as the header on
    every page, no row split across pages."""
    from docx.shared import Mm

    table.autofit = False
    table._tbl.tblPr.append(el("w:tblLayout", type="fixed"))
    for col, w in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths_mm, strict=False):
        col.set(qn("w:w"), str(int(w * 56.7)))
    for n, row in enumerate(table.rows):
        trpr = row._tr.get_or_add_trPr()
        trpr.append(el("w:cantSplit"))
        if n == 0:
            trpr.append(el("w:tblHeader"))
        for cell, w in zip(row.cells, widths_mm, strict=False):
            cell.width = Mm(w)

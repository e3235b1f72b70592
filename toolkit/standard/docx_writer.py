"""The standard as a Word file laid out per GB/T 1.1—2020: cover, 目次 (a TOC field with its entries
cached, so it shows without updating fields), 前言, numbered chapters (Word multilevel numbering on
Heading 1–5), annexes, 参考文献, end line; Roman page numbers before the body and Arabic from it; the
standard number as running head, mirrored on odd and even pages (right on odd, left on even, page numbers
likewise); long tables continued under "表X（续）". Every chapter, clause, term, table, figure, annex and
identified provision carries a bookmark named after its source id; every cross-reference is a REF field
to it with the computed label as cached result, so an edit in Word renumbers them on "update fields"."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.shared import Mm, Pt

from ..office import ooxml as ox
from . import pagefill as pf
from .figures import print_size
from .labels import DASH, DOT, GAP
from .metadata import Metadata
from .model import Block, Clause, Part, Standard, anchor_key, bookmark_name, plain, segments

BODY, SMALL, FRONT, TITLE = 10.5, 9, 16, 26  # 五号, 小五, 三号, 一号
# estimated heights (points) of the fixed elements, for the table continuation estimate
HEADING_HEIGHT = BODY * pf.LINE + 2 * 3.9 + 3.9  # spacing before (up to 7.8) and after 3.9
CAPTION_HEIGHT = BODY * pf.LINE + 2 * 3.9
ANNEX_HEADING_HEIGHT = 3 * BODY * pf.LINE + 23.4
TITLE_HEIGHT = FRONT * pf.LINE + 15.6 + 31.2
FIGURE_GAP = 340  # twips between the two columns of charts (6 mm)
FIGURE_COLUMN = (pf.TEXT_WIDTH / pf.PT_PER_MM - FIGURE_GAP * 25.4 / 1440) / 2  # mm
FIGURE_MAX_HEIGHT = 200  # mm: a chart and its caption on one page
HEADINGS = [f"Heading {i}" for i in range(1, 6)]
NUMBER_GAP = GAP  # after a heading's number: in the text, not in the list level, so REF \r shows "5.2"
LIST_STYLES = {DASH: "List Dash", DOT: "List Dot"}  # any other mark ("[1]　", none): a Reference line
ANNEX_STYLES = ["Annex Heading", "Annex Heading 2", "Annex Heading 3", "Annex Heading 4", "Annex Heading 5"]


# The paragraph styles the standard adds (based on Normal), in this order: (name, East Asian font, size,
# paragraph properties as ooxml.para_props takes them).
_CENTRED = {"first_line_chars": 0, "before": 0, "after": 468, "jc": "center"}  # 目次, 前言 … titles
_NEW_PAGE = {**_CENTRED, "outline": 0, "page_break": True}  # 前言, 参考文献, an annex: on a page of its own
_ANNEX_SUB = {"first_line_chars": 0, "before": 78, "after": 78, "keep_next": True, "left": 0}
STYLES: tuple[tuple[str, str, float, dict], ...] = (
    ("Front Heading", ox.HEI, FRONT, _NEW_PAGE),
    ("TOC Title", ox.HEI, FRONT, _CENTRED),
    ("Standard Title", ox.HEI, FRONT, {**_CENTRED, "before": 312, "after": 624}),
    (ANNEX_STYLES[0], ox.HEI, BODY, {**_NEW_PAGE, "keep_next": True}),
    *((name, ox.HEI, BODY, {**_ANNEX_SUB, "outline": i}) for i, name in enumerate(ANNEX_STYLES) if i),
    ("Note", ox.SONG, SMALL, {"first_line_chars": 2}),
    ("Table Text", ox.SONG, SMALL, {"first_line_chars": 0, "jc": "center"}),
    (
        "Caption Std",
        ox.HEI,
        BODY,
        {"first_line_chars": 0, "before": 78, "after": 78, "jc": "center", "keep_next": True},
    ),
    ("List Dash", ox.SONG, BODY, {"first_line_chars": 0, "left": 840, "hanging": 420}),
    ("List Dot", ox.SONG, BODY, {"first_line_chars": 0, "left": 1260, "hanging": 420}),
    ("Reference", ox.SONG, BODY, {"first_line_chars": 2}),
    ("Bibliography Entry", ox.SONG, BODY, {"first_line_chars": 0, "left": 630, "hanging": 630}),  # [n] hangs
    ("Cover", ox.HEI, BODY, {"first_line_chars": 0, "jc": "left"}),
    ("toc 1", ox.SONG, BODY, {"first_line_chars": 0, "before": 0, "after": 0}),
)


def _styles(doc) -> dict[str, int]:
    """Normal and Heading 1–5 restyled, the standard's own styles added, and the two outline numberings
    (chapters 5, 5.1 …; annexes 附录A, A.1 …) bound to the heading styles; returns their numIds."""
    ox.doc_defaults(doc)
    st = doc.styles
    normal = st["Normal"]
    ox.style_fonts(normal, ox.SONG, BODY)
    ox.para_props(normal, first_line_chars=2, before=0, after=0, line=240)
    normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    for i, name in enumerate(HEADINGS):
        s = st[name]
        ox.style_fonts(s, ox.HEI, BODY, bold=False)
        before = 156 if i == 0 else 78
        ox.para_props(
            s, first_line_chars=0, before=before, after=78, keep_next=True, outline=i, left=0, hanging=0
        )
        s.paragraph_format.first_line_indent = Pt(0)
    for name, east, size, props in STYLES:
        s = st.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        s.base_style = normal
        ox.style_fonts(s, east, size, bold=False)
        ox.para_props(s, **props)
    st["toc 1"].paragraph_format.tab_stops.add_tab_stop(Mm(165), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
    return {
        "body": _outline(doc, 90, ("decimal", "%1"), HEADINGS),
        "annex": _outline(doc, 92, ("upperLetter", "附录%1"), ANNEX_STYLES),
    }


def _outline(doc, abstract_id: int, first: tuple[str, str], styles: list[str]) -> int:
    """A five-level numbering bound to `styles`: the first level as given (format, text), then "%1.%2" …"""
    ids = [doc.styles[name].style_id for name in styles]
    deeper = [("decimal", ".".join(f"%{k}" for k in range(1, i + 2)), ids[i]) for i in range(1, len(ids))]
    num = ox.add_numbering(doc, abstract_id, [(*first, ids[0]), *deeper])
    for i, name in enumerate(styles):
        ox.bind_style_numbering(doc.styles[name], num, i)
    return num


def _page(section) -> None:
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(25), Mm(20)
    section.left_margin, section.right_margin = Mm(25), Mm(20)
    section.header_distance, section.footer_distance = Mm(12), Mm(10)


def _text(par, text: str, east: str = ox.SONG, size: float | None = None):
    run = par.add_run(text)
    ox.run_fonts(run, east, size)
    return run


def _line(
    doc, text: str, align=WD_ALIGN_PARAGRAPH.CENTER, before: float = 0, east: str = ox.HEI, size: float = 14
):
    """One cover line: a paragraph of the Cover style with one run."""
    p = doc.add_paragraph(style="Cover")
    p.alignment = align
    p.paragraph_format.space_before = Pt(before)
    _text(p, text, east, size)
    return p


def _cover(doc, meta: Metadata) -> None:
    p = doc.add_paragraph(style="Cover")
    _text(p, f"ICS {meta.ics}", ox.HEI, BODY)
    ox.line_break(p)
    _text(p, f"CCS {meta.ccs}", ox.HEI, BODY)
    _line(doc, "DB42", WD_ALIGN_PARAGRAPH.RIGHT, size=36).runs[0].bold = True
    ox.border(_line(doc, "湖北省地方标准", before=24, size=36), "bottom", 12)
    _line(doc, meta.number, WD_ALIGN_PARAGRAPH.RIGHT, before=6)
    if meta.replaces:
        _line(doc, f"代替{meta.replaces}", WD_ALIGN_PARAGRAPH.RIGHT, size=BODY)
    _line(doc, meta.title, before=150, size=TITLE)
    _line(doc, meta.english_title, before=18)
    if meta.stage_label:
        _line(doc, f"（{meta.stage_label}）", before=30)
        _line(doc, f"（本稿完成日期：{meta.draft_date}）", before=6, east=ox.SONG, size=12)
    if meta.is_draft:
        _line(
            doc,
            "在提交反馈意见时，请将您知道的相关专利连同支持性文件一并附上。",
            before=24,
            east=ox.SONG,
            size=12,
        )
    p = _line(
        doc,
        f"{meta.cover_date(meta.issue_date)}发布",
        WD_ALIGN_PARAGRAPH.LEFT,
        before=150 if meta.is_draft else 190,
    )
    p.paragraph_format.tab_stops.add_tab_stop(Mm(165), WD_TAB_ALIGNMENT.RIGHT)
    ox.border(p, "bottom", 8)
    _text(p, f"\t{meta.cover_date(meta.implement_date)}实施", ox.HEI, 14)
    _line(doc, f"{meta.issuer}　发布", before=12, size=16)


def _header_footer(section, meta: Metadata, fmt: str) -> None:
    """Running head (the standard number) and page number at the outer edge: right on odd pages, left on
    even pages (the document sets evenAndOddHeaders)."""
    for header, footer, align in (
        (section.header, section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_header, section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        header.is_linked_to_previous = False
        footer.is_linked_to_previous = False
        hp = header.paragraphs[0]
        hp.alignment = align
        for r in list(hp.runs):
            r._r.getparent().remove(r._r)
        _text(hp, meta.number, ox.HEI, BODY)
        ox.border(hp, "bottom", 4)
        fp = footer.paragraphs[0]
        fp.alignment = align
        ox.add_field(fp, "PAGE", "1")
    ox.page_number_format(section, fmt, 1)


class _Writer:
    def __init__(self, doc, figures: dict[str, bytes], std: Standard):
        self.doc = doc
        self.figures = figures
        self.page = pf.Page()
        self.std = std
        self.marks = ox.Bookmarks()
        self.toc: list[tuple[str, str]] = []  # (bookmark, entry text) of every 目次 line, in order

    def rich(self, par, text: str, east: str = ox.SONG, size: float | None = None) -> None:
        """Text with its cross-references as REF fields (cached: the computed label)."""
        for chunk, ref in segments(text):
            if ref is None:
                _text(par, chunk, east, size)
                continue
            target = self.std.anchors[ref]
            before, after = target.around
            if before:
                _text(par, before, east, size)
            ox.add_ref(
                par,
                bookmark_name(target.anchor),
                target.number,
                number=target.numbered,
                east=east,
                size_pt=size,
            )
            if after:
                _text(par, after, east, size)

    def heading(self, par, part: Part, clause: Clause, toc_text: str = "") -> None:
        """Bookmark a heading paragraph (whole: REF \\r reads its number) and list it in the 目次."""
        name = bookmark_name(anchor_key(clause, part.kind))
        self.marks.wrap(par, name)
        if toc_text:
            self.toc.append((name, toc_text))

    def blocks(self, part: Part, clause: Clause, skip_first: bool = False) -> None:
        blocks = clause.blocks[1:] if skip_first else clause.blocks
        run = _figure_runs(blocks)
        for b in blocks:
            if b.kind == "para":
                p = self.doc.add_paragraph(style="Reference" if part.role == "normrefs" else None)
                self.rich(p, b.text)
                if b.id:
                    self.marks.wrap(p, bookmark_name(b.id))
                self.page.paragraph(plain(b.text))
                self.items(b)
            elif b.kind == "listonly":
                self.items(b)
            elif b.kind in ("note", "example"):
                p = self.doc.add_paragraph(style="Note")
                _text(p, b.label, ox.HEI, SMALL)
                self.rich(p, b.text, ox.SONG, SMALL)
                self.page.paragraph(b.label + plain(b.text), SMALL)
            elif b.kind == "table":
                self.table(b)
            elif b.kind == "figure":
                self.figure(b, run.get(id(b)))

    def items(self, b: Block) -> None:
        for n, item in enumerate(b.items, 1):
            self.page.paragraph(plain(item.text), indent_chars=4)
            other = "Bibliography Entry" if item.mark.startswith("[") else "Reference"
            p = self.doc.add_paragraph(item.mark, style=LIST_STYLES.get(item.mark, other))
            self.rich(p, item.text)
            if n == 1 and b.kind == "listonly" and b.id:
                self.marks.wrap(p, bookmark_name(b.id))

    def caption(self, b: Block, keep_next: bool = True):
        """ "表1　标题" with the number bookmarked (REF \\h reads "表1")."""
        cap = self.doc.add_paragraph(style="Caption Std")
        if not keep_next:
            cap.paragraph_format.keep_with_next = False  # a figure's caption ends it: no chain to the next
        number = cap.add_run(b.number)
        if b.id:
            self.marks.wrap(cap, bookmark_name(b.id), number._r, number._r)
        cap.add_run(GAP)
        self.rich(cap, b.text, ox.HEI)
        return cap

    def table(self, b: Block) -> None:
        """The table with fixed column widths; where it would run past the page it continues on the next
        page under "表X（续）" with its header row repeated."""
        rows = b.rows
        flat = [[plain(c) for c in r] for r in rows]  # what the reader sees, for the page-fill estimate
        widths = pf.column_widths(flat)
        starts = self.page.split_table(flat, widths, CAPTION_HEIGHT)
        self.caption(b)
        bounds = [1, *starts, len(rows)]
        for k in range(len(bounds) - 1):
            if k:
                cont = self.doc.add_paragraph(style="Caption Std")
                ox.para_props(cont, page_break=True)
                cont.add_run(f"{b.number}（续）")
            self._table_part([rows[0], *rows[bounds[k] : bounds[k + 1]]], widths)

    def _table_part(self, rows: list[list[str]], widths: list[float]) -> None:
        table = self.doc.add_table(rows=len(rows), cols=len(widths))
        table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        for c, w in enumerate(widths):
            table.columns[c].width = Pt(w)
        sid = self.doc.styles["Table Text"].style_id
        for r, row in enumerate(rows):
            tr = table.rows[r]
            tr._tr.get_or_add_trPr().append(ox.el("w:cantSplit"))
            for c, cell in enumerate(tr.cells):
                cell.width = Pt(widths[c])
                par = cell.paragraphs[0]
                par._p.get_or_add_pPr().style = sid  # direct: python-docx's style lookup is slow per cell
                self.rich(par, row[c], ox.HEI if r == 0 else ox.SONG, SMALL)
        table.rows[0]._tr.get_or_add_trPr().append(ox.el("w:tblHeader"))

    def figure(self, b: Block, place: tuple[bool, bool] | None) -> None:
        """A chart with its caption under it, its text printed at 小五 (never larger than the body text).
        `place`: (first, last) of a run of charts, which are set in two columns (a chart is narrow: one
        per page would leave the pages half empty), the columns filled top to bottom, page after page."""
        if place is not None and place[0]:
            ox.continue_section(self.doc, 2, FIGURE_GAP)
        png = self.figures.get(b.source)
        p = self.doc.add_paragraph(style="Table Text")
        p.paragraph_format.keep_with_next = True
        width = FIGURE_COLUMN if place is not None else pf.TEXT_WIDTH / pf.PT_PER_MM
        height = 10.0
        if png:
            width, height = print_size(png, SMALL, width, FIGURE_MAX_HEIGHT)
            p.add_run().add_picture(io.BytesIO(png), width=Mm(width))
        else:
            p.add_run("（流程图）")
        self.caption(b, keep_next=False)
        # in two columns a chart takes about half its height of the page
        self.page.add((height * pf.PT_PER_MM + CAPTION_HEIGHT) / (2 if place is not None else 1))
        if place is not None and place[1]:
            ox.continue_section(self.doc, 1)

    def clause(self, part: Part, clause: Clause, styles: list[str]) -> None:
        for child in clause.children:
            style = styles[min(child.depth, 5) - 1]
            p = self.doc.add_paragraph(style=style)
            self.page.add(HEADING_HEIGHT * (2 if part.role == "terms" else 1))
            if part.role == "terms":
                ox.line_break(p)
                _text(p, child.title + (f"{GAP}{child.english}" if child.english else ""), ox.HEI)
                for other in child.admitted:  # 许用术语: each on its own line under the preferred term
                    ox.line_break(p)
                    _text(p, other, ox.HEI)
            elif child.title:
                p.add_run(NUMBER_GAP + child.title)
            elif child.runs_in:
                _text(p, NUMBER_GAP, ox.SONG)  # untitled sub-clause: number + first paragraph
                self.rich(p, child.blocks[0].text)
            self.heading(p, part, child)
            self.blocks(part, child, skip_first=child.runs_in)
            self.clause(part, child, styles)


def _figure_runs(blocks: list[Block]) -> dict[int, tuple[bool, bool]]:
    """Charts that follow one another (two or more): id() of the block -> (first, last) of its run."""
    out: dict[int, tuple[bool, bool]] = {}
    run: list[Block] = []
    for b in [*blocks, None]:
        if b is not None and b.kind == "figure":
            run.append(b)
            continue
        if len(run) > 1:
            for i, f in enumerate(run):
                out[id(f)] = (i == 0, i == len(run) - 1)
        run = []
    return out


def _toc(doc, at, entries: list[tuple[str, str]], pages: list[str] | None) -> None:
    """The 目次: one TOC field whose cached result is every entry with its page number (when known)."""
    if not entries:
        return
    anchor = at._p
    for i, (bookmark, text) in enumerate(entries):
        par = doc.add_paragraph(style="toc 1")
        ox.toc_entry(
            par,
            bookmark,
            text,
            pages[i] if pages else "",
            first='TOC \\o "1-1" \\h \\z \\u' if i == 0 else "",
            last=i == len(entries) - 1,
        )
        anchor.addnext(par._p)
        anchor = par._p
    at._p.getparent().remove(at._p)


def write_docx(
    std: Standard, meta: Metadata, figures: dict[str, bytes], toc_pages: list[str] | None = None
) -> bytes:
    """The DOCX; `toc_pages`: the page number of every 目次 entry (from LibreOffice's layout) to cache."""
    doc = Document()
    _styles(doc)
    _page(doc.sections[0])
    cp = doc.core_properties
    when = meta.date_time()
    cp.title, cp.subject = meta.title, meta.number
    cp.author = cp.last_modified_by = meta.drafting_units[0]
    cp.keywords, cp.comments, cp.category = "县乡村政务服务体系建设", meta.stage, "湖北省地方标准"
    cp.created = cp.modified = cp.last_printed = when
    cp.revision = 1
    _cover(doc, meta)

    front = doc.add_section(WD_SECTION.NEW_PAGE)
    _page(front)
    _header_footer(front, meta, "upperRoman")
    doc.add_paragraph("目　　次", style="TOC Title")
    toc_at = doc.add_paragraph(style="toc 1")
    doc.settings.odd_and_even_pages_header_footer = True
    w = _Writer(doc, figures, std)
    for part in std.of_kind("foreword"):
        p = doc.add_paragraph("前　　言", style="Front Heading")
        w.heading(p, part, part.clause, "前　　言")
        w.blocks(part, part.clause)

    body = doc.add_section(WD_SECTION.NEW_PAGE)
    _page(body)
    _header_footer(body, meta, "decimal")
    doc.add_paragraph(meta.title, style="Standard Title")
    w.page.new_page()
    w.page.add(TITLE_HEIGHT)
    for part in std.parts:
        if part.kind == "chapter":
            p = doc.add_paragraph(NUMBER_GAP + part.title, style="Heading 1")
            w.heading(p, part, part.clause, f"{part.clause.number}{NUMBER_GAP}{part.title}")
            w.page.add(HEADING_HEIGHT)
            w.blocks(part, part.clause)
            w.clause(part, part.clause, HEADINGS)
        elif part.kind == "annex":
            p = doc.add_paragraph(style=ANNEX_STYLES[0])
            w.page.new_page()
            w.page.add(ANNEX_HEADING_HEIGHT)
            ox.line_break(p)
            p.add_run(part.nature)
            ox.line_break(p)
            p.add_run(part.title)
            w.heading(p, part, part.clause, f"{part.label}{part.nature}{part.title}")
            w.blocks(part, part.clause)
            w.clause(part, part.clause, ANNEX_STYLES)
        elif part.kind == "bibliography":
            p = doc.add_paragraph("参　考　文　献", style="Front Heading")
            w.heading(p, part, part.clause, "参　考　文　献")
            w.blocks(part, part.clause)
    end = doc.add_paragraph(style="Cover")
    end.paragraph_format.space_before = Pt(24)
    end.paragraph_format.left_indent = Mm(62)
    end.paragraph_format.right_indent = Mm(62)
    ox.border(end, "top", 6)
    _toc(doc, toc_at, w.toc, toc_pages if toc_pages and len(toc_pages) == len(w.toc) else None)
    buf = io.BytesIO()
    doc.save(buf)
    return ox.fixed_zip(buf.getvalue(), when.timetuple()[:6])

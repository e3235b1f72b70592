"""A small document model for print products: what a page says and how its parts are grouped, nothing
about one file format. A product (an 一次性告知单, a form, a QR list) is described once as a `Document`;
`docx_writer` makes the Word file offices edit and `typst_pdf` the PDF that is printed, both from the
same model, so both say the same words.

Blocks: `Para` (one run of text in one style), `Table` of `Row`s of `Cell`s (a cell holds blocks, a table
too — a box per character is a one-row table; a row never splits across pages), `QR` (a code for a URL,
drawn from the same matrix as the site's), `Space`; for a book (the handbook): `Heading` (in the contents
and the PDF bookmarks, a `target` index lines point at), `PageRef` (“label …… page” of a target),
`Contents` (the table of contents) and `Group` (blocks kept on one page, or set in columns).
Styles are named roles (`TITLE`, `HEADING`, `BODY`, …) that both writers map to their own fonts:
宋体 → Noto Serif CJK SC, 黑体 → Noto Sans CJK SC; titles a bold serif (小标宋-like).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Union

Font = Literal["song", "hei"]
Align = Literal["left", "center", "right"]


@dataclass(frozen=True)
class Style:
    size: float  # points
    font: Font = "song"
    bold: bool = False


TITLE = Style(18, "song", bold=True)  # 小二, bold serif
HEADING = Style(13, "hei")
BODY = Style(10.5)  # 五号
SMALL = Style(9)  # 小五
HEADER_CELL = Style(9, "hei")
NOTE = Style(7.5)


@dataclass(frozen=True)
class Para:
    text: str
    style: Style = BODY
    align: Align = "left"
    before: float = 0  # points of space above
    after: float = 0  # points of space below
    indent: int = 0  # first-line indent in characters
    keep_next: bool = False  # on the page of what follows (a heading never ends a page)


@dataclass(frozen=True)
class QR:
    url: str
    width_mm: float
    align: Align = "center"


@dataclass(frozen=True)
class Space:
    points: float


@dataclass(frozen=True)
class Heading:
    text: str
    level: int  # 1 a part, 2 a chapter (both in the contents), 3 an entry (a PDF bookmark only)
    target: str = ""  # the name PageRefs point at: letters, digits, "-", "_" and "."
    page_break: bool = False  # starts a page
    outlined: bool = True  # in the contents (levels 1–2) and the PDF bookmarks


@dataclass(frozen=True)
class PageRef:
    """“text …… N”: N the page the heading with this `target` is printed on."""

    text: str
    target: str
    indent_mm: float = 0
    style: Style = SMALL


@dataclass(frozen=True)
class Contents:
    """The table of contents: the headings of levels 1 to `depth` with their pages."""

    depth: int = 2


Block = Union[Para, QR, Space, Heading, PageRef, Contents, "Table", "Group"]


@dataclass(frozen=True)
class Group:
    """Blocks kept on one page (`keep_together`: an item of the handbook, when it fits a page), or set in
    `columns` (an index; the Word twin keeps one column, its reader edits, not prints)."""

    blocks: tuple[Block, ...]
    keep_together: bool = False
    columns: int = 1


@dataclass(frozen=True)
class Cell:
    blocks: tuple[Block, ...] = ()
    span: int = 1  # columns this cell covers

    @staticmethod
    def text(value: str, style: Style = SMALL, *, span: int = 1) -> Cell:
        return Cell((Para(value, style),) if value else (), span)


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]
    min_height_mm: float | None = None
    header: bool = False  # repeated at the top of each page the table runs onto
    # its cells' content at the top, not centred in the row (a form's space to write in, its hint above)
    top: bool = False


@dataclass(frozen=True)
class Table:
    widths_mm: tuple[float, ...]
    rows: tuple[Row, ...]
    grid: bool = True
    keep_together: bool = False  # a small block (signatures and QR, a group of fields) never splits
    align: Align = "center"


@dataclass(frozen=True)
class Document:
    """One printed document: its title (the file's metadata), its blocks, the title of its PDF bookmark,
    whether its pages carry 第 X 页 共 Y 页 (printed only when it runs to more than one page, or on every
    page with `number_one_page`) and a line at the head of every page (`running_head`: a form's 受理编号)."""

    title: str
    blocks: tuple[Block, ...]
    bookmark: str = ""
    page_numbers: bool = True
    margin_mm: float = 18
    running_head: str = ""
    number_one_page: bool = False


def texts(blocks: tuple[Block, ...] | list[Block]) -> list[str]:
    """The words of blocks in reading order (table rows left to right): what both writers print, page
    numbers (of PageRefs and the contents) left out."""
    out: list[str] = []
    for b in blocks:
        if isinstance(b, (Para, Heading, PageRef)) and b.text:
            out.append(b.text)
        elif isinstance(b, Group):
            out += texts(b.blocks)
        elif isinstance(b, Table):
            for r in b.rows:
                for c in r.cells:
                    out += texts(c.blocks)
    return out


def qr_urls(blocks: tuple[Block, ...] | list[Block]) -> list[str]:
    """The URLs of the QR codes among blocks, in reading order."""
    out: list[str] = []
    for b in blocks:
        if isinstance(b, QR):
            out.append(b.url)
        elif isinstance(b, Group):
            out += qr_urls(b.blocks)
        elif isinstance(b, Table):
            for r in b.rows:
                for c in r.cells:
                    out += qr_urls(c.blocks)
    return out

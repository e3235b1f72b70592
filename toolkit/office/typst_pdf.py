"""The PDF writer of the document model (model.py): documents to Typst markup, typeset in-process by the
Typst engine (PyPI `typst`, the engine inside the wheel; about 5 ms a one-page notice, against ~100 ms
through LibreOffice).

Several documents go into one PDF (a department's notices): each starts a page, has a PDF bookmark titled
by its `bookmark`, and numbers its own pages — 第 X 页 共 Y 页 in the footer only when it runs to more
than one page. Fonts are given explicitly (Noto Serif CJK SC for 宋体, Noto Sans CJK SC for 黑体, DejaVu
Sans for the ☐ box, which the CJK faces draw crossed) from the folders fontconfig knows them in, the
system fonts ignored; the document date is none, so equal models give equal bytes.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import threading
from collections.abc import Iterable
from functools import cache
from importlib.metadata import version
from pathlib import Path

import typst

from . import qrcode as qr
from .model import (
    BODY,
    QR,
    SMALL,
    Block,
    Cell,
    Contents,
    Document,
    Group,
    Heading,
    PageRef,
    Para,
    Space,
    Style,
    Table,
)

TypstError = typst.TypstError  # what a failed typesetting raises
FAMILIES = {"song": "Noto Serif CJK SC", "hei": "Noto Sans CJK SC"}
BOX_FONT = "DejaVu Sans"
BOXES = "☐☑□"
_ESC = (("\\", "\\\\"), ('"', '\\"'), ("\n", "\\n"), ("\r", "\\r"), ("\t", "\\t"))  # the backslash first

PREAMBLE = """\
#set document(title: {title}, author: "stdkit", date: none)
#set text(font: ("{song}",), lang: "zh", region: "cn", size: {body}pt, top-edge: "ascender", bottom-edge: "descender")
#show table: set text(size: {small}pt)
#set par(leading: 0.35em, spacing: 0pt, justify: false)
#set block(above: 0pt, below: 0pt)
#set table.cell(breakable: false)
#show regex("[{boxes}]"): it => text(font: "{box}", it)
#show heading: it => block(above: (14pt, 10pt, 7pt).at(it.level - 1, default: 7pt), below: (10pt, 6pt, 4pt).at(it.level - 1, default: 4pt), sticky: true, text(font: "{hei}", size: (16pt, 13pt, 10.5pt).at(it.level - 1, default: 10.5pt), weight: "regular", it.body))
#show outline.entry: it => text(size: 10pt, it)
#let numbers-of(n, one) = context {{
  let total = counter(page).at(label("stdkit-end-" + str(n))).first()
  if total > 1 or one {{ align(center, text(size: 9pt)[第 #counter(page).display() 页 共 #total 页]) }}
}}
#let stdkit-doc = counter("stdkit-doc")
#let stdkit-flags = ({flags})
#let footer-now = context {{
  let n = stdkit-doc.get().first() - 1
  if n >= 0 and stdkit-flags.at(n).at(0) {{ numbers-of(n, stdkit-flags.at(n).at(1)) }}
}}
#let header-now = context {{
  let page = here().page()
  let starts = query(<stdkit-start>).filter(s => s.location().page() <= page)
  if starts.len() > 0 and starts.last().value.at(3) != "" {{ align(right, text(size: 9pt, starts.last().value.at(3))) }}
}}
#let ref-line(indent, body, size, target) = block(inset: (left: indent), text(size: size)[#body#box(width: 1fr, repeat[.])#"..."#context counter(page).at(target).first()])
#set page(paper: "a4", margin: {margin}mm, footer: footer-now{header})
"""
TARGET = re.compile(r"[A-Za-z][A-Za-z0-9_.-]*\Z")


def _flag(value: bool) -> str:
    return "true" if value else "false"


def _s(value: str) -> str:
    """A Typst string literal (chained replaces: str.translate with a dict took ~1 ms for a code's SVG)."""
    for char, escaped in _ESC:
        value = value.replace(char, escaped)
    return '"' + value + '"'


@cache
def font_paths() -> tuple[str, ...]:
    """The folders holding the faces the writer uses, as fontconfig finds them."""
    folders = []
    for family in (*FAMILIES.values(), BOX_FONT):
        try:
            out = subprocess.run(
                ["fc-match", "-f", "%{file}", family], capture_output=True, text=True, check=True, timeout=20
            ).stdout
        except (OSError, subprocess.SubprocessError):
            continue
        if out:
            folders.append(str(Path(out).parent))
    return tuple(dict.fromkeys(folders))


def _text(style: Style, value: str, default: Style) -> str:
    """A text in its style, saying only how it differs from the `default` the set rules give (the body's
    style on the page, SMALL in a table cell): about 15 % less typesetting time for the handbook."""
    args = []
    if style.font != default.font:
        args.append(f'font: "{FAMILIES[style.font]}"')
    if style.size != default.size:
        args.append(f"size: {style.size}pt")
    if style.bold != default.bold:
        args.append(f'weight: "{"bold" if style.bold else "regular"}"')
    return f"text({', '.join(args)}, {_s(value)})" if args else _s(value)


def _para(p: Para, default: Style = BODY) -> str:
    inner = _text(p.style, p.text, default) if p.text else "[]"
    if p.indent:
        inner = f"[#h({p.indent}em)#{inner}]"
    if p.align != "left":
        inner = f"align({p.align}, {inner})"
    sticky = ", sticky: true" if p.keep_next else ""
    if p.before or p.after or p.align != "left":
        return f"block(inset: (top: {p.before}pt, bottom: {p.after}pt), width: 100%{sticky}, {inner})"
    return f"block({inner}{sticky})"  # a paragraph of its own: the cell's lines stack


@cache
def _qr(url: str, align: str, width_mm: float) -> str:
    """A code's image, written once per process: a station list prints the same codes on every station's
    pages, and escaping the SVG into a string literal each time cost seconds."""
    svg = _s(qr.svg_bytes(url).decode())
    return f'align({align}, image(bytes({svg}), format: "svg", width: {width_mm}mm))'


def _label(target: str) -> str:
    """A target as a Typst label; one the markup could misread is a programming error here."""
    if not TARGET.match(target):
        raise ValueError(f"not a target name: {target!r}")
    return f"<{target}>"


def _heading(h: Heading) -> str:
    out = f"heading(level: {h.level}, outlined: {'true' if h.outlined else 'false'}, {_s(h.text)})"
    brk = "#pagebreak(weak: true)" if h.page_break else ""
    return f"[{brk}#{out}{_label(h.target) if h.target else ''}]"


def _block(b: Block, default: Style = BODY) -> str:
    if isinstance(b, Para):
        return _para(b, default)
    if isinstance(b, Space):
        return f"v({b.points}pt)"
    if isinstance(b, QR):
        return _qr(b.url, b.align, b.width_mm)
    if isinstance(b, Heading):
        return _heading(b)
    if isinstance(b, PageRef):
        label = _label(b.target)
        return f"ref-line({b.indent_mm}mm, {_s(b.text)}, {b.style.size}pt, {label})"
    if isinstance(b, Contents):
        return f"outline(title: none, depth: {b.depth}, indent: 2em)"
    if isinstance(b, Group):
        inner = "{ " + "; ".join(_block(x, default) for x in b.blocks) + " }" if b.blocks else "[]"
        if b.columns > 1:
            inner = f"columns({b.columns}, gutter: 8mm, {inner})"
        return f"block(breakable: false, width: 100%, {inner})" if b.keep_together else inner
    return _table(b)


def _cell(c: Cell) -> str:
    parts = [_block(b, SMALL) for b in c.blocks]
    content = "{ " + "; ".join(parts) + " }" if parts else "[]"
    return f"table.cell(colspan: {c.span}, {content})" if c.span > 1 else content


def _table(t: Table) -> str:
    """A table; rows of a least height (Word's "atLeast", the DOCX twin) get it from a strut in an extra
    column of no width in front: the row is as high as the strut or its tallest cell. (A strut inside every
    cell — a grid in each — doubled the typesetting time of the notices.)"""
    struts = any(r.min_height_mm for r in t.rows)
    cols = ", ".join(["0pt"] * struts + [f"{w}mm" for w in t.widths_mm])
    stroke = "0.5pt" if t.grid else "none"
    lines = []
    for r in t.rows:
        cells = [_cell(c) for c in r.cells]
        if struts:
            strut = f"box(height: {r.min_height_mm}mm - 4pt)" if r.min_height_mm else "[]"
            cells.insert(0, f"table.cell(inset: (x: 0pt, y: 2pt), {strut})")
        joined = ", ".join(cells)
        lines.append(f"table.header({joined})" if r.header else joined)
    body = f"table(columns: ({cols},), stroke: {stroke}, inset: (x: 3pt, y: 2pt), align: {_aligns(t)}, {', '.join(lines)})"
    body = f"align({t.align}, {body})"
    return f"block(breakable: false, {body})" if t.keep_together else body


def _aligns(t: Table) -> str:
    """Cells centred in their row's height, except in rows marked `top` (a form's space to write in, its
    hint at the top), as in Word."""
    tall = [n for n, r in enumerate(t.rows) if r.top]
    if not tall:
        return "left + horizon"
    if len(tall) == len(t.rows):
        return "left + top"
    rows = "".join(f"{n}, " for n in tall)
    return f"(x, y) => if ({rows}).contains(y) {{ left + top }} else {{ left + horizon }}"


SHARED_FROM = 400  # characters: a block printed in several documents is written once, above them all


def markup(docs: Iterable[Document], title: str) -> str:
    """The Typst source of documents printed one after another. A block repeated in several documents (a
    station list's codes, printed on every station's pages) is defined once and placed by name: the source
    stays small and the engine reuses its layout (about 40 % less time for a township's station lists)."""
    docs = list(docs)
    margin = docs[0].margin_mm if docs else 18
    memo: dict[int, str] = {}  # by identity: the station lists share one body's blocks (the docs hold them)
    written = [
        [memo[id(b)] if id(b) in memo else memo.setdefault(id(b), _block(b)) for b in d.blocks] for d in docs
    ]
    seen: dict[str, int] = {}
    for blocks in written:
        for text in dict.fromkeys(blocks):  # in order: the same source every time
            seen[text] = seen.get(text, 0) + 1
    shared = {t: f"s{n}" for n, t in enumerate(t for t, k in seen.items() if k > 1 and len(t) >= SHARED_FROM)}
    out = []
    for n, (d, blocks) in enumerate(zip(docs, written)):
        if n:
            out.append("#pagebreak()")
        flags = f"{_flag(d.page_numbers)}, {_flag(d.number_one_page)}"
        out.append(f"#metadata(({n}, {flags}, {_s(d.running_head)})) <stdkit-start>")
        out.append("#stdkit-doc.step()")
        out.append("#counter(page).update(1)")
        if d.bookmark:  # an invisible heading: the PDF bookmark, nothing printed
            out.append(f"#place(hide(heading(outlined: false, bookmarked: true, {_s(d.bookmark)})))")
        out += [f"#{shared.get(b, b)}" for b in blocks]
        out.append(f"#metadata({n}) <stdkit-end-{n}>")
    header = ", header: header-now" if any(d.running_head for d in docs) else ""
    head = PREAMBLE.format(
        title=_s(title),
        song=FAMILIES["song"],
        hei=FAMILIES["hei"],
        box=BOX_FONT,
        boxes=BOXES,
        margin=margin,
        header=header,
        flags="".join(f"({_flag(d.page_numbers)}, {_flag(d.number_one_page)}), " for d in docs),
        body=BODY.size,
        small=SMALL.size,
    )
    defs = "".join(f"#let {name} = {text}\n" for text, name in shared.items())
    return head + defs + "\n".join(out) + "\n"


def source_key(source: str) -> str:
    """What a PDF is made from: its source and the engine's version."""
    return hashlib.sha256(f"typst {version('typst')}\n{source}".encode()).hexdigest()


BACKGROUND_NICE = 10


def in_background() -> None:
    """Called first by a thread that typesets beside the build's own work (the QR lists, the handbook): it
    gets a niceness of its own (Linux schedules each thread apart), so that on two cores it takes the CPU
    the main thread leaves rather than slowing it — on a one-item edit the handbook's 3 s of typesetting
    made the build about 2 s longer. The engine's worker threads a niced thread starts inherit it. Where the
    system has no per-thread priority, the thread keeps the ordinary one: only the order of work differs."""
    if hasattr(os, "setpriority") and hasattr(threading, "get_native_id"):
        tid = threading.get_native_id()
        os.setpriority(os.PRIO_PROCESS, tid, max(os.getpriority(os.PRIO_PROCESS, tid), BACKGROUND_NICE))


_engines = threading.local()  # one compiler per thread: a compiler is not shared between threads


def _compiler() -> typst.Compiler:
    """This thread's compiler. Kept for the process: it loads the fonts once and remembers layouts it
    has done (a department's notices after another's: about a quarter less time than a new engine each)."""
    engine = getattr(_engines, "compiler", None)
    if engine is None:
        engine = _engines.compiler = typst.Compiler(font_paths=list(font_paths()), ignore_system_fonts=True)
    return engine


def compile_source(source: str) -> bytes:
    out = _compiler().compile(source.encode())
    if not isinstance(out, bytes):  # one PDF for one source: anything else is a programming error
        raise TypeError(f"Typst returned {type(out).__name__}, not a PDF")
    return out


def to_pdf(docs: Iterable[Document], title: str) -> bytes:
    """One PDF of documents, each from a new page with its bookmark and its own page numbers."""
    return compile_source(markup(docs, title))

"""The one escaping layer: every value from a data folder (which is untrusted — another county's) passes
through one of these before it reaches an output.

- `html(v)`      text or a double-quoted attribute value in HTML;
- `md(v)`        literal text inside Markdown (inline, table cells, headings);
- `unmd(s)`      plain text back from escaped Markdown (DOCX from a Markdown page);
- `md_code(v)`   a Markdown code span;
- `url(v)`       a link target from data or settings, scheme allow-listed (or ValueError);
- `csv_cell(v)`  a CSV cell a spreadsheet will not run as a formula (OWASP); `csv_uncell` reads it back;
- `xlsx_text(v)` a string for an XLSX cell, stored as text, never as a formula;
- `plain(v)`     a setting that must be plain text (site name, copyright …): ValueError otherwise;
- `terminal(s)`  text for a terminal or a CI log: control characters, escape sequences and direction
                 overrides shown as `\\x1b`-style escapes; no line begins with a CI workflow command.
"""

from __future__ import annotations

import re
from html import unescape as _html_unescape
from urllib.parse import urlsplit

from markupsafe import Markup
from markupsafe import escape as _html_escape

# Characters Python-Markdown (with tables, attr_list, admonition, tasklist) gives a meaning to anywhere in a
# line: emphasis, code, links/images ([ ] — so parentheses can never form a link), attribute lists ({ } —
# `{ onclick=… }` would otherwise add attributes), table cells (|), headings' closing hashes (#), escapes.
_MD_ANYWHERE = re.compile(r"([\\`*_{}\[\]|#!])")
# Only at the start of a block do these start a list or a quote: "1. ", "1) ", "- ", "+ ".
_MD_LEADING = re.compile(r"^(\s*)(\d+)([.)])|^(\s*)([-+=])")
# Line and paragraph separators (also U+2028/2029/0085) would start a new Markdown block.
_NEWLINES = re.compile(r"[\r\n\t\v\f\x85\u2028\u2029]+")
# Characters XML 1.0 (DOCX, XLSX, SVG) cannot hold.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

_UNESCAPE = re.compile(r"\\([\\`*_{}\[\]()|#!+\-.>])")
SAFE_SCHEMES = ("http", "https", "tel", "mailto")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
# Plain-text settings: no HTML/attribute metacharacters, no control characters, no Markdown link syntax.
_PLAIN_BAD = re.compile(r"[<>\"'`&{}\[\]\\\x00-\x1f\x7f\u2028\u2029]")


def html(value) -> str:
    """Text or attribute value for HTML: & < > " ' become entities (None becomes "")."""
    return "" if value is None else str(_html_escape(str(value)))


def md(value) -> str:
    """Data text as literal Markdown text: HTML characters become entities, Markdown punctuation is
    backslash-escaped, line breaks become spaces (they would start a new block). Markup passes as is."""
    if value is None:
        return ""
    if isinstance(value, Markup):
        return str(value)
    text = _NEWLINES.sub(" ", str(value))
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    text = _MD_ANYWHERE.sub(r"\\\1", text)
    return _MD_LEADING.sub(_leading, text)


def _leading(m: re.Match) -> str:
    if m.group(2):
        return f"{m.group(1)}{m.group(2)}\\{m.group(3)}"
    # Python-Markdown has no backslash escape for "=" (a "\=" would show): an entity stops a setext heading.
    mark = "&#61;" if m.group(5) == "=" else "\\" + m.group(5)
    return f"{m.group(4)}{mark}"


def unmd(text: str) -> str:
    """Back from `md` to plain text (for a DOCX made from escaped Markdown): drop backslash escapes, decode
    entities. Only for text `md` produced or plain Markdown text."""
    return _html_unescape(_UNESCAPE.sub(r"\1", text))


def md_code(value) -> str:
    """Data text as a Markdown code span (backticks, pipes and line breaks removed: nothing can close it)."""
    text = _NEWLINES.sub(" ", "" if value is None else str(value)).replace("`", "").replace("|", "")
    return f"`{text}`" if text.strip() else ""


def url(value, *, relative: bool = True) -> str:
    """A link target built from data or settings: http, https, tel, mailto or (if allowed) a relative path.
    Raises ValueError for anything else (javascript:, data:, vbscript:, //host, control characters)."""
    text = str(value or "").strip()
    if not text or re.search(r"[\x00-\x20\x7f<>\"'`\\]", text):
        raise ValueError(f"不是安全的网址：{value!r}")
    parts = urlsplit(text)
    if parts.scheme:
        if parts.scheme.lower() not in SAFE_SCHEMES:
            raise ValueError(f"网址协议“{parts.scheme}”不允许（只允许 {'、'.join(SAFE_SCHEMES)}）")
        if parts.scheme.lower() in ("http", "https") and not parts.netloc:
            raise ValueError(f"网址缺少主机名：{value!r}")
        return text
    if not relative or text.startswith("//") or ":" in text.split("/", 1)[0]:
        raise ValueError(f"不是安全的网址：{value!r}")
    return text


def is_safe_url(value, *, relative: bool = True) -> bool:
    try:
        url(value, relative=relative)
    except ValueError:
        return False
    return True


def csv_cell(value) -> str:
    """A CSV cell as text (OWASP): a value starting with = + - @ tab or CR (or their full-width forms) gets
    a leading apostrophe so no spreadsheet evaluates it."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_uncell(text: str) -> str:
    """The value `csv_cell` wrote (reading our own CSV back)."""
    return text[1:] if text.startswith("'") and text[1:].startswith(_FORMULA_START) else text


def xml_text(value) -> str:
    """Text without the characters XML 1.0 cannot hold (DOCX/XLSX would fail to save)."""
    return _NOT_XML.sub("", "" if value is None else str(value))


def xlsx_text(value):
    """A cell value stored as text: strings keep their characters (openpyxl would read a leading "=" as a
    formula), numbers and None pass through. Use with `cell.data_type = "s"` via `set_text`."""
    if value is None or isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    return xml_text(value)


def set_text(cell, value) -> None:
    """Write a value into an openpyxl cell as a string cell (never a formula), or a number as a number."""
    value = xlsx_text(value)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"


def plain(value, *, max_length: int = 200) -> str:
    """A setting shown in page chrome (site name, description, copyright): plain text only."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError("应为非空的文字")
    if len(value) > max_length:
        raise ValueError(f"不应超过{max_length}个字符")
    bad = _PLAIN_BAD.search(value)
    if bad:
        raise ValueError(f"不应含有字符“{bad.group(0)!r}”（网页标记、引号、括号或控制字符）")
    return value


# C0 (but tab and newline), DEL, C1 (0x9b is a one-byte CSI), and the bidirectional overrides that reorder
# what a terminal shows.
_TERMINAL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# GitHub Actions runs a log line beginning `::name …::` (or the older `##[name]`) as a workflow command.
_CI_COMMAND = ("::", "##[")


def _code(m: re.Match) -> str:
    c = ord(m.group())
    return f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}"


def json_terminal(text: str) -> str:
    """JSON text as it may be printed: the characters `terminal` escapes (C1 controls, direction
    overrides; JSON itself escapes C0) written as \\uXXXX — the same JSON, the same values."""
    return _TERMINAL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def terminal(text: object) -> str:
    """`text` (which may hold values from files) as it may be printed: nothing in it moves the cursor,
    changes colours, retitles the window or reorders the line, and no line of it is a CI command."""
    out = _TERMINAL.sub(_code, str(text))
    return "\n".join(
        "› " + line if line.lstrip().startswith(_CI_COMMAND) else line for line in out.split("\n")
    )

"""Line-level checks of the standard's markup, before anything is parsed into clauses: every `{#id}`,
`[[ref:id]]`, `!table{…}` / `!figure{…}` / `!figures{…}` directive and `{{ … }}` / `{% … %}` expression
must be well formed, and headings stay within the five levels GB/T 1.1—2020 allows. Each problem is
located by file:line:column (1-based, in characters), so nothing malformed is printed into a deliverable.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from ..core.errors import Problem

ID_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,58}[a-z0-9])?$")
# The forms of a source line as the parser (source.py) and the linter read them.
HEADING = re.compile(r"^(#{1,})[ \t]*(.*?)[ \t]*(?:\{#([^}\s]*)\})?[ \t]*$")  # ## 标题 {#id}
ID_AT_END = re.compile(r"[ \t]*\{#([^}\s]*)\}[ \t]*$")  # an identified paragraph or list entry
DIRECTIVE = re.compile(r"^!(table|figure|figures)\{([^}]*)\}[ \t]*(.*)$")  # !table{#id gen=…} 表题
LIST = re.compile(r"^( *)- (.*)$")  # - 列项 (two more spaces a level deeper)
QUOTE = re.compile(r"^>[ \t]?(.*)$")  # > 注：… / > 示例：…
ASIDE_LABEL = re.compile(r"^(注|示例)\s*[0-9]*\s*[：:]\s*")  # the label as written: computed instead
REF = re.compile(r"\[\[ref:([^\]]*)\]\]")  # [[ref:id]]
MAX_DEPTH = 5
DIRECTIVES = {"table": ("gen",), "figure": ("flow",), "figures": ("flows",)}
_ID_OPEN = re.compile(r"\{#")
_ID_FULL = re.compile(r"\{#([^{}\s]*)\}")
_REF_ANY = re.compile(r"\[+ *ref *:[^\]\s]*\]*")
_REF_OK = re.compile(r"\[\[ref:([^\]\s]*)\]\]")
_BANG = re.compile(r"^!([A-Za-z]+)")
_DIRECTIVE = re.compile(r"^!([a-z]+)\{([^{}]*)\}[ \t]*(.*)$")
_TEMPLATE_TOKEN = re.compile(r"\{\{|\}\}|\{%|%\}")
_PAIRS = {"{{": "}}", "{%": "%}"}


@dataclass(frozen=True)
class RefUse:
    ident: str
    file: str
    line: int
    column: int


def problem(file: str, line: int, code: str, message: str, hint: str = "", *, column: int = 1) -> Problem:
    """A problem located in a source file (file:line:column, no field path)."""
    return Problem(file=file, line=line, column=column, path="", code=code, message=message, hint=hint)


def _p(rel: str, line: int, col: int, code: str, msg: str, hint: str = "") -> Problem:
    return problem(rel, line, code, msg, hint, column=col)


def _templates(rel: str, n: int, text: str, out: list[Problem]) -> list[tuple[int, int]]:
    """Check {{ }} / {% %} pairing on one line; return the spans of the well-formed expressions."""
    spans, open_at, opener = [], -1, ""
    for m in _TEMPLATE_TOKEN.finditer(text):
        tok = m.group()
        if tok in _PAIRS:
            if open_at >= 0:
                break  # reported below as unclosed
            open_at, opener = m.start(), tok
        elif open_at >= 0 and tok == _PAIRS[opener]:
            spans.append((open_at, m.end()))
            open_at = -1
        elif open_at < 0:
            out.append(
                _p(
                    rel,
                    n,
                    m.start() + 1,
                    "std-template-markup",
                    f"“{tok}”前面没有对应的“{'{{' if tok == '}}' else '{%'}”。",
                    "数据表达式写作 {{ counts.items }}，必须写在一行之内。",
                )
            )
    if open_at >= 0:
        out.append(
            _p(
                rel,
                n,
                open_at + 1,
                "std-template-markup",
                f"数据表达式“{text[open_at : open_at + 20]}…”没有闭合（缺少“{_PAIRS[opener]}”）。",
                "数据表达式写作 {{ counts.items }}，必须写在一行之内。",
            )
        )
    return spans


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in spans)


def _ids(rel: str, n: int, text: str, spans, out: list[Problem]) -> None:
    """`{#id}`: closed, well formed, and only at the end of a heading, paragraph or list item."""
    end = len(text.rstrip())
    for m in _ID_OPEN.finditer(text):
        if _inside(m.start(), spans):
            continue
        full = _ID_FULL.match(text, m.start())
        if full is None:
            frag = text[m.start() : m.start() + 30].rstrip()
            out.append(
                _p(
                    rel,
                    n,
                    m.start() + 1,
                    "std-id-markup",
                    f"编号标记“{frag}”没有闭合或含有空格。",
                    "编号标记写作 {#英文短编号}，如 {#county-hall-layout}，写在标题、段落或列项的末尾。",
                )
            )
        elif not ID_RE.match(full.group(1)):
            out.append(
                _p(
                    rel,
                    n,
                    m.start() + 1,
                    "std-id",
                    f"编号“{full.group(1)}”不合规：只能用小写字母、数字和连字符（不以连字符开头或结尾，最长60位）。",
                )
            )
        elif full.end() != end:
            out.append(
                _p(
                    rel,
                    n,
                    m.start() + 1,
                    "std-id-markup",
                    f"编号标记“{full.group()}”后面还有文字：编号标记只能写在标题、段落或列项的末尾。",
                )
            )


def _refs(rel: str, n: int, text: str, spans, out: list[Problem], uses: list[RefUse]) -> None:
    for m in _REF_ANY.finditer(text):
        if _inside(m.start(), spans):
            continue
        ok = _REF_OK.fullmatch(m.group())
        if ok is None:
            out.append(
                _p(
                    rel,
                    n,
                    m.start() + 1,
                    "std-ref-markup",
                    f"交叉引用“{m.group()}”的写法不对。",
                    "交叉引用写作 [[ref:编号]]（两个左方括号、两个右方括号），如 [[ref:county-layout]]。",
                )
            )
        else:
            uses.append(RefUse(ok.group(1), rel, n, m.start() + 1))


def _directive(rel: str, n: int, text: str, out: list[Problem]) -> None:
    bang = _BANG.match(text)
    if bang is None:
        return
    name = bang.group(1)
    if name not in DIRECTIVES:
        close = difflib.get_close_matches(name, list(DIRECTIVES), n=1)
        out.append(
            _p(
                rel,
                n,
                1,
                "std-directive",
                f"未知的指令“!{name}”。",
                (f"你是否想写“!{close[0]}”？" if close else "")
                + "可用：!table{#编号 gen=数据表} 表题、!figure{#编号 flow=流程编号} 图题、!figures{flows=templates}。",
            )
        )
        return
    m = _DIRECTIVE.match(text)
    if m is None:
        out.append(
            _p(
                rel,
                n,
                len(name) + 2,
                "std-directive",
                f"指令“!{name}{{…}}”的花括号没有闭合。",
                f"写作 !{name}{{#编号 {DIRECTIVES[name][0]}=…}} 标题。",
            )
        )
        return
    col = len(name) + 3
    for tok in re.finditer(r"\S+", m.group(2)):
        word = tok.group()
        key = word.split("=", 1)[0]
        if word.startswith("#"):
            if not ID_RE.match(word[1:]):
                out.append(
                    _p(
                        rel,
                        n,
                        col + tok.start(),
                        "std-id",
                        f"编号“{word[1:]}”不合规：只能用小写字母、数字和连字符。",
                    )
                )
        elif "=" not in word or key not in DIRECTIVES[name] or not word.split("=", 1)[1]:
            out.append(
                _p(
                    rel,
                    n,
                    col + tok.start(),
                    "std-directive",
                    f"指令“!{name}”中的“{word}”无法识别。",
                    f"!{name} 只接受 #编号 和 {'、'.join(k + '=…' for k in DIRECTIVES[name])}。",
                )
            )
    if name == "figure" and "flow=" not in m.group(2):
        out.append(
            _p(
                rel,
                n,
                col,
                "std-directive",
                "!figure 缺少 flow=流程编号。",
                "如 !figure{#fig-x flow=xuke} 图题。",
            )
        )


def _heading(rel: str, n: int, text: str, out: list[Problem]) -> None:
    depth = len(text) - len(text.lstrip("#"))
    if depth > MAX_DEPTH:
        out.append(
            _p(
                rel,
                n,
                1,
                "std-depth",
                f"条的层次超过五层（这是第{depth}层）。",
                "GB/T 1.1—2020 规定条最多分到第五层（#####）；请合并或改用列项。",
            )
        )


def scan(rel: str, lines: list[str], start: int, out: list[Problem]) -> list[RefUse]:
    """Check lines[start:] of one source file; return every well-formed [[ref:…]] with its position."""
    uses: list[RefUse] = []
    for i in range(start, len(lines)):
        text, n = lines[i], i + 1
        spans = _templates(rel, n, text, out)
        stripped = text.lstrip()
        if stripped.startswith("!"):
            _directive(rel, n, stripped, out)
        else:
            _ids(rel, n, text, spans, out)
        if text.startswith("#"):
            _heading(rel, n, text, out)
        _refs(rel, n, text, spans, out, uses)
    return uses


def unknown_refs(uses: list[RefUse], targets: dict[str, str]) -> list[Problem]:
    """References to ids that do not exist, at their exact column, with the nearest ids suggested."""
    out = []
    for u in uses:
        if u.ident in targets:
            continue
        close = difflib.get_close_matches(u.ident, list(targets), n=3, cutoff=0.6)
        out.append(
            _p(
                u.file,
                u.line,
                u.column,
                "std-unknown-ref",
                f"引用了不存在的编号“{u.ident}”。",
                ("你是否想写：" + "、".join(f"[[ref:{c}]]（{targets[c]}）" for c in close) + "？")
                if close
                else "[[ref:编号]] 中的编号应是某章、条、表、图、附录或条款的 {#编号}。",
            )
        )
    return out

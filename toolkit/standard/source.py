"""Read standard/*.md: front matter, jinja2 data expressions (line by line, so lines stay true), the
clause tree, computed numbers (chapters, clauses, terms, tables, figures, annexes) and cross-references.

Source format (see standard/README.md):
  front matter `kind: foreword|chapter|annex|bibliography`, `title`, `role`, `annex: 规范性|资料性`;
  `## 标题 {#id}` sub-clauses (`##` = x.y … `#####` = x.y.z.w.v), `## {#id}` an untitled sub-clause;
  a paragraph ending in `{#id}` is an identified provision; `- ` / `  - ` lists; `> 注：` / `> 示例：`;
  `!table{#id gen=name} 标题` (generated) or followed by `|` rows; `!figure{#id flow=flow-id} 标题`;
  `!figures{flows=templates}`; `[[ref:id]]` → 5.2 / 第5章 / 表A.1 / 图C.1 / 附录B.
"""

from __future__ import annotations

import re
from pathlib import Path

import jinja2
import yaml

from ..core import escape
from ..core.errors import Problem, StdkitError
from ..core.folder import Folder, as_folder
from ..core.sandbox import SafeEnvironment
from . import normrefs
from .data import DATA_NAMES
from .labels import item_mark
from .markup import ASIDE_LABEL, DIRECTIVE, HEADING, ID_AT_END, LIST, QUOTE, problem, scan
from .model import Block, Clause, Item, Part, Standard
from .names import check_line
from .numbering import number_standard

KINDS = ("foreword", "chapter", "annex", "bibliography")
DEFAULT_TITLES = {"foreword": "前言", "bibliography": "参考文献"}
ROLES = ("scope", "normrefs", "terms", "general", "body")
ANNEX_KINDS = ("规范性", "资料性")
# What each directive makes: (block kind, the attribute naming its source, the source when none is named).
DIRECTIVE_SOURCES = {
    "table": ("table", "gen", ""),
    "figure": ("figure", "flow", ""),
    "figures": ("figures", "flows", "templates"),
}


def source_files(source: Folder | Path) -> list[str]:
    """The standard's parts (paths relative to the folder), in order: every standard/*.md except README
    and the 编制说明."""
    problems: list[Problem] = []
    files = as_folder(source).files("standard/*.md", problems)  # regular files inside the folder only
    if problems:
        raise StdkitError(problems)
    return [rel for rel in files if rel.rpartition("/")[2] not in ("README.md", "explanation.md")]


class _Missing(jinja2.ChainableUndefined):
    """Without data (no valid county folder) expressions render as a visible placeholder."""

    def __str__(self) -> str:
        return "〔数据〕"


def jinja_env(strict: bool, markdown: bool = False) -> jinja2.Environment:
    """The sandboxed environment for the data folder's standard/*.md and explanation.md. With `markdown`,
    every printed value is escaped as literal Markdown text (the 编制说明 is a Markdown page)."""
    # `{#id}` anchors must not start jinja comments: comments use `{!-- --}` instead.
    env = SafeEnvironment(
        finalize=escape.md if markdown else None,
        undefined=jinja2.StrictUndefined if strict else _Missing,
        autoescape=False,
        comment_start_string="{!--",
        comment_end_string="--}",
        keep_trailing_newline=False,
    )
    env.filters["names"] = lambda objs, sep="、": sep.join(getattr(o, "name", str(o)) for o in objs)
    return env


def render_line(env, text: str, ctx: dict, rel: str, line: int, problems: list[Problem]) -> str:
    """One source line with its data expressions rendered; unknown names and syntax errors are located
    problems (the line is then kept as written: it never reaches a deliverable, the build stops)."""
    if "{{" not in text and "{%" not in text:
        return text
    if text.count("{{") != text.count("}}") or text.count("{%") != text.count("%}"):
        return text  # unclosed expression: reported by markup.scan

    found = check_line(env, text, ctx, DATA_NAMES, rel, line)
    if found:
        problems.extend(found)
        return text
    try:
        return env.from_string(text).render(ctx)
    except Exception as exc:  # noqa: BLE001 — any failure of a data folder's expression is the folder's
        problems.append(
            problem(
                rel,
                line,
                "std-template",
                f"数据表达式无法计算：{exc}。",
                "可用的数据见 standard/README.md（counts、reform、reengineering、clearing、hall 等）。",
                column=text.find("{") + 1,
            )
        )
        return text


def _front_matter(lines: list[str], rel: str, problems: list[Problem]) -> tuple[dict, int]:
    if not lines or lines[0].strip() != "---":
        problems.append(
            problem(
                rel,
                1,
                "std-front-matter",
                "缺少文件头（以 --- 开始、--- 结束的 YAML）。",
                "在文件开头写 ---、kind: chapter、title: 标题、---。",
            )
        )
        return {}, 0
    for end in range(1, len(lines)):
        if lines[end].strip() == "---":
            try:
                data = yaml.safe_load("\n".join(lines[1:end])) or {}
            except yaml.YAMLError as exc:
                problems.append(problem(rel, 2, "std-front-matter", f"文件头不是有效的 YAML：{exc}"))
                return {}, end + 1
            if not isinstance(data, dict):
                problems.append(problem(rel, 2, "std-front-matter", "文件头应为“键: 值”形式。"))
                return {}, end + 1
            return data, end + 1
    problems.append(problem(rel, 1, "std-front-matter", "文件头没有结束行 ---。"))
    return {}, len(lines)


def _attrs(text: str) -> tuple[str | None, dict]:
    ident, attrs = None, {}
    for tok in text.split():
        if tok.startswith("#"):
            ident = tok[1:]
        elif "=" in tok:
            k, v = tok.split("=", 1)
            attrs[k] = v
    return ident, attrs


def _xml_safe(raw: list[str], rel: str, problems: list[Problem]) -> list[str]:
    """The lines with every character Word (XML) cannot hold removed, each one a located problem."""
    for k, text in enumerate(raw, 1):
        if escape.xml_text(text) != text:
            bad = next(ch for ch in text if escape.xml_text(ch) != ch)
            problems.append(
                problem(
                    rel,
                    k,
                    "std-char",
                    f"含有 Word 文件无法保存的字符 U+{ord(bad):04X}。",
                    "请删除该字符（多由复制粘贴带入）。",
                    column=text.index(bad) + 1,
                )
            )
            raw[k - 1] = escape.xml_text(text)
    return raw


def _part(fm: dict, raw: list[str], start: int, rel: str, problems: list[Problem]) -> Part | None:
    """The part its front matter declares (kind, title, chapter role, annex nature); None for an unknown
    kind. Each bad value is a located problem."""

    def bad(path: str, code: str, message: str, hint: str = "", line: int = 2) -> None:
        problems.append(
            Problem(file=rel, line=line, column=1, path=path, code=code, message=message, hint=hint)
        )

    kind = fm.get("kind", "chapter")
    if kind not in KINDS:
        bad("kind", "std-kind", f"未知的部分类型“{kind}”。", f"应为 {'、'.join(KINDS)} 之一。")
        return None
    title = fm.get("title") or DEFAULT_TITLES.get(kind, "")
    if not title:
        bad("title", "std-title", "缺少标题（title）。")
    role = fm.get("role", "body") if kind == "chapter" else ""
    if kind == "chapter" and role not in ROLES:
        bad("role", "std-role", f"未知的章角色“{role}”。", f"应为 {'、'.join(ROLES)} 之一。")
    annex_kind = str(fm.get("annex", "")) if kind == "annex" else ""
    if kind == "annex" and annex_kind not in ANNEX_KINDS:
        bad(
            "annex",
            "std-annex-kind",
            "附录未标明性质：应写明 annex: 规范性 或 annex: 资料性。",
            "GB/T 1.1—2020 要求附录标识下注明“（规范性）”或“（资料性）”。",
            line=next((i + 1 for i, t in enumerate(raw[:start]) if t.startswith("annex:")), 2),
        )
    return Part(kind, role, Clause(fm.get("id"), str(title), 1, rel, 1), rel, annex_kind)


def parse_file(text: str, rel: str, env, ctx: dict, problems: list[Problem]) -> Part | None:
    """One source file as a part: its clause tree with blocks, its references and cited standards."""
    raw = _xml_safe(text.splitlines(), rel, problems)
    fm, start = _front_matter(raw, rel, problems)
    part = _part(fm, raw, start, rel, problems)
    if part is None:
        return None
    part.refs = scan(rel, raw, start, problems)
    if part.kind == "chapter" and part.role == "normrefs":
        part.listed = normrefs.entries(rel, raw, start)
    elif (part.kind == "chapter" and part.role != "scope") or (part.kind == "annex" and not part.informative):
        part.cited = normrefs.citations(rel, raw, start)
    reader = _Reader(part, problems)
    for n in range(start, len(raw)):
        reader.line(render_line(env, raw[n], ctx, rel, n + 1, problems), n + 1)
    reader.flush()
    return part


class _Reader:
    """The clause tree of one file, read line by line. Table rows and the continuation of a note go to the
    block they belong to; a blank line ends a paragraph; other lines are dispatched by their form (LINE_FORMS:
    heading, directive, note or example, list entry); anything else continues the current paragraph."""

    def __init__(self, part: Part, problems: list[Problem]):
        self.part, self.rel, self.problems = part, part.file, problems
        self.stack = [part.clause]  # the open clauses, innermost last
        self.para: list[str] = []  # lines of the paragraph being read
        self.para_line = 0
        self.last: Block | None = None  # the paragraph (or list) a list entry joins
        self.table: Block | None = None  # the table whose rows may follow
        self.quote: Block | None = None  # the note or example a `>` line continues
        self.gap: Block | None = None  # a hand-written table whose rows have not started after a blank line

    def problem(self, line: int, code: str, message: str, hint: str) -> None:
        self.problems.append(problem(self.rel, line, code, message, hint))

    def add(self, block: Block) -> Block:
        self.stack[-1].blocks.append(block)
        return block

    def line(self, text: str, n: int) -> None:
        stripped = text.strip()
        if self.rows(text, stripped, n) or self.continues_quote(text, stripped):
            return
        if not stripped:
            self.flush()
            return
        for form, on_stripped, handle in LINE_FORMS:
            m = form.match(stripped if on_stripped else text)
            if m:
                handle(self, m, n)
                return
        if not self.para:
            self.para_line = n
            if self.last is not None and self.last.items:
                self.last = None  # a paragraph after a list starts a new provision
        self.para.append(text)

    def rows(self, text: str, stripped: str, n: int) -> bool:
        """A `| … |` line: a row of the table just opened, else a stray row. Whether the line was one."""
        if self.table is not None:
            if stripped.startswith("|"):
                _table_row(self.table, text, self.rel, n, self.problems)
                return True
            table, self.table = self.table, None
            self.gap = table if not stripped and not table.rows and not table.source else None
        if stripped.startswith("|"):
            _stray_row(self.gap, self.rel, n, self.problems)
            return True
        if stripped:
            self.gap = None
        return False

    def continues_quote(self, text: str, stripped: str) -> bool:
        if self.quote is None:
            return False
        m = QUOTE.match(text)
        if m and stripped:
            self.quote.text += m.group(1).strip()
            return True
        self.quote = None
        return False

    def flush(self) -> None:
        """End the paragraph being read: a para block, identified by a trailing {#id}."""
        if not self.para:
            return
        text = "".join(s.strip() for s in self.para)
        ident = None
        m = ID_AT_END.search(text)
        if m:
            ident, text = m.group(1), text[: m.start()]
        self.last = self.add(Block("para", text, self.rel, self.para_line, ident))
        self.para = []

    def heading(self, m: re.Match, n: int) -> None:
        """`## 标题 {#id}`: a sub-clause one level below the clause it follows (at most one level deeper)."""
        self.flush()
        self.last = None
        hashes, title, ident = m.groups()
        depth = len(hashes)
        if depth < 2:
            self.problem(
                n,
                "std-heading",
                "不要用“# ”一级标题：章（附录）标题写在文件头 title 中。",
                "条标题从“## ”开始。",
            )
            return
        while self.stack[-1].depth >= depth:
            self.stack.pop()
        if depth > self.stack[-1].depth + 1:
            self.problem(
                n,
                "std-heading-skip",
                f"标题层级跳跃：上一层是第{self.stack[-1].depth}层，这里是第{depth}层。",
                "逐层使用 ##、###……",
            )
            depth = self.stack[-1].depth + 1
        english, admitted = "", ()
        if self.part.role == "terms" and "|" in title:
            title, english = (s.strip() for s in title.split("|", 1))
        if self.part.role == "terms" and "；" in title:
            title, *others = (s.strip() for s in title.split("；"))
            admitted = tuple(o for o in others if o)
        clause = Clause(ident, title, depth, self.rel, n, english=english, admitted=admitted)
        self.stack[-1].children.append(clause)
        self.stack.append(clause)

    def directive(self, m: re.Match, n: int) -> None:
        """`!table{…}`, `!figure{…}`, `!figures{…}` with its caption; a table's rows may follow."""
        self.flush()
        what, attrs_text, caption = m.groups()
        ident, attrs = _attrs(attrs_text)
        kind, key, default = DIRECTIVE_SOURCES[what]
        block = self.add(Block(kind, caption, self.rel, n, ident, source=attrs.get(key, default)))
        self.table = block if kind == "table" else None
        self.last = None

    def aside(self, m: re.Match, n: int) -> None:
        """`> 注：…` / `> 示例：…`: a note or an example (its label is computed later)."""
        self.flush()
        body = m.group(1).strip()
        kind = "example" if body.startswith("示例") else "note"
        self.quote = self.add(Block(kind, ASIDE_LABEL.sub("", body), self.rel, n))
        self.last = None

    def entry(self, m: re.Match, n: int) -> None:
        """`- …` (`  - …` one level deeper): an entry of the list of the paragraph before it, or of a list
        of its own (which takes a trailing {#id} of its first entry as its id)."""
        self.flush()
        depth = len(m.group(1)) // 2 + 1
        if self.last is None or self.last.kind not in ("para", "listonly"):
            self.last = self.add(Block("listonly", "", self.rel, n))
        text = m.group(2).strip()
        ident = ID_AT_END.search(text)
        if ident and self.last.id is None and self.last.kind == "listonly":
            self.last.id, text = ident.group(1), text[: ident.start()]
        mark = item_mark(self.part, depth, len(self.last.items) + 1)
        self.last.items.append(Item(depth, text, n, mark))


# A line's forms, tried in order: (pattern, matched against the stripped line, handler).
LINE_FORMS = (
    (HEADING, False, _Reader.heading),
    (DIRECTIVE, True, _Reader.directive),
    (QUOTE, False, _Reader.aside),
    (LIST, False, _Reader.entry),
)


def _table_row(table: Block, text: str, rel: str, line: int, problems: list[Problem]) -> None:
    """One `| … |` row: a generated table takes none; every row has as many cells as the header."""
    stripped = text.strip()
    cells = [c.strip() for c in stripped.strip("|").split("|")]
    if all(re.fullmatch(r":?-{2,}:?", c) for c in cells):
        return
    indent = len(text) - len(text.lstrip())
    if table.source:
        problems.append(
            problem(
                rel,
                line,
                "std-table-rows",
                f"表“{table.text}”由数据生成（gen={table.source}），不能再写表格行。",
                "删去这些行，或删去 gen= 改为手写表格。",
                column=indent + 1,
            )
        )
        return
    if table.rows and len(cells) != len(table.rows[0]):
        width = len(table.rows[0])
        bars = [i for i, ch in enumerate(text) if ch == "|"]
        col = (bars[width] + 1 if len(cells) > width and width < len(bars) else len(text.rstrip())) or 1
        problems.append(
            problem(
                rel,
                line,
                "std-table-cells",
                f"这一行有 {len(cells)} 个单元格，表头有 {width} 个。",
                "每一行的单元格数应与表头相同；空单元格写“—”，单元格中的“|”写作全角“｜”。",
                column=col,
            )
        )
    table.rows.append(cells)


def _stray_row(gap: Block | None, rel: str, line: int, problems: list[Problem]) -> None:
    if gap is not None:
        msg = f"表“{gap.text}”（第{gap.line}行）的表题与表格之间有空行，表格行不再属于这个表。"
        hint = "删去 !table{…} 表题行与第一行“| … |”之间的空行。"
    else:
        msg = "表格行前面没有 !table{#编号} 表题。"
        hint = "表格写作：!table{#编号} 表题，下一行起写“| … |”，中间不空行。"
    problems.append(problem(rel, line, "std-table-rows", msg, hint))


def parse_standard(
    source: Folder | Path, ctx: dict, *, strict: bool = True, tables=None, flows=None, methods=None
) -> Standard:
    """Parse and number the standard. `tables(gen) -> rows|None` fills generated tables;
    `flows(spec) -> [(flow_id, title)]` expands !figures; unknown names are located errors."""
    problems: list[Problem] = []
    folder = as_folder(source)
    files = source_files(folder)
    if not files:
        raise StdkitError(
            [problem("standard/", 1, "std-missing", "standard/ 文件夹中没有标准文本源文件（*.md）。")]
        )
    env = jinja_env(strict)
    parts = [p for rel in files if (p := parse_file(folder.text(rel), rel, env, ctx, problems))]
    return number_standard(parts, problems, tables=tables, flows=flows, methods=methods)

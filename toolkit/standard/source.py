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

from .. import escape
from ..errors import Problem, StdkitError
from ..safefs import list_files, read_text
from ..sandbox import SafeEnvironment
from . import normrefs
from .labels import item_mark, label_clause, rectangular
from .markup import ID_RE, scan, unknown_refs
from .modal import level_of
from .model import (
    Block,
    Clause,
    Item,
    Part,
    Requirement,
    Standard,
    Target,
    anchor_key,
    encode_ref,
    plain,
)
from .names import check_line

HEADING = re.compile(r"^(#{1,})[ \t]*(.*?)[ \t]*(?:\{#([^}\s]*)\})?[ \t]*$")
ID_AT_END = re.compile(r"[ \t]*\{#([^}\s]*)\}[ \t]*$")
DIRECTIVE = re.compile(r"^!(table|figure|figures)\{([^}]*)\}[ \t]*(.*)$")
LIST = re.compile(r"^( *)- (.*)$")
QUOTE = re.compile(r"^>[ \t]?(.*)$")
REF = re.compile(r"\[\[ref:([^\]]*)\]\]")
KINDS = ("foreword", "chapter", "annex", "bibliography")
ROLES = ("scope", "normrefs", "terms", "general", "body")
ANNEX_KINDS = ("规范性", "资料性")


def source_files(root: Path) -> list[Path]:
    """The standard's parts, in order: every standard/*.md except README and the 编制说明."""
    problems: list[Problem] = []
    files = list_files(root, "standard/*.md", problems)  # regular files inside the folder only
    if problems:
        raise StdkitError(problems)
    return [p for p in files if p.name not in ("README.md", "explanation.md")]


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
    from .data import DATA_NAMES

    found = check_line(env, text, ctx, DATA_NAMES, rel, line)
    if found:
        problems.extend(found)
        return text
    try:
        return env.from_string(text).render(ctx)
    except Exception as exc:  # noqa: BLE001 — any failure of a data folder's expression is the folder's
        problems.append(
            Problem(
                file=rel,
                line=line,
                column=text.find("{") + 1,
                path="",
                code="std-template",
                message=f"数据表达式无法计算：{exc}。",
                hint="可用的数据见 standard/README.md（counts、reform、reengineering、clearing、hall 等）。",
            )
        )
        return text


def _front_matter(lines: list[str], rel: str, problems: list[Problem]) -> tuple[dict, int]:
    if not lines or lines[0].strip() != "---":
        problems.append(
            Problem(
                file=rel,
                line=1,
                column=1,
                path="",
                code="std-front-matter",
                message="缺少文件头（以 --- 开始、--- 结束的 YAML）。",
                hint="在文件开头写 ---、kind: chapter、title: 标题、---。",
            )
        )
        return {}, 0
    for end in range(1, len(lines)):
        if lines[end].strip() == "---":
            try:
                data = yaml.safe_load("\n".join(lines[1:end])) or {}
            except yaml.YAMLError as exc:
                problems.append(
                    Problem(
                        file=rel,
                        line=2,
                        column=1,
                        path="",
                        code="std-front-matter",
                        message=f"文件头不是有效的 YAML：{exc}",
                    )
                )
                return {}, end + 1
            if not isinstance(data, dict):
                problems.append(
                    Problem(
                        file=rel,
                        line=2,
                        column=1,
                        path="",
                        code="std-front-matter",
                        message="文件头应为“键: 值”形式。",
                    )
                )
                return {}, end + 1
            return data, end + 1
    problems.append(
        Problem(
            file=rel, line=1, column=1, path="", code="std-front-matter", message="文件头没有结束行 ---。"
        )
    )
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


def parse_file(path: Path, rel: str, env, ctx: dict, problems: list[Problem]) -> Part | None:
    raw = read_text(path, rel).splitlines()
    for k, text in enumerate(raw, 1):
        if escape.xml_text(text) != text:  # Word (XML) cannot hold it: refuse here, with the line
            bad = next(ch for ch in text if escape.xml_text(ch) != ch)
            problems.append(
                Problem(
                    file=rel,
                    line=k,
                    column=text.index(bad) + 1,
                    path="",
                    code="std-char",
                    message=f"含有 Word 文件无法保存的字符 U+{ord(bad):04X}。",
                    hint="请删除该字符（多由复制粘贴带入）。",
                )
            )
            raw[k - 1] = escape.xml_text(text)
    fm, start = _front_matter(raw, rel, problems)
    kind = fm.get("kind", "chapter")
    if kind not in KINDS:
        problems.append(
            Problem(
                file=rel,
                line=2,
                column=1,
                path="kind",
                code="std-kind",
                message=f"未知的部分类型“{kind}”。",
                hint=f"应为 {'、'.join(KINDS)} 之一。",
            )
        )
        return None
    title = fm.get("title") or (
        "前言" if kind == "foreword" else "参考文献" if kind == "bibliography" else ""
    )
    if not title:
        problems.append(
            Problem(file=rel, line=2, column=1, path="title", code="std-title", message="缺少标题（title）。")
        )
    role = fm.get("role", "body") if kind == "chapter" else ""
    if kind == "chapter" and role not in ROLES:
        problems.append(
            Problem(
                file=rel,
                line=2,
                column=1,
                path="role",
                code="std-role",
                message=f"未知的章角色“{role}”。",
                hint=f"应为 {'、'.join(ROLES)} 之一。",
            )
        )
    annex_kind = str(fm.get("annex", "")) if kind == "annex" else ""
    if kind == "annex" and annex_kind not in ANNEX_KINDS:
        line = next((i + 1 for i, t in enumerate(raw[:start]) if t.startswith("annex:")), 2)
        problems.append(
            Problem(
                file=rel,
                line=line,
                column=1,
                path="annex",
                code="std-annex-kind",
                message="附录未标明性质：应写明 annex: 规范性 或 annex: 资料性。",
                hint="GB/T 1.1—2020 要求附录标识下注明“（规范性）”或“（资料性）”。",
            )
        )
    top = Clause(fm.get("id"), str(title), 1, rel, 1)
    part = Part(kind, role, top, rel, annex_kind)
    part.refs = scan(rel, raw, start, problems)
    if kind == "chapter" and role == "normrefs":
        part.listed = normrefs.entries(rel, raw, start)
    elif (kind == "chapter" and role != "scope") or (kind == "annex" and annex_kind != "资料性"):
        part.cited = normrefs.citations(rel, raw, start)
    stack = [top]
    para: list[str] = []
    para_line = 0
    last_block: Block | None = None
    table: Block | None = None

    def flush():
        nonlocal para, last_block
        if para:
            text = "".join(s.strip() for s in para)
            ident = None
            m = ID_AT_END.search(text)
            if m:
                ident, text = m.group(1), text[: m.start()]
            block = Block("para", text, rel, para_line, ident)
            stack[-1].blocks.append(block)
            last_block = block
            para = []

    quote: Block | None = None
    gap: Block | None = None  # a hand-written table whose rows have not started after a blank line
    for n in range(start, len(raw)):
        line_no = n + 1
        text = render_line(env, raw[n], ctx, rel, line_no, problems)
        stripped = text.strip()
        if table is not None:
            if stripped.startswith("|"):
                _table_row(table, text, rel, line_no, problems)
                continue
            gap = table if not stripped and not table.rows and not table.source else None
            table = None
        if stripped.startswith("|"):
            _stray_row(gap, rel, line_no, problems)
            continue
        if stripped:
            gap = None
        if quote is not None:
            m = QUOTE.match(text)
            if m and stripped:
                quote.text += m.group(1).strip()
                continue
            quote = None
        if not stripped:
            flush()
            continue
        h = HEADING.match(text)
        if h and text.startswith("#"):
            flush()
            last_block = None
            hashes, htitle, hid = h.groups()
            depth = len(hashes)
            if depth < 2:
                problems.append(
                    Problem(
                        file=rel,
                        line=line_no,
                        column=1,
                        path="",
                        code="std-heading",
                        message="不要用“# ”一级标题：章（附录）标题写在文件头 title 中。",
                        hint="条标题从“## ”开始。",
                    )
                )
                continue
            while stack[-1].depth >= depth:
                stack.pop()
            if depth > stack[-1].depth + 1:
                problems.append(
                    Problem(
                        file=rel,
                        line=line_no,
                        column=1,
                        path="",
                        code="std-heading-skip",
                        message=f"标题层级跳跃：上一层是第{stack[-1].depth}层，这里是第{depth}层。",
                        hint="逐层使用 ##、###……",
                    )
                )
                depth = stack[-1].depth + 1
            english = ""
            if role == "terms" and "|" in htitle:
                htitle, english = (s.strip() for s in htitle.split("|", 1))
            clause = Clause(hid, htitle, depth, rel, line_no, english=english)
            stack[-1].children.append(clause)
            stack.append(clause)
            continue
        d = DIRECTIVE.match(stripped)
        if d:
            flush()
            what, attrs_text, caption = d.groups()
            ident, attrs = _attrs(attrs_text)
            if what == "figures":
                block = Block("figures", caption, rel, line_no, ident, source=attrs.get("flows", "templates"))
            elif what == "figure":
                block = Block("figure", caption, rel, line_no, ident, source=attrs.get("flow", ""))
            else:
                block = Block("table", caption, rel, line_no, ident, source=attrs.get("gen", ""))
                table = block
            stack[-1].blocks.append(block)
            last_block = None
            continue
        q = QUOTE.match(text)
        if q:
            flush()
            body = q.group(1).strip()
            kind_ = "example" if body.startswith("示例") else "note"
            body = re.sub(r"^(注|示例)\s*[0-9]*\s*[：:]\s*", "", body)
            quote = Block(kind_, body, rel, line_no)
            stack[-1].blocks.append(quote)
            last_block = None
            continue
        li = LIST.match(text)
        if li:
            if para:
                flush()
            depth = len(li.group(1)) // 2 + 1
            if last_block is None or last_block.kind not in ("para", "listonly"):
                last_block = Block("listonly", "", rel, line_no)
                stack[-1].blocks.append(last_block)
            item = li.group(2).strip()
            m = ID_AT_END.search(item)
            if m and last_block.id is None and last_block.kind == "listonly":
                last_block.id, item = m.group(1), item[: m.start()]
            mark = item_mark(part, depth, len(last_block.items) + 1)
            last_block.items.append(Item(depth, item, line_no, mark))
            continue
        if not para:
            para_line = line_no
            if last_block is not None and last_block.items:
                last_block = None
        para.append(text)
    flush()
    return part


def _table_row(table: Block, text: str, rel: str, line: int, problems: list[Problem]) -> None:
    """One `| … |` row: a generated table takes none; every row has as many cells as the header."""
    stripped = text.strip()
    cells = [c.strip() for c in stripped.strip("|").split("|")]
    if all(re.fullmatch(r":?-{2,}:?", c) for c in cells):
        return
    indent = len(text) - len(text.lstrip())
    if table.source:
        problems.append(
            Problem(
                file=rel,
                line=line,
                column=indent + 1,
                path="",
                code="std-table-rows",
                message=f"表“{table.text}”由数据生成（gen={table.source}），不能再写表格行。",
                hint="删去这些行，或删去 gen= 改为手写表格。",
            )
        )
        return
    if table.rows and len(cells) != len(table.rows[0]):
        width = len(table.rows[0])
        bars = [i for i, ch in enumerate(text) if ch == "|"]
        col = (bars[width] + 1 if len(cells) > width and width < len(bars) else len(text.rstrip())) or 1
        problems.append(
            Problem(
                file=rel,
                line=line,
                column=col,
                path="",
                code="std-table-cells",
                message=f"这一行有 {len(cells)} 个单元格，表头有 {width} 个。",
                hint="每一行的单元格数应与表头相同；空单元格写“—”，单元格中的“|”写作全角“｜”。",
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
    problems.append(
        Problem(file=rel, line=line, column=1, path="", code="std-table-rows", message=msg, hint=hint)
    )


def _provision_target(part: Part, clause: Clause) -> tuple[str, str, bool]:
    """(label, what the DOCX REF field shows, numbered by Word) of a provision written in `clause`."""
    if part.kind not in ("chapter", "annex"):
        return part.title, part.title, False
    if clause is not part.clause:
        return clause.number, clause.number, True
    if part.kind == "chapter":
        return f"第{clause.number}章", clause.number, True
    return f"附录{clause.number}", f"附录{clause.number}", True


def _number(clause: Clause, prefix: str) -> None:
    for i, child in enumerate(clause.children, 1):
        child.number = f"{prefix}.{i}"
        _number(child, child.number)


def parse_standard(root: Path, ctx: dict, *, strict: bool = True, tables=None, flows=None) -> Standard:
    """Parse and number the standard. `tables(gen) -> rows|None` fills generated tables;
    `flows(spec) -> [(flow_id, title)]` expands !figures; unknown names are located errors."""
    problems: list[Problem] = []
    files = source_files(root)
    if not files:
        raise StdkitError(
            [
                Problem(
                    file="standard/",
                    line=1,
                    column=1,
                    path="",
                    code="std-missing",
                    message="standard/ 文件夹中没有标准文本源文件（*.md）。",
                )
            ]
        )
    env = jinja_env(strict)
    parts = [p for f in files if (p := parse_file(f, f.relative_to(root).as_posix(), env, ctx, problems))]
    targets: dict[str, str] = {}
    pages: dict[str, str] = {}
    id_at: dict[str, tuple[str, int]] = {}

    anchors: dict[str, Target] = {}

    def claim(
        ident: str | None,
        label: str,
        file: str,
        line: int,
        page: str,
        *,
        anchor: str | None = None,
        number: str | None = None,
        numbered: bool = False,
    ) -> None:
        if ident is None:
            return
        if not ID_RE.match(ident):
            if line == 1:  # front matter id (ids in the text are checked by markup.scan, with a column)
                problems.append(
                    Problem(
                        file=file,
                        line=line,
                        column=1,
                        path="",
                        code="std-id",
                        message=f"编号“{ident}”不合规：只能用小写字母、数字和连字符。",
                    )
                )
            return
        if ident in id_at:
            f0, l0 = id_at[ident]
            problems.append(
                Problem(
                    file=file,
                    line=line,
                    column=1,
                    path="",
                    code="std-duplicate-id",
                    message=f"编号“{ident}”重复（已在 {f0}:{l0} 使用）。",
                    hint="每个编号在整个标准中只能使用一次。",
                )
            )
            return
        id_at[ident] = (file, line)
        targets[ident] = label
        pages[ident] = page
        anchors[ident] = Target(label, page, anchor or ident, number or label, numbered)

    chapter_no, letter_i = 0, 0
    body_counters = {"table": 0, "figure": 0}
    terms_seen: dict[str, tuple[str, int]] = {}
    for part in parts:
        page = Path(part.file).stem
        if part.kind == "chapter":
            chapter_no += 1
            part.clause.number = str(chapter_no)
            claim(
                part.clause.id, f"第{chapter_no}章", part.file, 1, page, number=str(chapter_no), numbered=True
            )
        elif part.kind == "annex":
            part.letter = chr(ord("A") + letter_i)
            letter_i += 1
            part.clause.number = part.letter
            claim(part.clause.id, f"附录{part.letter}", part.file, 1, page, numbered=True)
        else:
            claim(part.clause.id, part.title, part.file, 1, page)
        _number(part.clause, part.clause.number)
        prefix = f"{part.letter}." if part.kind == "annex" else ""
        # body tables and figures are numbered continuously through the chapters, separately per annex
        counters = body_counters if part.kind == "chapter" else {"table": 0, "figure": 0}
        for clause in part.clause.walk():
            if clause is not part.clause:
                claim(clause.id, clause.number, clause.file, clause.line, page, numbered=True)
                if part.role == "terms":
                    if clause.title in terms_seen:
                        f0, l0 = terms_seen[clause.title]
                        problems.append(
                            Problem(
                                file=clause.file,
                                line=clause.line,
                                column=1,
                                path="",
                                code="std-duplicate-term",
                                message=f"术语“{clause.title}”重复定义（已在 {f0}:{l0} 定义）。",
                                hint="每个术语只能定义一次。",
                            )
                        )
                    terms_seen.setdefault(clause.title, (clause.file, clause.line))
            expanded: list[Block] = []
            for b in clause.blocks:
                if b.kind == "figures":
                    found = flows(b.source) if flows else []
                    if found is None:
                        problems.append(
                            Problem(
                                file=b.file,
                                line=b.line,
                                column=1,
                                path="",
                                code="std-figures",
                                message=f"未知的流程图集合“{b.source}”。",
                                hint="可用 flows=templates（全部流程模板）或 flows=all。",
                            )
                        )
                        found = []
                    for fid, ftitle in found:
                        expanded.append(Block("figure", ftitle, b.file, b.line, f"fig-{fid}", source=fid))
                else:
                    expanded.append(b)
            clause.blocks = expanded
            label_clause(part, clause)
            for b in clause.blocks:
                if b.kind == "table":
                    if b.source:
                        rows = tables(b.source) if tables else [["—"]]
                        if rows is None:
                            problems.append(
                                Problem(
                                    file=b.file,
                                    line=b.line,
                                    column=1,
                                    path="",
                                    code="std-table",
                                    message=f"未知的数据表“{b.source}”。",
                                    hint="可用的数据表见 standard/README.md。",
                                )
                            )
                            rows = [["—"]]
                        b.rows = rows
                    b.rows = rectangular(b.rows)
                    counters["table"] += 1
                    b.number = f"表{prefix}{counters['table']}"
                elif b.kind == "figure":
                    if (
                        flows is not None
                        and b.source
                        and not any(f == b.source for f, _ in (flows("all") or []))
                    ):
                        problems.append(
                            Problem(
                                file=b.file,
                                line=b.line,
                                column=1,
                                path="",
                                code="std-figure",
                                message=f"未知的流程“{b.source}”。",
                                hint="flow= 应为 flowcharts/ 中的流程编号。",
                            )
                        )
                    counters["figure"] += 1
                    b.number = f"图{prefix}{counters['figure']}"
                else:
                    b.level = (
                        level_of(b.text + "".join(it.text for it in b.items))
                        if b.kind in ("para", "listonly")
                        else None
                    )
                    continue
                claim(b.id, b.number, b.file, b.line, page)
    for part in parts:
        for clause in part.clause.walk():
            for b in clause.blocks:
                if b.kind in ("para", "listonly"):
                    label, number, numbered = _provision_target(part, clause)
                    claim(
                        b.id,
                        label,
                        b.file,
                        b.line,
                        Path(part.file).stem,
                        anchor=anchor_key(clause, part.kind),
                        number=number,
                        numbered=numbered,
                    )
    problems.extend(unknown_refs([u for part in parts for u in part.refs], targets))
    found, cited_refs = normrefs.reconcile(
        [e for part in parts for e in part.listed], [c for part in parts for c in part.cited]
    )
    problems.extend(found)

    def resolve(text: str, file: str, line: int) -> str:
        """[[ref:id]] → an encoded live reference (unknown ids were reported with their column above)."""
        return REF.sub(
            lambda m: encode_ref(m.group(1), targets[m.group(1)]) if m.group(1) in targets else m.group(),
            text,
        )

    for part in parts:
        for clause in part.clause.walk():
            clause.title = plain(resolve(clause.title, clause.file, clause.line))
            for b in clause.blocks:
                b.text = resolve(b.text, b.file, b.line)
                b.items = [it._replace(text=resolve(it.text, b.file, it.line)) for it in b.items]
                b.rows = [[resolve(c, b.file, b.line) for c in row] for row in b.rows]
    if problems:
        raise StdkitError(problems)
    reqs = []
    for part in parts:
        if part.kind not in ("chapter", "annex") or part.informative:
            continue
        for clause in part.clause.walk():
            for b in clause.blocks:
                if b.kind in ("para", "listonly") and b.id:
                    text = plain(b.text)
                    for it in b.items:
                        text += ("" if not text or text[-1] in "：；。，" else "；") + plain(it.text)
                    reqs.append(
                        Requirement(b.id, clause.number, part.title, b.level or "陈述", text, b.file, b.line)
                    )
    return Standard(parts, targets, pages, reqs, anchors, cited_refs)

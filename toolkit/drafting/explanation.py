"""The 编制说明: standard/explanation.md (jinja2) rendered with the data and the parsed standard, as
Markdown and as a simple DOCX (headings, paragraphs, lists, tables)."""

from __future__ import annotations

import io
import re
from collections import Counter
from pathlib import Path

from ..core import escape
from ..core.errors import Problem, StdkitError, file_error
from ..core.folder import Folder, as_folder
from ..core.guide import PENDING
from ..office import ooxml as ox
from ..standard.data import DATA_NAMES, context
from ..standard.metadata import Metadata, load_metadata
from ..standard.model import Standard
from ..standard.names import check_template
from ..standard.source import jinja_env
from ..standard.verification import excerpt, read_methods
from .clauses import index as clause_index
from .rounds import rounds
from .summary import rejected

REL = "standard/explanation.md"
# Names the 编制说明 may use besides the data (data.DATA_NAMES); their values come from the parsed standard.
EXTRA_NAMES = {
    "std": "解析后的标准",
    "req": "条款编号 → 条款（clause、level、text）",
    "bundle": "一事联办编号 → 一事联办",
    "example_annex": "示例附录的字母",
    "draft_year": "本稿日期：年",
    "draft_month": "本稿日期：月",
    "draft_day": "本稿日期：日",
    "levels": "各类条款（应/宜/可/陈述）的条数",
    "chapters": "章（编号和标题）",
    "annexes": "附录",
    "n_tables": "表的个数",
    "n_figures": "图的个数",
    "normrefs": "被引用的规范性引用文件",
    "rejected": "未采纳的意见（汇总处理表中的 serial、number 章条编号、unit 提出单位、comment 意见、reason 理由）",
    "basis_rows": "每条“应/宜”条款的确定依据（按条款顺序：clause、text 摘要、level、basis；未写时为“待补充”）",
    "points": "确定依据中注明列为征求意见重点问题的条款（clause、text、basis）",
    "pending": "尚未提供的事实显示的文字（待补充）",
    "verification_annex": "核查方法附录的字母",
    "rounds": "各轮（征求意见、专家审查）：kind、stage、opened、closed、asked、replied、no_comment、commenting、comments、采纳……",
}
POINT_MARK = "征求意见重点"  # a basis that says the value is the drafters' own, put to the comment round
_CELL_SPLIT = re.compile(r"(?<!\\)\|")  # a table row's cells: "|" not escaped as "\|"


def render_markdown(source: Folder | Path, std: Standard, ctx: dict) -> str:
    folder = as_folder(source)
    if not folder.path(REL).is_file():
        raise file_error(
            file=REL, code="std-explanation-missing", message="缺少编制说明模板 standard/explanation.md。"
        )
    parts = std.parts
    when = meta_date(ctx)
    basis = basis_rows(folder, std)
    extra = {
        "std": std,
        "req": {r.id: r for r in std.requirements},
        "bundle": {b.id: b for b in ctx.get("bundle_list", [])},
        "example_annex": next(
            (p.letter for p in parts if p.informative and p.clause.id == "annex-example"), ""
        ),
        "draft_year": when[0],
        "draft_month": when[1],
        "draft_day": when[2],
        "levels": Counter(r.level for r in std.requirements),
        "chapters": [f"{p.clause.number} {p.title}" for p in parts if p.kind == "chapter"],
        "annexes": [p for p in parts if p.kind == "annex"],
        "n_tables": sum(1 for p in parts for c in p.clause.walk() for b in c.blocks if b.kind == "table"),
        "n_figures": sum(1 for p in parts for c in p.clause.walk() for b in c.blocks if b.kind == "figure"),
        "normrefs": std.normrefs,  # only the listed references the text cites
        "rejected": rejected(folder, clause_index(std)),
        "basis_rows": basis,
        "points": [r for r in basis if POINT_MARK in r["basis"]],
        "pending": PENDING,
        "rounds": round_facts(folder),
        "verification_annex": next((p.letter for p in parts if p.clause.id == "annex-verification"), ""),
    }
    assert set(extra) == set(EXTRA_NAMES)
    env = jinja_env(True, markdown=True)
    template = folder.text(REL)
    found = check_template(env, template, {**ctx, **extra}, {**DATA_NAMES, **extra}, REL)
    if found:
        raise StdkitError(found)
    try:
        text = env.from_string(template).render({**ctx, **extra})
    except Exception as exc:  # noqa: BLE001 — any failure of the folder's template is the folder's
        line = getattr(exc, "lineno", None) or 1
        raise StdkitError(
            [
                Problem(
                    file=REL,
                    line=line,
                    column=1,
                    path="",
                    code="std-template",
                    message=f"编制说明模板无法渲染：{exc}。",
                )
            ]
        ) from None
    return text.strip() + "\n"


def round_facts(folder: Folder) -> list[dict]:
    """Per round, what the 编制说明 states: dates (待补充 when not recorded), units asked / replied /
    无意见, units that commented, comments by decision."""
    out = []
    for r in rounds(folder):
        rec = r.record
        out.append(
            {"kind": r.kind, "stage": r.stage, "opened": (rec.opened if rec else "") or PENDING,
             "closed": (rec.closed if rec else "") or PENDING, "recorded": rec is not None,
             "panel": "、".join(e.name for e in rec.panel) if rec else "", "conclusion": rec.conclusion if rec else "",
             **r.counts()}
        )  # fmt: skip
    return out


def basis_rows(folder: Folder, std: Standard) -> list[dict[str, str]]:
    """The 编制说明's basis table: every 应/宜 provision in clause order with its `basis` from
    standard/requirements.yaml (待补充 where none is written)."""
    methods = read_methods(folder)
    return [
        {
            "clause": r.clause,
            "text": excerpt(r.text, 30),
            "level": r.level,
            "basis": (m.basis if (m := methods.get(r.id)) and m.basis else PENDING),
        }
        for r in std.requirements
        if r.level in ("应", "宜")
    ]


def check_names(source: Folder | Path, project=None) -> list[Problem]:
    """The 编制说明's data names checked without rendering it (for `lint`): `project`'s data is followed
    name by name, the names taken from the parsed standard only by their first name."""
    folder = as_folder(source)
    if not folder.path(REL).is_file():
        return []
    try:
        ctx = context(project, load_metadata(folder), folder)
    except StdkitError:
        return []  # metadata.yaml's own problems are reported by the standard's checks
    try:
        text = folder.text(REL)
    except StdkitError as err:  # a symlink or an oversized file: said here as the build would say it
        return err.problems
    return check_template(jinja_env(True, markdown=True), text, ctx, {**DATA_NAMES, **EXTRA_NAMES}, REL)


def meta_date(ctx: dict) -> tuple[int, int, int]:
    """(year, month, day) of the draft: the date the 编制说明 is signed."""
    meta = ctx.get("meta")
    if meta is None or "X" in meta.draft_date:
        return (0, 0, 0)
    y, m, d = (int(x) for x in meta.draft_date.split("-"))
    return (y, m, d)


def to_docx(markdown: str, meta: Metadata) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    doc = Document()
    ox.doc_defaults(doc)
    ox.a4_page(doc, margin_mm=25)
    normal = doc.styles["Normal"]
    ox.style_fonts(normal, ox.SONG, 12)
    ox.para_props(normal, first_line_chars=2, line=360)
    for name, size in (("Title", 18), ("Heading 1", 14), ("Heading 2", 12)):
        ox.style_fonts(doc.styles[name], ox.HEI, size, bold=False)
        ox.para_props(doc.styles[name], first_line_chars=0)
    doc.styles["Title"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    lines = markdown.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i].rstrip()
        if line.startswith("|"):
            rows = []
            while i < len(lines) and lines[i].startswith("|"):
                cells = [c.strip() for c in _CELL_SPLIT.split(lines[i].strip().strip("|"))]
                if not all(re.fullmatch(r":?-+:?", c) for c in cells):
                    rows.append(cells)
                i += 1
            table = doc.add_table(rows=len(rows), cols=max(len(r) for r in rows))
            table.style = doc.styles["Table Grid"]
            for r, row in enumerate(rows):
                for c, text in enumerate(row):
                    par = table.rows[r].cells[c].paragraphs[0]
                    par.paragraph_format.first_line_indent = 0
                    run = par.add_run(escape.unmd(text))
                    ox.run_fonts(run, ox.HEI if r == 0 else ox.SONG, 10.5)
            continue
        if line.startswith("# "):
            doc.add_paragraph(escape.unmd(line[2:]), style="Title")
        elif line.startswith("## "):
            doc.add_paragraph(escape.unmd(line[3:]), style="Heading 1")
        elif line.startswith("### "):
            doc.add_paragraph(escape.unmd(line[4:]), style="Heading 2")
        elif line.startswith("- "):
            doc.add_paragraph("——" + escape.unmd(line[2:]))
        elif line:
            doc.add_paragraph(escape.unmd(line))
        i += 1
    cp = doc.core_properties
    when = meta.date_time()
    cp.title, cp.subject = f"《{meta.title}》编制说明", meta.number
    cp.author = cp.last_modified_by = meta.drafting_units[0]
    cp.created = cp.modified = cp.last_printed = when
    cp.revision = 1
    buf = io.BytesIO()
    doc.save(buf)
    return ox.fixed_zip(buf.getvalue(), when.timetuple()[:6])

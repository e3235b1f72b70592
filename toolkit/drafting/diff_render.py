"""The changes between two drafts as terminal text, Markdown, HTML and the DOCX 修改对照表."""

from __future__ import annotations

import datetime as dt
import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH

from ..core import escape
from ..office import ooxml as ox
from .diff import Change, marked

WIDTHS_MM = [
    12.0,
    22.0,
    86.0,
    86.0,
    51.0,
]  # 序号 章条编号 原条文 修改后条文 修改说明: the A4 landscape text width
KIND = {"added": "新增", "removed": "删除", "changed": "修改", "renumbered": "仅编号变化"}


def _is_row(c: Change) -> bool:
    side = c.new or c.old
    return side is not None and side.row


def counts(changes: list[Change]) -> str:
    n = {k: sum(1 for c in changes if c.kind == k) for k in KIND}
    modal = sum(1 for c in changes if c.modal)
    rows = sum(1 for c in changes if _is_row(c))
    return (
        f"新增 {n['added']} 条，删除 {n['removed']} 条，修改 {n['changed']} 条（其中助动词变化 {modal} 条），"
        f"仅编号变化 {n['renumbered']} 条" + (f"；以上含表格行 {rows} 行" if rows else "")
    )


def explain(c: Change) -> str:
    """修改说明: what happened, the modal change, and the comments that caused it."""
    old, new = c.old, c.new
    row = _is_row(c)
    if c.kind == "added":
        head = "新增表格行。" if row else "新增条款。"
    elif c.kind == "removed":
        head = "删除表格行。" if row else "删除条款。"
    elif c.kind == "renumbered":
        head = f"{'内容' if row else '条文'}未变，编号由{old.number if old else ''}改为{new.number if new else ''}。"
    else:
        head = ("修改表格行。" if row else "修改条文。") + (
            f"编号由{old.number}改为{new.number}。" if old and new and old.number != new.number else ""
        )
    if c.modal:
        head += f"助动词由“{c.modal.split(' → ')[0]}”改为“{c.modal.split(' → ')[1]}”" + (
            "，要求放宽。" if c.weakened else "。"
        )
    return head + "".join(n + "。" if not n.endswith("。") else n for n in c.notes)


def _number(c: Change) -> str:
    return (c.new or c.old).number if (c.new or c.old) else ""  # type: ignore[union-attr]


def terminal(changes: list[Change], old: str, new: str) -> str:
    lines = [f"{old} → {new}：{counts(changes)}。"]
    for c in changes:
        flag = f"  ！助动词 {c.modal}" + ("（要求放宽）" if c.weakened else "") if c.modal else ""
        lines.append(f"\n[{KIND[c.kind]}] {_number(c)} {{#{c.id}}}{flag}")
        if c.kind == "changed" and c.old and c.new:
            runs = marked(c.old.text, c.new.text)
            lines.append(
                "  "
                + "".join(t if op == "=" else f"[-{t}-]" if op == "-" else f"{{+{t}+}}" for op, t in runs)
            )
        elif c.old or c.new:
            lines.append("  " + (c.new or c.old).text)  # type: ignore[union-attr]
        for note in c.notes:
            lines.append("  说明：" + note)
    return "\n".join(lines) + "\n"


def markdown(changes: list[Change], old: str, new: str) -> str:
    out = [f"# 修改对照（{escape.md(old)} → {escape.md(new)}）", "", counts(changes) + "。", ""]
    out += ["| 章条编号 | 类型 | 原条文 | 修改后条文 | 修改说明 |", "|---|---|---|---|---|"]
    for c in changes:
        a, b = _sides(
            c, lambda t: "~~" + escape.md(t) + "~~", lambda t: "**" + escape.md(t) + "**", escape.md
        )
        out.append(f"| {escape.md(_number(c))} | {KIND[c.kind]} | {a} | {b} | {escape.md(explain(c))} |")
    return "\n".join(out) + "\n"


def _sides(c: Change, dele, ins, same) -> tuple[str, str]:
    if c.kind == "changed" and c.old and c.new:
        runs = marked(c.old.text, c.new.text)
        a = "".join(same(t) if op == "=" else dele(t) for op, t in runs if op != "+")
        b = "".join(same(t) if op == "=" else ins(t) for op, t in runs if op != "-")
        return a, b
    return (same(c.old.text) if c.old else ""), (same(c.new.text) if c.new else "")


def html(changes: list[Change], old: str, new: str) -> str:
    h = escape.html
    rows = []
    for c in changes:
        a, b = _sides(c, lambda t: f"<del>{h(t)}</del>", lambda t: f"<ins>{h(t)}</ins>", h)
        cls = ' class="modal"' if c.modal else ""
        rows.append(
            f"<tr{cls}><td>{h(_number(c))}</td><td>{KIND[c.kind]}</td><td>{a}</td><td>{b}</td>"
            f"<td>{h(explain(c))}</td></tr>"
        )
    return (
        '<!doctype html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>修改对照</title><style>'
        "table{border-collapse:collapse}td,th{border:1px solid #999;padding:4px;vertical-align:top}"
        "del{color:#b00;text-decoration:line-through}ins{color:#060;text-decoration:underline}"
        "tr.modal td{background:#fff4e0}</style></head><body>\n"
        f"<h1>修改对照（{h(old)} → {h(new)}）</h1>\n<p>{h(counts(changes))}。</p>\n"
        "<table><tr><th>章条编号</th><th>类型</th><th>原条文</th><th>修改后条文</th><th>修改说明</th></tr>\n"
        + "\n".join(rows)
        + "\n</table></body></html>\n"
    )


def _cell_runs(cell, runs: list[tuple[str, str]], keep: str) -> None:
    par = cell.paragraphs[0]
    for op, t in runs:
        if op not in ("=", keep):
            continue
        run = par.add_run(escape.xml_text(t))
        ox.run_fonts(run, ox.SONG, 10.5)
        if op == "-":
            run.font.strike = True
        elif op == "+":
            run.font.underline = True


def to_docx(changes: list[Change], title: str, when: dt.datetime) -> bytes:
    """The 修改对照表: 原条文 (deleted characters struck through) / 修改后条文 (inserted underlined) / 修改说明."""
    doc = Document()
    ox.doc_defaults(doc)
    ox.a4_page(doc, landscape=True)
    cp = doc.core_properties
    cp.title, cp.author = title, "stdkit"
    cp.created = cp.modified = cp.last_printed = when
    cp.revision = 1
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    ox.run_fonts(p.add_run(escape.xml_text(title)), ox.HEI, 16)
    ox.run_fonts(doc.add_paragraph().add_run(counts(changes) + "。"), ox.SONG, 10.5)
    grid = doc.add_table(rows=1, cols=5)
    grid.style = "Table Grid"
    for cell, name in zip(
        grid.rows[0].cells, ("序号", "章条编号", "原条文", "修改后条文", "修改说明"), strict=True
    ):
        ox.run_fonts(cell.paragraphs[0].add_run(name), ox.HEI, 10.5)
    for n, c in enumerate(changes, start=1):
        cells = grid.add_row().cells
        ox.run_fonts(cells[0].paragraphs[0].add_run(str(n)), ox.SONG, 10.5)
        ox.run_fonts(cells[1].paragraphs[0].add_run(escape.xml_text(_number(c))), ox.SONG, 10.5)
        if c.kind == "changed" and c.old and c.new:
            runs = marked(c.old.text, c.new.text)
        else:
            runs = [("-", c.old.text)] if c.old and not c.new else []
            runs += [("+", c.new.text)] if c.new and not c.old else []
            runs += [("=", c.new.text)] if c.old and c.new else []
        _cell_runs(cells[2], runs, "-")
        _cell_runs(cells[3], runs, "+")
        ox.run_fonts(cells[4].paragraphs[0].add_run(escape.xml_text(explain(c))), ox.SONG, 10.5)
    ox.table_layout(grid, WIDTHS_MM)
    buf = io.BytesIO()
    doc.save(buf)
    return ox.fixed_zip(buf.getvalue(), when.timetuple()[:6])

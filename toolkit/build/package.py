"""`stdkit package`: the set of files the 省市场监督管理局 expects with a 送审稿 or a 报批稿 — the standard
and its 编制说明 (DOCX and PDF), each round's table, the 修改对照表 from the draft each round was on to this one, and a
材料清单 — every file named with number, title, stage and date, every file on A4 with page numbers.
Everything is made in memory first; on any problem nothing is written."""

from __future__ import annotations

import io
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..core.atomic import write_atomic
from ..core.errors import StdkitError, whole_file
from ..core.folder import Folder
from ..core.guide import PENDING
from ..core.outdir import guard_out
from ..core.project import Project
from ..drafting import diff_render
from ..drafting.diff import compare_roots, revision_root
from ..drafting.importer import REVISION_HINT
from ..drafting.rounds import FOLDER as ROUNDS
from ..drafting.rounds import Round, rounds
from ..drafting.summary import file_stem
from ..office import ooxml as ox
from ..office.pdf import docx_to_pdfs
from ..standard.metadata import Metadata, load_metadata
from .standard import compile_all, with_toc_pages

# The rounds each stage's package rests on.
NEEDS = {"送审稿": ("征求意见",), "报批稿": ("征求意见", "专家审查")}


@dataclass(frozen=True)
class Item:
    what: str  # 材料
    name: str  # file name, or 待补充 with the reason
    data: bytes | None


def _stem(meta: Metadata) -> str:
    return f"{meta.number.replace('/', '')} {meta.title}（{meta.stage}）"  # "/" cannot stand in a file name


def _round(found: list[Round], kind: str, stage: str) -> Round:
    rnd = next((r for r in reversed(found) if r.kind == kind and r.record is not None), None)
    if rnd is None:
        raise StdkitError([whole_file(file=f"{ROUNDS}/", code="package-no-round", message=f"没有{kind}的记录，不能形成{stage}的送审材料。",
                                      hint="先写轮次记录并导入、处理意见（见 standard/README.md）。")])  # fmt: skip
    return rnd


def _comparison(folder: Folder, rnd: Round, meta: Metadata) -> Item:
    what = f"修改对照表（{rnd.stage}→{meta.stage}）"
    if rnd.record is None or not rnd.record.revision:
        return Item(what, f"{PENDING}（{rnd.stage}的轮次记录中没有该稿的 git 版本 revision）", None)
    with revision_root(rnd.record.revision, folder.root, REVISION_HINT) as old:
        changes, _, _ = compare_roots(old, folder.root)
    title = f"《{meta.title}》{what}"
    return Item(what, "", diff_render.to_docx(changes, title, meta.date_time()))


def _laid_out(made: dict, meta: Metadata) -> list[Item]:
    """The standard and its 编制说明 as DOCX and as PDF (LibreOffice, dated the 本稿日期), the standard's
    DOCX with the 目次's page numbers as laid out. Without the PDFs the package is not complete: an error."""
    with tempfile.TemporaryDirectory(prefix="stdkit-package-") as tmp:
        folder = Path(tmp)
        pairs = [(folder / f"{n}.docx", folder / f"{n}.pdf") for n in ("standard", "explanation")]
        pairs[0][0].write_bytes(made["docx"])
        pairs[1][0].write_bytes(made["explanation_docx"])
        ok, notice = docx_to_pdfs(pairs, meta.date_time())
        if not ok or not all(pdf.is_file() for _, pdf in pairs):
            raise StdkitError([whole_file(file="（系统环境）", code="package-pdf", message=f"未能生成标准文本和编制说明的 PDF：{notice}",
                                          hint="送审材料须含 PDF：安装 LibreOffice（bash scripts/setup.sh）后重新运行。")])  # fmt: skip
        docx = with_toc_pages(made, pairs[0][1]) or made["docx"]
        return [
            Item("标准文本", "docx", docx),
            Item("标准文本", "pdf", pairs[0][1].read_bytes()),
            Item("编制说明", "docx", made["explanation_docx"]),
            Item("编制说明", "pdf", pairs[1][1].read_bytes()),
        ]


def _items(project: Project, folder: Folder, meta: Metadata) -> list[Item]:
    made = compile_all(project, standard=folder)
    found = rounds(folder)
    items = _laid_out(made, meta)
    for n, rnd in enumerate(found, start=1):
        if rnd.kind not in NEEDS[meta.stage]:
            continue
        _round(found, rnd.kind, meta.stage)
        stem = file_stem(rnd, n)
        for ext in ("docx", "xlsx"):
            if f"{stem}.{ext}" in made["comments"]:
                items.append(
                    Item(f"{rnd.table_title}（{rnd.stage}）", ext, made["comments"][f"{stem}.{ext}"])
                )
    for kind in NEEDS[meta.stage]:
        items.append(_comparison(folder, _round(found, kind, meta.stage), meta))
    return items


def _named(items: list[Item], meta: Metadata) -> list[Item]:
    stem, date = _stem(meta), meta.draft_date
    out = []
    for it in items:
        if it.data is None:
            out.append(it)
            continue
        ext = it.name if it.name in ("docx", "xlsx", "pdf") else "docx"
        out.append(Item(it.what, f"{stem}{it.what} {date}.{ext}", it.data))
    return out


def _checklist(items: list[Item], meta: Metadata) -> bytes:
    """材料清单: each material, its file (or 待补充 and why), on A4 with page numbers."""
    from docx import Document

    doc = Document()
    ox.doc_defaults(doc)
    ox.a4_page(doc)
    title = f"《{meta.title}》（{meta.stage}）材料清单"
    ox.run_fonts(doc.add_paragraph().add_run(title), ox.HEI, 16)
    grid = doc.add_table(rows=1, cols=3)
    grid.style = "Table Grid"
    for cell, head in zip(grid.rows[0].cells, ("序号", "材料", "文件"), strict=True):
        ox.run_fonts(cell.paragraphs[0].add_run(head), ox.HEI, 10.5)
    for n, it in enumerate(items, start=1):
        for cell, value in zip(grid.add_row().cells, (str(n), it.what, it.name), strict=True):
            ox.run_fonts(cell.paragraphs[0].add_run(value), ox.SONG, 10.5)
    cp = doc.core_properties
    when = meta.date_time()
    cp.title, cp.author = title, meta.drafting_units[0]
    cp.created = cp.modified = cp.last_printed = when
    cp.revision = 1
    buf = io.BytesIO()
    doc.save(buf)
    return ox.fixed_zip(buf.getvalue(), when.timetuple()[:6])


def package(project: Project, out: Path) -> list[Item]:
    """Write the stage's package into `out` (a new folder, or one outside the data); the items written."""
    folder = project.folder
    meta = load_metadata(folder)
    if meta.stage not in NEEDS:
        raise StdkitError([whole_file(file="standard/metadata.yaml", code="package-stage", message=f"本稿是{meta.stage}，送审材料只在送审稿、报批稿阶段生成。",
                                      hint="用 stdkit stage next 进入送审稿后再生成。")])  # fmt: skip
    guard_out(folder.root, out)
    items = _named(_items(project, folder, meta), meta)
    listing = Item("材料清单", f"{_stem(meta)}材料清单 {meta.draft_date}.docx", None)
    items.append(Item(listing.what, listing.name, _checklist([*items, listing], meta)))
    out.mkdir(parents=True, exist_ok=True)
    for it in items:
        if it.data is not None:
            write_atomic(out / it.name, it.data)
    return items

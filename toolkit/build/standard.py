"""`build_standard`: compile everything in memory first (no partial outputs on bad input), then write
the web pages, DOCX, 编制说明 (DOCX + Markdown) and, with LibreOffice, the PDF. `start` returns while
LibreOffice lays out the PDF, so that a site build does its other work meanwhile; `Job.finish` waits."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

from ..core.cachedir import ContentCache, project_cache
from ..core.folder import Folder, as_folder
from ..core.project import Project
from ..drafting.clauses import index as clause_index
from ..drafting.explanation import render_markdown, to_docx
from ..drafting.summary import compile_summary
from ..office.pdf import Conversion, toc_pages
from ..site import uptodate
from ..standard.data import context
from ..standard.docx_writer import write_docx
from ..standard.figures import render_pngs
from ..standard.load import load_standard
from ..standard.md_writer import pages
from ..standard.metadata import load_metadata

DOCX, PDF, EXPL_DOCX, EXPL_MD = "standard.docx", "standard.pdf", "explanation.docx", "explanation.md"


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
        return True
    except ValueError:
        return False


def compile_all(
    project: Project,
    figures: ContentCache | None = None,
    *,
    standard: Folder | Path | None = None,
    words: ContentCache | None = None,
) -> dict:
    """Everything the build writes, as bytes/text in memory (`figures`: the flowchart PNGs kept; `words`:
    the Word files kept, see `_Words`)."""
    folder = project.folder if standard is None else as_folder(standard)  # the county's own standard/
    meta = load_metadata(folder)
    ctx = context(project, meta, folder)
    std = load_standard(folder, project)  # the parse lint made: once per build
    flow_ids = [b.source for p in std.parts for c in p.clause.walk() for b in c.blocks if b.kind == "figure"]
    pngs = render_pngs(project, flow_ids, cache=figures)
    explanation = render_markdown(folder, std, ctx)
    kept = _Words(words)
    return {
        "meta": meta,
        "std": std,
        "pngs": pngs,
        "docx": kept.standard(std, meta, pngs),
        "explanation_md": explanation,
        "explanation_docx": kept.explanation(explanation, meta),
        "comments": compile_summary(folder, meta, clause_index(std)),
        "words": kept,
    }


class _Words:
    """The Word files, kept in the build's cache by what they are written from: the parsed text (its data
    expressions already filled in), the metadata, the figures, this code. An edit the text does not show
    (most item edits) writes none again: about 3.5 s of CPU a build. Without a cache, always written."""

    def __init__(self, cache: ContentCache | None):
        self.cache = cache

    def _kept(self, key_parts: tuple[str | bytes, ...], make) -> bytes:
        if self.cache is None:
            data: bytes = make()
            return data
        key = self.cache.key("word", uptodate.toolkit_digest(), *key_parts)
        got = self.cache.get(key)
        if got is None:
            got = make()
            self.cache.put(key, got)
        return got

    def standard(self, std, meta, pngs: dict[str, bytes], toc=None) -> bytes:
        figures = tuple(f"{k}\0".encode() + v for k, v in sorted(pngs.items()))
        return self._kept(
            ("standard", repr(std), repr(meta), *figures, repr(toc)), lambda: write_docx(std, meta, pngs, toc)
        )

    def explanation(self, text: str, meta) -> bytes:
        return self._kept(("explanation", text, repr(meta)), lambda: to_docx(text, meta))


def with_toc_pages(out: dict, pdf: Path) -> bytes | None:
    """The standard's DOCX (of `compile_all`'s `out`) with the 目次's page numbers as LibreOffice laid
    out `pdf` from it (same layout), or None when the layout gave none."""
    toc = toc_pages(pdf)
    return out["words"].standard(out["std"], out["meta"], out["pngs"], toc) if toc else None


def build(
    project: Project,
    docs_dir: Path,
    downloads_dir: Path,
    *,
    pdf: bool = True,
    standard: Folder | Path | None = None,
) -> dict:
    """Paths in the result are relative to downloads_dir's parent (e.g. "downloads/standard.docx")."""
    return start(project, docs_dir, downloads_dir, pdf=pdf, standard=standard).finish()


def start(
    project: Project,
    docs_dir: Path,
    downloads_dir: Path,
    *,
    pdf: bool = True,
    standard: Folder | Path | None = None,
) -> Job:
    """Compile and write the Word files now and start LibreOffice on the PDF in the background; the
    caller does other work meanwhile and then calls `finish()` (or `stop()` when it failed meanwhile)."""
    figures = ContentCache(project_cache(project.root, "standard") / "figures")
    words = ContentCache(project_cache(project.root, "standard") / "words")
    out = compile_all(project, figures, standard=standard, words=words)
    figures.prune()  # every figure the text cites was used
    docs_dir.mkdir(parents=True, exist_ok=True)
    downloads_dir.mkdir(parents=True, exist_ok=True)
    (downloads_dir / DOCX).write_bytes(out["docx"])
    (downloads_dir / EXPL_DOCX).write_bytes(out["explanation_docx"])
    (downloads_dir / EXPL_MD).write_text(out["explanation_md"], encoding="utf-8")
    for name, data in out["comments"].items():  # the 征求意见汇总处理表, once comments were received
        (downloads_dir / name).write_bytes(data)
    if not pdf and (downloads_dir / PDF).exists():
        (downloads_dir / PDF).unlink()  # never leave a PDF of an older text next to the new DOCX
    return Job(out, docs_dir, downloads_dir, pdf)


class Job:
    """The standard's build between `start` and `finish`: the PDF is being made by LibreOffice."""

    def __init__(self, out: dict, docs_dir: Path, downloads_dir: Path, pdf: bool):
        self.out, self.docs_dir, self.downloads_dir = out, docs_dir, downloads_dir
        self.tmp = Path(tempfile.mkdtemp(prefix="stdkit-std-")) if pdf else None
        self.conversion = (
            Conversion([(downloads_dir / DOCX, self.tmp / PDF)], out["meta"].date_time())
            if self.tmp is not None
            else None
        )

    def stop(self) -> None:
        """End LibreOffice and remove the temporary folder (the build failed before `finish`)."""
        if self.conversion is not None:
            self.conversion.stop()
        if self.tmp is not None:
            shutil.rmtree(self.tmp, ignore_errors=True)

    def finish(self) -> dict:
        """Wait for the PDF; then the DOCX with the 目次's page numbers, and the web pages."""
        try:
            pdf_rel, notice = self._pdf()
        finally:
            self.stop()
        if self.out["words"].cache is not None:  # now that the DOCX with the 目次's pages was asked for too
            self.out["words"].cache.prune()
        return self._pages(pdf_rel, notice)

    def _pdf(self) -> tuple[str | None, str]:
        if self.conversion is None or self.tmp is None:
            return None, "已跳过 PDF。"
        downloads = self.downloads_dir
        ok, notice = self.conversion.wait()
        if not ok:
            print(f"提示：{notice}", file=sys.stdout)
            return None, notice
        target = self.tmp / PDF
        shutil.move(str(target), downloads / PDF)
        laid_out = with_toc_pages(self.out, target)
        if laid_out is not None:
            (downloads / DOCX).write_bytes(laid_out)
        return self._rel(PDF), notice

    def _rel(self, name: str) -> str:
        return os.path.relpath(self.downloads_dir / name, self.downloads_dir.parent).replace(os.sep, "/")

    def _pages(self, pdf_rel: str | None, notice: str) -> dict:
        out, docs_dir, downloads_dir = self.out, self.docs_dir, self.downloads_dir
        std, meta = out["std"], out["meta"]
        links = {}
        # downloads inside the docs root: link them from the index
        if _inside(downloads_dir, docs_dir.parent):
            for label, name in (
                ("标准文本（Word）", DOCX),
                ("标准文本（PDF）", PDF),
                ("编制说明（Word）", EXPL_DOCX),
                ("编制说明（Markdown）", EXPL_MD),
                ("征求意见汇总处理表（Word）", "comments-summary.docx"),
                ("征求意见汇总处理表（Excel）", "comments-summary.xlsx"),
            ):
                if (downloads_dir / name).is_file():
                    links[label] = os.path.relpath(downloads_dir / name, docs_dir).replace(os.sep, "/")
        images = {fid: f"img/{fid}.png" for fid in out["pngs"]}
        web = pages(std, meta, images, links)
        for name, text in web.items():
            (docs_dir / name).write_text(text, encoding="utf-8")
        if out["pngs"]:
            (docs_dir / "img").mkdir(exist_ok=True)
            for fid, png in out["pngs"].items():
                (docs_dir / "img" / f"{fid}.png").write_bytes(png)
        return {
            "docx": self._rel(DOCX),
            "pdf": pdf_rel,
            "pdf_notice": notice,
            "explanation_docx": self._rel(EXPL_DOCX),
            "explanation_md": self._rel(EXPL_MD),
            "pages": len(web),
            "requirements": len(std.requirements),
            "stage": meta.stage,
            "number": meta.number,
        }

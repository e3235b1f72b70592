"""The window's paperwork, generated from the validated Project by `stdkit build` into <site>/paperwork/:

    forms/<bundle>.docx|.pdf          一表申请: each 一事联办's merged application form
    forms/items/<item>.docx           an item's own form (items whose data lists form fields)
    notices/items/<item>.docx         一次性告知单 of every item
    notices/by-department/<dept>.pdf  the department's notices in one PDF, one bookmark per item
    notices/bundles/<bundle>.docx|.pdf
    handbook.docx|.pdf                全科受理手册
and the staff's offline web section staff/ (not in the citizens' menu).

Word files are cached by a digest of what they are made from; PDFs come from LibreOffice in one session
for all files (toolkit/standard/pdf.py docx_to_pdfs), cached by the Word file's digest.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import multiprocessing
import os
import re
import tempfile
import time
from pathlib import Path

from ..atomic import write_atomic
from ..cachedir import digest
from ..project import Project
from ..site.store import ArtefactCache, reset_dir
from . import forms, handbook, notice, web
from .guard import check_xml_safe

FOLDER, STAFF = "paperwork", "staff"
_SOURCES = sorted(Path(__file__).parent.glob("*.py"))


def _code_salt() -> str:
    return hashlib.sha256(b"".join(p.read_bytes() for p in _SOURCES)).hexdigest()


def _context(project: Project, site_url: str, when: dt.datetime) -> str:
    """Digest of everything an item's paperwork reads besides the item itself."""
    shared = [
        project.county.model_dump_json(),
        project.centre.model_dump_json(),
        *(d.model_dump_json() for d in project.departments.values()),
        *(f.model_dump_json() for f in project.fields.values()),
        *(f.model_dump_json() for f in project.flows.values()),
    ]
    return digest("paperwork-v1", _code_salt(), site_url, when.isoformat(), *shared)


class _Writer:
    def __init__(self, docs: Path, cache: ArtefactCache):
        self.docs, self.cache = docs, cache
        self.files: list[str] = []

    def put(self, rel: str, data: bytes) -> Path:
        write_atomic(self.docs / FOLDER / rel, data)
        self.files.append(f"{FOLDER}/{rel}")
        return self.docs / FOLDER / rel

    def cached(self, rel: str, key: str, make) -> Path:
        data = self.cache.get(key)
        if data is None:
            data = make()
            self.cache.put(key, data)
        return self.put(rel, data)


def build(
    project: Project, docs: Path, site_url: str, cache_dir: Path, *, pdf: bool, when: dt.datetime
) -> dict:
    """Write the paperwork under docs/paperwork and the staff pages under docs/staff; returns the
    manifest's `paperwork` entry (files, counts, page counts, notices, timings)."""
    check_xml_safe(project)
    reset_dir(docs / FOLDER)
    cache = ArtefactCache(cache_dir, "paperwork")
    w = _Writer(docs, cache)
    ctx = _context(project, site_url, when)
    everything = digest(
        ctx,
        *(i.model_dump_json() for i in project.items.values()),
        *(b.model_dump_json() for b in project.bundles.values()),
        project.lifecycle.model_dump_json(),
    )
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    path = w.cached(
        "handbook.docx", digest(everything, "handbook"), lambda: handbook.handbook_docx(project, when)
    )
    timings["handbook"] = time.perf_counter() - t0
    # The handbook is the longest conversion: it runs in its own LibreOffice while the rest is made.
    conversions = [_start_pdfs([(path, path.with_suffix(".pdf"))], when)] if pdf else []
    t1 = time.perf_counter()
    to_pdf = _forms(project, w, ctx, site_url, when)
    timings["forms"] = time.perf_counter() - t1
    result: dict = {"notices": [], "pdf": False}
    try:
        with tempfile.TemporaryDirectory(prefix="stdkit-notices-") as tmp:
            t2 = time.perf_counter()
            to_pdf += _notices(project, w, ctx, site_url, when, Path(tmp))
            timings["notices"] = time.perf_counter() - t2
            if pdf:
                t3 = time.perf_counter()
                conversions.append(_start_pdfs(to_pdf, when, sessions=2))  # many pages: two cores
                _finish_pdfs(conversions, w, result)
                timings["pdf"] = time.perf_counter() - t3
    finally:
        for c in conversions:
            c.stop()  # a failed build leaves no LibreOffice running
    reset_dir(docs / STAFF)
    for rel, md in web.pages(project, site_url, pdf=result["pdf"]):
        write_atomic(docs / rel, md.encode("utf-8"))
    cache.prune()
    result.update(_summary(project, w.files, docs))
    result["timings"] = {k: round(v, 2) for k, v in timings.items()}
    return result


PARALLEL_FROM = 200  # below this many notices to make, a second process costs more than it saves
_FORKED: dict = {}  # what a forked worker reads (the Project is not pickled)


def _department(
    job: tuple[str, list[str], dict[str, bytes | None], bool],
) -> tuple[dict[str, bytes], bytes | None]:
    """One department's notices: the missing item files, and the combined file when it is needed."""
    code, ids, have, need_combined = job
    project, site_url, when = _FORKED["project"], _FORKED["site_url"], _FORKED["when"]
    made: dict[str, bytes] = {}
    docs = []
    for item_id in ids:
        data, doc = have.get(item_id), None
        if data is None:
            doc = notice.item_notice(project, project.items[item_id], site_url, when)
            made[item_id] = data = notice.dk.save(doc, when)
        if need_combined:
            docs.append((item_id, doc if doc is not None else notice.dk.open_docx(data)))
    title = f"{project.departments[code].name}一次性告知单"
    return made, notice.combined(title, docs, when) if need_combined else None


def _run(jobs: list) -> list:
    return [_department(j) for j in jobs]


def _run_parallel(jobs: list, todo: int) -> list:
    """Departments split between this process and one forked worker (two cores), in the given order."""
    if (
        todo < PARALLEL_FROM
        or (os.cpu_count() or 1) < 2
        or "fork" not in multiprocessing.get_all_start_methods()
    ):
        return _run(jobs)
    half, acc, total = 0, 0, sum(len(j[1]) for j in jobs)
    while half < len(jobs) and acc < total / 2:
        acc += len(jobs[half][1])
        half += 1
    with multiprocessing.get_context("fork").Pool(1) as pool:
        second = pool.apply_async(_run, (jobs[half:],))
        first = _run(jobs[:half])
        return first + second.get(timeout=1800)


def _notices(project: Project, w: _Writer, ctx: str, site_url: str, when: dt.datetime, tmp: Path):
    """Every item's notice as its own file; each department's notices combined (in tmp) for one PDF."""
    plan, jobs, todo = [], [], 0
    for code in project.departments:
        ids = [i.id for i in project.items.values() if i.department == code]
        if not ids:
            continue
        keys = {i: digest(ctx, "notice", project.items[i].model_dump_json()) for i in ids}
        combined_key = digest(*keys.values(), "combined", code)
        combined = w.cache.get(combined_key)
        have = {i: w.cache.get(k) for i, k in keys.items()}
        plan.append((code, keys, combined_key, combined, have))
        missing = sum(1 for v in have.values() if v is None)
        if missing or combined is None:
            jobs.append((code, ids, have, combined is None))
            todo += missing
    _FORKED.update(project=project, site_url=site_url, when=when)
    try:
        results = dict(zip((j[0] for j in jobs), _run_parallel(jobs, todo)))
    finally:
        _FORKED.clear()
    out = []
    for code, keys, combined_key, combined, have in plan:
        made, new_combined = results.get(code, ({}, None))
        for item_id, key in keys.items():
            data = have[item_id]
            if data is None:
                data = made[item_id]
                w.cache.put(key, data)
            w.put(f"notices/items/{item_id}.docx", data)
        if combined is None:
            assert new_combined is not None  # a department without its combined file had a job
            combined = new_combined
            w.cache.put(combined_key, combined)
        path = tmp / f"{code}.docx"
        path.write_bytes(combined)
        out.append((path, w.docs / FOLDER / "notices" / "by-department" / f"{code}.pdf"))
    return out


def _forms(project: Project, w: _Writer, ctx: str, site_url: str, when: dt.datetime) -> list:
    """Each bundle's form and notice (to convert to PDF) and each item's own form."""
    to_pdf: list[tuple[Path, Path]] = []
    for b in project.bundles.values():
        for kind, make in (("forms", forms.bundle_form), ("notices/bundles", notice.bundle_notice)):
            path = w.cached(
                f"{kind}/{b.id}.docx",
                digest(
                    ctx, kind, b.model_dump_json(), *(i.model_dump_json() for i in project.bundle_items(b))
                ),
                lambda make=make, b=b: make(project, b, site_url, when),
            )
            to_pdf.append((path, path.with_suffix(".pdf")))
    for item in project.items.values():
        if item.form_fields:
            w.cached(
                f"forms/items/{item.id}.docx",
                digest(ctx, "form", item.model_dump_json()),
                lambda item=item: forms.item_form(project, item, site_url, when),
            )
    return to_pdf


def _start_pdfs(pairs: list[tuple[Path, Path]], when: dt.datetime, sessions: int = 1):
    from ..standard.pdf import Conversion

    for _, pdf in pairs:
        pdf.parent.mkdir(parents=True, exist_ok=True)
    return Conversion(pairs, when, sessions=sessions)


def _finish_pdfs(conversions: list, w: _Writer, result: dict) -> None:
    from ..standard.pdf import toc_file

    answers = [c.wait() for c in conversions]
    pdfs = [pdf for c in conversions for pdf in c.pdfs]
    for pdf in pdfs:
        toc_file(pdf).unlink(missing_ok=True)  # the 目次 as laid out, for the standard's checks only
    failed = next((message for ok, message in answers if not ok), None)
    if failed is not None:
        for pdf in pdfs:
            pdf.unlink(missing_ok=True)  # all PDFs or none: the staff pages link them all
        result["notices"].append(f"提示：{failed}窗口文书只生成了 Word 文件。")
        return
    result["pdf"] = True
    for pdf in pdfs:
        w.files.append(pdf.relative_to(w.docs).as_posix())


def _summary(project: Project, files: list[str], docs: Path) -> dict:
    pdf_pages = {}
    hb = docs / FOLDER / "handbook.pdf"
    if hb.is_file():
        pdf_pages["handbook"] = _page_count(hb.read_bytes())
    return {
        "folder": FOLDER,
        "staff": f"{STAFF}/",
        "files": sorted(files),
        "forms": len(project.bundles),
        "item_forms": sum(1 for i in project.items.values() if i.form_fields),
        "item_notices": len(project.items),
        "bundle_notices": len(project.bundles),
        "pages": pdf_pages,
    }


def _page_count(data: bytes) -> int:
    m = re.findall(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)", data)
    return max((int(x) for x in m), default=0)


__all__ = ["FOLDER", "STAFF", "build"]

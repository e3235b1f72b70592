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

import contextlib
import ctypes
import datetime as dt
import gc
import hashlib
import json
import multiprocessing
import os
import re
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

from ..atomic import write_atomic
from ..cachedir import digest
from ..project import Project
from ..site.store import ArtefactCache, reset_dir
from . import forms, handbook, notice, web
from .guard import check_xml_safe

FOLDER, STAFF = "paperwork", "staff"
_SOURCES = [  # the code the paperwork's files depend on: a change makes them again
    *sorted(Path(__file__).parent.glob("*.py")),
    *(Path(__file__).parents[1] / rel for rel in ("site/qr.py", "site/urls.py", "standard/ooxml.py")),
]


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
    project: Project,
    docs: Path,
    site_url: str,
    cache_dir: Path,
    *,
    pdf: bool,
    when: dt.datetime,
    full: bool = False,
) -> dict:
    """Write the paperwork under docs/paperwork and the staff pages under docs/staff; returns the
    manifest's `paperwork` entry (files, counts, page counts, notices, timings). When nothing the
    paperwork reads changed since the last build and its folders are as that build left them (an edit of
    the standard's text, say), they are kept as they are, unless `full` (`stdkit build --full`)."""
    check_xml_safe(project)  # first: a character XML cannot hold is a located error, not a failed digest
    cache = ArtefactCache(cache_dir, "paperwork")
    ctx = _context(project, site_url, when)
    everything = digest(
        ctx,
        *(i.model_dump_json() for i in project.items.values()),
        *(b.model_dump_json() for b in project.bundles.values()),
        project.lifecycle.model_dump_json(),
    )
    done_key = digest(everything, "done", str(pdf))
    kept = None if full else _kept(cache, done_key, docs)
    if kept is not None:
        return kept
    result = _make(project, docs, site_url, cache, pdf=pdf, when=when, ctx=ctx, everything=everything)
    if result["pdf"] == pdf:  # PDFs asked for and not made (no LibreOffice): not kept, tried again
        cache.put(done_key, _stamp(result, docs))
    cache.prune()
    return result


def _files_state(docs: Path) -> dict[str, list[int]]:
    """Every file under the paperwork's two folders: size and modification time (ns)."""
    out = {}
    for folder in (FOLDER, STAFF):
        for top, _dirs, names in os.walk(docs / folder):
            rel = Path(top).relative_to(docs).as_posix()
            for name in names:
                st = os.stat(os.path.join(top, name))
                out[f"{rel}/{name}"] = [st.st_size, st.st_mtime_ns]
    return dict(sorted(out.items()))


def _stamp(result: dict, docs: Path) -> bytes:
    kept = {k: v for k, v in result.items() if k != "timings"}
    return json.dumps({"result": kept, "files": _files_state(docs)}, ensure_ascii=False).encode()


def _kept(cache: ArtefactCache, done_key: str, docs: Path) -> dict | None:
    """The last build's result when its inputs were the same and its files are untouched, else None."""
    data = cache.read(done_key)
    if data is None:
        return None
    stamp = json.loads(data)
    if stamp["files"] != _files_state(docs):
        return None
    return {**stamp["result"], "timings": {}}


def _make(
    project: Project,
    docs: Path,
    site_url: str,
    cache: ArtefactCache,
    *,
    pdf: bool,
    when: dt.datetime,
    ctx: str,
    everything: str,
) -> dict:
    reset_dir(docs / FOLDER)
    w = _Writer(docs, cache)
    hb_key = digest(everything, "handbook")
    hb_data = cache.get(hb_key)
    plan, jobs = _plan(project, cache, ctx)
    todo = sum(j.todo for j in jobs) + (len(project.items) if hb_data is None else 0)
    timings: dict[str, float] = {}
    result: dict = {"notices": [], "pdf": False}
    conversions: list = []
    t0 = time.perf_counter()
    _FORKED.update(project=project, site_url=site_url, when=when)
    try:
        with tempfile.TemporaryDirectory(prefix="stdkit-notices-") as tmp, _workers(todo) as pool:
            # the handbook first: the longest conversion runs in its own LibreOffice while the rest is made
            handbook_async = pool.apply_async(_handbook) if pool and hb_data is None else None
            parts = [pool.apply_async(_run, (c,)) for c in _chunks(jobs, 4)] if pool else []
            if hb_data is None:
                hb_data = handbook_async.get(TIMEOUT) if handbook_async else _handbook()
                cache.put(hb_key, hb_data)
            path = w.put("handbook.docx", hb_data)
            timings["handbook"] = time.perf_counter() - t0
            conversions = [_start_pdfs([(path, path.with_suffix(".pdf"))], when)] if pdf else []
            to_pdf = _bundles(project, w, ctx, site_url, when)
            made = [r for part in parts for r in part.get(TIMEOUT)] if pool else _run(jobs)
            results = dict(zip((j.code for j in jobs), made))
            to_pdf += [_put_department(w, Path(tmp), step, results.get(step[0])) for step in plan]
            timings["items"] = time.perf_counter() - t0
            if pdf:
                t3 = time.perf_counter()
                conversions.append(_start_pdfs(to_pdf, when, sessions=2))  # many pages: two cores
                _finish_pdfs(conversions, w, result)
                timings["pdf"] = time.perf_counter() - t3
    finally:
        _FORKED.clear()
        for c in conversions:
            c.stop()  # a failed build leaves no LibreOffice running
    reset_dir(docs / STAFF)
    for rel, md in web.pages(project, site_url, pdf=result["pdf"]):
        write_atomic(docs / rel, md.encode("utf-8"))
    result.update(_summary(project, w.files, docs))
    result["timings"] = {k: round(v, 2) for k, v in timings.items()}
    return result


PARALLEL_FROM = 200  # below this many files to make, a second process costs more than it saves
TIMEOUT = 1800  # seconds: a bound against a hung worker
_FORKED: dict = {}  # what a forked worker reads (the Project is not pickled)


def give_back_memory() -> None:
    """Free the documents made so far and return their memory to the system. A python-docx document is a
    reference cycle (part and package), freed only by a full collection; glibc keeps freed small blocks
    (lxml's nodes): without this a process that made the handbook of 1,808 items stays ~250 MB larger,
    and a worker forked from it starts that large. The heap is not trimmed without glibc."""
    gc.collect()
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:
        return
    libc.malloc_trim(0)


@contextlib.contextmanager
def _workers(todo: int):
    """Two forked workers (two cores) when there is much to make, else None: the documents are made in the
    workers, so this process never holds them (they exit, and their memory goes with them)."""
    if (
        todo < PARALLEL_FROM
        or (os.cpu_count() or 1) < 2
        or "fork" not in multiprocessing.get_all_start_methods()
    ):
        yield None
        return
    give_back_memory()  # the workers start from what this process holds now
    with multiprocessing.get_context("fork").Pool(2) as pool:
        yield pool


def _handbook() -> bytes:
    data = handbook.handbook_docx(_FORKED["project"], _FORKED["when"])
    give_back_memory()
    return data


class _Job(NamedTuple):
    """One department's item files to make: its notices (and their combined file) and its items' forms."""

    code: str
    ids: list[str]
    have: dict[str, bytes | None]  # item id -> its cached notice, None when it is to be made
    need_combined: bool
    forms: list[str]  # items whose form is to be made

    @property
    def todo(self) -> int:
        return sum(1 for v in self.have.values() if v is None) + len(self.forms)


def _department(job: _Job) -> tuple[dict[str, bytes], bytes | None, dict[str, bytes]]:
    """A department's missing notices, its combined file when it is needed, and the missing forms. The
    notices go into the combined file one by one: one notice document is held at a time."""
    project, site_url, when = _FORKED["project"], _FORKED["site_url"], _FORKED["when"]
    made: dict[str, bytes] = {}

    def each():
        for item_id in job.ids:
            data = job.have.get(item_id)
            if data is None:
                doc = notice.item_notice(project, project.items[item_id], site_url, when)
                made[item_id] = notice.dk.save(doc, when)
                yield item_id, doc
            elif job.need_combined:
                yield item_id, notice.dk.open_docx(data)

    title = f"{project.departments[job.code].name}一次性告知单"
    combined = notice.combined(title, each(), when) if job.need_combined else None
    if combined is None:
        for _ in each():
            pass
    made_forms = {i: forms.item_form(project, project.items[i], site_url, when) for i in job.forms}
    give_back_memory()
    return made, combined, made_forms


def _run(jobs: list[_Job]) -> list:
    return [_department(j) for j in jobs]


def _chunks(jobs: list[_Job], n: int) -> list[list[_Job]]:
    """The departments in order, cut into up to n runs of about equal work (for two workers to share)."""
    total = sum(j.todo for j in jobs)
    out: list[list[_Job]] = [[]]
    done = 0
    for j in jobs:
        if done >= total * len(out) / n and len(out) < n and out[-1]:
            out.append([])
        out[-1].append(j)
        done += j.todo
    return [c for c in out if c]


def _plan(project: Project, cache: ArtefactCache, ctx: str) -> tuple[list, list[_Job]]:
    """Per department: the cache keys of its notices, combined file and forms with what the cache has; and
    the jobs for what it lacks."""
    plan, jobs = [], []
    for code in project.departments:
        ids = [i.id for i in project.items.values() if i.department == code]
        if not ids:
            continue
        keys = {i: digest(ctx, "notice", project.items[i].model_dump_json()) for i in ids}
        form_keys = {
            i: digest(ctx, "form", project.items[i].model_dump_json())
            for i in ids
            if project.items[i].form_fields
        }
        combined_key = digest(*keys.values(), "combined", code)
        combined = cache.get(combined_key)
        have = {i: cache.get(k) for i, k in keys.items()}
        have_forms = {i: cache.get(k) for i, k in form_keys.items()}
        plan.append((code, keys, combined_key, combined, have, form_keys, have_forms))
        job = _Job(code, ids, have, combined is None, [i for i, v in have_forms.items() if v is None])
        if job.todo or job.need_combined:
            jobs.append(job)
    return plan, jobs


def _put_department(w: _Writer, tmp: Path, step: tuple, made: tuple | None) -> tuple[Path, Path]:
    """A department's notices and forms into the docs (and the new ones into the cache); its combined
    notices into tmp, to convert."""
    code, keys, combined_key, combined, have, form_keys, have_forms = step
    new_notices, new_combined, new_forms = made or ({}, None, {})
    for folder, key_of, old, new in (
        ("notices/items", keys, have, new_notices),
        ("forms/items", form_keys, have_forms, new_forms),
    ):
        for item_id, key in key_of.items():
            data = old[item_id]
            if data is None:
                data = new[item_id]
                w.cache.put(key, data)
            w.put(f"{folder}/{item_id}.docx", data)
    if combined is None:
        assert new_combined is not None  # a department without its combined file had a job
        combined = new_combined
        w.cache.put(combined_key, combined)
    path = tmp / f"{code}.docx"
    path.write_bytes(combined)
    return path, w.docs / FOLDER / "notices" / "by-department" / f"{code}.pdf"


def _bundles(project: Project, w: _Writer, ctx: str, site_url: str, when: dt.datetime) -> list:
    """Each bundle's form and notice (to convert to PDF)."""
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

"""How `stdkit build` makes the window's paperwork (what the files say: toolkit/paperwork) into
docs/paperwork/ and docs/staff/.

Word files are cached by their keys (paperwork.Documents: a digest of what each is made from). The
PDFs (a department's notices in one, a bundle's notice and form, the handbook) are typeset by Typst in
this process from document models (toolkit/office/typst_pdf.py): the workers return the Typst sources,
never typeset (a forked worker must not use the engine, whose threads may be busy in this process with
the QR lists); the handbook, the longest, is typeset in a thread from the start of the build (`EarlyBook`). No LibreOffice. A file is written only when its bytes change (it keeps its
modification time otherwise), one the last build left as it was and made from the same inputs is not
even read, and a file no longer produced is removed (core/madefiles.py). When nothing the paperwork
reads changed and its folders are as the last build left them, they are kept without a look inside.
With many files to make, two forked workers (core/forkpool.py) make the departments' files while this
process makes the bundles' files and the handbook. The PDFs of the departments, the bundles and the
window documents are typeset in two threads while this one goes on with the Word files and staff pages.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import NamedTuple

from ..core.cachedir import digest
from ..core.forkpool import ForkPool, can_fork, give_back_memory
from ..core.madefiles import MadeFiles, last_record
from ..core.project import Project
from ..core.store import ArtefactCache, DocsTree
from ..office import typst_pdf
from ..paperwork import FOLDER, STAFF, Department, Documents, File, Made
from ..paperwork.documents import form_file, notice_file

RECORD = "files-record"  # the paperwork cache's entry: what each file of the last build was made from
PARALLEL_FROM = 200  # below this many files to make, a second process costs more than it saves
TIMEOUT = 1800  # seconds: a bound against a hung worker


def build(
    project: Project,
    docs: Path,
    site_url: str,
    cache_dir: Path,
    *,
    pdf: bool,
    when: dt.datetime,
    full: bool = False,
    early: EarlyBook | None = None,
) -> dict:
    """Write the paperwork under docs/paperwork and the staff pages under docs/staff; returns the
    manifest's `paperwork` entry (files, counts, page counts, notices, timings). When nothing the
    paperwork reads changed since the last build and its folders are as that build left them (an edit of
    the standard's text, say), they are kept as they are, unless `full` (`stdkit build --full`)."""
    # a character Word cannot hold: an error before all
    documents = early.documents if early is not None else Documents(project, site_url, when)
    cache = ArtefactCache(cache_dir, "paperwork")
    done_key = digest(documents.key, "done", str(pdf))
    kept = None if full else _kept(cache, done_key, docs)
    if kept is not None:
        return kept
    result = _make(documents, docs, cache, pdf=pdf, full=full, early=early)
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
    documents: Documents, docs: Path, cache: ArtefactCache, *, pdf: bool, full: bool, early: EarlyBook | None
) -> dict:
    w = MadeFiles(docs, FOLDER, cache, last_record(cache, RECORD, docs, full), full=full)
    plan, jobs = _plan(documents, w, pdf)
    todo = sum(j.todo for j in jobs)
    workers = 2 if todo >= PARALLEL_FROM and can_fork() else 0  # else made here, when asked for
    timings: dict[str, float] = {}
    result: dict = {"notices": [], "pdf": pdf}
    t0 = time.perf_counter()
    pool = ForkPool(documents, workers)
    parts = [pool.submit(_run, c, workers > 0) for c in _chunks(jobs, 4)]
    handbook = early.file if early is not None else documents.handbook_file()
    with pool, ThreadPoolExecutor(max_workers=1) as side, ThreadPoolExecutor(max_workers=2) as typesetting:
        # the longest PDF first, in a thread of this process (after the workers were forked), unless it
        # was started with the build
        book = _Book(w, handbook, side, early) if pdf else None
        later = _bundles(documents, w, typesetting if pdf else None)
        made = [r for part in parts for r in part.get(TIMEOUT)]
        results = dict(zip((j.code for j in jobs), made))
        typeset = _typeset(plan, results, typesetting) if pdf else {}
        for step in plan:
            _put_department(w, step, results.get(step.dep.code), typeset)
        for put in later:
            put()
        timings["items"] = time.perf_counter() - t0
        w.cached(handbook.rel, handbook.key, handbook.make)  # its model made by now, with PDFs
        if book is not None:
            book.put()
        timings["handbook"] = time.perf_counter() - t0
    staff = DocsTree(docs / STAFF)
    for rel, data in documents.staff_pages(pdf=pdf):
        staff.write(rel, data)
    staff.prune()
    record = w.finish()
    result.update(_summary(documents, w.files, docs))
    result["timings"] = {k: round(v, 2) for k, v in timings.items()}
    cache.put(RECORD, record)
    return result


class _Book:
    """The handbook's PDF: kept, taken from the cache, or typeset in a thread while the rest is made."""

    def __init__(self, w: MadeFiles, f: File, side: ThreadPoolExecutor, early: EarlyBook | None):
        self.w, self.f, self.key = w, f, digest(f.key, "pdf")
        self.kept = w.same(f.pdf, self.key)
        self.data = None if self.kept else w.cache.get(self.key)
        self.future: Future | None = None
        if early is not None and early.future is not None:
            self.future = early.future  # typeset since the build began
        elif not self.kept and self.data is None:
            self.future = side.submit(f.make_pdf)

    def put(self) -> None:
        if self.kept:
            self.w.keep(self.f.pdf, self.key)
            return
        if self.data is None:
            assert self.future is not None
            self.data = self.future.result(TIMEOUT)
            self.w.cache.put(self.key, self.data)
        self.w.put(self.f.pdf, self.data, self.key)


class EarlyBook:
    """The handbook's PDF, typeset from the start of the build: it reads only the validated data, and its
    3–4 s of Typst run on the second core while this process makes the pages, flowcharts and codes (on an
    item edit it was most of the time the PDFs added). Not started when its PDF is in the cache."""

    def __init__(self, project: Project, site_url: str, cache_dir: Path, when: dt.datetime):
        self.documents = Documents(project, site_url, when)
        self.file = self.documents.handbook_file()
        cache = ArtefactCache(cache_dir, "paperwork")
        self.future: Future | None = None
        if not cache.path(digest(self.file.key, "pdf")).is_file():
            self.future = Future()
            threading.Thread(target=self._typeset, daemon=True).start()

    def _typeset(self) -> None:
        assert self.future is not None
        try:
            typst_pdf.in_background()
            self.future.set_result(self.file.make_pdf())
        except BaseException as exc:  # noqa: BLE001 - raised where the result is asked for
            self.future.set_exception(exc)


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


def _run(documents: Documents, jobs: list[_Job], in_worker: bool) -> list[Made]:
    """(A task) the departments' files made; in a worker, the memory given back after each (in this
    process a full collection over the build's objects cost 0.1 s for nothing)."""
    out = []
    for j in jobs:
        out.append(documents.department_files(j.code, j.ids, j.have, j.need_combined, j.forms))
        if in_worker:
            give_back_memory()
    return out


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


class _Step(NamedTuple):
    """One department's files: whether each is kept as it is in the docs, the cached bytes of the others
    (None: to be made), and its combined notices (with PDFs)."""

    dep: Department
    kept: set[str]  # "notices/items/<id>.docx" and "forms/items/<id>.docx" left as they are
    have: dict[str, bytes | None]
    have_forms: dict[str, bytes | None]
    combined_key: str | None  # None without PDFs: the combined file is only converted
    combined: bytes | None


def _plan(documents: Documents, w: MadeFiles, pdf: bool) -> tuple[list[_Step], list[_Job]]:
    """Per department: what the docs and the cache have of its notices, combined file and forms; and the
    jobs for what they lack."""
    plan, jobs = [], []
    for dep in documents.departments():
        combined_key = dep.combined_key if pdf else None
        combined = w.cache.get(combined_key) if combined_key else None
        need_combined = combined_key is not None and combined is None
        kept = {
            rel
            for rel, key in (
                *((notice_file(i), k) for i, k in dep.notices.items() if not need_combined),
                *((form_file(i), k) for i, k in dep.forms.items()),
            )
            if w.same(rel, key)
        }
        have = {i: w.cache.get(k) for i, k in dep.notices.items() if notice_file(i) not in kept}
        have_forms = {i: w.cache.get(k) for i, k in dep.forms.items() if form_file(i) not in kept}
        plan.append(_Step(dep, kept, have, have_forms, combined_key, combined))
        todo = list(dep.notices) if need_combined else [i for i, v in have.items() if v is None]
        job = _Job(dep.code, todo, have, need_combined, [i for i, v in have_forms.items() if v is None])
        if job.todo or job.need_combined:
            jobs.append(job)
    return plan, jobs


def _typeset(
    plan: list[_Step], results: dict[str, Made], pool: ThreadPoolExecutor
) -> dict[str, Future[bytes]]:
    """The departments' notice PDFs not in the cache, typeset in `pool` from the sources the workers made
    (two at a time: the engine lets go of the interpreter while it works)."""
    todo = {}
    for step in plan:
        made = results.get(step.dep.code)
        if step.combined is None and made is not None and made.combined is not None:
            todo[step.dep.code] = pool.submit(typst_pdf.compile_source, made.combined)
    return todo


def _put_department(w: MadeFiles, step: _Step, made: Made | None, typeset: dict[str, Future[bytes]]) -> None:
    """A department's notices and forms into the docs (and the new ones into the cache); with PDFs (a
    combined key), the PDF of all its notices, from the cache or typeset now."""
    new = made or Made({}, None, {})
    for file_of, key_of, old, fresh in (
        (notice_file, step.dep.notices, step.have, new.notices),
        (form_file, step.dep.forms, step.have_forms, new.forms),
    ):
        for item_id, key in key_of.items():
            rel = file_of(item_id)
            if rel in step.kept:
                w.keep(rel, key)
                continue
            data = old[item_id]
            if data is None:
                data = fresh[item_id]
                w.cache.put(key, data)
            w.put(rel, data, key)
    if step.combined_key is None:  # without PDFs
        return
    combined = step.combined
    if combined is None:
        combined = typeset[step.dep.code].result(TIMEOUT)  # a department without it had a job
        w.cache.put(step.combined_key, combined)
    w.put(step.dep.pdf, combined, step.combined_key)


def _bundles(documents: Documents, w: MadeFiles, pool: ThreadPoolExecutor | None) -> list[Callable[[], Path]]:
    """Each bundle's form and notice; with PDFs (a `pool` to typeset them in, while this thread goes on),
    what puts each PDF once typeset."""
    later = []
    for f in documents.bundle_files():
        w.cached(f.rel, f.key, f.make)
        if pool is not None:
            later.append(w.cached_later(f.pdf, digest(f.key, "pdf"), f.make_pdf, pool, TIMEOUT))
    return later


def _summary(documents: Documents, files: list[str], docs: Path) -> dict:
    pdf_pages = {}
    hb = docs / FOLDER / "handbook.pdf"
    if hb.is_file():
        pdf_pages["handbook"] = _page_count(hb.read_bytes())
    return {
        "folder": FOLDER,
        "staff": f"{STAFF}/",
        "files": sorted(files),
        **documents.counts(),
        "pages": pdf_pages,
    }


def _page_count(data: bytes) -> int:
    m = re.findall(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)", data)
    return max((int(x) for x in m), default=0)

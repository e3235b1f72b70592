"""The window's paperwork, generated from the validated Project by `stdkit build` into <site>/paperwork/:

    forms/<bundle>.docx|.pdf          一表申请: each 一事联办's merged application form
    forms/items/<item>.docx           an item's own form (items whose data lists form fields)
    notices/items/<item>.docx         一次性告知单 of every item
    notices/by-department/<dept>.pdf  the department's notices in one PDF, one bookmark per item
    notices/bundles/<bundle>.docx|.pdf
    handbook.docx|.pdf                全科受理手册
and the staff's offline web section staff/ (not in the citizens' menu).

Word files are cached by a digest of what they are made from; PDFs come from LibreOffice in one session
for all files (toolkit/office/pdf.py docx_to_pdfs), cached by the Word file's digest. A file is written
only when its bytes change (it keeps its modification time otherwise), one the last build left as it was
and made from the same inputs is not even read, and a file no longer produced is removed (`_Writer`).
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

from ..core.atomic import write_atomic
from ..core.cachedir import digest
from ..core.project import Project
from ..core.store import ArtefactCache, DocsTree
from ..office.pdf import Conversion
from . import forms, handbook, notice, web
from .guard import check_xml_safe

FOLDER, STAFF = "paperwork", "staff"
_SOURCES = [  # the code the paperwork's files depend on: a change makes them again
    *sorted(Path(__file__).parent.glob("*.py")),
    *(
        Path(__file__).parents[1] / rel
        for rel in ("office/qrcode.py", "core/urls.py", "office/ooxml.py", "office/docx_kit.py")
    ),
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


RECORD = "files-record"  # the paperwork cache's entry: what each file of the last build was made from


class _Writer:
    """The files under docs/paperwork, each with its key (a digest of what it is made from). A file whose key
    and state on disk (size, modification time) equal the last build's record is left as it is, unread;
    another is written only when its bytes differ, so an unchanged file keeps its modification time (the
    site engine then sees it unchanged); `finish` removes every file this build did not produce. With no
    record (`full`, a first or failed build) every file is compared; with `full` every file is written."""

    def __init__(self, docs: Path, cache: ArtefactCache, record: dict[str, list], *, full: bool = False):
        self.docs, self.cache, self.record, self.full = docs, cache, record, full
        self.tree = DocsTree(docs / FOLDER)
        self.keys: dict[str, str] = {}

    @property
    def files(self) -> list[str]:
        return [f"{FOLDER}/{rel}" for rel in self.keys]

    def same(self, rel: str, key: str) -> bool:
        """Is the file as the last build left it, made from the same inputs?"""
        old = self.record.get(rel)
        if old is None or old[0] != key:
            return False
        try:
            st = (self.docs / FOLDER / rel).stat()
        except OSError:
            return False
        return old[1:] == [st.st_size, st.st_mtime_ns]

    def keep(self, rel: str, key: str) -> Path:
        """The file stays as it is (and its cache entry stays in the cache)."""
        self.cache.keep(key)
        self.tree.written.add(rel)
        self.keys[rel] = key
        return self.docs / FOLDER / rel

    def put(self, rel: str, data: bytes, key: str) -> Path:
        if self.full:
            write_atomic(self.docs / FOLDER / rel, data)
            self.tree.written.add(rel)
        else:
            self.tree.write(rel, data)
        self.keys[rel] = key
        return self.docs / FOLDER / rel

    def cached(self, rel: str, key: str, make) -> Path:
        if self.same(rel, key):
            return self.keep(rel, key)
        data = self.cache.get(key)
        if data is None:
            data = make()
            self.cache.put(key, data)
        return self.put(rel, data, key)

    def finish(self) -> bytes:
        """Remove what this build did not produce; the record of this build's files."""
        self.tree.prune()
        _remove_empty_folders(self.docs / FOLDER)
        files = {}
        for rel, key in sorted(self.keys.items()):
            st = (self.docs / FOLDER / rel).stat()
            files[rel] = [key, st.st_size, st.st_mtime_ns]
        return json.dumps({"docs": str(self.docs), "files": files}, ensure_ascii=False).encode()


def _remove_empty_folders(root: Path) -> None:
    """Folders left empty by `prune` (a build from empty caches has none)."""
    for top, _dirs, _names in os.walk(root, topdown=False):
        if Path(top) != root and not os.listdir(top):
            os.rmdir(top)


def _last_record(cache: ArtefactCache, docs: Path, full: bool) -> dict[str, list]:
    """The files of the last build into `docs` (empty when there is none to trust); the record is removed
    until this build has succeeded."""
    data = cache.read(RECORD)
    cache.path(RECORD).unlink(missing_ok=True)
    if full or data is None:
        return {}
    try:
        record = json.loads(data)
        files = record["files"] if record["docs"] == str(docs) else {}
    except (ValueError, KeyError, TypeError):
        return {}
    return files if isinstance(files, dict) else {}


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
    result = _make(
        project, docs, site_url, cache, pdf=pdf, when=when, ctx=ctx, everything=everything, full=full
    )
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
    full: bool,
) -> dict:
    w = _Writer(docs, cache, _last_record(cache, docs, full), full=full)
    hb = _Handbook(project, w, digest(everything, "handbook"), ctx)
    plan, jobs = _plan(project, w, ctx, pdf)
    todo = sum(j.todo for j in jobs) + hb.todo
    timings: dict[str, float] = {}
    result: dict = {"notices": [], "pdf": False}
    conversions: list = []
    t0 = time.perf_counter()
    _FORKED.update(project=project, site_url=site_url, when=when)
    try:
        with tempfile.TemporaryDirectory(prefix="stdkit-notices-") as tmp, _workers(todo) as pool:
            # the handbook first: the longest conversion runs in its own LibreOffice while the rest is made
            hb.start(pool)
            parts = [pool.apply_async(_run, (c,)) for c in _chunks(jobs, 4)] if pool else []
            path = hb.put()
            timings["handbook"] = time.perf_counter() - t0
            pdfs = Path(tmp) / "pdf"  # converted here, then into the docs when their bytes changed
            conversions = [_start_pdfs([(path, pdfs / "handbook.pdf")], when)] if pdf else []
            to_pdf = _bundles(project, w, ctx, site_url, when)
            made = [r for part in parts for r in part.get(TIMEOUT)] if pool else _run(jobs)
            results = dict(zip((j.code for j in jobs), made))
            for step in plan:
                to_pdf += _put_department(w, Path(tmp), step, results.get(step.code), pdf)
            timings["items"] = time.perf_counter() - t0
            if pdf:
                t3 = time.perf_counter()
                pairs = [(docx, pdfs / rel) for docx, rel in to_pdf]
                conversions.append(_start_pdfs(pairs, when, sessions=2))  # many pages: two cores
                _finish_pdfs(conversions, w, pdfs, result)
                timings["pdf"] = time.perf_counter() - t3
    finally:
        _FORKED.clear()
        for c in conversions:
            c.stop()  # a failed build leaves no LibreOffice running
    staff = DocsTree(docs / STAFF)
    for rel, md in web.pages(project, site_url, pdf=result["pdf"]):
        staff.write(Path(rel).relative_to(STAFF).as_posix(), md.encode("utf-8"))
    staff.prune()
    record = w.finish()
    result.update(_summary(project, w.files, docs))
    result["timings"] = {k: round(v, 2) for k, v in timings.items()}
    cache.put(RECORD, record)
    return result


class _Handbook:
    """The handbook's Word file: kept, taken from the cache, or made (in a worker when there is a pool) from
    its department parts in the cache (handbook.Parts) and those made again."""

    def __init__(self, project: Project, w: _Writer, key: str, ctx: str):
        self.w, self.key = w, key
        self.kept = w.same("handbook.docx", key)
        self.data = None if self.kept else w.cache.get(key)
        self.pending = None
        self.salt = digest(ctx, "handbook-part")  # what each part reads besides its items
        self.todo = 0  # items whose part is to be made (its other parts take little time)
        if not self.kept and self.data is None:
            parts = handbook.department_parts(project, self.salt)
            self.todo = 1 + sum(len(p[3]) for p in parts if not w.cache.path(p[1]).is_file())

    def start(self, pool) -> None:
        if pool and self.todo:
            self.pending = pool.apply_async(_handbook, (self.w.cache, self.salt))

    def put(self) -> Path:
        if self.kept:
            return self.w.keep("handbook.docx", self.key)
        if self.data is None:
            self.data, made, used = (
                self.pending.get(TIMEOUT) if self.pending else _handbook(self.w.cache, self.salt)
            )
            self.w.cache.keep(*used)
            for key, part in made.items():
                self.w.cache.put(key, part)
            self.w.cache.put(self.key, self.data)
        return self.w.put("handbook.docx", self.data, self.key)


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


def _handbook(cache: ArtefactCache, salt: str) -> tuple[bytes, dict[str, bytes], list[str]]:
    """The handbook's bytes, its parts made now and the keys of all its parts."""
    parts = handbook.Parts(salt, cache.read)
    data = handbook.handbook_docx(_FORKED["project"], _FORKED["when"], parts)
    give_back_memory()
    return data, parts.made, parts.used


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


class _Step(NamedTuple):
    """One department's files: item id -> cache key of its notice and form, whether each is kept as it is in
    the docs, the cached bytes of the others (None: to be made), and its combined notices (with PDFs)."""

    code: str
    keys: dict[str, str]
    form_keys: dict[str, str]
    kept: set[str]  # "notices/items/<id>.docx" and "forms/items/<id>.docx" left as they are
    have: dict[str, bytes | None]
    have_forms: dict[str, bytes | None]
    combined_key: str | None  # None without PDFs: the combined file is only converted
    combined: bytes | None


def _plan(project: Project, w: _Writer, ctx: str, pdf: bool) -> tuple[list[_Step], list[_Job]]:
    """Per department: the cache keys of its notices, combined file and forms with what the docs and the
    cache have; and the jobs for what they lack."""
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
        combined_key = digest(*keys.values(), "combined", code) if pdf else None
        combined = w.cache.get(combined_key) if combined_key else None
        need_combined = combined_key is not None and combined is None
        kept = {
            f"{folder}/{i}.docx"
            for folder, key_of in (("notices/items", keys), ("forms/items", form_keys))
            for i, k in key_of.items()
            if w.same(f"{folder}/{i}.docx", k) and not (need_combined and folder == "notices/items")
        }
        have = {i: w.cache.get(k) for i, k in keys.items() if f"notices/items/{i}.docx" not in kept}
        have_forms = {i: w.cache.get(k) for i, k in form_keys.items() if f"forms/items/{i}.docx" not in kept}
        plan.append(_Step(code, keys, form_keys, kept, have, have_forms, combined_key, combined))
        todo = ids if need_combined else [i for i, v in have.items() if v is None]
        job = _Job(code, todo, have, need_combined, [i for i, v in have_forms.items() if v is None])
        if job.todo or job.need_combined:
            jobs.append(job)
    return plan, jobs


def _put_department(w: _Writer, tmp: Path, step: _Step, made: tuple | None, pdf: bool) -> list:
    """A department's notices and forms into the docs (and the new ones into the cache); with PDFs, its
    combined notices into tmp, to convert: [(Word file, the PDF's path under the paperwork folder)]."""
    new_notices, new_combined, new_forms = made or ({}, None, {})
    for folder, key_of, old, new in (
        ("notices/items", step.keys, step.have, new_notices),
        ("forms/items", step.form_keys, step.have_forms, new_forms),
    ):
        for item_id, key in key_of.items():
            rel = f"{folder}/{item_id}.docx"
            if rel in step.kept:
                w.keep(rel, key)
                continue
            data = old[item_id]
            if data is None:
                data = new[item_id]
                w.cache.put(key, data)
            w.put(rel, data, key)
    if not pdf:
        return []
    combined = step.combined
    if combined is None:
        assert new_combined is not None and step.combined_key  # a department without it had a job
        combined = new_combined
        w.cache.put(step.combined_key, combined)
    path = tmp / f"{step.code}.docx"
    path.write_bytes(combined)
    return [(path, f"notices/by-department/{step.code}.pdf")]


def _bundles(project: Project, w: _Writer, ctx: str, site_url: str, when: dt.datetime) -> list:
    """Each bundle's form and notice: [(Word file, its PDF's path under the paperwork folder)]."""
    to_pdf: list[tuple[Path, str]] = []
    for b in project.bundles.values():
        for kind, make in (("forms", forms.bundle_form), ("notices/bundles", notice.bundle_notice)):
            path = w.cached(
                f"{kind}/{b.id}.docx",
                digest(
                    ctx, kind, b.model_dump_json(), *(i.model_dump_json() for i in project.bundle_items(b))
                ),
                lambda make=make, b=b: make(project, b, site_url, when),
            )
            to_pdf.append((path, f"{kind}/{b.id}.pdf"))
    return to_pdf


def _start_pdfs(pairs: list[tuple[Path, Path]], when: dt.datetime, sessions: int = 1):

    for _, pdf in pairs:
        pdf.parent.mkdir(parents=True, exist_ok=True)
    return Conversion(pairs, when, sessions=sessions)


def _finish_pdfs(conversions: list, w: _Writer, folder: Path, result: dict) -> None:
    """The converted PDFs (made under `folder`) into the docs, all or none: the staff pages link them all."""
    answers = [c.wait() for c in conversions]
    failed = next((message for ok, message in answers if not ok), None)
    if failed is not None:
        result["notices"].append(f"提示：{failed}窗口文书只生成了 Word 文件。")
        return
    result["pdf"] = True
    for c in conversions:
        for pdf in c.pdfs:
            rel = pdf.relative_to(folder).as_posix()
            w.put(rel, pdf.read_bytes(), "pdf")


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

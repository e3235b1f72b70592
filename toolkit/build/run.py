"""`stdkit build`: validate a county folder and build everything into one output folder, atomically.

Output (default <DIR>/site): the website, the standard's downloads under downloads/, printable QR lists
(HTML, PDF) under print/, and manifest.json. The new output is built in a sibling temporary folder and
swapped in at the end, so a failing or killed build leaves the previous output untouched. Generated
sources and rendered artefacts are cached in the user's cache folder (toolkit/core/cachedir.py; content hashes),
so nothing is written outside the output folder and a rebuild only regenerates what changed.
"""

from __future__ import annotations

import fcntl
import json
import shutil
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ..core import urls
from ..core.atomic import remove_stale, staged_dir, write_atomic
from ..core.cachedir import project_cache
from ..core.errors import Problem, StdkitError, file_error
from ..core.outdir import guard_out
from ..core.progress import Reporter, Silent
from ..core.site_settings import require_site_url
from ..core.store import ArtefactCache
from ..core.version import __version__
from ..core.workspace import Workspace
from ..site import (
    compress,
    flowchart,
    incremental,
    ledger,
    offline,
    posters,
    registry,
    shortlinks,
    uptodate,
    venues,
)
from ..site.mkdocs_config import site_config, source_date_epoch, write_config
from ..site.posters import PdfJobs
from . import paperwork
from .docs import Prepared, prepare
from .standard import build as build_standard
from .validate import checked_project


@dataclass
class BuildResult:
    out: Path
    manifest: dict
    notices: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    skipped: bool = False  # nothing changed since the last build into this output
    site: incremental.SiteBuild | None = None  # how the website was built (full or only the changed pages)


@contextmanager
def _locked(cache_dir: Path):
    cache_dir.mkdir(parents=True, exist_ok=True)
    with open(cache_dir / ".lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _files_under(folder: Path, base: Path) -> list[str]:
    return (
        sorted(p.relative_to(base).as_posix() for p in folder.rglob("*") if p.is_file())
        if folder.is_dir()
        else []
    )


def build(
    root: Path | str,
    out: Path | str | None = None,
    *,
    only: str | None = None,
    issue: bool = False,
    pdf: bool = True,
    project=None,
    full: bool = False,
    reporter: Reporter | None = None,
) -> BuildResult:
    """Build everything; `project` (already loaded) is for callers that construct the model themselves.
    `full`: rebuild every page, not only those whose sources changed (toolkit/site/incremental.py).
    `reporter` hears when each phase starts and ends (toolkit/core/progress.py); the build never prints.
    A failed write (disk full, read-only folder) is a located error; the previous output stays."""
    try:
        return _build(
            root,
            out,
            only=only,
            issue=issue,
            pdf=pdf,
            project=project,
            full=full,
            report=reporter or Silent(),
        )
    except OSError as exc:
        where = str(exc.filename or out or Path(root) / "site")
        raise file_error(
            file=where,
            code="out-write",
            message=f"写入失败：{exc.strerror or exc}。原有输出保持不变。",
            hint="请检查磁盘空间和输出文件夹的写权限。",
        ) from None


def _begin(report: Reporter, phase: str, shown: bool = True) -> float:
    """A phase starts (reported unless `shown` is false, e.g. no PDFs to wait for); its start time."""
    if shown:
        report.start(phase)
    return time.perf_counter()


def _done(report: Reporter, timings: dict[str, float], phase: str, since: float, shown: bool = True) -> None:
    timings[phase] = time.perf_counter() - since
    if shown:
        report.end(phase, timings[phase])


def _build(root, out, *, only, issue, pdf, project, full, report: Reporter) -> BuildResult:
    root = Path(root).resolve()
    # the county's files, each read once: hashed for the fingerprint, parsed by the loader, the standard …
    ws = Workspace.of(project) if project is not None else Workspace.open(root)
    out = Path(out).resolve() if out else root / "site"
    cache_dir = project_cache(root, "site")
    guard_out(root, out, replaces=True, ours=uptodate.built_before(cache_dir, out))
    timings: dict[str, float] = {}
    t0 = _begin(report, "load")
    mode = only or "all"
    # A rebuild whose inputs are all unchanged does nothing (only for builds from the sources themselves).
    stamp = (
        uptodate.fingerprint(ws.folder, out, {"only": only, "pdf": pdf})
        if project is None and not issue
        else None
    )
    if stamp is not None and not full and uptodate.is_current(cache_dir, mode, stamp, out):
        result = _unchanged(out, t0)
        report.end("load", result.timings["total"])
        return result
    project = checked_project(ws)  # everything `validate` and `lint` check, same messages
    settings = ws.settings
    if only != "standard":  # QR codes print the county's own address: refuse without it
        settings["site_url"] = require_site_url(ws.folder, settings["site_url"], project)
    _done(report, timings, "load", t0)
    with _locked(cache_dir), source_date_epoch() as epoch:
        remove_stale(out)
        if only == "standard":
            t5 = _begin(report, "standard")
            result = _standard_only(project, out, cache_dir, timings)
            _done(report, timings, "standard", t5)
            if stamp is not None:
                uptodate.record(cache_dir, mode, stamp, out)
            return result
        t1 = _begin(report, "prepare")
        early = paperwork.EarlyBook(project, settings["site_url"], cache_dir, _when(epoch)) if pdf else None
        jobs = PdfJobs(ArtefactCache(cache_dir, "pdf"), epoch) if pdf and posters.pdf_on() else None
        pdf_links = bool(jobs and jobs.available)
        prepared = prepare(project, settings, cache_dir, pdf_links=pdf_links, defer_standard=True)
        with _standard_pending(prepared):
            notices = [n for n in prepared.notices if not (issue and ledger.LEDGER in n)]
            if jobs is not None:
                notices += _submit_pdfs(jobs, project, prepared)
            _done(report, timings, "prepare", t1)
            timings.update(prepared.timings)
            t4 = _begin(report, "paperwork")
            papers = _paperwork(project, prepared, cache_dir, epoch, pdf, full, early)
            notices += papers.pop("notices")
            _done(report, timings, "paperwork", t4)
            # not in the manifest (it is reproducible): the time LibreOffice took
            timings["paperwork_pdf"] = papers.pop("timings").get("pdf", 0.0)
            shown = prepared.standard_job is not None
            t6 = _begin(report, "standard_pdf", shown=shown)
            prepared.finish_standard()  # LibreOffice laid out the standard's PDF meanwhile
            _done(report, timings, "standard_pdf", t6, shown=shown)
            out.parent.mkdir(parents=True, exist_ok=True)
            # the output this build replaces is kept in the cache and the next build starts from it
            with staged_dir(out, spare=cache_dir / "spare-output") as staging:
                t2 = _begin(report, "site")
                site = _site(project, settings, prepared, cache_dir, staging, full)
                _done(report, timings, "site", t2)
                t3 = _begin(report, "pdf_wait", shown=pdf_links)
                pdf_files = _write_pdfs(jobs, staging) if jobs is not None and pdf_links else {}
                _done(report, timings, "pdf_wait", t3, shown=pdf_links)
                manifest = _manifest(project, settings, prepared, staging, pdf_files)
                manifest["paperwork"] = papers
                text = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=False, default=str)
                write_atomic(staging / "manifest.json", (text + "\n").encode())
        if issue:  # only once the build succeeded: these URLs are now printed on the lists
            notices.append(_issue(project, settings["site_url"]))
        for c in prepared.caches + ([jobs.cache] if jobs else []):
            c.prune()
        if stamp is not None:
            uptodate.record(cache_dir, mode, stamp, out)
    timings["total"] = time.perf_counter() - t0
    return BuildResult(out, manifest, notices, timings, site=site)


@contextmanager
def _standard_pending(prepared: Prepared):
    """LibreOffice may still be making the standard's PDF: a step that fails meanwhile ends it."""
    try:
        yield
    finally:
        prepared.stop_standard()


def _submit_pdfs(jobs: PdfJobs, project, prepared: Prepared) -> list[str]:
    """Start typesetting each QR list that has a PDF of its own (Typst, in the background)."""
    for v in (v for v in prepared.venues if v.pdf_id == v.id):
        docs = posters.poster_documents(
            project, v, prepared.qrs, prepared.incomplete, site_url=prepared.site_url
        )
        jobs.submit(v.id, f"{v.title} 可办事项二维码清单", docs)
    return []


def _issue(project, site_url: str) -> str:
    """Register the QR addresses this build prints in the ledger (`--issue`)."""
    today = time.strftime("%Y-%m-%d", time.localtime())
    n = ledger.append(project.folder, project, ledger.read(project.folder), site_url, today)
    return f"已在 {ledger.LEDGER} 登记 {n} 个新印发的二维码网址。"


def _unchanged(out: Path, t0: float) -> BuildResult:
    """A build skipped because nothing changed since the last one into `out`."""
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    notice = "无改动：数据、标准文本和工具均未变化，输出已是最新，未重新生成。"
    return BuildResult(out, manifest, [notice], {"total": time.perf_counter() - t0}, skipped=True)


def _site(project, settings: dict, prepared: Prepared, cache_dir: Path, staging: Path, full: bool):
    """mkdocs into the site folder kept in the cache (only the changed pages when that gives the same
    result), then that folder into the new output."""
    cfg = site_config(
        settings,
        docs_dir=prepared.docs_dir,
        site_dir=cache_dir / "html",
        nav=prepared.nav(),
        not_in_nav=registry.hidden(),
        county_name=project.county.name,
    )
    site = incremental.build_site(cfg, write_config(cfg, cache_dir / "mkdocs.yml"), cache_dir, full=full)
    incremental.publish(cache_dir / "html", staging)
    shortlinks.serve_guides(staging, project)
    for name in offline.write(staging, cache_dir / "offline-hashes.json"):
        compress.write_one(staging / name, staging)
    return site


def _when(epoch: int):
    """The paperwork's date: the build's moment (SOURCE_DATE_EPOCH)."""
    import datetime as dt

    return dt.datetime.fromtimestamp(epoch, dt.UTC).replace(tzinfo=None)


def _paperwork(
    project, prepared: Prepared, cache_dir: Path, epoch: int, pdf: bool, full: bool, early
) -> dict:
    """一表申请, 一次性告知单 and the 全科受理手册 (what they say: toolkit/paperwork; how they are made:
    build/paperwork.py), into the docs before the site is built; `early`: the handbook's PDF begun."""
    return paperwork.build(
        project,
        prepared.docs_dir,
        prepared.site_url,
        cache_dir,
        pdf=pdf,
        when=_when(epoch),
        full=full,
        early=early,
    )


def _write_pdfs(jobs: PdfJobs, staging: Path) -> dict[str, str]:
    results = jobs.results()
    if jobs.errors:
        name, err = next(iter(jobs.errors.items()))
        raise StdkitError(
            [
                Problem(
                    file="（PDF 生成）",
                    line=0,
                    column=0,
                    path="",
                    code="pdf-failed",
                    message=f"二维码清单“{name}”的 PDF 生成失败：{err}",
                    hint="可设置环境变量 STDKIT_PDF=0 跳过 PDF；网页版清单仍可打印。",
                )
            ]
        )
    out = {}
    for name, data in results.items():
        rel = urls.poster_pdf(name)
        write_atomic(staging / rel, data)
        out[name] = rel
    return out


def _manifest(project, settings: dict, prepared: Prepared, site: Path, pdfs: dict[str, str]) -> dict:
    counts: dict[str, int] = {}
    for md in prepared.docs_dir.rglob("*.md"):
        top = (
            md.relative_to(prepared.docs_dir).parts[0]
            if len(md.relative_to(prepared.docs_dir).parts) > 1
            else "."
        )
        counts[top] = counts.get(top, 0) + 1
    return {
        "generator": f"stdkit {__version__}",
        "county": project.county.name,
        "site_url": prepared.site_url,
        "site_dir": ".",
        "pages": dict(sorted(counts.items())),
        "pages_total": sum(counts.values()),
        "items": len(project.items),
        "flowcharts": [{"id": k, "file": flowchart.file_of(v)} for k, v in sorted(prepared.flows.items())],
        "qr": [
            {"id": k, "url": url, "file": urls.qr_file(k), "short_page": urls.short_dir(k)}
            for k, (url, _svg) in sorted(prepared.qrs.items())
        ],
        "moved": [
            {"id": m.id, "name": m.name, "replaced_by": m.target, "note": m.note} for m in prepared.moved
        ],
        "posters": [
            {
                "venue": v.id,
                "title": v.title,
                "level": v.level,
                "items": len(v.item_ids),
                "codes": posters.codes_on(v, prepared.incomplete),
                "without_code": len(v.item_ids) - posters.codes_on(v, prepared.incomplete),
                "html": urls.poster_html(v.id),
                "pdf": pdfs.get(v.pdf_id),
            }
            for v in prepared.venues
        ],
        "station_lists": [  # one page per village station in its township's list (and PDF)
            {
                "station": sid,
                "title": venues.shown(project.villages[sid].name, project.villages[sid]),
                "township": project.villages[sid].township,
                "items": len(v.item_ids),
                "codes": posters.codes_on(v, prepared.incomplete),
                "without_code": len(v.item_ids) - posters.codes_on(v, prepared.incomplete),
                "html": f"{urls.poster_html(v.id)}#{sid}",
                "pdf": pdfs.get(v.pdf_id),
            }
            for v in prepared.venues
            if v.level == "村"
            for sid in v.sites
        ],
        "standard": (
            {
                "files": _files_under(site / "downloads", site),
                "pages": _files_under(prepared.docs_dir / "standard", prepared.docs_dir),
            }
            if prepared.standard is not None
            else None
        ),
        "conformance": prepared.conformance,
        "ledger": {"file": ledger.LEDGER, "exists": project.folder.path(ledger.LEDGER).is_file()},
    }


def _standard_only(project, out: Path, cache_dir: Path, timings: dict) -> BuildResult:
    docs = cache_dir / "standard-only"
    shutil.rmtree(docs, ignore_errors=True)
    out.mkdir(parents=True, exist_ok=True)
    remove_stale(out / "downloads")
    try:
        with staged_dir(out / "downloads") as staging:
            staging.mkdir()
            build_standard(project, docs, staging)
    finally:
        shutil.rmtree(docs, ignore_errors=True)
    # Keep the rest of the previous output; refresh the standard's part of its manifest.
    path = out / "manifest.json"
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        manifest = {}
    manifest["standard"] = {**(manifest.get("standard") or {}), "files": _files_under(out / "downloads", out)}
    write_atomic(path, (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode())
    return BuildResult(out, manifest, [], timings)

"""Generate the whole docs folder for the site engine from a Project: pages, flowcharts, QR codes,
short-URL pages, printable QR lists, dashboard, assets, and the standard/conformance sections.
Shared by `stdkit build` and `stdkit serve`."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..conformance import render_site_section
from ..core import guide, urls
from ..core.project import Project
from ..core.store import ArtefactCache, DocsTree, reset_dir
from ..office import qrcode as qr
from ..site import flowchart, ledger, posters, registry, search, shortlinks, theme_css, venues
from ..site.mkdocs_config import ASSETS, FAVICON, GUIDE_JS
from .standard import start as start_standard

if TYPE_CHECKING:
    from .standard import Job

FOREIGN = ("standard", "conformance", "downloads", "paperwork", "staff")


@dataclass
class Prepared:
    docs_dir: Path
    site_url: str
    flows: dict[str, bytes]
    qrs: dict[str, tuple[str, bytes]]
    venues: list
    posters: dict[str, str] = field(default_factory=dict)  # venue id -> print HTML
    moved: list = field(default_factory=list)
    standard: dict | None = None
    conformance: bool = False
    notices: list[str] = field(default_factory=list)
    incomplete: set[str] = field(default_factory=set)  # items whose guide shows 待补充: no code on paper
    changed: list[str] = field(default_factory=list)
    caches: list[ArtefactCache] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    standard_job: Job | None = None  # the standard's PDF still being made (prepare(defer_standard=True))

    def finish_standard(self) -> None:
        """Wait for the standard's PDF and write the pages that link it (a no-op when not deferred)."""
        job, self.standard_job = self.standard_job, None
        if job is not None:
            self.standard = job.finish() or {}

    def stop_standard(self) -> None:
        """The build failed before `finish_standard`: end LibreOffice, leave nothing behind."""
        job, self.standard_job = self.standard_job, None
        if job is not None:
            job.stop()

    def nav(self) -> list:
        """Citizens' menu first (life events one tap away); the staff documents in a section of their own."""
        nav: list = registry.menu()
        staff = []
        for folder, title in (("standard", "标准文本"), ("conformance", "符合性检查")):
            section = _section(self.docs_dir / folder, folder)
            if section:
                staff.append({title: section})
        if staff:
            nav.append({"工作人员专区": staff})
        return nav


def _section(folder: Path, prefix: str) -> list[str]:
    files = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.md")) if folder.is_dir() else []
    files.sort(key=lambda f: (f != "index.md", f))
    return [f"{prefix}/{f}" for f in files]


def _write_assets(tree: DocsTree, project: Project) -> None:
    """The site's own stylesheets, scripts, icon and search index (Material's theme files come with it)."""
    tree.write("assets/stdkit.css", (ASSETS / "stdkit.css").read_bytes())
    tree.write("assets/stdkit.js", (ASSETS / "stdkit.js").read_bytes())
    tree.write(GUIDE_JS, (ASSETS / "stdkit-guide.js").read_bytes())
    tree.write(theme_css.THEME_FILE, theme_css.theme_css())
    tree.write(FAVICON, (ASSETS / "stdkit-icon.svg").read_bytes())
    tree.write(search.WORKER_FILE, search.worker_js())
    tree.write(search.INDEX_FILE, search.index_json(project))


def prepare(
    project: Project,
    settings: dict,
    cache_dir: Path,
    *,
    pdf_links: bool,
    with_sections: bool = True,
    defer_standard: bool = False,
) -> Prepared:
    """`defer_standard`: return while LibreOffice still makes the standard's PDF; the caller must call
    `finish_standard()` (or `stop_standard()`) before the site engine reads the docs."""
    site_url = settings["site_url"]
    docs = cache_dir / "docs"
    entries = ledger.read(project.folder)
    moved = ledger.check(project, entries, site_url)
    tree = DocsTree(docs, foreign=FOREIGN)
    flow_cache, qr_cache = ArtefactCache(cache_dir, "flow"), ArtefactCache(cache_dir, "qr")

    _write_assets(tree, project)
    t0 = time.perf_counter()
    flows = flowchart.render_all(project, flow_cache)
    t1 = time.perf_counter()
    for item_id, svg in flows.items():
        tree.write(flowchart.file_of(svg), svg)  # one file per distinct chart: items share templates
    qrs = qr.render_all(project, site_url, qr_cache)
    t2 = time.perf_counter()
    for item_id, (_url, svg) in qrs.items():
        tree.write(urls.qr_file(item_id), svg)
    for path, html in shortlinks.all_pages(project, moved):
        tree.write(path, html)
    venue_list = venues.venues(project)
    prepared = Prepared(
        docs,
        site_url,
        flows,
        qrs,
        venue_list,
        moved=moved,
        caches=[flow_cache, qr_cache],
        timings={"flowcharts": t1 - t0, "qr": t2 - t1},
    )
    flow_files = {k: flowchart.file_of(v) for k, v in flows.items()}
    ctx = registry.Context(site_url, flow_files, venue_list, pdf_links)
    page_md = dict(registry.all_pages(project, ctx))
    for path, md in page_md.items():
        tree.write(path, md)
    # A printed code never leads to a page showing 待补充: such items are listed without a code.
    prepared.incomplete = {iid for iid, item in project.items.items() if not guide.complete(project, item)}
    for v in venue_list:
        html = posters.poster_html(project, v, qrs, prepared.incomplete)
        prepared.posters[v.id] = html
        tree.write(urls.poster_html(v.id), html)
    if prepared.incomplete:
        printed = {i for v in venue_list for i in v.item_ids}
        prepared.notices.append(
            f"二维码清单：{len(prepared.incomplete & printed)} 个事项的办事指南尚不完整（页面显示“{guide.PENDING}”），"
            "清单上只印名称并注明“指南完善中”，不印二维码；补全后重新构建即印上二维码。"
        )

    version = qr.largest_version(site_url, project.items)
    if version > qr.MAX_VERSION:
        prepared.notices.append(
            f"提示：网站地址 {site_url} 较长，二维码达到第 {version} 版（建议不超过第 {qr.MAX_VERSION} 版，"
            "印刷后更易扫描）；请在 mkdocs.yml 中使用更短的 site_url。"
        )
    unissued = ledger.unissued(project, entries, site_url)
    stations = ledger.unissued_stations(project, entries, site_url)
    if unissued or stations:
        parts = [f"{len(unissued)} 个事项"] if unissued else []
        parts += [f"{len(stations)} 个村（社区）便民服务站"] if stations else []
        prepared.notices.append(
            f"提示：{'、'.join(parts)}的二维码网址尚未登记到 {ledger.LEDGER}；印发二维码清单前请运行 stdkit build --issue 登记。"
        )
    tree.prune()  # before the sections (folders of their own): nothing can fail once LibreOffice runs
    prepared.changed = tree.changed
    if with_sections:
        t3 = time.perf_counter()
        write_sections(project, docs, prepared, defer=defer_standard)
        prepared.timings["standard_and_conformance"] = time.perf_counter() - t3
    return prepared


def write_sections(project: Project, docs: Path, prepared: Prepared, *, defer: bool = False) -> None:
    """The standard's text and downloads, and the conformance checklists, from their own modules. The
    checklists are made while LibreOffice lays out the standard's PDF; `defer`: return without waiting."""
    # paperwork/ and staff/ (also FOREIGN) are toolkit/paperwork's own: it remakes or keeps them
    for folder in ("standard", "conformance", "downloads"):
        reset_dir(docs / folder)
    if not project.folder.is_dir("standard"):
        # The checklists are derived from the standard's text: neither without it.
        prepared.notices.append("提示：数据文件夹中没有 standard/（标准文本源文件），网站不含标准文本。")
        return
    prepared.standard_job = start_standard(project, docs / "standard", docs / "downloads")
    try:
        render_site_section(project, docs)
    except BaseException:
        prepared.stop_standard()
        raise
    prepared.conformance = True
    if not defer:
        prepared.finish_standard()

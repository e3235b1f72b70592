"""Printable A4 QR lists ("清单扫描二维码"): one HTML page per venue (print CSS, a grid of item name + QR
code) and its PDF, described as document models and typeset by Typst in-process (a bookmark per venue or
site). PDFs are cached by content and made in background threads while the site engine runs."""

from __future__ import annotations

import pickle
import re
from concurrent.futures import Future, ThreadPoolExecutor
from functools import cache
from importlib.metadata import version

from markupsafe import Markup

from ..core import urls
from ..core.cachedir import digest
from ..core.guide import PENDING
from ..core.project import Project
from ..core.settings import current
from ..core.store import ArtefactCache
from ..office import model as m
from ..office import qrcode as qr
from ..office import typst_pdf
from .text import render_html
from .uptodate import toolkit_digest
from .venues import Venue, shown


def poster_html(
    project: Project,
    venue: Venue,
    qrs: dict[str, tuple[str, bytes]],
    incomplete: set[str] | frozenset = frozenset(),
) -> str:
    """The QR codes are inlined (the same SVG as qr/<id>.svg): Chromium prints a page of 1,341 inline
    codes in ~2 s but takes ~16 s for as many <img> files. Items in `incomplete` (their page shows 待补充)
    are listed at the end by name only: a printed code never leads to an empty guide."""
    if venue.sites:
        return sites_html(project, venue, qrs, incomplete)
    groups = [
        {
            "heading": h,
            "items": [
                {"name": project.items[i].name, "svg": Markup(qrs[i][1].decode()), "url": qrs[i][0]}
                for i in ids
                if i not in incomplete
            ],
        }
        for h, ids in venue.groups
    ]
    pending = [project.items[i].name for i in venue.item_ids if i in incomplete]
    return render_html(
        "poster.html.j2",
        venue=venue,
        county=project.county,
        groups=[g for g in groups if g["items"]],
        count=len(venue.item_ids),
        pending=pending,
    )


_SVG = re.compile(r'^<svg [^>]*viewBox="([0-9 .]+)"[^>]*>(.*)</svg>\s*$', re.DOTALL)


def _symbol(item_id: str, svg: bytes) -> Markup:
    """The published code as a <symbol>: each station page reuses it (`<use>`), so the document holds every
    code once however many stations it has."""
    m = _SVG.match(svg.decode())
    if m is None:
        raise ValueError(f"unexpected QR SVG for {item_id}")
    return Markup(f'<symbol id="q-{urls.safe_id(item_id)}" viewBox="{m.group(1)}">{m.group(2)}</symbol>')


def _contacts(project: Project, venue: Venue, site_id: str) -> tuple[str, list[str]]:
    """A printed page's heading and contact lines: a station's township, 代办员 phone and hours; a
    township centre's address, phone and hours — 待补充 where the data says nothing, never invented."""
    if venue.level == "村":
        st = project.villages[site_id]
        t = project.townships[st.township]
        agent = f"代办员：{st.agent}　" if st.agent else ""
        return shown(st.name, st), [
            f"所属乡镇：{t.town}（{shown(t.name, t)}）",
            f"{agent}代办员电话：{st.phone or PENDING}",
            f"开放时间：{st.hours or PENDING}",
        ]
    c = project.townships[site_id]
    return shown(c.name, c), [
        f"地址：{c.address or PENDING}",
        f"电话：{c.phone or PENDING}",
        f"办公时间：{c.hours or PENDING}",
    ]


def sites_html(
    project: Project, venue: Venue, qrs: dict[str, tuple[str, bytes]], incomplete: set[str] | frozenset
) -> str:
    """One A4 list per site (page break per site): its name and contacts, then the items by department
    and 办件量. Every code is defined once (a <symbol>) and used on each site's page."""
    groups = [
        {
            "heading": h,
            "items": [
                {"id": i, "name": project.items[i].name, "url": qrs[i][0]} for i in ids if i not in incomplete
            ],
        }
        for h, ids in venue.groups
    ]
    printed = [i for i in venue.item_ids if i not in incomplete]
    sites = []
    for site_id in venue.sites:
        name, lines = _contacts(project, venue, site_id)
        sites.append({"id": site_id, "name": name, "lines": lines})
    return render_html(
        "sites.html.j2",
        venue=venue,
        county=project.county,
        sites=sites,
        ask_at="本站" if venue.level == "村" else "本中心",
        symbols=[_symbol(i, qrs[i][1]) for i in sorted(printed)],
        groups=[g for g in groups if g["items"]],
        count=len(venue.item_ids),
        pending=[project.items[i].name for i in venue.item_ids if i in incomplete],
    )


def codes_on(venue: Venue, incomplete: set[str]) -> int:
    """How many codes the venue's list prints."""
    return sum(1 for i in venue.item_ids if i not in incomplete)


COLUMNS, CODE_MM = 4, 30  # the printed grid: four codes of 30 mm a row, as the web page's
CELL_MM = 190 / COLUMNS
NAME = m.Style(12)
SUB = m.Style(9)
GROUP = m.Style(14, "hei")
POSTER_TITLE = m.Style(16, "song", bold=True)
STATION_CODE_MM = 24  # a station's own code, beside the words that say what it opens


def _grid(project: Project, ids: list[str], qrs: dict[str, tuple[str, bytes]]) -> m.Table:
    cells = [
        m.Cell((m.QR(qrs[i][0], CODE_MM), m.Para(project.items[i].name, NAME, align="center"))) for i in ids
    ]
    cells += [m.Cell()] * (-len(cells) % COLUMNS)
    rows = [m.Row(tuple(cells[n : n + COLUMNS])) for n in range(0, len(cells), COLUMNS)]
    return m.Table((CELL_MM,) * COLUMNS, tuple(rows))


def _pending(names: list[str], tip: str) -> list[m.Block]:
    names += [""] * (-len(names) % 3)
    rows = tuple(
        m.Row(tuple(m.Cell.text(n, NAME) for n in names[k : k + 3])) for k in range(0, len(names), 3)
    )
    return [
        m.Para(
            f"办事指南完善中的事项（{len([n for n in names if n])} 项，暂不印二维码）",
            GROUP,
            before=8,
            after=4,
            keep_next=True,
        ),
        m.Para(tip, SUB, after=3, keep_next=True),
        m.Table((190 / 3,) * 3, rows, grid=False),
    ]


def _station_code(site_url: str, station_id: str) -> list[m.Block]:
    """A village station's own code (registered in the QR ledger): it opens the station's page — its phone,
    hours and items — and a guide reached from there shows the station's phone and hours."""
    words = (
        m.Para("本站二维码", GROUP, after=2),
        m.Para(
            "扫码打开本站页面：本站电话、开放时间和可办事项；从本站页面打开的办事指南也显示本站电话。", SUB
        ),
    )
    code = m.QR(urls.station_url(site_url, station_id), STATION_CODE_MM)
    row = m.Row((m.Cell((code,)), m.Cell(words)))
    return [m.Table((STATION_CODE_MM + 4, 190 - STATION_CODE_MM - 4), (row,), grid=False)]


def poster_documents(
    project: Project,
    venue: Venue,
    qrs: dict[str, tuple[str, bytes]],
    incomplete: set[str] | frozenset = frozenset(),
    *,
    site_url: str,
) -> list[m.Document]:
    """The printed list as document models (toolkit/office/model.py), the same words as its web page: one
    document for a venue, one a site (its own contacts) for a township's centres or its village stations
    (with the station's own code, `site_url` its address)."""
    groups = [(h, [i for i in ids if i not in incomplete]) for h, ids in venue.groups]
    body: list[m.Block] = []
    for heading, ids in groups:
        if ids:
            body += [
                m.Para(f"{heading}（{len(ids)} 项）", GROUP, before=8, after=4, keep_next=True),
                _grid(project, ids, qrs),
            ]
    pending = [project.items[i].name for i in venue.item_ids if i in incomplete]
    hotline = project.county.hotline
    if not venue.sites:
        intro = (
            f"{project.county.name}政务服务 · 共 {len(venue.item_ids)} 个事项 · 用手机扫描二维码，"
            f"查看办事指南（受理条件、材料清单、流程图）。政务服务热线 {hotline}"
        )
        if pending:
            body += _pending(
                pending, f"以下事项可以办理，办事指南正在完善：请到窗口咨询或拨打政务服务热线 {hotline}。"
            )
        title = f"{venue.title} 可办事项二维码清单"
        head = [m.Para(title, POSTER_TITLE, after=3), m.Para(intro, SUB, after=4)]
        return [m.Document(title, (*head, *body), bookmark=venue.title, margin_mm=10)]
    ask_at = "本站" if venue.level == "村" else "本中心"
    if pending:
        body += _pending(
            pending, f"以下事项可以办理，办事指南正在完善：请到{ask_at}咨询或拨打政务服务热线 {hotline}。"
        )
    intro = (
        f"{project.county.name}政务服务 · 共 {len(venue.item_ids)} 个事项，按部门、办件量排列 · "
        f"用手机扫描二维码，查看办事指南。政务服务热线 {hotline}"
    )
    out = []
    for site_id in venue.sites:
        name, lines = _contacts(project, venue, site_id)
        head = [m.Para(f"{name} 可办事项二维码清单", POSTER_TITLE, after=3)]
        head += [m.Para(line, SUB) for line in lines]
        code = _station_code(site_url, site_id) if venue.level == "村" else []
        blocks = (*head, *code, m.Para(intro, SUB, after=4), *body)
        out.append(m.Document(f"{name} 可办事项二维码清单", blocks, bookmark=name, margin_mm=10))
    return out


@cache
def model_key() -> bytes:
    """What turns a list's documents into its PDF besides the documents: the toolkit's code (the writer,
    the code encoder), the engine's and the encoder's versions."""
    return toolkit_digest() + f"typst {version('typst')}\0{qr.ENCODER}".encode()


def pdf_on() -> bool:
    """Whether the QR lists get PDFs (STDKIT_PDF=0: only their printable pages)."""
    return current().pdf


class PdfJobs:
    """Typeset the QR lists' PDFs in the background (Typst, toolkit/office/typst_pdf.py, in threads: the
    engine lets go of the interpreter while it works); `results` waits for them. Cached by content."""

    def __init__(self, cache: ArtefactCache, epoch: int, workers: int = 2):
        self.cache = cache
        self.epoch = epoch  # kept for the callers; Typst's PDFs carry no date
        self.pool = ThreadPoolExecutor(max_workers=workers)
        self.jobs: dict[str, Future | bytes] = {}
        self.errors: dict[str, str] = {}

    @property
    def available(self) -> bool:
        return True

    def submit(self, name: str, title: str, documents: list[m.Document]) -> None:
        """Keyed by the documents themselves (pickled: the models are frozen values, a block the stations
        share pickled once) and the code that writes them: an unchanged list is neither written as Typst
        markup nor its codes encoded (on an item edit that was ~1 s for lists that did not change)."""
        key = digest("poster-pdf-typst-v2", model_key(), title, pickle.dumps(documents, protocol=5))
        cached = self.cache.get(key)
        if cached is not None:
            self.jobs[name] = cached
            return
        self.jobs[name] = self.pool.submit(self._print, documents, title, key)

    def _print(self, documents: list[m.Document], title: str, key: str) -> bytes:
        typst_pdf.in_background()
        data = typst_pdf.to_pdf(documents, title)
        self.cache.put(key, data)
        return data

    def results(self) -> dict[str, bytes]:
        out = {}
        for name, job in self.jobs.items():
            if isinstance(job, bytes):
                out[name] = job
                continue
            try:
                out[name] = job.result()
            except (RuntimeError, OSError, typst_pdf.TypstError) as exc:  # costs the PDF, never the site
                self.errors[name] = str(exc) or type(exc).__name__
        self.pool.shutdown(wait=True)
        return out

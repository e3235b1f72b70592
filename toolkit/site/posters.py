"""Printable A4 QR lists ("清单扫描二维码"): one HTML page per venue (print CSS, a grid of item name + QR
code) and, where Chromium is installed, a PDF of it made with `--print-to-pdf`. PDFs are cached by content
and made in background threads while the site engine runs."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import time
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from markupsafe import Markup

from ..core import urls
from ..core.cachedir import digest
from ..core.guide import PENDING
from ..core.project import Project
from ..core.settings import current
from ..core.store import ArtefactCache
from .text import render_html
from .venues import Venue, shown

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-pdf-header-footer",
    "--hide-scrollbars",
)
_PDF_DATE = re.compile(rb"/(CreationDate|ModDate) \(D:\d{14}[^)]*\)")


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


def chromium() -> str | None:
    settings = current()
    if not settings.pdf:
        return None
    explicit = settings.chromium
    if explicit:
        return explicit if Path(explicit).exists() else None
    return next((p for p in map(shutil.which, CHROMIUM_NAMES) if p), None)


def fixed_dates(pdf: bytes, epoch: int) -> bytes:
    """Chromium stamps the current time; replace it (same length, so offsets stay valid)."""
    stamp = time.strftime("%Y%m%d%H%M%S", time.gmtime(epoch)).encode()

    def sub(m: re.Match) -> bytes:
        old = m.group(0)
        new = b"/" + m.group(1) + b" (D:" + stamp + b"+00'00')"
        return new.ljust(len(old), b" ") if len(new) <= len(old) else old

    return _PDF_DATE.sub(sub, pdf)


class PdfJobs:
    """Print HTML files to PDF in the background (two at a time); `results` waits for them."""

    def __init__(self, cache: ArtefactCache, epoch: int, workers: int = 2):
        self.cache = cache
        self.epoch = epoch
        self.browser = chromium()
        self.pool = ThreadPoolExecutor(max_workers=workers) if self.browser else None
        self.jobs: dict[str, Future | bytes] = {}
        self.errors: dict[str, str] = {}

    @property
    def available(self) -> bool:
        return self.browser is not None

    def submit(self, name: str, html_file: Path, html_text: str, inputs: str) -> None:
        key = digest("poster-pdf-v1", html_text, inputs)
        cached = self.cache.get(key)
        if cached is not None:
            self.jobs[name] = cached
            return
        if self.pool is None:
            raise RuntimeError("PdfJobs.submit without a PDF engine (check `available` first)")
        self.jobs[name] = self.pool.submit(self._print, html_file, key)

    def _print(self, html_file: Path, key: str) -> bytes:
        assert self.browser is not None  # jobs are submitted only when a browser was found
        self.cache.dir.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=self.cache.dir, prefix=".chromium-") as tmp:
            out = Path(tmp) / "out.pdf"
            cmd = [
                self.browser,
                *CHROMIUM_ARGS,
                f"--user-data-dir={tmp}/profile",
                f"--print-to-pdf={out}",
                html_file.resolve().as_uri(),
            ]
            # Lower priority: the site engine, running meanwhile, decides the build's wall time.
            nice = shutil.which("nice")
            proc = subprocess.run(
                [nice, "-n", "5", *cmd] if nice else cmd, capture_output=True, timeout=300, check=False
            )
            if proc.returncode != 0 or not out.is_file():
                raise RuntimeError(proc.stderr.decode(errors="replace").strip()[-400:])
            data = fixed_dates(out.read_bytes(), self.epoch)
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
            except (
                RuntimeError,
                OSError,
                subprocess.SubprocessError,
            ) as exc:  # costs the PDF, never the site
                self.errors[name] = str(exc) or type(exc).__name__
        if self.pool:
            self.pool.shutdown(wait=True)
        return out

"""Helpers for the website tests: a local HTTP server on a built site and a Chromium launched through
playwright with the Debian browser (never `playwright install`)."""

from __future__ import annotations

import functools
import gzip
import http.server
import shutil
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    hits: list[str] | None = None  # set by `serve(site, hits)`: every requested path, in order

    def log_message(self, *args):  # keep pytest output clean
        pass

    def send_head(self):
        if self.hits is not None:
            self.hits.append(self.path)
        return super().send_head()


class _QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):  # a browser closing a connection early is not a failure
        pass


@contextmanager
def serve(site: Path, hits: list[str] | None = None):
    """Serve `site` on 127.0.0.1 (a free port) in a thread; yields the base URL ending in '/'. Every path the
    server is asked for (from the network, not from the browser's cache) is appended to `hits` if given."""
    handler = functools.partial(type("_Handler", (_QuietHandler,), {"hits": hits}), directory=str(site))
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


def gzip_sizes(site: Path, base: str, urls: list[str]) -> dict[str, int]:
    """Each requested file of the site (by URL under `base`) and its size gzip-compressed (level 6)."""
    files = {u.split("#")[0].split("?")[0] for u in urls if u.startswith(base)}
    paths = [site / (u.removeprefix(base) or "index.html") for u in files]
    paths = [p / "index.html" if p.is_dir() else p for p in paths]
    return {p.relative_to(site).as_posix(): len(gzip.compress(p.read_bytes(), 6)) for p in paths}


def first_load(browser, site: Path, base: str, path: str, viewport: dict) -> dict[str, int]:
    """What a phone with an empty cache downloads to show `path` (every request, also the workers'), each
    file's gzip size; the page is left open for 0.5 s after the network is idle (late requests count)."""
    context = browser.new_context(viewport=viewport)
    urls: list[str] = []
    context.on("requestfinished", lambda r: urls.append(r.url))
    try:
        page = context.new_page()
        page.goto(base + path, wait_until="networkidle")
        page.wait_for_timeout(500)
    finally:
        context.close()
    return gzip_sizes(site, base, urls)


def launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


@pytest.fixture(scope="session")
def site_build(small_county, tmp_path_factory):
    """One build of the small generated county (no PDFs: the QR-list PDF has its own test)."""
    from toolkit.build import build

    county = tmp_path_factory.mktemp("site") / "county"
    shutil.copytree(small_county, county, ignore=shutil.ignore_patterns(".stdkit-cache", "site"))
    result = build(county, county.parent / "out", pdf=False)
    return county, result


@pytest.fixture(scope="session")
def jianshi_site(tmp_path_factory):
    """One build of the bundled Jianshi data (the real item names citizens search for), served locally:
    (base URL, site folder, project). No PDFs; the standard is there so that the staff section exists."""
    from toolkit.build import build
    from toolkit.core.load import load_project

    root = Path(__file__).resolve().parent.parent
    county = tmp_path_factory.mktemp("jianshi") / "county"
    shutil.copytree(root / "items", county / "items")
    for extra in ("flowcharts", "published", "standard", "mkdocs.yml"):
        src = root / extra
        if src.is_dir():
            shutil.copytree(src, county / extra)
        elif src.is_file():
            shutil.copy2(src, county / extra)
    result = build(county, county.parent / "out", pdf=False)
    with serve(result.out) as base:
        yield base, result.out, load_project(county)


@pytest.fixture(scope="session")
def site_server(site_build):
    """The built site on a local HTTP server: (base URL, site folder)."""
    with serve(site_build[1].out) as base:
        yield base, site_build[1].out


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = launch(p)
        yield b
        b.close()


def typeset_list(project, venue_id: str, site_url: str, cache_dir: Path) -> bytes:
    """A QR list's PDF typeset as the build does (run.py _submit_pdfs): the shared site fixtures build
    without PDFs, so the tests that read one make it here from the same document models."""
    from toolkit.core import guide, urls
    from toolkit.core.store import ArtefactCache
    from toolkit.office import qrcode as qr
    from toolkit.site import posters, venues

    venue = next(v for v in venues.venues(project) if v.id == venue_id)
    qrs = {i: (urls.short_url(site_url, i), qr.svg_bytes(urls.short_url(site_url, i))) for i in project.items}
    incomplete = {i for i, item in project.items.items() if not guide.complete(project, item)}
    jobs = posters.PdfJobs(ArtefactCache(cache_dir, "pdf"), epoch=0)
    jobs.submit(
        venue.id,
        f"{venue.title} 可办事项二维码清单",
        posters.poster_documents(project, venue, qrs, incomplete, site_url=site_url),
    )
    pdf = jobs.results()[venue.id]
    assert not jobs.errors, jobs.errors
    return pdf

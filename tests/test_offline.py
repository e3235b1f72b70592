"""Guides that open without signal (issue #31), in real Chromium with the network switched off
(context.set_offline) on a copy of the small county's built site: a guide opened once opens offline with a
banner; "离线保存本站事项" keeps every guide on a station's list; after a rebuild that changes one guide the
new text shows and saving again downloads only that guide (cache entries keyed by content hash)."""

from __future__ import annotations

import json
import shutil

import pytest
from sitehelp import serve

from toolkit.site import offline

PHONE = {"width": 360, "height": 740}
KEPT = "() => caches.open('stdkit-offline').then(c => c.keys()).then(k => k.map(r => r.url))"


def test_the_build_writes_the_worker_and_the_content_hashes(site_build):
    out = site_build[1].out
    files = json.loads((out / offline.MAP).read_text(encoding="utf-8"))["files"]
    item = min(p.parent.name for p in (out / "items").glob("*/index.html"))
    assert f"items/{item}/" in files and f"g/{item}/" in files and "assets/stdkit.css" in files
    assert files[f"items/{item}/"] == files[f"g/{item}/"]  # the QR address is the same page
    assert not [p for p in files if p.startswith(("print/", "downloads/"))]
    worker = (out / offline.WORKER).read_text(encoding="utf-8")
    assert (
        "__VERSION__" not in worker
        and "importScripts" not in worker
        and "http" not in worker.split("*/", 1)[1]
    )


def _h1(page) -> str:
    return page.locator("h1").first.inner_text()


@pytest.fixture
def station(site_build, tmp_path):
    """A copy of the built site (it is changed: a rebuild) and a village-station page with its guides."""
    site = tmp_path / "site"
    shutil.copytree(site_build[1].out, site)
    villages = min(p.parent.name for p in (site / "venues").glob("*-villages/index.html"))
    return site, f"venues/{villages}/"


def test_guides_open_without_signal_and_a_rebuild_refreshes_only_what_changed(station, browser):
    site, list_page = station
    hits: list[str] = []
    with serve(site, hits) as base:
        context = browser.new_context(viewport=PHONE)
        page = context.new_page()
        try:
            page.goto(base + list_page, wait_until="networkidle")
            guides = page.eval_on_selector_all(
                ".md-content a[href*='/items/']", "as => [...new Set(as.map(a => new URL(a.href).pathname))]"
            )
            assert len(guides) >= 3, guides
            opened, *others = guides
            page.goto(base + opened.lstrip("/"), wait_until="networkidle")
            name = _h1(page)
            page.wait_for_function(f"({KEPT})().then(k => k.some(u => u.includes('{opened}?v=')))")
            assert not [h for h in hits if "offline.json" in h]  # a first visit downloads no map
            context.set_offline(True)
            page.reload(wait_until="load")
            assert _h1(page) == name
            assert page.locator(".stdkit-offline").is_visible()
            assert "没有网络" in page.locator(".stdkit-offline").inner_text()
            page.goto(base + others[0].lstrip("/"), wait_until="load")
            assert "没有网络" in _h1(page)  # never opened, not saved: said plainly
            context.set_offline(False)

            page.goto(base + list_page, wait_until="networkidle")
            page.get_by_role("button", name="离线保存本站事项").click()
            page.wait_for_function(
                "document.querySelector('.stdkit-save-status').textContent.includes('已保存')"
            )
            context.set_offline(True)
            for path in guides:
                page.goto(base + path.lstrip("/"), wait_until="load")
                assert "没有网络" not in _h1(page), path
            context.set_offline(False)

            # The county rebuilds: one guide changed, the others did not.
            changed = site / others[0].strip("/") / "index.html"
            changed.write_text(changed.read_text("utf-8").replace("办事要点", "办事要点（已更新）"), "utf-8")
            offline.write(site)
            page.goto(base + list_page, wait_until="networkidle")
            hits.clear()
            page.get_by_role("button", name="离线保存本站事项").click()
            page.wait_for_function(
                "document.querySelector('.stdkit-save-status').textContent.includes('已保存')"
            )
            fetched = [h for h in hits if "/items/" in h]
            assert fetched == [others[0]], fetched
            context.set_offline(True)
            page.goto(base + others[0].lstrip("/"), wait_until="load")
            assert "办事要点（已更新）" in page.content()
            context.set_offline(False)
            page.goto(base + others[0].lstrip("/"), wait_until="load")
            assert "办事要点（已更新）" in page.content()
        finally:
            context.close()


def test_the_map_reads_again_only_the_files_a_build_wrote_anew(tmp_path, monkeypatch):
    """With the last build's record, a file with the size, time and inode recorded is not read; a page
    written anew (a new file, as mkdocs writes one) is; the map equals one made reading everything."""
    from pathlib import Path

    site = tmp_path / "site"
    for name in ("a", "b"):
        (site / "items" / name).mkdir(parents=True)
        (site / "items" / name / "index.html").write_text(f"<p>{name}</p>", encoding="utf-8")
    known: dict[str, list] = {}
    assert offline.hashes(site, known) == offline.hashes(site) and len(known) == 2
    changed = site / "items/b/index.html"
    changed.unlink()
    changed.write_text("<p>b 改</p>", encoding="utf-8")
    read: list[str] = []
    original = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda p: read.append(p.name + p.parent.name) or original(p))
    again = offline.hashes(site, known)
    assert read == ["index.htmlb"]
    monkeypatch.undo()
    assert again == offline.hashes(site) and again["items/b/"] != again["items/a/"]

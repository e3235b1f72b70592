"""QR codes: every published code, rasterised by Chromium, decodes (zxing-cpp) to its item's short URL,
that URL resolves on a local server and leads to the item page; the printed list carries the same codes;
level Q and version ≤ 4 for the default site_url; the printable list becomes a PDF."""

from __future__ import annotations

import base64
import io
import re
import subprocess
import urllib.request

import zxingcpp
from PIL import Image
from sitehelp import typeset_list

from toolkit.core import urls
from toolkit.core.site_settings import EXAMPLE_SITE_URL
from toolkit.office import qrcode as qr

# Draw an SVG file onto a canvas at 6 px per module and return its grey levels (base64), as a phone would see it.
RASTERISE = """async ([src, size]) => {
  const img = new Image(); img.src = src; await img.decode();
  const c = document.createElement('canvas'); c.width = size; c.height = size;
  const g = c.getContext('2d'); g.drawImage(img, 0, 0, size, size);
  const d = g.getImageData(0, 0, size, size).data; let s = '';
  for (let i = 0; i < d.length; i += 4) s += String.fromCharCode(Math.round((d[i] + d[i+1] + d[i+2]) / 3));
  return btoa(s);
}"""


def _decode(grey: bytes, size: int) -> list[str]:
    return [b.text for b in zxingcpp.read_barcodes(memoryview(grey).cast("B", (size, size)))]


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as resp:
        assert resp.status == 200
        return resp.read().decode("utf-8")


def test_every_published_code_decodes_to_its_url_which_resolves(site_server, site_build, browser):
    base, site = site_server
    manifest = site_build[1].manifest
    page = browser.new_page()
    page.goto(base + "404.html")
    for entry in manifest["qr"]:
        svg = (site / entry["file"]).read_text(encoding="utf-8")
        modules = int(re.search(r'viewBox="0 0 (\d+) ', svg).group(1))
        size = modules * 6
        grey = base64.b64decode(page.evaluate(RASTERISE, [base + entry["file"], size]))
        assert _decode(grey, size) == [entry["url"]], entry["id"]
        # The URL resolves locally to the guide itself (no redirect hop), pointing to its long address.
        local = base + entry["url"].removeprefix(manifest["site_url"])
        short = _get(local)
        assert "http-equiv" not in short and "<h1" in short
        canonical = f'<link rel="canonical" href="{manifest["site_url"]}items/{entry["id"]}/">'
        assert canonical in short
    page.close()


def test_short_url_serves_the_guide_in_one_document_request(site_server, site_build, browser):
    base, _ = site_server
    entry = site_build[1].manifest["qr"][0]
    page = browser.new_page()
    documents: list[str] = []
    page.on("request", lambda r: documents.append(r.url) if r.resource_type == "document" else None)
    page.goto(base + urls.short_dir(entry["id"]), wait_until="networkidle")
    assert documents == [base + urls.short_dir(entry["id"])]  # no refresh, no redirect
    assert page.url == base + urls.short_dir(entry["id"])
    assert page.locator("h1").first.is_visible()
    assert page.locator("img.stdkit-flow").evaluate("i => i.complete && i.naturalWidth > 0")
    page.close()


def test_printed_lists_carry_the_published_codes(site_build):
    site = site_build[1].out
    manifest = site_build[1].manifest
    files = {q["id"]: (site / q["file"]).read_text(encoding="utf-8") for q in manifest["qr"]}
    for poster in manifest["posters"]:
        html = (site / poster["html"]).read_text(encoding="utf-8")
        if '<section class="site"' in html:  # one page per centre or station: each code defined once
            assert len(re.findall(r"<symbol id=", html)) == poster["codes"]
            continue
        svgs = re.findall(r"<svg .*?</svg>", html, re.DOTALL)
        assert len(svgs) == poster["codes"] and poster["codes"] + poster["without_code"] == poster["items"]
        assert set(svgs) <= {svg.strip() for svg in files.values()}
    county = next(p for p in manifest["posters"] if p["level"] == "县级")
    assert county["items"] == manifest["items"]


def test_level_q_and_version_4_for_the_default_site_url():
    longest = "a" * 16  # the longest short id the schema allows
    code = qr.make(urls.short_url(EXAMPLE_SITE_URL, longest))
    assert code.error == "Q" and code.version <= qr.MAX_VERSION
    svg = qr.svg_bytes("https://zw.jianshi.gov.cn/g/abc/").decode()
    assert 'fill="#fff"' in svg  # white light modules: a transparent code fails once rasterised
    # The Word files' PNG holds the same modules as the SVG: it decodes to the address at level Q.
    url = "https://zw.jianshi.gov.cn/g/abc/"
    png = Image.open(io.BytesIO(qr.png_bytes(url)))
    assert png.size == ((qr.make(url).size + 8) * 6,) * 2
    found = zxingcpp.read_barcodes(png)
    assert [(b.text, b.ec_level) for b in found] == [(url, "Q")]
    assert f'viewBox="0 0 {qr.make(url).size + 8} ' in svg


def test_printable_list_becomes_a_pdf(site_build, tmp_path):
    """A built site's station list as the build typesets it (Typst): no date in it, its words readable."""
    from toolkit.core.load import load_project

    county, result = site_build
    poster = next(p for p in result.manifest["posters"] if p["level"] == "村")
    pdf = typeset_list(load_project(county), poster["venue"], result.manifest["site_url"], tmp_path)
    assert pdf.startswith(b"%PDF") and b"CreationDate" not in pdf and b"ModDate" not in pdf
    (tmp_path / "list.pdf").write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "list.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = re.sub(
        r"\s+", "", text
    )  # Typst spaces Latin digits from Chinese (全县 20 个村): pdftotext reads a space
    assert re.sub(r"\s+", "", poster["title"]) in flat and "二维码清单" in flat

"""The guide as a citizen meets it, in real Chromium at 360 px on the bundled Jianshi site: legible
flowcharts with a zoom view and a way back, tel: links, checklist ticks that survive a reload, Chinese
interface text, and axe-core (no serious/critical). What a page weighs: tests/test_page_weight.py."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from sitehelp import typeset_list
from test_flowchart import CLOSING, rendered_lines, smallest_text_px

PHONE = {"width": 360, "height": 740}
AXE_PAGES = ["", "items/ga-csdj/", "bundles/kai-lvdian/", "venues/jianshi-smzj/", "dashboard/"]


@pytest.fixture(scope="module")
def phone(browser):
    context = browser.new_context(viewport=PHONE, device_scale_factor=1)
    page = context.new_page()
    yield page
    context.close()


def test_every_flowchart_is_legible_at_360_px(jianshi_site, phone):
    base, site, _ = jianshi_site
    phone.goto(base + "items/ga-lgtx/", wait_until="networkidle")
    displayed = phone.locator("img.stdkit-flow").evaluate("i => i.getBoundingClientRect().width")
    assert 300 <= displayed <= 340, displayed
    charts = sorted((site / "flow").glob("*.svg"))
    assert len(charts) > 20
    worst = min((smallest_text_px(p.read_text(encoding="utf-8"), displayed), p.name) for p in charts)
    assert worst[0] >= 12, worst
    for p in charts:
        lines = rendered_lines(p.read_text(encoding="utf-8"))
        assert not [ln for ln in lines if ln and ln[0] in CLOSING], p.name
        assert not [ln for ln in lines if re.search(r"\d$", ln)], p.name  # a number never loses its unit


def test_tap_opens_a_zoom_view_with_a_way_back(jianshi_site, phone):
    base, _, _ = jianshi_site
    phone.goto(base + "items/ga-lgtx/", wait_until="networkidle")
    chart = phone.locator("img.stdkit-flow")
    chart.scroll_into_view_if_needed()
    chart.click()
    zoom = phone.locator("#flow-zoom")
    assert zoom.is_visible() and phone.url.endswith("#flow-zoom")
    big = phone.locator("#flow-zoom img").evaluate("i => i.getBoundingClientRect().width")
    assert big > PHONE["width"]  # natural size: larger than the phone, scrollable
    phone.locator("#flow-zoom a.stdkit-zoom__back").click()
    assert not zoom.is_visible()
    chart.click()
    phone.go_back()  # the phone's back button closes the view too
    assert not zoom.is_visible()


def test_every_item_page_has_a_phone_number_to_tap(jianshi_site):
    _, site, project = jianshi_site
    missing = [
        iid
        for iid in project.items
        if not re.search(r'href="tel:[0-9+]{3,}"', (site / "items" / iid / "index.html").read_text("utf-8"))
    ]
    assert not missing, missing[:10]


def _facts_before_flow(html: str) -> list[str]:
    """What of fee and time limit does not stand in the facts box above the flowchart."""
    box = re.search(r'<div class="stdkit-facts">(.*?)</div>', html, re.DOTALL)
    flow = html.find('id="flow"')
    if box is None or (flow >= 0 and box.start() > flow):
        return ["no facts box above the flowchart"]
    return [w for w in ("<strong>收费</strong>", "<strong>办理时限</strong>") if w not in box.group(1)]


def test_facts_first_and_no_staff_words_on_any_citizen_page(jianshi_site):
    """Every guide (item and 一件事) opens with the facts a person came for — what to bring, fee, time
    limit, visits, where, phone — before the flowchart; no citizen page uses the window's role names."""
    from toolkit.site import plain

    _, site, project = jianshi_site
    guides = [f"items/{i}/index.html" for i in project.items] + [
        f"bundles/{b}/index.html" for b in project.bundles
    ]
    late = {g: bad for g in guides if (bad := _facts_before_flow((site / g).read_text("utf-8")))}
    assert not late, list(late.items())[:5]
    words = plain.staff_only()
    assert "受理岗" in words and "（政府部门核发）" in words
    staff = (
        "staff/",
        "standard/",
        "dashboard/",
        "conformance/",
        "downloads/",
    )  # downloads/: the 编制说明 page
    found = {
        page.relative_to(site).as_posix(): [w for w in words if w in text]
        for page in site.rglob("*.html")
        if not page.relative_to(site).as_posix().startswith(staff)
        and any(w in (text := page.read_text("utf-8")) for w in words)
    }
    assert not found, list(found.items())[:5]


def test_checklist_is_labelled_and_ticks_persist(jianshi_site, phone):
    base, _, _ = jianshi_site
    phone.goto(base + "items/ga-csdj/", wait_until="networkidle")
    boxes = phone.get_by_role("checkbox", name=re.compile("^已准备好：居民户口簿"))
    assert boxes.count() == 1
    boxes.scroll_into_view_if_needed()
    drawn = boxes.bounding_box()  # tap where the box is drawn (the theme draws it over the input)
    phone.mouse.click(drawn["x"] + drawn["width"] / 2, drawn["y"] + drawn["height"] / 2)
    assert boxes.is_checked()
    phone.reload(wait_until="networkidle")
    assert phone.get_by_role("checkbox", name=re.compile("^已准备好：居民户口簿")).is_checked()
    assert not phone.get_by_role("checkbox", name=re.compile("^已准备好：结婚证")).is_checked()


ENGLISH = re.compile(r"Made with|Material for MkDocs|Not found|\b\d+(\.\d)?k\b|Search|Back to top|Skip to")


def test_interface_text_is_chinese(jianshi_site, phone):
    base, _, _ = jianshi_site
    for path in ["", "items/ga-csdj/", "bundles/kai-lvdian/", "does-not-exist/"]:
        phone.goto(base + (path if path != "does-not-exist/" else "404.html"), wait_until="networkidle")
        text = phone.locator("body").inner_text()
        assert not ENGLISH.search(text), (path, ENGLISH.search(text).group(0))
    assert "没有找到这个页面" in phone.locator("h1").first.inner_text()


def test_axe_finds_no_serious_or_critical_violation(jianshi_site, phone):
    from axe_playwright_python.sync_playwright import Axe

    base, _, _ = jianshi_site
    axe = Axe()
    problems = {}
    for path in AXE_PAGES:
        phone.goto(base + path, wait_until="networkidle")
        result = axe.run(phone)
        bad = [
            (v["id"], len(v["nodes"]))
            for v in result.response["violations"]
            if v.get("impact") in ("serious", "critical")
        ]
        if bad:
            problems[path or "/"] = bad
    assert not problems, problems


def test_bundle_page_in_citizen_order(jianshi_site):
    _, site, _ = jianshi_site
    html = (site / "bundles/kai-lvdian/index.html").read_text(encoding="utf-8")
    order = [html.index(f">{h}</h2>") for h in ("办事要点", "要带的材料", "到哪里办", "办理流程")]
    assert order == sorted(order)
    details = [
        html.index("<summary>一张申请表：要填的内容</summary>"),
        html.index("<summary>改革前后</summary>"),
    ]
    assert order[-1] < details[0] < details[1]  # the form folded, the before/after comparison last
    assert 'href="tel:' in html and 'class="stdkit-flow"' in html and "<th>类型</th>" not in html


def test_citizen_life_events_one_tap_from_home_and_staff_documents_apart(jianshi_site, phone):
    base, _, _ = jianshi_site
    phone.goto(base, wait_until="networkidle")
    phone.locator("article a", has_text="个人办事").first.click()
    phone.wait_for_load_state("networkidle")
    assert phone.url == base + "lifecycle/citizen/"
    nav = phone.locator("nav.md-nav--primary").first.inner_text()
    assert "工作人员专区" in nav
    primary = phone.locator("nav.md-nav--primary > ul > li > a, nav.md-nav--primary > ul > li > label")
    top = [t.strip() for t in primary.all_inner_texts()]
    assert "标准文本" not in top and "符合性检查" not in top, top


def _pgm_pages(pdf: Path, dpi: int = 150) -> list[tuple[int, int, bytes]]:
    """The PDF's pages as 8-bit grey images (poppler's pdftoppm)."""
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", str(pdf), str(pdf.with_suffix(""))], check=True)
    pages = []
    for f in sorted(pdf.parent.glob(pdf.stem + "-*.pgm")):
        data = f.read_bytes()
        header = re.match(rb"P5\s+(\d+)\s+(\d+)\s+\d+\s", data)
        assert header is not None, f.name
        pages.append((int(header.group(1)), int(header.group(2)), data[header.end() :]))
    return pages


def test_printed_codes_never_lead_to_a_pending_guide(jianshi_site, tmp_path):
    import zxingcpp

    _, site, project = jianshi_site
    manifest = json.loads((site / "manifest.json").read_text(encoding="utf-8"))
    poster = next(p for p in manifest["posters"] if p["venue"] == "all-villages")
    assert poster["without_code"] > 0 and poster["codes"] > 0  # the bundled data has both kinds
    pdf = tmp_path / "list.pdf"  # typeset as the build does, from the same document models
    pdf.write_bytes(typeset_list(project, "all-villages", manifest["site_url"], tmp_path / "cache"))
    found = set()
    for width, height, pixels in _pgm_pages(pdf):
        image = memoryview(pixels[: width * height]).cast("B", (height, width))
        found |= {b.text for b in zxingcpp.read_barcodes(image)}
    assert len(found) == poster["codes"], (len(found), poster["codes"])
    for url in found:
        page = site / url.removeprefix(manifest["site_url"]) / "index.html"
        assert "待补充" not in page.read_text(encoding="utf-8"), url
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "暂不印二维码" in text and f"{poster['without_code']} 项" in text

"""长辈版 and large phone text, in real Chromium on the small generated county (issue #31): the switch is on
every page in the same place and remembered on the phone; with it on, body text ≥ 24 px at 360 px, text
contrast ≥ 7:1, tap targets ≥ 48 px, no horizontal scroll, the flow as numbered steps and wide tables as
cards. Separately, at 320×740 with the phone's text at 200 % (Chromium's default font size doubled through
CDP), no horizontal page scroll and no cut title."""

from __future__ import annotations

import pytest

PHONE = {"width": 360, "height": 740}
SMALL = {"width": 320, "height": 740}

# Every visible text's contrast against the background it stands on, and every visible tap target's size.
MEASURE = """() => {
  const rgb = s => (s.match(/[\\d.]+/g) || []).map(Number);
  const lum = c => { const [r, g, b] = c.slice(0, 3).map(v => { v /= 255; return v <= .03928 ? v / 12.92 : ((v + .055) / 1.055) ** 2.4; });
                     return .2126 * r + .7152 * g + .0722 * b; };
  const seen = el => { const r = el.getBoundingClientRect(), s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && r.right > 0 && r.left < innerWidth && s.visibility !== "hidden" && s.opacity !== "0"
      && !el.closest(".md-search, .md-sidebar, [hidden], .stdkit-zoom, .md-skip, .md-top, .md-dialog"); };
  const bg = el => { for (; el; el = el.parentElement) { const c = rgb(getComputedStyle(el).backgroundColor);
    if (c.length === 3 || c[3] > 0.5) return c; } return [255, 255, 255]; };
  const low = [], small = [];
  for (const el of document.querySelectorAll("body *")) {
    if (!seen(el)) continue;
    const text = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (text) { const back = bg(el), c = rgb(getComputedStyle(el).color), al = c.length > 3 ? c[3] : 1;
      const a = lum(c.slice(0, 3).map((v, i) => al * v + (1 - al) * back[i])), b = lum(back);
      const ratio = (Math.max(a, b) + .05) / (Math.min(a, b) + .05);
      if (ratio < 7) low.push([el.tagName, el.textContent.trim().slice(0, 12), +ratio.toFixed(2)]); }
    if (el.matches("a[href], button, summary, label[for], .task-list-control")) {
      const r = el.getBoundingClientRect();
      if (r.height < 47.5 || r.width < 47.5) small.push([el.tagName, el.textContent.trim().slice(0, 12), Math.round(r.width), Math.round(r.height)]); }
  }
  const body = [...document.querySelectorAll(".md-typeset p, .md-typeset li")].filter(seen)
    .map(e => parseFloat(getComputedStyle(e).fontSize));
  return { low, small, body: Math.min(...body), scroll: document.documentElement.scrollWidth - innerWidth };
}"""


@pytest.fixture(scope="module")
def pages(site_build):
    """Home, a guide, a 一件事, a township's village-station list, the venues and a station's own page."""
    out = site_build[1].out
    item = min(p.parent.name for p in (out / "items").glob("*/index.html"))
    bundle = min(p.parent.name for p in (out / "bundles").glob("*/index.html"))
    villages = min(p.parent.name for p in (out / "venues").glob("*-villages/index.html"))
    station = min(p.parent.name for p in (out / "stations").glob("*/index.html"))
    return [
        "",
        f"items/{item}/",
        f"bundles/{bundle}/",
        f"venues/{villages}/",
        "venues/",
        f"stations/{station}/",
    ]


def test_every_page_has_the_switch_in_the_header(site_build):
    _, result = site_build
    pages = list(result.out.rglob("*.html"))
    without = [
        p for p in pages if "md-container" in (t := p.read_text("utf-8")) and "stdkit-elder-switch" not in t
    ]
    assert len(pages) > 50 and not without, without[:5]


def test_the_switch_is_remembered_and_the_page_is_readable(site_server, browser, pages):
    base, _ = site_server
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    try:
        page.goto(base + pages[1], wait_until="networkidle")
        switch = page.locator("header .stdkit-elder-switch")
        assert switch.inner_text() == "长辈版" and switch.get_attribute("aria-pressed") == "false"
        standard = page.evaluate(MEASURE)  # the measure sees what 长辈版 changes
        assert standard["small"] and standard["body"] < 24, standard
        switch.click()
        assert switch.get_attribute("aria-pressed") == "true"
        problems = {}
        for path in pages:  # a new page load: the choice is kept on the phone
            page.goto(base + path, wait_until="networkidle")
            assert page.evaluate("document.documentElement.classList.contains('stdkit-elder')"), path
            m = page.evaluate(MEASURE)
            if m["low"] or m["small"] or m["body"] < 24 or m["scroll"] > 0:
                problems[path] = m
        assert not problems, problems
        page.goto(base + pages[1], wait_until="networkidle")
        assert page.locator("img.stdkit-flow").first.is_hidden()
        step = page.locator(".stdkit-steps li").first
        assert (
            step.is_visible() and float(step.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) >= 24
        )
        page.goto(base + pages[3], wait_until="networkidle")
        cell = page.locator(".md-typeset table td").first
        assert cell.evaluate("e => getComputedStyle(e).display") == "block"
        assert page.locator(".md-typeset table thead").first.is_hidden()
        assert cell.evaluate("e => getComputedStyle(e, '::before').content").strip('"').endswith("：")
        page.locator("header .stdkit-elder-switch").click()  # and off again, also remembered
        page.reload(wait_until="networkidle")
        assert not page.evaluate("document.documentElement.classList.contains('stdkit-elder')")
    finally:
        context.close()


def test_phone_text_at_200_percent_on_320_px_keeps_titles_whole_without_sideways_scroll(
    site_server, browser, pages
):
    base, _ = site_server
    context = browser.new_context(viewport=SMALL)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Page.setFontSizes", {"fontSizes": {"standard": 32, "fixed": 26}})
    problems = {}
    try:
        for path in pages:
            page.goto(base + path, wait_until="networkidle")
            m = page.evaluate(
                """() => ({
                  body: parseFloat(getComputedStyle(document.querySelector('.md-typeset')).fontSize),
                  scroll: document.documentElement.scrollWidth - innerWidth,
                  cut: [...document.querySelectorAll('.md-header__topic:not([hidden]) .md-ellipsis, h1, h2')]
                    .filter(e => e.getBoundingClientRect().width > 0 && e.offsetParent !== null)
                    .filter(e => e.scrollWidth > e.clientWidth + 1 || e.getBoundingClientRect().right > innerWidth + 1)
                    .map(e => e.textContent.trim()),
                  switch: document.querySelector('header .stdkit-elder-switch').getBoundingClientRect().right <= innerWidth,
                })"""
            )
            if m["body"] < 30 or m["scroll"] > 0 or m["cut"] or not m["switch"]:
                problems[path] = m
    finally:
        context.close()
    assert not problems, problems

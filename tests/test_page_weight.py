"""What a phone downloads, in real Chromium on the bundled Jianshi site: an item page's first load (every
request, gzip) within 75 KB and without the search index (70 KB until the offline service worker of issue
#31 — about 3 KB — joined the first load); the index comes once, when the search box is
used, and search finds what it found before. The theme's reduced stylesheet (toolkit/site/theme_css.py)
gives every element the same computed style as Material's full main + palette stylesheets."""

from __future__ import annotations

import re

import pytest
from sitehelp import first_load, serve

from toolkit.site import search, theme_css

PHONE = {"width": 360, "height": 740}
FIRST_LOAD_LIMIT = 75 * 1024  # 70 KB plus the offline service worker (sw.js, ~3 KB gzip)
# every element's computed style (not custom properties), with ::before and ::after, as one FNV-1a hash each
STYLE_HASHES = """() => { const out = [];
  for (const e of document.querySelectorAll('*')) for (const pseudo of [null, '::before', '::after']) {
    const s = getComputedStyle(e, pseudo); let h = 2166136261;
    for (let i = 0; i < s.length; i++) {
      if (s[i].startsWith('--')) continue;
      const kv = s[i] + ':' + s.getPropertyValue(s[i]) + ';';
      for (let j = 0; j < kv.length; j++) { h ^= kv.charCodeAt(j); h = Math.imul(h, 16777619); }
    }
    out.push([e.tagName + '.' + e.getAttribute('class') + (pseudo || ''), h >>> 0]);
  } return out; }"""
DOM_CLASSES = "() => [...new Set([...document.querySelectorAll('[class]')].flatMap(e => [...e.classList]))]"


def test_reduced_stylesheet_drops_only_rules_that_cannot_match():
    css = (
        ".a{color:red}.md-post .b{color:red}"
        "@media screen{.md-tabs{x:1}.c,.md-version__link,.md-tabs--active .d{x:2}}"
        "@media print{.md-consent{x:3}}"
        ":not(.md-post)>p{x:4}.e:is(.md-tabs,.f){x:5}a[href$='.md-post']{x:6}"
        "[data-md-color-primary=red] .g{x:7}[data-md-color-primary=blue] .h{x:8}"
        '@keyframes k{0%{x:9}to{x:10}}.i{background:url("data:,{}.md-post")}'
    )
    palette = {"scheme": "default", "primary": "blue", "accent": "blue"}
    assert theme_css.reduce_css(css, palette) == (
        ".a{color:red}@media screen{.c{x:2}}"
        ":not(.md-post)>p{x:4}.e:is(.md-tabs,.f){x:5}a[href$='.md-post']{x:6}"
        "[data-md-color-primary=blue] .h{x:8}"
        '@keyframes k{0%{x:9}to{x:10}}.i{background:url("data:,{}.md-post")}'
    )


def test_material_stylesheets_read_back_whole_when_nothing_is_dropped(monkeypatch):
    """The parser loses nothing of the theme's real files: with no component dropped they come out as they are."""
    monkeypatch.setattr(theme_css, "UNUSED", ())
    for stem in ("main", "palette"):
        css = theme_css._material_file(stem).read_text(encoding="utf-8")
        kept = re.sub(r"/\*# sourceMappingURL=[^*]*\*/", "", css)
        assert theme_css.reduce_css(css, {}) == kept


def test_no_page_carries_a_dropped_class(jianshi_site, site_build):
    for site in (jianshi_site[1], site_build[1].out):
        used = set()
        for page in site.rglob("*.html"):
            for attr in re.findall(r'class="([^"]*)"', page.read_text(encoding="utf-8")):
                used.update(attr.split())
        assert len(used) > 50
        assert not [c for c in used if theme_css.unused_class(c)], site


def test_item_page_first_load_within_70_kb_without_search_index(jianshi_site, browser):
    """A phone opening a guide from a QR code: page, theme, chart, QR, the search worker, icon — no index."""
    base, site, _ = jianshi_site
    first = first_load(browser, site, base, "items/ga-csdj/", PHONE)
    assert theme_css.THEME_FILE in first and "assets/stdkit-search.js" in first, sorted(first)
    assert search.INDEX_FILE not in first, sorted(first)
    assert not [f for f in first if "palette" in f or f.endswith(".png") or "/main." in f], sorted(first)
    total = sum(first.values())
    assert total <= FIRST_LOAD_LIMIT, (total, sorted(first.items(), key=lambda kv: -kv[1])[:6])


def test_search_fetches_the_index_once_when_used(jianshi_site, browser):
    _, site, _ = jianshi_site
    hits: list[str] = []
    context = browser.new_context(viewport=PHONE)
    try:
        with serve(site, hits) as base:
            page = context.new_page()
            page.goto(base + "items/mz-dbsp/", wait_until="networkidle")
            assert not [h for h in hits if h.endswith(search.INDEX_FILE)], hits
            page.locator("label.md-search__icon, label[for=__search]").first.click()
            box = page.locator("input.md-search__input")
            box.fill("出生")
            box.dispatch_event("keyup")
            page.wait_for_selector(".md-search-result__item")
            top = page.eval_on_selector_all(
                ".md-search-result__item > a.md-search-result__link",
                "as => as.map(a => new URL(a.href).pathname)",
            )[:3]
            box.fill("低保")
            box.dispatch_event("keyup")
            page.wait_for_function(
                "() => document.querySelector('.md-search-result__item a').href.includes('mz-')"
            )
            page.wait_for_timeout(500)
    finally:
        context.close()
    assert "/items/ga-csdj/" in top, top  # as tests/test_search.py asks of 出生
    assert [h for h in hits if h.endswith(search.INDEX_FILE)] == ["/" + search.INDEX_FILE], hits


PAGES = ["items/ga-csdj/", "", "bundles/kai-lvdian/", "venues/jianshi-smzj/", "dashboard/", "staff/"]


def _styles(context, base: str, path: str | None) -> tuple[list, list[str]]:
    page = context.new_page()
    if path is None:  # the search dialog with results
        page.goto(base + "items/ga-csdj/", wait_until="networkidle")
        page.keyboard.press("/")
        page.locator("input.md-search__input").fill("出生")
        page.locator("input.md-search__input").dispatch_event("keyup")
        page.wait_for_selector(".md-search-result__item")
        page.wait_for_timeout(1500)  # the dialog's transitions are over
    else:
        page.goto(base + path, wait_until="networkidle")
    result = page.evaluate(STYLE_HASHES), page.evaluate(DOM_CLASSES)
    page.close()
    return result


@pytest.mark.parametrize("width", [360, 1280])
def test_reduced_stylesheet_styles_every_element_as_the_full_one(jianshi_site, browser, width):
    base, _, _ = jianshi_site
    full = "\n".join(theme_css._material_file(s).read_text(encoding="utf-8") for s in ("main", "palette"))
    contexts = {}
    for name, body in (("reduced", theme_css.theme_css()), ("full", full.encode())):
        context = browser.new_context(viewport={"width": width, "height": 800}, reduced_motion="reduce")
        context.route(
            "**/" + theme_css.THEME_FILE, lambda r, _=None, b=body: r.fulfill(body=b, content_type="text/css")
        )
        contexts[name] = context
    try:
        for path in [*PAGES, None]:
            reduced, classes = _styles(contexts["reduced"], base, path)
            full_styles, _ = _styles(contexts["full"], base, path)
            assert len(reduced) == len(full_styles) > 100, path
            differ = [a[0] for a, b in zip(reduced, full_styles) if a != b]
            assert not differ, (path, differ[:5])
            assert not [c for c in classes if theme_css.unused_class(c)], path  # classes added by scripts too
    finally:
        for context in contexts.values():
            context.close()

"""What a phone downloads, in real Chromium on the bundled Jianshi site: an item page's first load (every
request, gzip) within 70 KB and without the search index — with the offline service worker, since guide pages
load stdkit-guide.js instead of the theme's bundle (issue #31); the index comes once, when the search box is
used, and search finds what it found before; the menu and search still work on a 360 px phone. The theme's reduced stylesheet (toolkit/site/theme_css.py)
gives every element the same computed style as Material's full main + palette stylesheets."""

from __future__ import annotations

import re

import pytest
from sitehelp import first_load, serve

from toolkit.site import search, theme_css

PHONE = {"width": 360, "height": 740}
FIRST_LOAD_LIMIT = 70 * 1024
BUNDLE = "assets/javascripts/bundle."  # the theme's JavaScript: not on a guide page
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
    """A phone opening a guide from a QR code: page, theme styles, chart, QR, icon, the offline worker — no
    search worker and no index (both come when the search box opens)."""
    base, site, _ = jianshi_site
    first = first_load(browser, site, base, "items/ga-csdj/", PHONE)
    assert theme_css.THEME_FILE in first, sorted(first)
    assert search.INDEX_FILE not in first and search.WORKER_FILE not in first, sorted(first)
    assert not [f for f in first if "palette" in f or f.endswith(".png") or "/main." in f], sorted(first)
    assert "sw.js" in first and "assets/stdkit-guide.js" in first, sorted(first)
    assert not [f for f in first if f.startswith(BUNDLE)], sorted(first)
    total = sum(first.values())
    print("first load (gzip):", total, sorted(first.items(), key=lambda kv: -kv[1]))  # the README's figures
    assert total <= FIRST_LOAD_LIMIT, (total, sorted(first.items(), key=lambda kv: -kv[1])[:6])


@pytest.mark.parametrize("path", ["items/mz-dbsp/", "g/mz-dbsp/", "bundles/kai-lvdian/", "stations/"])
def test_a_guide_page_works_on_a_phone_without_the_theme_bundle(jianshi_site, browser, path):
    """Menu (drawer and a section in it), search by keyboard and by tap, Escape, a wide table's scroll area:
    what the bundle did on these pages, now done by CSS and stdkit-guide.js; no script error."""
    base, _, project = jianshi_site
    if path == "stations/":
        path += next(iter(project.villages)) + "/"
    context = browser.new_context(viewport=PHONE)
    errors: list[str] = []
    try:
        page = context.new_page()
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(base + path, wait_until="networkidle")
        scripts = page.eval_on_selector_all("script[src]", "ss => ss.map(s => s.getAttribute('src'))")
        assert not [s for s in scripts if BUNDLE in s] and any("stdkit-guide.js" in s for s in scripts), (
            scripts
        )
        tables = page.eval_on_selector_all(
            ".md-typeset table:not([class])",
            "ts => ts.map(t => t.closest('.md-typeset__scrollwrap[role=region]') !== null)",
        )
        assert all(tables), tables  # wrapped as the theme does, and named by stdkit.js
        width = page.evaluate("document.documentElement.scrollWidth")  # no sideways page scroll
        assert width <= PHONE["width"], width
        page.locator("label.md-header__button[for=__drawer]").click()
        menu = page.locator("nav.md-nav--primary > ul > li > a", has_text="个人办事").first
        menu.wait_for(state="visible")
        page.wait_for_function(
            "document.querySelector('.md-sidebar--primary').getBoundingClientRect().left >= 0"
        )
        box = menu.bounding_box()  # the drawer has slid in, on the screen
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
        staff = page.locator("nav.md-nav--primary > ul > li > label", has_text="工作人员专区").first
        staff.click()  # a section slides in (CSS only) with its own pages
        section = page.locator("nav.md-nav--primary nav[data-md-level='1']", has_text="工作人员专区").first
        section.locator("a.md-nav__link").first.wait_for(state="visible")
        section.locator("label.md-nav__title").first.click()  # back to the menu
        menu.wait_for(state="visible")
        menu.click()
        page.wait_for_url("**/lifecycle/citizen/")
        page.go_back(wait_until="networkidle")
        page.locator("label.md-header__button[for=__search]").click()
        assert page.evaluate("document.activeElement.classList.contains('md-search__input')")
        page.keyboard.type("低保")
        page.wait_for_function(
            "() => { const a = document.querySelector('.md-search-result__item > a.md-search-result__link');"
            " return a && new URL(a.href).pathname.endsWith('/items/mz-dbsp/'); }"
        )
        assert "个" in page.locator(".md-search-result__meta").inner_text()
        width = page.evaluate("document.documentElement.scrollWidth")  # the page under the dialog is held
        assert width <= PHONE["width"], width
        page.keyboard.press("Escape")
        assert not page.evaluate("document.getElementById('__search').checked")
        page.keyboard.press("/")
        assert page.evaluate("document.getElementById('__search').checked")
    finally:
        context.close()
    assert not errors, errors


def test_other_pages_keep_the_theme_bundle(jianshi_site):
    _, site, _ = jianshi_site
    for rel in ("index.html", "dashboard/index.html", "guide/index.html"):
        assert BUNDLE in (site / rel).read_text(encoding="utf-8"), rel
    assert BUNDLE not in (site / "items/mz-dbsp/index.html").read_text(encoding="utf-8")


def test_search_fetches_the_index_once_when_used(jianshi_site, browser):
    _, site, _ = jianshi_site
    hits: list[str] = []
    context = browser.new_context(viewport=PHONE)
    try:
        with serve(site, hits) as base:
            page = context.new_page()
            page.goto(base + "items/mz-dbsp/", wait_until="networkidle")
            assert not [h for h in hits if h.endswith(search.INDEX_FILE)], hits
            # Opening the search box starts the index's download (stdkit.js); the citizen types once it has
            # arrived. (Typing before it arrives can fetch it twice on a slow line: the worker's request does
            # not wait for the page's — a known limit, see issue #26's note.)
            with page.expect_response(lambda r: r.url.endswith(search.INDEX_FILE)):
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
            page.wait_for_function(  # the list is empty for a moment while the results are redrawn
                "() => (document.querySelector('.md-search-result__item a') || {href: ''}).href.includes('mz-')"
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

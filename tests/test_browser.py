"""The website in real Chromium (Debian chromium via playwright): an item page shows its content and
flowchart, no request leaves localhost, Chinese search finds 营业执照, and an injected <script> is text."""

from __future__ import annotations

import shutil

from sitehelp import serve

from toolkit.core.load import load_project


def _item_with(project, material: str):
    return next(i for i in project.items.values() if any(m.name == material for m in i.materials))


def test_item_page_shows_content_and_flowchart_with_no_external_request(site_server, site_build, browser):
    base, _ = site_server
    project = load_project(site_build[0])
    item = _item_with(project, "营业执照")
    page = browser.new_page(viewport={"width": 390, "height": 844})
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(base + f"items/{item.id}/", wait_until="networkidle")
    assert page.locator("h1").first.inner_text().strip() == item.name
    assert page.get_by_text("营业执照").first.is_visible()
    flow = page.locator("img.stdkit-flow")
    flow.scroll_into_view_if_needed()
    assert flow.evaluate("i => i.complete && i.naturalWidth > 100")
    qr = page.locator("img.stdkit-qr")
    qr.scroll_into_view_if_needed()
    assert qr.evaluate("i => i.complete && i.naturalWidth > 0")
    # Open the search too (it loads the index and the worker): still nothing from outside.
    page.locator("label.md-search__icon, label[for=__search]").first.click()
    page.wait_for_load_state("networkidle")
    page.close()
    assert requests and all(u.startswith((base, "data:", "blob:")) for u in requests), [
        u for u in requests if not u.startswith(base)
    ]


def test_search_finds_items_by_a_material_name(site_server, site_build, browser):
    base, _ = site_server
    project = load_project(site_build[0])
    with_licence = {i.id for i in project.items.values() if any("营业执照" in m.name for m in i.materials)}
    page = browser.new_page()
    page.goto(base, wait_until="networkidle")
    search = page.locator("input.md-search__input")
    search.click()
    search.fill("营业执照")
    search.dispatch_event("keyup")
    page.wait_for_selector(".md-search-result__item", timeout=20000)
    hrefs = page.eval_on_selector_all(
        ".md-search-result__item a", "as => as.map(a => a.getAttribute('href'))"
    )
    page.close()
    found = {h.split("items/")[1].split("/")[0] for h in hrefs if "items/" in h}
    assert found & with_licence, hrefs[:10]


def test_injected_script_shows_as_text(small_county, tmp_path, browser):
    # The validator rejects < and > in text, so such a model can only be constructed in code: the item
    # is changed with model_copy and the renderer (toolkit.build.build with project=) called directly.
    from toolkit.build import build

    county = tmp_path / "county"
    shutil.copytree(small_county, county, ignore=shutil.ignore_patterns(".stdkit-cache", "site"))
    project = load_project(county)
    iid = next(iter(project.items))
    item = project.items[iid]
    bad = '<script>window.__pwned = 1</script>"><img src=x onerror="window.__pwned=2">'
    materials = [item.materials[0].model_copy(update={"name": bad + "营业执照"}), *item.materials[1:]]
    project.items[iid] = item.model_copy(update={"name": bad, "materials": materials, "conditions": [bad]})
    result = build(county, tmp_path / "out", project=project, pdf=False)
    with serve(result.out) as base:
        page = browser.new_page()
        page.goto(base + f"items/{iid}/", wait_until="networkidle")
        assert page.evaluate("window.__pwned") is None
        assert page.locator("h1").first.inner_text().strip() == bad
        assert page.get_by_text(bad + "营业执照").first.is_visible()
        assert page.title().startswith(bad)
        page.goto(base + f"g/{iid}/", wait_until="networkidle")  # short page, then the item page
        assert page.evaluate("window.__pwned") is None
        page.goto(base + "print/" + project.centre.id + ".html")
        assert page.evaluate("window.__pwned") is None and page.get_by_text(bad).first.is_visible()
        page.close()

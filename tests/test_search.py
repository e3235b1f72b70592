"""Citizen search in real Chromium on the bundled Jianshi site: everyday words (not official names) must
bring the right guide into the top 3, and the everyday-name list must only name pages that exist."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from toolkit.site import search

# (what a citizen types, the page that must be among the first three results)
QUERIES = [
    ("出生", "items/ga-csdj/"),
    ("生孩子", "bundles/xinshenger/"),
    ("上户口", "items/ga-csdj/"),
    ("出生证", "items/wj-csyx/"),
    ("准生证", "items/wj-sydj/"),
    ("打疫苗", "items/wj-yfjz/"),
    ("低保", "items/mz-dbsp/"),
    ("五保户", "items/mz-tkgy/"),
    ("高龄补贴", "items/mz-gljt/"),
    ("残疾证", "items/cl-cjz/"),
    ("营业执照", "items/sc-gtzc/"),
    ("开公司", "bundles/qiye-kaiban/"),
    ("开旅店", "bundles/kai-lvdian/"),
    ("开饭店", "bundles/kai-canguan/"),
    ("开超市", "bundles/kai-bianlidian/"),
    ("刻章", "items/ga-gzkz/"),
    ("二手房", "bundles/ershoufang/"),
    ("房产证", "items/bdc-scdj/"),
    ("人去世了", "bundles/shenhou/"),
    ("丧葬费", "items/sb-sjfx/"),
    ("退休", "bundles/tuixiu/"),
    ("领养老金", "items/rs-jmdy/"),
    ("身份证", "items/ga-sfz/"),
    ("驾驶证", "items/ga-jszhz/"),
    ("护照", "items/ga-hz/"),
    ("无犯罪证明", "items/ga-wfzm/"),
    ("结婚", "items/mz-jhdj/"),
    ("离婚", "items/mz-lhdj/"),
    ("社保卡", "items/rs-sbk/"),
    ("医保报销", "items/yb-lxbx/"),
    ("外地看病", "items/yb-ydba/"),
    ("公积金", "items/gj-tq/"),
    ("失业金", "items/sb-sydy/"),
    ("宅基地", "items/ny-zjd/"),
    ("砍树", "items/ly-lmcf/"),
    ("种粮补贴", "items/ny-gdbt/"),
    ("公租房", "items/zj-gzf/"),
    ("装宽带", "items/gw-kh/"),
    ("打官司", "items/sf-flyz/"),
    ("助学金", "items/jy-xszz/"),
    ("教师资格证", "items/jy-jszg/"),
    ("开药店", "items/sc-ypls/"),
    ("创业贷款", "items/rs-cydk/"),
    ("开旅店 材料", "bundles/kai-lvdian/"),
]


def test_everyday_names_name_pages_that_exist(jianshi_site):
    _, _, project = jianshi_site
    titles = {i.name for i in project.items.values()} | {b.name for b in project.bundles.values()}
    listed = search._everyday()
    assert len(listed) >= 60
    assert not set(listed) - titles, sorted(set(listed) - titles)


def test_index_ranks_kinds_and_is_small(jianshi_site):
    _, site, _ = jianshi_site
    raw = (site / search.INDEX_FILE).read_bytes()
    docs = json.loads(raw)["docs"]
    kinds = {row[0]: row[2] for row in docs}
    assert kinds["bundles/kai-lvdian/"] == search.BUNDLE and kinds["items/mz-dbsp/"] == search.GUIDE
    assert "低保" in next(r[3] for r in docs if r[0] == "items/mz-dbsp/")
    # Material's own index is empty: the browser never downloads a second, jieba-segmented copy.
    assert json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))["docs"] == []


@pytest.fixture(scope="module")
def search_page(jianshi_site, browser):
    base, _, _ = jianshi_site
    page = browser.new_page(viewport={"width": 360, "height": 740})
    page.goto(base + "items/mz-dbsp/", wait_until="networkidle")
    page.locator("label.md-search__icon, label[for=__search]").first.click()
    page.wait_for_function(
        "!document.querySelector('.md-search-result__meta').textContent.includes('初始化')"
    )
    yield base, page
    page.close()


def _results(page, query: str) -> list[str]:
    box = page.locator("input.md-search__input")
    box.fill(query)
    box.dispatch_event("keyup")
    try:
        page.wait_for_function(
            "q => document.querySelector('input.md-search__input').value === q && "
            "document.querySelectorAll('.md-search-result__item').length > 0",
            arg=query,
            timeout=5000,
        )
    except PlaywrightTimeout:
        return []  # no result at all
    page.wait_for_timeout(50)
    return page.eval_on_selector_all(
        ".md-search-result__item > a.md-search-result__link", "as => as.map(a => new URL(a.href).pathname)"
    )


def test_everyday_queries_find_the_guide_in_the_top_three(search_page):
    _, page = search_page
    misses = []
    for query, expected in QUERIES:
        top = [p.lstrip("/") for p in _results(page, query)[:3]]
        if expected not in top:
            misses.append((query, expected, top))
    assert len(QUERIES) >= 30
    assert not misses, misses


def test_results_are_escaped_chinese_and_counted_plainly(search_page):
    _, page = search_page
    _results(page, "登记")
    meta = page.locator(".md-search-result__meta").inner_text()
    assert "k" not in meta and "个" in meta, meta  # no "1.3k": at most 30 results are listed
    assert page.locator(".md-search-result__item mark").count() > 0


def test_text_entered_without_key_events_is_searched_too(search_page):
    # Voice input, a pasted word or an IME that commits text send `input` but no `keyup`, the only key
    # event Material's search box listens to; the citizen must still see results.
    _, page = search_page
    box = page.locator("input.md-search__input")
    box.fill("")  # fill sets the value and fires `input` only
    page.wait_for_function("document.querySelectorAll('.md-search-result__item').length === 0")
    box.fill("低保")
    page.wait_for_function(
        "() => { const a = document.querySelector('.md-search-result__item > a.md-search-result__link');"
        " return a && new URL(a.href).pathname.endsWith('/items/mz-dbsp/'); }",
        timeout=5000,
    )

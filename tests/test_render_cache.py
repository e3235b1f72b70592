"""The cache of the site pages' Markdown conversions (toolkit/site/render_cache.py): a page from the cache
is what mkdocs' own conversion makes of it, the site is byte-identical with a cold cache, a warm one and
none, and link and anchor validation still fail the build when the page came from the cache. The
navigation menu shared by pages outside it (toolkit/site/nav_cache.py) changes no byte either."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from buildrun import tree_hashes

from toolkit.core.errors import StdkitError
from toolkit.core.settings import current, use
from toolkit.site import compress, incremental, nav_cache
from toolkit.site.mkdocs_config import load_site_config, run_build, site_config, write_config
from toolkit.site.plugin import StdkitPlugin
from toolkit.site.render_cache import RenderCache

PAGES = {
    "index.md": "# 首页\n\n[事项甲](items/a.md)、[第二节](b.md#sec)、[本页](#mulu)\n\n## 目录 {#mulu}\n",
    "b.md": '# 标准第二章\n\n## 第二节 {#sec}\n\n正文<a id="raw"></a>。\n\n### 小节\n',
    "items/a.md": "---\ntitle: 事项甲\n---\n\n# 事项甲\n\n见[第二节](../b.md#sec)和[原文](../b.md#raw)。\n",
    "items/c.md": "# 事项乙\n\n[首页](../index.md)\n",
}
NAV = [{"首页": "index.md"}, {"第二章": "b.md"}]


def _site(tmp_path: Path, pages: dict[str, str] = PAGES) -> Path:
    docs = tmp_path / "docs"
    for rel, text in pages.items():
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_text(text, encoding="utf-8")
    return docs


def _build(
    docs: Path, cache: Path, site: Path, *, cached: bool = True, nav: list = NAV
) -> incremental.SiteBuild:
    cfg = site_config(
        {},
        docs_dir=docs,
        site_dir=site,
        nav=nav,
        not_in_nav=["items/*", "guide/*", "other.md"],
        county_name="示例县",
    )
    with use(dataclasses.replace(current(), parse_cache=cached)):
        return incremental.build_site(cfg, write_config(cfg, cache / "mkdocs.yml"), cache, full=True)


def test_cold_warm_and_no_cache_give_the_same_site(tmp_path):
    docs = _site(tmp_path)
    cold = _build(docs, tmp_path / "cache", tmp_path / "cold")
    warm = _build(docs, tmp_path / "cache", tmp_path / "warm")
    off = _build(docs, tmp_path / "nocache", tmp_path / "off", cached=False)
    assert (cold.rendered, cold.cached) == (len(PAGES), 0)
    assert (warm.rendered, warm.cached) == (len(PAGES), len(PAGES))
    assert off.cached == 0 and not (tmp_path / "nocache" / "md").exists()
    hashes = tree_hashes(tmp_path / "cold")
    assert tree_hashes(tmp_path / "warm") == hashes == tree_hashes(tmp_path / "off")
    # mkdocs' own clean build, none of the toolkit's build machinery active (caches, shared menu)
    cfg = site_config(
        {}, docs_dir=docs, site_dir=tmp_path / "plain", nav=NAV, not_in_nav=["items/*"], county_name="示例县"
    )
    run_build(write_config(cfg, tmp_path / "plain.yml"), tmp_path / "plain-cache", StdkitPlugin())
    # the kept site also holds each page's compressed copies (toolkit/site/compress.py), mkdocs' has none
    copies = tuple(f"{ext}{z}" for ext in compress.TEXT for z in (".gz", ".br"))
    pages = {k: v for k, v in hashes.items() if not k.endswith(copies)}
    assert "index.html.gz" in hashes and "index.html.br" in hashes
    assert tree_hashes(tmp_path / "plain") == pages


def test_a_full_build_into_the_kept_site_leaves_no_trace_of_removed_pages(tmp_path):
    docs = _site(tmp_path)
    _build(docs, tmp_path / "cache", tmp_path / "site")
    (docs / "items" / "c.md").unlink()
    (docs / "index.md").write_text(PAGES["index.md"].replace("[本页](#mulu)", ""), encoding="utf-8")
    _build(docs, tmp_path / "cache", tmp_path / "site")
    _build(docs, tmp_path / "fresh-cache", tmp_path / "fresh")
    assert not (tmp_path / "site" / "items" / "c").exists()
    assert tree_hashes(tmp_path / "site") == tree_hashes(tmp_path / "fresh")
    folders = lambda root: sorted(p.relative_to(root) for p in root.rglob("*") if p.is_dir())
    assert folders(tmp_path / "site") == folders(tmp_path / "fresh")


def _pages(docs: Path, cache: Path):
    """Each page of a mkdocs configuration of docs, read as a build reads it."""
    from mkdocs.structure.files import get_files
    from mkdocs.structure.pages import Page

    cfg = site_config({}, docs_dir=docs, site_dir=cache / "site", nav=NAV, not_in_nav=[], county_name="县")
    config = load_site_config(write_config(cfg, cache / "mkdocs.yml"), StdkitPlugin())
    files = get_files(config)
    for file in files.documentation_pages():
        page = Page(None, file, config)
        page.read_source(config)
        yield page, config, files


def _state(page) -> dict:
    """The page's attributes, comparable between two builds' objects (files by their path)."""
    state = {k: getattr(v, "src_uri", v) for k, v in vars(page).items() if k not in ("render", "config")}
    state["toc"] = str(page.toc)  # AnchorLinks compare by identity; their printout shows every field
    state["toc_active"] = [getattr(a, "active", None) for a in page.toc]
    links = page.links_to_anchors
    state["links_to_anchors"] = None if links is None else {f.src_uri: v for f, v in links.items()}
    return state


def test_a_page_from_the_cache_is_what_mkdocs_converts(tmp_path):
    """Every attribute the conversion sets (the HTML, toc, title, anchors, anchor links to other files)
    is restored exactly; a new one in a later mkdocs (Page.render) shows up here."""
    docs = _site(tmp_path)
    cache, linking = RenderCache(tmp_path / "md", "code"), 0
    for (stored, config, files), (restored, config2, files2) in zip(
        _pages(docs, tmp_path), _pages(docs, tmp_path), strict=True
    ):
        cache.render(stored, config, files)  # converts and stores
        hits = cache.hits
        cache.render(restored, config2, files2)
        assert cache.hits == hits + 1
        assert _state(restored) == _state(stored), stored.file.src_uri
        linking += bool(stored.links_to_anchors and stored.present_anchor_ids)
    assert linking == 2  # index.md and items/a.md link to anchors (and have their own)
    assert cache.misses == len(PAGES)


def _fails(docs: Path, tmp_path: Path, site: str, message: str) -> None:
    with pytest.raises(StdkitError) as err:
        _build(docs, tmp_path / "cache", tmp_path / site)
    assert message in err.value.problems[0].message, err.value.problems[0].message


def test_a_removed_anchor_fails_the_build_though_the_linking_page_is_cached(tmp_path):
    docs = _site(tmp_path)
    _build(docs, tmp_path / "cache", tmp_path / "first")
    (docs / "b.md").write_text(PAGES["b.md"].replace("{#sec}", "{#other}"), encoding="utf-8")
    _fails(docs, tmp_path, "second", "does not contain an anchor '#sec'")
    (docs / "b.md").write_text(PAGES["b.md"].replace('<a id="raw"></a>', ""), encoding="utf-8")
    _fails(docs, tmp_path, "third", "does not contain an anchor '#raw'")
    (docs / "b.md").write_text(PAGES["b.md"], encoding="utf-8")
    again = _build(docs, tmp_path / "cache", tmp_path / "fourth")
    assert again.cached == len(PAGES)


def test_a_deleted_link_target_fails_the_build_of_a_cached_page(tmp_path):
    docs = _site(tmp_path)
    _build(docs, tmp_path / "cache", tmp_path / "first")
    (docs / "items" / "a.md").unlink()  # index.md, unchanged and cached, links to it
    _fails(docs, tmp_path, "second", "contains a link 'items/a.md', but the target is not found")
    _fails(docs, tmp_path, "third", "contains a link 'items/a.md'")  # a failed conversion is not kept
    (docs / "items" / "a.md").write_text(PAGES["items/a.md"], encoding="utf-8")
    assert _build(docs, tmp_path / "cache", tmp_path / "fourth").cached == len(PAGES)


def test_a_broken_link_in_a_page_is_reported_on_every_build(tmp_path):
    docs = _site(tmp_path, {**PAGES, "items/c.md": "# 事项乙\n\n[无此页](../nowhere.md)\n"})
    for site in ("first", "second"):
        _fails(docs, tmp_path, site, "contains a link '../nowhere.md'")


def test_a_shared_navigation_menu_changes_no_byte(tmp_path, monkeypatch):
    """Pages outside the menu share its rendering per folder, except where a menu entry lies inside the
    page's folder (guide/ holds the menu's guide/steps.md): the site is the same as with a menu per page."""
    more = {
        **PAGES,
        "items/d.md": "# 事项丙\n",
        "guide/index.md": "# 指南\n",
        "guide/steps.md": "# 步骤\n",
        "guide/more/e.md": "# 更多\n",
        "other.md": "# 其他\n",  # in the top folder, as guide/ is
    }
    docs = _site(tmp_path, more)
    shared: list[dict[str, str]] = []
    share = nav_cache.share
    monkeypatch.setattr(nav_cache, "share", lambda env, nav: shared.append(share(env, nav)) or shared[-1])
    _build(docs, tmp_path / "cache", tmp_path / "shared", nav=[*NAV, {"步骤": "guide/steps.md"}])
    assert sorted(shared[0]) == ["", "guide/more", "items"]  # guide/ renders its own: guide/steps/ is in it
    monkeypatch.setattr(nav_cache, "share", lambda env, nav: {})
    _build(docs, tmp_path / "cache", tmp_path / "own", nav=[*NAV, {"步骤": "guide/steps.md"}])
    assert tree_hashes(tmp_path / "shared") == tree_hashes(tmp_path / "own")


def test_half_of_a_full_build_converted_beside_it_gives_the_same_site(tmp_path, monkeypatch):
    """toolkit/site/prerender.py: a forked process converts the second half of the pages into the cache
    while mkdocs converts the first; mkdocs then takes them from the cache (a cold build with cache hits),
    and the site is byte-identical with one converted in one process."""
    from toolkit.site import prerender

    docs = _site(tmp_path)
    single = _build(docs, tmp_path / "single-cache", tmp_path / "single")
    assert single.cached == 0
    monkeypatch.setattr(prerender, "FROM", 1)
    both = _build(docs, tmp_path / "cache", tmp_path / "both")
    assert both.rendered == len(PAGES) and both.cached == len(PAGES) - len(PAGES) // 2
    assert tree_hashes(tmp_path / "both") == tree_hashes(tmp_path / "single")


def test_a_broken_link_in_the_forked_half_still_fails_the_build(tmp_path, monkeypatch):
    """The child's conversion of a page with a broken link is not kept: mkdocs converts it again and
    reports it, and the strict build fails as in one process."""
    from toolkit.site import prerender

    monkeypatch.setattr(prerender, "FROM", 1)
    docs = _site(tmp_path, {**PAGES, "items/c.md": "# 事项乙\n\n[不存在](../nowhere.md)\n"})
    with pytest.raises(StdkitError) as err:
        _build(docs, tmp_path / "cache", tmp_path / "site")
    assert "nowhere.md" in str(err.value)

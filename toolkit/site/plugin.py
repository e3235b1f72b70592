"""The toolkit's mkdocs plugin (`stdkit`): everything the toolkit adds to mkdocs' build of a county's site.

- Every page carries the build's date (option `date`), not the clock's, so that two builds write the same
  sitemap without SOURCE_DATE_EPOCH in the environment; pages stay out of Material's own (jieba) search
  index, which the browser never queries (the citizen search worker loads toolkit/site/search.py's index).
- The theme's templates are compiled once, not in every build (core/bytecode.py).
- During an incremental build (`run`, set by toolkit/site/incremental.py): unchanged navigation pages get
  the titles of the previous build (a dirty build does not read them), pages that see the same menu share
  its rendering (nav_cache.py), conversions come from the cache (render_cache.py), the rendered pages are
  counted and the titles every page showed recorded.
- mkdocs' objects of the last build (configuration, files, navigation, theme environment) are kept on the
  plugin (`built`): `stdkit serve` renders later saves with them (toolkit/build/live.py).

All state is on the instance. The toolkit makes the instance itself and puts it into the loaded
configuration's plugins (mkdocs_config.run_build), so a build does not depend on the installed package's
entry point; the entry point (pyproject.toml) lets `mkdocs build -f` build a generated configuration too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from jinja2 import Environment
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from ..core import bytecode
from . import nav_cache
from .prerender import Prerender, second_half
from .render_cache import RenderCache

NAME = "stdkit"  # the plugin's name in a mkdocs configuration (entry point in pyproject.toml)
NAV_META = ("icon", "subtitle", "status")  # what Material's navigation reads from a page's front matter


class StdkitConfig(Config):
    """The plugin's options (mkdocs.yml: `plugins: [stdkit: {date: …}]`)."""

    date = c.Type(str)  # YYYY-MM-DD: every page's date (sitemap `lastmod`), the build's moment


@dataclass
class Run:
    """What one incremental build gives the plugin, and what the plugin saw of it."""

    dirty: bool  # only the changed pages are rendered
    titles: dict[str, list] = field(default_factory=dict)  # nav page src -> [title, nav meta], last build
    seen: dict[str, list] = field(default_factory=dict)  # the same, as this build's pages showed them
    rendered: int = 0
    renders: RenderCache | None = None  # the pages' Markdown conversions (render_cache.py)


@dataclass
class Built:
    """mkdocs' objects of a build, as the plugin saw them."""

    config: Any
    files: Any
    nav: Any
    env: Any


def nav_entry(page) -> list:
    """What the menu shows of a page: its title and what the navigation reads of its front matter."""
    return [page.title, {k: page.meta[k] for k in NAV_META if k in (page.meta or {})}]


class StdkitPlugin(BasePlugin[StdkitConfig]):
    """The toolkit's part of a mkdocs build (see the module's description)."""

    def __init__(self) -> None:
        self.run: Run | None = None  # the incremental build in progress (incremental.py sets it)
        self.nav: Navigation | None = None  # this build's navigation
        self.built: Built | None = None  # mkdocs' objects of the last build (None until it has its theme)
        self.prerender: Prerender | None = None  # the forked conversions of a full build (prerender.py)

    def stop_prerender(self) -> None:
        """The build ended, well or not: no child is left converting."""
        if self.prerender is not None:
            self.prerender.stop()
            self.prerender = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        self.nav = self.built = None
        return config

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation | None:
        for file in files.documentation_pages():  # also the pages a dirty build does not read: the sitemap
            if file.page is not None:  # lists them all
                file.page.update_date = self.config.date
        self.nav = nav
        run = self.run
        if run is not None and run.dirty:  # unchanged pages are not read: they get their titles
            for page in nav.pages:
                if not page.file.is_modified() and page.file.src_uri in run.titles:
                    page.title, meta = run.titles[page.file.src_uri]
                    page.meta = dict(meta)
        elif run is not None and run.renders is not None:  # every page converted: half of them beside
            self.prerender = Prerender(second_half(files), config, files)
            self.prerender.start()
        return nav

    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment | None:
        bytecode.attach(env, "mkdocs-theme")
        if self.run is not None and self.nav is not None:
            nav_cache.share(env, self.nav)
        self.built = Built(config, files, self.nav, env)
        return env

    def on_pre_page(self, page: Page, /, *, config: MkDocsConfig, files: Files) -> Page | None:
        if self.prerender is not None:
            self.prerender.wait_before(page.file.src_uri)
        if self.run is not None and self.run.renders is not None:
            self.run.renders.attach(page)
        return page

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
        return markdown

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if self.run is not None:
            self.run.rendered += 1
        return html

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """The title (and what the navigation shows of its front matter) of every navigation page, as all
        pages showed them."""
        if self.run is not None and self.nav is not None:
            self.run.seen = {p.file.src_uri: nav_entry(p) for p in self.nav.pages}

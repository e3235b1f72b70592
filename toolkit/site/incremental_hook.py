"""mkdocs hook of every site build: the incremental build's bookkeeping (toolkit/site/incremental.py)."""

from __future__ import annotations

from toolkit.core import bytecode
from toolkit.site import incremental


def on_nav(nav, config, files):
    incremental.nav_pages(nav)
    return nav


def on_env(env, config, files):
    bytecode.attach(env, "mkdocs-theme")  # the theme's templates compiled once, not in every build
    incremental.share_menu(env)
    return env


def on_pre_page(page, config, files):
    incremental.cached_render(page)
    return page


def on_page_content(html, page, config, files):
    incremental.page_rendered()
    return html


def on_post_build(config):
    incremental.record_titles()

"""mkdocs hook of `stdkit serve`'s builds: keeps mkdocs' objects of the build for the fast path of the next
saves (toolkit/build/live.py)."""

from __future__ import annotations

from toolkit.build import live


def on_nav(nav, config, files):
    live.seen_nav(nav)
    return nav


def on_env(env, config, files):
    live.capture(env, config, files)
    return env

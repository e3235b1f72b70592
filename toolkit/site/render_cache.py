"""The Markdown conversion of each site page, kept between builds (half of mkdocs' time on a full build).

A page's conversion (mkdocs 1.6 `Page.render`) is a function of:
- its Markdown (after the plugins' on_page_markdown), its file's `src_uri`, `url` and inclusion;
- the configuration that converts (Markdown extensions and their settings, link validation,
  `use_directory_urls`, plugins) and the code (the toolkit's, mkdocs', Markdown's,
  pymdown-extensions', the theme's, Python's): `incremental.shared_key` of that configuration;
- the docs files its links resolve against: every `files.get_file_from_path` lookup and its answer.
The first two name an entry (`cachedir.ContentCache`); the lookups are recorded in it and compared with
the current files when it is used: a link whose target was deleted, moved or excluded since is converted
again, so the broken link is reported as without the cache.

An entry restores everything `render` sets: the HTML, the table of contents, the title of the first
heading, the anchors the page contains and the anchor links it makes to other pages (mkdocs validates
those across pages after all are converted, so a removed anchor is still reported). A conversion that
logged anything (a broken link, a link to an excluded page) or from which `mdsafe` removed something is
never stored: it is converted on every build, and its messages and the failure repeat.
"""

from __future__ import annotations

import json
import logging
from functools import partial
from pathlib import Path
from typing import Any, Self

from ..core.cachedir import ContentCache
from . import mdsafe

# What of the configuration a conversion reads (the rest of it, e.g. the navigation, shapes templates only).
CONVERTING = ("markdown_extensions", "validation", "use_directory_urls", "plugins")
_PAGES_LOG = logging.getLogger("mkdocs.structure.pages")  # render keeps anchor links only above DEBUG


class RenderCache(ContentCache):
    """Page conversions of one site, by content (`code`: the key of the code and configuration)."""

    def __init__(self, folder: Path, code: str):
        super().__init__(folder, fanout=True)
        self.code = code

    def attach(self, page) -> None:
        """Before the page is built (the plugin's on_pre_page): its `render` goes through the cache."""
        page.render = partial(self.render, page)

    def render(self, page, config, files) -> None:
        from mkdocs.structure.pages import Page

        if _PAGES_LOG.getEffectiveLevel() <= logging.DEBUG:
            Page.render(page, config, files)
            return
        f = page.file
        key = self.key(self.code, f.src_uri, f.url, f.inclusion.name, page.markdown)
        data = self.read(key)
        entry = json.loads(data) if data is not None else None
        if entry is not None and _answers(files, entry["lookups"]) == entry["lookups"]:
            self.hits += 1
            _restore(page, files, entry)
            return
        self.misses += 1
        seen = _Lookups(files)
        with _Noticed() as noticed:
            removed_before = mdsafe.removed_count()
            Page.render(page, config, seen)  # type: ignore[arg-type]  # Files as far as render asks
        if noticed.any or seen.untracked or mdsafe.removed_count() != removed_before:
            return
        self.put(key, json.dumps(_entry(page, seen.answers), ensure_ascii=False).encode())


def _answer(file) -> list[str] | None:
    return None if file is None else [file.src_uri, file.url, file.inclusion.name]


def _answers(files, lookups: dict[str, Any]) -> dict[str, Any]:
    return {path: _answer(files.get_file_from_path(path)) for path in lookups}


class _Lookups:
    """The site's files as a conversion sees them, noting each lookup and its answer; anything else the
    conversion asked of them (nothing in mkdocs 1.6) makes it uncacheable."""

    def __init__(self, files):
        self._files = files
        self.answers: dict[str, Any] = {}
        self.untracked = False

    def get_file_from_path(self, path: str):
        file = self._files.get_file_from_path(path)
        self.answers[path] = _answer(file)
        return file

    def __getattr__(self, name: str):
        self.untracked = True
        return getattr(self._files, name)


class _Noticed(logging.Handler):
    """Whether anything above DEBUG was logged while converting (mkdocs' logger does not propagate during
    a build, so both it and the root logger are watched)."""

    def __init__(self):
        super().__init__(logging.DEBUG + 1)
        self.any = False

    def emit(self, record: logging.LogRecord) -> None:
        self.any = True

    def __enter__(self) -> Self:
        for name in ("mkdocs", None):
            logging.getLogger(name).addHandler(self)
        return self

    def __exit__(self, *exc) -> None:
        for name in ("mkdocs", None):
            logging.getLogger(name).removeHandler(self)


def _toc_tokens(items) -> list[dict]:
    return [
        {"level": a.level, "id": a.id, "name": a.title, "children": _toc_tokens(a.children)} for a in items
    ]


def _entry(page, lookups: dict[str, Any]) -> dict:
    return {
        "lookups": lookups,
        "content": page.content,
        "toc": _toc_tokens(page.toc),
        "title": page._title_from_render,
        "anchors": sorted(page.present_anchor_ids),
        "links": {f.src_uri: links for f, links in (page.links_to_anchors or {}).items()},
    }


def _restore(page, files, entry: dict) -> None:
    from mkdocs.structure.toc import get_toc

    page.content = entry["content"]
    page.toc = get_toc(entry["toc"])
    page._title_from_render = entry["title"]
    page.present_anchor_ids = set(entry["anchors"])
    page.links_to_anchors = {files.get_file_from_path(src): links for src, links in entry["links"].items()}

"""Markdown extension `toolkit.site.mdsafe`: the last line of defence behind escaping. After every page is
parsed it removes event-handler attributes (on…), inline styles and links whose scheme is not allow-listed
(toolkit.core.escape.url) — and records each removal, so the build fails loudly instead of publishing them."""

from __future__ import annotations

import re

from markdown import Extension
from markdown.treeprocessors import Treeprocessor

from ..core.escape import is_safe_url

URL_ATTRS = ("href", "src", "action", "formaction", "xlink:href", "poster", "data", "background")
_TABLE_ALIGN = re.compile(r"^text-align: (left|right|center);?$")  # the tables extension's only style
# What the last build removed: (tag, attribute, value). Reset by `take_removed`.
_REMOVED: list[tuple[str, str, str]] = []


def removed_count() -> int:
    """How many removals are recorded so far (a conversion that removed something is never cached)."""
    return len(_REMOVED)


def take_removed() -> list[tuple[str, str, str]]:
    out = list(_REMOVED)
    _REMOVED.clear()
    return out


class _Sanitize(Treeprocessor):
    def run(self, root):
        for el in root.iter():
            for name in list(el.attrib):
                low = name.lower()
                value = el.attrib[name]
                if (
                    low.startswith("on")
                    or low == "srcdoc"
                    or (low == "style" and not _TABLE_ALIGN.match(value))
                    or (low in URL_ATTRS and not is_safe_url(value))
                ):
                    _REMOVED.append((str(el.tag), name, value[:80]))
                    del el.attrib[name]


class SafeMarkdown(Extension):
    def extendMarkdown(self, md):
        md.treeprocessors.register(_Sanitize(md), "stdkit_sanitize", 0)


def makeExtension(**kwargs):
    return SafeMarkdown(**kwargs)

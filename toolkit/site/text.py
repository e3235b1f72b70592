"""Escaping and the two jinja2 environments: Markdown pages (every value escaped for Markdown by default)
and HTML files (jinja2 autoescape)."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "templates" / "site"

# Characters Python-Markdown (with tables, attr_list, admonition, tasklist) gives a meaning to anywhere in a
# line: emphasis, code, links/images ([ ] — so parentheses can never form a link), attribute lists ({ } —
# `{ onclick=… }` would otherwise add attributes), table cells (|), headings' closing hashes (#), escapes.
_MD_ANYWHERE = re.compile(r"([\\`*_{}\[\]|#!])")
# Only at the start of a block do these start a list or a quote: "1. ", "1) ", "- ", "+ ".
_MD_LEADING = re.compile(r"^(\s*)(\d+)([.)])|^(\s*)([-+])")
_NEWLINES = re.compile(r"[\r\n\t]+")


def md_escape(value) -> str:
    """Text from the data as literal Markdown text: HTML characters become entities, Markdown
    punctuation is backslash-escaped, line breaks become spaces (they would start a new block)."""
    if value is None:
        return ""
    if isinstance(value, Markup):
        return str(value)
    text = _NEWLINES.sub(" ", str(value))
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    text = _MD_ANYWHERE.sub(r"\\\1", text)
    return _MD_LEADING.sub(
        lambda m: f"{m.group(1)}{m.group(2)}\\{m.group(3)}" if m.group(2) else f"{m.group(4)}\\{m.group(5)}",
        text,
    )


def json_for_html(data) -> Markup:
    """JSON safe to place inside <script type="application/ld+json">: no '<', '>' or '&' survive."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return Markup(text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e"))


def raw(value: str) -> Markup:
    """Mark Markdown the renderer wrote itself (links to validated ids, tables it built) as already safe."""
    return Markup(value)


def _finalize(value):
    if isinstance(value, Markup):
        return value
    if value is None:
        return ""
    if callable(value):  # e.g. `x.items` on a dict: a template bug, never page text
        raise TypeError(f"template printed a callable: {value!r}")
    return md_escape(value)


@cache
def markdown_env() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATE_DIR),
        autoescape=False,
        finalize=_finalize,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["raw"] = raw
    env.filters["md"] = lambda v: Markup(md_escape(v))
    return env


@cache
def html_env() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATE_DIR),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return env


def render_md(template: str, **context) -> str:
    return markdown_env().get_template(template).render(**context)


def render_html(template: str, **context) -> str:
    return html_env().get_template(template).render(**context)

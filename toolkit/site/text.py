"""Escaping and the two jinja2 environments: Markdown pages (every value escaped for Markdown by default)
and HTML files (jinja2 autoescape)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from ..core import bytecode, escape

PACKAGE = Path(__file__).resolve().parent.parent
TEMPLATE_DIR = PACKAGE / "templates" / "site"


def md_escape(value) -> str:
    """Data text as literal Markdown text (see toolkit.core.escape.md)."""
    return escape.md(value)


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


def _sandbox(folder: Path, **options) -> ImmutableSandboxedEnvironment:
    """An environment for the toolkit's own templates in `folder` (compiled once: toolkit/core/bytecode.py)."""
    if not folder.resolve().is_relative_to(PACKAGE):
        raise ValueError(f"not a template folder of the toolkit: {folder}")
    env = ImmutableSandboxedEnvironment(
        loader=FileSystemLoader(folder),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        **options,
    )
    return bytecode.attach(env, "toolkit")


@cache
def markdown_env(folder: Path = TEMPLATE_DIR) -> ImmutableSandboxedEnvironment:
    """Sandboxed; every printed value is Markdown-escaped unless marked `|raw` (text the renderer built)."""
    env = _sandbox(folder, autoescape=False, finalize=_finalize)
    env.filters["raw"] = raw
    env.filters["md"] = lambda v: Markup(md_escape(v))
    env.filters["code"] = lambda v: Markup(escape.md_code(v))
    return env


@cache
def html_env() -> ImmutableSandboxedEnvironment:
    return _sandbox(TEMPLATE_DIR, autoescape=True)


def render_md(template: str, **context) -> str:
    return markdown_env().get_template(template).render(**context)


def render_html(template: str, **context) -> str:
    return html_env().get_template(template).render(**context)

"""Compiled Jinja templates kept between runs: jinja2's bytecode cache in the user's cache folder, for the
toolkit's own templates and the site theme's (compiling Material's templates costs each build ~0.4 s).

Jinja keys an entry by the template's file and checks the checksum of its source, so an edited template
is compiled again. The compiled code also depends on the environment's options (delimiters, escaping,
whitespace), which that key does not cover: environments with other options use other folders. Templates
from a data folder (the standard's text) are never cached here."""

from __future__ import annotations

import hashlib
from typing import TypeVar

import jinja2
from jinja2 import Environment, FileSystemBytecodeCache

from .cachedir import cache_home

E = TypeVar("E", bound=Environment)


def _options(env: Environment) -> str:
    """What shapes an environment's compiled code, stably across processes."""
    auto = env.autoescape
    return repr(
        (
            type(env).__qualname__,
            env.block_start_string,
            env.block_end_string,
            env.variable_start_string,
            env.variable_end_string,
            env.comment_start_string,
            env.comment_end_string,
            env.line_statement_prefix,
            env.line_comment_prefix,
            env.trim_blocks,
            env.lstrip_blocks,
            env.newline_sequence,
            env.keep_trailing_newline,
            auto.__qualname__ if callable(auto) else auto,
            env.finalize.__qualname__ if env.finalize else None,
            sorted(env.extensions),
            jinja2.__version__,
        )
    )


def attach(env: E, name: str) -> E:
    """Give `env` (before it loads a template) the bytecode cache of its name and options; returns it."""
    tag = hashlib.sha256(f"{name}|{_options(env)}".encode()).hexdigest()[:16]
    folder = cache_home() / "jinja" / f"{name}-{tag}"
    folder.mkdir(parents=True, exist_ok=True)
    env.bytecode_cache = FileSystemBytecodeCache(str(folder))
    return env

"""Everything the toolkit takes from its environment, as one typed object.

The environment variables are parsed here and nowhere else (one rule for "off", one for the epoch).
`stdkit` reads them once per command (`cli/_app.run`) and makes that object current while the command
runs; library code asks `current()`. A program or test calling the library directly gets the environment
as it is at that moment, or makes its own object current with `use(Settings(...))`.

| variable | field | meaning |
|---|---|---|
| STDKIT_CACHE_DIR, XDG_CACHE_HOME | cache_dir | where caches live (default ~/.cache/stdkit) |
| STDKIT_CACHE_KEY_DIR | cache_key_dir | where the parse cache's signing key lives (default: cache_dir) |
| STDKIT_CACHE=0 | parse_cache | do not reuse parsed sources nor the site's converted pages |
| STDKIT_PDF=0 | pdf | no QR-list PDFs (the printable pages are still made) |
| STDKIT_CHROMIUM | chromium | the Chromium to print PDFs with (default: found on PATH) |
| STDKIT_PARALLEL=0 | parallel | parse in one process |
| STDKIT_DEBUG=1 | debug | let internal errors raise with their traceback |
| SOURCE_DATE_EPOCH | epoch | the moment written into outputs (reproducible builds) |
| CI | ci | running in CI: progress as plain lines, never bars |
| STDKIT_LIMITS | limits | caps of `core/limits.py` changed, as `name=number,…` (tests lower them) |
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path

OFF = ("", "0", "off", "no", "false")


def _on(env: Mapping[str, str], name: str, default: bool) -> bool:
    if name not in env:
        return default
    return env[name].strip().lower() not in OFF


@dataclass(frozen=True)
class Settings:
    cache_dir: Path
    cache_key_dir: Path | None = None
    parse_cache: bool = True
    pdf: bool = True
    chromium: str | None = None
    parallel: bool = True
    debug: bool = False
    epoch: int | None = None
    ci: bool = False
    limits: tuple[tuple[str, int], ...] = ()

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        explicit = env.get("STDKIT_CACHE_DIR")
        base = env.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        key_dir = env.get("STDKIT_CACHE_KEY_DIR")
        epoch = env.get("SOURCE_DATE_EPOCH", "").strip()
        return cls(
            cache_dir=Path(explicit) if explicit else Path(base) / "stdkit",
            cache_key_dir=Path(key_dir) if key_dir else None,
            parse_cache=_on(env, "STDKIT_CACHE", True),
            pdf=_on(env, "STDKIT_PDF", True),
            chromium=env.get("STDKIT_CHROMIUM") or None,
            parallel=_on(env, "STDKIT_PARALLEL", True),
            debug=_on(env, "STDKIT_DEBUG", False),
            epoch=int(epoch) if epoch.isdigit() else None,
            ci=_on(env, "CI", False),
            limits=_limits(env.get("STDKIT_LIMITS", "")),
        )


def _limits(text: str) -> tuple[tuple[str, int], ...]:
    """ "rows=100,git_blob_bytes=4096" -> (("rows", 100), ("git_blob_bytes", 4096)); malformed parts are
    ignored (the names are checked where the limits are made, core/limits.py)."""
    out = []
    for part in text.split(","):
        name, _, value = part.partition("=")
        if name.strip() and value.strip().isdigit():
            out.append((name.strip(), int(value.strip())))
    return tuple(out)


_active: ContextVar[Settings | None] = ContextVar("stdkit_settings", default=None)


def current() -> Settings:
    """The settings of the running command; outside one, the environment as it is now."""
    active = _active.get()
    return active if active is not None else Settings.from_env()


@contextmanager
def use(settings: Settings) -> Iterator[Settings]:
    token = _active.set(settings)
    try:
        yield settings
    finally:
        _active.reset(token)

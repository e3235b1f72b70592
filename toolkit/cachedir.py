"""Where caches live: in the user's cache folder, never inside a county's data folder or an output folder.

`STDKIT_CACHE_DIR` overrides the base (default `$XDG_CACHE_HOME/stdkit`, else `~/.cache/stdkit`); each
county folder gets its own sub-folder, named by a hash of its absolute path.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path


def cache_home() -> Path:
    explicit = os.environ.get("STDKIT_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "stdkit"


def project_cache(root: Path | str, part: str) -> Path:
    """The cache folder `part` (e.g. "parse", "site") of one county folder."""
    resolved = str(Path(root).resolve())
    digest = hashlib.sha256(resolved.encode("utf-8")).hexdigest()[:16]
    return cache_home() / "projects" / digest / part

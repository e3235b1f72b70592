"""Guides that open without signal: the site's service worker (assets/site/stdkit-sw.js, written here, no
library) and offline.json, the map from each page and asset of the built site to a hash of its content.

The worker keys its cache entries by path and hash: after a rebuild, the new worker (its VERSION is the
map's own hash, so the browser sees a changed script) drops exactly the entries whose file changed."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ..core.store import write_atomic
from .mkdocs_config import ASSETS

WORKER = "sw.js"
MAP = "offline.json"
KEPT = (".html", ".css", ".js", ".svg", ".png", ".json", ".ico")  # what a page shows or the search loads
SKIPPED = ("print/", "downloads/", "paperwork/")  # printed lists and office files: not for reading offline


def _url_path(rel: str) -> str:
    """The path a browser asks for: a directory URL for index.html."""
    if rel == "index.html":
        return ""
    return rel[: -len("index.html")] if rel.endswith("/index.html") else rel


def hashes(site: Path) -> dict[str, str]:
    """Path (as requested, under the site) -> the first 10 hex digits of its content's SHA-256."""
    out: dict[str, str] = {}
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site).as_posix()
        if (
            not path.is_file()
            or not rel.endswith(KEPT)
            or rel.startswith(SKIPPED)
            or rel in (WORKER, MAP, "manifest.json")
        ):
            continue
        out[_url_path(rel)] = hashlib.sha256(path.read_bytes()).hexdigest()[:10]
    return out


def write(site: Path) -> tuple[str, str]:
    """Write offline.json and sw.js into the built `site` (new files: the site's files may be hard links
    into the kept build); returns their names. The worker's version is the map's hash."""
    data = json.dumps({"files": hashes(site)}, separators=(",", ":"), sort_keys=True).encode()
    version = hashlib.sha256(data).hexdigest()[:12]
    write_atomic(site / MAP, data)
    worker = (ASSETS / "stdkit-sw.js").read_text(encoding="utf-8").replace("__VERSION__", version)
    write_atomic(site / WORKER, worker.encode("utf-8"))
    return MAP, WORKER

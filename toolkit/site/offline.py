"""Guides that open without signal: the site's service worker (assets/site/stdkit-sw.js, written here, no
library) and offline.json, the map from each page and asset of the built site to a hash of its content.

The worker keys its cache entries by path and hash: after a rebuild, the new worker (its VERSION is the
map's own hash, so the browser sees a changed script) drops exactly the entries whose file changed."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ..core.store import write_atomic
from . import walk
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


def hashes(site: Path, known: dict[str, list] | None = None) -> dict[str, str]:
    """Path (as requested, under the site) -> the first 10 hex digits of its content's SHA-256. `known`
    (rel -> [size, mtime ns, inode, hash], from the last build; updated here): a file whose size, time and
    inode are as recorded is not read again — the output's files are links to the kept site, which never
    rewrites a file in place, so only the pages a build wrote anew are read (about 1.4 s a build before)."""
    out: dict[str, str] = {}
    seen: dict[str, list] = {}
    for folder_rel, folder, files in walk.folders(site, SKIPPED):
        for name, st in files.items():
            rel = folder_rel + name
            if not rel.endswith(KEPT) or rel in (WORKER, MAP, "manifest.json"):
                continue
            stamp = [st.st_size, st.st_mtime_ns, st.st_ino]
            old = (known or {}).get(rel)
            value = old[3] if old is not None and old[:3] == stamp else None
            if value is None:
                value = hashlib.sha256((folder / name).read_bytes()).hexdigest()[:10]
            seen[rel] = [*stamp, value]
            out[_url_path(rel)] = value
    if known is not None:
        known.clear()
        known.update(seen)
    return out


def _read_memo(memo: Path) -> dict[str, list]:
    try:
        known = json.loads(memo.read_bytes())
    except (OSError, ValueError):
        return {}
    return known if isinstance(known, dict) else {}


def write(site: Path, memo: Path | None = None) -> tuple[str, str]:
    """Write offline.json and sw.js into the built `site` (new files: the site's files may be hard links
    into the kept build); returns their names. The worker's version is the map's hash. `memo`: a file in
    the build's cache recording each file's hash with its size, time and inode (see `hashes`)."""
    known = _read_memo(memo) if memo is not None else None
    data = json.dumps({"files": hashes(site, known)}, separators=(",", ":"), sort_keys=True).encode()
    if memo is not None:
        write_atomic(memo, json.dumps(known, separators=(",", ":")).encode())
    version = hashlib.sha256(data).hexdigest()[:12]
    write_atomic(site / MAP, data)
    worker = (ASSETS / "stdkit-sw.js").read_text(encoding="utf-8").replace("__VERSION__", version)
    write_atomic(site / WORKER, worker.encode("utf-8"))
    return MAP, WORKER

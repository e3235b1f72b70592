"""Is an output folder already up to date? A fingerprint of every input of a build (the county's sources,
mkdocs.yml, the toolkit's own code and templates, the options, the tools found) is recorded after each
successful build with the output's file list and hashes; the next build with the same fingerprint and an
output that still matches them does nothing."""

from __future__ import annotations

import hashlib
import json
import shutil
from functools import lru_cache
from pathlib import Path

from ..atomic import write_atomic
from ..settings import current

PACKAGE = Path(__file__).resolve().parent.parent
SOURCES = ("items", "flowcharts", "standard", "published")
TOOLS = ("dot", "chromium", "soffice", "libreoffice")


@lru_cache(maxsize=1)
def toolkit_digest() -> bytes:
    h = hashlib.sha256()
    for path in sorted(p for p in PACKAGE.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        h.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.digest()


def fingerprint(root: Path, out: Path, options: dict) -> str:
    h = hashlib.sha256(toolkit_digest())
    h.update(
        json.dumps(
            {
                **options,
                "out": str(out),
                "epoch": current().epoch,
                "tools": [bool(shutil.which(t)) for t in TOOLS],
            },
            sort_keys=True,
        ).encode()
    )
    files = [root / "mkdocs.yml"] + [
        p for sub in SOURCES for p in sorted((root / sub).rglob("*")) if p.is_file()
    ]
    real_root = root.resolve()
    for path in files:
        if path.is_file():
            if not path.resolve().is_relative_to(real_root):  # a link out: never read (the loader refuses it)
                h.update(path.relative_to(root).as_posix().encode() + b"\0link\0")
                continue
            h.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def _sha(path: Path) -> str:
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def output_files(out: Path, known: dict | None = None) -> dict[str, list] | None:
    """rel path -> [size, mtime_ns, sha256] of every file in the output (None without a manifest). A file
    whose size and mtime match `known` keeps its recorded hash (as git's index does); any other is hashed."""
    if not (out / "manifest.json").is_file():
        return None
    known = known or {}
    files: dict[str, list] = {}
    for path in sorted(p for p in out.rglob("*") if p.is_file() and not p.is_symlink()):
        rel = path.relative_to(out).as_posix()
        st = path.stat()
        old = known.get(rel)
        if old is not None and old[0] == st.st_size and old[1] == st.st_mtime_ns:
            files[rel] = [st.st_size, st.st_mtime_ns, old[2]]
        else:
            files[rel] = [st.st_size, st.st_mtime_ns, _sha(path)]
    return files


def _state_file(cache_dir: Path, mode: str) -> Path:
    return cache_dir / f"last-build-{mode}.json"


def is_current(cache_dir: Path, mode: str, print_: str, out: Path) -> bool:
    """Same inputs as the last build into `out`, and `out` still holds exactly the files that build wrote
    (same list, same contents): a deleted, added or changed file means a rebuild."""
    try:
        state = json.loads(_state_file(cache_dir, mode).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if (
        not isinstance(state, dict)
        or state.get("fingerprint") != print_
        or not isinstance(state.get("files"), dict)
    ):
        return False
    recorded = state["files"]
    now = output_files(out, recorded)
    return now is not None and {k: v[2] for k, v in now.items()} == {k: v[2] for k, v in recorded.items()}


def record(cache_dir: Path, mode: str, print_: str, out: Path) -> None:
    state = {"fingerprint": print_, "files": output_files(out), "out": str(out)}
    write_atomic(_state_file(cache_dir, mode), json.dumps(state).encode())


def built_before(cache_dir: Path, out: Path) -> bool:
    """Did a build of this county record `out` as its output (even if the output was damaged since)?"""
    for path in cache_dir.glob("last-build-*.json"):
        try:
            if json.loads(path.read_text(encoding="utf-8")).get("out") == str(out):
                return True
        except (OSError, ValueError, AttributeError):
            continue
    return False

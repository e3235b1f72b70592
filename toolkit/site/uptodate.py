"""Is an output folder already up to date? A fingerprint of every input of a build (the county's sources,
mkdocs.yml, the toolkit's own code and templates, the options, the tools found) is recorded after each
successful build with a digest of the output (file list and contents); the next build with the same
fingerprint and an output that still matches does nothing."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from functools import lru_cache
from pathlib import Path

from .store import write_atomic

PACKAGE = Path(__file__).resolve().parent.parent
SOURCES = ("items", "flowcharts", "standard", "published")
TOOLS = ("dot", "chromium", "soffice", "libreoffice")


@lru_cache(maxsize=1)
def _toolkit_digest() -> bytes:
    h = hashlib.sha256()
    for path in sorted(p for p in PACKAGE.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        h.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.digest()


def fingerprint(root: Path, out: Path, options: dict) -> str:
    h = hashlib.sha256(_toolkit_digest())
    h.update(
        json.dumps(
            {
                **options,
                "out": str(out),
                "epoch": os.environ.get("SOURCE_DATE_EPOCH"),
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


def output_digest(out: Path) -> str | None:
    """One hash over the output's file list and every file's content (None when there is no output):
    a deleted, added or changed file makes the output not current."""
    if not (out / "manifest.json").is_file():
        return None
    h = hashlib.sha256()
    for path in sorted(p for p in out.rglob("*") if p.is_file() and not p.is_symlink()):
        with open(path, "rb") as fh:
            digest = hashlib.file_digest(fh, "sha256").digest()
        h.update(path.relative_to(out).as_posix().encode() + b"\0" + digest)
    return h.hexdigest()


def _state_file(cache_dir: Path, mode: str) -> Path:
    return cache_dir / f"last-build-{mode}.json"


def is_current(cache_dir: Path, mode: str, print_: str, out: Path) -> bool:
    """Same inputs as the last build into `out`, and `out` still holds exactly what that build wrote."""
    try:
        state = json.loads(_state_file(cache_dir, mode).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if state.get("fingerprint") != print_:
        return False
    return state.get("output") == output_digest(out) is not None


def record(cache_dir: Path, mode: str, print_: str, out: Path) -> None:
    state = {"fingerprint": print_, "output": output_digest(out), "out": str(out)}
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

"""Is an output folder already up to date? A fingerprint of every input of a build (the county's sources,
mkdocs.yml, the toolkit's own code and templates, the options, the tools found) is recorded after each
successful build with the output's file list and hashes; the next build with the same fingerprint and an
output that still matches them does nothing."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from ..core.atomic import write_atomic
from ..core.errors import StdkitError
from ..core.folder import Folder, as_folder
from ..core.settings import current

PACKAGE = Path(__file__).resolve().parent.parent
SOURCES = ("items", "flowcharts", "standard", "published")
TOOLS = ("dot", "chromium", "soffice", "libreoffice")


@lru_cache(maxsize=1)
def toolkit_digest() -> bytes:
    h = hashlib.sha256()
    for path in sorted(p for p in PACKAGE.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        h.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.digest()


def fingerprint(source: Folder | Path, out: Path, options: dict) -> str:
    """A digest of every input of a build. The county's files are read through `folder` (the loader then
    parses the same bytes); a file the folder refuses (a link out, a FIFO, an oversized file) is never
    read: its refusal and its size and time stand for it."""
    folder = as_folder(source)
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
    rels = ["mkdocs.yml"] if folder.has("mkdocs.yml") else []
    for rel in rels + [r for sub in SOURCES for r in folder.tree(sub)]:
        try:
            data = folder.read(rel)
        except StdkitError as exc:
            data = b"\0refused\0" + "|".join(p.code for p in exc.problems).encode() + _stat(folder.path(rel))
        h.update(rel.encode() + b"\0" + data + b"\0")
    return h.hexdigest()


def _stat(path: Path) -> bytes:
    try:
        info = path.lstat()
    except OSError:
        return b"\0gone"
    return f"\0{info.st_size}\0{info.st_mtime_ns}".encode()


def _sha(path: Path) -> str:
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def _walk(out: Path) -> Iterator[tuple[str, os.DirEntry]]:
    """(rel path, entry) of every regular file under `out` (symbolic links are not followed nor listed)."""
    stack = [(out, "")]
    while stack:
        folder, prefix = stack.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    stack.append((Path(entry.path), prefix + entry.name + "/"))
                elif entry.is_file(follow_symlinks=False):
                    yield prefix + entry.name, entry


def output_files(out: Path, known: dict | None = None) -> dict[str, list] | None:
    """rel path -> [size, mtime_ns, sha256] of every file in the output (None without a manifest). A file
    whose size and mtime match `known` keeps its recorded hash (as git's index does); any other is hashed.
    `known` holds only entries that are safe to trust (see `_trusted`)."""
    if not (out / "manifest.json").is_file():
        return None
    known = known or {}
    files: dict[str, list] = {}
    for rel, entry in _walk(out):
        st = entry.stat(follow_symlinks=False)
        old = known.get(rel)
        if old is not None and old[0] == st.st_size and old[1] == st.st_mtime_ns:
            files[rel] = [st.st_size, st.st_mtime_ns, old[2]]
        else:
            files[rel] = [st.st_size, st.st_mtime_ns, _sha(Path(entry.path))]
    return dict(sorted(files.items()))


def _state_file(cache_dir: Path, mode: str) -> Path:
    return cache_dir / f"last-build-{mode}.json"


def _load(path: Path) -> dict | None:
    """The recorded state (fingerprint, files, out) and when it was written; None when missing or unreadable."""
    try:
        with open(path, "rb") as fh:
            written = os.fstat(fh.fileno()).st_mtime_ns  # of the very file read: a concurrent swap cannot mix
            state = json.loads(fh.read())
    except (OSError, ValueError):
        return None
    files = state.get("files") if isinstance(state, dict) else None
    if not isinstance(files, dict) or not all(isinstance(v, list) and len(v) == 3 for v in files.values()):
        return None
    return {**state, "written": written}


def _trusted(state: dict) -> dict[str, list]:
    """The recorded files whose size and mtime may stand for their content: those modified before the state
    was written. A file whose mtime is not older than the state file may have been rewritten after it was
    hashed, within the same clock tick and with the same size ("racily clean", as git calls it): its size
    and mtime prove nothing, it is hashed again."""
    return {rel: v for rel, v in state["files"].items() if isinstance(v[1], int) and v[1] < state["written"]}


def is_current(cache_dir: Path, mode: str, print_: str, out: Path) -> bool:
    """Same inputs as the last build into `out`, and `out` still holds exactly the files that build wrote
    (same list, same contents): a deleted, added or changed file means a rebuild."""
    state = _load(_state_file(cache_dir, mode))
    if state is None or state.get("fingerprint") != print_:
        return False
    now = output_files(out, _trusted(state))
    return now is not None and {k: v[2] for k, v in now.items()} == {
        k: v[2] for k, v in state["files"].items()
    }


def record(cache_dir: Path, mode: str, print_: str, out: Path) -> None:
    """Record the build just finished into `out`. Its unchanged files are links to the same files as in the
    previous build (same size and mtime): their hashes are taken from the previous record when it was of
    the same `out`; only files written since (and racily clean ones, see `_trusted`) are hashed."""
    path = _state_file(cache_dir, mode)
    previous = _load(path)
    known = _trusted(previous) if previous is not None and previous.get("out") == str(out) else None
    state = {"fingerprint": print_, "files": output_files(out, known), "out": str(out)}
    write_atomic(path, json.dumps(state).encode())


def built_before(cache_dir: Path, out: Path) -> bool:
    """Did a build of this county record `out` as its output (even if the output was damaged since)?"""
    for path in cache_dir.glob("last-build-*.json"):
        try:
            if json.loads(path.read_text(encoding="utf-8")).get("out") == str(out):
                return True
        except (OSError, ValueError, AttributeError):
            continue
    return False

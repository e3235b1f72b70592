"""Incremental site builds: mkdocs renders only the pages whose Markdown changed, into a site folder kept in
the project cache, when everything that all pages share is unchanged; otherwise it builds in full.

Why the result equals a full build (tests/test_incremental.py compares them byte for byte):
- Every docs file keeps the modification time of its last *content* change (`settle`): a generator that
  rewrites its folder wholesale (the standard, the paperwork) leaves unchanged files as they were. The
  output of every file whose bytes changed is removed before the build, so mkdocs' dirty mode (render a
  page, copy an asset, when its output is missing or older than its source) redoes exactly those, and
  nothing written earlier is ever overwritten in place (the published output may share it, see `publish`).
- What a page's HTML takes from outside its own Markdown is shared by all pages: the mkdocs configuration
  (navigation, site name and address, theme, Markdown extensions, plugins), the toolkit's code, templates
  and assets, the versions of mkdocs and its theme (together `shared_key`: any change means a full
  build), the docs files that exist (links are resolved against them) and the titles of the pages in the
  navigation. Files: a new one cannot be linked from an unchanged page (that page's last build would
  have failed on the broken link); when a file is removed and an unchanged page still mentions its name,
  the build is full (it reports the broken link), otherwise the removed file's output is deleted. Titles:
  the plugin gives each unchanged navigation page the title it had in the previous build (mkdocs does not
  read unchanged pages); when a re-rendered navigation page's title changed, the build is redone in full.
- Files made from all pages (sitemap, 404 page, the theme's search index) are rendered by mkdocs on every
  build; the citizen search index, dashboard, department, level and venue lists and the QR lists are docs
  files generated from the whole model, so they change whenever any of their inputs does.
- A page that is rendered (in a full build every page) takes its Markdown conversion from a cache of
  conversions by content when it can (render_cache.py: exact, validation included).
- The state (key, titles, docs stamps, site stamps) is removed before a build starts and written only
  after it succeeded: an interrupted or failed build means a full build next time. The output's files are
  hard links to the kept site's: a file changed in place there (a deploy script editing the output) has
  another size or modification time than recorded, and is built again (`_repair`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import platform
import shutil
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path, PurePosixPath

from ..core.settings import current
from ..core.store import write_atomic
from . import compress, uptodate, walk
from .mkdocs_config import run_build
from .plugin import Run, StdkitPlugin
from .render_cache import CONVERTING, RenderCache

STATE = "site-state.json"
# Written by mkdocs on every build (not from a docs file): removed first so they too get new inodes.
ALWAYS_WRITTEN = ("404.html", "sitemap.xml", "sitemap.xml.gz", "search/search_index.json")
DIRTY_WARNING = "A 'dirty' build is being performed"


@dataclass
class SiteBuild:
    mode: str  # "full" or "incremental"
    rendered: int  # Markdown pages mkdocs rendered
    changed: int  # docs files whose content changed since the last build
    cached: int = 0  # of the rendered pages, those whose Markdown conversion came from the cache


def _sha(path: Path) -> str:
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def settle(docs: Path, stamps: dict[str, list]) -> tuple[dict[str, list], list[str]]:
    """Give each docs file whose content equals its recorded one the recorded modification time back.
    Returns the new stamps (rel -> [size, mtime_ns, sha256]) and the files whose content changed."""
    new: dict[str, list] = {}
    changed: list[str] = []
    for dirpath, _dirs, names in os.walk(docs):
        for name in names:
            path = Path(dirpath) / name
            rel = path.relative_to(docs).as_posix()
            st = path.stat()
            old = stamps.get(rel)
            if old is not None and old[0] == st.st_size and old[1] == st.st_mtime_ns:
                new[rel] = old
                continue
            sha = _sha(path)
            if old is not None and old[2] == sha:
                os.utime(path, ns=(st.st_atime_ns, old[1]))
                new[rel] = old
                continue
            new[rel] = [st.st_size, st.st_mtime_ns, sha]
            changed.append(rel)
    return dict(sorted(new.items())), sorted(changed)


def shared_key(cfg: dict) -> str:
    """Everything every page's HTML may depend on besides its own Markdown and the navigation's titles."""
    versions = {p: version(p) for p in ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions")}
    versions["python"] = platform.python_version()  # html.parser reads the raw HTML in Markdown
    h = hashlib.sha256(uptodate.toolkit_digest())
    h.update(json.dumps([cfg, versions, current().epoch], sort_keys=True).encode())
    return h.hexdigest()


def still_linked(docs: Path, removed: list[str], unchanged: list[str]) -> bool:
    """Does an unchanged page mention a removed file? (A full build would then report a broken link.)"""
    names = {PurePosixPath(r).name for r in removed}
    return bool(names) and any(
        any(n in text for n in names)
        for text in ((docs / r).read_text(encoding="utf-8") for r in unchanged if r.endswith(".md"))
    )


def _load_state(path: Path) -> dict:
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) else {}


def _dest(rel: str, docs: Path, site: Path) -> str:
    from mkdocs.structure.files import File

    return File(rel, str(docs), str(site), use_directory_urls=True).dest_uri


def build_site(
    cfg: dict, config_file: Path, cache_dir: Path, *, full: bool = False, plugin: StdkitPlugin | None = None
) -> SiteBuild:
    """Build cfg's docs into cfg's site folder (kept between builds): only changed pages when possible.
    `plugin`: the toolkit's mkdocs plugin to build with (`stdkit serve` keeps it: it holds what mkdocs made)."""
    plugin = StdkitPlugin() if plugin is None else plugin
    docs, site = Path(cfg["docs_dir"]), Path(cfg["site_dir"])
    state_file = cache_dir / STATE
    state = _load_state(state_file)
    state_file.unlink(missing_ok=True)
    old = state.get("stamps") or {}
    stamps, changed = settle(docs, old)
    removed = sorted(set(old) - set(stamps))
    key = shared_key({k: v for k, v in cfg.items() if k != "site_dir"})
    dirty = (
        not full
        and state.get("key") == key
        and site.is_dir()
        and not still_linked(docs, removed, sorted(set(stamps) - set(changed)))
    )
    outdated = [_dest(r, docs, site) for r in (*changed, *removed)]
    if dirty:
        outdated += _repair(site, state.get("site") or {})
    renders = _renders(cfg, cache_dir)
    run = Run(dirty, state.get("titles") or {}, renders=renders)
    _run(config_file, cache_dir, site, outdated, plugin, run)
    if dirty and run.seen != run.titles:  # a navigation title changed: every page shows it
        if renders is not None:
            renders.hits = 0
        run = Run(False, renders=renders)
        _run(config_file, cache_dir, site, outdated, plugin, run)
    if renders is not None and not run.dirty:  # every page went through it: what it did not use is stale
        renders.prune()
    compress.write(site)  # the copies belong to the kept site: recorded with it below, kept while fresh
    new_state = {"key": key, "titles": run.seen, "stamps": stamps, "site": _site_stamps(site)}
    write_atomic(state_file, json.dumps(new_state, ensure_ascii=False).encode())
    mode, hits = "incremental" if run.dirty else "full", renders.hits if renders is not None else 0
    return SiteBuild(mode, run.rendered, len(changed) + len(removed), hits)


def _renders(cfg: dict, cache_dir: Path) -> RenderCache | None:
    """The cache of page conversions, unless caches are off (STDKIT_CACHE=0)."""
    if not current().parse_cache:
        return None
    return RenderCache(cache_dir / "md", shared_key({k: cfg.get(k) for k in CONVERTING}))


def _site_stamps(site: Path) -> dict[str, list[int]]:
    return {
        rel + name: [st.st_size, st.st_mtime_ns]
        for rel, _folder, files in walk.folders(site)
        for name, st in files.items()
    }


def _repair(site: Path, recorded: dict[str, list[int]]) -> list[str]:
    """Files of the kept site that are not as the last build left them (changed through a link in the
    output): they are removed, so that the build makes them again."""
    return [rel for rel, stamp in _site_stamps(site).items() if recorded.get(rel) != stamp]


def _run(
    config_file: Path, cache_dir: Path, site: Path, outdated: list[str], plugin: StdkitPlugin, run: Run
) -> None:
    """One mkdocs build, `run` being the plugin's bookkeeping of it; a dirty one first removes the outputs it must write (also those of removed files).
    A full one removes every file but keeps the folders, and lets mkdocs' dirty mode write every output
    (all are missing) into them: as mkdocs' clean build, without removing and making again thousands of
    folders (most of a full build's file system time); folders left empty are removed afterwards."""
    if run.dirty:
        for rel in (*ALWAYS_WRITTEN, *outdated):
            (site / rel).unlink(missing_ok=True)
    else:
        _empty(site)
    quiet = _DropDirtyWarning()
    logging.getLogger("mkdocs.commands.build").addFilter(quiet)
    plugin.run = run
    try:
        run_build(config_file, cache_dir, plugin, dirty=True)
    finally:
        plugin.stop_prerender()
        plugin.run = None
        logging.getLogger("mkdocs.commands.build").removeFilter(quiet)
    if not run.dirty:
        _drop_empty_folders(site)


def _empty(site: Path) -> None:
    for dirpath, _dirs, names in os.walk(site):
        for name in names:
            os.unlink(os.path.join(dirpath, name))


def _drop_empty_folders(site: Path) -> None:
    for dirpath, dirs, names in os.walk(site, topdown=False):
        if not names and dirpath != str(site) and not os.listdir(dirpath):
            os.rmdir(dirpath)


class _DropDirtyWarning(logging.Filter):
    """mkdocs warns about its dirty mode in general; here the navigation is kept exact (see above)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(DIRTY_WARNING)


def publish(site: Path, staging: Path) -> None:
    """The built site into the new output folder, as hard links (mkdocs never rewrites a kept file in place:
    see `build_site`), or copies where links are impossible (another file system). When `staging` already
    holds a folder (an older output kept by atomic.staged_dir as its spare), it is brought to the same state:
    what already links to the site's very files stays, everything else is replaced or removed."""
    try:
        if staging.is_dir() and os.stat(staging).st_dev != os.stat(site).st_dev:
            raise OSError("the spare is on another file system")
        staging.mkdir(exist_ok=True)
        _relink(str(site), str(staging))
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)
        shutil.copytree(site, staging)


def _relink(src: str, dst: str) -> None:
    """Make folder `dst` hold exactly hard links to the files under `src` (same names, same folders),
    touching only what differs: one listing of each folder and one stat of each file on either side."""
    with os.scandir(src) as entries:
        want = {e.name: e for e in entries}
    with os.scandir(dst) as entries:
        have = {e.name: e for e in entries}
    for name, w in want.items():
        target = os.path.join(dst, name)
        old = have.pop(name, None)
        if w.is_dir(follow_symlinks=False):
            if old is not None and not old.is_dir(follow_symlinks=False):
                _remove(old)
                old = None
            if old is None:
                os.mkdir(target)
            _relink(w.path, target)
        elif (
            old is None
            or old.is_dir(follow_symlinks=False)
            or not os.path.samestat(old.stat(follow_symlinks=False), w.stat())
        ):
            if old is not None:
                _remove(old)
            os.link(w.path, target)
    for old in have.values():  # not in the site (any more)
        _remove(old)


def _remove(entry: os.DirEntry) -> None:
    if entry.is_dir(follow_symlinks=False):
        shutil.rmtree(entry.path)
    else:
        os.unlink(entry.path)

"""`stdkit serve`'s fast path: the validated model and mkdocs' objects of the last build (configuration,
files, navigation, theme environment) stay in memory between saves, so that a saved item shows in the
browser in well under a second.

A save of existing item files (items/services/…/*.yaml) goes in four steps:
1. only the saved files are read and validated (the loader's own `read_kind`), linked into a copy of the
   model and checked as `stdkit validate` checks a folder (cross-checks, the standard's lint); an error is
   printed with file, line and field, and nothing is written;
2. the edited items' pages (and flowcharts) are written and rendered with the kept mkdocs objects; the open
   pages reload;
3. every other generated docs file is made from the model as a full build makes it (`docs.prepare`) and
   compared with the last one byte for byte (`incremental.settle`): the department, level, venue and
   bundle lists, the search index, the dashboard … that changed are rendered, and the pages reload again;
4. the standard's text and the conformance pages likewise (they quote figures computed from the model).
Anything else (departments, flows, the network, mkdocs.yml, the standard, a file added or deleted), a
navigation title or the menu that changes, or a page added or removed, goes the full way (`Live.full`:
toolkit/site/incremental.py), which also renews what is kept. tests/test_serve_fast.py compares the site
after fast saves with a full build of the same sources, byte for byte.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import time
from collections.abc import Callable
from pathlib import Path, PurePosixPath

from ..core.cachedir import project_cache
from ..core.errors import Problem, StdkitError
from ..core.folder import Folder
from ..core.layout import KIND_BY_NAME
from ..core.load import read_kind
from ..core.project import Project
from ..core.references import cross_check
from ..core.site_settings import USER_CONFIG, user_settings
from ..core.store import ArtefactCache, DocsTree
from ..core.workspace import Workspace
from ..site import compress, flowchart, incremental, registry, venues
from ..site.mdsafe import take_removed
from ..site.mkdocs_config import refuse_removed, site_config, write_config
from ..site.plugin import Built, StdkitPlugin, nav_entry
from ..site.uptodate import SOURCES
from . import docs
from .validate import checked_project

ITEM = KIND_BY_NAME["item"]


class FullBuild(Exception):
    """This save takes the full way; the reason is said to the user (Chinese)."""


def preview_settings(root: Path, addr: str) -> dict:
    """The county's settings; without a site_url the preview's own address stands in (never printed)."""
    settings = user_settings(root)
    if not settings.get("site_url"):
        settings["site_url"] = f"http://{addr}/"
    return settings


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """Size and modification time of every file `stdkit serve` watches, by path relative to root."""
    out: dict[str, tuple[int, int]] = {}
    prefix = len(str(root)) + 1
    for top in [root / USER_CONFIG] + [root / s for s in SOURCES]:
        walk = [(str(top.parent), [], [top.name])] if not top.is_dir() else os.walk(top)
        for folder, _dirs, names in walk:
            for name in names:
                path = os.path.join(folder, name)
                try:
                    st = os.stat(path)
                except OSError:
                    continue
                out[path[prefix:].replace(os.sep, "/")] = (st.st_size, st.st_mtime_ns)
    return out


class Live:
    """One county's preview: what the last build left in memory, and the way each save takes."""

    def __init__(self, root: Path, addr: str, *, quiet: float = 0.0):
        self.root, self.addr = Path(root).resolve(), addr
        self.cache_dir = project_cache(self.root, "serve")
        self.docs = self.cache_dir / "docs"
        self.settings: dict = {}
        self.project: Project | None = None
        self.plugin = StdkitPlugin()  # the toolkit's mkdocs plugin of this preview's builds
        self.mk: Built | None = None  # mkdocs' objects of the last build, as the plugin saw them
        self.cfg: dict = {}
        self.sources: dict[str, tuple[int, int]] = {}
        self.stamps: dict[str, list] = {}
        self.behind = False  # the lists made from the model lag behind the last saved items
        self.saved_at = 0.0  # when the last item's page was written (time.monotonic)
        self.quiet = quiet

    def config(self, project: Project, prepared: docs.Prepared) -> dict:
        cfg = site_config(
            self.settings,
            docs_dir=prepared.docs_dir,
            site_dir=self.cache_dir / "html",
            nav=prepared.nav(),
            not_in_nav=registry.hidden(),
            county_name=project.county.name,
        )
        cfg["strict"] = False  # the staff's paperwork is not generated in the preview: its links stay open
        return cfg

    def full(self, *, full: bool = False) -> incremental.SiteBuild:
        """The full way: the whole folder validated, every docs file regenerated, mkdocs on the changed
        pages (toolkit/site/incremental.py); what the build leaves is kept for the next saves."""
        self.mk = None
        sources = snapshot(self.root)
        self.settings = preview_settings(self.root, self.addr)
        project = checked_project(Workspace.open(self.root))
        prepared = docs.prepare(project, self.settings, self.cache_dir, pdf_links=False)
        cfg = self.config(project, prepared)
        config_file = write_config(cfg, self.cache_dir / "mkdocs.yml")
        site = incremental.build_site(cfg, config_file, self.cache_dir, full=full, plugin=self.plugin)
        self.stamps, _ = incremental.settle(self.docs, {})
        self.project, self.cfg, self.sources, self.behind = project, cfg, sources, False
        self.mk = self.plugin.built
        return site

    def save(self, show: Callable[[bool], None], pending: Callable[[], bool] = lambda: False) -> str | None:
        """One round after the watched files changed (or when the lists are due): a report line, None when
        nothing was done. `show(reload)` makes the pages written so far the site (the open pages reload
        when `reload`); `pending()` says another save is waiting: the lists are then left for later."""
        now = snapshot(self.root)
        changed = sorted(k for k in now.keys() | self.sources.keys() if now.get(k) != self.sources.get(k))
        error, first, rest = None, 0, None
        try:
            if changed:
                try:
                    ids = self._saved_items(changed, now)
                    project = self._validated(ids)  # an error here: nothing is written
                except StdkitError as err:
                    error = err  # the last good model's lists are still brought up to date
                else:
                    first = self._items_first(project, ids, now)
            show(first > 0)
            if self.lists_due() == 0:
                rest = self._rest(show, pending)
        except FullBuild as why:
            return self._full_way(why)
        except BaseException:
            self.mk = None  # half done: the next save takes the full way
            raise
        if error is not None:
            raise error
        if not changed:
            return None if rest is None else f"其余网页 {rest} 个"
        return f"事项页 {first} 个，" + ("其余网页稍后更新" if rest is None else f"其余网页 {rest} 个")

    def lists_due(self) -> float | None:
        """Seconds until the lists are brought up to the saved items (None: they are): `quiet` seconds
        after the last save, so that saves in quick succession each show their item's page at once."""
        if not self.behind:
            return None
        return max(0.0, self.saved_at + self.quiet - time.monotonic())

    def _full_way(self, why: FullBuild) -> str:
        site = self.full()
        return f"{why}，完整生成：{site.rendered} 个网页"

    def _saved_items(self, changed: list[str], now: dict) -> list[str]:
        """The ids of the saved items, when only existing item files changed."""
        if self.mk is None or self.project is None:
            raise FullBuild("上次生成未完成")
        ids = []
        for rel in changed:
            src = self.project.sources.get(("item", PurePosixPath(rel).stem))
            if rel not in now or src is None or src.file != rel:
                raise FullBuild(f"改动的不只是已有事项的文件（{rel}）")
            ids.append(PurePosixPath(rel).stem)
        return ids

    def _items_first(self, project: Project, ids: list[str], now: dict) -> int:
        """Step 2: the saved items' pages (and flowcharts) only. Returns the number of pages rendered."""
        saved = dataclasses.replace(project, items={i: project.items[i] for i in ids})
        flows = flowchart.render_all(saved, ArtefactCache(self.cache_dir, "flow"))  # the saved items' charts
        flow_files = {k: flowchart.file_of(v) for k, v in flows.items()}
        ctx = registry.Context(self.settings["site_url"], flow_files, venues.venues(project), False)
        tree = DocsTree(self.docs)
        for item_id in ids:
            if item_id in flows:
                tree.write(flow_files[item_id], flows[item_id])
            tree.write(*registry.item_page(project, ctx, item_id))
        rendered = self._sync(project, None, only=set(tree.changed))
        self.project, self.sources, self.behind = project, now, True
        self.saved_at = time.monotonic()
        return rendered

    def _rest(self, show: Callable[[bool], None], pending: Callable[[], bool]) -> int | None:
        """Steps 3 and 4: everything else made from the model, rendered where it changed; None when cut
        short by another save (what was written is rendered in the next round: the stamps tell)."""
        assert self.project is not None
        project, rendered = self.project, 0
        prepared = None
        for step in ("pages", "sections"):
            if pending():
                return None
            if step == "pages":
                prepared = docs.prepare(
                    project, self.settings, self.cache_dir, pdf_links=False, with_sections=False
                )
            else:
                assert prepared is not None
                docs.write_sections(project, self.docs, prepared)
            if pending():
                return None
            done = self._sync(project, prepared)
            if done:
                show(True)
            rendered += done
        self.behind = False
        return rendered

    def _validated(self, ids: list[str]) -> Project:
        """The model with the saved items read again, checked as `stdkit validate` checks the folder."""
        assert self.project is not None
        problems: list[Problem] = []
        items, sources = dict(self.project.items), dict(self.project.sources)
        fresh = Folder(self.root)  # the saved files as they are now
        for item_id in ids:
            rel = sources[("item", item_id)].file
            for obj, src in read_kind(fresh, dataclasses.replace(ITEM, pattern=rel), problems):
                items[item_id], sources[("item", item_id)] = obj, src
        if problems:
            raise StdkitError(problems)
        project = dataclasses.replace(self.project, folder=fresh, items=items, sources=sources)
        errors = [p for p in cross_check(project) if p.severity == "error"]
        if errors:
            raise StdkitError(errors)
        return checked_project(Workspace(fresh, project))

    def _sync(self, project: Project, prepared: docs.Prepared | None, only: set[str] | None = None) -> int:
        """Bring the site up to the docs folder (`only`: to these of its files; the others stay changed for
        a later round): the pages whose Markdown changed are rendered, other changed files copied, removed
        ones deleted. Returns the number of pages rendered."""
        assert self.mk is not None
        if prepared is not None and self.config(project, prepared) != self.cfg:
            raise FullBuild("网站菜单或设置变了")
        if only is None:
            stamps, changed = incremental.settle(self.docs, self.stamps)
        else:  # files just written: the others keep their stamps (changed ones stay changed for later)
            stamps, changed = {**self.stamps, **{r: _stamp(self.docs / r) for r in only}}, sorted(only)
        removed = sorted(set(self.stamps) - set(stamps))
        if any(r.endswith(".md") for r in removed):
            raise FullBuild("有网页被删除")
        unchanged = sorted(set(stamps) - set(changed))
        if incremental.still_linked(self.docs, removed, unchanged):
            raise FullBuild("被删除的文件仍有网页链接")
        files, site = self.mk.files, Path(self.cfg["site_dir"])
        written = []  # in the kept site: their compressed copies follow (toolkit/site/compress.py)
        for rel in removed:
            written.append(files.get_file_from_path(rel).dest_uri)
            (site / written[-1]).unlink(missing_ok=True)
            files.remove(files.get_file_from_path(rel))
        pages = []
        for rel in changed:
            file = files.get_file_from_path(rel) or self._new_file(rel)
            written.append(file.dest_uri)
            if file.page is not None:
                pages.append(file.page)
            else:
                file.copy_file()
        self._render(pages)
        compress.refresh(site, written)
        self.stamps = stamps
        return len(pages)

    def _new_file(self, rel: str):
        """A docs file that was not there at the last build (a flowchart, say); a new page needs a full build."""
        from mkdocs.structure.files import File, set_exclusions

        assert self.mk is not None
        if rel.endswith(".md"):
            raise FullBuild("有新的网页")
        file = File(rel, str(self.docs), self.cfg["site_dir"], use_directory_urls=True)
        set_exclusions([file], self.mk.config)
        self.mk.files.append(file)
        return file

    def _render(self, pages: list) -> None:
        """mkdocs' own page build with the kept objects; a page of the menu whose title changed would change
        every page: that is the full way."""
        from mkdocs.commands.build import _build_page, _populate_page
        from mkdocs.structure.files import InclusionLevel

        assert self.mk is not None
        config, files, nav, env = self.mk.config, self.mk.files, self.mk.nav, self.mk.env
        in_nav = {id(p) for p in nav.pages}
        take_removed()
        for page in pages:
            before = nav_entry(page)
            _populate_page(page, config, files)
            if id(page) in in_nav and nav_entry(page) != before:
                raise FullBuild("菜单中的网页标题变了")
        refuse_removed(take_removed())  # before anything is written
        doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
        for page in pages:
            _build_page(page, config, doc_files, nav, env)


def _stamp(path: Path) -> list:
    """A docs file's stamp as `incremental.settle` records it: [size, mtime_ns, sha256]."""
    st = path.stat()
    return [st.st_size, st.st_mtime_ns, hashlib.sha256(path.read_bytes()).hexdigest()]

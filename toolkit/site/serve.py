"""`stdkit serve`: one long-running process that watches the county's sources, rebuilds in process only what
changed (pages regenerated from the YAML, then mkdocs on the changed pages: toolkit/site/incremental.py)
into a site kept in the cache, and serves it with mkdocs' live-reload server, so the page open in the
browser reloads itself after each rebuild. The reload script is added by the server to the pages it
sends, never written into the built site. An error is printed and the last good pages stay."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from ..cachedir import project_cache
from ..check_all import checked_project
from ..errors import StdkitError
from . import incremental, registry
from .docs import prepare
from .mkdocs_config import USER_CONFIG, site_config, source_date_epoch, user_settings, write_config
from .uptodate import SOURCES

POLL_SECONDS = 0.2  # how often the sources are checked for changes


def preview_settings(root: Path, addr: str) -> dict:
    """The county's settings; without a site_url the preview's own address stands in (never printed)."""
    settings = user_settings(root)
    if not settings.get("site_url"):
        settings["site_url"] = f"http://{addr}/"
    return settings


def rebuild(root: Path, addr: str) -> incremental.SiteBuild:
    """Regenerate the preview's docs from the sources and build the changed pages."""
    cache_dir = project_cache(root, "serve")
    project = checked_project(root)
    prepared = prepare(project, root, preview_settings(root, addr), cache_dir, pdf_links=False)
    cfg = site_config(
        preview_settings(root, addr),
        docs_dir=prepared.docs_dir,
        site_dir=cache_dir / "html",
        nav=prepared.nav(),
        not_in_nav=registry.hidden(),
        county_name=project.county.name,
    )
    cfg["strict"] = False  # the staff's paperwork is not generated in the preview: its links stay open
    return incremental.build_site(cfg, write_config(cfg, cache_dir / "mkdocs.yml"), cache_dir)


def _builder(root: Path, addr: str):
    def build() -> None:
        t0 = time.perf_counter()
        try:
            site = rebuild(root, addr)
        except StdkitError as err:
            print(f"{err}\n（页面保持上次成功生成的内容）", file=sys.stderr)
            return
        print(f"已更新：{site.rendered} 个网页，用时 {time.perf_counter() - t0:.1f} 秒。", file=sys.stderr)

    return build


def serve(root: Path, addr: str) -> None:
    from mkdocs.livereload import LiveReloadServer

    root = Path(root).resolve()
    host, _, port = addr.rpartition(":")
    with source_date_epoch():
        rebuild(root, addr)  # the first build: an error ends the command
        server = LiveReloadServer(
            builder=_builder(root, addr),
            host=host,
            port=int(port),
            root=str(project_cache(root, "serve") / "html"),
            polling_interval=POLL_SECONDS,
        )
        for path in (root / USER_CONFIG, *(root / s for s in SOURCES)):
            if path.exists():
                server.watch(str(path))
        print(f"预览网址：http://{addr}/（修改数据后网页自动刷新；按 Ctrl+C 停止）", file=sys.stderr)
        try:
            server.serve()
        except KeyboardInterrupt:
            pass
        finally:
            server.shutdown()

"""`stdkit serve`: mkdocs' live-reloading server on the generated docs; a pre-build hook regenerates the
docs from the YAML sources whenever they change (errors are printed, the last good pages stay).

The hook learns the county folder and the preview address from the mkdocs config it is given (its `extra`
key `stdkit_serve`), never from the environment."""

from __future__ import annotations

from pathlib import Path

from ..cachedir import project_cache
from ..check_all import checked_project
from . import registry
from .docs import prepare
from .mkdocs_config import _jieba_cache, site_config, source_date_epoch, user_settings, write_config

HOOK = Path(__file__).resolve().parent / "serve_hook.py"
EXTRA = "stdkit_serve"  # key under the config's `extra`: {"root": county folder, "addr": host:port}


def preview_settings(root: Path, addr: str) -> dict:
    """The county's settings; without a site_url the preview's own address stands in (never printed)."""
    settings = user_settings(root)
    if not settings.get("site_url"):
        settings["site_url"] = f"http://{addr}/"
    return settings


def regenerate(root: Path, addr: str) -> None:
    project = checked_project(root)
    prepare(project, root, preview_settings(root, addr), project_cache(root, "site"), pdf_links=False)


def serve_config(root: Path, addr: str) -> Path:
    """Generate the docs once and write the preview's mkdocs config (with the hook and what it needs)."""
    cache_dir = project_cache(root, "site")
    project = checked_project(root)
    settings = preview_settings(root, addr)
    prepared = prepare(project, root, settings, cache_dir, pdf_links=False)
    watch = [
        str(p)
        for p in (root / "items", root / "flowcharts", root / "standard", root / "published")
        if p.is_dir()
    ]
    cfg = site_config(
        settings,
        docs_dir=prepared.docs_dir,
        site_dir=cache_dir / "serve-site",
        nav=prepared.nav(),
        not_in_nav=registry.hidden(),
        county_name=project.county.name,
        hooks=[str(HOOK)],
        watch=watch,
    )
    cfg["dev_addr"] = addr
    cfg["extra"] = {EXTRA: {"root": str(root), "addr": addr}}
    cfg.pop("strict", None)
    return write_config(cfg, cache_dir / "mkdocs-serve.yml")


def serve(root: Path, addr: str) -> None:
    from mkdocs.commands.serve import serve as mkdocs_serve

    root = Path(root).resolve()
    config_file = serve_config(root, addr)
    _jieba_cache(project_cache(root, "site") / "jieba")
    with source_date_epoch():
        mkdocs_serve(config_file=str(config_file), livereload=True)

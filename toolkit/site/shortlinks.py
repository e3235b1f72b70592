"""The permanent short URLs printed in QR codes. In a built site /g/<id>/ IS the guide (a copy of the item
page, same folder depth so every relative link holds, with the theme's canonical link to the long address):
a phone on a slow link gets the guide in one request, with no redirect hop. `stdkit serve` keeps the small
forwarding page (meta refresh + a link). A withdrawn or renamed id (from the ledger) says where it went."""

from __future__ import annotations

import os
from pathlib import Path

from ..core import urls
from ..core.project import Project
from ..core.store import write_atomic
from . import compress
from .ledger import Moved
from .text import render_html

HERE = "g/x/index.html"  # depth of every short page inside the site


def short_page(project: Project, item_id: str) -> str:
    return render_html(
        "short.html.j2",
        name=project.items[item_id].name,
        target=urls.rel(HERE, urls.item_dir(item_id)),
        county=project.county,
    )


def moved_page(project: Project, moved: Moved) -> str:
    target = project.items[moved.target] if moved.target else None
    return render_html(
        "moved.html.j2",
        moved=moved,
        target=target,
        county=project.county,
        href=urls.rel(HERE, urls.item_dir(moved.target)) if moved.target else None,
        home=urls.rel(HERE, "guide/"),
    )


def all_pages(project: Project, moved: list[Moved]):
    """Yield (docs path, HTML) for every short URL: current items and the ledger's moved ids."""
    for item_id in project.items:
        yield urls.short_dir(item_id) + "index.html", short_page(project, item_id)
    for m in moved:
        yield urls.short_dir(m.id) + "index.html", moved_page(project, m)


def serve_guides(site: Path, project: Project) -> int:
    """Replace each current item's forwarding page in the built `site` by the guide itself."""
    n = 0
    for item_id in project.items:
        page = site / urls.item_dir(item_id) / "index.html"
        # a new file, never a write into the old one: the output's files are links to the kept site's
        short = site / urls.short_dir(item_id) / "index.html"
        short.unlink(missing_ok=True)
        try:
            os.link(page, short)
            compress.link_copies(page, short)
        except OSError:  # a file system without hard links
            write_atomic(short, page.read_bytes())
            compress.write_one(short, site)
        n += 1
    return n

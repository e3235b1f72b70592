"""The permanent short URLs printed in QR codes: /g/<id>/ is a tiny page that sends the phone on to the
item page (meta refresh + a link); a withdrawn or renamed id (from the ledger) says where the service went."""

from __future__ import annotations

from ..project import Project
from . import urls
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

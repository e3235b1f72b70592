"""The site's page types in one table: what each generates, where it sits in the citizens' menu, and which
of its pages are reached by links only. `docs.prepare` writes every type's pages, `Prepared.nav` builds the
menu and `mkdocs_config` the `not_in_nav` list from this table, so a new page type is a template, a page
function and one entry here (see CONTRIBUTING.md, 改动三)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..core import urls
from ..core.project import Project
from . import dashboard, pages, venues
from .text import render_md


@dataclass(frozen=True)
class Context:
    """What page functions may read besides the model: decided by the build, the same for every page."""

    site_url: str
    flow_files: dict[str, str]  # item or bundle id -> flowchart file name
    venues: list[venues.Venue]
    pdf_links: bool  # the printable QR lists have PDFs to link to


Pages = Iterable[tuple[str, str]]  # (docs path, content)


@dataclass(frozen=True)
class PageType:
    key: str
    pages: Callable[[Project, Context], Pages]
    menu: tuple[tuple[str, str], ...] = ()  # (title, docs path) entries of the citizens' menu, in order
    hidden: tuple[
        str, ...
    ] = ()  # gitignore-style patterns of pages reached by links only (mkdocs not_in_nav)


def _home(project: Project, ctx: Context) -> Pages:
    yield "index.md", pages.home_page(project)


def _lifecycle(project: Project, ctx: Context) -> Pages:
    for kind, path in pages.LIFECYCLE_FILES.items():
        page = pages.lifecycle_page(project, kind)
        if page is not None:
            yield path, page


def _bundles(project: Project, ctx: Context) -> Pages:
    yield "bundles/index.md", pages.bundles_index(project)
    for bid in project.bundles:
        yield urls.bundle_md(bid), pages.bundle_page(project, bid, ctx.flow_files)


def _guide(project: Project, ctx: Context) -> Pages:
    yield "guide/index.md", pages.guide_index(project)
    yield "guide/township.md", pages.level_page(project, "乡镇")
    yield "guide/village.md", pages.level_page(project, "村")
    published = {i.department for i in project.items.values()}  # a department without items has no page
    for code in project.departments:
        if code in published:
            yield urls.department_md(code), pages.department_page(project, code)


def item_page(project: Project, ctx: Context, item_id: str) -> tuple[str, str]:
    """One item's page (`stdkit serve` renders an edited item's page before all others)."""
    item = project.items[item_id]
    return urls.item_md(item_id), pages.item_page(project, item, ctx.site_url, ctx.flow_files.get(item_id))


def _items(project: Project, ctx: Context) -> Pages:
    for item_id in project.items:
        yield item_page(project, ctx, item_id)


def _venues(project: Project, ctx: Context) -> Pages:
    return venues.all_pages(project, ctx.venues, ctx.pdf_links)


def _dashboard(project: Project, ctx: Context) -> Pages:
    return dashboard.files(project)


def _quick(project: Project, ctx: Context) -> Pages:
    """Items finished on the spot (即办: 0 working days or minutes) and items needing no visit at all."""
    md = "guide/quick.md"

    def row(item) -> dict:
        limit = item.promised_limit
        return {
            "link": pages.item_link(md, project, item.id),
            "department": project.department_of(item).short_name,
            "limit": limit.label() if limit else "",
        }

    on_the_spot = [
        row(i) for i in project.items.values() if i.promised_limit and i.promised_limit.on_the_spot
    ]
    online = [row(i) for i in project.items.values() if i.visits == 0]
    page = render_md("quick.md.j2", county=project.county, on_the_spot=on_the_spot, online=online)
    yield md, pages.front_matter(search=False) + page


PAGE_TYPES: tuple[PageType, ...] = (
    PageType("home", _home, menu=(("首页", "index.md"),)),
    PageType(
        "lifecycle",
        _lifecycle,
        menu=(("个人办事", pages.LIFECYCLE_FILES["个人"]), ("企业办事", pages.LIFECYCLE_FILES["企业"])),
    ),
    PageType("bundles", _bundles, menu=(("一事联办", "bundles/index.md"),), hidden=("/bundles/*.md",)),
    PageType(
        "guide",
        _guide,
        menu=(("按部门查找", "guide/index.md"),),
        hidden=("/departments/", "/guide/township.md", "/guide/village.md"),
    ),
    PageType("items", _items, hidden=("/items/",)),
    PageType("venues", _venues, menu=(("办事场所", "venues/index.md"),), hidden=("/venues/", "/stations/")),
    PageType("quick", _quick, menu=(("马上办 · 零跑动", "guide/quick.md"),)),
    PageType("dashboard", _dashboard, menu=(("改革成效", "dashboard/index.md"),)),
)

# Folders written by other modules (standard, conformance, paperwork) whose pages are reached by links only.
FOREIGN_HIDDEN = ("/staff/",)  # the window staff's handbook (toolkit/paperwork/web.py)


def menu() -> list[dict[str, str]]:
    """The citizens' part of the menu, in the order of PAGE_TYPES."""
    return [{title: path} for t in PAGE_TYPES for title, path in t.menu]


def hidden() -> list[str]:
    """`not_in_nav`: every type's link-only pages (a page the menu lists is in the menu all the same)."""
    return [p for t in PAGE_TYPES for p in t.hidden] + list(FOREIGN_HIDDEN)


def all_pages(project: Project, ctx: Context) -> Pages:
    for page_type in PAGE_TYPES:
        yield from page_type.pages(project, ctx)

"""Venue pages: the county centre (hall zones, windows, posts, desks, special zones), each township
centre, and the village stations grouped per township — which items each handles, how, and where its
printable QR list is."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from markupsafe import Markup

from ..core import urls
from ..core.codelists import title as code_title
from ..core.guide import PENDING
from ..core.models.common import Facts
from ..core.project import Project
from .pages import GUIDE, front_matter, item_link, link, tel_link
from .text import raw, render_md


@dataclass(frozen=True)
class Venue:
    """One printable QR list: a venue (or a township's group of village stations) and its items."""

    id: str
    title: str
    level: str
    item_ids: tuple[str, ...]
    groups: tuple[tuple[str, tuple[str, ...]], ...]  # (heading, item ids) as printed
    pdf_of: str = ""  # the poster whose PDF this venue links: venues sharing one list share one PDF
    sites: tuple[
        str, ...
    ] = ()  # township centre or village station ids (by `level`): a page each, own contacts

    @property
    def pdf_id(self) -> str:
        return self.pdf_of or self.id


ALL_TOWNSHIPS, ALL_VILLAGES = urls.ALL_TOWNSHIPS, urls.ALL_VILLAGES


EXAMPLE_MARK = "（示例，尚未经本县确认）"


def shown(name: str, record: Facts) -> str:
    """A venue's name as pages and lists print it: marked when the whole record is an example (init's
    示例镇), so an example never reads as one of the county's venues."""
    return name + EXAMPLE_MARK if record.example is True else name


def village_group_id(township_id: str) -> str:
    return township_id + urls.VILLAGES_SUFFIX


def venues(project: Project) -> list[Venue]:
    """Every venue with a QR list, county first; ids are safe path segments."""
    items = sorted(project.items.values(), key=lambda i: (i.counter, i.department, i.id))
    groups: dict[str, list[str]] = {}
    for i in items:
        zone = code_title("counters", i.counter)
        heading = f"{zone} · {project.department_of(i).short_name}"
        groups.setdefault(heading, []).append(i.id)
    out = [
        Venue(
            project.centre.id,
            project.centre.name,
            "县级",
            tuple(i.id for i in items),
            tuple((h, tuple(v)) for h, v in groups.items()),
        )
    ]
    town_ids = tuple(project.township_items)
    village_ids = tuple(project.village_items)
    town_groups, village_groups = (
        by_department(project, town_ids, project.township_volumes),
        by_department(project, village_ids, project.village_volumes),
    )
    # Every township centre offers the same list: one document (and PDF) with a page per centre (its
    # address, phone and hours), printed once by Chromium; each centre also has its own printable page.
    out.append(
        Venue(
            ALL_TOWNSHIPS,
            f"全{project.county.kind}{len(project.townships)}个乡镇便民服务中心",
            "乡镇",
            town_ids,
            town_groups,
            sites=tuple(project.townships),
        )
    )
    out.append(
        Venue(
            ALL_VILLAGES,
            f"全{project.county.kind}{len(project.villages)}个村（社区）便民服务站（通用）",
            "村",
            village_ids,
            village_groups,
        )
    )
    for t in project.townships.values():
        out.append(Venue(t.id, shown(t.name, t), "乡镇", town_ids, town_groups, ALL_TOWNSHIPS, (t.id,)))
        # Each station gets its own page (name, 代办员 phone, hours) in one document (and PDF) per township:
        # 405 separate Chromium runs would cost minutes; a township without stations shares the county list.
        stations = tuple(v.id for v in project.villages_of(t.id))
        out.append(
            Venue(
                village_group_id(t.id),
                shown(f"{t.town}各村（社区）便民服务站", t),
                "村",
                village_ids,
                village_groups,
                "" if stations else ALL_VILLAGES,
                stations,
            )
        )
    return out


def by_department(project: Project, ids: tuple[str, ...], volumes: dict[str, int]) -> tuple:
    """The printed order: departments in the county's order, then 年办件量 (highest first); items without
    a figure follow in the list's own order."""
    rank = {code: n for n, code in enumerate(project.departments)}
    position = {iid: n for n, iid in enumerate(ids)}
    ordered = sorted(
        ids,
        key=lambda i: (
            rank.get(project.items[i].department, len(rank)),
            i not in volumes,
            -volumes.get(i, 0),
            position[i],
        ),
    )
    groups: dict[str, list[str]] = {}
    for iid in ordered:
        groups.setdefault(project.department_of(project.items[iid]).short_name, []).append(iid)
    return tuple((h, tuple(v)) for h, v in groups.items())


def _print_links(md: str, venue: Venue, has_pdf: bool) -> str:
    html = urls.poster_html(venue.id)
    out = f"[打开可打印的二维码清单（A4）]({urls.rel(md, html)}){{ .md-button }}"
    if has_pdf:
        # The PDF is made alongside the site engine's run, so it is linked as plain HTML (checked by the build).
        out += f' <a class="md-button" href="{urls.rel(md, urls.poster_pdf(venue.pdf_id))}" download>下载 PDF</a>'
    return raw(out)


def county_page(project: Project, venue: Venue, has_pdf: bool) -> str:
    c = project.centre
    md = urls.venue_md(c.id)
    by_counter: dict[str, dict[str, int]] = {}
    for i in project.items.values():
        by_counter.setdefault(i.counter, {})
        by_counter[i.counter][i.department] = by_counter[i.counter].get(i.department, 0) + 1
    counters = [
        {
            "title": code_title("counters", k),
            "count": sum(v.values()),
            "departments": raw(
                "、".join(
                    f"{link(md, project.departments[d].short_name, urls.department_md(d))}（{n}）"
                    for d, n in sorted(v.items())
                )
            ),
        }
        for k, v in sorted(by_counter.items())
    ]
    return front_matter(title=c.name) + render_md(
        "venue-county.md.j2",
        centre=c,
        counters=counters,
        items=len(project.items),
        print_links=_print_links(md, venue, has_pdf),
    )


def township_page(project: Project, township_id: str, venue: Venue, has_pdf: bool) -> str:
    t = project.townships[township_id]
    md = urls.venue_md(t.id)
    rows = [
        {
            "link": item_link(md, project, i),
            "mode": code_title("township-modes", mode) if (mode := project.items[i].levels.township) else "—",
        }
        for i in project.township_items
    ]
    return front_matter(title=shown(t.name, t), search=False) + render_md(
        "venue-township.md.j2",
        t=t,
        heading=shown(t.name, t),
        rows=rows,
        print_links=_print_links(md, venue, has_pdf),
        villages_link=link(
            md, shown(f"{t.town}各村（社区）便民服务站", t), urls.venue_md(village_group_id(t.id))
        ),
        villages=len(project.villages_of(t.id)),
    )


def villages_page(project: Project, township_id: str, venue: Venue, has_pdf: bool) -> str:
    t = project.townships[township_id]
    gid = village_group_id(t.id)
    md = urls.venue_md(gid)
    rows = [
        {
            "link": item_link(md, project, i),
            "mode": code_title("village-modes", mode) if (mode := project.items[i].levels.village) else "—",
        }
        for i in project.village_items
    ]
    return front_matter(title=shown(f"{t.town}各村（社区）便民服务站", t), search=False) + render_md(
        "venue-villages.md.j2",
        t=t,
        heading=shown(f"{t.town}各村（社区）便民服务站", t),
        stations=[
            {"s": v, "link": link(md, v.name, urls.station_md(v.id))} for v in project.villages_of(t.id)
        ],
        rows=rows,
        print_links=_print_links(md, venue, has_pdf),
        township_link=link(md, shown(t.name, t), urls.venue_md(t.id)),
    )


def _station_items(project: Project, md: str) -> Markup:
    """The table of the items every village station handles, the same on each station's page (their pages
    share a folder, so the links are the same too): written once a build, not 405 times (about 1 s)."""
    memo: dict[str, Markup] = project.derived.setdefault("station-items", {})  # type: ignore[assignment]
    folder = posixpath.dirname(md)
    if folder not in memo:
        rows = [
            {
                "link": item_link(md, project, i),
                "mode": code_title("village-modes", mode)
                if (mode := project.items[i].levels.village)
                else "—",
            }
            for i in project.village_items
        ]
        memo[folder] = Markup(render_md("station-items.md.j2", rows=rows))
    return memo[folder]


def station_page(project: Project, station_id: str) -> str:
    """A village station's own page: who to call and when it is open, and its items with their guides. A
    guide opened from here shows the station's phone and hours (stdkit.js keeps them on the phone)."""
    s = project.villages[station_id]
    t = project.townships[s.township]
    md = urls.station_md(station_id)
    return front_matter(title=s.name, search=False, theme_js=GUIDE) + render_md(
        "station.md.j2",
        s=s,
        tel=tel_link(s.phone),
        count=len(project.village_items),
        items=_station_items(project, md),
        township_link=link(md, t.name, urls.venue_md(t.id)),
        villages_link=link(md, f"{t.town}各村（社区）便民服务站", urls.venue_md(village_group_id(t.id))),
        pending=PENDING,
    )


def venues_index(project: Project) -> str:
    md = "venues/index.md"
    towns = [
        {
            "link": link(md, shown(t.name, t), urls.venue_md(t.id)),
            "t": t,
            "villages": link(
                md,
                f"{len(project.villages_of(t.id))} 个村（社区）便民服务站",
                urls.venue_md(village_group_id(t.id)),
            ),
        }
        for t in project.townships.values()
    ]
    return render_md(
        "venues.md.j2",
        centre_link=link(md, project.centre.name, urls.venue_md(project.centre.id)),
        zones="、".join(z.counter.removesuffix("专区") for z in project.centre.special_zones),
        towns=towns,
        township_items=len(project.township_items),
        village_items=len(project.village_items),
        villages=len(project.villages),
        kind=project.county.kind,
    )


def all_pages(project: Project, venue_list: list[Venue], has_pdf: bool):
    """(docs path, Markdown) of the venue index, the centre, each township and its village stations."""
    by_id = {v.id: v for v in venue_list}
    yield "venues/index.md", venues_index(project)
    yield urls.venue_md(project.centre.id), county_page(project, by_id[project.centre.id], has_pdf)
    for tid in project.townships:
        yield urls.venue_md(tid), township_page(project, tid, by_id[tid], has_pdf)
        gid = village_group_id(tid)
        yield urls.venue_md(gid), villages_page(project, tid, by_id[gid], has_pdf)
    for sid in project.villages:
        yield urls.station_md(sid), station_page(project, sid)

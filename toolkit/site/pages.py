"""Markdown pages of the guide: home, item pages, department and level indexes, bundles, life cycles.

Renderers read only the Project; every value from the data is escaped by the Markdown environment
(text.markdown_env) unless this module built it itself from validated ids (links, wrapped in `raw`).
"""

from __future__ import annotations

import json
import re

from markupsafe import Markup

from ..core import escape, figures, guide, urls
from ..core.codelists import codelist
from ..core.codelists import title as code_title
from ..core.guide import PENDING
from ..core.models import ServiceItem
from ..core.models.flow import BRANCH_ROLES as SIDE_ROLES
from ..core.project import Project
from . import plain
from .search import everyday_names
from .text import json_for_html, md_escape, raw, render_md

LIFECYCLE_FILES: dict[str, str] = {"企业": "lifecycle/enterprise.md", "个人": "lifecycle/citizen.md"}


def tel_link(phone: str | None) -> str:
    """A tappable phone number (the number is validated: digits, '-', '+', spaces); 待补充 when not supplied."""
    if not phone:
        return PENDING
    number = re.sub(r"[^0-9+]", "", phone)
    return raw(f"[{md_escape(phone)}]({escape.url('tel:' + number)})")


def flow_figure(name: str, src: str) -> Markup:
    """The chart fitted to the column; a tap opens it full screen at its natural size (zoomable, scrollable)
    with a way back (the link, or the phone's back button: the view is a #target)."""
    alt = md_escape(f"{name}办理流程图")
    return raw(
        f'[![{alt}]({src}){{ .stdkit-flow }}](#flow-zoom "点击放大流程图")\n\n'
        f'<div class="stdkit-zoom" id="flow-zoom" role="dialog" aria-label="流程图（放大）" markdown="1">\n\n'
        f"[← 返回](#flow){{ .stdkit-zoom__back }}\n\n"
        f"![{alt}]({src}){{ .stdkit-zoom__img }}\n\n"
        "</div>"
    )


def link(from_md: str, label: str, target_md: str, anchor: str = "") -> str:
    """A Markdown link (validated by mkdocs) with an escaped label."""
    return raw(f"[{md_escape(label)}]({urls.rel(from_md, target_md)}{'#' + anchor if anchor else ''})")


def item_link(from_md: str, project: Project, item_id: str) -> str:
    return link(from_md, project.items[item_id].name, urls.item_md(item_id))


GUIDE = "guide"  # front matter theme_js of a guide page: stdkit-guide.js instead of the theme's bundle


def front_matter(*, search: bool = True, **meta) -> str:
    """YAML front matter; every value is written as a JSON string (valid YAML, no injection). The theme
    prints title and description without escaping, so they are HTML-escaped here."""
    for key in ("title", "description"):
        if meta.get(key) is not None:
            meta[key] = escape.html(meta[key])
    lines = ["---"]
    for key, value in meta.items():
        if value is None:
            continue
        if isinstance(value, (list, tuple)):
            lines.append(f"{key}:")
            lines += [f"  - {json.dumps(v, ensure_ascii=False)}" for v in value]
        else:
            lines.append(f"{key}: {json.dumps(str(value), ensure_ascii=False)}")
    if not search:  # index pages repeat item names: keep them out of the (phone-downloaded) search index
        lines += ["search:", "  exclude: true"]
    lines.append("---")
    return "\n".join(lines) + "\n\n"


# --- item pages ----------------------------------------------------------------------------------


def _where(project: Project, item: ServiceItem, from_md: str) -> dict:
    w = guide.where(project, item)
    hall_counter = w.counter if w.counter.startswith(w.hall) else f"{w.hall}{w.counter}"
    county = {
        "name": w.centre,
        "place": w.spot or hall_counter,
        "address": w.address,
        "phone": w.centre_phone or PENDING,
        "tel": tel_link(w.centre_phone),
        "hours": w.hours or PENDING,
        "link": link(from_md, w.centre, urls.venue_md(project.centre.id)),
    }
    town = village = None
    if item.id in project.township_item_set() and item.levels.township:
        town = _level(from_md, "township", item.levels.township, len(project.townships), "乡镇便民服务中心")
    if item.id in project.village_item_set() and item.levels.village:
        village = _level(
            from_md, "village", item.levels.village, len(project.villages), "村（社区）便民服务站"
        )
    return {"county": county, "township": town, "village": village}


def _level(from_md: str, level: str, mode: str, count: int, places: str) -> dict:
    """How a township centre or village station handles the item, and where to find them."""
    return {
        "mode": code_title(f"{level}-modes", mode),
        "explain": plain.mode(level, mode) or _code_desc(f"{level}-modes", mode),
        "count": count,
        "link": link(from_md, places, "venues/index.md", f"{level}s"),
    }


def _code_desc(name: str, code: str) -> str:

    return next((c.description for c in codelist(name) if c.code == code), "")


def _jsonld(project: Project, item: ServiceItem, site_url: str) -> str:
    data = {
        "@context": "https://schema.org",
        "@type": "GovernmentService",
        "name": item.name,
        "identifier": guide.item_code(project, item),
        "serviceType": item.type,
        "url": urls.short_url(site_url, item.id),
        "provider": {"@type": "GovernmentOrganization", "name": project.implementer_of(item)},
        "areaServed": {
            "@type": "AdministrativeArea",
            "name": f"{project.county.province}{project.county.name}",
        },
        "availableChannel": {
            "@type": "ServiceChannel",
            "name": project.centre.name,
            "serviceLocation": {
                "@type": "Place",
                "name": project.centre.name,
                **({"address": project.centre.address} if project.centre.address else {}),
            },
            **(
                {"servicePhone": {"@type": "ContactPoint", "telephone": item.phones.consult}}
                if item.phones
                else {}
            ),
        },
    }
    if item.conditions:
        data["audience"] = {"@type": "Audience", "audienceType": "；".join(item.conditions)}
    return str(json_for_html(data))


def item_page(project: Project, item: ServiceItem, site_url: str, flow_file: str | None) -> str:
    md = urls.item_md(item.id)
    dep = project.department_of(item)
    materials = [
        {
            "name": m.name,
            "form": m.form,
            "copies": m.copies,
            "required": m.required,
            "condition": m.condition,
            "shared": m.shared,
            "source": plain.source(m.source),
            "how": plain.handing_in(m),
        }
        for m in item.materials
    ]
    context = {
        "item": item,
        "department": dep.name,
        "code": guide.item_code(project, item),
        "implementer": project.implementer_of(item),
        "department_link": link(md, dep.short_name, urls.department_md(dep.code)),
        "materials": materials,
        "counts": {
            "bring": sum(not m.shared for m in item.materials),
            "shared": sum(m.shared for m in item.materials),
        },
        "pending": PENDING,
        "fees": [{"name": f.name, "amount": f.label, "basis": f.basis} for f in item.fee_list],
        "fees_known": item.fees is not None,
        "legal": item.legal_limit.label() if item.legal_limit else None,
        "promised": item.promised_limit.label() if item.promised_limit else None,
        "where": _where(project, item, md),
        "kind": project.county.kind,
        "online": item.online,
        "platforms": "、".join(item.online.platforms),
        "hotline": tel_link(project.county.hotline),
        "phones": {"consult": tel_link(item.phones.consult), "complaint": tel_link(item.phones.complaint)}
        if item.phones
        else None,
        "steps": _steps(project, item),
        "flow_img": flow_figure(item.name, urls.rel(md, flow_file)) if flow_file else None,
        "qr_img": raw(f"![扫码打开本页]({urls.rel(md, urls.qr_file(item.id))}){{ .stdkit-qr }}"),
        "short_url": urls.short_url(site_url, item.id),
        "aka": "、".join(everyday_names(item.name)),
        "bundles": [
            link(md, b.name, urls.bundle_md(b.id))
            for b in project.bundles.values()
            if item.id in b.required or item.id in b.optional
        ],
    }
    head = front_matter(
        title=item.name,
        description=f"{item.name}：受理条件、申请材料、办理流程、办理地点（{project.county.name}）",
        keywords=everyday_names(item.name) or None,
        jsonld=_jsonld(project, item, site_url),
        theme_js=GUIDE,
    )
    return head + render_md("item.md.j2", **context)


# --- indexes -------------------------------------------------------------------------------------


def department_page(project: Project, code: str) -> str:
    md = urls.department_md(code)
    dep = project.departments[code]
    items = sorted((i for i in project.items.values() if i.department == code), key=lambda i: i.id)
    rows = [
        {
            "link": item_link(md, project, i.id),
            "type": i.type,
            "promised": i.promised_limit.label() if i.promised_limit else PENDING,
            "visits": i.visits,
            "online": i.online.depth or PENDING,
            "levels": "、".join(
                x
                for x in (
                    "乡镇" if i.levels.township and i.id in project.township_item_set() else "",
                    "村" if i.levels.village and i.id in project.village_item_set() else "",
                )
                if x
            ),
        }
        for i in items
    ]
    return front_matter(title=dep.name, search=False) + render_md(
        "department.md.j2", department=dep, rows=rows, pending=PENDING
    )


def guide_index(project: Project) -> str:
    md = "guide/index.md"
    counts: dict[str, int] = {}
    for i in project.items.values():
        counts[i.department] = counts.get(i.department, 0) + 1
    deps = [
        {
            "link": link(md, d.name, urls.department_md(d.code)),
            "count": counts.get(d.code, 0),
            "in_hall": d.in_hall,
        }
        for d in project.departments.values()
        if counts.get(d.code)
    ]
    return render_md(
        "guide.md.j2",
        departments=deps,
        county=project.county,
        township_link=link(md, f"乡镇可办事项（{len(project.township_items)} 项）", "guide/township.md"),
        village_link=link(md, f"村（社区）可办事项（{len(project.village_items)} 项）", "guide/village.md"),
    )


def level_page(project: Project, level: str) -> str:
    md = f"guide/{'township' if level == '乡镇' else 'village'}.md"
    ids = project.township_items if level == "乡镇" else project.village_items
    rows = []
    for iid in ids:
        item = project.items[iid]
        mode = item.levels.township if level == "乡镇" else item.levels.village
        rows.append(
            {
                "link": item_link(md, project, iid),
                "department": project.department_of(item).short_name,
                "mode": code_title("township-modes" if level == "乡镇" else "village-modes", mode)
                if mode
                else PENDING,
            }
        )
    return front_matter(search=False) + render_md(
        "level.md.j2", level=level, rows=rows, county=project.county
    )


def home_page(project: Project) -> str:
    data = figures.of(project)
    return render_md(
        "index.md.j2",
        county=project.county,
        c=data.counts,
        reform=data.reform,
        centre=project.centre,
        bundles=[link("index.md", b.name, urls.bundle_md(b.id)) for b in project.bundles.values()],
        stages={
            kind: next(
                (tuple(s.name for s in c.stages) for c in project.lifecycle.catalogues if c.kind == kind), ()
            )
            for kind in ("个人", "企业")
        },
    )


# --- bundles and life cycles ---------------------------------------------------------------------


def _bundle_where(project: Project, md: str) -> dict:
    centre = project.centre
    window = next((w.name for w in centre.hall.windows if "一件事" in w.name), centre.hall.name)
    return {
        "link": link(md, centre.name, urls.venue_md(centre.id)),
        "window": window,
        "address": centre.address or f"地址{PENDING}",
        "hours": centre.hours or PENDING,
        "tel": tel_link(centre.phone),
        "hotline": tel_link(project.county.hotline),
    }


def _bundle_flow(project: Project, bundle_id: str, flow_files: dict[str, str]) -> tuple[str | None, list]:
    """The joint flow of a 一件事: the first member item whose flow is not a type template."""
    b = project.bundles[bundle_id]
    for iid in (*b.required, *b.optional):
        item = project.items.get(iid)
        flow_id = project.flow_id_for(item) if item else None
        flow = project.flows.get(flow_id) if flow_id else None
        if item and flow and not flow.template:
            return flow_files.get(iid), _steps(project, item)
    return None, []


def _steps(project: Project, item: ServiceItem) -> list[str]:
    resolved = project.flow_for(item)
    if resolved is None:
        return []
    return [
        s.name
        + (f"（{plain.staff_words(s.actor)}）" if s.actor else "")
        + (f"：{s.limit.label()}" if s.limit else "")
        for s in resolved.steps
        if s.role not in SIDE_ROLES
    ]


def bundle_page(project: Project, bundle_id: str, flow_files: dict[str, str] | None = None) -> str:
    b = project.bundles[bundle_id]
    md = urls.bundle_md(bundle_id)
    fields = [project.fields[f] for f in b.form if f in project.fields]
    materials = [
        {
            "name": m.name,
            "how": plain.handing_in(m),
            "links": raw("、".join(item_link(md, project, i) for i in m.items if i in project.items)),
        }
        for m in b.materials
    ]
    compare = [
        ("办理时间", b.before.time.label(), b.after.time.label()),
        ("跑动次数", b.before.visits, b.after.visits),
        ("窗口数", b.before.counters, b.after.counters),
        ("办理环节", b.before.steps, b.after.steps),
        ("申请材料（件）", b.before.materials, len(b.materials)),
        ("直接费用（元）", b.before.fees_yuan, b.after.fees_yuan),
    ]
    flow_file, steps = _bundle_flow(project, bundle_id, flow_files or {})
    return front_matter(title=b.name, keywords=everyday_names(b.name) or None, theme_js=GUIDE) + render_md(
        "bundle.md.j2",
        aka="、".join(everyday_names(b.name)),
        bundle=b,
        fields=fields,
        materials=materials,
        compare=compare,
        where=_bundle_where(project, md),
        after={"time": b.after.time.label(), "visits": b.after.visits, "fees": guide.bundle_fees(project, b)},
        pending=PENDING,
        flow_img=flow_figure(b.name, urls.rel(md, flow_file)) if flow_file else None,
        steps=steps,
        required=[item_link(md, project, i) for i in b.required if i in project.items],
        optional=[item_link(md, project, i) for i in b.optional if i in project.items],
    )


def bundles_index(project: Project) -> str:
    md = "bundles/index.md"
    rows = [
        {
            "link": link(md, b.name, urls.bundle_md(b.id)),
            "audience": b.audience,
            "summary": b.summary,
            "required": len(b.required),
            "optional": len(b.optional),
        }
        for b in project.bundles.values()
    ]
    return render_md("bundles.md.j2", rows=rows)


def lifecycle_page(project: Project, kind: str) -> str | None:
    md = LIFECYCLE_FILES[kind]
    cat = next((c for c in project.lifecycle.catalogues if c.kind == kind), None)
    if cat is None:
        return None
    stages = []
    for stage in cat.stages:
        entries = []
        for e in stage.entries:
            links = []
            if e.bundle and e.bundle in project.bundles:
                links.append(
                    link(md, project.bundles[e.bundle].name + "（一事联办）", urls.bundle_md(e.bundle))
                )
            links += [item_link(md, project, i) for i in e.items if i in project.items]
            entries.append({"name": e.name, "links": links})
        stages.append({"name": stage.name, "entries": entries})
    return render_md(
        "lifecycle.md.j2",
        kind=kind,
        title=code_title("lifecycle-kinds", kind),
        stages=stages,
        entries=sum(len(s.entries) for s in cat.stages),
    )

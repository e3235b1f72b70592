"""What the standard's text may quote from the data: the jinja2 context (figures.compute + network) and the
generated tables (附录A/B and the body tables) and flow lists (附录C). Everything is computed."""

from __future__ import annotations

from collections import Counter

from ..core import figures, guide
from ..core.codelists import codes
from ..core.folder import Folder
from ..core.project import Project
from .evidence import TABLE as QUOTES_TABLE
from .evidence import Evidence, load_evidence
from .metadata import Metadata

# Every name a `{{ … }}` in standard/*.md may start with, and what it is (the documented list; a test checks
# it against context() both ways). Names below them are checked against the data itself when there is data.
DATA_NAMES = {
    "meta": "标准的元数据（standard/metadata.yaml）：number、title、stage、proposer、drafting_units……",
    "county": "县名",
    "counts": "计数（stdkit stats 的 counts）：items、departments、hall.zones、items_by_level……",
    "reform": "清减降：materials、steps、days、visits、fees_yuan 的 before/after/removed/percent",
    "reengineering": "流程再造：bundles、steps、visits、materials…… 的 before/after/removed/percent",
    "clearing": "事项清理：items_before、items_reduced、items_after、flowcharts",
    "satisfaction_percent": "满意度（%）",
    "report": "县数据中报道的数字（items/county.yaml 的 reported 原样：来源、清减降、流程再造、案例），没有时为空",
    "reported": "报道的数字与计算结果的对照（列表）",
    "county_info": "县基本信息（items/county.yaml）",
    "centre": "县政务服务中心（items/network/county-centre.yaml）",
    "hall": "综合服务大厅：zones、windows、posts、desks",
    "special_zones": "主题专区（列表，可用 | names）",
    "townships": "乡镇便民服务中心（列表）",
    "teams": "三支队伍（列表）",
    "stations_max": "一个乡镇最多的进驻站所数",
    "township_windows_min": "乡镇综合窗口数的最小值",
    "township_windows_max": "乡镇综合窗口数的最大值",
    "items_town": "乡镇可办事项数",
    "items_village": "村（社区）可办事项数",
    "bundle_list": "一事联办（列表）",
    "evidence": "报道原文摘录（sources/jianshi-report.yaml）：q.键、cite、quotes；不是本县的报道时为空",
}


def context(project: Project | None, meta: Metadata | None, folder: Folder | None = None) -> dict:
    """The names standard/*.md and the 编制说明 quote; `folder` (the standard's) holds the report's quotes."""
    ctx: dict = {"meta": meta}
    if project is None:
        return ctx
    ctx["evidence"] = load_evidence(folder, project)
    s = figures.of(project)
    ctx.update(s.as_dict())  # the names standard/*.md quote: counts, reform, reengineering, clearing …
    c = s.counts
    ctx.update(
        {
            "county_info": project.county,
            "centre": project.centre,
            "hall": project.centre.hall,
            "special_zones": project.centre.special_zones,
            "townships": list(project.townships.values()),
            "teams": project.teams,
            "stations_max": max((len(t.stations) for t in project.townships.values()), default=0),
            "township_windows_min": min(
                (t.comprehensive_windows for t in project.townships.values()), default=0
            ),
            "township_windows_max": max(
                (t.comprehensive_windows for t in project.townships.values()), default=0
            ),
            "items_town": c.items_by_level["乡镇"],
            "items_village": c.items_by_level["村"],
            "bundle_list": sorted(project.bundles.values(), key=lambda b: b.id),
        }
    )
    return ctx


def _dept_rows(project: Project) -> list[list[str]]:
    town, village = project.township_item_set(), project.village_item_set()
    per: dict[str, Counter[str]] = {code: Counter() for code in project.departments}
    for item in project.items.values():
        c = per.setdefault(item.department, Counter())
        c["all"] += 1
        c["permit"] += item.type == "行政许可"
        c["public"] += item.type == "公共服务"
        c["town"] += item.id in town
        c["village"] += item.id in village
        c["online"] += item.online.depth == "全程网办"
    rows = [
        [
            "序号",
            "实施部门",
            "事项数",
            "其中：行政许可",
            "其中：公共服务",
            "乡镇可办",
            "村（社区）可办",
            "全程网办",
        ]
    ]
    total: Counter[str] = Counter()
    for n, (code, dep) in enumerate(
        sorted(project.departments.items(), key=lambda kv: (-per[kv[0]]["all"], kv[0])), 1
    ):
        c = per[code]
        total.update(c)
        rows.append(
            [str(n), dep.name, *(str(c[k]) for k in ("all", "permit", "public", "town", "village", "online"))]
        )
    rows.append(
        ["", "合计", *(str(total[k]) for k in ("all", "permit", "public", "town", "village", "online"))]
    )
    return rows


def _level_rows(project: Project) -> list[list[str]]:
    s = figures.of(project).counts
    tm = "；".join(f"{m}{n}项" for m, n in s.township_modes.items())
    vm = "；".join(f"{m}{n}项" for m, n in s.village_modes.items())
    return [
        ["层级", "服务场所", "场所数", "可办事项数", "办理方式"],
        ["县级", "县级政务服务中心", "1", str(s.items), "综合窗口无差别受理、后台审批、统一出件"],
        ["乡镇", "乡镇便民服务中心", str(s.venues["乡镇"]), str(s.items_by_level["乡镇"]), tm],
        ["村（社区）", "村（社区）便民服务站", str(s.venues["村"]), str(s.items_by_level["村"]), vm],
    ]


def _type_rows(project: Project) -> list[list[str]]:
    s = figures.of(project).counts
    rows = [["事项类型", "事项数"]] + [[t, str(n)] for t, n in s.items_by_type.items()]
    return rows + [["合计", str(s.items)]]


def _hall_rows(project: Project) -> list[list[str]]:
    h = project.centre.hall
    rows = [["类别", "名称", "设置要求"]]
    rows += [["功能区", z.name, z.description] for z in h.zones]
    rows += [["窗口", w.name, f"{w.description}（{w.count}个）"] for w in h.windows]
    rows += [["岗位", p.name, p.description] for p in h.posts]
    rows += [["服务台", d.name, d.description] for d in h.desks]
    return rows


def _township_rows(project: Project) -> list[list[str]]:
    rows = [["乡镇便民服务中心", "综合服务窗口", "公安窗口", "进驻站所", "村（社区）便民服务站"]]
    for t in project.townships.values():
        rows.append(
            [
                t.name,
                str(t.comprehensive_windows),
                str(t.police_windows),
                str(len(t.stations)),
                str(len(project.villages_of(t.id))),
            ]
        )
    return rows


def _mode_rows(project: Project, level: str) -> list[list[str]]:
    ids = project.township_items if level == "乡镇" else project.village_items
    modes = codes("township-modes" if level == "乡镇" else "village-modes")
    rows = [["序号", "事项名称", "实施部门", "办理方式"]]
    items = sorted((project.items[i] for i in ids if i in project.items), key=lambda i: (i.department, i.id))
    for n, item in enumerate(items, 1):
        mode = item.levels.township if level == "乡镇" else item.levels.village
        rows.append(
            [
                str(n),
                item.name,
                project.departments[item.department].short_name,
                mode if mode and mode in modes else "—",
            ]
        )
    return rows


_LEVEL_SHOWN = {"村": "村（社区）"}


def _team_rows(project: Project) -> list[list[str]]:
    rows = [["队伍", "层级", "数量", "组成人员", "服务内容", "志愿服务", "办理业务"]]
    for t in project.teams:
        r = t.record
        rows.append(
            [
                t.name,
                _LEVEL_SHOWN.get(t.level, t.level),
                str(t.count),
                "、".join(t.members),
                "、".join(t.services),
                f"{r.person_times}{'余' if r.person_times_more else ''}人次" if r else "—",
                f"{r.cases}{'余' if r.cases_more else ''}件" if r else "—",
            ]
        )
    return rows


def _bundle_rows(project: Project) -> list[list[str]]:
    rows = [
        [
            "序号",
            "一事联办事项",
            "服务对象",
            "必办事项",
            "选办事项",
            "合并材料",
            "改革前跑动/环节",
            "改革后跑动/环节",
        ]
    ]
    for n, b in enumerate(sorted(project.bundles.values(), key=lambda b: b.id), 1):
        names = lambda ids: "、".join(project.items[i].name for i in ids if i in project.items) or "—"
        rows.append(
            [
                str(n),
                b.name,
                b.audience,
                names(b.required),
                names(b.optional),
                f"{len(b.materials)}件",
                f"{b.before.visits}次/{b.before.steps}个",
                f"{b.after.visits}次/{b.after.steps}个",
            ]
        )
    if len(rows) == 1:
        rows.append(["—", "（本县尚未登记一事联办事项）", "—", "—", "—", "—", "—", "—"])
    return rows


def _reform_rows(project: Project) -> list[list[str]]:
    s = figures.of(project)
    labels = {
        "materials": ("申请材料", "件"),
        "steps": ("办理环节", "个"),
        "days": ("承诺时限", "个工作日"),
        "visits": ("跑动次数", "次"),
        "fees_yuan": ("直接费用", "元"),
    }
    rows = [["指标", "改革前", "改革后", "压减", "压减比例"]]
    for key, (label, unit) in labels.items():
        f = s.reengineering.figure(key)
        rows.append(
            [
                label,
                f"{f.before}{unit}",
                f"{f.after}{unit}",
                f"{f.removed}{unit}",
                f"{f.percent}%",
            ]
        )
    return rows


TABLES = {
    "items-by-department": _dept_rows,
    "items-by-level": _level_rows,
    "items-by-type": _type_rows,
    "hall-layout": _hall_rows,
    "township-centres": _township_rows,
    "teams": _team_rows,
    "bundles": _bundle_rows,
    "reengineering": _reform_rows,
    "township-items": lambda p: _mode_rows(p, "乡镇"),
    "village-items": lambda p: _mode_rows(p, "村"),
}


def table_source(project: Project | None, evidence: Evidence | None = None):
    def get(name: str):
        if name == QUOTES_TABLE:
            return (
                evidence.rows()
                if evidence is not None
                else [["事项", "报道原文"], ["—", "（没有本县的报道原文摘录）"]]
            )
        fn = TABLES.get(name)
        if fn is None:
            return None
        return fn(project) if project is not None else [["〔数据〕"]]

    return get


def example_item(project: Project, flow_id: str):
    """The item whose chart illustrates a flow: a fully written item (not a catalogue row) of a type the
    template is meant for, the first by id; failing that, any item that uses the flow."""
    flow = project.flows.get(flow_id)
    kinds = set(flow.default_for) if flow is not None and flow.template else set()
    users = sorted(
        (i for i in project.items.values() if project.flow_id_for(i) == flow_id),
        key=lambda i: (bool(kinds) and i.type not in kinds, not guide.complete(project, i), i.id),
    )
    return users[0] if users else None


def flow_source(project: Project | None):
    """!figures expansion: [(flow_id, caption)] for flows=templates|all; None for an unknown spec."""

    def get(spec: str):
        if project is None:
            return []
        flows = sorted(project.flows.values(), key=lambda f: f.id)
        if spec == "templates":
            flows = [f for f in flows if f.template]
        elif spec != "all":
            return None
        out = []
        for f in flows:
            item = example_item(project, f.id)
            out.append((f.id, f"{item.name}办理流程（{f.title}）" if item else f.title))
        return out

    return get

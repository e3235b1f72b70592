"""The automated conformance checks, one small named function each (named by `@check`), and CHECKS:
all of them by name, collected at the end of this file.

Each reads only the Project and yields findings located at the file and line that caused them.
Faults the loader's cross-checks also catch are reused from `toolkit.core.references`, so the two never
disagree; the runner loads with cross_check=False so that those faults become results, not crashes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from ..core import guide, urls
from ..core import references as crosscheck
from ..core.codelists import codelist, codes
from ..core.errors import StdkitError
from ..core.itemcode import SHAPES, parse
from ..core.layout import KIND_BY_NAME
from ..core.models.common import ITEM_ID_PATTERN
from ..core.project import Project
from ..core.provinces import main_platform
from ..core.site_settings import USER_CONFIG, site_url_problem, user_settings
from ..office import qrcode as qr
from ..onboarding import placeholders
from .registry import MANUAL, NA, Check, Finding, Location, at, check, end_of, fail, from_problems, ok

HALL_LAYOUT = {
    "zones": ("功能区", 4),
    "windows": ("窗口类型", 4),
    "posts": ("岗位", 4),
    "desks": ("服务台", 2),
}
TOWNSHIP_WINDOWS = (2, 5)
SPECIAL_ZONES = ("公安专区", "税务专区")


def _crosscheck(project: Project, fn, codes: set[str] | None = None) -> Iterator[Finding]:
    problems = [p for p in fn(project) if codes is None or p.code in codes]
    return from_problems(problems)


def _example(project: Project, record, kind: str, key: str, what: str, *fields: str) -> Finding | None:
    """Not a pass when the facts a check rests on are stdkit init's (or a template's) examples: the
    inspector looks, and the county confirms them by deleting their names from `example:`."""
    named = [f for f in fields if record.is_example(f)]
    if not named:
        return None
    return Finding(
        MANUAL,
        f"{what}是示例内容（example: {'、'.join(named)}），尚未经本县确认，不能据此判断。"
        "核实或改成本县实际后，在该文件中从 example 删去这些字段名。",
        (at(project, kind, key, "example"),),
    )


def _own_items(project: Project) -> list:
    """The county's items, without stdkit init's example item (`example: true`)."""
    return [i for i in project.items.values() if not i.is_example()]


def _items_at(project: Project, items, *path: str) -> tuple[Location, ...]:
    """Where the first few of `items` are written: the data a pass over them rests on."""
    return tuple(at(project, "item", i.id, *path) for i in list(items)[:3])


def _none_of(what: str) -> Finding:
    """A statement over zero records is not a pass (“0项均…”): not applicable, with the reason."""
    return Finding(NA, f"数据中没有{what}，本项不适用。")


# --- 县级政务服务中心 ---------------------------------------------------------------------


@check("county-hall-layout", "县级综合服务大厅“4区4窗4岗2台”")
def county_hall_layout(project: Project) -> Iterator[Finding]:
    hall = project.centre.hall
    example = _example(project, project.centre, "county-centre", "", "综合服务大厅的布局", "hall")
    if example:
        yield example
        return
    bad = False
    for attr, (label, want) in HALL_LAYOUT.items():
        have = len(getattr(hall, attr))
        if have < want:
            bad = True
            yield fail(
                f"综合服务大厅设{label}{have}个，少于{want}个。",
                at(project, "county-centre", "", "hall", attr),
            )
    if not bad:
        yield ok(
            f"“{hall.name}”设{len(hall.zones)}区{len(hall.windows)}窗{len(hall.posts)}岗{len(hall.desks)}台。",
            at(project, "county-centre", "", "hall"),
        )


@check("county-special-zones", "县级政务服务中心主题专区与事项的办理位置一致")
def county_special_zones(project: Project) -> Iterator[Finding]:
    """Theme zones are a 可 provision: none is fine; an item handled in a zone the centre lacks is not."""
    example = _example(project, project.centre, "county-centre", "", "主题专区", "special_zones")
    if example:
        yield example
        return
    have = {z.counter for z in project.centre.special_zones}
    bad = False
    for item in project.items.values():
        if item.counter in SPECIAL_ZONES and item.counter not in have:
            bad = True
            yield fail(
                f"事项“{item.name}”在{item.counter}办理，但中心未设该专区。",
                at(project, "item", item.id, "counter"),
            )
    if bad:
        return
    where = at(project, "county-centre", "", "special_zones")
    if have:
        yield ok(
            f"设综合服务大厅及{'、'.join(sorted(have))}（“1+{len(have)}”），事项的办理位置与之一致。", where
        )
    else:
        yield ok("未设主题专区，事项都在综合服务大厅办理。", at(project, "county-centre", ""))


# --- 乡镇便民服务中心、村（社区）便民服务站 ---------------------------------------------------


def _ok_unless_example(project: Project, message: str, *kinds: str) -> Finding:
    """A pass, unless the files of `kinds` still hold stdkit init's example (示例镇, zwj-example …): then
    nothing is known of the county's own network yet, and the inspector has to look."""
    files = [KIND_BY_NAME[k].pattern for k in kinds]
    found = list(placeholders.marked_in(project.folder, *files))
    examples = [
        *(("township", t.id, t.name) for t in project.townships.values() if t.is_example()),
        *(("village", v.id, v.name) for v in project.villages.values() if v.is_example()),
    ]
    if examples and any(k in ("townships", "villages") for k in kinds):
        return Finding(
            MANUAL,
            f"{message}其中“{examples[0][2]}”等{len(examples)}处是示例内容（example），本县确认后才能判断。",
            tuple(at(project, kind, key) for kind, key, _ in examples[:3]),
        )
    if not found:
        return ok(message, *(Location(f, 1) for f in files if "*" not in f))
    return Finding(
        MANUAL,
        f"{message}其中仍有 stdkit init 的示例内容（如“{found[0].text}”），换成本县实际后才能判断。",
        tuple(Location(p.file, p.line) for p in found[:3]),
    )


def _each_has_one(project: Project, kind: str, venues, field: str, what: str) -> Iterator[Finding]:
    """A failing finding, at the field, for each venue that has none of `field` (a count of windows)."""
    for venue in venues:
        if getattr(venue, field) < 1:
            yield fail(f"“{venue.name}”未设{what}。", at(project, kind, venue.id, field))


@check("township-police-window", "乡镇便民服务中心设公安窗口")
def township_police_window(project: Project) -> Iterator[Finding]:
    yield from _each_has_one(project, "township", project.townships.values(), "police_windows", "公安窗口")
    yield _ok_unless_example(project, f"共{len(project.townships)}个乡镇便民服务中心。", "townships")


@check("township-comprehensive-windows", "乡镇综合服务区设2–5个综合服务窗口")
def township_comprehensive_windows(project: Project) -> Iterator[Finding]:
    low, high = TOWNSHIP_WINDOWS
    for t in project.townships.values():
        n = t.comprehensive_windows
        if not low <= n <= high:
            yield fail(
                f"“{t.name}”综合服务区设{n}个综合服务窗口，应为{low}–{high}个。",
                at(project, "township", t.id, "comprehensive_windows"),
            )
    windows = sum(t.comprehensive_windows for t in project.townships.values())
    message = f"共{len(project.townships)}个乡镇便民服务中心，综合服务窗口合计{windows}个。"
    yield _ok_unless_example(project, message, "townships")


@check("township-stations", "乡镇便民服务中心列明进驻站所")
def township_stations(project: Project) -> Iterator[Finding]:
    for t in project.townships.values():
        if not t.stations:
            yield fail(f"“{t.name}”未列明进驻的站所。", at(project, "township", t.id))
    yield _ok_unless_example(
        project, f"{len(project.townships)}个乡镇便民服务中心均列明进驻站所。", "townships"
    )


@check("village-window", "村（社区）便民服务站至少设1个便民服务窗口")
def village_window(project: Project) -> Iterator[Finding]:
    yield from _each_has_one(project, "village", project.villages.values(), "windows", "便民服务窗口")
    yield _ok_unless_example(project, f"共{len(project.villages)}个村（社区）便民服务站。", "villages")


@check("village-coverage", "每个乡镇下辖村（社区）均设便民服务站")
def village_coverage(project: Project) -> Iterator[Finding]:
    for t in project.townships.values():
        if not project.villages_of(t.id):
            yield fail(f"“{t.town}”没有登记任何村（社区）便民服务站。", at(project, "township", t.id))
    yield from _crosscheck(project, crosscheck.villages_in_townships)
    message = f"{len(project.villages)}个便民服务站分属{len(project.townships)}个乡镇。"
    yield _ok_unless_example(project, message, "townships", "villages")


# --- 事项管理 -------------------------------------------------------------------------------


@check("level-lists-in-catalogue", "乡镇、村可办事项均在县级事项目录中")
def level_lists_in_catalogue(project: Project) -> Iterator[Finding]:
    yield from _crosscheck(project, crosscheck.level_lists, {"list-unknown-item", "duplicate-id"})
    message = f"乡镇清单{len(project.township_items)}项、村（社区）清单{len(project.village_items)}项。"
    yield _ok_unless_example(project, message, "township-items", "village-items")


@check("devolved-offered", "下放、前移事项在乡镇（村）清单中提供")
def devolved_offered(project: Project) -> Iterator[Finding]:
    yield from _crosscheck(project, crosscheck.level_lists, {"level-not-offered", "level-mode-missing"})
    devolved = [i for i in _own_items(project) if i.levels.township == "下放"]
    if not devolved:
        yield _none_of("审批权限下放到乡镇的事项")
        return
    yield ok(
        f"审批权限下放到乡镇的事项{len(devolved)}项均在乡镇可办事项清单中。",
        *_items_at(project, devolved, "levels"),
    )


GUIDE_YAML = (
    "conditions:\n  - 受理条件一\nmaterials:\n  - {name: 申请表, form: 原件, copies: 1}\n"
    "promised_limit: {days: 5}"
)


@check("item-guide", "事项办事指南要素完整")
def item_guide(project: Project) -> Iterator[Finding]:
    """Every guide lacking an element counts against the requirement — catalogue-level entries (e.g. straight
    from `stdkit import`, or the bundled data's topped-up catalogue) included: the data does not show a guide."""
    incomplete = [i for i in project.items.values() if not guide.complete(project, i)]
    begun = [i for i in incomplete if i.conditions or i.materials]
    for item in begun:
        missing = guide.gaps(project, item)  # the one rule: what the item's guide page shows as 待补充
        yield fail(f"事项“{item.name}”的办事指南缺少{'、'.join(missing)}。", at(project, "item", item.id))
    empty = [i for i in incomplete if not (i.conditions or i.materials)]
    if empty:
        yield fail(
            f"{len(empty)}个事项（共{len(project.items)}个）只有目录信息，办事指南的受理条件、申请材料、承诺时限"
            f"尚未录入（网站显示“待补充”），如“{'”“'.join(i.name for i in empty[:3])}”。"
            f"请在每个事项文件中补上：\n{GUIDE_YAML}",
            *(end_of(project, "item", i.id) for i in empty[:3]),
        )
    lacking = {i.id for i in incomplete}  # by id: comparing models field by field took seconds
    detailed = [i for i in project.items.values() if i.id not in lacking]
    if detailed:
        yield ok(f"{len(detailed)}个事项有要素完整的办事指南。", *_items_at(project, detailed))


@check("item-notice", "一次性告知单能列明补正内容（材料受理要点）")
def item_notice(project: Project) -> Iterator[Finding]:
    """一次性告知 of what to correct needs, per material, what makes it acceptable (`accept`). Notes begun but
    incomplete fail; an item with materials but no notes at all is left to the inspector, as in item-guide."""
    unwritten = []
    for item in project.items.values():
        if not item.materials:
            continue
        lacking = [m.name for m in item.materials if not m.accept]
        if lacking and len(lacking) < len(item.materials):
            yield fail(
                f"事项“{item.name}”的申请材料“{'”“'.join(lacking)}”没有受理要点，一次性告知单无法列明补正要求。",
                at(project, "item", item.id, "materials"),
            )
        elif lacking:
            unwritten.append(item)
    if unwritten:
        yield Finding(
            MANUAL,
            f"{len(unwritten)}个事项的申请材料尚未写明受理要点（accept），须人工核查窗口的一次性告知书是否列明"
            "需要补正的全部内容，如“" + "”“".join(i.name for i in unwritten[:3]) + "”。",
            tuple(at(project, "item", i.id, "materials") for i in unwritten[:3]),
        )
    noted = [i for i in project.items.values() if i.materials and all(m.accept for m in i.materials)]
    if noted:
        yield ok(
            f"{len(noted)}个事项的每件申请材料都写明了受理要点，可生成一次性告知单。",
            *_items_at(project, noted, "materials"),
        )


@check("item-flowchart", "事项有标准化办事流程图")
def item_flowchart(project: Project) -> Iterator[Finding]:
    for item in project.items.values():
        if project.flow_for(item) is None:
            where = "flow" if item.flow else "type"
            yield fail(
                f"事项“{item.name}”没有可用的办理流程（类型“{item.type}”无默认流程模板，或所写流程不存在）。",
                at(project, "item", item.id, where),
            )
    yield from _crosscheck(project, crosscheck.flows_well_formed)
    for rel in placeholders.untouched_flows(project.folder):
        users = sum(1 for i in project.items.values() if project.flow_id_for(i) == Path(rel).stem)
        if users:
            yield fail(
                f"{users}个事项的流程图来自 stdkit init 生成的通用模板 {rel}，模板未按本县实际办理流程核定"
                "（环节、承办岗位、时限）。请修改该模板，或为事项写 flow 指向本县的流程。",
                Location(rel, 1),
            )
    own = _own_items(project)
    if not own:
        yield _none_of("本县的事项（只有 stdkit init 的示例事项）")
        return
    yield ok(f"{len(own)}个事项均有办理流程图（{len(project.flows)}个流程）。", *_items_at(project, own))


def _site_url(project: Project) -> str | None:
    try:
        return user_settings(project.folder)["site_url"]
    except StdkitError:
        return None


@check("item-qrcode", "事项二维码使用简短、稳定的网址")
def item_qrcode(project: Project) -> Iterator[Finding]:
    pattern = re.compile(ITEM_ID_PATTERN)
    for item in project.items.values():
        if not pattern.match(item.id):
            yield fail(f"事项短编号“{item.id}”不能用于二维码网址。", at(project, "item", item.id, "id"))
    site = _site_url(project)
    problem = site_url_problem(project.folder, site, project)
    if problem is not None:
        yield fail(problem.message + problem.hint, Location(USER_CONFIG, problem.line))
    elif site and project.items:
        version = qr.largest_version(site, project.items)  # the code the build prints, not an estimate
        if version > qr.MAX_VERSION:
            longest = max(project.items, key=len)
            url = urls.short_url(site, longest)
            yield fail(
                f"最长的二维码网址“{url}”有{len(url.encode())}字节，二维码达到第{version}版，"
                f"超过纠错等级Q下建议的第{qr.MAX_VERSION}版，印刷后易扫不出。",
                at(project, "item", longest, "id"),
            )
    own = _own_items(project)
    if not own:
        yield _none_of("本县的事项（只有 stdkit init 的示例事项）")
        return
    yield ok(f"{len(own)}个事项均有可印成二维码的短编号。", *_items_at(project, own, "id"))


@check("item-online-channel", "可网办事项写明网办平台")
def item_online_channel(project: Project) -> Iterator[Finding]:
    for item in project.items.values():
        if item.is_online and not item.online.platforms:
            yield fail(
                f"事项“{item.name}”标注为{item.online.depth}，但未写明网办平台。",
                at(project, "item", item.id, "online"),
            )
    unknown = [i for i in project.items.values() if not i.online_known]
    if unknown:
        platform = main_platform(project.county)
        yield fail(
            f"{len(unknown)}个事项未写明能否网上办理（待补充），如“{'”“'.join(i.name for i in unknown[:3])}”。"
            f"请在事项文件中写：\nonline: {{depth: 全程网办, platforms: [{platform}]}}\n"
            f"（depth 可为 {'、'.join(codes('online-depths'))}）",
            *(end_of(project, "item", i.id) for i in unknown[:3]),
        )
    online = [i for i in project.items.values() if i.is_online]
    if not online:
        yield _none_of("写明可网上办理的事项")
        return
    yield ok(f"可网办事项{len(online)}项均写明平台。", *_items_at(project, online, "online"))


@check("promised-within-legal", "承诺时限不超过法定时限")
def promised_within_legal(project: Project) -> Iterator[Finding]:
    yield from _crosscheck(project, crosscheck.promised_within_legal)
    both = [i for i in project.items.values() if i.legal_limit and i.promised_limit]
    if not both:
        yield _none_of("同时写明法定时限和承诺时限的事项")
        return
    yield ok(
        f"{len(both)}个同时写明法定时限和承诺时限的事项，承诺时限均不超过法定时限。",
        *_items_at(project, both, "promised_limit"),
    )


# --- 一事联办 -------------------------------------------------------------------------------


@check("bundle-merged", "一事联办一张申请表、一套材料")
def bundle_merged(project: Project) -> Iterator[Finding]:
    if not project.bundles:
        yield Finding(NA, "未定义一事联办（items/bundles/）。")
        return
    yield from _crosscheck(project, crosscheck.bundles_consistent)
    yield ok(
        f"{len(project.bundles)}个一事联办均有合并申请表和合并材料清单。",
        *(at(project, "bundle", b) for b in list(project.bundles)[:3]),
    )


@check("bundle-window", "综合服务大厅设一事联办窗口")
def bundle_window(project: Project) -> Iterator[Finding]:
    example = _example(project, project.centre, "county-centre", "", "综合服务大厅的窗口", "hall")
    if example:
        yield example
        return
    names = [w.name for w in project.centre.hall.windows]
    if not any(("一件事" in n or "联办" in n) for n in names):
        yield fail(
            f"综合服务大厅的窗口类型（{'、'.join(names)}）中没有一事联办（高效办成一件事）窗口。",
            at(project, "county-centre", "", "hall", "windows"),
        )
    yield ok("综合服务大厅设有一事联办窗口。", at(project, "county-centre", "", "hall", "windows"))


@check("lifecycle-catalogues", "企业和个人全生命周期目录")
def lifecycle_catalogues(project: Project) -> Iterator[Finding]:
    kinds = {c.kind for c in project.lifecycle.catalogues}
    for code in codelist("lifecycle-kinds"):
        if code.code not in kinds:
            yield fail(f"缺少{code.title}目录。", at(project, "lifecycle", "", "catalogues"))
    yield from _crosscheck(project, crosscheck.lifecycle_references)
    for p in placeholders.marked(project.folder):
        if p.file.endswith("lifecycle.yaml"):
            yield fail(
                f"全生命周期目录仍是 stdkit init 的模板（“{p.text}”：{p.what}）；{p.todo}。",
                Location(p.file, p.line),
            )
    yield ok("企业、个人全生命周期目录齐全。", at(project, "lifecycle", "", "catalogues"))


# --- 队伍建设、监督评价 ---------------------------------------------------------------------

TEAM_LEVELS = {"县级志愿服务队": "县级", "社区便民服务队": "村", "农村便民服务队": "村"}


@check("service-teams", "县级志愿服务、城市社区和农村便民服务三支队伍")
def service_teams(project: Project) -> Iterator[Finding]:
    for code in codelist("team-kinds"):
        teams = [t for t in project.teams if t.kind == code.code]
        want = TEAM_LEVELS.get(code.code)
        if not teams:
            yield fail(f"未组建{code.title}。", at(project, "teams", "", "teams"))
        elif want and not any(t.level == want for t in teams):
            yield fail(f"{code.title}应在{want}层级组建。", at(project, "team", teams[0].id, "level"))
    examples = [t for t in project.teams if t.is_example()]
    if examples:
        yield Finding(
            MANUAL,
            f"服务队伍“{'”“'.join(t.name for t in examples)}”是示例内容（example），尚未经本县确认，不能据此判断。"
            "核实本县队伍的名称、人员和服务内容后，删去该队伍的 example 一行。",
            tuple(at(project, "team", t.id, "example") for t in examples[:3]),
        )
        return
    yield ok(
        "三支服务队伍均已组建：" + "，".join(f"{t.name}{t.count}支" for t in project.teams) + "。",
        *(at(project, "team", t.id) for t in project.teams[:3]),
    )


@check("team-records", "服务队伍记录服务人次和办理件数")
def team_records(project: Project) -> Iterator[Finding]:
    for t in project.teams:
        if t.record is None:
            yield fail(
                f"{t.name}未记录服务人次和办理业务件数。请在 teams.yaml 该队伍下加（数字按实际填写）：\n"
                "    record:\n      person_times: 1200   # 服务人次\n      cases: 300           # 办理业务件数",
                at(project, "team", t.id),
            )
    yield ok(
        "，".join(
            f"{t.name}服务{t.record.person_times}人次、办理{t.record.cases}件"
            for t in project.teams
            if t.record
        )
        + "。",
        *(at(project, "team", t.id, "record") for t in project.teams[:3] if t.record),
    )


@check("satisfaction-recorded", "好差评与满意度记录")
def satisfaction_recorded(project: Project) -> Iterator[Finding]:
    ev = project.county.evaluation
    if ev is None:
        yield fail(
            "未记录好差评与企业群众满意度。请在 items/county.yaml 末尾加（数字按实际填写）：\n"
            "evaluation:\n  satisfaction_percent: 99.5   # 企业群众满意度（%）\n  period: 2024年",
            at(project, "county", ""),
        )
    else:
        yield ok(
            f"{ev.period}企业群众满意度{ev.satisfaction_percent:g}%。",
            at(project, "county", "", "evaluation"),
        )


# --- 数据一致性 -----------------------------------------------------------------------------

CLAIMED = {
    crosscheck.level_lists,
    crosscheck.flows_well_formed,
    crosscheck.promised_within_legal,
    crosscheck.bundles_consistent,
    crosscheck.lifecycle_references,
    crosscheck.villages_in_townships,
}


@check("data-consistency", "事项数据编码唯一、引用完整")
def data_consistency(project: Project) -> Iterator[Finding]:
    for fn in crosscheck.RULES:
        if fn not in CLAIMED:
            yield from _crosscheck(project, fn)
    own = _own_items(project)
    if not own:
        yield _none_of("本县的事项（只有 stdkit init 的示例事项）")
        return
    yield ok(f"{len(own)}个事项的编码、部门、流程引用均完整。", *_items_at(project, own))


# --- 本县数据是否已填写（stdkit init 的占位内容、缺少的事实） -----------------------------------


@check("init-placeholders", "stdkit init 写入的占位内容已替换为本县实际")
def init_placeholders(project: Project) -> Iterator[Finding]:
    found = list(placeholders.marked(project.folder))
    for p in found:
        yield fail(f"占位内容“{p.text}”（{p.what}）：{p.todo}。", Location(p.file, p.line))
    # A precondition: its absence of placeholders certifies no requirement on its own (no pass).


@check("county-identity", "县名、省、行政区划代码为本县实际")
def county_identity(project: Project) -> Iterator[Finding]:
    for message, path, write in placeholders.identity(project):
        yield fail(f"{message}请在 items/county.yaml 中写：{write}。", at(project, "county", "", *path))
    # A precondition of the requirements it is bound with: a correct identity is no pass on its own.


@check("venue-contacts", "服务场所公示地址和电话")
def venue_contacts(project: Project) -> Iterator[Finding]:
    venues = [("county-centre", "", project.centre)] + [
        ("township", t.id, t) for t in project.townships.values()
    ]
    for kind, key, v in venues:
        missing = [label for attr, label in (("address", "地址"), ("phone", "电话")) if not getattr(v, attr)]
        if missing:
            example = "\n".join(
                f"{a}: {e}" for a, e in (("address", "某某路1号"), ("phone", '"区号-电话号码"'))
            )
            yield fail(
                f"“{v.name}”未写{'、'.join(missing)}（网站显示“待补充”）。请在该场所下写：\n{example}",
                at(project, kind, key),
            )
    yield ok(
        f"{len(venues)}个服务场所均写明地址和电话。",
        *(at(project, kind, key, "address") for kind, key, _ in venues[:3]),
    )


@check("departments-in-hall", "部门进驻县政务服务中心情况已写明")
def departments_in_hall(project: Project) -> Iterator[Finding]:
    unknown = [d for d in project.departments.values() if d.in_hall is None]
    if unknown:
        yield fail(
            f"{len(unknown)}个部门未写明是否进驻县政务服务中心，如“{'”“'.join(d.name for d in unknown[:3])}”。"
            "请在 items/departments.yaml 的每个部门下写：\n    in_hall: true    # 已进驻；未进驻写 false",
            *(at(project, "department", d.code) for d in unknown[:3]),
        )
    in_hall = [d for d in project.departments.values() if d.in_hall]
    if not in_hall:
        yield _none_of("进驻县政务服务中心的部门")
        return
    yield ok(
        f"{len(in_hall)}个部门进驻县政务服务中心。",
        *(at(project, "department", d.code, "in_hall") for d in in_hall[:3]),
    )


@check("item-codes", "事项编码符合国家政务服务平台的编码规则")
def item_codes(project: Project) -> Iterator[Finding]:
    """Codes of a shape the national platform does not use cannot be confirmed from the data; codes the
    county declared illustrative (county.yaml example_codes) are never a pass."""
    if project.county.example_codes:
        yield Finding(
            MANUAL,
            "本县声明事项编码（及其中实施主体的统一社会信用代码）为示例（items/county.yaml 的 example_codes），"
            "须到事项管理系统核对各事项的实际编码；核对后删去 example_codes。",
            (at(project, "county", "", "example_codes"),),
        )
        return
    other = [i for i in project.items.values() if parse(i.code).shape == "other"]
    if other:
        yield Finding(
            MANUAL,
            f"{len(other)}个事项的编码不是国家平台的常见形式（{SHAPES['implementation']}等），"
            f"须到事项管理系统核对，如“{other[0].code}”。",
            tuple(at(project, "item", i.id, "code") for i in other[:3]),
        )
    division = project.county.division_code
    foreign = [i for i in project.items.values() if (parse(i.code).division or division)[:4] != division[:4]]
    if foreign:
        yield Finding(
            MANUAL,
            f"{len(foreign)}个事项编码中的区划代码不属于本县所在市（{division[:4]}），须核对实施层级，"
            f"如“{foreign[0].name}”（{foreign[0].code}）。",
            tuple(at(project, "item", i.id, "code") for i in foreign[:3]),
        )
    own = _own_items(project)
    if not own:
        yield _none_of("本县的事项（只有 stdkit init 的示例事项）")
        return
    yield ok(
        f"{len(own)}个事项编码均可识别（基本编码、区划代码、实施主体编码）。",
        *_items_at(project, own, "code"),
    )


def _collected() -> tuple[Check, ...]:
    """Every check defined above, in the order written (the order of the reports and the checklist)."""
    return tuple(v for v in globals().values() if isinstance(v, Check))


def _by_name(listed: tuple[Check, ...]) -> dict[str, Check]:
    """The checks by name; two checks with one name are a programming error."""
    out: dict[str, Check] = {}
    for c in listed:
        if c.name in out:
            raise ValueError(f"duplicate check name {c.name}")
        out[c.name] = c
    return out


# Every automated conformance check by its name (the name standard/requirements.yaml uses): a new check is
# a function above with `@check(名称, 标题)`; nothing registers itself anywhere else.
CHECKS: dict[str, Check] = _by_name(_collected())

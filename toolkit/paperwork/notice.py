"""一次性告知单 of an item or a bundle: what to bring (a ☐ per material for the clerk to tick what is missing —
补正告知), conditions, time limit, fee, where and when, phone, legal basis, and blanks for applicant, clerk
and date: the document the standard's 一窗通办 chapter requires the window to hand over.

Described once as a document model (toolkit/office/model.py): an item's notice is its own Word file, and a
department's notices are typeset together into one PDF, a bookmark per item.
"""

from __future__ import annotations

from ..core import guide, urls
from ..core.models import Bundle, ServiceItem
from ..core.project import Project
from ..office import docx_kit as dk
from ..office import model as m
from . import facts

BLANK_ROWS = 5  # an item whose materials are not recorded yet: rows the clerk fills in by hand
INTRO = (
    "您申请办理的事项需要提交下列材料。窗口已逐项核对，标记“☑”的材料需要补正（补充），"
    "请补齐后再次提交；补正内容以本告知单为准，窗口不再另行要求其他材料。"
)
NOTICE_TITLE = "一次性告知单"
# An item whose guide is incomplete (toolkit/core/guide.py) gets the window version: headed as such, blanks
# the clerk fills in from the current guide where the data gives nothing, and no sentence binding the window
# to a list that is not complete. An applicant's copy never shows 待补充, None or a note to the drafters.
WINDOW_TITLE = "一次性告知单（窗口填写版）"
WINDOW_INTRO = "本告知单由窗口人员按现行办事指南填写空白栏目后交申请人。标记“☑”的材料需要补正（补充），请补齐后再次提交。"
BLANK = "＿" * 24  # a line the clerk writes on


def _bundle_fee(project: Project, bundle: Bundle) -> str:
    """The members' fees (facts.bundle_fees): each charging item with its fee, the rest 不收费; a blank
    line where an item's fee is not given."""
    charged = facts.bundle_fees(project, bundle)
    if not charged:
        return "不收费"
    listed = "；".join(f"{name}：{fee or BLANK}" for name, fee in charged)
    members = len(bundle.required) + len(bundle.optional)
    # "the rest are free" only when there is a rest: every other member given as free (fees: [])
    return listed + "；其余事项不收费" if len(charged) < members else listed


def _bundle_conditions(project: Project, bundle: Bundle) -> list[str]:
    """The unconditional required members' conditions, each once; then, per conditional or optional
    member, 办理…的，另须：its conditions."""
    out: list[str] = []
    for iid in [*bundle.required, *bundle.optional]:
        item = project.items[iid]
        if facts.member_condition(project, bundle, iid) is None:
            out += [c for c in item.conditions if c not in out]
    for iid in [*bundle.required, *bundle.optional]:
        item = project.items[iid]
        if facts.member_condition(project, bundle, iid) is not None and item.conditions:
            out.append(f"办理{item.name}的，另须：{'，'.join(item.conditions)}")
    return out


def _bundle_members(project: Project, bundle: Bundle) -> str:
    """必办 items (a conditional one with its case) and 选办 items, by name."""
    required = []
    for iid in bundle.required:
        when = facts.member_condition(project, bundle, iid)
        name = project.items[iid].name
        required.append(f"{name}（{when.removesuffix('的')}的必办）" if when else name)
    optional = [project.items[i].name for i in bundle.optional]
    text = f"必办{len(required)}项：{'、'.join(required)}"
    return text + (
        f"。选办{len(optional)}项（在联办申请表上勾选）：{'、'.join(optional)}" if optional else ""
    )


def _table_materials(lines: list[facts.MaterialLine]) -> m.Table:
    header = m.Row(
        tuple(m.Cell.text(h, m.HEADER_CELL) for h in ("序号", "材料名称", "形式和份数", "要求", "需补正")),
        header=True,
    )
    rows = [header]
    for n, line in enumerate(lines, 1):
        req = "；".join(x for x in (line.condition and f"{line.condition}提交", line.accept) if x)
        rows.append(m.Row(tuple(m.Cell.text(v) for v in (str(n), line.name, line.how, req, dk.BOX))))
    if not lines:
        for n in range(1, BLANK_ROWS + 1):
            cells = tuple(m.Cell.text(v) for v in (str(n), "", "", "", dk.BOX))
            rows.append(m.Row(cells, min_height_mm=8))
    return m.Table((11, 55, 26, 68, 14), tuple(rows))


def _facts_table(rows: list[tuple[str, str]]) -> m.Table:
    return m.Table(
        (30, dk.PAGE_TEXT_MM - 30), tuple(m.Row((m.Cell.text(k), m.Cell.text(v))) for k, v in rows)
    )


def _footer_block(url: str) -> m.Table:
    left = (
        m.Para("申请人（签字）：＿＿＿＿＿＿＿＿　　联系电话：＿＿＿＿＿＿＿＿"),
        m.Para("受理人（签字）：＿＿＿＿＿＿＿＿　　窗口：＿＿＿＿＿＿＿＿", before=8),
        m.Para("告知日期：　　　　年　　月　　日", before=8),
        m.Para("本告知单一式两份，申请人和窗口各执一份。", m.NOTE, before=4),
    )
    right = (m.QR(url, 20), m.Para("扫码看办事指南", m.NOTE, align="center"))
    row = m.Row((m.Cell(left), m.Cell(right)))
    return m.Table((dk.PAGE_TEXT_MM - 30, 30), (row,), grid=False, keep_together=True)


def _heading(name: str, sub: str, title: str = NOTICE_TITLE) -> list[m.Block]:
    return [
        m.Para(title, m.TITLE, align="center", after=2),
        m.Para(name, m.HEADING, align="center", after=1),
        m.Para(sub, m.SMALL, align="center", after=3),
    ]


def item_blocks(project: Project, item: ServiceItem, site_url: str) -> list[m.Block]:
    """What an item's notice says, in order (the layout is the writers')."""
    complete = guide.complete(project, item)
    out = _heading(
        item.name,
        f"{project.implementer_of(item)}　事项编码：{guide.item_code(project, item)}",
        NOTICE_TITLE if complete else WINDOW_TITLE,
    )
    out.append(m.Para("申请人：＿＿＿＿＿＿＿＿＿＿＿＿", after=2))
    out.append(m.Para(INTRO if complete else WINDOW_INTRO, after=3, indent=2))
    out.append(_table_materials(facts.item_materials(item)))
    where = facts.place(project, item)
    rows: list[tuple[str, str | None]] = [
        ("受理条件", "；".join(item.conditions) or None),
        ("办理时限", facts.time_limits(item)),
        ("收费", facts.fees(item)),
        ("办理地点", f"{where['place']}" + (f"（{where['address']}）" if where["address"] else "")),
        ("办理时间", where["hours"]),
        ("咨询电话", where["phone"] and f"{where['phone']}　投诉电话：{where['complaint']}"),
        ("网上办理", facts.online(item)),
        ("设定依据", "；".join(item.basis) or None),
    ]
    out += [
        m.Space(6),
        _facts_table([(label, value or BLANK) for label, value in rows]),
        m.Space(6),
        _footer_block(urls.short_url(site_url, item.id)),
    ]
    return out


def bundle_blocks(project: Project, bundle: Bundle, site_url: str) -> list[m.Block]:
    """What a bundle's notice says, in order."""
    out = _heading(bundle.name, f"{project.centre.name}　一事联办（一次告知）")
    out.append(m.Para("申请人：＿＿＿＿＿＿＿＿＿＿＿＿", after=2))
    out.append(m.Para(INTRO, after=4, indent=2))
    out.append(_table_materials(facts.bundle_materials(project, bundle)))
    conditions = _bundle_conditions(project, bundle)
    address, phone = project.centre.address, project.centre.phone
    rows = [
        ("办理事项", _bundle_members(project, bundle)),
        ("受理条件", "；".join(conditions) or BLANK),
        ("办理时限", facts.bundle_time_limit(project, bundle) or BLANK),
        ("收费", _bundle_fee(project, bundle)),
        ("办理地点", f"{project.centre.name}一事联办窗口" + (f"（{address}）" if address else "")),
        ("办理时间", project.centre.hours or BLANK),
        ("咨询电话", f"{phone}　投诉电话：{project.county.hotline}" if phone else BLANK),
    ]
    out += [m.Space(6), _facts_table(rows), m.Space(6), _footer_block(urls.bundle_url(site_url, bundle.id))]
    return out


def item_notice(project: Project, item: ServiceItem, site_url: str) -> m.Document:
    """The notice of one item: its Word file (docx_writer) and its pages in the department's PDF
    (typst_pdf, bookmarked by the item's name)."""
    blocks = tuple(item_blocks(project, item, site_url))
    return m.Document(f"{item.name}一次性告知单", blocks, bookmark=item.name)


def bundle_notice(project: Project, bundle: Bundle, site_url: str) -> m.Document:
    blocks = tuple(bundle_blocks(project, bundle, site_url))
    return m.Document(f"{bundle.name}一次性告知单", blocks, bookmark=bundle.name)

"""一表申请: the merged application form of a 一事联办 (and an item's own form), described once as a document
model (toolkit/office/model.py): its Word file and its PDF (Typst) say the same words.

A title with a QR code to the guide, the items (必办 listed, 选办 as ☐ to tick), the fields by group (each
field once, each person once, room by type: a box per character for 身份证号 and 统一社会信用代码, ☐ per
option, lines for long text), the one set of materials with forms and counts, the 承诺 and signatures, and
the window's record (受理人, 收件, the 推送 and 出件 of each item). Every table row is unsplittable (a label
never stays on one page with its box on the next), each group of fields is kept on one page, and every page
carries the 受理编号 line and 第 X 页 共 Y 页.
"""

from __future__ import annotations

from ..core import guide, urls
from ..core.models import Bundle, FormField, ServiceItem
from ..core.project import Project
from ..office import docx_kit as dk
from ..office import model as m
from . import facts

LABEL_MM, HALF_MM = 32.0, 55.0  # label + value, twice, is the text width (2 × 87 mm)
FULL_MM = dk.PAGE_TEXT_MM - LABEL_MM
ROW_MM = 6.5
BOX_MM = 5.0  # a box per character: 18 boxes fit the value column of a full row
LONG_WORDS = ("地址", "住所", "场所", "坐落", "地点", "位置", "范围", "内容", "名称", "住址", "理由")
RUNNING_HEAD = "受理编号：＿＿＿＿＿＿＿＿＿＿＿＿"
# One person, asked once: where a form has both, the operator's field is the applicant's (an individual
# business's 经营者 is its applicant; a company's 法定代表人 signs as its applicant).
APPLICANT, OPERATOR = "applicant-name", "legal-rep"
APPLICANT_AS_OPERATOR = "申请人姓名（经营者、法定代表人或负责人）"


def _half(field: FormField) -> bool:
    """Short fields share a row with another short field."""
    if facts.boxes(field) or facts.lines(field) > 1 or field.help:
        return False
    if field.type == "选项":
        return sum(len(o) + 2 for o in field.options) <= 14
    return not any(w in field.label for w in LONG_WORDS) and len(field.label) <= 10


def _boxes(count: int) -> m.Table:
    """A box per character: a one-row table of `count` cells, set at the left of its cell."""
    row = m.Row(tuple(m.Cell() for _ in range(count)), min_height_mm=6.5)
    return m.Table((BOX_MM,) * count, (row,), align="left")


def _value(field: FormField) -> m.Cell:
    """The room to write in: boxes, ☐ options, or blank lines; the 填写说明 in small type."""
    blocks: list[m.Block] = []
    if field.type == "选项":
        blocks.append(m.Para("　".join(f"{dk.BOX}{o}" for o in field.options)))
    elif field.type == "日期":
        blocks.append(m.Para("　　　　年　　月　　日"))
    n = facts.boxes(field)
    if n:
        blocks.append(_boxes(n))
    if field.help:
        blocks.append(m.Para(field.help, m.NOTE))
    return m.Cell(tuple(blocks))


def _label(field: FormField, note: str | None, as_operator: bool = False) -> m.Cell:
    label = APPLICANT_AS_OPERATOR if as_operator else field.label
    blocks: list[m.Block] = [m.Para(label, m.SMALL)]
    if note:
        blocks.append(m.Para(note, m.NOTE))
    return m.Cell(tuple(blocks))


def _note(project: Project, bundle: Bundle | None, field: FormField, numbers: dict[str, int]) -> str | None:
    if bundle is None:
        return None
    users = facts.field_users(project, bundle, field.id)
    return f"（办理第{'、'.join(str(numbers[u]) for u in users)}项时填写）" if users else None


def asked_fields(field_ids: list[str]) -> tuple[list[str], bool]:
    """The fields a form asks, each person once: without the operator's field when the applicant's is
    there (its label then says the applicant is the operator); and whether that merge was made."""
    merged = APPLICANT in field_ids and OPERATOR in field_ids
    return ([f for f in field_ids if f != OPERATOR] if merged else list(field_ids)), merged


def fields_section(
    project: Project,
    field_ids: list[str],
    bundle: Bundle | None = None,
    numbers: dict[str, int] | None = None,
) -> list[m.Block]:
    """A table per group of fields, each kept on one page."""
    numbers = numbers or {}
    ids, merged = asked_fields(field_ids)
    out: list[m.Block] = []
    for group, fields in facts.field_groups(project, ids):
        rows = [m.Row((m.Cell.text(group, m.HEADER_CELL, span=4),))]
        pending: FormField | None = None

        def label(f: FormField) -> m.Cell:
            return _label(f, _note(project, bundle, f, numbers), merged and f.id == APPLICANT)

        for f in fields:
            if _half(f) and not (merged and f.id == APPLICANT):
                if pending is None:
                    pending = f
                    continue
                cells = (label(pending), _value(pending), label(f), _value(f))
                rows.append(m.Row(cells, min_height_mm=ROW_MM, top=True))
                pending = None
                continue
            if pending is not None:  # a short field waiting for a partner stays by its neighbours
                rows.append(_full_row(pending, label(pending)))
                pending = None
            rows.append(_full_row(f, label(f)))
        if pending is not None:
            rows.append(_full_row(pending, label(pending)))
        out += [m.Table((LABEL_MM, HALF_MM, LABEL_MM, HALF_MM), tuple(rows), keep_together=True), m.Space(2)]
    return out


def _full_row(f: FormField, label: m.Cell) -> m.Row:
    value = _value(f)
    return m.Row((label, m.Cell(value.blocks, span=3)), min_height_mm=ROW_MM * facts.lines(f), top=True)


def _header(heading: str, sub: str, url: str) -> m.Table:
    left = (
        m.Para(heading, m.Style(18, "hei"), align="center"),
        m.Para(sub, m.SMALL, align="center", before=4),
        m.Para("受理编号：＿＿＿＿＿＿＿＿＿＿　　受理日期：　　　　年　　月　　日", m.SMALL, before=6),
    )
    right = (m.QR(url, 22), m.Para("扫码看办事指南", m.NOTE, align="center"))
    row = m.Row((m.Cell(left), m.Cell(right)))
    return m.Table((dk.PAGE_TEXT_MM - 30, 30), (row,), grid=False, keep_together=True)


def _section(value: str) -> m.Para:
    return m.Para(value, m.Style(10.5, "hei"), before=4, after=2, keep_next=True)


def _items_section(project: Project, bundle: Bundle, numbers: dict[str, int]) -> list[m.Block]:
    rows = []
    must = "除注明的情形外均须办理" if bundle.required_when else "均须办理"
    for kind, ids, mark in (
        (f"必办事项（{len(bundle.required)}项，{must}）", bundle.required, ""),
        (f"选办事项（{len(bundle.optional)}项，勾选需要办理的事项）", bundle.optional, dk.BOX),
    ):
        if not ids:
            continue
        rows.append(m.Row((m.Cell.text(kind, m.HEADER_CELL, span=2),)))
        for k in range(0, len(ids), 2):
            cells = []
            for item_id in ids[k : k + 2]:
                item = project.items[item_id]
                dep = project.department_of(item).short_name
                when = None if mark else facts.member_condition(project, bundle, item_id)  # 必办 only "when…"
                only = f"——仅{when}办理" if when else ""  # a member item the bundle needs only in some cases
                cells.append(m.Cell.text(f"{mark}{numbers[item_id]}．{item.name}（{dep}）{only}"))
            cells += [m.Cell()] * (2 - len(cells))
            rows.append(m.Row(tuple(cells)))
    return [_section("一、办理事项"), m.Table((87, 87), tuple(rows), keep_together=True)]


def materials_section(
    lines: list[facts.MaterialLine], numbers: dict[str, int] | None, head: str
) -> list[m.Block]:
    if numbers:
        widths: tuple[float, ...] = (10, 80, 30, 42, 12)
        titles: tuple[str, ...]
        titles = ("序号", "材料名称", "形式和份数", "用于事项（序号）", "已收")
    else:
        widths, titles = (10, 122, 30, 12), ("序号", "材料名称", "形式和份数", "已收")
    rows = [m.Row(tuple(m.Cell.text(t, m.HEADER_CELL) for t in titles), header=True)]
    for n, line in enumerate(lines, 1):
        name = line.name + (f"（{line.condition}）" if line.condition else "")
        used = "、".join(str(numbers[i]) for i in line.used_by if i in numbers) if numbers else None
        values = [str(n), name, line.how] + ([used or ""] if numbers else []) + [dk.BOX]
        rows.append(m.Row(tuple(m.Cell.text(v) for v in values)))
    count = sum(x.copies for x in lines if not (x.shared or x.form == "电子证照"))
    total = m.Para(f"共{len(lines)}种材料，纸质{count}份（电子证照和可共享材料免提交）。", m.SMALL, before=2)
    return [_section(head), m.Table(widths, tuple(rows)), total]


def pledge_section(number: str) -> list[m.Block]:
    cell = (
        m.Para(facts.PLEDGE),
        m.Para("申请人（签字或盖章）：＿＿＿＿＿＿＿＿　　代理人（签字）：＿＿＿＿＿＿＿＿", before=12),
        m.Para("日期：　　　　年　　月　　日", align="right", before=6, after=4),
    )
    table = m.Table((dk.PAGE_TEXT_MM,), (m.Row((m.Cell(cell),)),), keep_together=True)
    return [_section(f"{number}、承诺"), table]


def window_section(number: str, project: Project, ids: list[str], numbers: dict[str, int]) -> list[m.Block]:
    """The window's record: who received it and when, the material check, and for each item the back
    office it was pushed to and when, and its 出件 (who collected it, how)."""
    blank = "＿＿＿＿＿＿＿＿"
    head = (
        m.Row(
            (
                m.Cell.text(f"受理人（签字）：{blank}"),
                m.Cell.text("收件日期：　　　　年　　月　　日"),
            )
        ),
        m.Row(
            (
                m.Cell.text(f"收件编号：{blank}"),
                m.Cell.text(f"材料：{dk.BOX}齐全　{dk.BOX}需补正（已出具一次性告知单）"),
            )
        ),
    )
    titles = ("事项（序号）", "推送部门", "推送日期", "办结日期", "出件方式", "签收人（签字）")
    rows = [m.Row(tuple(m.Cell.text(t, m.HEADER_CELL) for t in titles), header=True)]
    for item_id in ids:
        dep = project.department_of(project.items[item_id]).short_name
        values = (str(numbers.get(item_id, 1)), dep, "", "", f"{dk.BOX}窗口 {dk.BOX}邮寄", "")
        rows.append(m.Row(tuple(m.Cell.text(v) for v in values), min_height_mm=6))
    return [
        _section(f"{number}、窗口记录（窗口人员填写）"),
        m.Table((87, 87), head, keep_together=True),
        m.Space(3),
        m.Table((22, 36, 26, 26, 30, 34), tuple(rows)),
        m.Para(facts.APPLY_NOTE, m.NOTE, before=3),
    ]


def bundle_form(project: Project, bundle: Bundle, site_url: str) -> m.Document:
    title = f"{bundle.name}联办申请表"
    ids = [*bundle.required, *bundle.optional]
    numbers = {i: n for n, i in enumerate(ids, 1)}
    blocks: list[m.Block] = [
        _header(
            title,
            f"{project.centre.name}　一表申请·一窗受理·一次办结",  # the centre's name names the county
            urls.bundle_url(site_url, bundle.id),
        ),
        m.Space(4),
        *_items_section(project, bundle, numbers),
        _section("二、申请信息（每项只填一次，各事项共用）"),
        *fields_section(project, bundle.form, bundle, numbers),
        *materials_section(facts.bundle_materials(project, bundle), numbers, "三、申请材料（一套材料）"),
        *pledge_section("四"),
        *window_section("五", project, [i for i in ids if i in project.items], numbers),
    ]
    return _document(title, blocks)


def item_form(project: Project, item: ServiceItem, site_url: str) -> m.Document:
    title = f"{item.name}申请表"
    blocks: list[m.Block] = [
        _header(
            title,
            f"{project.implementer_of(item)}　事项编码：{guide.item_code(project, item)}",
            urls.short_url(site_url, item.id),
        ),
        m.Space(4),
        _section("一、申请信息"),
        *fields_section(project, item.form_fields),
        *materials_section(facts.item_materials(item), None, "二、申请材料"),
        *pledge_section("三"),
        *window_section("四", project, [item.id], {}),
    ]
    return _document(title, blocks)


def _document(title: str, blocks: list[m.Block]) -> m.Document:
    return m.Document(
        title, tuple(blocks), bookmark=title, running_head=f"{title}　{RUNNING_HEAD}", number_one_page=True
    )

"""一表申请: the merged application form of a 一事联办 (and an item's own form), as a Word document.

A title with a QR code to the guide, the items (必办 listed, 选办 as ☐ to tick), the fields by group (each
field once, room by type: a box per character for 身份证号 and 统一社会信用代码, ☐ per option, lines for
long text), the one set of materials with forms and counts, the 承诺 and the signature lines. Every table
row is unsplittable, so a label never stays on one page with its box on the next.
"""

from __future__ import annotations

import datetime as dt

from docx.enum.text import WD_ALIGN_PARAGRAPH

from ..core import guide, urls
from ..core.models import Bundle, FormField, ServiceItem
from ..core.project import Project
from ..office import docx_kit as dk
from ..office import ooxml as ox
from . import facts

LABEL_MM, HALF_MM = 32.0, 55.0  # label + value, twice, is the text width (2 × 87 mm)
FULL_MM = dk.PAGE_TEXT_MM - LABEL_MM
ROW_MM = 8.0
LONG_WORDS = ("地址", "住所", "场所", "坐落", "地点", "位置", "范围", "内容", "名称", "住址", "理由")


def _half(field: FormField) -> bool:
    """Short fields share a row with another short field."""
    if facts.boxes(field) or facts.lines(field) > 1 or field.help:
        return False
    if field.type == "选项":
        return sum(len(o) + 2 for o in field.options) <= 14
    return not any(w in field.label for w in LONG_WORDS) and len(field.label) <= 10


def _value(cell, field: FormField) -> None:
    """The room to write in: boxes, ☐ options, or blank lines; the 填写说明 in small type."""
    par = cell.paragraphs[0]
    if field.type == "选项":
        dk.text(par, "　".join(f"{dk.BOX}{o}" for o in field.options), size=dk.BODY)
    elif field.type == "日期":
        dk.text(par, "　　　　年　　月　　日", size=dk.BODY)
    n = facts.boxes(field)
    if n:
        dk.char_boxes(cell, n)
    if field.help:
        dk.para(cell, field.help, size=7.5)


def _label(cell, field: FormField, note: str | None) -> None:
    dk.text(cell.paragraphs[0], field.label, size=dk.SMALL)
    if note:
        dk.para(cell, note, size=7.5)


def _note(project: Project, bundle: Bundle | None, field: FormField, numbers: dict[str, int]) -> str | None:
    if bundle is None:
        return None
    users = facts.field_users(project, bundle, field.id)
    return f"（办理第{'、'.join(str(numbers[u]) for u in users)}项时填写）" if users else None


def fields_section(doc, project: Project, field_ids: list[str], bundle=None, numbers=None) -> None:
    numbers = numbers or {}
    for group, fields in facts.field_groups(project, field_ids):
        t = dk.table(doc, [LABEL_MM, HALF_MM, LABEL_MM, HALF_MM])
        head = t.add_row()
        head._tr.get_or_add_trPr().append(ox.el("w:cantSplit"))
        dk.merge(head.cells, 0, 3)
        dk.text(head.cells[0].paragraphs[0], group, east=ox.HEI, size=dk.SMALL)
        ox.para_props(head.cells[0].paragraphs[0], keep_next=True)
        pending: FormField | None = None
        for f in fields:
            if _half(f):
                if pending is None:
                    pending = f
                    continue
                cells = dk.row(t, ["", "", "", ""], height_mm=ROW_MM)
                for off, g in ((0, pending), (2, f)):
                    _label(cells[off], g, _note(project, bundle, g, numbers))
                    _value(cells[off + 1], g)
                pending = None
                continue
            _full_row(t, f, _note(project, bundle, f, numbers))
        if pending is not None:
            _full_row(t, pending, _note(project, bundle, pending, numbers))
        dk.para(doc, "", line=120)


def _full_row(t, f: FormField, note: str | None) -> None:
    cells = dk.row(t, ["", "", "", ""], height_mm=ROW_MM * facts.lines(f))
    value = dk.merge(cells, 1, 3)
    _label(cells[0], f, note)
    _value(value, f)


def _header(doc, project: Project, heading: str, sub: str, url: str) -> None:
    t = dk.table(doc, [dk.PAGE_TEXT_MM - 30, 30], grid=False)
    cells = dk.row(t, ["", ""])
    left = cells[0].paragraphs[0]
    left.alignment = WD_ALIGN_PARAGRAPH.CENTER
    dk.text(left, heading, east=ox.HEI, size=dk.TITLE)
    dk.para(cells[0], sub, size=dk.SMALL, align=WD_ALIGN_PARAGRAPH.CENTER, before=80)
    dk.para(
        cells[0],
        "受理编号：＿＿＿＿＿＿＿＿＿＿　　受理日期：　　　　年　　月　　日",
        size=dk.SMALL,
        before=120,
    )
    right = cells[1].paragraphs[0]
    right.alignment = WD_ALIGN_PARAGRAPH.CENTER
    dk.picture(right, dk.qr_png(url), 24)
    dk.para(cells[1], "扫码看办事指南", size=7.5, align=WD_ALIGN_PARAGRAPH.CENTER)


def _section(doc, value: str) -> None:
    dk.para(doc, value, east=ox.HEI, size=dk.BODY, before=80, after=40, keep_next=True)


def _items_section(doc, project: Project, bundle: Bundle, numbers: dict[str, int]) -> None:
    _section(doc, "一、办理事项")
    t = dk.table(doc, [87, 87])
    for kind, ids, mark in (
        (f"必办事项（{len(bundle.required)}项，均须办理）", bundle.required, ""),
        (f"选办事项（{len(bundle.optional)}项，勾选需要办理的事项）", bundle.optional, dk.BOX),
    ):
        if not ids:
            continue
        head = dk.row(t, ["", ""], east=ox.HEI)
        dk.text(dk.merge(head, 0, 1).paragraphs[0], kind, east=ox.HEI, size=dk.SMALL)
        for k in range(0, len(ids), 2):
            pair = ids[k : k + 2]
            cells = dk.row(t, ["", ""])
            for cell, item_id in zip(cells, pair):
                item = project.items[item_id]
                dk.text(cell.paragraphs[0], f"{mark}{numbers[item_id]}．{item.name}", size=dk.SMALL)
                dk.text(cell.paragraphs[0], f"（{project.department_of(item).short_name}）", size=7.5)
    dk.keep_rows_together(t)


def materials_section(
    doc, lines: list[facts.MaterialLine], numbers: dict[str, int] | None, head: str
) -> None:
    _section(doc, head)
    if numbers:
        t = dk.table(
            doc, [10, 82, 30, 40, 12], header=["序号", "材料名称", "形式和份数", "用于事项（序号）", "已收"]
        )
    else:
        t = dk.table(doc, [10, 112, 40, 12], header=["序号", "材料名称", "形式和份数", "已收"])
    for n, m in enumerate(lines, 1):
        name = m.name + (f"（{m.condition}）" if m.condition else "")
        used = "、".join(str(numbers[i]) for i in m.used_by if i in numbers) if numbers else None
        values = [str(n), name, m.how] + ([used or ""] if numbers else []) + [dk.BOX]
        dk.row(t, values)
    count = sum(m.copies for m in lines if not (m.shared or m.form == "电子证照"))
    dk.para(
        doc, f"共{len(lines)}种材料，纸质{count}份（电子证照和可共享材料免提交）。", size=dk.SMALL, before=40
    )


def pledge_section(doc, number: str) -> None:
    _section(doc, f"{number}、承诺")
    t = dk.table(doc, [dk.PAGE_TEXT_MM])
    cells = dk.row(t, [facts.PLEDGE], size=dk.BODY)
    dk.para(
        cells[0], "申请人（签字或盖章）：＿＿＿＿＿＿＿＿　　代理人（签字）：＿＿＿＿＿＿＿＿", before=240
    )
    dk.para(cells[0], "日期：　　　　年　　月　　日", before=120, after=80, align=WD_ALIGN_PARAGRAPH.RIGHT)
    dk.keep_rows_together(t)
    dk.para(doc, facts.APPLY_NOTE, size=7.5, before=60)


def bundle_form(project: Project, bundle: Bundle, site_url: str, when: dt.datetime) -> bytes:
    doc = dk.new_document(f"{bundle.name}联办申请表", when, margin_mm=18)
    numbers = {i: n for n, i in enumerate([*bundle.required, *bundle.optional], 1)}
    _header(
        doc,
        project,
        f"{bundle.name}联办申请表",
        f"{project.centre.name}　一表申请·一窗受理·一次办结",  # the centre's name already names the county
        urls.bundle_url(site_url, bundle.id),
    )
    _items_section(doc, project, bundle, numbers)
    _section(doc, "二、申请信息（每项只填一次，各事项共用）")
    fields_section(doc, project, bundle.form, bundle, numbers)
    materials_section(doc, facts.bundle_materials(project, bundle), numbers, "三、申请材料（一套材料）")
    pledge_section(doc, "四")
    dk.page_footer(doc, f"{bundle.name}联办申请表")
    return dk.save(doc, when)


def item_form(project: Project, item: ServiceItem, site_url: str, when: dt.datetime) -> bytes:
    doc = dk.new_document(f"{item.name}申请表", when, margin_mm=18)
    _header(
        doc,
        project,
        f"{item.name}申请表",
        f"{project.implementer_of(item)}　事项编码：{guide.item_code(project, item)}",
        urls.short_url(site_url, item.id),
    )
    _section(doc, "一、申请信息")
    fields_section(doc, project, item.form_fields)
    materials_section(doc, facts.item_materials(item), None, "二、申请材料")
    pledge_section(doc, "三")
    dk.page_footer(doc, f"{item.name}申请表")
    return dk.save(doc, when)

"""一次性告知单 of an item or a bundle: what to bring (a ☐ per material for the clerk to tick what is missing —
补正告知), conditions, time limit, fee, where and when, phone, legal basis, and blanks for applicant, clerk
and date: the document the standard's 一窗通办 chapter requires the window to hand over.

An item's notice is its own Word file; a department's notices are also copied into one combined file (one
PDF conversion for many notices, bookmarked per item).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from docx.enum.text import WD_ALIGN_PARAGRAPH

from ..core import guide, urls
from ..core.models import Bundle, ServiceItem
from ..core.project import Project
from ..office import docx_kit as dk
from ..office import ooxml as ox
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


def _bundle_fee(yuan: int | None) -> str:
    """不收费 only when the data says so (guide.bundle_fees); a blank line for the clerk otherwise."""
    return BLANK if yuan is None else ("不收费" if yuan == 0 else f"{yuan}元")


def _table_materials(doc, lines: list[facts.MaterialLine]) -> None:
    t = dk.table(doc, [11, 55, 26, 68, 14], header=["序号", "材料名称", "形式和份数", "要求", "需补正"])
    for n, m in enumerate(lines, 1):
        req = "；".join(x for x in (m.condition and f"{m.condition}提交", m.accept) if x)
        dk.row(t, [str(n), m.name, m.how, req, dk.BOX])
    if not lines:
        for n in range(1, BLANK_ROWS + 1):
            dk.row(t, [str(n), "", "", "", dk.BOX], height_mm=8)


def _facts_table(doc, rows: list[tuple[str, str]]) -> None:
    t = dk.table(doc, [30, dk.PAGE_TEXT_MM - 30])
    for label, value in rows:
        dk.row(t, [label, value])


def _footer_block(doc, url: str) -> None:
    t = dk.table(doc, [dk.PAGE_TEXT_MM - 30, 30], grid=False)
    cells = dk.row(t, ["", ""])
    left = cells[0]
    dk.text(
        left.paragraphs[0], "申请人（签字）：＿＿＿＿＿＿＿＿　　联系电话：＿＿＿＿＿＿＿＿", size=dk.BODY
    )
    dk.para(left, "受理人（签字）：＿＿＿＿＿＿＿＿　　窗口：＿＿＿＿＿＿＿＿", size=dk.BODY, before=160)
    dk.para(left, "告知日期：　　　　年　　月　　日", size=dk.BODY, before=160)
    dk.para(left, "本告知单一式两份，申请人和窗口各执一份。", size=7.5, before=80)
    right = cells[1].paragraphs[0]
    right.alignment = WD_ALIGN_PARAGRAPH.CENTER
    dk.picture(right, dk.qr_png(url), 20)
    dk.para(cells[1], "扫码看办事指南", size=7.5, align=WD_ALIGN_PARAGRAPH.CENTER)
    dk.keep_rows_together(t)


def _heading(doc, name: str, sub: str, title: str = NOTICE_TITLE) -> None:
    dk.para(doc, title, east=ox.HEI, size=dk.TITLE, align=WD_ALIGN_PARAGRAPH.CENTER, after=40, outline=0)
    dk.para(doc, name, east=ox.HEI, size=13, align=WD_ALIGN_PARAGRAPH.CENTER, after=20)
    dk.para(doc, sub, size=dk.SMALL, align=WD_ALIGN_PARAGRAPH.CENTER, after=60)


def write_item(doc, project: Project, item: ServiceItem, site_url: str) -> None:
    complete = guide.complete(project, item)
    _heading(
        doc,
        item.name,
        f"{project.implementer_of(item)}　事项编码：{item.code}",
        NOTICE_TITLE if complete else WINDOW_TITLE,
    )
    dk.para(doc, "申请人：＿＿＿＿＿＿＿＿＿＿＿＿", size=dk.BODY, after=40)
    dk.para(doc, INTRO if complete else WINDOW_INTRO, size=dk.BODY, after=60, first_line_chars=2)
    _table_materials(doc, facts.item_materials(item))
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
    dk.para(doc, "", line=120)
    _facts_table(doc, [(label, value or BLANK) for label, value in rows])
    dk.para(doc, "", line=120)
    _footer_block(doc, urls.short_url(site_url, item.id))


def write_bundle(doc, project: Project, bundle: Bundle, site_url: str) -> None:
    _heading(doc, bundle.name, f"{project.centre.name}　一事联办（一次告知）")
    dk.para(doc, "申请人：＿＿＿＿＿＿＿＿＿＿＿＿", size=dk.BODY, after=40)
    dk.para(doc, INTRO, size=dk.BODY, after=80, first_line_chars=2)
    _table_materials(doc, facts.bundle_materials(project, bundle))
    items = project.bundle_items(bundle)
    conditions = []
    for item in items:
        conditions += [c for c in item.conditions if c not in conditions]
    address, phone = project.centre.address, project.centre.phone
    rows = [
        ("办理事项", f"必办{len(bundle.required)}项、选办{len(bundle.optional)}项（在联办申请表上勾选）"),
        ("受理条件", "；".join(conditions) or BLANK),
        ("办理时限", bundle.after.time.label()),
        ("收费", _bundle_fee(guide.bundle_fees(project, bundle))),
        ("办理地点", f"{project.centre.name}一事联办窗口" + (f"（{address}）" if address else "")),
        ("办理时间", project.centre.hours or BLANK),
        ("咨询电话", f"{phone}　投诉电话：{project.county.hotline}" if phone else BLANK),
    ]
    dk.para(doc, "", line=120)
    _facts_table(doc, rows)
    dk.para(doc, "", line=120)
    _footer_block(doc, urls.bundle_url(site_url, bundle.id))


def item_notice(project: Project, item: ServiceItem, site_url: str, when: dt.datetime):
    """The notice of one item as a python-docx Document (saved with docx_kit.save; copied into the
    department's combined file with docx_kit.append_body)."""
    doc = dk.new_document(f"{item.name}一次性告知单", when)
    write_item(doc, project, item, site_url)
    return doc


def bundle_notice(project: Project, bundle: Bundle, site_url: str, when: dt.datetime) -> bytes:
    doc = dk.new_document(f"{bundle.name}一次性告知单", when)
    write_bundle(doc, project, bundle, site_url)
    return dk.save(doc, when)


def combined(title: str, notices: Iterable[tuple[str, object]], when: dt.datetime) -> bytes:
    """Many items' notices in one document, each from a new page and bookmarked by its item id (the PDF's
    outline lists them, so a clerk finds and prints the pages of one item): one PDF conversion for many."""
    doc = dk.new_document(title, when)
    body = doc.element.body
    for el in list(body.iterchildren()):
        if el.tag != body.sectPr.tag:
            body.remove(el)
    for n, (item_id, src) in enumerate(notices):
        dk.append_body(doc, src, bookmark=f"n-{item_id}", page_break=n > 0)
    return dk.save(doc, when)

"""全科受理手册: the clerk's handbook as a Word document (PDF through LibreOffice): every item by department with
its 受理要点, the bundles, the items by life event, a thematic and a pinyin index whose page numbers are
PAGEREF fields to each item's bookmark, and the drafters' to-do list of what the data still lacks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from copy import deepcopy

from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml.ns import qn
from docx.shared import Mm

from ..core import guide
from ..core.cachedir import digest
from ..core.guide import PENDING
from ..core.models import ServiceItem
from ..core.project import Project
from ..office import docx_kit as dk
from ..office import ooxml as ox
from . import facts
from .order import by_pinyin, index_labels, initial, keyword_index

TITLE = "全科受理手册"


def bookmark(item_id: str) -> str:
    return f"i-{item_id}"


def _made_ref_line(container, label: str, mark: str, indent_mm: float, width: float, size: float):
    p = dk.para(container, "")
    fmt = p.paragraph_format
    if indent_mm:
        fmt.left_indent = Mm(indent_mm)
    fmt.tab_stops.add_tab_stop(Mm(width), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
    dk.text(p, label + "\t", size=size)
    dk.pageref(p, mark)
    for r in p.runs:
        ox.run_fonts(r, ox.SONG, size)
    return p._p


_REF_LINES: dict[tuple, tuple] = {}  # (indent, width, size) -> (a line made the python-docx way, its mark)


def _ref_line(container, label: str, mark: str, *, indent_mm: float = 0, size: float = dk.SMALL) -> None:
    """“label ………… page”: a dotted tab leader to a right-aligned PAGEREF. After the first line of a layout
    (made the python-docx way), a copy of it with the label and the mark put in: the same XML, 10× faster
    (the indexes' ~2,000 lines took half the handbook's time)."""
    width = getattr(container, "_stdkit_width_mm", dk.PAGE_TEXT_MM)
    plain = label.strip() == label and not any(c in label for c in "\t\r\n")  # one w:t, no xml:space
    key = (indent_mm, width, size)
    if key not in _REF_LINES or not plain:
        made = _made_ref_line(container, label, mark, indent_mm, width, size)
        if plain:
            _REF_LINES[key] = (deepcopy(made), mark)
        return
    proto, proto_mark = _REF_LINES[key]
    line = deepcopy(proto)
    line.find(f"{qn('w:r')}/{qn('w:t')}").text = label
    instr = line.find(f"{qn('w:r')}/{qn('w:instrText')}")
    instr.text = instr.text.replace(f" {proto_mark} ", f" {mark} ")
    p = container.add_paragraph()._p
    p.addnext(line)
    p.getparent().remove(p)


def _cover(doc, project: Project) -> None:
    items = list(project.items.values())
    detailed = sum(1 for i in items if guide.complete(project, i))
    dk.para(doc, "", before=2400)
    dk.para(doc, f"{project.county.name}政务服务", east=ox.HEI, size=22, align=WD_ALIGN_PARAGRAPH.CENTER)
    dk.para(doc, TITLE, east=ox.HEI, size=30, align=WD_ALIGN_PARAGRAPH.CENTER, before=240, after=480)
    for line in (
        f"综合窗口无差别受理：{len(project.departments)}个部门、{len(items)}个事项、{len(project.bundles)}个一事联办",
        f"其中{detailed}个事项办事指南要素完整，{len(items) - detailed}个事项待补充（见附录）",
        "　".join((project.centre.name, *facts.centre_contact(project))),
    ):
        dk.para(doc, line, size=12, align=WD_ALIGN_PARAGRAPH.CENTER, before=120)


def _front(doc) -> None:
    dk.heading(doc, "使用说明", 1, page_break=True)
    for line in (
        (
            "本手册供综合窗口全科受理人员学习和查阅：任一窗口可受理任一事项。每个事项列出受理条件、申请材料及其受理要点、"
            "常见补正和不予受理情形、承诺时限、后台审批部门和办理地点。"
        ),
        (
            "查找事项：按部门（第一部分）、按一事联办（第二部分）、按人生事件（第三部分），或用书末的主题索引和拼音索引，"
            "索引中的数字是页码。"
        ),
        "材料不齐全或不符合法定形式的，应一次性告知需要补正的全部内容，使用该事项的一次性告知单（与本手册同时生成）。",
        "标有“待补充”的事项，其办事指南要素尚未录入数据，受理时以现行办事指南为准；附录汇总了各部门待补充的要素。",
    ):
        dk.para(doc, line, first_line_chars=2, after=80)
    dk.heading(doc, "目录", 1, page_break=True)
    toc = dk.para(doc, "")
    ox.add_field(toc, 'TOC \\o "1-2" \\h \\z \\u', "（目录在转换为 PDF 时生成）")


def _kv(doc, rows: list[tuple[str, str]]) -> None:
    t = dk.table(doc, [24, dk.PAGE_TEXT_MM - 24])
    for k, v in rows:
        dk.row(t, [k, v])


def _item(doc, project: Project, item: ServiceItem) -> None:
    dk.heading(doc, item.name, 3, bookmark=bookmark(item.id))
    where = facts.place(project, item)
    levels = "、".join(
        x
        for x in (
            item.levels.township and f"乡镇{item.levels.township}",
            item.levels.village and f"村{item.levels.village}",
        )
        if x
    )
    _kv(
        doc,
        [
            ("类型和编码", f"{item.type}　{guide.item_code(project, item)}"),
            ("时限和收费", facts.limits_and_fees(item)),
            ("受理和后台", f"{where['place']} → {'、'.join(facts.back_office(project, item))}"),
        ]
        + ([("乡镇和村", levels)] if levels else []),
    )
    if item.conditions:
        dk.para(
            doc,
            "受理条件：" + "".join(f"（{n}）{c}" for n, c in enumerate(item.conditions, 1)),
            size=dk.SMALL,
            before=40,
        )
    if item.materials:
        t = dk.table(
            doc, [62, 28, dk.PAGE_TEXT_MM - 90], header=["申请材料", "形式和份数", "受理要点（怎样才算合格）"]
        )
        for m in facts.item_materials(item):
            name = m.name + (f"（{m.condition}）" if m.condition else "")
            dk.row(t, [name, m.how, m.accept or PENDING])
    if item.refusals:
        dk.para(
            doc,
            "常见补正和不予受理：" + "".join(f"（{n}）{c}" for n, c in enumerate(item.refusals, 1)),
            size=dk.SMALL,
            before=40,
        )
    lack = facts.missing(item)
    if lack:
        dk.para(doc, f"{PENDING}：" + "、".join(lack), east=ox.HEI, size=dk.SMALL, before=40)


class Parts:
    """The handbook's department parts (body XML as docx_kit.spill sets it aside) by a digest of what each is
    made from: `read(key)` gives a part made before (or None), `made` holds the parts made now and `used`
    the keys of every part this handbook holds. The digest covers what a part reads besides its items
    (`salt`: the county, centre, departments, flows, code, date) and where it starts (its bookmarks' ids)."""

    def __init__(self, salt: str, read: Callable[[str], bytes | None]):
        self.salt, self.read = salt, read
        self.made: dict[str, bytes] = {}
        self.used: list[str] = []


def department_parts(project: Project, salt: str) -> list[tuple[str, str, int, list[ServiceItem]]]:
    """(code, key, first bookmark, items in order) of each department with items: the digest its part is
    cached by (its items, `salt`, and where the ids of its bookmarks start: one per item)."""
    out, start = [], 0
    for code in project.departments:
        items = sorted(
            (i for i in project.items.values() if i.department == code),
            key=lambda i: (not guide.complete(project, i), i.id),
        )
        if items:
            out.append(
                (code, digest(salt, code, str(start), *(i.model_dump_json() for i in items)), start, items)
            )
            start += len(items)
    return out


def _departments(doc, project: Project, parts: Parts | None) -> None:
    dk.heading(doc, "第一部分　按部门", 1, page_break=True)
    for code, key, start, items in department_parts(project, parts.salt if parts else ""):
        if dk.bookmark_count(doc) != start:
            raise ValueError(f"handbook: {code}'s part starts after {dk.bookmark_count(doc)} bookmarks")
        done = parts.read(key) if parts else None
        if done is not None:
            dk.put_spilled(doc, done, bookmarks=len(items))
        else:
            dk.spill(doc)  # the part starts here
            dk.heading(doc, f"{project.departments[code].name}（{len(items)}项）", 2)
            for item in items:
                _item(doc, project, item)
        part = dk.spill(doc)  # the department's pages as XML: the document never holds all items at once
        if parts:
            parts.used.append(key)
            if done is None and part is not None:
                parts.made[key] = part


def _bundles(doc, project: Project) -> None:
    dk.heading(doc, "第二部分　一事联办", 1, page_break=True)
    for b in project.bundles.values():
        dk.heading(doc, b.name, 2)
        dk.para(doc, b.summary, size=dk.SMALL, after=40)
        for kind, ids in (("必办", b.required), ("选办", b.optional)):
            for item_id in ids:
                if item_id in project.items:
                    _ref_line(doc, f"{kind}：{project.items[item_id].name}", bookmark(item_id), indent_mm=4)
        t = dk.table(doc, [62, 28, dk.PAGE_TEXT_MM - 90], header=["合并材料", "形式和份数", "受理要点"])
        for m in facts.bundle_materials(project, b):
            dk.row(t, [m.name, m.how, m.accept or PENDING])
        if b.refusals:
            dk.para(
                doc,
                "常见补正和不予受理：" + "".join(f"（{n}）{c}" for n, c in enumerate(b.refusals, 1)),
                size=dk.SMALL,
                before=40,
            )


def _lifecycle(doc, project: Project) -> None:
    dk.heading(doc, "第三部分　按人生事件", 1, page_break=True)
    for cat in project.lifecycle.catalogues:
        dk.heading(doc, f"{cat.kind}全生命周期", 2)
        for stage in cat.stages:
            dk.para(doc, stage.name, east=ox.HEI, size=dk.BODY, before=80, keep_next=True)
            for e in stage.entries:
                ids = [i for i in e.items if i in project.items]
                if e.bundle and e.bundle in project.bundles:
                    ids += [
                        i for i in project.bundles[e.bundle].required if i in project.items and i not in ids
                    ]
                dk.para(doc, e.name, size=dk.SMALL, before=40, keep_next=bool(ids), left=113)
                for item_id in ids:
                    _ref_line(doc, project.items[item_id].name, bookmark(item_id), indent_mm=8)


def _two_columns(doc) -> None:
    sec = doc.add_section(WD_SECTION.NEW_PAGE)
    cols = sec._sectPr.find(qn("w:cols"))
    if cols is None:
        cols = ox.el("w:cols")
        sec._sectPr.append(cols)
    cols.set(qn("w:num"), "2")
    cols.set(qn("w:space"), str(int(8 * 56.7)))
    doc._stdkit_width_mm = (dk.PAGE_TEXT_MM - 8) / 2


def _indexes(doc, project: Project) -> None:
    _two_columns(doc)
    labels = index_labels(project)
    dk.heading(doc, "主题索引", 1)
    for word, ids in keyword_index(project):
        dk.para(doc, word, east=ox.HEI, size=dk.SMALL, before=40, keep_next=True)
        for item_id in ids:
            _ref_line(doc, labels[item_id], bookmark(item_id), indent_mm=4, size=8)
    dk.heading(doc, "拼音索引", 1, page_break=True)
    letter = None
    for item in by_pinyin(project.items.values()):
        first = initial(item.name)
        if first != letter:
            letter = first
            dk.para(doc, letter, east=ox.HEI, size=dk.BODY, before=80, keep_next=True)
        _ref_line(doc, labels[item.id], bookmark(item.id), size=8)


def _todo(doc, project: Project) -> None:
    sec = doc.add_section(WD_SECTION.NEW_PAGE)
    sec._sectPr.find(qn("w:cols")).set(qn("w:num"), "1")
    doc._stdkit_width_mm = dk.PAGE_TEXT_MM
    dk.heading(doc, "附录　待补充清单（起草人员用）", 1)
    dk.para(
        doc,
        "下表按部门统计办事指南要素尚未录入数据的事项；逐项待补充的要素见第一部分各事项的“待补充”一行。",
        size=dk.SMALL,
        after=80,
    )
    t = dk.table(doc, [60, 20, 20, 74], header=["部门", "事项数", "待补充", "缺得最多的要素"])
    for _code, name, n, lacking, top in facts.todo(project):
        dk.row(t, [name, str(n), str(lacking), top])


def handbook_docx(project: Project, when: dt.datetime, parts: Parts | None = None) -> bytes:
    """The handbook's bytes; with `parts`, the department parts found there are not made again (and the
    ones made are left in it), the same bytes."""
    doc = dk.new_document(f"{project.county.name}{TITLE}", when, margin_mm=18)
    _cover(doc, project)
    _front(doc)
    _departments(doc, project, parts)
    _bundles(doc, project)
    _lifecycle(doc, project)
    dk.spill(doc)  # not later: the index starts a section, whose properties page_footer finds in the body
    _indexes(doc, project)
    _todo(doc, project)
    dk.page_footer(doc, f"{project.county.name}{TITLE}")
    ox.update_fields_on_open(doc)
    return dk.save(doc, when)

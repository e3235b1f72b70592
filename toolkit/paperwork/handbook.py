"""全科受理手册: the clerk's handbook, described once as a document model (toolkit/office/model.py) — its PDF
typeset by Typst, its Word twin written from the same model. Every item by department with its 受理要点
(each item kept whole on a page where it fits), the bundles, the items by life event, a thematic index over
every item and a pinyin index whose page numbers point at each item's heading (Typst counts them; Word's
PAGEREF fields are filled when the file is opened), and the drafters' to-do list of what the data lacks.
The cover states, element by element, how many items have it.
"""

from __future__ import annotations

from ..core import guide
from ..core.guide import PENDING
from ..core.models import ServiceItem
from ..core.project import Project
from ..office import docx_kit as dk
from ..office import model as m
from . import facts
from .order import by_pinyin, index_labels, index_words, initial

TITLE = "全科受理手册"
KEEP_MM = 200  # an item estimated up to this high is kept whole on one page (the text is 261 mm high)
HEI_BODY = m.Style(10.5, "hei")
HEI_SMALL = m.Style(9, "hei")


def target(item_id: str) -> str:
    """Where an index line points: the item's heading."""
    return f"i-{item_id}"


def _lines_mm(text: str, width_mm: float, size: float = 9) -> float:
    """About how high a text set in `width_mm` stands (CJK: one character is `size` points wide)."""
    per_line = max(1, int((width_mm - 2) / (size * 0.3528)))
    return (len(text) // per_line + 1) * size * 0.3528 * 1.4 + 1.4


def _height_mm(blocks: list[m.Block]) -> float:
    """An estimate of how high blocks stand: decides whether an item is kept on one page."""
    total = 0.0
    for b in blocks:
        if isinstance(b, m.Para):
            total += _lines_mm(b.text, dk.PAGE_TEXT_MM, b.style.size) + b.before + b.after
        elif isinstance(b, m.Heading):
            total += 10
        elif isinstance(b, m.Table):
            for r in b.rows:
                cells, col = [], 0
                for c in r.cells:
                    width = sum(b.widths_mm[col : col + c.span])
                    col += c.span
                    cells.append(sum(_lines_mm(t, width) for t in m.texts(c.blocks)))
                total += max(cells, default=5.0)
    return total


def _completeness(project: Project, items: list[ServiceItem]) -> list[m.Block]:
    """How many items have each element a complete 受理要点 needs, counted from the data."""
    lacking: dict[str, int] = {}
    for item in items:
        for label in facts.missing(item):
            lacking[label] = lacking.get(label, 0) + 1
    complete = sum(1 for i in items if guide.complete(project, i))
    rows = [m.Row(tuple(m.Cell.text(h, m.HEADER_CELL) for h in ("要素", "已录入", "待补充")), header=True)]
    for label, n in lacking.items():
        rows.append(m.Row(tuple(m.Cell.text(v) for v in (label, f"{len(items) - n}项", f"{n}项"))))
    whole = sum(1 for i in items if not facts.missing(i))
    return [
        m.Para(
            f"办事指南要素完整（可出具正式一次性告知单）的{complete}项；受理要点各要素全部录入的{whole}项。"
            "各要素的录入情况：",
            m.SMALL,
            align="center",
            before=12,
            after=4,
        ),
        m.Table((60, 30, 30), tuple(rows)),
        m.Para(
            "未列出的要素各事项均已录入；逐项待补充的要素见第一部分和附录。", m.NOTE, align="center", before=3
        ),
    ]


def _cover(project: Project) -> list[m.Block]:
    items = list(project.items.values())
    counts = f"{len(project.departments)}个部门、{len(items)}个事项、{len(project.bundles)}个一事联办"
    return [
        m.Space(120),
        m.Para(f"{project.county.name}政务服务", m.Style(22, "hei"), align="center"),
        m.Para(TITLE, m.Style(30, "hei"), align="center", before=12, after=24),
        m.Para(f"综合窗口无差别受理：{counts}", m.Style(12), align="center", before=6),
        m.Para(
            "　".join((project.centre.name, *facts.centre_contact(project))),
            m.Style(12),
            align="center",
            before=6,
        ),
        *_completeness(project, items),
    ]


FRONT = (
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
)


def _front() -> list[m.Block]:
    out: list[m.Block] = [m.Heading("使用说明", 1, page_break=True)]
    out += [m.Para(line, indent=2, after=4) for line in FRONT]
    return [*out, m.Heading("目录", 1, page_break=True, outlined=False), m.Contents(2)]


def _kv(rows: list[tuple[str, str]]) -> m.Table:
    return m.Table(
        (24, dk.PAGE_TEXT_MM - 24), tuple(m.Row((m.Cell.text(k), m.Cell.text(v))) for k, v in rows)
    )


def _numbered(head: str, lines: list[str]) -> m.Para:
    return m.Para(head + "".join(f"（{n}）{c}" for n, c in enumerate(lines, 1)), m.SMALL, before=2)


def _materials(head: str, lines: list[facts.MaterialLine], with_condition: bool) -> m.Table:
    rows = [
        m.Row(tuple(m.Cell.text(h, m.HEADER_CELL) for h in (head, "形式和份数", "受理要点")), header=True)
    ]
    for line in lines:
        name = line.name + (f"（{line.condition}）" if with_condition and line.condition else "")
        rows.append(m.Row(tuple(m.Cell.text(v) for v in (name, line.how, line.accept or PENDING))))
    return m.Table((62, 28, dk.PAGE_TEXT_MM - 90), tuple(rows))


def item_blocks(project: Project, item: ServiceItem) -> m.Group:
    """One item: heading, facts, conditions, materials, refusals, what is missing; kept whole on a page
    when it fits one."""
    where = facts.place(project, item)
    levels = "、".join(
        x
        for x in (
            item.levels.township and f"乡镇{item.levels.township}",
            item.levels.village and f"村{item.levels.village}",
        )
        if x
    )
    rows = [
        ("类型和编码", f"{item.type}　{guide.item_code(project, item)}"),
        ("时限和收费", facts.limits_and_fees(item)),
        ("受理和后台", f"{where['place']} → {'、'.join(facts.back_office(project, item))}"),
    ] + ([("乡镇和村", levels)] if levels else [])
    blocks: list[m.Block] = [m.Heading(item.name, 3, target=target(item.id)), _kv(rows)]
    if item.conditions:
        blocks.append(_numbered("受理条件：", item.conditions))
    if item.materials:
        blocks += [m.Space(2), _materials("申请材料", facts.item_materials(item), True)]
    if item.refusals:
        blocks.append(_numbered("常见补正和不予受理：", item.refusals))
    lack = facts.missing(item)
    if lack:
        blocks.append(m.Para(f"{PENDING}：" + "、".join(lack), HEI_SMALL, before=2))
    blocks.append(m.Space(4))
    return m.Group(tuple(blocks), keep_together=_height_mm(blocks) <= KEEP_MM)


def _departments(project: Project) -> list[m.Block]:
    out: list[m.Block] = [m.Heading("第一部分　按部门", 1, page_break=True)]
    for code, dep in project.departments.items():
        items = sorted(
            (i for i in project.items.values() if i.department == code),
            key=lambda i: (not guide.complete(project, i), i.id),
        )
        if items:
            out.append(m.Heading(f"{dep.name}（{len(items)}项）", 2))
            out += [item_blocks(project, i) for i in items]
    return out


def _bundles(project: Project) -> list[m.Block]:
    out: list[m.Block] = [m.Heading("第二部分　一事联办", 1, page_break=True)]
    for b in project.bundles.values():
        out += [m.Heading(b.name, 2), m.Para(b.summary, m.SMALL, after=2)]
        for kind, ids in (("必办", b.required), ("选办", b.optional)):
            out += [
                m.PageRef(f"{kind}：{project.items[i].name}", target(i), indent_mm=4)
                for i in ids
                if i in project.items
            ]
        out += [m.Space(3), _materials("合并材料", facts.bundle_materials(project, b), False)]
        if b.refusals:
            out.append(_numbered("常见补正和不予受理：", b.refusals))
    return out


def _lifecycle(project: Project) -> list[m.Block]:
    out: list[m.Block] = [m.Heading("第三部分　按人生事件", 1, page_break=True)]
    for cat in project.lifecycle.catalogues:
        out.append(m.Heading(f"{cat.kind}全生命周期", 2))
        for stage in cat.stages:
            out.append(m.Para(stage.name, HEI_BODY, before=4, keep_next=True))
            for e in stage.entries:
                ids = [i for i in e.items if i in project.items]
                if e.bundle and e.bundle in project.bundles:
                    ids += [
                        i for i in project.bundles[e.bundle].required if i in project.items and i not in ids
                    ]
                out.append(m.Para(e.name, m.SMALL, before=2, keep_next=bool(ids), indent=2))
                out += [m.PageRef(project.items[i].name, target(i), indent_mm=8) for i in ids]
    return out


def _indexes(project: Project) -> list[m.Block]:
    """The thematic index (every item under its keywords, or the subject its name names) and the pinyin
    index, each in two columns."""
    labels = index_labels(project)
    thematic: list[m.Block] = []
    for word, ids in index_words(project):
        thematic.append(m.Para(word, HEI_SMALL, before=2, keep_next=True))
        thematic += [m.PageRef(labels[i], target(i), indent_mm=4, style=m.Style(8)) for i in ids]
    pinyin: list[m.Block] = []
    letter = None
    for item in by_pinyin(project.items.values()):
        if initial(item.name) != letter:
            letter = initial(item.name)
            pinyin.append(m.Para(letter, HEI_BODY, before=4, keep_next=True))
        pinyin.append(m.PageRef(labels[item.id], target(item.id), style=m.Style(8)))
    return [
        m.Heading("主题索引", 1, page_break=True),
        m.Para("有检索关键词的事项列在其关键词下，其余事项列在其名称所指的办理对象下。", m.NOTE, after=3),
        m.Group(tuple(thematic), columns=2),
        m.Heading("拼音索引", 1, page_break=True),
        m.Group(tuple(pinyin), columns=2),
    ]


def _todo(project: Project) -> list[m.Block]:
    rows = [
        m.Row(
            tuple(m.Cell.text(h, m.HEADER_CELL) for h in ("部门", "事项数", "待补充", "缺得最多的要素")),
            header=True,
        )
    ]
    for _code, name, n, lacking, top in facts.todo(project):
        rows.append(m.Row(tuple(m.Cell.text(v) for v in (name, str(n), str(lacking), top))))
    return [
        m.Heading("附录　待补充清单（起草人员用）", 1, page_break=True),
        m.Para(
            "下表按部门统计办事指南要素尚未录入数据的事项；逐项待补充的要素见第一部分各事项的“待补充”一行。",
            m.SMALL,
            after=4,
        ),
        m.Table((60, 20, 20, 74), tuple(rows)),
    ]


def handbook(project: Project) -> m.Document:
    """The handbook: one document, its pages numbered 第 X 页 共 Y 页 from the cover on (an index's
    number is the page it names in the PDF)."""
    title = f"{project.county.name}{TITLE}"
    blocks = [
        *_cover(project),
        *_front(),
        *_departments(project),
        *_bundles(project),
        *_lifecycle(project),
        *_indexes(project),
        *_todo(project),
    ]
    return m.Document(title, tuple(blocks))

"""The 通报: a draft notice of one collection round, for the provincial office to edit and issue — a DOCX
(python-docx through toolkit/office) and its PDF (LibreOffice, toolkit/office/pdf.py), read from the
province database's views like the dashboard.

Layout after GB/T 9704—2012 (党政机关公文格式): A4; text block 156 mm × 225 mm (top margin 37 mm, left
28 mm); title in 2号 (22 pt) 小标宋, centred; body in 3号 (16 pt) 仿宋, 22 lines of 28 characters (exact
line pitch 225 mm / 22, characters tightened by 0.25 pt so 28 fit in 156 mm); 主送 flush left; first-level
headings 黑体, second-level 楷体; 附件 list; issuer and 成文日期 right-aligned; page numbers "— 1 —".
No 版头 (the red masthead): the office puts the draft on its own letterhead.

Fonts: the 公文 faces (方正小标宋简体, 仿宋_GB2312, 楷体_GB2312) are not installed here, and fontconfig maps
their names to a Latin sans; the draft names installed faces instead, one per style so the office swaps
each in one place: 小标宋 → Noto Serif CJK SC Bold; 仿宋 and 楷体 → Noto Serif CJK SC (Noto has no 仿宋 or
楷体); 黑体 → Noto Sans CJK SC.

Charts are drawn as Word tables (a shaded cell per bar, the value beside it): editable in Word, the same
fonts as the text, no image library (the dashboard's SVG would need one to become a picture).

Kept in this one module so that it can move to the document model of toolkit/office later."""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm

from ..office import docx_kit as kit
from ..office import ooxml as ox
from .collect import Collection
from .rounds import ALL

TITLE_FONT = "Noto Serif CJK SC"  # stands in for 方正小标宋简体 (bold)
BODY_FONT = "Noto Serif CJK SC"  # stands in for 仿宋_GB2312
HEI_FONT = "Noto Sans CJK SC"  # 黑体
KAI_FONT = "Noto Serif CJK SC"  # stands in for 楷体_GB2312
TITLE_PT, BODY_PT, TABLE_PT = 22, 16, 12  # 2号, 3号, 小四
PAGE_MM, TEXT_MM = (210, 297), (156, 225)
TOP_MM, LEFT_MM = 37, 28
LINES, CHARS = 22, 28
PITCH_TWIPS = round(TEXT_MM[1] / LINES / 25.4 * 1440)  # 225 mm / 22 lines in twentieths of a point
TIGHTEN = -5  # character spacing, twentieths of a point: 28 × (16 − 0.25) pt = 155.6 mm
TOP_N = 10  # requirements named in the body


@dataclass(frozen=True)
class Heading:
    """Who issues the notice, to whom, and when (成文日期)."""

    issuer: str
    recipients: str
    date: dt.date
    round: str
    standard: str  # 《title》（number）


def heading_of(col: Collection, issuer: str | None = None, recipients: str | None = None,
               date: dt.date | None = None) -> Heading:  # fmt: skip
    """The notice's heading for the collection's latest round: the round's name, the standard's title and
    number, and 成文日期 (default: the round's closing date, else the latest check date — from the data,
    so the draft is reproducible)."""
    latest = max((r.admitted.period for r in col.latest()), key=lambda p: p.opens, default=None)
    if date is None:
        closes = latest.closes if latest is not None and latest.closes != dt.date.max else None
        date = closes or max(
            (dt.date.fromisoformat(r.doc.generated[:10]) for r in col.latest()), default=dt.date(2026, 1, 1)
        )
    name = latest.name if latest is not None and latest.name != ALL else "本轮"
    used = col.latest()[0].admitted.edition if col.rounds else next(iter(col.editions.values()))
    return Heading(issuer or "〔发文机关署名〕", recipients or "各市（州）政务服务管理部门", date, name,
                   f"《{used.title}》（{used.number}）" if used.title else used.number)  # fmt: skip


def _exact(target, twips: int) -> None:
    ppr = target.element.get_or_add_pPr() if hasattr(target, "element") else target._p.get_or_add_pPr()
    sp = ppr.find(qn("w:spacing"))
    if sp is None:
        sp = ox.el("w:spacing")
        ppr.append(sp)
    sp.set(qn("w:line"), str(twips))
    sp.set(qn("w:lineRule"), "exact")


def _setup(doc) -> None:
    """Page, text block, line grid and the styles the office edits (Normal = body, headings 1 and 2)."""
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    sec.top_margin, sec.left_margin = Mm(TOP_MM), Mm(LEFT_MM)
    sec.right_margin = Mm(PAGE_MM[0] - LEFT_MM - TEXT_MM[0])
    sec.bottom_margin = Mm(PAGE_MM[1] - TOP_MM - TEXT_MM[1])
    sec.footer_distance = Mm(20)
    # No document grid (w:docGrid type lines): LibreOffice would snap table rows and bars to it; the exact
    # line pitch of the styles gives the 22 lines.
    normal = doc.styles["Normal"]
    ox.style_fonts(normal, BODY_FONT, BODY_PT)
    normal.element.get_or_add_rPr().append(ox.el("w:spacing", val=TIGHTEN))
    ox.para_props(normal, before=0, after=0)
    _exact(normal, PITCH_TWIPS)
    for level, font in ((1, HEI_FONT), (2, KAI_FONT)):
        style = doc.styles[f"Heading {level}"]
        ox.style_fonts(style, font, BODY_PT, bold=False)
        ox.para_props(style, before=0, after=0, keep_next=True, outline=level - 1)
        _exact(style, PITCH_TWIPS)
        _indent(style, 2)


def _indent(target, chars: int) -> None:
    ppr = target.element.get_or_add_pPr() if hasattr(target, "element") else target._p.get_or_add_pPr()
    ind = ppr.find(qn("w:ind"))
    if ind is None:
        ind = ox.el("w:ind")
        ppr.append(ind)
    ind.set(qn("w:firstLine"), str(chars * (BODY_PT * 20 + TIGHTEN)))


def body(doc, value: str, *, indent: bool = True):
    p = kit.para(doc, value, east=BODY_FONT)
    if indent:
        _indent(p, 2)
    return p


def heading(doc, value: str, level: int = 1) -> None:
    p = doc.add_paragraph(style=f"Heading {level}")
    p.add_run(value)


def _table(doc, widths: list[float], header: list[str], rows: list[list[str]]):
    t = kit.table(doc, widths, header=None)
    for values, head in [(header, True)] + [(r, False) for r in rows]:
        cells = kit.row(t, values, size=TABLE_PT, east=HEI_FONT if head else BODY_FONT)
        for c in cells:
            _exact(c.paragraphs[0], round(TABLE_PT * 20 * 1.35))
            c.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        if head:
            cells[0]._tc.getparent().get_or_add_trPr().append(ox.el("w:tblHeader"))
    return t


def bar_chart(doc, caption: str, labels: list[str], values: list[float], top: float, unit: str) -> None:
    """A bar per label as a table row: label, a nested one-row table whose first cell (shaded) is the bar's
    length, the value."""
    p = kit.para(doc, caption, east=HEI_FONT, size=TABLE_PT, align=WD_ALIGN_PARAGRAPH.CENTER)
    ox.para_props(p, keep_next=True)
    area = 96.0
    t = kit.table(doc, [40, area, 20], grid=False)
    for label, v in zip(labels, values, strict=True):
        cells = kit.row(t, [label, "", f"{v:g}{unit}"], size=TABLE_PT, east=BODY_FONT)
        for c in cells:
            _exact(c.paragraphs[0], round(TABLE_PT * 20 * 1.2))
        cells[0].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        length = max(0.0, min(area - 1, (area - 1) * (v / top if top else 0)))
        inner = cells[1].add_table(rows=1, cols=2 if length >= 1 else 1)
        inner.autofit = False
        inner._tbl.tblPr.append(ox.el("w:tblLayout", type="fixed"))
        widths = [length, area - 1 - length] if length >= 1 else [area - 1]
        for col, w in zip(inner._tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=True):
            col.set(qn("w:w"), str(int(w * 56.7)))
        trpr = inner.rows[0]._tr.get_or_add_trPr()
        trpr.append(ox.el("w:trHeight", val=int(4 * 56.7), hRule="exact"))
        for c, w in zip(inner.rows[0].cells, widths, strict=True):
            c.width = Mm(w)
            _exact(c.paragraphs[0], 80)
        if length >= 1:
            inner.rows[0].cells[0]._tc.get_or_add_tcPr().append(
                ox.el("w:shd", val="clear", color="auto", fill="4A7AB5")
            )
        for par in cells[1].paragraphs:  # the cell's paragraphs around the nested table: tiny
            _exact(par, 40)
    kit.keep_rows_together(t)


def _facts(db: sqlite3.Connection) -> dict:
    summary = db.execute("SELECT * FROM county_summary ORDER BY rank, division_code").fetchall()
    missing = db.execute("SELECT * FROM not_reported").fetchall()
    scores = [r["score"] for r in summary]
    return {
        "summary": summary,
        "missing": missing,
        "prefs": db.execute("SELECT * FROM prefecture_summary WHERE counties_reporting > 0").fetchall(),
        "failing": [r for r in db.execute("SELECT * FROM requirement_failures") if r["counties_failing"]][
            :TOP_N
        ],
        "trend": db.execute("SELECT * FROM trend").fetchall(),
        "mean": round(sum(scores) / len(scores), 1) if scores else 0.0,
        "passed": sum(1 for r in summary if r["passed"]),
        "trust": dict(db.execute("SELECT trust, count(*) FROM latest_rounds GROUP BY trust").fetchall()),
    }


def _overview(doc, h: Heading, f: dict) -> None:
    n = sum(1 for r in f["summary"] if r["period"] == h.round or h.round == "本轮")
    missing = len(f["missing"])
    body(doc, f"为掌握{h.standard}在各县（市、区）的实施情况，按照{h.round}安排，各县（市、区）运用标准配套工具"
              "开展符合性检查并报送检查报告。现将有关情况通报如下。")  # fmt: skip
    heading(doc, "一、总体情况")
    trust = "，".join(f"{k} {v} 份" for k, v in sorted(f["trust"].items()))
    earlier = len(f["summary"]) - n
    before = f"（其中 {earlier} 个按其最近一次报告列入排名）" if earlier else ""
    body(doc, f"本轮共有 {n} 个县（市、区）报送检查报告，{missing} 个应报告而未报告{before}。已报告的县中，{f['passed']} 个"
              f"“应”类要求全部未发现不符合；平均得分 {f['mean']:g}%。得分为“应”类要求符合条数占适用条数的比例，"
              f"县自行核查的结果经省里审核采纳后计入。报告签名核验：{trust}。")  # fmt: skip
    if len(f["trend"]) > 1:
        body(
            doc,
            "历轮平均得分："
            + "；".join(f"{t['period']} {t['mean_score'] or 0:g}%" for t in f["trend"])
            + "。",
        )


def _ranking(doc, f: dict) -> None:
    heading(doc, "二、各市（州）和各县得分")
    body(doc, "各市（州）报告情况和平均得分见下表（按行政区划代码顺序），各县得分排名见附件1。")
    _table(doc, [52, 34, 34, 36], ["市（州）", "应报告（个）", "已报告（个）", "平均得分（%）"],
           [[p["prefecture"], str(p["counties_expected"] or 0), str(p["counties_reporting"]), f"{p['mean_score']:g}"]
            for p in f["prefs"]])  # fmt: skip
    top = f["summary"][:5]
    if top:
        body(
            doc,
            "得分居前的县（市、区）：" + "、".join(f"{r['county']}（{r['score']:g}%）" for r in top) + "。",
        )


def _failures(doc, f: dict) -> None:
    heading(doc, "三、不符合较多的要求")
    if not f["failing"]:
        body(doc, "本轮各县未发现“应”“宜”类要求不符合。")
        return
    body(doc, f"按不符合的县数排列（先“应”后“宜”“可”），前 {len(f['failing'])} 条如下，请各地对照整改：")
    for i, r in enumerate(f["failing"], start=1):
        body(doc, f"{i}. {r['clause']}（{r['level']}）{r['text']}——{r['counties_failing']} 个县不符合。")


def _missing(doc, f: dict) -> None:
    heading(doc, "四、未报告的县（市、区）")
    if not f["missing"]:
        body(doc, "应报告的县（市、区）均已报告。")
        return
    names = "、".join(f"{m['county']}（{m['prefecture'] or ''}）" for m in f["missing"])
    body(doc, f"以下 {len(f['missing'])} 个县（市、区）本轮未报送检查报告：{names}。请所在市（州）督促报送。")


def _closing(doc, h: Heading) -> None:
    heading(doc, "五、下一步工作")
    body(
        doc,
        "〔草稿：请填写整改要求和时限，如：各县（市、区）对照不符合项逐项整改，整改情况于下一轮收集时一并报送。〕",
    )
    kit.para(doc, "")
    body(doc, "附件：1. 各县（市、区）得分排名")
    p = kit.para(doc, "2. 得分分布和各市（州）对比", east=BODY_FONT)
    ind = ox.el("w:ind")
    ind.set(qn("w:left"), str(5 * (BODY_PT * 20 + TIGHTEN)))
    p._p.get_or_add_pPr().append(ind)
    for _ in range(2):
        kit.para(doc, "")
    for value in (h.issuer, f"{h.date.year}年{h.date.month}月{h.date.day}日"):
        p = kit.para(doc, value, east=BODY_FONT, align=WD_ALIGN_PARAGRAPH.RIGHT)
        ind = ox.el("w:ind")
        ind.set(qn("w:right"), str(4 * (BODY_PT * 20 + TIGHTEN)))  # 右空四字
        p._p.get_or_add_pPr().append(ind)


def _annex(doc, number: int, title: str) -> None:
    p = kit.para(doc, f"附件{number}", east=HEI_FONT)
    ox.para_props(p, page_break=True)
    kit.para(doc, title, east=TITLE_FONT, size=TITLE_PT, align=WD_ALIGN_PARAGRAPH.CENTER)
    kit.para(doc, "")


def _annexes(doc, f: dict) -> None:
    _annex(doc, 1, "各县（市、区）得分排名")
    _table(doc, [14, 34, 34, 20, 20, 20, 14], ["名次", "市（州）", "县（市、区）", "得分（%）", "“应”符合/适用", "“宜”符合/适用", "签名"],
           [[str(r["rank"]), r["prefecture"] or "", r["county"], f"{r['score']:g}", f"{r['shall_met']}/{r['shall_total']}",
             f"{r['should_met']}/{r['should_total']}", "是" if r["trust"] == "已验证" else "否"] for r in f["summary"]])  # fmt: skip
    _annex(doc, 2, "得分分布和各市（州）对比")
    counts = [0] * 10
    for r in f["summary"]:
        counts[min(int(r["score"] // 10), 9)] += 1
    bar_chart(doc, "各县得分分布（县数）", [f"{10 * i}%–{10 * i + 10}%" for i in range(10)],
              [float(c) for c in counts], float(max(counts) or 1), " 个")  # fmt: skip
    kit.para(doc, "")
    bar_chart(doc, "各市（州）平均得分", [p["prefecture"] for p in f["prefs"]],
              [p["mean_score"] or 0.0 for p in f["prefs"]], 100.0, "%")  # fmt: skip
    if len(f["trend"]) > 1:
        kit.para(doc, "")
        bar_chart(doc, "各轮平均得分", [t["period"] for t in f["trend"]],
                  [t["mean_score"] or 0.0 for t in f["trend"]], 100.0, "%")  # fmt: skip


def _footer(doc) -> None:
    fp = doc.sections[0].footer.paragraphs[0]
    fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    kit.text(fp, "— ", east=BODY_FONT, size=14)
    ox.add_field(fp, "PAGE", "1")
    kit.text(fp, " —", east=BODY_FONT, size=14)


def notice_docx(db: sqlite3.Connection, h: Heading, when: dt.datetime) -> bytes:
    """The draft 通报 of the round in `db` (the province database's views) as DOCX bytes (reproducible)."""
    title = f"关于{h.round}{h.standard}实施情况的通报"
    doc = kit.new_document(title, when)
    _setup(doc)
    f = _facts(db)
    p = kit.para(doc, title, east=TITLE_FONT, size=TITLE_PT, align=WD_ALIGN_PARAGRAPH.CENTER)
    p.runs[0].bold = True
    _exact(p, round(TITLE_PT * 20 * 1.3))
    kit.para(doc, "")
    body(doc, f"{h.recipients}：", indent=False)
    _overview(doc, h, f)
    _ranking(doc, f)
    _failures(doc, f)
    _missing(doc, f)
    _closing(doc, h)
    _annexes(doc, f)
    _footer(doc)
    return kit.save(doc, when)

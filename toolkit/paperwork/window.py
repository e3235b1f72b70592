"""The window's documents about one case (an item or a bundle, subject.py), from 收件 to 出件:

    correction   申请材料补正告知书 — 收件编号 and 收件日期, the materials received, a 补正说明 column per
                 material, the 补正期限 and its consequence, the legal basis by item type, signatures and
                 the 窗口专用章
    refusal      不予受理通知书 — the reasons the data gives (and a line for others), 复议/诉讼 rights from the
                 county's data (a complaint for 公共服务 items)
    acceptance   受理通知书（回执） — the promised time limit, the completion date, how to follow progress
    receipt      收件凭证（材料接收清单）
    completion   办结通知书 and 出件签收单
    commitment   告知承诺书 (items whose data give 告知承诺 content)
    tolerance    容缺受理承诺书 (materials marked 容缺)
    routing      一事联办流转单 (bundles: the back-office departments and the record of pushing each item)

Each is a document model (toolkit/office/model.py). The county's rules not given (补正期限, 复议机关, …)
are lines the clerk fills in: an applicant's copy never shows 待补充.
"""

from __future__ import annotations

from ..core.project import Project
from ..office import docx_kit as dk
from ..office import model as m
from . import facts
from .subject import Subject, basis_for, cite

BOX = dk.BOX
LINE = "＿" * 12
DATE = "　　　　年　　月　　日"
NUMBER_BOXES = 14  # 收件编号: one box per character, as the centre's numbering writes it
KINDS = {
    "correction": "申请材料补正告知书",
    "refusal": "不予受理通知书",
    "acceptance": "受理通知书（回执）",
    "receipt": "收件凭证（材料接收清单）",
    "completion": "办结通知书及出件签收单",
    "commitment": "告知承诺书",
    "tolerance": "容缺受理承诺书",
    "routing": "一事联办流转单",
}
NEUTRAL_CORRECTION = (
    "本窗口按一次性告知制度，将需要补正的全部内容一次告知；补正内容以本告知书为准，不再另行要求其他材料。"
)
NEUTRAL_REFUSAL = "本窗口依据本事项的受理条件作出上述决定。"


def _head(s: Subject, kind: str) -> list[m.Block]:
    return [
        m.Para(KINDS[kind], m.TITLE, align="center", after=2),
        m.Para(s.name, m.HEADING, align="center", after=1),
        m.Para(
            f"{s.issuer}　{s.code if s.bundle else '事项编码：' + s.code}", m.SMALL, align="center", after=4
        ),
        m.Para(f"收件编号：{BOX * NUMBER_BOXES}　　收件日期：{DATE}", after=3),
        m.Para(f"申请人：{LINE}{LINE[:6]}　　联系电话：{LINE}", after=4),
    ]


def header_row(heads: tuple[str, ...]) -> m.Row:
    """A table's header, repeated on each page the table runs onto."""
    return m.Row(tuple(m.Cell.text(h, m.HEADER_CELL) for h in heads), header=True)


def _signatures(who: tuple[str, ...], seal: str = "窗口专用章") -> m.Table:
    """Signature lines on the left, a framed space for the seal on the right; never split across pages."""
    left = tuple(m.Para(f"{w}：{LINE[:8]}　　{DATE}", before=10) for w in who)
    stamp = m.Table((44,), (m.Row((m.Cell.text(f"（{seal}）", m.NOTE),), min_height_mm=30),))
    row = m.Row((m.Cell(left), m.Cell((stamp,))))
    return m.Table((dk.PAGE_TEXT_MM - 50, 50), (row,), grid=False, keep_together=True)


def close(who: tuple[str, ...], seal: str = "窗口专用章") -> list[m.Block]:
    """The end of a document: signatures, the seal's space, the copies."""
    return [m.Space(4), _signatures(who, seal), _copies()]


def intro(text: str) -> m.Para:
    return m.Para(text, indent=2, after=3)


def _doc(s: Subject, kind: str, blocks: list[m.Block]) -> m.Document:
    """A case's document, bookmarked in its department's PDF by the case's name."""
    return m.Document(f"{s.name}{KINDS[kind]}", tuple(blocks), bookmark=s.name)


def _copies(n: int = 2) -> m.Para:
    return m.Para(f"本文书一式{n}份，申请人和窗口各执一份。", m.NOTE, before=4)


def _material_name(line: facts.MaterialLine) -> str:
    return line.name + (f"（{line.condition}提交）" if line.condition else "")


def correction(project: Project, s: Subject) -> m.Document:
    rules = project.county.window
    out = _head(s, "correction")
    out.append(
        intro(
            f"你（单位）于{DATE}提交的“{s.name}”申请材料，经核对，需要补正。"
            "现将需要补正的全部内容一次告知如下（“已收”栏勾选本窗口收到的材料，“补正说明”栏写明需要补正的内容）："
        )
    )
    header = header_row(("序号", "材料名称", "形式和份数", "已收", "补正说明"))
    rows = [header]
    lines = list(s.materials) or [facts.MaterialLine("", "", 0)] * 5
    for n, line in enumerate(lines, 1):
        cells = (str(n), _material_name(line), line.how if line.name else "", BOX, "")
        rows.append(m.Row(tuple(m.Cell.text(v) for v in cells), min_height_mm=9))
    rows.append(m.Row(tuple(m.Cell.text(v) for v in (str(len(lines) + 1), "其他：", "", BOX, "")), 9))
    out.append(m.Table((11, 58, 27, 12, 66), tuple(rows)))
    days = rules.correction_days
    limit = f"收到本告知书之日起{days}个工作日内" if days else f"{DATE}前"
    out += [
        m.Para(f"补正期限：请于{limit}补齐上述材料，送交本窗口。", before=6),
        m.Para(f"逾期未补正的：{rules.correction_consequence or LINE + LINE}。", before=2),
        m.Para("补齐材料后，本窗口当场核对；材料齐全、符合法定形式的，予以受理。", before=2),
    ]
    refs = basis_for("correction", s.types)
    basis = "；".join(f"{t}事项：{cite(r)}" for t, r in refs) if refs else NEUTRAL_CORRECTION
    out += [
        m.Para(f"依据：{basis}" if refs else basis, before=2),
        *close(("受理人（签字）", "申请人（签收）")),
    ]
    return _doc(s, "correction", out)


def _rights(project: Project, s: Subject) -> list[m.Block]:
    """复议/诉讼 from the county's data (a line for what it does not give); a complaint for public services."""
    rules = project.county.window
    if not s.administrative:
        phone = s.complaint or LINE
        return [m.Para(f"对本决定有异议的，可以向本窗口所在服务中心反映，或拨打投诉电话 {phone}。", before=4)]
    rows = [header_row(("途径", "受理机关", "期限", "法律依据"))]
    for label, r in (("申请行政复议", rules.reconsideration), ("提起行政诉讼", rules.litigation)):
        cells = (label, r.body or "", r.limit or "", cite(r.basis) if r.basis else "")
        rows.append(m.Row(tuple(m.Cell.text(v) for v in cells), min_height_mm=9))
    return [
        m.Para("如对本决定不服，可以在法定期限内依法申请行政复议或者提起行政诉讼：", before=6, after=2),
        m.Table((30, 62, 24, 58), tuple(rows)),
    ]


def refusal(project: Project, s: Subject) -> m.Document:
    out = _head(s, "refusal")
    out.append(intro(f"你（单位）于{DATE}申请办理的“{s.name}”，经审查，不予受理。理由如下（勾选并写明）："))
    own = f"申请事项不属于本机关职权范围，请向{LINE}申请"
    reasons = [
        *s.refusals,
        *([] if any("职权范围" in r for r in s.refusals) else [own]),
        f"其他：{LINE}{LINE}",
    ]
    out += [m.Para(f"{BOX} {r}", before=3) for r in reasons]
    refs = basis_for("refusal", s.types)
    basis = "；".join(f"{t}事项：{cite(r)}" for t, r in refs) if refs else NEUTRAL_REFUSAL
    out.append(m.Para(f"依据：{basis}" if refs else basis, before=6))
    out += _rights(project, s)
    out += [
        *close(("经办人（签字）", "申请人（签收）"), "实施机关印章或窗口专用章"),
    ]
    return _doc(s, "refusal", out)


def acceptance(project: Project, s: Subject) -> m.Document:
    out = _head(s, "acceptance")
    out.append(intro(f"你（单位）于{DATE}提交的“{s.name}”申请，材料齐全、符合法定形式，本窗口予以受理。"))
    progress = "、".join(
        x
        for x in (s.phone and f"咨询电话 {s.phone}", "扫描右侧二维码查看办事指南", "凭收件编号到窗口查询")
        if x
    )
    rows = [
        ("办理时限", s.limit or LINE),
        ("预计办结日期", DATE),
        ("办理进度查询", progress),
        ("结果领取", f"{BOX} 窗口领取　{BOX} 邮寄送达（填写邮寄送达地址确认书）"),
        ("投诉电话", s.complaint or LINE),
    ]
    table = m.Table(
        (34, dk.PAGE_TEXT_MM - 34), tuple(m.Row((m.Cell.text(k), m.Cell.text(v))) for k, v in rows)
    )
    code = m.Table(
        (dk.PAGE_TEXT_MM - 30, 30),
        (
            m.Row(
                (
                    m.Cell((table,)),
                    m.Cell((m.QR(s.url, 22), m.Para("扫码看办事指南", m.NOTE, align="center"))),
                )
            ),
        ),
        grid=False,
    )
    out += [code, m.Space(4), _signatures(("受理人（签字）", "申请人（签收）")), _copies()]
    return _doc(s, "acceptance", out)


def receipt(project: Project, s: Subject) -> m.Document:
    out = _head(s, "receipt")
    out.append(m.Para("本窗口收到下列材料（原件核验后退还的，在“退还”栏勾选）：", after=3))
    header = header_row(("序号", "材料名称", "应交", "实收份数", "退还"))
    rows = [header]
    for n, line in enumerate(s.materials, 1):
        back = BOX if line.returned else ""
        rows.append(m.Row(tuple(m.Cell.text(v) for v in (str(n), _material_name(line), line.how, "", back))))
    rows.append(m.Row(tuple(m.Cell.text(v) for v in (str(len(s.materials) + 1), "其他：", "", "", BOX)), 9))
    out += [
        m.Table((11, 78, 40, 25, 20), tuple(rows)),
        m.Space(6),
        _signatures(("收件人（签字）", "申请人（签收）")),
    ]
    out.append(_copies())
    return _doc(s, "receipt", out)


def completion(project: Project, s: Subject) -> m.Document:
    """办结通知书 (the result and where to collect it) and, below a cut line, the 出件签收单."""
    out = _head(s, "completion")
    out += [
        m.Para(
            f"你（单位）申请的“{s.name}”已办理完结。办理结果：{BOX} 准予　{BOX} 不予（理由见决定书）。",
            indent=2,
        ),
        m.Para(
            f"请携带本通知书和申请人身份证件到{LINE}领取结果；选择邮寄送达的，结果已按确认的地址寄出。",
            indent=2,
            before=2,
            after=4,
        ),
        m.Para("—" * 20 + " 出件签收单 " + "—" * 20, m.SMALL, align="center", before=6, after=4),
    ]
    header = header_row(("序号", "证照或文书名称", "份数", "送达方式"))
    rows = [header]
    names = [i.name for i in s.items]
    for n, name in enumerate(names, 1):
        rows.append(
            m.Row(tuple(m.Cell.text(v) for v in (str(n), f"{name}　结果：", "", f"{BOX} 窗口 {BOX} 邮寄")))
        )
    out += [
        m.Table((11, 103, 20, 40), tuple(rows)),
        m.Para(f"领取人：{LINE}　身份证件号码：{LINE}{LINE}", before=8),
        m.Para(f"邮寄单号（邮寄送达）：{LINE}{LINE}", before=6),
        _signatures(("出件人（签字）", "领取人（签收）")),
    ]
    return _doc(s, "completion", out)


def commitment(project: Project, s: Subject) -> m.Document:
    """告知承诺书 of an item whose data give the 承诺 content (ServiceItem.commitment)."""
    item = s.items[0]
    given = item.commitment
    assert given is not None  # subject.applies("commitment", item)
    out = _head(s, "commitment")
    out.append(
        intro(
            f"{s.issuer}已告知申请人办理“{s.name}”应当符合的下列条件。申请人自愿以告知承诺方式办理，"
            "逐项承诺（在“☐”中勾选）："
        )
    )
    out += [m.Para(f"{BOX} {n}. {c}", before=3) for n, c in enumerate(given.content, 1)]
    out += [
        m.Para(
            "申请人承诺所填写的信息真实、准确，已经符合或者将按期符合上述条件；承诺不实或者未履行承诺的，"
            "愿意承担相应的法律责任。",
            indent=2,
            before=6,
        ),
        m.Para(f"承诺内容出处：{given.source}", m.NOTE, before=3),
    ]
    if given.basis:
        out.append(m.Para("依据：" + "；".join(cite(r) for r in given.basis), m.NOTE, before=2))
    out += [
        *close(("承诺人（签字或盖章）", "受理人（签字）"), "实施机关印章或窗口专用章"),
    ]
    return _doc(s, "commitment", out)


def tolerance(project: Project, s: Subject) -> m.Document:
    """容缺受理承诺书: the materials marked 容缺, a date to hand each in, the applicant's pledge."""
    out = _head(s, "tolerance")
    out.append(
        intro(f"申请人办理“{s.name}”时，下列容缺材料暂缺，申请窗口先行受理。申请人承诺在约定日期前补交：")
    )
    header = header_row(("序号", "容缺材料", "形式和份数", "暂缺", "补交日期"))
    rows = [header]
    for n, line in enumerate((x for x in s.materials if x.tolerated), 1):
        rows.append(
            m.Row(tuple(m.Cell.text(v) for v in (str(n), line.name, line.how, BOX, DATE)), min_height_mm=9)
        )
    out += [
        m.Table((11, 70, 30, 13, 50), tuple(rows)),
        m.Para(
            "申请人承诺按期补交上述材料，所补材料与申请时所填信息一致；逾期未补交的，由窗口依照本县容缺受理规定处理。",
            indent=2,
            before=6,
        ),
        *close(("承诺人（签字或盖章）", "受理人（签字）")),
    ]
    return _doc(s, "tolerance", out)


def routing(project: Project, s: Subject) -> m.Document:
    """一事联办流转单: each member item, its back office, and the record of pushing and returning it."""
    out = _head(s, "routing")
    out.append(m.Para("综合窗口受理后，按下表推送各审批部门，各部门办结后送统一出件窗口：", after=3))
    heads = ("序号", "事项", "后台承办", "本件办理", "推送时间", "接收人", "办结时间")
    rows = [header_row(heads)]
    assert s.bundle is not None
    for n, item in enumerate(s.items, 1):
        cond = facts.member_condition(project, s.bundle, item.id)
        mark = f"{BOX} 办理" if cond else "必办"
        back = "、".join(facts.back_office(project, item))
        rows.append(m.Row(tuple(m.Cell.text(v) for v in (str(n), item.name, back, mark, "", "", "")), 10))
    out += [
        m.Table((9, 48, 45, 16, 20, 18, 18), tuple(rows)),
        m.Space(4),
        _signatures(("受理人（签字）", "出件人（签字）")),
    ]
    return _doc(s, "routing", out)


MAKERS = {
    "correction": correction,
    "refusal": refusal,
    "acceptance": acceptance,
    "receipt": receipt,
    "completion": completion,
    "commitment": commitment,
    "tolerance": tolerance,
    "routing": routing,
}
ITEM_KINDS = ("correction", "refusal", "acceptance", "receipt", "completion", "commitment", "tolerance")
BUNDLE_KINDS = ("correction", "refusal", "acceptance", "receipt", "completion", "routing", "tolerance")

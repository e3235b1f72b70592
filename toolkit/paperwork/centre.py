"""The window's documents that do not depend on the item, made once per centre: 授权委托书, 邮寄送达地址确认书,
帮办代办登记表 (for the volunteer teams) and the 好差评 slip with the county's evaluation address (a QR code
when the data gives it; a box for the centre's own code otherwise). Document models (toolkit/office/model.py)."""

from __future__ import annotations

from ..core.project import Project
from ..office import docx_kit as dk
from ..office import model as m
from .window import BOX, DATE, LINE, _signatures, close, header_row

KINDS = {
    "proxy": "授权委托书",
    "address": "邮寄送达地址确认书",
    "assist": "帮办代办登记表",
    "review": "政务服务“好差评”评价单",
}
ASSIST_ROWS = 12


def centres(project: Project) -> list[str]:
    """Every centre that receives applications: the county's, then each township's."""
    return [project.centre.name, *(t.name for t in project.townships.values())]


def _head(centre: str, kind: str) -> list[m.Block]:
    return [
        m.Para(KINDS[kind], m.TITLE, align="center", after=2),
        m.Para(centre, m.SMALL, align="center", after=6),
    ]


def _doc(centre: str, kind: str, blocks: list[m.Block]) -> m.Document:
    """A centre's copy, bookmarked by the centre's name in the PDF of all centres' copies."""
    return m.Document(KINDS[kind], tuple(blocks), bookmark=centre)


def _form(rows: list[tuple[str, str]], label_mm: float = 36) -> m.Table:
    cells = tuple(m.Row((m.Cell.text(k, m.BODY), m.Cell.text(v, m.BODY)), min_height_mm=10) for k, v in rows)
    return m.Table((label_mm, dk.PAGE_TEXT_MM - label_mm), cells)


def proxy(project: Project, centre: str) -> m.Document:
    out = _head(centre, "proxy")
    out += [
        _form(
            [
                ("委托人", "姓名（名称）：　　　　　　　　　　身份证件号码（统一社会信用代码）："),
                ("受托人", "姓名：　　　　　　　　　　　　　　身份证件号码：　　　　　　　　　　联系电话："),
                ("委托事项", ""),
                (
                    "委托权限",
                    f"{BOX} 提交、补正申请材料　{BOX} 签收受理、补正、不予受理等文书　{BOX} 领取办理结果　{BOX} 其他：",
                ),
                ("委托期限", f"自{DATE}至{DATE}"),
            ]
        ),
        m.Para("委托人对受托人在委托权限内办理的事项承担相应的法律后果。", indent=2, before=6),
        m.Para("附：委托人、受托人身份证件复印件。", m.SMALL, before=3),
        m.Space(4),
        _signatures(("委托人（签字或盖章）", "受托人（签字）"), "窗口核验人签字"),
    ]
    return _doc(centre, "proxy", out)


def address(project: Project, centre: str) -> m.Document:
    out = _head(centre, "address")
    out += [
        m.Para("申请人同意以邮寄方式送达办理结果和有关文书，确认下列送达地址：", indent=2, after=3),
        _form(
            [
                ("收件编号", BOX * 14),
                ("申请事项", ""),
                ("收件人", ""),
                ("联系电话", ""),
                ("送达地址", "　　　　省　　　　市（州）　　　　县（市、区）　　　　乡镇（街道）"),
                ("", ""),
                ("邮政编码", BOX * 6),
                (
                    "送达内容",
                    f"{BOX} 证照　{BOX} 批准文书　{BOX} 补正告知书　{BOX} 不予受理通知书　{BOX} 其他：",
                ),
            ]
        ),
        m.Para(
            "送达地址变更的，申请人应及时书面告知窗口。",
            indent=2,
            before=6,
        ),
        *close(("申请人（签字或盖章）", "受理人（签字）")),
    ]
    return _doc(centre, "address", out)


def assist(project: Project, centre: str) -> m.Document:
    """A register the 帮办代办 teams fill in by hand, one row a case; the teams are named from the data."""
    teams = "、".join(t.name for t in project.teams_list()) or LINE
    out = _head(centre, "assist")
    out.append(m.Para(f"帮办代办队伍：{teams}", m.SMALL, after=4))
    heads = ("序号", "日期", "服务对象及电话", "事项", "帮办/代办", "帮办代办人", "办理结果", "服务对象签字")
    rows = [header_row(heads)]
    for n in range(1, ASSIST_ROWS + 1):
        cells = (str(n), "", "", "", f"{BOX}帮办 {BOX}代办", "", "", "")
        rows.append(m.Row(tuple(m.Cell.text(v) for v in cells), min_height_mm=14))
    out.append(m.Table((9, 16, 30, 34, 20, 20, 23, 22), tuple(rows)))
    return _doc(centre, "assist", out)


def review(project: Project, centre: str) -> m.Document:
    """The 好差评 slip: the county's evaluation address as a QR code when the data gives one."""
    rules = project.county.window
    out = _head(centre, "review")
    out += [
        m.Para(f"收件编号：{BOX * 14}　　办理事项：{LINE}", after=4),
        m.Para(
            f"请对本次服务作出评价：{BOX} 非常满意　{BOX} 满意　{BOX} 基本满意　{BOX} 不满意　{BOX} 非常不满意",
            after=4,
        ),
        m.Para(f"不满意的原因或意见建议：{LINE}{LINE[:9]}", after=4),
        m.Para("＿" * 45, after=6),
    ]
    channels = [*rules.review_channels, f"政务服务热线 {project.county.hotline}"]
    if centre == project.centre.name:
        channels += [f"{centre}{d.name}" for d in project.centre.hall.desks if "好差评" in d.name]
    out.append(m.Para("其他评价渠道：" + "；".join(channels), m.SMALL, after=4))
    if rules.review_url:
        out += [m.QR(rules.review_url, 30), m.Para("扫码评价", m.NOTE, align="center")]
    else:
        box = m.Row((m.Cell.text("（粘贴本中心的评价二维码）", m.NOTE),), min_height_mm=34)
        out.append(m.Table((40,), (box,)))
    out.append(m.Para(f"评价人（可不署名）：{LINE}　　评价日期：{DATE}", before=8))
    return _doc(centre, "review", out)


MAKERS = {"proxy": proxy, "address": address, "assist": assist, "review": review}

"""What the window's paperwork says about an item or a bundle, derived once from the Project (no layout):
material lines, merged form fields by group, where and when, the back office, what the data still lacks."""

from __future__ import annotations

from dataclasses import dataclass

from ..core import guide
from ..core.guide import PENDING
from ..core.models import Bundle, FormField, ServiceItem
from ..core.project import Project

FIXED_BOXES = {"身份证号": 18, "统一社会信用代码": 18}
DEFAULT_LINES = {"多行文本": 3}
OTHER_GROUP = "其他信息"
PLEDGE = (
    "本人（本单位）承诺：所填写的信息和提交的材料真实、合法、有效，复印件与原件一致；"
    "如有虚假，愿承担相应的法律责任。"
)
APPLY_NOTE = (
    "申请材料齐全、符合法定形式的当场受理；不齐全或不符合法定形式的，窗口一次性告知需要补正的全部内容。"
)


@dataclass(frozen=True)
class MaterialLine:
    name: str
    form: str
    copies: int
    accept: str | None = None
    condition: str | None = None
    shared: bool = False
    used_by: tuple[str, ...] = ()  # item ids (bundles)
    returned: bool = False  # 原件核验后当场退还
    tolerated: bool = False  # 容缺受理

    @property
    def how(self) -> str:
        """原件1份（核验后退还） / 复印件2份 / 电子证照（免提交） / 原件（现场提供，不收取） — never "0份"."""
        if self.form == "电子证照" or self.shared:
            return f"{self.form}（免提交）" if self.form == "电子证照" else "数据共享（免提交）"
        count = f"{self.copies}份" if self.copies else "（现场提供，不收取）"
        return f"{self.form}{count}" + ("（核验后退还）" if self.returned and self.copies else "")


def boxes(field: FormField) -> int:
    return field.boxes or FIXED_BOXES.get(field.type, 0)


def lines(field: FormField) -> int:
    return field.lines or DEFAULT_LINES.get(field.type, 1)


def item_materials(item: ServiceItem) -> list[MaterialLine]:
    return [
        MaterialLine(
            m.name,
            m.form,
            m.copies,
            m.accept,
            None if m.required else m.condition,
            m.shared,
            returned=m.returned,
            tolerated=m.tolerated,
        )
        for m in item.materials
    ]


def accept_note(project: Project, bundle: Bundle, name: str) -> str | None:
    """A bundle's merged material takes the 受理要点 its items give for the material of that name."""
    for item in project.bundle_items(bundle):
        for m in item.materials:
            if m.name == name and m.accept:
                return m.accept
    return None


def member_condition(project: Project, bundle: Bundle, item_id: str) -> str | None:
    """When a member item is applied for: None for an unconditional required item; the bundle's
    `required_when` for a conditional one; 选办“…”的 for an optional one."""
    if item_id in bundle.required:
        return bundle.required_when.get(item_id)
    return f"选办“{project.items[item_id].name}”的"


def material_condition(project: Project, bundle: Bundle, name: str, item_ids: list[str]) -> str | None:
    """A merged material's condition, from its items: None when an unconditional member needs it
    unconditionally; else the cases in which any of them needs it (the member's condition and the
    material's own), each once, a case dropped when a wider one (the material's own condition alone)
    is listed."""
    cases: list[tuple[str | None, str | None]] = []
    for iid in item_ids:
        item = project.items.get(iid)
        if item is None:
            continue
        own = next((m for m in item.materials if m.name == name), None)
        case = (
            member_condition(project, bundle, iid),
            None if own is None or own.required else own.condition,
        )
        if case == (None, None):
            return None
        if case not in cases:
            cases.append(case)
    wide = {mine for member, mine in cases if member is None}
    kept = [(member, mine) for member, mine in cases if member is None or mine not in wide]
    texts = ["，".join(x.removesuffix("的") for x in case if x) + "的" for case in kept]
    return "；或".join(texts) or None


def bundle_materials(project: Project, bundle: Bundle) -> list[MaterialLine]:
    """The merged list, each material with its items' truth: its condition, 核验后退还 and 容缺 as any of
    its items gives them."""
    out = []
    for m in bundle.materials:
        own = [
            x for i in m.items if i in project.items for x in project.items[i].materials if x.name == m.name
        ]
        out.append(
            MaterialLine(
                m.name,
                m.form,
                m.copies,
                accept_note(project, bundle, m.name),
                material_condition(project, bundle, m.name, m.items),
                used_by=tuple(m.items),
                returned=any(x.returned for x in own),
                tolerated=any(x.tolerated for x in own),
            )
        )
    return out


def longest_limit(project: Project, item_ids: list[str]) -> tuple[str, list[str]] | None:
    """The longest promised time limit of the items: (its label, the names of the items that take it);
    None when one of them gives none."""
    items = [project.items[i] for i in item_ids if i in project.items]
    limits = [i.promised_limit for i in items]
    if not items or any(x is None for x in limits):
        return None
    longest = max(x.in_minutes for x in limits if x is not None)
    who = [i.name for i in items if i.promised_limit and i.promised_limit.in_minutes == longest]
    label = next(x.label() for x in limits if x is not None and x.in_minutes == longest)
    return label, who


def bundle_time_limit(project: Project, bundle: Bundle) -> str | None:
    """The bundle's promised time limit, the longest member's: 必办事项X；选办A、B的Y when an optional
    member takes longer; None when a required member gives none."""
    req = longest_limit(project, bundle.required)
    if req is None:
        return None
    text = f"必办事项{req[0]}"
    everyone = longest_limit(project, [*bundle.required, *bundle.optional])
    longer = [project.items[i] for i in bundle.optional if i in project.items]
    if everyone is None:
        return text + "；选办事项的时限以窗口告知为准"
    slow = [i.name for i in longer if i.promised_limit and i.promised_limit.label() == everyone[0]]
    if everyone[0] != req[0] and slow:
        text += f"；选办{'、'.join(slow)}的{everyone[0]}"
    return text


def bundle_fees(project: Project, bundle: Bundle) -> list[tuple[str, str | None]]:
    """Each member item with fees, or whose fees are not given: (item name, its fees; None: not given)."""
    out = []
    for iid in [*bundle.required, *bundle.optional]:
        item = project.items.get(iid)
        if item is not None and item.fees != []:
            out.append((item.name, fees(item)))
    return out


def field_groups(project: Project, field_ids: list[str]) -> list[tuple[str, list[FormField]]]:
    """Fields (each once, in the order given) grouped by their 分组, groups in order of first appearance."""
    groups: dict[str, list[FormField]] = {}
    seen: set[str] = set()
    for fid in field_ids:
        f = project.fields.get(fid)
        if f is None or fid in seen:
            continue
        seen.add(fid)
        groups.setdefault(f.group or OTHER_GROUP, []).append(f)
    return list(groups.items())


def field_users(project: Project, bundle: Bundle, field_id: str) -> list[str]:
    """The bundle's optional items that need a field no required item needs (the field is filled only when
    one of them is ticked); empty when a required item needs it."""
    needs = [i for i in bundle.required if i in project.items and field_id in project.items[i].form_fields]
    if needs:
        return []
    return [i for i in bundle.optional if i in project.items and field_id in project.items[i].form_fields]


def place(project: Project, item: ServiceItem) -> dict[str, str | None]:
    """Where and when, as given (None: not given; staff copies print PENDING, applicant copies a blank)."""
    w = guide.where(project, item)
    return {
        "place": w.spot or f"{w.centre}{w.counter}",
        "address": w.address,
        "hours": w.hours,
        "phone": w.consult or w.centre_phone,
        "complaint": w.complaint or project.county.hotline,
    }


def centre_contact(project: Project) -> tuple[str, str]:
    """The county centre's address and phone, 待补充 where the data has none."""
    return project.centre.address or PENDING, project.centre.phone or PENDING


def back_office(project: Project, item: ServiceItem) -> list[str]:
    """Who receives the case after the window: the actors of the flow's 后台审批 and 现场勘查 steps."""
    flow = project.flow_for(item)
    actors: list[str] = []
    for step in flow.steps if flow else []:
        if step.role in ("后台审批", "现场勘查"):
            who = step.actor or project.implementer_of(item)
            if who not in actors:
                actors.append(who)
    return actors or [project.implementer_of(item)]


def time_limits(item: ServiceItem) -> str | None:
    """The time limits as given; None when the data gives none."""
    parts = []
    if item.promised_limit:
        parts.append(f"承诺{item.promised_limit.label()}")
    if item.legal_limit:
        parts.append(f"法定{item.legal_limit.label()}")
    return "，".join(parts) or None


def fees(item: ServiceItem) -> str | None:
    """The fees as given: 不收费 only for an explicit `fees: []`; None when the data gives none."""
    if item.fees is None:
        return None
    if not item.fees:
        return "不收费"
    return "；".join(f"{f.name}{f.label}（{f.basis}）" for f in item.fees)


def online(item: ServiceItem) -> str | None:
    """How the item is handled online, as given; None when the data does not say."""
    if item.online.depth is None:
        return None
    platforms = item.online.platforms if item.online.depth != "不可网办" else []
    return item.online.depth + (f"：{'、'.join(platforms)}" if platforms else "")


def limits_and_fees(item: ServiceItem) -> str:
    """For the staff's handbook: each unknown said to be 待补充, never read as 不收费."""
    return f"{time_limits(item) or f'时限{PENDING}'}；{fees(item) or f'收费{PENDING}'}"


def missing(item: ServiceItem) -> list[str]:
    """The elements a complete 受理要点 needs that the data does not have yet (the drafters' to-do)."""
    out = []
    for attr, label in (
        ("conditions", "受理条件"),
        ("materials", "申请材料"),
        ("promised_limit", "承诺时限"),
        ("legal_limit", "法定时限"),
        ("basis", "设定依据"),
        ("phones", "咨询电话"),
        ("refusals", "常见补正和不予受理情形"),
    ):
        if not getattr(item, attr):
            out.append(label)
    if item.materials and any(m.accept is None for m in item.materials):
        out.append("材料受理要点")
    return out


def todo(project: Project) -> list[tuple[str, str, int, int, str]]:
    """Per department: (code, name, items, items lacking something, the three most often missing)."""
    rows = []
    for code, dep in project.departments.items():
        items = [i for i in project.items.values() if i.department == code]
        if not items:
            continue
        lacking = [missing(i) for i in items]
        counts: dict[str, int] = {}
        for lack in lacking:
            for x in lack:
                counts[x] = counts.get(x, 0) + 1
        top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
        rows.append(
            (code, dep.name, len(items), sum(1 for x in lacking if x), "、".join(f"{k}{v}" for k, v in top))
        )
    return rows

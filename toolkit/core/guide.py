"""Where and when an item is handled, and when is its guide complete? One rule for every output: the guide page marks each element the
county has not given with `PENDING`, the printed QR lists print a code only for a complete guide (a code
never leads to a page showing 待补充), the paperwork and the handbook count and sort by it, `stdkit check`
reports the incomplete ones. tests/test_guide_rule.py holds the pages to this rule."""

from __future__ import annotations

from dataclasses import dataclass

from .codelists import title as code_title
from .models import Bundle, ServiceItem
from .models.flow import BRANCH_ROLES
from .project import Project

PENDING = "待补充"  # shown wherever a fact the county has not given would stand
EXAMPLE = "示例"  # beside a value the county declared illustrative (county.yaml example_codes)


def item_code(project: Project, item: ServiceItem) -> str:
    """An item's code as every output shows it: labelled 示例 when the county declared its codes (and the
    统一社会信用代码 inside them) illustrative (county.yaml `example_codes: true`)."""
    return f"{item.code}（{EXAMPLE}）" if project.county.example_codes else item.code


def gaps(project: Project, item: ServiceItem) -> tuple[str, ...]:
    """The elements of `item`'s guide the data does not give, in the order the guide shows them. Asked
    about 25 times an item in a build (pages, lists, paperwork, checks): worked out once per item object
    (a replaced item is worked out again; the rest of the project does not change once loaded)."""
    memo: dict[str, tuple[ServiceItem, tuple[str, ...]]] = project.derived.setdefault("guide-gaps", {})  # type: ignore[assignment]
    known = memo.get(item.id)
    if known is not None and known[0] is item:
        return known[1]
    found = _gaps(project, item)
    memo[item.id] = (item, found)
    return found


def _gaps(project: Project, item: ServiceItem) -> tuple[str, ...]:
    out = list(item.unknown_elements)
    if not project.centre.address:
        out.append("办理地点地址")
    flow = project.flow_for(item)
    if flow is None or all(s.role in BRANCH_ROLES for s in flow.steps):  # the steps the guide lists
        out.append("办理流程")
    return tuple(out)


def complete(project: Project, item: ServiceItem) -> bool:
    return not gaps(project, item)


def bundle_fees(project: Project, bundle: Bundle) -> int | None:
    """A bundle's fee in yuan after the reform: its own figure when over 0; 0 (不收费) only when every item
    of the bundle is given as free (`fees: []`); None (not given) otherwise — a bundle's default 0 is
    no statement that nothing is charged."""
    if bundle.after.fees_yuan:
        return bundle.after.fees_yuan
    items = project.bundle_items(bundle)
    return 0 if items and all(i.fees == [] for i in items) else None


@dataclass(frozen=True)
class DepartmentProgress:
    """A department's guides: how many are complete, and which elements its incomplete ones lack (element →
    number of items lacking it, most often missing first)."""

    code: str
    name: str
    complete: int
    incomplete: int
    missing: tuple[tuple[str, int], ...]

    @property
    def total(self) -> int:
        return self.complete + self.incomplete


def progress(project: Project) -> list[DepartmentProgress]:
    """Per department (those with items; init's example item is a placeholder and not counted), in order of
    the most incomplete guides first: the county's work list from catalogue to publishable guides."""
    out = []
    for code, dep in project.departments.items():
        items = [i for i in project.items.values() if i.department == code and i.example is not True]
        if not items:
            continue
        missing: dict[str, int] = {}
        done = 0
        for item in items:
            lacking = gaps(project, item)
            done += not lacking
            for element in lacking:
                missing[element] = missing.get(element, 0) + 1
        ranked = tuple(sorted(missing.items(), key=lambda kv: (-kv[1], kv[0])))
        out.append(DepartmentProgress(code, dep.short_name, done, len(items) - done, ranked))
    return sorted(out, key=lambda p: (-p.incomplete, p.code))


@dataclass(frozen=True)
class Where:
    """Where and when an item is handled at the county centre, as the data gives it (None: not given).
    The guide page and the window paperwork word it each their own way, from these same facts."""

    centre: str  # the county centre's name
    hall: str  # its hall's name
    counter: str  # the item's counter (code list `counters`)
    spot: str | None  # the item's own place, else the theme zone serving its counter
    address: str | None
    hours: str | None  # the item's own hours, else the centre's
    centre_phone: str | None
    consult: str | None  # the item's consultation phone
    complaint: str | None  # the item's complaint phone


def where(project: Project, item: ServiceItem) -> Where:
    centre = project.centre
    zone = next((z for z in centre.special_zones if z.counter == item.counter), None)
    return Where(
        centre=centre.name,
        hall=centre.hall.name,
        counter=code_title("counters", item.counter),
        spot=item.location or (zone.name if zone else None),
        address=centre.address,
        hours=item.hours or centre.hours,
        centre_phone=centre.phone,
        consult=item.phones.consult if item.phones else None,
        complaint=item.phones.complaint if item.phones else None,
    )

"""When is an item's guide complete? One rule for every output: the guide page marks each element the
county has not given with `PENDING`, the printed QR lists print a code only for a complete guide (a code
never leads to a page showing 待补充), the paperwork and the handbook count and sort by it, `stdkit check`
reports the incomplete ones. tests/test_guide_rule.py holds the pages to this rule."""

from __future__ import annotations

from .models import ServiceItem
from .models.flow import BRANCH_ROLES
from .project import Project

PENDING = "待补充"  # shown wherever a fact the county has not given would stand


def gaps(project: Project, item: ServiceItem) -> tuple[str, ...]:
    """The elements of `item`'s guide the data does not give, in the order the guide shows them."""
    out = list(item.unknown_elements)
    if not project.centre.address:
        out.append("办理地点地址")
    flow = project.flow_for(item)
    if flow is None or all(s.role in BRANCH_ROLES for s in flow.steps):  # the steps the guide lists
        out.append("办理流程")
    return tuple(out)


def complete(project: Project, item: ServiceItem) -> bool:
    return not gaps(project, item)

"""What the window's documents say about the case in hand — one item or one bundle — derived once from the
Project: its name, who decides, its materials (with their conditions, 核验后退还 and 容缺), time limit, fee,
the grounds for refusal the data gives, the legal basis for 补正 and 不予受理 by item type (legal.yaml) and
the county's 复议/诉讼 rules. No layout here: window.py and centre.py lay it out."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib.resources import files

import yaml

from ..core import guide, urls
from ..core.models import Bundle, LegalRef, ServiceItem
from ..core.project import Project
from . import facts

# item types decided on application by an administrative organ: a refusal can be challenged by 复议/诉讼;
# a 公共服务 item's refusal is answered by a complaint
ADMINISTRATIVE = ("行政许可", "行政确认", "行政给付", "行政奖励", "行政裁决", "行政备案", "其他行政权力")
ON_APPLICATION = (*ADMINISTRATIVE, "公共服务")


@cache
def legal_basis() -> dict[str, dict[str, LegalRef]]:
    """legal.yaml: for 补正 (correction) and 不予受理 (refusal), item type -> its legal reference."""
    data = yaml.safe_load(files(__package__).joinpath("legal.yaml").read_text(encoding="utf-8"))
    return {
        kind: {t: LegalRef.model_validate(ref) for t, ref in (data.get(kind) or {}).items()}
        for kind in ("correction", "refusal")
    }


def basis_for(kind: str, types: tuple[str, ...]) -> list[tuple[str, LegalRef]]:
    """The references for a document of `kind` about items of `types`: (item type, reference), each
    reference once; empty when no type has one (the document then uses a neutral wording)."""
    out: list[tuple[str, LegalRef]] = []
    for t in types:
        ref = legal_basis()[kind].get(t)
        if ref is not None and all(ref != r for _, r in out):
            out.append((t, ref))
    return out


def cite(ref: LegalRef) -> str:
    """A reference as printed: name and article; an article's words only with the file they come from."""
    if ref.quote:
        return f"{ref.label}：“{ref.quote}”（条文取自{ref.source}）"
    return ref.label


def refusal_reasons(texts: list[str]) -> tuple[str, ...]:
    """The grounds for refusal among the data's 常见补正和不予受理情形, as reasons told to the applicant: the
    case before its instruction to the clerk (“不符合受理条件（…）的，不予受理并出具…” → “不符合受理条件（…）”)."""
    out = []
    for text in texts:
        if "不予受理" in text:
            cut = text.rfind("的，")
            out.append(text[:cut] if cut > 0 else text)
    return tuple(dict.fromkeys(out))


@dataclass(frozen=True)
class Subject:
    """The case a window document is about."""

    key: str  # item id or bundle id
    name: str
    issuer: str  # who decides: the item's implementer; a bundle's centre
    code: str  # 事项编码, or 一事联办
    types: tuple[str, ...]
    materials: tuple[facts.MaterialLine, ...]
    limit: str | None
    refusals: tuple[str, ...]
    phone: str | None
    complaint: str | None
    url: str
    items: tuple[ServiceItem, ...]  # the item itself, or the bundle's members (required first)
    bundle: Bundle | None = None

    @property
    def administrative(self) -> bool:
        """Is a refusal open to 复议/诉讼 (some item decided by an administrative organ)?"""
        return any(t in ADMINISTRATIVE for t in self.types)


def of_item(project: Project, item: ServiceItem, site_url: str) -> Subject:
    where = facts.place(project, item)
    return Subject(
        item.id,
        item.name,
        project.implementer_of(item),
        guide.item_code(project, item),
        (item.type,),
        tuple(facts.item_materials(item)),
        facts.time_limits(item),
        refusal_reasons(item.refusals),
        where["phone"],
        where["complaint"],
        urls.short_url(site_url, item.id),
        (item,),
    )


def of_bundle(project: Project, bundle: Bundle, site_url: str) -> Subject:
    items = tuple(project.items[i] for i in [*bundle.required, *bundle.optional] if i in project.items)
    limit = facts.bundle_time_limit(project, bundle)
    return Subject(
        bundle.id,
        bundle.name,
        project.centre.name,
        "一事联办",
        tuple(dict.fromkeys(i.type for i in items)),
        tuple(facts.bundle_materials(project, bundle)),
        limit and f"承诺{limit}",
        refusal_reasons(bundle.refusals),
        project.centre.phone,
        project.county.hotline,
        urls.bundle_url(site_url, bundle.id),
        items,
        bundle,
    )


def applies(kind: str, item: ServiceItem) -> bool:
    """Does a window document of `kind` apply to the item? 补正/不予受理/受理/收件/办结 to every item handled on
    application; 告知承诺书 to items whose data give 告知承诺 content; 容缺受理承诺书 to items with a
    material marked 容缺."""
    if item.type not in ON_APPLICATION:
        return False
    if kind == "commitment":
        return item.commitment is not None
    if kind == "tolerance":
        return any(m.tolerated for m in item.materials)
    return True


def complete_items(project: Project) -> dict[str, list[ServiceItem]]:
    """Department code -> its items with a complete guide (toolkit/core/guide.py), in the project's order:
    only these get item-specific window documents (an incomplete guide has no settled list to hold the
    window to)."""
    out: dict[str, list[ServiceItem]] = {}
    for code in project.departments:
        items = [i for i in project.items.values() if i.department == code and guide.complete(project, i)]
        if items:
            out[code] = items
    return out

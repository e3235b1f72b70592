"""The generated items: names from the departments' stems, types, limits, guide details, reform records,
and which of them townships and villages offer."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from ..core import datafile
from .tables import MATERIAL_NAMES, TYPE_WEIGHTS, TYPES, VARIANTS, Department


def item_code(rng: random.Random, n: int) -> str:
    base = f"{n:08d}{rng.choice('ABCDEFGHJK')}{rng.randrange(10000, 99999)}"
    credit = f"11422822{rng.randrange(10**9, 10**10)}"[:17] + rng.choice("0123456789X")
    return f"{base}-422822000000-000-{credit}-1-00"


def guide(rng: random.Random, stem: str, legal: int, promised: dict) -> dict:
    """The guide details of a detailed item (materials, limits, fees, channels, phones)."""
    mats = rng.sample(MATERIAL_NAMES, rng.randint(2, 6))
    out = _guide(rng, stem, legal, promised, mats)
    if out["online"]["depth"] == "全程网办":  # 零跑腿: no visit (a contradiction `validate` rejects)
        out["visits"] = 0
    return out


def _guide(rng: random.Random, stem: str, legal: int, promised: dict, mats: list[str]) -> dict:
    return {
        "basis": [f"《{stem.rstrip('登记许可申领')}管理办法》第{rng.randint(3, 40)}条"],
        "conditions": ["申请人具有完全民事行为能力", f"符合{stem}的法定条件"],
        "materials": [
            {
                "name": m,
                "form": rng.choice(["原件", "复印件", "原件和复印件"]),
                "copies": 1,
                "source": "申请人自备",
                "required": True,
                "shared": rng.random() < 0.2,
            }
            for m in mats
        ],
        "legal_limit": {"days": legal},
        "promised_limit": promised,
        "fees": [],
        "visits": rng.choice([0, 1, 1, 1]),
        "online": {
            "depth": rng.choice(["全程网办", "部分网办", "网上预约", "不可网办"]),
            "platforms": ["湖北政务服务网"],
        },
        "phones": {"consult": f"0718-33{rng.randint(10000, 99999)}", "complaint": "12345"},
        "form_fields": ["applicant-name", "id-number", "phone"],
        "keywords": [stem],
    }


def make_item(rng: random.Random, n: int, dep: Department, k: int, detailed: bool) -> dict[str, Any]:
    """The n-th item (0-based), the k-th (1-based) of its department: name from the department's stems."""
    code, stems = dep.code, dep.stems
    stem = stems[(k - 1) % len(stems)]
    variant = VARIANTS[((k - 1) // len(stems)) % len(VARIANTS)]
    cycle = (k - 1) // (len(stems) * len(VARIANTS))
    name = stem + variant + (f"（{cycle + 1}）" if cycle else "")
    itype = rng.choices(TYPES, TYPE_WEIGHTS)[0]
    instant = itype in ("公共服务", "行政给付", "行政备案", "行政奖励") and rng.random() < 0.5
    legal = rng.choice([5, 10, 15, 20, 30, 60])
    promised = (
        {"minutes": rng.choice([20, 30, 60])}
        if instant
        else {"days": max(1, legal // rng.choice([2, 3, 4, 5]))}
    )
    item: dict[str, Any] = {
        "id": f"{code[:5]}-{k:04d}",
        "code": item_code(rng, n + 1),
        "name": name,
        "type": itype,
        "department": code,
    }
    if detailed:
        item.update(guide(rng, stem, legal, promised))
    else:
        item.update({"legal_limit": {"days": legal}, "promised_limit": promised})
    item["counter"] = {"gaj": "公安专区", "swj": "税务专区"}.get(code, "综合窗口")
    item["reform"] = {
        "steps": rng.randint(5, 8),
        "days": legal,
        "visits": rng.randint(1, 4),
        **({"materials": len(item.get("materials", [])) + rng.randint(1, 4)} if detailed else {}),
    }
    return item


def make_items(
    rng: random.Random, items: int, deps: list[Department], detailed: bool
) -> list[dict[str, Any]]:
    """The items, departments taken in turn."""
    out = []
    per_dep: dict[str, int] = {}
    for n in range(items):
        dep = deps[n % len(deps)]
        k = per_dep[dep.code] = per_dep.get(dep.code, 0) + 1
        out.append(make_item(rng, n, dep, k, detailed))
    return out


def levels(rng: random.Random, ids: list[dict], township_items: int, village_items: int) -> tuple[list, set]:
    """Levels: the first township_items items (in a shuffled order) are offered at townships, of which
    village_items at villages; returns both sets of indexes."""
    order = list(range(len(ids)))
    rng.shuffle(order)
    town_set = order[:township_items]
    village_set = set(town_set[:village_items])
    for rank, idx in enumerate(town_set):
        levels: dict[str, str] = {
            "township": "下放" if rank % 5 == 0 else ("收件端前移" if rank % 5 in (1, 2) else "属地办理")
        }
        if idx in village_set:
            levels["village"] = ["收件端前移", "便民服务", "帮办代办"][rank % 3]
        ids[idx]["levels"] = levels
    return town_set, village_set


def write_items(out: Path, ids: list[dict], town_set: list[int], village_set: set[int]) -> None:
    for item in ids:
        folder = out / "items/services" / item["department"]
        datafile.write(folder / f"{item['id']}.yaml", "item", f"{item['name']}（生成数据）", item)
    datafile.write(
        out / "items/network/township-items.yaml",
        "township-items",
        "乡镇可办事项清单（生成数据）",
        {"level": "乡镇", "items": sorted(ids[i]["id"] for i in town_set)},
    )
    datafile.write(
        out / "items/network/village-items.yaml",
        "village-items",
        "村（社区）可办事项清单（生成数据）",
        {"level": "村", "items": sorted(ids[i]["id"] for i in village_set)},
    )

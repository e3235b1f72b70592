"""一事联办 bundles over the generated items and the life-cycle catalogues that point to them."""

from __future__ import annotations

import random


def make_bundles(items: list[dict], rng: random.Random) -> list[dict]:
    """A few 一事联办 bundles over generated items: merged form and merged (deduplicated) materials."""
    out = []
    for n, (bid, name, audience) in enumerate(
        (("kai-dian", "开店一件事", "企业"), ("chu-sheng", "出生一件事", "个人"))
    ):
        members = items[n * 6 : n * 6 + 6]
        if len(members) < 3:
            break
        required, optional = [m["id"] for m in members[:4]], [m["id"] for m in members[4:]]
        form = sorted({f for m in members for f in m.get("form_fields", [])}) or ["applicant-name"]
        mats: dict[str, dict] = {}
        for m in members:
            for mat in m.get("materials", []):
                if mat["required"] and not mat["shared"]:
                    entry = mats.setdefault(
                        mat["name"], {"name": mat["name"], "form": mat["form"], "copies": 1, "items": []}
                    )
                    entry["items"].append(m["id"])
        if not mats:
            mats["申请表"] = {"name": "申请表", "form": "原件", "copies": 1, "items": [members[0]["id"]]}
        before_mats = sum(len(m.get("materials", [])) for m in members)
        out.append(
            {
                "id": bid,
                "name": name,
                "audience": audience,
                "summary": f"{name}：一张表单、一套材料、一窗受理。",
                "required": required,
                "optional": optional,
                "form": form,
                "materials": list(mats.values()),
                "before": {
                    "time": {"days": rng.randint(5, 15)},
                    "visits": rng.randint(6, 13),
                    "counters": rng.randint(4, 10),
                    "steps": rng.randint(20, 35),
                    "fees_yuan": 0,
                    "materials": max(before_mats, len(mats)),
                },
                "after": {"time": {"minutes": 30}, "visits": 1, "counters": 1, "steps": 4, "fees_yuan": 0},
            }
        )
    return out


def lifecycle(ids: list[dict], bundles: list[dict]) -> list[dict]:
    """Life-cycle catalogues (企业, 个人): each stage's first entry a bundle, the others items."""
    first = [i["id"] for i in ids[:5]]
    lifecycle = []
    for kind, stages, entries in (("企业", 5, 12), ("个人", 9, 26)):
        st = []
        for s in range(stages):
            n_entries = entries // stages + (1 if s < entries % stages else 0)
            st.append(
                {
                    "id": f"{'qy' if kind == '企业' else 'gr'}-{s + 1}",
                    "name": f"阶段{s + 1}",
                    "entries": [
                        {
                            "id": f"{'qy' if kind == '企业' else 'gr'}-{s + 1}-{e + 1}",
                            "name": f"类别{e + 1}",
                            **(
                                {"bundle": bundles[(s + e) % len(bundles)]["id"]}
                                if bundles and e == 0
                                else {"items": first[:2]}
                            ),
                        }
                        for e in range(n_entries)
                    ],
                }
            )
        lifecycle.append({"kind": kind, "stages": st})
    return lifecycle

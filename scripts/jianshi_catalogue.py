"""Building the bundled Jianshi catalogue: the hand-written items (complete guides), the real items of a
district catalogue (sources/guangan.csv, 广安区 1,135 items) mapped onto Jianshi's departments, and
national-catalogue items for services that district lists at city level (sources/national-items.csv).

Names and types are kept as the sources write them (the district's numeric type codes become type names).
An item that is the same service as a hand-written one is left out (the hand-written guide stands for it);
so are items naming another province's places or orders, city-level items, and religious and ethnic
affairs (Jianshi's 34 departments have no counterpart). Township and village lists are chosen by rules
(department stations at township level, citizen-facing items in villages). The rules (department
mapping, name patterns, platforms) are data: scripts/jianshi_catalogue.yaml. Deterministic; run at the
repository root:

    .venv/bin/python scripts/jianshi_catalogue.py [date of newly registered QR codes, default today]

Not part of the installed package: it uses the repository's `toolkit` to write the bundled data.
"""

from __future__ import annotations

import csv
import hashlib
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from calibrate import calibrate

from toolkit.core import datafile
from toolkit.core.codelists import codelist
from toolkit.core.contradictions import STEP_KINDS
from toolkit.core.layout import KIND_BY_NAME
from toolkit.core.load import load_project
from toolkit.core.site_settings import user_settings
from toolkit.onboarding.importer import short_hash
from toolkit.site import ledger

SOURCE = "sources/guangan.csv"
NATIONAL = "sources/national-items.csv"
CATALOGUE_NOTE = "目录级事项：办事指南要素待补充"
RULES = yaml.safe_load(Path(__file__).with_suffix(".yaml").read_text(encoding="utf-8"))


def _regex(alternatives: list[str]) -> str:
    """One regular expression from the alternatives the rules file lists."""
    return "|".join(alternatives)


# The rules file's tables (see its comments).
DEPARTMENTS: dict[str, str | None] = RULES["departments"]
REROUTE: dict[str, list[tuple[str, str]]] = {
    dept: [(_regex(r["match"]), r["to"]) for r in rules] for dept, rules in RULES["reroute"].items()
}
BY_NAME: list[tuple[str, str]] = [(_regex(r["match"]), r["to"]) for r in RULES["by_name"]]
DROP = _regex(RULES["drop"])
SAME_AS_WRITTEN: dict[str, str] = RULES["same_as_written"]
SAME_PREFIX: dict[tuple[str, str], str] = {(r["start"], r["end"]): r["id"] for r in RULES["same_prefix"]}
TOWNSHIP_DEPARTMENTS: set[str] = set(RULES["township_departments"])
NOT_BELOW_COUNTY = _regex(RULES["not_below_county"])
VILLAGE_SERVICES = _regex(RULES["village_services"])
DEVOLVABLE = _regex(RULES["devolvable"])
STATION_DOES = _regex(RULES["station_does"])
VILLAGE_PLATFORMS: dict[str, str] = RULES["village_platforms"]
INSTANT = _regex(RULES["instant"])
FULLY_ONLINE = _regex(RULES["fully_online"])
PLATFORMS: dict[str, list[str]] = RULES["platforms"]


@dataclass
class Source:
    """One catalogue-level item as a source gives it."""

    department: str
    name: str
    type: str
    basic: str  # the basic code (first part of the 事项编码)
    origin: str  # "广安区" or "国家目录"


def type_name(code: str) -> str:
    for c in codelist("item-types"):
        if code in (c.extra.get("platform_code"), c.code):
            return c.code
    raise ValueError(f"unknown item type {code!r}")


def department_for(district_dept: str, name: str) -> str | None:
    dept = DEPARTMENTS[district_dept]
    if dept is None or re.search(DROP, name):
        return None
    if dept == "":
        return next((code for pattern, code in BY_NAME if re.search(pattern, name)), None)
    return next((code for pattern, code in REROUTE.get(dept, []) if re.search(pattern, name)), dept)


def _same_as_written(name: str) -> str | None:
    if name in SAME_AS_WRITTEN:
        return SAME_AS_WRITTEN[name]
    for (start, end), iid in SAME_PREFIX.items():
        if name.startswith(start) and name.endswith(end):
            return iid
    return None


def district_items(root: Path, written: dict[str, str]) -> tuple[list[Source], dict[str, int]]:
    """The district's items mapped onto Jianshi (and why the others were left out)."""
    out: list[Source] = []
    left_out = {"无对应部门或外省、市级事项": 0, "与逐项编写的事项相同": 0, "名称重复": 0}
    seen: set[str] = set()
    with (root / SOURCE).open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            name = row["事项名称"].strip()
            dept = department_for(row["部门"], name)
            if dept is None:
                left_out["无对应部门或外省、市级事项"] += 1
            elif _same_as_written(name) or name in written:
                left_out["与逐项编写的事项相同"] += 1
            elif name in seen:
                left_out["名称重复"] += 1
            else:
                seen.add(name)
                basic = re.sub(r"[^0-9A-Z]", "", row["事项编码"].split("-51")[0])
                out.append(Source(dept, name, type_name(row["事项类型"]), basic, "广安区"))
    return out, left_out


def national_items(root: Path, written: dict[str, str], taken: set[str]) -> list[Source]:
    out = []
    with (root / NATIONAL).open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            name = row["事项名称"].strip()
            if name in written or name in taken:
                raise ValueError(f"{NATIONAL}: {name} is already in the catalogue")
            out.append(Source(row["部门"], name, row["事项类型"], "", "国家目录"))
    return out


def stable_int(*parts: str) -> int:
    return int.from_bytes(hashlib.sha256("|".join(parts).encode("utf-8")).digest()[:8], "big")


# --- Where an item can be done below the county -------------------------------------------------------


def township_ok(dept: str, name: str) -> bool:
    return dept in TOWNSHIP_DEPARTMENTS and not re.search(NOT_BELOW_COUNTY, name)


def village_ok(dept: str, name: str) -> bool:
    return bool(re.search(VILLAGE_SERVICES, name)) and not re.search(NOT_BELOW_COUNTY, name)


def village_intake_ok(d: dict) -> bool:
    """Police business reaches a village only as online help (帮办代办 through the police apps)."""
    return d["department"] != "gaj"


def _pick(pool: list[dict], need: int, test, what: str, partial: bool = False) -> list[dict]:
    chosen = [d for d in pool if test(d)][:need]
    if len(chosen) < need and not partial:
        raise ValueError(f"only {len(chosen)} items can take {what}, {need} needed")
    return chosen


def assign_levels(new: list[dict], written: list[dict], targets: dict) -> None:
    """Set levels on the new items so the lists reach the reported counts (written items keep theirs)."""
    have_town = {
        m: sum(1 for w in written if w.get("levels", {}).get("township") == m) for m in targets["township"]
    }
    have_vil = {
        m: sum(1 for w in written if w.get("levels", {}).get("village") == m) for m in targets["village"]
    }
    order = sorted(new, key=lambda d: stable_int(d["department"], d["name"]))
    vil = [d for d in order if village_ok(d["department"], d["name"])]
    online = [d for d in vil if d["department"] in VILLAGE_PLATFORMS or d["type"] == "公共服务"]
    taken: set[str] = set()

    def free(d: dict) -> bool:
        return d["id"] not in taken

    # What the station does itself first (查询打印、认证、调解、报名), then online help, then intake.
    for mode, test in (
        (
            "便民服务",
            lambda d: (
                free(d)
                and village_intake_ok(d)
                and d["type"] == "公共服务"
                and re.search(STATION_DOES, d["name"])
            ),
        ),
        ("帮办代办", lambda d: free(d) and d in online),
        (
            "收件端前移",
            lambda d: free(d) and village_intake_ok(d) and d["type"] in ("行政给付", "行政确认", "行政许可"),
        ),
    ):
        for d in _pick(vil, targets["village"][mode] - have_vil[mode], test, f"village {mode}"):
            d.setdefault("levels", {})["village"] = mode
            taken.add(d["id"])
    town = [d for d in order if township_ok(d["department"], d["name"])]
    # Village intake goes through the township: village items of township departments come first.
    town.sort(key=lambda d: "village" not in d.get("levels", {}))
    taken = set()
    # Approvals first (下放 where the station can decide, else 收件端前移), then services (收件端前移, 属地办理).
    for mode, test, partial in (
        (
            "下放",
            lambda d: (
                free(d)
                and d["department"] != "bdcdj"
                and re.search(DEVOLVABLE, d["name"])
                and d["type"] != "公共服务"
            ),
            False,
        ),
        ("收件端前移", lambda d: free(d) and d["type"] != "公共服务", True),
        ("收件端前移", free, False),
        ("属地办理", free, False),
    ):
        done = sum(1 for d in new if d.get("levels", {}).get("township") == mode)
        need = targets["township"][mode] - have_town[mode] - done
        for d in _pick(town, need, test, f"township {mode}", partial):
            d.setdefault("levels", {})["township"] = mode
            taken.add(d["id"])


# --- Catalogue-level item files --------------------------------------------------------------------------


def credit_code(dept: str, written_codes: dict[str, str]) -> str:
    """The department's unified social credit code as its written items use it (illustrative otherwise)."""
    if dept in written_codes:
        return written_codes[dept]
    return f"11422822MB{stable_int('credit', dept) % 10**7:07d}{stable_int('check', dept) % 10}"


def item_code(src: Source, credit: str, used: set[str]) -> str:
    basic = (src.basic or f"42{stable_int('basic', src.department, src.name) % 10**12:012d}")[:14].ljust(
        14, "0"
    )
    for n in range(100):
        code = f"{basic}-422822000000-000-{credit}-1-{n:02d}"
        if code not in used:
            used.add(code)
            return code
    raise ValueError(f"no free code for {src.name}")


def item_id(src: Source, old: dict[tuple[str, str], str], used: set[str]) -> str:
    """Keep the id of an earlier catalogue item with the same department and name; else a stable new one."""
    if (src.department, src.name) in old and old[(src.department, src.name)] not in used:
        iid = old[(src.department, src.name)]
    else:
        prefix = src.department[:5].rstrip("-")
        iid = next(
            f"{prefix}-{short_hash(f'{src.department}|{src.name}|{n}', 4)}"
            for n in range(1000)
            if f"{prefix}-{short_hash(f'{src.department}|{src.name}|{n}', 4)}" not in used
        )
    used.add(iid)
    return iid


def limits(src: Source) -> dict:
    h = stable_int("limit", src.name)
    legal = (
        [5, 10, 15, 20, 20, 30, 60][h % 7]
        if src.type in ("行政许可", "行政确认", "行政裁决")
        else [5, 10, 15, 20][h % 4]
    )
    if re.search(INSTANT, src.name) or (src.type in ("公共服务", "行政备案") and h % 3 == 0):
        return {"legal_limit": {"days": legal}, "promised_limit": {"minutes": [20, 30, 60][h % 3]}}
    return {
        "legal_limit": {"days": legal},
        "promised_limit": {"days": max(1, legal // [2, 3, 4, 5][(h >> 8) % 4])},
    }


def online(src: Source) -> dict:
    h = stable_int("online", src.name)
    if re.search(FULLY_ONLINE, src.name):
        depth = "全程网办"
    else:
        depth = ["全程网办", "部分网办", "部分网办", "网上预约", "不可网办"][h % 5]
    if depth == "不可网办":
        return {"depth": depth, "platforms": []}
    return {"depth": depth, "platforms": ["湖北政务服务网", *PLATFORMS.get(src.department, ["鄂汇办"])]}


# Social-assistance benefits (低保, 特困, 临时救助, 受灾人员生活救助) use the flow with 入户调查与民主评议; the
# general 行政给付 template has no such step (the same rule as `stdkit validate`'s step-kind warning).
ASSISTANCE_FLOW = "xzgf-jz-tpl"


def assistance_flow(src: Source) -> dict:
    types, names, _kind = STEP_KINDS["民主评议"]
    return {"flow": ASSISTANCE_FLOW} if src.type in types and names.search(src.name) else {}


def item_data(src: Source, iid: str, code: str) -> dict:
    on = online(src)
    counter = {"gaj": "公安专区", "swj": "税务专区"}.get(src.department, "综合窗口")
    return {
        "id": iid,
        "code": code,
        "name": src.name,
        "type": src.type,
        "department": src.department,
        **limits(src),
        "visits": 0 if on["depth"] == "全程网办" else 1,
        "online": on,
        "counter": counter,
        **assistance_flow(src),
    }


def _village_online(d: dict) -> None:
    """A village helps with an item online (帮办代办) only where it can be done fully online."""
    if d.get("levels", {}).get("village") == "帮办代办":
        platforms = ["湖北政务服务网", VILLAGE_PLATFORMS.get(d["department"], "鄂汇办")]
        d["online"] = {"depth": "全程网办", "platforms": platforms}
        d["visits"] = 0


# --- The build ---------------------------------------------------------------------------------------------


def _targets(county) -> tuple[dict, dict]:
    cat, red = county.reported.catalogue, county.reported.reduction
    levels = {
        "items": cat.items,
        "township": {
            "下放": cat.devolved,
            "收件端前移": cat.forwarded,
            "属地办理": cat.township_items - cat.devolved - cat.forwarded,
        },
        "village": {
            "收件端前移": cat.forwarded_to_village,
            "帮办代办": cat.assisted_online,
            "便民服务": cat.village_items - cat.forwarded_to_village - cat.assisted_online,
        },
    }
    return levels, {"materials": red.materials, "steps": red.steps, "days": red.days}


def _no_police_in_township(root: Path, project, written: dict) -> None:
    """Police-station business is not part of the township comprehensive area (6.2): drop it from the list."""
    for iid, item in written.items():
        if item.department == "gaj" and item.levels.township:
            path = root / project.source("item", iid).file
            text = path.read_text(encoding="utf-8")
            text = re.sub(r"\n  township: [^\n]+", "", text)
            text = re.sub(r"\nlevels: \{\}|\nlevels:(?=\n[^ ])", "", text)
            path.write_text(text, encoding="utf-8")


def _written_levels(item) -> dict:
    """A written item's levels as the lists use them (police business off the township list)."""
    levels = item.levels.model_dump(exclude_none=True)
    if item.department == "gaj":
        levels.pop("township", None)
    return levels


def _lists(root: Path, ids_by_level: dict[str, list[str]]) -> None:
    for kind, key, level in (("township-items", "township", "乡镇"), ("village-items", "village", "村")):
        datafile.write(
            root / KIND_BY_NAME[kind].pattern,
            kind,
            f"{level}可办事项清单（与各事项的 levels.{key} 一致）",
            {"level": level, "items": sorted(ids_by_level[key])},
        )


def _reissue_ledger(root: Path, date: str) -> tuple[int, int]:
    """Nothing has been printed yet: drop the URLs of items and stations that left the data, register the new
    ones."""
    project = load_project(root, use_cache=False)
    path = root / ledger.LEDGER
    rows = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
    kept = [r for r in rows[1:] if r[1] in project.items or r[1] in project.villages]
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows([rows[0], *kept])
    added = ledger.append(root, project, ledger.read(root), user_settings(root)["site_url"], date)
    return len(rows) - 1 - len(kept), added


def _split(root: Path, project) -> tuple[dict, dict]:
    """(hand-written items, earlier catalogue-level ids by (department, name)); removes the latter's files."""
    written, old = {}, {}
    for iid, item in project.items.items():
        path = root / project.source("item", iid).file
        if CATALOGUE_NOTE in path.read_text(encoding="utf-8").split("\n", 2)[1]:
            old[(item.department, item.name)] = iid
            path.unlink()
        else:
            written[iid] = item
    return written, old


def _write_items(root: Path, new: list[dict], sources: list[Source]) -> None:
    origin = {s.name: s.origin for s in sources}
    for d in new:
        _village_online(d)
        where = "广安区事项目录" if origin[d["name"]] == "广安区" else "国家政务服务事项目录常见名称"
        datafile.write(
            root / "items/services" / d["department"] / f"{d['id']}.yaml",
            "item",
            f"{d['name']}（{CATALOGUE_NOTE}；名称和类型取自{where}）",
            d,
        )


def build(root: Path, date: str) -> dict:
    """Rebuild the catalogue-level items, the township and village lists, the 清减降 records and the ledger."""
    project = load_project(root, cross_check=False, use_cache=False)
    level_targets, reduction = _targets(project.county)
    written, old = _split(root, project)
    _no_police_in_township(root, project, written)
    names = {i.name: iid for iid, i in written.items()}
    sources, left_out = district_items(root, names)
    sources += national_items(root, names, {s.name for s in sources})
    if len(written) + len(sources) != level_targets["items"]:
        raise ValueError(
            f"{len(written)} written + {len(sources)} catalogue items != {level_targets['items']}"
        )
    credits = {i.department: i.code.split("-")[3] for i in sorted(written.values(), key=lambda i: i.id)}
    used_ids, used_codes = set(written), {i.code for i in written.values()}
    new = [
        item_data(s, item_id(s, old, used_ids), item_code(s, credit_code(s.department, credits), used_codes))
        for s in sources
    ]
    written_levels = {iid: _written_levels(i) for iid, i in written.items()}
    assign_levels(new, [{"levels": lv} for lv in written_levels.values()], level_targets)
    _write_items(root, new, sources)
    all_levels = {**written_levels, **{d["id"]: d.get("levels", {}) for d in new}}
    _lists(
        root, {key: [iid for iid, lv in all_levels.items() if key in lv] for key in ("township", "village")}
    )
    calibrated = calibrate(root, reduction)
    dropped, added = _reissue_ledger(root, date)
    return {
        "written": len(written),
        "district": sum(1 for s in sources if s.origin == "广安区"),
        "national": sum(1 for s in sources if s.origin != "广安区"),
        "left_out": left_out,
        "kept_ids": sum(1 for d in new if (d["department"], d["name"]) in old),
        "calibrated": calibrated,
        "ledger_dropped": dropped,
        "ledger_added": added,
    }


if __name__ == "__main__":
    import json
    import sys
    import time

    print(
        json.dumps(
            build(Path.cwd(), sys.argv[1] if len(sys.argv) > 1 else time.strftime("%Y-%m-%d")),
            ensure_ascii=False,
            indent=2,
        )
    )

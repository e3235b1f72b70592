"""A simulated province for tests and benchmarks: N counties' reports (different names, division codes and
市州, planted deviations), built in-process from the real requirements and bindings and written in the
same envelope as `stdkit check` — cheap, without N full checks.

Each county fails a seeded selection of the automated requirements (some requirements far more often than
others, so the ranking means something); a later round fixes some failures and introduces a few others."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
from pathlib import Path

from ..conformance.bindings import REPO_ROOT, load_bindings, load_requirements
from ..conformance.envelope import Origin, envelope, standard_info
from ..conformance.registry import FAIL, MANUAL, PASS, Finding, Location
from ..conformance.runner import Report, Row

PREFECTURES = (
    "武汉市", "黄石市", "十堰市", "宜昌市", "襄阳市", "鄂州市", "荆门市", "孝感市", "荆州市",
    "黄冈市", "咸宁市", "随州市", "恩施土家族苗族自治州", "仙桃市", "潜江市", "天门市", "神农架林区",
)  # fmt: skip
FILES = ("items/network/townships.yaml", "items/network/villages.yaml", "items/network/teams.yaml",
         "items/network/village-items.yaml", "items/county.yaml")  # fmt: skip
FIRST_ROUND = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)


def county_of(i: int) -> dict:
    return {
        "name": f"模拟{i + 1:04d}县",
        "division_code": f"42{i // 100:02d}{i % 100:02d}",
        "province": "湖北省",
        "prefecture": PREFECTURES[i % len(PREFECTURES)],
    }


def rate(position: int) -> float:
    """How often a requirement is failed: a few often, most rarely."""
    return (0.05, 0.1, 0.02, 0.3, 0.01, 0.15, 0.6)[position % 7]


def county_rows(requirements, bindings, i: int, seed: int, round_no: int) -> list[Row]:
    rng = random.Random(f"{seed}:{i}")
    later = random.Random(f"{seed}:{i}:{round_no}")
    rows = []
    for j, req in enumerate(requirements):
        b = bindings.get(req.id)
        if not (b and b.checks):
            rows.append(Row(req, b, MANUAL))
            continue
        failing = rng.random() < rate(j) * (i % 4) / 2  # every fourth county has no planted deviation
        if round_no > 1:  # a later round: half the failures fixed, a few new ones
            failing = later.random() < 0.5 if failing else later.random() < 0.03 * (i % 4)
        if failing:
            loc = Location(FILES[(i + j) % len(FILES)], 3 + (i * 7 + j) % 40)
            rows.append(Row(req, b, FAIL, [Finding(FAIL, f"模拟偏差：{req.clause} 未满足。", (loc,))]))
        else:
            rows.append(Row(req, b, PASS, [Finding(PASS, "模拟：符合。")]))
    return rows


def reports(n: int, seed: int = 17, round_no: int = 1, standard_root: Path | None = None) -> list[dict]:
    """N counties' report documents (dicts valid against the report schema) for one round."""
    root = Path(standard_root or REPO_ROOT)
    requirements = load_requirements(root)
    bindings = load_bindings(requirements, root=root)
    standard = standard_info(root)
    when = (FIRST_ROUND + dt.timedelta(days=91 * (round_no - 1))).strftime("%Y-%m-%dT%H:%M:%SZ")
    out = []
    for i in range(n):
        county = county_of(i)
        value = hashlib.sha256(f"{seed}:{i}:{round_no}".encode()).hexdigest()
        origin = Origin(
            county, dict(standard), {"algorithm": "sha256", "value": value, "files": 40 + i % 60}, when
        )
        report = Report(county["name"], county_rows(requirements, bindings, i, seed, round_no))
        out.append(envelope(report, origin))
    return out


def write_reports(out: Path, n: int, seed: int = 17, rounds: int = 1) -> list[Path]:
    """OUT/round-R/CODE/report.json for every county and round."""
    paths = []
    for r in range(1, rounds + 1):
        for doc in reports(n, seed, r):
            path = Path(out) / f"round-{r}" / doc["county"]["division_code"] / "report.json"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
            paths.append(path)
    return paths

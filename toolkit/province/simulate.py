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
from ..conformance.signing import Ed25519PrivateKey, public_text, sign
from ..core import divisions

FILES = ("items/network/townships.yaml", "items/network/villages.yaml", "items/network/teams.yaml",
         "items/network/village-items.yaml", "items/county.yaml")  # fmt: skip
FIRST_ROUND = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)


def official_counties() -> list[divisions.Division]:
    """Hubei's 103 county-level divisions first, then the rest of the country's (the 2,800 benchmark)."""
    every = [d for code, d in sorted(divisions.table().items()) if d.level == "county"]
    return [d for d in every if d.code[:2] == "42"] + [d for d in every if d.code[:2] != "42"]


def county_of(i: int) -> dict:
    d = official_counties()[i]
    prov, pref = divisions.province_of(d.code), divisions.prefecture_of(d.code)
    return {
        "name": d.name,
        "division_code": d.code,
        "province": prov.name if prov else "",
        "prefecture": pref.name if pref else None,
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


def write_plan(path: Path, rounds: int) -> Path:
    """The province's rounds file for the simulated rounds (each 91 days from 2026-01-05)."""
    lines = ["rounds:"]
    for r in range(rounds):
        opens = (FIRST_ROUND + dt.timedelta(days=91 * r)).date()
        lines.append(
            f"  - {{name: 模拟第{r + 1}轮, opens: {opens}, closes: {opens + dt.timedelta(days=90)}}}"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_keyring(path: Path, n: int, key: Ed25519PrivateKey) -> Path:
    """keys.yaml registering one key for the N simulated counties."""
    pub = public_text(key.public_key())
    body = "".join(
        f'  "{county_of(i)["division_code"]}": [{{key: "{pub}", from: 2025-01-01}}]\n' for i in range(n)
    )
    path.write_text("counties:\n" + body, encoding="utf-8")
    return path


def write_reports(
    out: Path, n: int, seed: int = 17, rounds: int = 1, key: Ed25519PrivateKey | None = None
) -> list[Path]:
    """OUT/round-R/CODE/report.json for every county and round (signed when a key is given)."""
    paths = []
    for r in range(1, rounds + 1):
        for doc in reports(n, seed, r):
            doc = sign(doc, key) if key is not None else doc
            path = Path(out) / f"round-{r}" / doc["county"]["division_code"] / "report.json"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
            paths.append(path)
    return paths

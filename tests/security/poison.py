"""A county folder poisoned as an attacker would: script payloads in every text that reaches a page, a
sheet or the standard (attribute break-out, attr_list, javascript: links, formulas)."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]

ATTR = 'X" autofocus onfocus="alert(document.domain)" x="'
ATTR_MD = "*x*{ tabindex=0 autofocus onfocus=alert(1) }"
LINK_MD = "[x](javascript:alert(2))"
FORMULA = '=HYPERLINK("http://evil.example/","点我")'
PAYLOADS = (ATTR, ATTR_MD, LINK_MD)


def edit(path: Path, fn) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    fn(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def copy_county(small_county: Path, dst: Path, *, standard: bool = True) -> Path:
    shutil.copytree(small_county, dst, ignore=shutil.ignore_patterns(".stdkit-cache", "site"))
    if standard:
        shutil.copytree(ROOT / "standard", dst / "standard")
    return dst


def poison(county: Path) -> dict:
    """Plant the payloads; returns where (what → the value planted) for the assertions."""
    items = county / "items"

    def county_file(d):
        d["name"] = ATTR
        d["evaluation"]["period"] = FORMULA

    def departments(d):
        d["departments"][0]["name"] = ATTR_MD + "局"
        d["departments"][0]["short_name"] = LINK_MD

    def centre(d):
        hall = d["hall"]
        hall["zones"][0]["name"] = LINK_MD
        hall["windows"][0]["name"] = ATTR_MD
        hall["posts"][0]["description"] = LINK_MD + ATTR_MD

    def townships(d):
        d["townships"][0]["name"] = ATTR_MD + "中心"
        d["townships"][0]["town"] = LINK_MD

    def teams(d):
        d["teams"][0]["name"] = FORMULA
        d["teams"][0]["services"][0] = LINK_MD

    edit(items / "county.yaml", county_file)
    edit(items / "departments.yaml", departments)
    edit(items / "network/county-centre.yaml", centre)
    edit(items / "network/townships.yaml", townships)
    edit(items / "network/teams.yaml", teams)
    bundle = min((items / "bundles").glob("*.yaml"))
    edit(bundle, lambda d: d.update(name=LINK_MD + ATTR_MD))
    first_items = sorted((items / "services").rglob("*.yaml"))[:3]
    for path, name in zip(first_items, (LINK_MD, ATTR_MD, FORMULA), strict=True):
        edit(path, lambda d, name=name: d.update(name=name))
    flow = min((county / "flowcharts").glob("*.yaml"))
    edit(flow, lambda d: d.update(title=LINK_MD + ATTR_MD))
    return {
        "items": [p.stem for p in first_items],
        "bundle": bundle.stem,
        "township": yaml.safe_load((items / "network/townships.yaml").read_text("utf-8"))["townships"][0][
            "id"
        ],
    }

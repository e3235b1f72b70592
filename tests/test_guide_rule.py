"""One rule for "is this guide complete" (toolkit/core/guide.py): an item's guide page shows 待补充 exactly
when the rule finds a gap, element by element, so the printed lists (which print a code only for a complete
guide) never send a citizen to a page showing 待补充 — and a page that starts showing 待补充 for a new
field fails here until the rule knows the field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from toolkit.core import guide
from toolkit.core.load import load_project
from toolkit.site.pages import item_page

PENDING_MARK = '<span class="stdkit-pending">'
# element (as guide.gaps names it) -> how to take it out of an item file
REMOVALS = {
    "受理条件": lambda d: d.pop("conditions", None),
    "申请材料": lambda d: d.pop("materials", None),
    "咨询电话": lambda d: d.pop("phones", None),
    "收费": lambda d: d.pop("fees", None),
    "承诺时限": lambda d: d.pop("promised_limit", None),
    "到现场次数": lambda d: d.pop("visits", None),
    "网办深度": lambda d: d.get("online", {}).pop("depth", None),
    "设定依据": lambda d: d.pop("basis", None),
}


def pages_agree(project) -> dict[str, tuple[bool, tuple[str, ...]]]:
    """item id -> (page shows 待补充, the rule's gaps) for every item whose two answers differ."""
    out = {}
    for item in project.items.values():
        shown = PENDING_MARK in item_page(project, item, "https://example.gov.cn/", "flows/x.svg")
        gaps = guide.gaps(project, item)
        if shown != bool(gaps):
            out[item.id] = (shown, gaps)
    return out


@pytest.fixture
def gapped(small_county, tmp_path) -> tuple[Path, dict[str, str]]:
    """A copy of the generated county where item k lacks element k (the others stay complete)."""
    county = tmp_path / "county"
    shutil.copytree(small_county, county)
    files = sorted((county / "items/services").rglob("*.yaml"))
    taken = {}
    for (label, remove), path in zip(REMOVALS.items(), files, strict=False):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert remove(data) is not None, (label, path.name)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        taken[path.stem] = label
    return county, taken


def test_every_page_shows_pending_exactly_when_the_rule_finds_a_gap(small_county):
    project = load_project(small_county)
    assert all(guide.complete(project, i) for i in project.items.values())
    assert pages_agree(project) == {}


def test_each_missing_element_is_a_gap_the_page_shows(gapped):
    county, taken = gapped
    project = load_project(county)
    assert len(taken) == len(REMOVALS)
    for item_id, label in taken.items():
        assert guide.gaps(project, project.items[item_id]) == (label,), item_id
    assert pages_agree(project) == {}


def test_a_centre_without_an_address_leaves_every_guide_incomplete(small_county, tmp_path):
    county = tmp_path / "county"
    shutil.copytree(small_county, county)
    path = county / "items/network/county-centre.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.pop("address")
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    project = load_project(county)
    assert all("办理地点地址" in guide.gaps(project, i) for i in project.items.values())
    assert pages_agree(project) == {}


def test_the_check_names_the_elements_the_guide_lacks(gapped):
    """`stdkit check`'s item-guide finding lists what the guide page shows as 待补充 (the same rule)."""
    from toolkit.conformance.checks import CHECKS

    county, taken = gapped
    project = load_project(county)
    messages = [f.message for f in CHECKS["item-guide"].run(project) if f.status == "不符合"]
    for item_id, label in taken.items():
        name = project.items[item_id].name
        assert f"事项“{name}”的办事指南缺少{label}。" in messages, (label, messages)


def test_a_replaced_item_is_judged_again(small_county):
    """The rule's answer is remembered per item object: an item replaced in the project (as `stdkit serve`
    does with an edited file) is judged anew, and a project made by replacing fields starts afresh."""
    import dataclasses

    project = load_project(small_county)
    item = next(iter(project.items.values()))
    assert guide.gaps(project, item) == ()
    lacking = item.model_copy(update={"conditions": None})
    project.items[item.id] = lacking
    assert guide.gaps(project, lacking) == ("受理条件",)
    moved = dataclasses.replace(project, centre=project.centre.model_copy(update={"address": ""}))
    assert "办理地点地址" in guide.gaps(moved, lacking)
    assert "办理地点地址" not in guide.gaps(project, lacking)

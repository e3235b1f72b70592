"""The bundled Jianshi data validates and has the shape the report describes."""

from __future__ import annotations

from pathlib import Path

import pytest

from toolkit.core.figures import compute
from toolkit.core.load import load_project

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def jianshi():
    return load_project(ROOT)


def test_bundled_data_matches_the_report(jianshi):
    c = compute(jianshi).counts
    assert c.items == 1341 and c.items_by_level == {"县级": 1341, "乡镇": 328, "村": 97}
    assert c.departments_in_hall == 32 and c.departments == 34
    assert c.venues == {"县级": 1, "乡镇": 10, "村": 405}
    assert c.township_modes["下放"] == 60 and c.township_modes["收件端前移"] == 115
    assert c.village_modes["收件端前移"] == 43
    assert c.teams == {"县级志愿服务队": 1, "社区便民服务队": 10, "农村便民服务队": 400}
    assert c.lifecycle == {"企业": {"stages": 5, "entries": 12}, "个人": {"stages": 9, "entries": 26}}
    assert c.township_stations == 21
    assert c.items_detailed >= 80


def test_bundles_of_the_report(jianshi):
    lvdian = jianshi.bundles["kai-lvdian"]
    assert (len(lvdian.required), len(lvdian.optional)) == (7, 6)
    assert lvdian.before.visits == 13 and lvdian.after.time.minutes == 30
    baby = jianshi.bundles["xinshenger"]
    names = " ".join(jianshi.items[i].name for i in baby.required)
    for word in ("出生医学证明", "出生登记", "医疗保险", "社会保障卡"):
        assert word in names
    # 一套材料: the merged list is shorter than the members' lists together
    member_materials = sum(len(i.materials) for i in jianshi.bundle_items(lvdian))
    assert len(lvdian.materials) < member_materials


def test_township_centres_are_one_plus_one(jianshi):
    names = {t.town for t in jianshi.townships.values()}
    assert names == {
        "业州镇",
        "高坪镇",
        "红岩寺镇",
        "景阳镇",
        "官店镇",
        "花坪镇",
        "长梁镇",
        "茅田乡",
        "龙坪乡",
        "三里乡",
    }
    for t in jianshi.townships.values():
        assert t.police_windows >= 1 and 2 <= t.comprehensive_windows <= 5

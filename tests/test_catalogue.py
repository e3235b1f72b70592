"""The bundled Jianshi catalogue: real item names and types (广安区 catalogue and national names), no two
items for the same service, plausible township and village lists, a consistent QR ledger, and a builder
that reproduces the committed files."""

from __future__ import annotations

import csv
import re
import shutil
import sys
from pathlib import Path

import pytest

from toolkit.core.load import load_project

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))  # the builder is a script of the repository, not in the package

import jianshi_catalogue as jc


@pytest.fixture(scope="module")
def jianshi():
    return load_project(ROOT)


def _catalogue_level(project):
    return {iid: i for iid, i in project.items.items() if not i.materials}


def _sources() -> dict[str, str]:
    """Every name the sources give → its type name."""
    out = {}
    with (ROOT / jc.SOURCE).open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            out[row["事项名称"].strip()] = jc.type_name(row["事项类型"])
    with (ROOT / jc.NATIONAL).open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            out[row["事项名称"]] = row["事项类型"]
    return out


def test_catalogue_items_carry_real_names_and_types(jianshi):
    sources = _sources()
    catalogue = _catalogue_level(jianshi)
    assert len(catalogue) == 1341 - 129
    for item in catalogue.values():
        assert item.name in sources, item.name
        assert item.type == sources[item.name], item.name
    # The invented variants of the earlier fill are gone.
    names = [i.name for i in jianshi.items.values()]
    assert not [n for n in names if re.search(r"（(新办|注销|2|3|个人|单位)）$", n) and n not in sources]
    assert "出版物零售单位和个体工商户设立审批" in names
    assert (
        jianshi.items[next(i for i, x in jianshi.items.items() if x.name == "企业名称争议裁决")].type
        == "行政裁决"
    )


def test_no_two_items_for_the_same_service(jianshi):
    names = [i.name for i in jianshi.items.values()]
    assert len(names) == len(set(names))
    for name, written in jc.SAME_AS_WRITTEN.items():
        # Either the district name is absent, or it is the hand-written item's own name.
        assert written in jianshi.items and (name not in names or jianshi.items[written].name == name), name


def test_district_departments_map_onto_jianshi():
    assert jc.department_for("区行政审批局", "食品(含保健食品)经营许可变更住所") == "scjgj"
    assert jc.department_for("区行政审批局", "护士延续执业注册") == "wjj"
    assert jc.department_for("区行政审批局", "拖拉机/联合收割机注册登记") == "nyncj"
    assert jc.department_for("区人社局", "失业保险金申领") == "sbj"
    assert jc.department_for("区人社局", "就业登记") == "rsj"
    assert jc.department_for("区自然资源和规划局", "抵押备案") == "bdcdj"
    assert jc.department_for("区自然资源和规划局", "采矿权注销登记") == "zrzyj"
    assert jc.department_for("区委统战部", "民族团结进步表彰活动") is None
    assert jc.department_for("区行政审批局", "宗教活动场所登记审批") is None
    assert jc.department_for("区生态环境局", "危险废物经营许可申请（市级）") is None
    assert (
        jc.type_name("20") == "公共服务"
        and jc.type_name("9") == "行政裁决"
        and jc.type_name("1") == "行政许可"
    )


def test_township_list_has_no_police_station_business(jianshi):
    town = [jianshi.items[i] for i in jianshi.township_items]
    assert len(town) == 328
    assert not [i.name for i in town if i.department == "gaj"]
    assert not [i.name for i in town if re.search(r"企业投资|网吧|互联网上网|娱乐|危险化学品|公司", i.name)]


def test_village_list_is_citizen_services(jianshi):
    village = [jianshi.items[i] for i in jianshi.village_items]
    assert len(village) == 97
    bad = r"网吧|互联网上网|娱乐|演出|企业投资|公司|危险化学品|建设工程|施工|医疗机构"
    assert not [i.name for i in village if re.search(bad, i.name)]
    for item in village:
        if item.levels.village == "帮办代办":
            assert item.online.depth != "不可网办", item.name  # helped online: it must be doable online
        if item.levels.village == "便民服务":
            assert re.search(jc.STATION_DOES, item.name), item.name  # what the station itself can do
        if item.department == "gaj":
            assert item.levels.village == "帮办代办", item.name  # police business only through the apps


def test_ledger_matches_the_catalogue(jianshi):
    rows = list(csv.DictReader((ROOT / "published/qr-ledger.csv").open(encoding="utf-8")))
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids)) == len(jianshi.items) + len(jianshi.villages)
    assert set(ids) == set(jianshi.items) | set(jianshi.villages)  # each guide and each station's own code
    assert all(r["url"].endswith(f"/g/{r['id']}/") for r in rows if r["id"] in jianshi.items)
    assert all(r["url"].endswith(f"/stations/{r['id']}/") for r in rows if r["id"] in jianshi.villages)


def test_builder_reproduces_the_committed_files(tmp_path):
    copy = tmp_path / "jianshi"
    for part in ("items", "flowcharts", "published", "sources"):
        shutil.copytree(ROOT / part, copy / part)
    shutil.copy(ROOT / "mkdocs.yml", copy / "mkdocs.yml")
    result = jc.build(copy, "2030-01-01")
    assert result["written"] == 129 and result["district"] + result["national"] == 1212
    assert result["ledger_added"] == 0 and result["ledger_dropped"] == 0
    for path in sorted((ROOT / "items").rglob("*.yaml")):
        rel = path.relative_to(ROOT)
        assert (copy / rel).read_bytes() == path.read_bytes(), rel
    assert len(list((copy / "items/services").rglob("*.yaml"))) == 1341
    assert (copy / "published/qr-ledger.csv").read_bytes() == (ROOT / "published/qr-ledger.csv").read_bytes()

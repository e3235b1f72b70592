"""A department's workbook round trip: written per department with its items' guide elements as columns,
imported back it changes exactly what the department changed (nothing when nothing was edited), in any
order of departments."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from toolkit.core.load import load_project
from toolkit.onboarding.importer import import_catalogue
from toolkit.onboarding.scaffold import init_county
from toolkit.onboarding.workbook import department_workbooks

CATALOGUE = Path(__file__).parent / "fixtures" / "catalogues" / "good.csv"


def snapshot(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".stdkit-cache" not in p.parts
    }


MATERIALS = [  # 取水许可's materials; one name a spreadsheet would take for a formula
    "1. 取水许可申请书（原件1份；必要；申请人自备）",
    '2. =HYPERLINK("http://x.cn","水资源论证报告")（原件2份；容缺；中介机构出具）',
    "3. 委托书（原件1份；非必要：委托他人办理的；申请人自备）",
]


@pytest.fixture
def county(tmp_path) -> Path:
    root = tmp_path / "county"
    init_county(root, "测试县", "429998")
    import_catalogue(CATALOGUE, root)
    guide_sheet = tmp_path / "materials.xlsx"
    wb = Workbook()
    wb.active.append(["部门", "事项名称", "事项编码", "事项类型", "申请材料"])
    wb.active.append(["测试县水务局", "取水许可", WATER, "行政许可", "\n".join(MATERIALS)])
    wb.save(guide_sheet)
    import_catalogue(guide_sheet, root)
    return root


WATER = "00000000003ABC-429998000000-000-11429998MB0000003X-1-00"


def write_all(county: Path, out: Path, edit=None) -> list[Path]:
    out.mkdir(exist_ok=True)
    paths = []
    for name, data in department_workbooks(load_project(county, use_cache=False)).items():
        wb = load_workbook(io.BytesIO(data))
        if edit:
            edit(name, wb["事项"])
        wb.save(out / name)
        paths.append(out / name)
    return paths


def test_the_same_data_gives_the_same_workbook_bytes(county):
    import time

    first = department_workbooks(load_project(county, use_cache=False))
    time.sleep(1.1)  # a workbook stamped with the time it was saved would differ now
    assert department_workbooks(load_project(county, use_cache=False)) == first


def test_workbooks_have_every_element_dropdowns_and_current_values(county, tmp_path):
    paths = write_all(county, tmp_path / "wb")
    assert len(paths) == 3  # the catalogue's 3 departments (init's example item is a placeholder)
    ws = load_workbook(paths[0])["事项"]
    header = [c.value for c in ws[1]]
    for column in ("服务对象", "受理条件", "收费标准", "办理地点", "咨询电话", "设定依据", "到现场次数"):
        assert column in header
    assert "申请材料" not in header  # materials have their own sheet, one row per material
    dropdowns = {str(dv.sqref).split(":")[0][0]: dv.formula1 for dv in ws.data_validations.dataValidation}
    assert "全程网办" in dropdowns[chr(ord("A") + header.index("是否网办"))]
    assert ws.cell(row=2, column=header.index("法定时限") + 1).value  # current values filled in


def test_no_edit_changes_nothing_and_one_edit_changes_that_one_fact(county, tmp_path):
    before = snapshot(county)
    for path in reversed(write_all(county, tmp_path / "same")):  # any order
        assert import_catalogue(path, county).written == []
    assert snapshot(county) == before

    def edit(name, ws):
        header = [c.value for c in ws[1]]
        if ws.cell(row=2, column=header.index("事项名称") + 1).value == "取水许可":
            ws.cell(row=2, column=header.index("办理时间") + 1).value = "工作日 9:00-17:00"

    for path in write_all(county, tmp_path / "edited", edit):
        import_catalogue(path, county)
    after = snapshot(county)
    changed = [p for p in after if after[p] != before.get(p)]
    assert len(changed) == 1
    project = load_project(county, use_cache=False)
    item = next(i for i in project.items.values() if i.name == "取水许可")
    assert item.hours == "工作日 9:00-17:00"
    others = [i for i in project.items.values() if i.name != "取水许可"]
    assert all(i.hours is None for i in others)


def test_the_command_writes_one_workbook_per_department_outside_the_data_folder(county, tmp_path):
    from typer.testing import CliRunner

    from toolkit.cli import app

    r = CliRunner().invoke(app, ["workbook", "export", str(county), "--out", str(tmp_path / "out")])
    assert r.exit_code == 0, r.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "mzj-民政局.xlsx",
        "scjgj-市场监管局.xlsx",
        "shuiwu-水务局.xlsx",
    ]
    r = CliRunner().invoke(app, ["workbook", "export", str(county), "--out", str(county / "items")])
    assert r.exit_code == 1 and not list((county / "items").glob("*.xlsx"))


def material_sheet_of(path: Path):
    ws = load_workbook(path)["申请材料"]
    return ws, [c.value for c in ws[1]]


def water_workbook(paths: list[Path]) -> Path:
    return next(p for p in paths if p.name.startswith("shuiwu-"))


def test_the_materials_sheet_has_a_row_per_material_as_text_with_dropdowns(county, tmp_path):
    ws, header = material_sheet_of(water_workbook(write_all(county, tmp_path / "wb")))
    assert header == ["事项编码", "事项名称", "材料名称", "材料形式", "份数", "必要性", "提交情形",
                      "来源渠道", "数据共享", "核验后退还", "受理要点", "备注"]  # fmt: skip
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    assert [r[2] for r in rows] == ["取水许可申请书", '=HYPERLINK("http://x.cn","水资源论证报告")', "委托书"]
    assert [(r[4], r[5], r[6] or "") for r in rows] == [
        ("1", "必要", ""),
        ("2", "容缺", ""),
        ("1", "非必要", "委托他人办理的"),
    ]
    assert ws.cell(row=3, column=3).data_type == "s"  # a string cell, never evaluated as a formula
    lists = {str(dv.sqref)[0]: dv.formula1 for dv in ws.data_validations.dataValidation}
    assert "容缺" in lists["F"] and "申请人自备" in lists["H"] and "原件" in lists["D"]


def edit_materials(change):
    def edit(name, ws):
        if name.startswith("shuiwu-"):
            change(ws.parent["申请材料"])

    return edit


def test_one_edited_material_cell_changes_that_one_fact(county, tmp_path):
    before_project = load_project(county, use_cache=False)
    before = snapshot(county)

    def copies(ws):
        ws.cell(row=3, column=5).value = "3"  # the second material's 份数

    for path in reversed(write_all(county, tmp_path / "edited", edit_materials(copies))):
        import_catalogue(path, county)
    after = snapshot(county)
    assert [p for p in after if after[p] != before.get(p)] == ["items/services/shuiwu/" + water_file(county)]
    old = next(i for i in before_project.items.values() if i.code == WATER).materials
    new = next(i for i in load_project(county, use_cache=False).items.values() if i.code == WATER).materials
    assert new[1].copies == 3 and old[1].copies == 2
    assert new[1].model_copy(update={"copies": 2}) == old[1] and new[0] == old[0] and new[2] == old[2]


def water_file(county: Path) -> str:
    return next(p.name for p in (county / "items/services/shuiwu").glob("*.yaml"))


def test_an_added_material_row_adds_a_material(county, tmp_path):
    def add(ws):
        ws.append([WATER, "取水许可", "营业执照", "电子证照", "1", "必要", "", "政府部门核发", "是", "", ""])

    for path in write_all(county, tmp_path / "added", edit_materials(add)):
        import_catalogue(path, county)
    item = next(i for i in load_project(county, use_cache=False).items.values() if i.code == WATER)
    assert [m.name for m in item.materials][-1] == "营业执照" and item.materials[-1].shared


@pytest.mark.parametrize(
    ("row", "column", "words"),
    [
        ([WATER, "取水许可", "营业执照", "原件", "1", "可有可无"], 6, "必要性"),
        (["99999999999ABC-429998000000-000-11429998MB0000009X-1-00", "x", "营业执照"], 1, "不在事项表中"),
        (["", "", "营业执照"], 1, "没有写事项编码"),
        ([WATER, "取水许可证", "营业执照"], 2, "与事项表中该编码的“取水许可”不一致"),
    ],
)
def test_a_bad_material_row_names_the_sheet_row_and_column(county, tmp_path, row, column, words):
    from toolkit.core.errors import StdkitError

    before = snapshot(county)
    path = water_workbook(write_all(county, tmp_path / "bad", edit_materials(lambda ws: ws.append(row))))
    with pytest.raises(StdkitError) as err:
        import_catalogue(path, county)
    p = err.value.problems[0]
    assert p.file.endswith("［申请材料］") and (p.line, p.column) == (5, column) and words in p.message
    assert snapshot(county) == before


def test_a_materials_sheet_of_another_kind_is_not_read_and_the_summary_says_so(county, tmp_path):
    wb = Workbook()
    wb.active.append(["部门", "事项名称", "事项编码", "事项类型", "办理时间"])
    wb.active.append(["测试县水务局", "取水许可", WATER, "行政许可", "工作日"])
    wb.create_sheet("申请材料").append(["序号", "说明"])
    wb.save(tmp_path / "other.xlsx")
    result = import_catalogue(tmp_path / "other.xlsx", county)
    assert "工作表“申请材料”没有事项编码、材料名称两列" in result.note and len(result.written) == 1

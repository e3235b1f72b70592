"""A department's workbook round trip: written per department with its items' guide elements as columns,
imported back it changes exactly what the department changed (nothing when nothing was edited), in any
order of departments."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

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


@pytest.fixture
def county(tmp_path) -> Path:
    root = tmp_path / "county"
    init_county(root, "测试县", "429998")
    import_catalogue(CATALOGUE, root)
    return root


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


def test_workbooks_have_every_element_dropdowns_and_current_values(county, tmp_path):
    paths = write_all(county, tmp_path / "wb")
    assert len(paths) == 3  # the catalogue's 3 departments (init's example item is a placeholder)
    ws = load_workbook(paths[0])["事项"]
    header = [c.value for c in ws[1]]
    for column in ("受理条件", "申请材料", "收费标准", "办理地点", "咨询电话", "设定依据", "到现场次数"):
        assert column in header
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

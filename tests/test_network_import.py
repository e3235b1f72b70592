"""stdkit import --network: centres' and stations' address, phone, hours and 代办员 from a sheet; empty
stays unknown, problems named by file, row and column with nothing written, re-import changes nothing."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from openpyxl import Workbook

from toolkit.core.errors import StdkitError
from toolkit.core.load import load_project
from toolkit.onboarding.network import import_network

ROOT = Path(__file__).resolve().parent.parent


def snapshot(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".stdkit-cache" not in p.parts
    }


@pytest.fixture
def county(tmp_path) -> Path:
    root = tmp_path / "county"
    shutil.copytree(ROOT / "items", root / "items")
    shutil.copytree(ROOT / "flowcharts", root / "flowcharts")
    return root


def sheet(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["建始县便民服务网络（导出）"])
    ws.append(header)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def test_the_network_comes_from_a_sheet(county, tmp_path):
    rows = [
        ["业州镇", "业州镇便民服务中心", "业州镇解放路1号", "0718-3322110", "", ""],
        ["业州镇", "柏腊树社区", "", "13900000001", "工作日 8:30-17:30", "张三"],
        ["业州镇", "广润社区便民服务站", "", "", "", ""],  # nothing given: nothing changes
    ]
    path = sheet(
        tmp_path / "net.xlsx",
        ["乡镇（街道）", "站点名称", "办公地址", "联系电话", "开放时间", "代办员姓名"],
        rows,
    )
    written = import_network(path, county)
    assert sorted(p.name for p in written) == ["townships.yaml", "villages.yaml"]
    project = load_project(county, use_cache=False)  # still valid
    centre = next(t for t in project.townships.values() if t.town == "业州镇")
    assert (centre.address, centre.phone) == ("业州镇解放路1号", "0718-3322110")
    bolashu = project.villages["yezhou-bolashu"]
    assert (bolashu.phone, bolashu.hours, bolashu.agent) == ("13900000001", "工作日 8:30-17:30", "张三")
    assert not bolashu.is_example("phone")  # the illustrative phone is replaced by the county's
    guangrun = project.villages["yezhou-guangrun"]
    assert guangrun.hours is None and guangrun.agent is None  # empty stays unknown
    before = snapshot(county)
    assert import_network(path, county) == [] and snapshot(county) == before  # re-import changes nothing


def test_network_problems_name_row_and_column_and_write_nothing(county, tmp_path):
    rows = [
        ["业州镇", "没有这个村", "", "", "", ""],
        ["业州镇", "柏腊树社区", "", "123", "", ""],
        ["业州镇", "业州镇便民服务中心", "", "", "", "李四"],
    ]
    path = sheet(tmp_path / "net.xlsx", ["乡镇", "名称", "地址", "电话", "办公时间", "代办员"], rows)
    before = snapshot(county)
    with pytest.raises(StdkitError) as exc:
        import_network(path, county)
    found = {(p.line, p.column) for p in exc.value.problems}
    assert found == {(3, 2), (4, 4), (5, 6)}  # Excel rows after the title and header rows; B, D, F
    assert all(p.file.endswith("net.xlsx") for p in exc.value.problems)
    assert snapshot(county) == before

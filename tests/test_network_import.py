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


HEADER = ["乡镇", "名称", "类型", "区划代码", "公安窗口数", "综合窗口数", "电话", "办公时间", "代办员"]
TOWN = ["新桥镇", "新桥镇", "乡镇便民服务中心", "422822120", "1", "3", "0718-3350000", "工作日", ""]


@pytest.fixture
def fresh(tmp_path) -> Path:
    from toolkit.onboarding.scaffold import init_county

    root = tmp_path / "fresh"
    init_county(root, "建始县", "422822")
    return root


def test_new_townships_villages_and_stations_are_created(fresh, tmp_path):
    rows = [
        TOWN,
        ["新桥镇", "*星光*村", "村", "422822120201", "", "", "13900000009", "", "王五"],
        ["新桥镇", "`新桥`社区便民服务站", "社区便民服务站", "422822120001", "", "2", "", "", ""],
        ["新桥镇", "不动产登记所", "站所", "", "", "", "", "", ""],
        ["新桥镇", "不动产登记所", "站所", "", "", "", "", "", ""],  # named twice: hosted once
    ]
    path = sheet(tmp_path / "net.xlsx", HEADER, rows)
    written = import_network(path, fresh)
    assert sorted(p.name for p in written) == ["townships.yaml", "villages.yaml"]
    project = load_project(fresh, use_cache=False)  # the whole folder is valid with the new places
    assert sorted(project.townships) == ["xinqiao"]  # init's placeholder township and village are gone
    xinqiao = project.townships["xinqiao"]
    assert (xinqiao.name, xinqiao.division_code, xinqiao.police_windows, xinqiao.comprehensive_windows) == (
        "新桥镇便民服务中心",
        "422822120000",
        1,
        3,
    )
    assert xinqiao.stations == ["不动产登记所"] and (xinqiao.phone, xinqiao.hours) == (
        "0718-3350000",
        "工作日",
    )
    star = project.villages["xinqiao-xingguang"]
    assert (star.name, star.community, star.agent, star.windows) == ("*星光*村便民服务站", False, "王五", 1)
    community = project.villages["xinqiao-xinqiao"]
    assert community.name == "`新桥`社区便民服务站" and community.community and community.windows == 2
    assert len(project.villages) == 2
    before = snapshot(fresh)
    assert import_network(path, fresh) == [] and snapshot(fresh) == before  # re-import changes nothing


def test_a_new_place_that_breaks_the_county_reported_figures_writes_nothing(county, tmp_path):
    before = snapshot(county)
    with pytest.raises(StdkitError) as exc:
        import_network(sheet(tmp_path / "net.xlsx", HEADER, [TOWN]), county)
    assert any("乡镇便民服务中心数：报道为10个，由数据计算为11个" in p.message for p in exc.value.problems)
    assert snapshot(county) == before


@pytest.mark.parametrize(
    ("rows", "column", "words"),
    [
        ([["新桥镇", "新桥镇", "乡镇", "422823120000", "1", "3"]], 4, "不是建始县的422822"),
        ([["新桥镇", "新桥镇", "乡镇", "4228221", "1", "3"]], 4, "应为12位数字"),
        ([["新桥镇", "新桥镇", "乡镇", "422822120000", "", "3"]], 5, "须写公安窗口数"),
        ([["新桥镇", "新桥镇", "乡镇", "", "1", "3"]], 4, "须写区划代码"),
        ([TOWN, ["新桥镇", "新村", "村", "422822121201", "", ""]], 4, "应以所属乡镇的422822120开头"),
        ([TOWN, ["新桥镇", "新村", "村", "422822120000", "", ""]], 4, "末3位不为000"),
        ([["不存在镇", "新村", "村", "422822120201", "", ""]], 1, "不在 items/network/townships.yaml 中"),
        ([["业州镇", "新村", "庙", "422822120201", "", ""]], 3, "类型“庙”无法识别"),
        ([["业州镇", "不动产登记所", "站所", "", "", "", "0718-3350000"]], 7, "站所只记名称"),
        ([["业州镇", "<b>新</b>村", "村", "422822100201", "", ""]], 2, "不能包含“<”"),
        ([["业州镇", "业州镇便民服务中心", "", "422822100000", "", ""]], 4, "请直接在数据文件中修改"),
    ],
)
def test_a_bad_new_place_names_the_row_and_column_and_writes_nothing(county, tmp_path, rows, column, words):
    before = snapshot(county)
    path = sheet(tmp_path / "net.xlsx", HEADER, rows)
    with pytest.raises(StdkitError) as exc:
        import_network(path, county)
    p = exc.value.problems[0]
    line = 2 + len(rows)
    assert (p.line, p.column) == (line, column) and words in p.message and p.message.startswith(f"第{line}行")
    assert snapshot(county) == before

"""stdkit import: a catalogue spreadsheet into item files — stable ids, row-level reasons, bad input."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from openpyxl import Workbook

from toolkit.core import guide
from toolkit.core.errors import StdkitError
from toolkit.core.load import load_project
from toolkit.onboarding.importer import import_catalogue, short_hash
from toolkit.onboarding.scaffold import init_county

FIXTURES = Path(__file__).parent / "fixtures" / "catalogues"
PLATFORM_TYPES = ["1", "5", "7", "8", "9", "10", "20", "行政许可", "公共服务", "行政备案"]


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
    return root


def catalogue_rows(n: int) -> list[list]:
    deps = [
        "测试县市场监督管理局",
        "测试县民政局",
        "测试县人力资源和社会保障局",
        "测试县水务局",
        "测试县公安局",
        "测试县档案馆",
    ]
    rows = []
    for i in range(1, n + 1):
        code = f"{i:011d}ABC-429998000000-000-11429998MB{i:07d}X-1-00"
        level = ["县级", "县级、乡镇", "乡镇（下放）、村（便民服务）", "县级、乡镇、村"][i % 4]
        legal = (i % 6 + 1) * 5
        promised = str(legal // 2) if i % 3 else legal // 2  # numbers stored as text and as numbers
        rows.append(
            [
                deps[i % len(deps)],
                f"测试事项{i:04d}",
                code,
                PLATFORM_TYPES[i % len(PLATFORM_TYPES)],
                level,
                "是" if i % 2 else "否",
                legal,
                promised,
            ]
        )
    return rows


def write_xlsx(path: Path, rows: list[list], title_row: bool = True) -> Path:
    wb = Workbook()
    ws = wb.active
    if title_row:
        ws.append(["测试县政务服务事项目录（导出）"])
    ws.append(["部门", "事项名称", "事项编码", "事项类型", "办理层级", "是否网办", "法定时限", "承诺时限"])
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def test_thousand_row_catalogue_imports_validates_and_reimports_unchanged(county, tmp_path):
    sheet = write_xlsx(tmp_path / "catalogue.xlsx", catalogue_rows(1000))
    result = import_catalogue(sheet, county)
    assert len(result.created) == 1000 and not result.skipped
    project = load_project(county, use_cache=False)  # validates with the loader's cross-checks
    assert len(project.items) == 1001  # plus the example item from init
    assert len(project.township_items) == 1 + 750 and len(project.village_items) == 1 + 500
    item = next(i for i in project.items.values() if i.name == "测试事项0002")
    assert item.type == "行政确认" and item.id == short_hash(item.code, 7)  # platform code 7
    assert not guide.complete(project, item)  # the site shows 待补充
    assert {d.code for d in project.departments.values()} >= {"scjgj", "mzj", "rsj", "gaj", "dag"}
    before = snapshot(county)
    again = import_catalogue(sheet, county)
    assert again.written == [] and len(again.unchanged) == 1000
    assert snapshot(county) == before


@pytest.mark.slow  # a full build
@pytest.mark.slow
def test_thousand_row_catalogue_builds_a_site(county, tmp_path):
    from toolkit import build

    import_catalogue(write_xlsx(tmp_path / "c.xlsx", catalogue_rows(1000)), county)
    (county / "mkdocs.yml").write_text("site_url: https://zw.ceshi.gov.cn/\n", encoding="utf-8")
    result = build.build(county, tmp_path / "site", pdf=False)
    pages = list((tmp_path / "site").rglob("index.html"))
    assert len(pages) > 1000
    some = next(i for i in load_project(county).items.values() if i.name == "测试事项0500")
    html = next(
        p for p in pages if some.id in p.as_posix() and "测试事项0500" in p.read_text(encoding="utf-8")
    )
    assert "待补充" in html.read_text(encoding="utf-8")
    assert result.manifest


def test_csv_utf8_and_gbk_give_the_same_files(county, tmp_path):
    other = tmp_path / "other"
    shutil.copytree(county, other)
    r1 = import_catalogue(FIXTURES / "good.csv", county)
    r2 = import_catalogue(FIXTURES / "good-gbk.csv", other)
    assert "GBK" in r2.note and not r1.note
    assert snapshot(county) == snapshot(other)
    assert r1.skipped == [] and r1.rows_read == 3  # the blank row is neither an item nor an error
    project = load_project(county, use_cache=False)
    by_name = {i.name: i for i in project.items.values()}
    assert by_name["个体工商户设立登记"].promised_limit.days == 5  # full-width ５
    assert by_name["临时救助"].levels.township == "下放" and by_name["临时救助"].promised_limit.days == 0
    assert by_name["取水许可"].type == "公共服务" and by_name["取水许可"].promised_limit.minutes == 30
    assert by_name["取水许可"].department == "shuiwu"  # the naming table: not swj (水务局 商务局 税务局)


def test_unusable_rows_are_listed_with_reasons_and_nothing_is_written(county):
    before = snapshot(county)
    with pytest.raises(StdkitError) as exc:
        import_catalogue(FIXTURES / "bad-rows.csv", county)
    found = {p.line: p.message for p in exc.value.problems}
    assert set(found) == {3, 4, 5, 6}  # row 7's code "12345" has another shape: kept, not refused
    assert "与第2行相同" in found[3]
    assert "行政奖惩" in found[4] and "无法识别" in found[4]
    assert "长于法定时限" in found[5]
    assert "缺少事项名称" in found[6]
    assert all("--skip-bad-rows" in p.hint for p in exc.value.problems)
    assert snapshot(county) == before


def test_skip_bad_rows_imports_the_rest(county):
    result = import_catalogue(FIXTURES / "bad-rows.csv", county, skip_bad_rows=True)
    assert len(result.created) == 2 and len([p for p in result.skipped if p.severity == "error"]) == 4
    assert not any("--skip-bad-rows" in p.hint for p in result.skipped)  # already given: not suggested again
    assert result.shapes == {"implementation": 1, "other": 1}
    assert any("12345" in line for line in result.summary()) or "其他形式 1" in "".join(result.summary())
    load_project(county, use_cache=False)


@pytest.mark.parametrize(
    "name, words",
    [
        ("missing-columns.csv", ["缺少必需的列", "事项编码", "事项类型"]),
        ("not-a-table.xlsx", ["不是 Excel 工作簿"]),
        ("notes.docx", ["不支持的文件类型"]),
    ],
)
def test_bad_files_give_a_clear_message_and_write_nothing(county, name, words):
    before = snapshot(county)
    with pytest.raises(StdkitError) as exc:
        import_catalogue(FIXTURES / name, county)
    text = str(exc.value)
    assert all(w in text for w in words), text
    assert exc.value.problems[0].file.endswith(name)
    assert snapshot(county) == before


def test_a_folder_given_instead_of_the_catalogue_is_a_located_error(county, tmp_path):
    # An official points at the folder that holds the catalogue, not at the file itself.
    folder = tmp_path / "清单"
    folder.mkdir()
    before = snapshot(county)
    with pytest.raises(StdkitError) as exc:
        import_catalogue(folder, county)
    problem = exc.value.problems[0]
    assert problem.file == str(folder) and problem.line == 1
    assert "文件夹" in problem.message, problem.message
    assert snapshot(county) == before


def test_a_department_merged_down_several_rows_fills_each_row(county, tmp_path):
    path = write_xlsx(tmp_path / "merged.xlsx", catalogue_rows(5))
    from openpyxl import load_workbook

    wb = load_workbook(path)
    ws = wb.active
    for row in range(4, 7):
        ws.cell(row, 1).value = None
    ws.merge_cells("A3:A6")
    wb.save(path)
    result = import_catalogue(path, county)
    assert len(result.created) == 5 and "第3–6行" in result.note
    project = load_project(county, use_cache=False)
    first = project.items[next(i for i in result.created if project.items[i].name == "测试事项0001")]
    same = [i for i in result.created if project.items[i].department == first.department]
    assert len(same) == 4  # rows 3–6 all belong to the merged department


def test_import_needs_a_county_folder(tmp_path):
    with pytest.raises(StdkitError) as exc:
        import_catalogue(FIXTURES / "good.csv", tmp_path)
    assert "stdkit init" in str(exc.value)


def test_cli_import_reports_and_exits(county, tmp_path):
    import subprocess
    import sys

    def run(*args):
        return subprocess.run(
            [sys.executable, "-c", "from toolkit.cli import main; main()", *args],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    r = run("import", str(FIXTURES / "bad-rows.csv"), "--into", str(county))
    assert r.returncode == 1 and "第5行" in r.stderr and "Traceback" not in r.stderr
    assert "--skip-bad-rows" in r.stderr
    r = run("import", str(FIXTURES / "good-gbk.csv"), "--into", str(county))
    assert r.returncode == 0, r.stderr
    assert "新建 3" in r.stdout and "待补充" in r.stdout and "读取数据行 3 行" in r.stdout


def _three_departments(code_column: bool) -> list[list]:
    names = ["测试县水务局 ", "测试县商务局", "测试县税务局"]  # the first with a trailing space
    rows = []
    for i, dep in enumerate(names, start=1):
        code = f"{i:011d}ABC-429998000000-000-11429998MB{i:07d}X-1-00"
        rows.append([dep, f"测试事项{i}", code, "行政许可", "县级", "否", 20, 10])
        if code_column:
            rows[-1].append(f"11429998MB{i:07d}X")
    return rows


def test_departments_get_ids_a_reader_can_tell_apart_and_trimmed_spaces_are_named(county, tmp_path):
    sheet = write_xlsx(tmp_path / "c.xlsx", _three_departments(False))
    result = import_catalogue(sheet, county)
    project = load_project(county, use_cache=False)
    by_name = {d.name: d.code for d in project.departments.values()}
    assert (by_name["测试县水务局"], by_name["测试县商务局"], by_name["测试县税务局"]) == (
        "shuiwu",
        "shangwu",
        "tax",
    )
    assert (
        "去掉了1个单元格首尾的空格（如第3行第A列）" in result.note
    )  # Excel's row number (a title row first)


def test_the_catalogues_department_code_is_the_department_id(county, tmp_path):
    path = tmp_path / "c.csv"
    header = "部门,事项名称,事项编码,事项类型,办理层级,是否网办,法定时限,承诺时限,部门编码\n"
    lines = [",".join(str(c) for c in r) for r in _three_departments(True)]
    lines[1] = lines[1].replace("测试事项2", '"测试事项2\n（跨两行）"')  # a multi-line cell: rows start lines
    path.write_text(header + "\n".join(lines) + "\n", encoding="utf-8")
    result = import_catalogue(path, county)
    project = load_project(county, use_cache=False)
    assert {d.code for d in project.departments.values()} >= {f"11429998mb{i:07d}x" for i in (1, 2, 3)}
    assert "第2行第A列（CSV 的行号是文本行）" in result.note
    bad = path.read_text(encoding="utf-8").replace("行政许可", "不是类型", 3)
    path.write_text(bad, encoding="utf-8")
    with pytest.raises(StdkitError) as exc:
        import_catalogue(path, county)
    assert sorted(p.line for p in exc.value.problems) == [2, 3, 5]  # the line each row starts on

"""stdkit import reads guide elements (受理条件, 申请材料, 收费, 地点, 电话, 依据 …) in both layouts a
platform exports: the bundled county's complete guides, written out as a platform would, come back
element by element; header synonyms; a bad cell is named by sheet row and column; empty stays unknown."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

import pytest
from openpyxl import Workbook

from toolkit.core import guide as guide_rule
from toolkit.core.errors import StdkitError
from toolkit.core.load import load_project
from toolkit.core.models import ServiceItem
from toolkit.core.models.item import Material
from toolkit.onboarding import guide
from toolkit.onboarding.importer import import_catalogue
from toolkit.onboarding.scaffold import init_county

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ["部门", "事项名称", "事项编码", "事项类型"]
ELEMENTS = (
    "conditions",
    "materials",
    "fees",
    "legal_limit",
    "promised_limit",
    "visits",
    "phones",
    "location",
    "hours",
    "basis",
)


@cache
def bundled():
    project = load_project(ROOT, use_cache=False)
    items = sorted(project.items.values(), key=lambda i: i.code)
    complete = {i.code for i in items if guide_rule.complete(project, i)}
    return project, items, complete


def catalogue_cells(project, item: ServiceItem) -> list[str]:
    return [project.departments[item.department].name, item.name, item.code, item.type]


def write(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(["某县政务服务事项实施清单（导出）"])
    ws.append(header)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def one_row_per_item(path: Path) -> Path:
    project, items, complete = bundled()
    columns = list(guide.item_cells(items[0]))
    rows = []
    for item in items:
        cells = guide.item_cells(item) if item.code in complete else dict.fromkeys(columns, "")
        rows.append(catalogue_cells(project, item) + [cells[c] for c in columns])
    return write(path, CATALOGUE + columns, rows)


def one_row_per_material(path: Path) -> Path:
    project, items, complete = bundled()
    columns = [c for c in guide.item_cells(items[0]) if c != "申请材料"]
    material_columns = list(guide.material_cells(next(m for i in items for m in i.materials)))
    rows = []
    for item in items:
        if item.code not in complete:
            rows.append(catalogue_cells(project, item) + [""] * (len(columns) + len(material_columns)))
            continue
        cells = guide.item_cells(item)
        head = catalogue_cells(project, item) + [cells[c] for c in columns]
        for m in item.materials:
            mc = guide.material_cells(m)
            rows.append(head + [mc[c] for c in material_columns])
    return write(path, CATALOGUE + columns + material_columns, rows)


def elements_by_code(root: Path) -> dict[str, dict]:
    project = load_project(root, use_cache=False)
    return {
        i.code: {e: getattr(i, e) for e in ELEMENTS} | {"online": i.online.depth}
        for i in project.items.values()
    }


def snapshot(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".stdkit-cache" not in p.parts
    }


@pytest.mark.slow
@pytest.mark.parametrize("layout", [one_row_per_item, one_row_per_material])
def test_the_bundled_complete_guides_round_trip_through_a_platform_export(tmp_path, layout):
    _project, items, complete = bundled()
    assert len(complete) == 129
    root = tmp_path / "county"
    init_county(root, "测试县", "429998")
    sheet = layout(tmp_path / "export.xlsx")
    result = import_catalogue(sheet, root)
    assert len(result.created) == len(items)
    got = elements_by_code(root)
    want = {i.code: {e: getattr(i, e) for e in ELEMENTS} | {"online": i.online.depth} for i in items}
    for code in sorted(complete):
        for element in (*ELEMENTS, "online"):
            assert got[code][element] == want[code][element], (code, element)
    # the incomplete ones had empty cells: nothing became known
    empty = next(c for c in got if c not in complete)
    assert got[empty]["materials"] == [] and got[empty]["fees"] is None and got[empty]["phones"] is None
    before = snapshot(root)
    again = import_catalogue(sheet, root)
    assert again.written == [] and snapshot(root) == before


def test_material_lines_read_back_what_they_write():
    _project, items, complete = bundled()
    for m in (m for i in items if i.code in complete for m in i.materials):
        assert Material.model_validate(guide.material_from_line(guide.material_line(m))) == m


@pytest.mark.parametrize(
    ("line", "want"),
    [
        ("1. 居民身份证（原件1份；必要；申请人自备）", {"name": "居民身份证", "form": "原件", "copies": 1}),
        ("（2）营业执照（副本）", {"name": "营业执照（副本）"}),
        (
            "3、委托书（原件：1份；复印件：2份；非必要：委托他人办理的）",
            {"form": "原件和复印件", "copies": 2},
        ),
        ("户口簿（复印件1份；容缺；部门核发）", {"tolerated": True, "source": "政府部门核发"}),
        ("不动产权证书（电子证照；数据共享）", {"form": "电子证照", "shared": True}),
    ],
)
def test_material_lines_as_platforms_write_them(line, want):
    got = guide.material_from_line(guide.lines(line)[0])
    assert {k: got.get(k) for k in want} == want


def test_fees_keep_the_standard_as_written():
    got = guide.fees(
        {"是否收费": "是", "收费项目": "停车费\n工本费", "收费标准": "25元/月\n80元", "收费依据": "某文件"}
    )
    assert got == [
        {"name": "停车费", "standard": "25元/月", "amount_yuan": 25, "basis": "某文件"},
        {"name": "工本费", "amount_yuan": 80, "basis": "某文件"},
    ]
    assert guide.fees({"是否收费": "否"}) == []
    assert guide.fees({"收费标准": "不收费"}) == []
    assert guide.fees({"是否收费": ""}) is None


@pytest.fixture
def county(tmp_path) -> Path:
    root = tmp_path / "county"
    init_county(root, "测试县", "429998")
    return root


CODE = "00000000001ABC-429998000000-000-11429998MB0000001X-1-00"


@pytest.mark.parametrize(
    "header",
    [
        [
            "实施主体",
            "事项名称",
            "实施编码",
            "权力类型",
            "申请条件",
            "申请材料",
            "收费与否",
            "受理地点",
            "咨询方式",
            "投诉电话",
            "法律依据",
        ],
        [
            "部门",
            "名称",
            "编码",
            "类型",
            "办理条件",
            "材料清单",
            "是否收费",
            "办公地点",
            "联系电话",
            "监督电话",
            "实施依据",
        ],
    ],
)
def test_two_spellings_of_every_header_give_the_same_item(county, tmp_path, header):
    row = ["测试县民政局", "测试事项", CODE, "行政许可", "年满18周岁\n本县户籍", "1.身份证（原件1份；必要；申请人自备）",
           "否", "县政务服务中心2号窗口", "0826-2222222", "12345", "《某条例》第三条"]  # fmt: skip
    import_catalogue(write(tmp_path / "s.xlsx", header, [row]), county)
    item = next(iter(load_project(county, use_cache=False).items.values()))
    assert item.conditions == ["年满18周岁", "本县户籍"]
    assert [m.name for m in item.materials] == ["身份证"] and item.fees == []
    assert item.location == "县政务服务中心2号窗口" and item.phones is not None
    assert item.phones.consult == "0826-2222222" and item.basis == ["《某条例》第三条"]
    assert item.visits is None and item.promised_limit is None  # no column: unknown


def test_a_bad_cell_names_sheet_row_and_column_and_writes_nothing(county, tmp_path):
    header = [*CATALOGUE, "受理条件", "咨询电话", "监督投诉电话"]
    row = ["测试县民政局", "测试事项", CODE, "行政许可", "条件", "打这个电话", "12345"]
    before = snapshot(county)
    with pytest.raises(StdkitError) as err:
        import_catalogue(write(tmp_path / "s.xlsx", header, [row]), county)
    p = err.value.problems[0]
    assert (p.line, p.column) == (3, 6) and "咨询电话" in p.message and "打这个电话" in p.message
    assert snapshot(county) == before


def test_an_empty_cell_leaves_a_known_element_as_it_was(county, tmp_path):
    header = [*CATALOGUE, "受理条件", "办理时间"]
    import_catalogue(
        write(
            tmp_path / "a.xlsx", header, [["测试县民政局", "测试事项", CODE, "行政许可", "条件一", "工作日"]]
        ),
        county,
    )
    import_catalogue(
        write(tmp_path / "b.xlsx", header, [["测试县民政局", "测试事项", CODE, "行政许可", "", "全天"]]),
        county,
    )
    item = next(iter(load_project(county, use_cache=False).items.values()))
    assert item.conditions == ["条件一"] and item.hours == "全天"


@pytest.mark.parametrize(
    ("audience_word", "result_word"), [("服务对象", "办理结果名称"), ("行使对象", "审批结果名称")]
)
def test_audience_and_result_name_from_either_spelling(county, tmp_path, audience_word, result_word):
    header = [*CATALOGUE, audience_word, result_word]
    row = ["测试县民政局", "测试事项", CODE, "行政许可", "自然人、企业法人", "《准予许可决定书》"]
    import_catalogue(write(tmp_path / "s.xlsx", header, [row]), county)
    item = next(iter(load_project(county, use_cache=False).items.values()))
    assert item.audience == ["自然人", "企业法人"] and item.result_name == "《准予许可决定书》"
    cells = guide.item_cells(item)
    assert (cells["服务对象"], cells["办理结果名称"]) == ("自然人\n企业法人", "《准予许可决定书》")
    # an empty cell leaves them as they were; a second import of the same sheet writes nothing
    empty = write(tmp_path / "e.xlsx", header, [[*row[:4], "", ""]])
    assert import_catalogue(empty, county).written == []
    assert guide.audience("自然人\n个体工商户、农民专业合作社") == ["自然人", "个体工商户、农民专业合作社"]

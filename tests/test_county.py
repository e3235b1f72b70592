"""Any county, with a real catalogue: 广安区 (Sichuan, 1,135 items as its provincial platform publishes
them, tests/fixtures/catalogues/guangan.*, unedited) imports whole from xlsx and csv, messy copies of it
import to the same items, `check` after init + import tells the truth, and the county's own site_url is
the only address in its QR codes, ledger and pages."""

from __future__ import annotations

import csv
import hashlib
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from openpyxl import Workbook, load_workbook

from toolkit.core.errors import StdkitError
from toolkit.core.load import load_project
from toolkit.onboarding.importer import import_catalogue
from toolkit.onboarding.scaffold import init_county

CATALOGUES = Path(__file__).parent / "fixtures" / "catalogues"
XLSX, CSV = CATALOGUES / "guangan.xlsx", CATALOGUES / "guangan.csv"
GUANGAN = {"name": "广安区", "division": "511602", "prefecture": "广安市", "province": "四川省"}
SITE = "https://zwfw.gaq.example.cn/"


def spreadsheet_rows() -> list[list[str]]:
    """The catalogue's rows exactly as the spreadsheet holds them (header first)."""
    ws = load_workbook(XLSX).worksheets[0]
    return [["" if v is None else str(v) for v in row] for row in ws.iter_rows(values_only=True)]


def snapshot(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def new_county(path: Path, site_url: str | None = SITE) -> Path:
    init_county(path, **GUANGAN, site_url=site_url)
    return path


def items_of(root: Path) -> dict[str, tuple[str, str, str]]:
    """事项编码 -> (name, type, department name) of every imported item."""
    project = load_project(root, use_cache=False)
    return {
        i.code: (i.name, i.type, project.departments[i.department].name)
        for i in project.items.values()
        if i.id != "zwj-example"
    }


@pytest.fixture(scope="module")
def imported(tmp_path_factory) -> Path:
    root = new_county(tmp_path_factory.mktemp("guangan") / "county")
    import_catalogue(XLSX, root)
    return root


def test_the_fixture_is_the_shared_catalogue_unedited():
    shared = Path("/work/shared/data")
    if shared.is_dir():
        for f in (XLSX, CSV):
            assert f.read_bytes() == (shared / f.name).read_bytes()
    header, *rows = spreadsheet_rows()
    assert header == ["部门", "事项名称", "事项编码", "事项类型"] and len(rows) == 1135


def test_real_catalogue_imports_whole_with_names_and_codes_as_written(imported):
    _, *rows = spreadsheet_rows()
    got = items_of(imported)
    assert len(got) == 1135
    assert {code: (name, dep) for code, (name, _t, dep) in got.items()} == {
        code: (name, dep) for dep, name, code, _ in rows
    }
    assert sum(1 for name, *_ in got.values() if "（" in name) == sum(1 for r in rows if "（" in r[1])
    project = load_project(imported, use_cache=False)
    assert len({d.department for d in project.items.values()}) == 35  # 34 + the init example's
    codes = {d.code for d in project.departments.values()}
    assert {"gafj", "rsj", "jxj", "qwb"} <= codes  # pinyin initials of the short names
    assert {"shuiwu", "shangwu", "tax"} <= codes and not {"swj", "swj2", "swj3"} & codes  # the naming table
    assert project.departments["gafj"].short_name == "公安分局"
    types = {i.type for i in project.items.values()}
    assert {"行政许可", "公共服务", "其他行政权力", "行政确认", "行政给付", "行政裁决", "行政奖励"} <= types
    item = next(i for i in project.items.values() if i.code.startswith("G-000007"))
    assert item.code_parts.base == "G-000007-001" and item.code_parts.division == "511602"


def test_the_readme_progress_figures_are_computed_from_the_real_catalogue(imported):
    """README “为本县使用” 3c quotes the progress of the 1,135 imported items: the figures are the rule's."""
    from toolkit.core import guide

    progress = guide.progress(load_project(imported, use_cache=False))
    top = progress[0]
    complete, incomplete = sum(p.complete for p in progress), sum(p.incomplete for p in progress)
    assert complete + incomplete == 1135
    readme = "".join((Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8").split())
    assert (
        f"{len(progress)}个部门、完整{complete}项、不完整{incomplete:,}项，{top.name}{top.total}项最多"
        in readme
    )
    named = ("受理条件", "申请材料", "收费", "承诺时限", "咨询电话")  # the README's list of what it lacks
    assert f"缺{'、'.join(named)}等" in readme and all(dict(top.missing)[e] == top.total for e in named)


def test_dashboard_shows_no_before_after_figures_the_county_never_recorded(imported):
    # 广安区 has no pre-reform records: its department rows must not claim "0→0" materials, steps, days.
    from toolkit.site import dashboard

    page = dict(dashboard.files(load_project(imported, use_cache=False)))[dashboard.MD]
    assert "暂无改革前记录" in page
    rows = [line for line in page.splitlines() if line.startswith("| [") and "](../departments/" in line]
    assert len(rows) == 35, len(rows)
    assert not [r for r in rows if "→" in r], rows[:3]
    assert all(r.rstrip(" |").endswith("| — | — | — | —") for r in rows), rows[:3]


def test_everyday_words_find_the_same_services_under_the_county_s_own_names(imported):
    # Citizens say 低保, 残疾证, 身份证 in 广安区 too; its platform names the services slightly differently.
    from toolkit.site import search

    aka = {row[1]: row[3] for row in search.entries(load_project(imported, use_cache=False))}
    assert "低保" in aka["最低生活保障"]
    assert "残疾证" in aka["残疾人证新办"]
    assert "身份证" in aka["居民身份证办理（包括临时）"]
    assert "发票" in aka["发票领用(县级行使）"]
    assert aka["法律援助补贴发放"] == [] and aka["人民调解员补贴发放"] == []  # only the same service


def test_everyday_names_of_the_bundled_data_are_exactly_the_listed_ones(root):
    from toolkit.site import search

    listed = search._everyday()
    project = load_project(root)
    for name in [i.name for i in project.items.values()] + [b.name for b in project.bundles.values()]:
        assert search.everyday_names(name) == list(listed.get(name, ())), name


def test_venues_page_names_the_theme_zones_the_centre_has(tmp_path, root):
    from toolkit.site.venues import venues_index

    assert "另设公安、税务主题专区" in venues_index(load_project(root))
    county = new_county(tmp_path / "c")
    centre = county / "items" / "network" / "county-centre.yaml"
    text = centre.read_text(encoding="utf-8").split("special_zones:")[0]
    text = text.replace("example: [hours, hall, special_zones]", "example: [hours, hall]")  # zones confirmed
    centre.write_text(
        text + "special_zones:\n  - {counter: 税务专区, name: 税务主题专区, windows: 2}\n", "utf-8"
    )
    assert "另设税务主题专区。" in venues_index(load_project(county, use_cache=False))
    centre.write_text(text, "utf-8")  # a centre without theme zones
    page = venues_index(load_project(county, use_cache=False))
    assert "主题专区" not in page and "综合服务大厅无差别受理。" in page


def test_every_imported_file_reads_back_and_reimport_changes_nothing(imported, tmp_path):
    for path in (imported / "items/services").rglob("*.yaml"):
        if path.name == "zwj-example.yaml":
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert set(data) >= {"id", "code", "name", "type", "department"}
        assert "fees" not in data and "online" not in data  # not in the catalogue: not invented
    before = snapshot(imported)
    again = import_catalogue(XLSX, imported)
    assert again.written == [] and len(again.unchanged) == 1135
    from_csv = import_catalogue(CSV, imported)
    assert from_csv.written == [] and len(from_csv.unchanged) == 1135
    assert snapshot(imported) == before


def test_summary_counts_rows_types_and_code_shapes(tmp_path):
    result = import_catalogue(CSV, new_county(tmp_path / "c"))
    text = "\n".join(result.summary())
    assert result.rows_read == 1135 and len(result.created) == 1135
    assert "读取数据行 1135 行" in text and "行政许可 536" in text and "公共服务 348" in text
    assert sum(result.shapes.values()) == 1135 and "无法使用的行 0 行" in text


def messy_workbook(path: Path, *, second_sheet: bool, breaks: bool) -> Path:
    """The catalogue as a county office might hand it over: a merged title row, other header words in
    another order, an extra column, blank rows, line breaks typed into cells, on a second sheet."""
    _, *rows = spreadsheet_rows()
    wb = Workbook()
    ws = wb.active
    if second_sheet:
        ws.title = "说明"
        ws.append(["本表由区政务服务中心整理"])
        ws = wb.create_sheet("事项清单")
    ws.append(["广安区政务服务事项目录（2024年版）"])
    ws.merge_cells("A1:F1")
    ws.append([])
    ws.append(["序号", "事项", "实施编码", "权力类型", "实施主体", "备注"])
    for n, (dep, name, code, kind) in enumerate(rows, start=1):
        if breaks and n % 7 == 0:
            name = name[:3] + "\n" + name[3:]
        if breaks and n % 11 == 0:
            dep = dep + "\r\n"
        ws.append([n, name, code, int(kind), dep, "无"])
        if n % 100 == 0:
            ws.append([])
    wb.save(path)
    return path


@pytest.mark.parametrize("second_sheet, breaks", [(False, True), (True, False)])
def test_messy_copies_import_to_the_same_items(imported, tmp_path, second_sheet, breaks):
    sheet = messy_workbook(tmp_path / "messy.xlsx", second_sheet=second_sheet, breaks=breaks)
    root = new_county(tmp_path / "c")
    result = import_catalogue(sheet, root)
    assert items_of(root) == items_of(imported)
    if breaks:
        rows_changed = {row for row, why in result.changed if "换行" in why}
        assert len(rows_changed) == 1135 // 7 + 1135 // 11 - 1135 // 77
    if second_sheet:
        assert "事项清单" in result.note


def test_sheet_option_chooses_the_sheet(tmp_path):
    sheet = messy_workbook(tmp_path / "messy.xlsx", second_sheet=True, breaks=False)
    root = new_county(tmp_path / "c")
    with pytest.raises(StdkitError) as exc:
        import_catalogue(sheet, root, sheet_name="说明")
    assert "缺少必需的列" in str(exc.value) or "找不到表头" in str(exc.value)
    with pytest.raises(StdkitError) as exc:
        import_catalogue(sheet, root, sheet_name="没有这张表")
    assert "现有工作表：说明、事项清单" in exc.value.problems[0].hint
    assert len(import_catalogue(sheet, root, sheet_name="事项清单").created) == 1135


def test_own_messy_cases(tmp_path):
    """Full-width type codes and type words, spaces around values, a repeated row, a code of an unknown
    shape, zero-width marks: all imported (the repeated row merged), each change listed."""
    path = tmp_path / "own.csv"
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["办理部门", "事项名称 ", "事项代码", "事项类别"])
        w.writerow(
            [
                "区民政局",
                "临时救助（急难型）",
                "511A0000100001-511602000000-000-11511301008778183N-1-00",
                "５",
            ]
        )
        w.writerow(["区民政局", " 低保审核\u200b ", "LOCAL-0001", "行政确认"])
        w.writerow(["区民政局", " 低保审核\u200b ", "LOCAL-0001", "行政确认"])
        w.writerow(["区水务局", "取水许可", "511A0000100002", "许可"])
        w.writerow(["区水务局", "水行政检查", "511F0000100003", "6"])  # a type Jianshi never had
    root = new_county(tmp_path / "c")
    result = import_catalogue(path, root)
    got = items_of(root)
    assert got["LOCAL-0001"] == ("低保审核", "行政确认", "区民政局")
    assert got["511A0000100002"][1] == "行政许可"
    assert got["511A0000100001-511602000000-000-11511301008778183N-1-00"][:2] == (
        "临时救助（急难型）",
        "行政给付",
    )
    assert [p.line for p in result.skipped] == [4] and result.skipped[0].severity == "warning"
    assert result.shapes == {"implementation": 1, "other": 1, "basic": 2}
    assert got["511F0000100003"][1] == "行政检查"
    assert any("不可见字符" in why for _, why in result.changed)


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", "from toolkit.cli import main; main()", *args],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


@pytest.mark.slow  # init, import of 1,135 items and check, each a process: over the fast subset's CPU budget
def test_check_after_init_and_import_exits_1_listing_the_placeholders(tmp_path):
    root = tmp_path / "c"
    r = run("init", str(root), "--name", "广安区", "--province", "四川省", "--division-code", "511602")
    assert r.returncode == 0, r.stderr
    assert run("import", str(CSV), "--into", str(root)).returncode == 0
    r = run("check", str(root), "--out", str(tmp_path / "report"))
    assert r.returncode == 1 and "Traceback" not in r.stderr
    out = r.stdout
    for where in (
        "items/network/townships.yaml:7",  # town: 示例镇
        "items/services/zwj/zwj-example.yaml:5",  # the sample item
        "items/lifecycle.yaml:11",  # the template life cycle
        "items/network/county-centre.yaml:5",  # no address
        "mkdocs.yml:",  # no site_url
    ):
        assert where in out, where
    assert (
        "1136个事项（共1136个）只有目录信息" in out
    )  # 8.3 counts the incomplete guides (init's example too)
    assert "online: {depth: 全程网办, platforms: [四川政务服务网]}" in out  # the YAML to add


NETWORK_REQUIREMENTS = (  # those checked from the data (6.1's layout and windows are checked on site)
    "general-coverage",
    "township-any-window",
    "village-station-one",
    "village-item-list",
)


def test_the_example_town_and_village_never_make_a_requirement_met(tmp_path):
    # After init the network is stdkit's 示例镇/示例村: nothing about the county's own network is known yet.
    from toolkit.conformance.runner import PASS, check_folder

    root = new_county(tmp_path / "c")
    status = {r.requirement.id: r.status for r in check_folder(root).rows}
    assert not [r for r in NETWORK_REQUIREMENTS if status[r] == PASS], status
    # the county writes its real town and village (and lists): the same checks now pass
    network = root / "items" / "network"
    for name in ("townships.yaml", "villages.yaml", "township-items.yaml", "village-items.yaml"):
        path = network / name
        text = path.read_text(encoding="utf-8").replace("example-town", "xiqiao").replace("示例村", "石桥村")
        text = text.replace("示例镇", "溪桥镇").replace("- zwj-example", "- zwj-consult")
        path.write_text(text.replace("example: true", "example: false"), "utf-8")  # the county confirms them
    item = root / "items" / "services" / "zwj" / "zwj-example.yaml"
    text = (
        item.read_text(encoding="utf-8")
        .replace("zwj-example", "zwj-consult")
        .replace("example: true", "example: false")
    )
    (item.parent / "zwj-consult.yaml").write_text(text.replace("政务服务咨询", "政务服务办事咨询"), "utf-8")
    item.unlink()
    lifecycle = root / "items" / "lifecycle.yaml"
    lifecycle.write_text(lifecycle.read_text(encoding="utf-8").replace("zwj-example", "zwj-consult"), "utf-8")
    status = {r.requirement.id: r.status for r in check_folder(root).rows}
    assert all(status[r] == PASS for r in NETWORK_REQUIREMENTS), status


def test_default_init_is_reported_as_placeholders(tmp_path):
    root = tmp_path / "c"
    r = run("init", str(root))  # no default division code: the province's own (420000) once collided
    assert r.returncode == 1 and "--division-code" in r.stderr and not root.exists()
    assert run("init", str(root), "--division-code", "429006").returncode == 0
    r = run("check", str(root), "--out", str(tmp_path / "report"))
    assert r.returncode == 1
    assert "天门市" in (root / "items/county.yaml").read_text(encoding="utf-8")  # the name from the code
    assert "（请填写市州）" not in r.stdout  # 天门市 is under the province directly


def test_init_refuses_a_division_of_another_province_and_a_foreign_site(tmp_path):
    with pytest.raises(StdkitError, match="不属于四川省"):
        init_county(tmp_path / "a", "广安区", "422822", "广安市", "四川省")
    with pytest.raises(StdkitError, match="是西藏自治区城关区的代码"):
        init_county(tmp_path / "b", "某县", "540102", "拉萨市", "西藏自治区")
    with pytest.raises(StdkitError, match="建始县"):
        init_county(tmp_path / "c", **GUANGAN, site_url="https://zw.jianshi.gov.cn/")
    with pytest.raises(StdkitError, match="http"):
        init_county(tmp_path / "d", **GUANGAN, site_url="javascript:alert(1)")


def small_real_county(root: Path, rows: int, site_url: str | None) -> Path:
    """The first rows of the real catalogue imported into a new county (a build of all 1,135 is timed in
    the README; the tests keep to a slice)."""
    header, *data = spreadsheet_rows()
    sheet = root.parent / f"{root.name}.csv"
    with open(sheet, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([header, *data[:rows]])
    new_county(root, site_url)
    import_catalogue(sheet, root)
    return root


@pytest.mark.slow
def test_build_without_a_site_url_says_what_to_do_and_makes_no_qr_code(tmp_path):
    from toolkit import build

    root = small_real_county(tmp_path / "c", 20, None)
    with pytest.raises(StdkitError) as exc:
        build.build(root, tmp_path / "out", pdf=False)
    p = exc.value.problems[0]
    assert p.code == "site-url-missing" and p.file.endswith("mkdocs.yml") and p.line == 7
    assert "site_url:" in p.hint and "--site-url" in p.hint
    assert not (tmp_path / "out").exists()
    (root / "mkdocs.yml").write_text("site_url: https://zw.jianshi.gov.cn/\n", encoding="utf-8")
    with pytest.raises(StdkitError) as exc:
        build.build(root, tmp_path / "out", pdf=False)
    assert exc.value.problems[0].code == "site-url-foreign" and "建始县" in exc.value.problems[0].message
    assert not (tmp_path / "out").exists()


def test_own_site_url_is_the_only_address_in_codes_ledger_and_pages(tmp_path, browser):
    import base64
    import re

    from test_qr import RASTERISE, _decode

    from toolkit import build
    from toolkit.site import ledger

    root = small_real_county(tmp_path / "c", 40, SITE)
    with open(root / "items/departments.yaml", "a", encoding="utf-8") as fh:  # a department without items
        fh.write("- code: kbm\n  name: 区空部门\n  short_name: 空部门\n")
    out = tmp_path / "out"
    result = build.build(root, out, pdf=False, issue=True)
    manifest = result.manifest
    assert manifest["site_url"] == SITE and len(manifest["qr"]) == 41
    entries = ledger.read(root)
    assert len(entries) == 41 and all(e.url == SITE + f"g/{e.id}/" for e in entries)
    page = browser.new_page()
    for entry in manifest["qr"]:
        svg = (out / entry["file"]).read_text(encoding="utf-8")
        size = int(re.search(r'viewBox="0 0 (\d+) ', svg).group(1)) * 6
        src = "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
        grey = base64.b64decode(page.evaluate(RASTERISE, [src, size]))
        assert _decode(grey, size) == [SITE + f"g/{entry['id']}/"], entry["id"]
    page.close()
    absolute = set()
    for html in out.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        assert "jianshi" not in text
        absolute |= set(re.findall(r"https?://[^\s\"'<>)]+", text))
    ours = {u for u in absolute if u.startswith(SITE)}
    assert any("/g/" in u for u in ours)
    assert not {u for u in absolute - ours if "gov.cn" in u or "/g/" in u}
    project = load_project(root)
    assert {d.name for d in (out / "departments").iterdir()} == {i.department for i in project.items.values()}
    assert "kbm" in project.departments and not (out / "departments/kbm").exists()
    some = next(i for i in project.items.values() if i.id != "zwj-example")
    text = re.sub(r"<[^>]+>", "", (out / "items" / some.id / "index.html").read_text(encoding="utf-8"))
    assert "收费：待补充" in text and "网上办理：待补充" in text and "不收费" not in text


@pytest.mark.slow
def test_a_later_fix_after_issuing_builds_cleanly(tmp_path):
    from toolkit import build

    root = small_real_county(tmp_path / "c", 30, SITE)
    build.build(root, tmp_path / "out", pdf=False, issue=True)
    # the county fixes its catalogue (a name) and re-imports, then fills in a fee: no ledger error
    header, *data = spreadsheet_rows()
    name = header.index("事项名称")
    data[0][name] = data[0][name] + "（更正）"
    sheet = tmp_path / "fixed.csv"
    with open(sheet, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([header, *data[:30]])
    assert len(import_catalogue(sheet, root).updated) == 1
    assert build.build(root, tmp_path / "out", pdf=False).manifest["items"] == 31
    # a changed address after issuing: one error that says what to do, not one per code
    (root / "mkdocs.yml").write_text(f"site_url: {SITE}new/\n", encoding="utf-8")
    with pytest.raises(StdkitError) as exc:
        build.build(root, tmp_path / "out", pdf=False)
    assert len(exc.value.problems) == 1 and "31 个网址" in exc.value.problems[0].message
    assert "qr-ledger.csv" in exc.value.problems[0].hint


def test_implementation_codes_are_chosen_over_basic_codes_and_a_total_row_is_skipped(tmp_path):
    _, *rows = spreadsheet_rows()
    wb = Workbook()
    ws = wb.active
    ws.append(["部门", "事项名称", "基本编码", "实施编码", "事项类型"])
    for dep, name, code, kind in rows:
        ws.append([dep, name, code.split("-")[0], code, kind])
    ws.append(["合计", f"{len(rows)}项", "", "", ""])
    sheet = tmp_path / "two-codes.xlsx"
    wb.save(sheet)
    root = new_county(tmp_path / "county")
    result = import_catalogue(sheet, root)
    assert "事项编码取实施编码" in result.note and "基本编码另存于 basic_code" in result.note
    (total,) = [p for p in result.skipped if "合计" in p.message]
    assert total.severity == "warning" and total.line == len(rows) + 2
    project = load_project(root, use_cache=False)
    got = {i.code: i.basic_code for i in project.items.values() if i.id != "zwj-example"}
    assert got == {code: code.split("-")[0] for _, _, code, _ in rows}
    # --code-column names the column to take instead
    other = new_county(tmp_path / "other")
    again = import_catalogue(sheet, other, code_column="实施编码")
    assert "--code-column" in again.note and len(again.created) == len(rows)


def test_a_district_is_called_a_district_in_generated_text(imported):
    from toolkit.core.divisions import kind
    from toolkit.site import venues

    assert [kind(n) for n in ("广安区", "建始县", "恩施市", "神农架林区", "六枝特区", "鄂温克族自治旗", "长阳土家族自治县")] == [
        "区", "县", "市", "林区", "特区", "旗", "县"
    ]  # fmt: skip
    project = load_project(imported, use_cache=False)
    titles = [v.title for v in venues.venues(project)]
    assert any(t.startswith("全区") for t in titles) and not any("全县" in t for t in titles), titles
    page = venues.venues_index(project)
    assert "全区" in page and "全县" not in page

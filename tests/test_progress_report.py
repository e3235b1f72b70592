"""Progress per department in stdkit check's report: complete / incomplete guides (core/guide.py's rule)
and which elements the incomplete ones lack; added to the report, not a check rule."""

from __future__ import annotations

from pathlib import Path

from toolkit.conformance.reports import render_html, render_text
from toolkit.conformance.runner import check_folder
from toolkit.core import guide
from toolkit.onboarding.importer import import_catalogue
from toolkit.onboarding.scaffold import init_county

CATALOGUE = Path(__file__).parent / "fixtures" / "catalogues" / "good.csv"


def test_the_report_lists_each_departments_guides_and_missing_elements(tmp_path):
    root = tmp_path / "county"
    init_county(root, "测试县", "429998")
    import_catalogue(CATALOGUE, root)
    report = check_folder(root)
    by_code = {p.code: p for p in report.progress}
    assert set(by_code) == {"scjgj", "mzj", "shuiwu"}  # init's example item is not counted
    water = by_code["shuiwu"]
    assert (water.complete, water.incomplete) == (0, 1)
    assert dict(water.missing)["受理条件"] == 1 and dict(water.missing)["申请材料"] == 1
    project_items = sum(p.total for p in report.progress)
    assert project_items == 3
    text = render_text(report)
    assert "办事指南进度（按部门）：完整 0 项，不完整 3 项，共 3 项" in text
    assert "水务局（shuiwu）：完整 0，不完整 1；缺：" in text and "受理条件 1" in text
    assert "办事指南进度（按部门）" in render_html(report) and "水务局（shuiwu）" in render_html(report)
    # the same rule as every other output
    assert all(isinstance(p, guide.DepartmentProgress) for p in report.progress)


def test_the_staff_section_has_the_progress_page(tmp_path):
    from toolkit.core.load import load_project
    from toolkit.paperwork import web
    from toolkit.site.registry import hidden

    root = tmp_path / "county"
    init_county(root, "测试县", "429998")
    import_catalogue(CATALOGUE, root)
    pages = dict(web.pages(load_project(root, use_cache=False), "", pdf=False))
    page = pages["staff/progress.md"]
    assert "完整 0 项，不完整 3 项，共 3 项" in page
    assert "| [水务局](shuiwu.md) | 0 | 1 |" in page and "受理条件 1" in page
    assert "staff/shuiwu.md" in pages and "(progress.md)" in pages["staff/index.md"]
    assert "/staff/" in hidden()  # kept out of the citizens' menu

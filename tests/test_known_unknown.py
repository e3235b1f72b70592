"""Known, unknown or example (issue #25): a fact the county did not give, or that stdkit init wrote as an
example, is never stated as a fact — not by the model, the guide rule, nor `stdkit check`."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from docx import Document

from toolkit.conformance import PASS
from toolkit.conformance.runner import check_folder
from toolkit.core import guide
from toolkit.core.errors import StdkitError
from toolkit.core.load import load_project
from toolkit.office import docx_writer
from toolkit.office import model as om
from toolkit.onboarding.scaffold import init_county
from toolkit.paperwork import facts, notice

ROOT = Path(__file__).resolve().parent.parent
SHILI = ROOT / "examples" / "shili"


@pytest.fixture
def fresh(tmp_path) -> Path:
    root = tmp_path / "county"
    init_county(root, "测试县", "420522", site_url="https://zw.ceshi.example.cn/")
    return root


def test_an_init_only_county_has_no_pass(fresh):
    report = check_folder(fresh)
    passed = [
        (row.requirement.number, f.message) for row in report.rows for f in row.findings if f.status == PASS
    ]
    assert passed == []
    assert report.totals()[PASS] == 0


def test_init_examples_read_as_unknown(fresh):
    project = load_project(fresh)
    item = project.items["zwj-example"]
    assert item.is_example() and item.fees is None and not item.online_known
    assert "收费" in guide.gaps(project, item) and not guide.complete(project, item)
    assert project.centre.hours is None and project.centre.is_example("hall")
    assert guide.where(project, item).hours is None
    assert all(t.is_example() for t in project.teams)
    assert {t.kind for t in project.teams} == {"县级志愿服务队", "社区便民服务队", "农村便民服务队"}
    assert not any("店小二" in t.name or "帮帮团" in t.name for t in project.teams)


def test_confirming_an_example_makes_it_a_fact(fresh):
    path = fresh / "items" / "network" / "county-centre.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("example: [hours, hall, special_zones]", "example: [special_zones]"), "utf-8"
    )
    project = load_project(fresh)
    assert project.centre.hours == "工作日 8:30—12:00，14:30—17:30"
    assert not project.centre.is_example("hall") and project.centre.is_example("special_zones")
    statuses = {
        f.status for row in check_folder(fresh).rows for f in row.findings if "4区4窗4岗2台" in f.message
    }
    assert statuses == {PASS}


def test_an_unknown_example_field_is_a_located_error(fresh):
    path = fresh / "items" / "network" / "county-centre.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("example: [hours, hall, special_zones]", "example: [hours, hal]"), "utf-8")
    with pytest.raises(StdkitError) as err:
        load_project(fresh)
    problem = err.value.problems[0]
    assert problem.file.endswith("county-centre.yaml") and problem.line > 1
    assert "example 只能写 true" in problem.message


def test_every_pass_names_the_data_it_rests_on():
    report = check_folder(SHILI)
    passes = [f for row in report.rows for f in row.findings if f.status == PASS]
    assert passes
    assert [f.message for f in passes if not f.locations] == []


def test_notice_of_an_unknown_prints_blanks_not_facts(fresh):
    """The init example item (all facts examples, so unknown): its notice is the window version."""
    project = load_project(fresh)
    item = project.items["zwj-example"]
    assert facts.fees(item) is None and facts.online(item) is None
    assert "收费待补充" in facts.limits_and_fees(item)
    when = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    model = notice.item_notice(project, item, "https://x.cn/")
    doc = Document(io.BytesIO(docx_writer.to_docx(model, when)))
    word_text = "".join(c.text for t in doc.tables for r in t.rows for c in r.cells) + "".join(
        p.text for p in doc.paragraphs
    )
    # the model's words are what both writers print (the Word file here, the Typst PDF the same blocks)
    for text in ("".join(om.texts(model.blocks)), word_text):
        assert notice.WINDOW_TITLE in text and notice.BLANK in text
        for word in ("不收费", "None", "待补充", "窗口不再另行要求", "8:30"):
            assert word not in text, word


def test_an_example_venue_is_marked_wherever_it_is_named(fresh):
    """init's 示例镇 and 示例村 (example: true) are printed with 示例 in the site's venue pages and the
    printed lists; a station whose phone only is an example keeps its plain name."""
    from toolkit.site import venues

    project = load_project(fresh)
    mark = venues.EXAMPLE_MARK
    listed = {v.id: v.title for v in venues.venues(project)}
    assert listed["example-town"] == "示例镇便民服务中心" + mark
    by_id = {v.id: v for v in venues.venues(project)}
    page = venues.township_page(project, "example-town", by_id["example-town"], has_pdf=False)
    assert f"# 示例镇便民服务中心{mark}" in page
    gid = venues.village_group_id("example-town")
    villages = venues.villages_page(project, "example-town", by_id[gid], has_pdf=False)
    assert (
        f"示例镇各村（社区）便民服务站{mark}" in villages and f"{mark} | 村 |" in villages
    )  # the station row
    assert f"示例镇便民服务中心{mark}" in venues.venues_index(project)
    station = project.villages["example-town-001"].model_copy(update={"example": ["phone"]})
    assert venues.shown(station.name, station) == station.name

"""Reported figures (items/county.yaml `reported`) beside computed ones: equal for the bundled Jianshi data,
and a located Chinese error as soon as the data and the report disagree."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from toolkit.cli import app
from toolkit.core.load import load_project
from toolkit.site import dashboard

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()

# The report's figures (../shared/seeds/), as `stdkit stats --format json` must show them.
REPORT = {
    "reported.visiting_counties": 81,
    "clearing.departments": 34,
    "clearing.items_before": 1808,
    "clearing.items_reduced": 267,
    "evaluation.satisfaction_percent": 99.99,
    "reported.catalogue.items": 1341,
    "reported.catalogue.departments_in_hall": 32,
    "reported.catalogue.flowcharts": 1341,
    "reported.catalogue.township_items": 328,
    "reported.catalogue.township_stations": 21,
    "reported.catalogue.village_items": 97,
    "reported.catalogue.devolved": 60,
    "reported.catalogue.forwarded": 115,
    "reported.catalogue.forwarded_to_village": 43,
    "reported.catalogue.assisted_online": 47,
    "reported.catalogue.townships": 10,
    "reported.catalogue.village_stations": 405,
    "reported.reduction.materials": 3891,
    "reported.reduction.steps": 1806,
    "reported.reduction.days": 26945,
    "reported.reengineering.steps.removed": 128,
    "reported.reengineering.steps.percent": 82,
    "reported.reengineering.materials.removed": 225,
    "reported.reengineering.materials.percent": 71,
    "reported.reengineering.days.removed": 247,
    "reported.reengineering.days.percent": 71,
    "reported.reengineering.visits.removed": 83,
    "reported.reengineering.visits.percent": 80,
    "reported.reengineering.fees_yuan.removed": 1960000,
    "reported.cases[0].required": 7,
    "reported.cases[0].optional": 6,
    "reported.cases[0].before.visits": 13,
    "reported.cases[0].before.time": "至少1周",
    "reported.cases[0].after.time": "30分钟",
    "reported.cases[1].before.time": "2个工作日",
    "reported.cases[1].after.time": "20分钟",
    "teams[0].record.person_times": 4118,
    "teams[1].record.person_times": 537,
    "teams[2].record.cases": 17600,
}


@pytest.fixture(scope="module")
def stats_json() -> dict:
    result = runner.invoke(app, ["stats", str(ROOT), "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_stats_json_shows_each_reported_figure_beside_the_computed_one(stats_json):
    rows = {r["field"]: r for r in stats_json["reported"]}
    for field, value in REPORT.items():
        assert rows[field]["reported"] == value, field
    compared = [r for r in stats_json["reported"] if r["computed"] is not None]
    assert len(compared) >= 30
    for r in compared:
        assert r["computed"] == r["reported"] and r["equal"] is True, r
    assert rows["teams[0].record.cases"]["reported_text"] == "4000余件"
    assert rows["reported.reengineering.fees_yuan.removed"]["wording"] == "近200万元"
    assert 1_900_000 <= stats_json["reengineering"]["fees_yuan"]["removed"] <= 2_000_000
    assert rows["reported.reduction.steps"]["source"].startswith("items/county.yaml:")


def test_reengineering_covers_the_38_lifecycle_entries(stats_json):
    r = stats_json["reengineering"]
    assert (r["entries"], r["bundles"]) == (38, 8)
    for key, removed, pct in (
        ("steps", 128, 82),
        ("materials", 225, 71),
        ("days", 247, 71),
        ("visits", 83, 80),
    ):
        f = r[key]
        assert f["before"] - f["after"] == removed == f["removed"]
        assert round((f["before"] - f["after"]) * 100 / f["before"]) == pct


def test_text_report_lists_reported_figures():
    result = runner.invoke(app, ["stats", str(ROOT)])
    assert result.exit_code == 0
    assert "清减降：减材料：报道 3891件，一致" in result.output
    assert "帮帮团志愿服务：报道 18200余人次" in result.output


@pytest.fixture
def jianshi_copy(tmp_path) -> Path:
    dst = tmp_path / "jianshi"
    for part in ("items", "flowcharts"):
        shutil.copytree(ROOT / part, dst / part)
    return dst


def _line_of(path: Path, text: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.strip().startswith(text))


def test_one_item_before_value_changed_fails_with_file_and_line(jianshi_copy):
    item = jianshi_copy / "items/services/gaj/ga-lgtx.yaml"
    data = yaml.safe_load(item.read_text(encoding="utf-8"))
    text = item.read_text(encoding="utf-8").replace(
        f"  steps: {data['reform']['steps']}\n", f"  steps: {data['reform']['steps'] + 1}\n"
    )
    item.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["validate", str(jianshi_copy)])
    assert result.exit_code == 1
    line = _line_of(jianshi_copy / "items/county.yaml", "steps: 1806")
    assert f"items/county.yaml:{line}:" in result.output
    assert "reported.reduction.steps" in result.output
    assert "压减办理环节：报道为1806个，由数据计算为1807个" in result.output
    assert "Traceback" not in result.output


def test_lifecycle_entry_change_fails_on_the_reported_percentage(jianshi_copy):
    path = jianshi_copy / "items/lifecycle.yaml"
    text = path.read_text(encoding="utf-8")
    old = "after: {steps: 1, materials: 1, days: 3, visits: 1, fees_yuan: 0}"
    assert old in text
    path.write_text(text.replace(old, old.replace("visits: 1", "visits: 3"), 1), encoding="utf-8")
    result = runner.invoke(app, ["validate", str(jianshi_copy)])
    assert result.exit_code == 1
    assert "reported.reengineering.visits.removed" in result.output
    assert "减跑动：报道为83次，由数据计算为81次" in result.output
    assert "reported.reengineering.visits.percent" in result.output  # 81 of 104 → 78 %


def test_bundle_entry_must_not_repeat_the_bundle_figures(jianshi_copy):
    path = jianshi_copy / "items/lifecycle.yaml"
    text = path.read_text(encoding="utf-8")
    old = "            bundle: kai-lvdian\n"
    extra = "            before: {steps: 1, materials: 1, days: 1, visits: 1}\n"
    path.write_text(text.replace(old, old + extra), encoding="utf-8")
    result = runner.invoke(app, ["validate", str(jianshi_copy)])
    assert result.exit_code == 1
    line = _line_of(path, "before: {steps: 1, materials: 1, days: 1, visits: 1}")
    assert f"items/lifecycle.yaml:{line}:" in result.output
    assert "reengineering-duplicate" in result.output


def test_reported_case_refers_to_an_existing_bundle(jianshi_copy):
    path = jianshi_copy / "items/county.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("bundle: xinshenger", "bundle: xinshengr"))
    result = runner.invoke(app, ["validate", str(jianshi_copy)])
    assert result.exit_code == 1
    assert "一事联办“xinshengr”不存在" in result.output


def test_dashboard_shows_the_reported_figures():
    page = dict(dashboard.files(load_project(ROOT)))["dashboard/index.md"]
    for text in (
        "| 清减降：减材料 | 3891件 | 3891件 | 一致 |",
        "| 清减降：压减办理环节 | 1806个 | 1806个 | 一致 |",
        "| 清减降：压减承诺时限 | 26945个工作日 | 26945个工作日 | 一致 |",
        "| 流程再造：减环节比例 | 82% | 82% | 一致 |",
        "1960000元（原文：近200万元）",
        "| 店小二办理业务 | 4000余件 |",
        "| 前来考察的县（市、区） | 81个 |",
        "| 开旅店一件事：改革后办理时间 | 30分钟 | 30分钟 | 一致 |",
        "| 开旅店一件事：改革前办理时间 | 至少1周 | 至少1周 | 一致 |",
        "| 新生儿出生一件事：改革前办理时间 | 2个工作日 |",
        "38 个联办事项",
    ):
        assert text in page, text
    assert "不一致" not in page


def test_a_case_time_is_shown_in_the_reports_own_words(jianshi_copy):
    """“前后用时至少1周” is printed as the report says it, and the bundle must say the same."""
    bundle = jianshi_copy / "items/bundles/kai-lvdian.yaml"
    project = load_project(jianshi_copy)
    assert project.bundles["kai-lvdian"].before.time.label() == "至少1周"
    assert project.bundles["kai-lvdian"].before.time.days == 7  # what the day counts add up
    text = bundle.read_text(encoding="utf-8").replace("time: {days: 7, wording: 至少1周}", "time: {days: 7}")
    bundle.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["validate", str(jianshi_copy)])
    assert result.exit_code == 1
    assert (
        f"items/county.yaml:{_line_of(jianshi_copy / 'items/county.yaml', 'before: {time')}:" in result.output
    )
    assert "至少1周" in result.output and "7个工作日" in result.output
    assert "Traceback" not in result.output

"""stdkit stats: counts and reform figures are computed from the data."""

from __future__ import annotations

import json

import yaml
from typer.testing import CliRunner

from toolkit.cli import app
from toolkit.core.figures import compute
from toolkit.core.load import load_project
from toolkit.core.stats import item_steps

runner = CliRunner()


def test_counts_follow_the_data(small_county):
    data = compute(load_project(small_county))
    c = data.counts
    assert c.items == 60 and c.items_by_level == {"县级": 60, "乡镇": 20, "村": 8}
    assert sum(c.items_by_type.values()) == 60
    assert sum(c.township_modes.values()) == 20 and sum(c.village_modes.values()) == 8
    assert c.venues == {"县级": 1, "乡镇": 10, "村": 20}
    assert c.teams == {"县级志愿服务队": 1, "社区便民服务队": 10, "农村便民服务队": 400}
    assert c.lifecycle["企业"] == {"stages": 5, "entries": 12}
    assert c.lifecycle["个人"] == {"stages": 9, "entries": 26}


def test_reform_figures_move_with_one_item(county_copy):
    before = compute(load_project(county_copy)).reform
    path = min((county_copy / "items/services").glob("*/*.yaml"))
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["reform"]["materials"] += 10
    data["reform"]["steps"] += 3
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    after = compute(load_project(county_copy)).reform
    assert after.materials.removed == before.materials.removed + 10
    assert after.steps.removed == before.steps.removed + 3
    m = after.materials
    assert m.percent == round(m.removed * 100 / m.before)


def test_reform_steps_count_main_path_only(small_county):
    project = load_project(small_county)
    item = next(i for i in project.items.values() if project.flow_id_for(i) == "tpl-review")
    # apply, accept, review, deliver, done — 补正/不予受理/不予许可 branches are not 办理环节
    assert item_steps(project, item) == 5


def test_reengineering_from_lifecycle_entries(small_county):
    """流程再造 sums the life-cycle entries: an entry pointing to a bundle counts the bundle's before/after."""
    project = load_project(small_county)
    r = compute(project).reengineering
    entries = [e for c in project.lifecycle.catalogues for s in c.stages for e in s.entries]
    with_bundle = [e for e in entries if e.bundle]
    assert r.bundles == len(with_bundle) and r.entries == len(with_bundle)
    bundles = [project.bundles[e.bundle] for e in with_bundle]
    assert r.materials.after == sum(len(b.materials) for b in bundles)
    assert r.visits.before == sum(b.before.visits for b in bundles)


def test_stats_json_cli(small_county):
    result = runner.invoke(app, ["stats", str(small_county), "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert {"counts", "reform", "reengineering", "clearing"} <= set(data)
    assert data["clearing"]["items_after"] == 60
    assert data == json.loads(json.dumps(compute(load_project(small_county)).as_dict()))


def test_stats_text_cli_in_chinese(small_county):
    result = runner.invoke(app, ["stats", str(small_county)])
    assert result.exit_code == 0
    assert "清减降" in result.stdout and "减材料" in result.stdout


def test_stats_refuses_an_unknown_format_like_validate_and_check(small_county):
    # A script asking for "JSON" or "xml" must not silently get the text table.
    for command in ("stats", "validate", "check"):
        result = runner.invoke(app, [command, str(small_county), "--format", "xml"])
        assert result.exit_code == 1, (command, result.output)
        assert "--format 只能是 text 或 json" in result.output, (command, result.output)

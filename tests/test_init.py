"""stdkit init: a commented skeleton that validates as generated, and never overwrites."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from toolkit.core.errors import StdkitError
from toolkit.core.load import load_project
from toolkit.core.references import item_platforms
from toolkit.onboarding.scaffold import identity


def run(*args):
    return subprocess.run(
        [sys.executable, "-c", "from toolkit.cli import main; main()", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_init_creates_a_folder_that_validates(tmp_path):
    root = tmp_path / "new"
    r = run("init", str(root), "--name", "示例县", "--division-code", "429999")
    assert r.returncode == 0, r.stderr
    assert run("validate", str(root)).returncode == 0
    project = load_project(root)
    assert project.county.name == "示例县" and project.county.division_code == "429999"
    assert len(project.townships) == 1 and len(project.villages) == 1 and len(project.teams) == 3
    text = (root / "items/network/townships.yaml").read_text(encoding="utf-8")
    assert "# 乡镇便民服务中心" in text and "综合服务窗口数（2–5）" in text
    assert (root / "schemas/item.schema.json").is_file()


def test_init_refuses_a_non_empty_folder_and_bad_options(tmp_path):
    (tmp_path / "keep.txt").write_text("x", encoding="utf-8")
    r = run("init", str(tmp_path))
    assert r.returncode == 1 and "不是空的" in r.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.txt"]
    r = run("init", str(tmp_path / "x"), "--division-code", "42")
    assert r.returncode == 1 and "6位" in r.stderr and not (tmp_path / "x").exists()


def test_top_level_help_describes_every_command_in_chinese():
    # `stdkit --help` is where an official first looks: no command may be listed as a bare "...".
    r = run("--help")
    assert r.returncode == 0, r.stderr
    listed = r.stdout.split("Commands:", 1)[1].splitlines()
    rows = [line.split(None, 1) for line in listed if line.startswith("  ") and line.strip()]
    assert len(rows) >= 15, rows
    for name, *help_text in rows:
        text = help_text[0].strip() if help_text else ""
        assert re.search(r"[\u4e00-\u9fff]{4}", text), (name, text)


def test_init_knows_a_county_in_each_of_the_31_provinces(tmp_path):
    # The GB/T 2260 list gives the identity, the province profile the default platforms (county data).
    import yaml

    from toolkit.core import divisions
    from toolkit.core.models.county import County
    from toolkit.core.provinces import provinces
    from toolkit.onboarding.scaffold import scaffold_files

    profiles = provinces()
    assert len(profiles) == 31 and "浙江省" in profiles
    for prof in profiles.values():
        county = divisions.counties_in(prof.division_prefix)[0]
        who = identity(tmp_path, county.code, None, None, None)
        assert (who.name, who.province) == (county.name, prof.name)
        text = scaffold_files(who.name, county.code, who.prefecture, who.province)["items/county.yaml"]
        data = County.model_validate(yaml.safe_load(text))
        assert data.division_code == county.code and data.name == county.name
        assert data.platforms == prof.platforms and data.platforms[0] == prof.web_platform
        if prof.name != "湖北省":  # no Jianshi (or Hubei) brands elsewhere
            assert not {"湖北政务服务网", "鄂汇办", "楚税通", "州医疗保障"} & set(data.platforms)
        other = next(p for p in profiles.values() if p is not prof)
        with pytest.raises(StdkitError, match=f"不属于{other.name}"):
            identity(tmp_path, county.code, None, None, other.name)
    assert identity(tmp_path, "330110", None, None, None) == ("余杭区", "杭州市", "浙江省")
    assert identity(tmp_path, "110105", None, None, None).prefecture == ""  # a municipality's district


def test_init_checks_the_division_code(tmp_path):
    with pytest.raises(StdkitError, match="不在县级行政区划代码表中"):
        identity(tmp_path, "330100", None, None, None)  # 杭州市, not a county
    with pytest.raises(StdkitError, match="是浙江省余杭区的代码，与县名“某某县”不符"):
        identity(tmp_path, "330110", "某某县", None, None)
    with pytest.raises(StdkitError, match="31个省级行政区"):
        identity(tmp_path, "810001", None, None, None)
    assert identity(tmp_path, "339999", "新设县", None, None).province == "浙江省"  # newer than the list


def test_init_for_zhejiang_validates_and_items_name_its_platforms(tmp_path):
    root = tmp_path / "yh"
    r = run("init", str(root), "--division-code", "330110")
    assert r.returncode == 0, r.stderr
    project = load_project(root)
    assert project.county.name == "余杭区" and project.county.platforms == ["浙江政务服务网", "浙里办"]
    path = root / "items/services/zwj/zwj-example.yaml"
    assert "platforms: [浙江政务服务网]" in path.read_text(encoding="utf-8")
    # the example's values are examples until confirmed; a confirmed item naming a misspelt platform:
    item = next(iter(project.items.values()))
    item.online.depth, item.online.platforms = "全程网办", ["浙里小办", "浙里办", "交管12123"]
    (problem,) = item_platforms(project)
    assert problem.file.endswith("zwj-example.yaml") and "网办平台“浙里小办”" in problem.message
    assert "是不是“浙里办”" in problem.hint

"""Onboarding data: the flow templates `stdkit init` writes are the bundled county's flowcharts/*-tpl.yaml
(every item type has exactly one), init marks them as untouched until the county edits them, and the
onboarding package takes nothing from the demo-data generator."""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

import yaml

from toolkit.core.codelists import codes
from toolkit.core.load import load_project
from toolkit.onboarding import placeholders
from toolkit.onboarding.scaffold import FLOW_TEMPLATES, init_county

ROOT = Path(__file__).resolve().parent.parent
ONBOARDING = ROOT / "toolkit" / "onboarding"


def _flows(folder: Path) -> dict[str, dict]:
    out = {}
    for path in sorted(folder.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if data.get("template"):
            out[path.name] = {"default_for": [], **data}
    return out


def test_init_flow_templates_agree_with_the_bundled_flowcharts():
    bundled, shipped = _flows(ROOT / "flowcharts"), _flows(FLOW_TEMPLATES)
    assert shipped.keys() == bundled.keys() and len(shipped) == 8
    # Types without a template in flowcharts/ (Jianshi has no such items) go to the "other powers" one.
    uncovered = set(codes("item-types")) - {t for f in bundled.values() for t in f["default_for"]}
    assert uncovered == {"行政处罚", "行政强制", "行政征收", "行政检查"}
    for name, flow in shipped.items():
        base = bundled[name]
        assert {k: v for k, v in flow.items() if k != "default_for"} == {
            k: v for k, v in base.items() if k != "default_for"
        }, name
        assert flow["default_for"][: len(base["default_for"])] == base["default_for"], name
        extra = set(flow["default_for"][len(base["default_for"]) :])
        assert extra in (set(), uncovered), name
        assert not extra or "其他行政权力" in base["default_for"], name
    covered = Counter(t for f in shipped.values() for t in f["default_for"])
    assert set(covered) == set(codes("item-types")) and set(covered.values()) == {1}


def test_init_writes_the_templates_and_check_lists_them_until_edited(tmp_path):
    root = tmp_path / "c"
    init_county(root, "测试县", "429998")
    project = load_project(root, use_cache=False)
    assert sorted(f.id for f in project.flows.values() if f.template) == sorted(
        Path(n).stem for n in _flows(FLOW_TEMPLATES)
    )
    assert project.flow_id_for(project.items["zwj-example"]) == "jiban-tpl"  # 公共服务
    untouched = placeholders.untouched_flows(root)
    assert untouched == sorted(f"flowcharts/{n}" for n in _flows(FLOW_TEMPLATES))
    flow = root / "flowcharts/jiban-tpl.yaml"
    flow.write_text(
        flow.read_text(encoding="utf-8").replace("name: 办理并出件", "name: 办理出件"), encoding="utf-8"
    )
    assert "flowcharts/jiban-tpl.yaml" not in placeholders.untouched_flows(root)


def test_onboarding_takes_nothing_from_the_demo_generator():
    for path in sorted(ONBOARDING.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(
                node, ast.ImportFrom
            ):  # from ..demo import x, from .. import demo, from toolkit.demo…
                assert "demo" not in [*(node.module or "").split("."), *(a.name for a in node.names)], (
                    path.name
                )
            if isinstance(node, ast.Import):
                assert not [a.name for a in node.names if "demo" in a.name.split(".")], path.name

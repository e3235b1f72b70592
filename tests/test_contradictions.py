"""Contradictions (issue #25, toolkit/core/contradictions.py): a guide that says two things at once is a located
`stdkit validate` error (a warning for a step kind that does not fit), the bundled data has none, and no
rendered page joins a count to 各/每 or doubles a function character."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from toolkit.core.contradictions import ASSISTANCE, text_fault
from toolkit.core.errors import Problem, StdkitError
from toolkit.core.load import load_project
from toolkit.site import pages

ROOT = Path(__file__).resolve().parent.parent

FLOWS = {
    "t-spot": [
        ("sq", "提出申请", "申请", None),
        ("cj", "当场办理并出件", "统一出件", "item"),
        ("bj", "办结", "办结", None),
    ],
    "t-long": [
        ("sq", "提出申请", "申请", None),
        ("sc", "审查", "后台审批", {"days": 10}),
        ("cj", "统一出件", "统一出件", {"days": 3}),
        ("bj", "办结", "办结", None),
    ],
    "t-pickup": [
        ("sq", "网上申请", "申请", None),
        ("lq", "到窗口领取证件", "统一出件", None),
        ("bj", "办结", "办结", None),
    ],
    "t-welfare": [
        ("sq", "提出申请", "申请", None),
        ("dc", "入户调查与民主评议", "现场勘查", None),
        ("bj", "办结", "办结", None),
    ],
}


def _write_flows(root: Path) -> None:
    for fid, steps in FLOWS.items():
        out = []
        for i, (sid, name, role, limit) in enumerate(steps):
            step: dict = {"id": sid, "name": name, "role": role}
            if limit == "item":
                step["limit_from_item"] = True
            elif limit:
                step["limit"] = limit
            if i + 1 < len(steps):
                step["next"] = [steps[i + 1][0]]
            out.append(step)
        doc = {"id": fid, "title": "测试流程", "steps": out}
        (root / "flowcharts" / f"{fid}.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True), "utf-8")


def _item_file(root: Path) -> Path:
    return next(p for p in sorted((root / "items" / "services").rglob("*.yaml")))


def _plant(root: Path, **changes) -> tuple[str, str]:
    """Rewrite the first item with `changes`; its relative path and text."""
    _write_flows(root)
    path = _item_file(root)
    data = yaml.safe_load(path.read_text("utf-8"))
    data.update({"online": {"depth": "部分网办", "platforms": ["湖北政务服务网"]}, "visits": 1})
    data.update(changes)
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    path.write_text(text, "utf-8")
    return path.relative_to(root).as_posix(), text


def _line_of(text: str, key: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if line.startswith(key))


def _errors(root: Path) -> list[Problem]:
    with pytest.raises(StdkitError) as err:
        load_project(root, use_cache=False)
    return [p for p in err.value.problems if p.code.startswith(("contradiction", "text-"))]


CASES = [
    ({"flow": "t-spot", "promised_limit": {"days": 5}}, "contradiction-on-the-spot", "promised_limit:"),
    (
        {"promised_limit": {"days": 5, "wording": "即办"}, "legal_limit": {"days": 20}},
        "contradiction-on-the-spot",
        "promised_limit:",
    ),
    (
        {"flow": "t-long", "promised_limit": {"days": 10}, "legal_limit": {"days": 20}},
        "contradiction-steps-exceed-promise",
        "promised_limit:",
    ),
    (
        {"online": {"depth": "全程网办", "platforms": ["湖北政务服务网"]}},
        "contradiction-online-visits",
        "online:",
    ),
    (
        {"flow": "t-pickup", "online": {"depth": "全程网办", "platforms": ["湖北政务服务网"]}, "visits": 0},
        "contradiction-online-onsite",
        "online:",
    ),
    ({"name": "全县10个各乡镇都能办的事项"}, "text-repeated", "name:"),
    ({"conditions": ["申请人的的户籍在本县"]}, "text-repeated", "conditions:"),
]


@pytest.mark.parametrize(("changes", "code", "key"), CASES, ids=[c[1] + str(i) for i, c in enumerate(CASES)])
def test_each_planted_contradiction_is_a_located_error(county_copy, changes, code, key):
    rel, text = _plant(county_copy, **changes)
    found = _errors(county_copy)
    assert [p.code for p in found] == [code], [p.render() for p in found]
    (problem,) = found
    assert problem.file == rel
    line = _line_of(text, key)
    assert line <= problem.line <= line + 2  # the key, or the value under it
    assert problem.severity == "error"


def test_a_consistent_item_passes(county_copy):
    _plant(county_copy, flow="t-long", promised_limit={"days": 13}, legal_limit={"days": 20})
    project = load_project(county_copy, use_cache=False)
    assert not [p for p in project.warnings if p.code.startswith("contradiction")]


def test_a_step_kind_outside_its_item_types_is_a_warning(county_copy):
    rel, text = _plant(county_copy, flow="t-welfare", type="行政许可")
    project = load_project(county_copy, use_cache=False)  # a warning: the data still loads
    (warning,) = [p for p in project.warnings if p.code == "contradiction-step-kind"]
    assert warning.severity == "warning" and warning.file == rel
    assert warning.line == _line_of(text, "type:")
    assert "民主评议" in warning.message


def test_a_step_kind_within_its_items_passes(county_copy):
    _plant(county_copy, flow="t-welfare", type="行政给付", name="最低生活保障审核确认")
    assert not load_project(county_copy, use_cache=False).warnings


@pytest.mark.parametrize("name", ["失业保险金申领", "零星医疗费用报销", "企业职工基本养老保险待遇核定"])
def test_a_welfare_step_in_a_social_insurance_benefit_is_a_warning(county_copy, name):
    """Issue #25: 入户调查与民主评议 belongs to social assistance (低保, 特困…), not to every 行政给付 item."""
    rel, _text = _plant(county_copy, flow="t-welfare", type="行政给付", name=name)
    (warning,) = [p for p in load_project(county_copy, use_cache=False).warnings]
    assert warning.code == "contradiction-step-kind" and warning.file == rel
    assert name in warning.message and "入户调查与民主评议" in warning.message
    assert "社会救助" in warning.message


def test_the_bundled_general_benefit_flow_has_no_welfare_step(jianshi):
    """The 行政给付 default template carries no 入户调查/民主评议; only the assistance items use the flow that does."""
    general = jianshi.flows["xzgf-tpl"]
    assert "行政给付" in general.default_for
    assert not [s.name for s in general.steps if "入户调查" in s.name or "民主评议" in s.name]
    users = sorted(
        i.name
        for i in jianshi.items.values()
        if any("民主评议" in s.name for s in (jianshi.flow_for(i).steps if jianshi.flow_for(i) else []))
    )
    assert users and all(ASSISTANCE.search(n) for n in users), users


def test_text_fault_tells_a_join_from_a_name():
    assert text_fault("全县 10 个各乡镇便民服务中心都能办") == "10 个各"
    assert text_fault("申请人的的户籍") == "的的"
    for fine in ("各乡镇便民服务中心", "杨坝坝村", "增值税税控系统", "全县 10 个乡镇便民服务中心都能办"):
        assert text_fault(fine) is None


@pytest.fixture(scope="module")
def jianshi():
    return load_project(ROOT)


def test_the_bundled_data_has_no_contradiction(jianshi):
    assert not [p.render() for p in jianshi.warnings]  # errors would not have let it load


def test_no_rendered_item_page_joins_a_count_to_each(jianshi):
    """The pages of items handled in townships and villages ("全县 10 个乡镇便民服务中心都能办")."""
    shown = [i for i in jianshi.items.values() if i.levels.township or i.levels.village][:40]
    assert shown
    for item in shown:
        md = pages.item_page(jianshi, item, "https://zw.jianshi.gov.cn/", None)
        shown_text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", md)  # a link reads as its text
        assert "全县 10 个" in shown_text or "全县 405 个" in shown_text
        assert text_fault(shown_text) is None, (item.id, text_fault(shown_text))

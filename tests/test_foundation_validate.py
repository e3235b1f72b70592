"""stdkit validate: the bundled-style data passes; each fault gives a located Chinese error and exit 1."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from toolkit.build.validate import validate_folder
from toolkit.cli import app

runner = CliRunner()


def _item_file(folder: Path, index: int = 0) -> Path:
    return sorted((folder / "items/services").glob("*/*.yaml"))[index]


def _edit_yaml(path: Path, fn) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    fn(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _problems(folder: Path):
    project, problems = validate_folder(folder)
    assert project is None, "expected the folder to fail validation"
    return problems


def _line_of(path: Path, needle: str) -> int:
    for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return no
    raise AssertionError(f"{needle!r} not in {path}")


def test_generated_county_is_valid(small_county):
    result = runner.invoke(app, ["validate", str(small_county)])
    assert result.exit_code == 0, result.output
    assert "校验通过" in result.output and "60 个事项" in result.output


def test_missing_folder_is_a_located_error(tmp_path):
    result = runner.invoke(app, ["validate", str(tmp_path / "nope")])
    assert result.exit_code == 1
    assert "不存在" in result.output


def test_a_file_given_for_the_county_folder_is_named_as_a_file(tmp_path):
    sheet = tmp_path / "catalogue.xlsx"
    sheet.write_bytes(b"PK")
    for command in ("validate", "check"):
        result = runner.invoke(app, [command, str(sheet)])
        assert result.exit_code == 1
        assert "是文件，不是文件夹" in result.output and "不存在" not in result.output


def _case_syntax(folder):
    f = _item_file(folder)
    f.write_text(f.read_text(encoding="utf-8") + "broken: [1, 2\n", encoding="utf-8")
    return f, "yaml-syntax", None


def _case_tab(folder):
    f = _item_file(folder)
    text = f.read_text(encoding="utf-8").replace("\n  ", "\n\t", 1)
    f.write_text(text, encoding="utf-8")
    return f, "yaml-tab", next(n for n, l in enumerate(text.splitlines(), 1) if l.startswith("\t"))


def _case_duplicate_key(folder):
    f = _item_file(folder)
    f.write_text(f.read_text(encoding="utf-8") + "name: 重复的名称\n", encoding="utf-8")
    return f, "yaml-duplicate-key", len(f.read_text(encoding="utf-8").splitlines())


def _case_gbk(folder):
    f = _item_file(folder)
    f.write_bytes(f.read_text(encoding="utf-8").encode("gbk", errors="replace"))
    return f, "encoding", None


def _case_wrong_type(folder):
    f = _item_file(folder)
    _edit_yaml(f, lambda d: d["materials"][0].update(copies="两份"))
    return f, "schema-type", _line_of(f, "copies: 两份")


def _case_audience_not_a_list(folder):
    f = _item_file(folder)
    _edit_yaml(f, lambda d: d.update(audience="自然人、企业法人"))  # 服务对象 is a list, one per line
    return f, "schema-type", _line_of(f, "audience: 自然人、企业法人")


def _case_division_code_short(folder):
    f = folder / "items/network/townships.yaml"
    _edit_yaml(f, lambda d: d["townships"][0].update(division_code="4228221"))
    return f, "schema-format", _line_of(f, "division_code: '4228221'")


def _case_unknown_field(folder):
    f = _item_file(folder)
    _edit_yaml(f, lambda d: d.update(materails=[]))
    return f, "schema-unknown-field", _line_of(f, "materails:")


def _case_unsafe_id(folder):
    f = folder / "items/network/villages.yaml"
    _edit_yaml(f, lambda d: d["villages"][0].update(id="../../etc"))
    return f, "schema-format", _line_of(f, "../../etc")


def _case_unknown_department(folder):
    f = _item_file(folder)
    _edit_yaml(f, lambda d: d.update(department="nosuchdept"))
    return f, "ref-department", _line_of(f, "department: nosuchdept")


def _case_unknown_flow(folder):
    f = _item_file(folder)
    _edit_yaml(f, lambda d: d.update(flow="no-such-flow"))
    return f, "ref-flow", _line_of(f, "flow: no-such-flow")


def _case_duplicate_code(folder):
    a, b = _item_file(folder, 0), _item_file(folder, 1)
    code = yaml.safe_load(a.read_text(encoding="utf-8"))["code"]
    _edit_yaml(b, lambda d: d.update(code=code))
    return b, "duplicate-code", _line_of(b, "code:")


def _case_duplicate_village(folder):
    f = folder / "items/network/villages.yaml"
    _edit_yaml(f, lambda d: d["villages"][1].update(id=d["villages"][0]["id"]))
    return f, "duplicate-id", None


def _case_unreachable_step(folder):
    f = folder / "flowcharts/tpl-instant.yaml"
    _edit_yaml(f, lambda d: d["steps"].append({"id": "orphan", "name": "孤立环节", "role": "办结"}))
    return f, "flow-unreachable", _line_of(f, "id: orphan")


def _case_no_end(folder):
    f = folder / "flowcharts/tpl-instant.yaml"

    def loop(d):
        d["steps"][-1]["next"] = ["apply"]

    _edit_yaml(f, loop)
    return f, "flow-no-end", None


def _case_cycle(folder):
    f = folder / "flowcharts/tpl-review.yaml"

    def cyc(d):  # the 补正 branch back to 受理 without back: true is a cycle
        d["steps"][2]["branches"][0]["back"] = False

    _edit_yaml(f, cyc)
    return f, "flow-cycle", None


def _case_promised_exceeds_legal(folder):
    f = _item_file(folder)
    _edit_yaml(f, lambda d: d.update(legal_limit={"days": 5}, promised_limit={"days": 9}))
    return f, "time-promised-exceeds-legal", _line_of(f, "promised_limit:")


def _case_township_list_unknown_item(folder):
    f = folder / "items/network/township-items.yaml"
    _edit_yaml(f, lambda d: d["items"].append("zz-9999"))
    return f, "list-unknown-item", _line_of(f, "zz-9999")


def _case_devolved_not_offered(folder):
    tlist = folder / "items/network/township-items.yaml"
    listed = set(yaml.safe_load(tlist.read_text(encoding="utf-8"))["items"])
    for f in sorted((folder / "items/services").glob("*/*.yaml")):
        data = yaml.safe_load(f.read_text(encoding="utf-8"))
        if data["id"] not in listed and "levels" not in data:
            _edit_yaml(f, lambda d: d.update(levels={"township": "下放"}))
            return f, "level-not-offered", _line_of(f, "township: 下放")
    raise AssertionError("no item outside the township list")


def _case_bundle_form_missing_field(folder):
    f = folder / "items/bundles/kai-dian.yaml"
    _edit_yaml(f, lambda d: d.update(form=[x for x in d["form"] if x != "phone"]))
    return f, "bundle-form-missing-field", _line_of(f, "form:")


def _case_bundle_condition_not_the_items(folder):
    """A conditional required member's case must be one of that item's own conditions."""
    f = folder / "items/bundles/kai-dian.yaml"
    _edit_yaml(f, lambda d: d.update(required_when={d["required"][0]: "凭空写的情形"}))
    return f, "bundle-condition-unknown", _line_of(f, "凭空写的情形")


CASES = [
    _case_syntax,
    _case_tab,
    _case_duplicate_key,
    _case_gbk,
    _case_wrong_type,
    _case_unknown_field,
    _case_audience_not_a_list,
    _case_division_code_short,
    _case_unsafe_id,
    _case_unknown_department,
    _case_unknown_flow,
    _case_duplicate_code,
    _case_duplicate_village,
    _case_unreachable_step,
    _case_no_end,
    _case_cycle,
    _case_promised_exceeds_legal,
    _case_township_list_unknown_item,
    _case_devolved_not_offered,
    _case_bundle_form_missing_field,
    _case_bundle_condition_not_the_items,
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.__name__[6:])
def test_fault_is_located(county_copy, case):
    path, code, line = case(county_copy)
    rel = path.relative_to(county_copy).as_posix()
    problems = _problems(county_copy)
    hits = [p for p in problems if p.code == code]
    assert hits, [p.render() for p in problems]
    assert any(p.file == rel for p in hits), [p.render() for p in hits]
    if line is not None:
        assert any(p.line == line and p.file == rel for p in hits), [p.render() for p in hits]
    for p in hits:
        assert re.search(r"[\u4e00-\u9fff]", p.message), p.message


def test_every_error_in_one_run(county_copy):
    """Faults in three different files are all reported by one run."""
    _case_tab(county_copy)  # item file 0: a parse problem
    second = _item_file(county_copy, 1)
    _edit_yaml(second, lambda d: d.update(materails=[]))  # item file 1: a schema problem
    _case_unsafe_id(county_copy)  # villages.yaml: a schema problem
    problems = _problems(county_copy)
    codes = {(p.file.split("/")[-1], p.code) for p in problems}
    assert (_item_file(county_copy, 0).name, "yaml-tab") in codes
    assert (second.name, "schema-unknown-field") in codes
    assert ("villages.yaml", "schema-format") in codes


def test_json_report(county_copy):
    f, _, line = _case_unknown_field(county_copy)
    result = runner.invoke(app, ["validate", str(county_copy), "--format", "json"])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["ok"] is False
    err = report["errors"][0]
    assert set(err) >= {"file", "line", "column", "path", "code", "message"}
    assert err["file"] == f.relative_to(county_copy).as_posix() and err["line"] == line
    assert err["path"] == "materails"


def test_json_report_ok_has_counts(small_county):
    result = runner.invoke(app, ["validate", str(small_county), "--format", "json"])
    report = json.loads(result.stdout)
    assert result.exit_code == 0 and report["ok"] is True and report["errors"] == []
    assert report["counts"]["items"] == 60 and report["counts"]["venues"]["村"] == 20


def test_cli_subprocess_no_traceback(county_copy):
    _case_wrong_type(county_copy)
    proc = subprocess.run(
        [sys.executable, "-m", "toolkit", "validate", str(county_copy)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr + proc.stdout
    assert "应为整数" in proc.stderr and "copies" in proc.stderr


def test_unknown_field_suggests_the_right_name(county_copy):
    f = _item_file(county_copy)
    _edit_yaml(f, lambda d: d.update(condtions=["x"]))
    problems = _problems(county_copy)
    hit = next(p for p in problems if p.code == "schema-unknown-field")
    assert "conditions" in hit.hint


def test_a_quoted_article_must_name_its_text(county_copy):
    """An article's words are quoted only from a text kept in the repository: a quote without its source
    is a located error in Chinese; the law's name and article number alone are valid."""
    f = county_copy / "items/county.yaml"
    ref = {"law": "《中华人民共和国行政诉讼法》", "article": "第四十六条"}
    _edit_yaml(f, lambda d: d.update(window={"litigation": {"limit": "6个月", "basis": dict(ref)}}))
    assert validate_folder(county_copy)[0] is not None
    _edit_yaml(f, lambda d: d["window"]["litigation"]["basis"].update(quote="应当自知道之日起六个月内提出"))
    hits = [p for p in _problems(county_copy) if p.file == "items/county.yaml"]
    assert hits and any("原话" in p.message and "source" in p.message for p in hits), [
        p.render() for p in hits
    ]
    assert any(p.line == _line_of(f, "basis:") for p in hits), [p.render() for p in hits]

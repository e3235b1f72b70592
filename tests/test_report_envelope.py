"""The travelling report (report.json): identity, standard, toolkit, run date, data fingerprint, and
validity against the committed schema (checked with jsonschema, independently of the pydantic model)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest

from toolkit.conformance import assess, load_bindings, load_requirements, origin_of, report_files
from toolkit.conformance.envelope import data_fingerprint
from toolkit.core.load import load_project

ROOT = Path(__file__).resolve().parent.parent
SHILI = ROOT / "examples" / "shili"
SCHEMA = json.loads((ROOT / "schemas" / "conformance-report.schema.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def report():
    requirements = load_requirements(ROOT)
    return assess(load_project(SHILI, cross_check=False), requirements, load_bindings(requirements))


def test_report_json_carries_identity_standard_and_fingerprint(report, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    data = json.loads(report_files(report, origin_of(SHILI, ROOT))["report.json"])
    jsonschema.Draft202012Validator(SCHEMA).validate(data)
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert (data["format"], data["version"]) == ("stdkit-conformance-report", 1)
    assert data["county"] == {
        "name": "示例县",
        "division_code": "429999",
        "province": "湖北省",
        "prefecture": "示例市",
    }
    assert data["standard"]["number"].startswith("DB42/T") and data["standard"]["stage"] == "征求意见稿"
    assert data["standard"]["date"] == "2024-06-28"
    assert data["generated"] == "2023-11-14T22:13:20Z"
    assert data["data"]["files"] == len(
        [p for d in ("items", "flowcharts") for p in (SHILI / d).rglob("*") if p.is_file()]
    )
    # Same data and moment: same bytes.
    assert (
        report_files(report, origin_of(SHILI, ROOT))["report.json"]
        == report_files(report, origin_of(SHILI, ROOT))["report.json"]
    )


def test_fingerprint_follows_the_data_not_the_folder(tmp_path):
    copy = tmp_path / "elsewhere"
    shutil.copytree(SHILI, copy)
    assert data_fingerprint(copy) == data_fingerprint(SHILI)
    path = copy / "items/network/townships.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert data_fingerprint(copy)["value"] != data_fingerprint(SHILI)["value"]


def test_schema_refuses_a_foreign_document():
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(SCHEMA).validate({"summary": {}, "results": []})

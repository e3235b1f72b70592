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
    assert (data["format"], data["version"]) == ("stdkit-conformance-report", 2)
    assert data["county"] == {
        "name": "示例县",
        "division_code": "429999",
        "province": "湖北省",
        "prefecture": "示例市",
    }
    assert data["standard"]["number"].startswith("DB42/T") and data["standard"]["stage"] == "征求意见稿"
    assert data["standard"]["date"] == "2024-06-28"
    assert data["generated"] == "2023-11-14T22:13:20Z"
    assert data["data"]["files"] == 1 + len(  # and mkdocs.yml
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


def test_a_signed_report_verifies_and_any_change_breaks_it(report, tmp_path):
    from toolkit.conformance.document import ConformanceReport
    from toolkit.conformance.signing import new_key, verifies

    key = new_key()
    data = json.loads(report_files(report, origin_of(SHILI, ROOT), key)["report.json"])
    jsonschema.Draft202012Validator(SCHEMA).validate(data)
    doc = ConformanceReport.model_validate(data)
    assert doc.signature is not None and verifies(doc, key.public_key())
    assert not verifies(doc, new_key().public_key())  # another county's key
    data["results"][0]["status"] = "符合" if data["results"][0]["status"] != "符合" else "不符合"
    assert not verifies(ConformanceReport.model_validate(data), key.public_key())
    unsigned = json.loads(report_files(report, origin_of(SHILI, ROOT))["report.json"])
    assert "signature" not in unsigned


def test_private_keys_stay_out_of_repositories_and_outputs(tmp_path):
    import subprocess
    import sys

    def stdkit(*args, env=None):
        import os

        return subprocess.run(
            [sys.executable, "-c", "from toolkit.cli import main; main()", *args],
            capture_output=True, text=True, timeout=300, check=False, env={**os.environ, **(env or {})},
        )  # fmt: skip

    county = tmp_path / "county"
    shutil.copytree(SHILI, county)
    r = stdkit("keys", "new", str(county / "keys"), "--division-code", "429999")  # inside the county folder
    assert r.returncode == 1 and "会被提交" in r.stderr and not (county / "keys").exists()
    r = stdkit("keys", "new", str(tmp_path / "keys"), "--division-code", "429999")
    assert r.returncode == 0 and "ed25519:" in r.stdout, r.stderr
    key = tmp_path / "keys" / "429999.key"
    assert key.stat().st_mode & 0o077 == 0
    inside = county / "county.key"
    shutil.copy(key, inside)
    r = stdkit("check", str(county), "--key", str(inside), "--out", str(tmp_path / "o1"))
    assert (
        r.returncode == 1
        and "county.key" in r.stderr
        and "私钥" in r.stderr
        and not (tmp_path / "o1").exists()
    )
    inside.unlink()
    out = tmp_path / "out"
    r = stdkit("check", str(county), "--out", str(out), env={"STDKIT_SIGNING_KEY": key.read_text()})
    assert "已用本县私钥签名" in r.stdout, r.stderr
    assert (
        json.loads((out / "report.json").read_text(encoding="utf-8"))["signature"]["algorithm"] == "ed25519"
    )
    secret = key.read_bytes()
    body = secret.split(b"\n")[1]  # the key's Base64 line
    for p in [*out.rglob("*"), *county.rglob("*")]:
        assert not p.is_file() or body not in p.read_bytes(), p

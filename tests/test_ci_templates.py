"""The CI definitions shipped for county repositories and the province job pass the workflow schemas
that check-jsonschema bundles (offline: no schema is fetched), and run the commands they document."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "ci-templates"
CASES = [
    ("county/github-actions.yml", "vendor.github-workflows"),
    ("province/github-actions.yml", "vendor.github-workflows"),
    ("county/gitlab-ci.yml", "vendor.gitlab-ci"),
    ("province/gitlab-ci.yml", "vendor.gitlab-ci"),
]
OFFLINE = {**os.environ, "HTTPS_PROXY": "http://127.0.0.1:9", "HTTP_PROXY": "http://127.0.0.1:9"}


def schema_check(schema: str, path: Path) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).with_name("check-jsonschema")
    return subprocess.run(
        [str(exe), "--builtin-schema", schema, str(path)],
        capture_output=True,
        text=True,
        env=OFFLINE,
        check=False,
    )


@pytest.mark.parametrize(("rel", "schema"), CASES)
def test_ci_definition_passes_its_schema_offline(rel, schema):
    r = schema_check(schema, TEMPLATES / rel)
    assert r.returncode == 0, r.stdout + r.stderr


def test_the_schema_check_does_catch_a_broken_definition(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text("on: push\njobs:\n  x:\n    runs-on: ubuntu-24.04\n    stepz: []\n", encoding="utf-8")
    assert schema_check("vendor.github-workflows", bad).returncode == 1


def test_templates_run_the_documented_commands():
    county = (TEMPLATES / "county/github-actions.yml").read_text(encoding="utf-8")
    for step in ("setup.sh", "stdkit validate", "stdkit check", "stdkit build", "stdkit-conformance-report"):
        assert step in county
    gl = yaml.safe_load((TEMPLATES / "county/gitlab-ci.yml").read_text(encoding="utf-8"))
    assert gl["stages"] == ["validate", "check", "build", "deploy"]
    assert "conformance-report/" in gl["check"]["artifacts"]["paths"]
    for rel in ("province/github-actions.yml", "province/gitlab-ci.yml"):
        assert "stdkit province collect reports --out province-report" in (TEMPLATES / rel).read_text("utf-8")

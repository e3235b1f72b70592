"""A county that ships its own weakened standard (standard/requirements.yaml with every automatic check
replaced by `manual:`) passes its own `check`, but the province catches it (issue #32 point 2): `collect`
refuses the report (its standard fingerprint is not an accepted edition's) and `verify` re-checks against
the province's copy of the standard by default, never the county's."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import yaml
from buildrun import stdkit

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*stdkit(), *args],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        env={**os.environ, "SOURCE_DATE_EPOCH": "1767225600"},
    )


def test_a_weakened_standard_is_caught_by_collect_and_verify(county_copy, tmp_path):
    shutil.copytree(ROOT / "standard", county_copy / "standard")
    rel = county_copy / "standard" / "requirements.yaml"
    bindings = yaml.safe_load(rel.read_text(encoding="utf-8"))["bindings"]
    weak = {rid: {"manual": "县自行核查"} for rid in bindings}
    rel.write_text(yaml.safe_dump({"bindings": weak}, allow_unicode=True), encoding="utf-8")

    out = tmp_path / "report"
    checked = run("check", str(county_copy), "--out", str(out))
    assert checked.returncode in (0, 1), checked.stderr[-2000:]
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["summary"]["totals"]["不符合"] == 0  # nothing is checked: nothing fails

    collected = run("province", "collect", str(out / "report.json"), "--out", str(tmp_path / "province"))
    assert collected.returncode == 1
    assert "report-standard-unknown" in collected.stderr and "report.json" in collected.stderr

    verified = run("province", "verify", str(county_copy), str(out / "report.json"))
    assert verified.returncode == 1, verified.stdout + verified.stderr
    assert "依据的标准不一致" in verified.stderr
    assert "Traceback" not in verified.stderr

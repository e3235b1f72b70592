"""Nothing exits 2 on user input (issue #32, done-when): every case of the bad-input corpus (tests/corpus/)
is fed to every command that reads files — in the county folder where the corpus puts it, as the
standard's metadata, as a catalogue, a comment form and a conformance report — and each command ends with
its own answer (0 or 1), never an internal error (exit 2, an exception) nor a usage error. The hostile
inputs of the readers added since (reports, comment forms) are fed the same way."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from toolkit.cli import app
from toolkit.province.simulate import reports

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "corpus"
CASES = [
    c for c in yaml.safe_load((CORPUS / "cases.yaml").read_text(encoding="utf-8"))["cases"] if "file" in c
]


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    exc = result.exception
    assert exc is None or isinstance(exc, SystemExit), f"{args}: {type(exc).__name__}: {exc}"
    assert result.exit_code in (0, 1), f"{args}: exit {result.exit_code}\n{result.output}"
    return result.exit_code, result.output


@pytest.mark.slow  # 64 cases × 14 commands: about two minutes of CPU
@pytest.mark.parametrize("case", CASES, ids=[c["file"] for c in CASES])
def test_every_reading_command_answers_without_exit_2(case, county_copy, tmp_path):
    source = CORPUS / "cases" / case["file"]
    target = county_copy / case["target"]
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    county = str(county_copy)
    assert invoke("validate", county)[0] == 1
    invoke("stats", county)
    assert invoke("check", county, "--out", str(tmp_path / "report"))[0] == 1
    assert invoke("build", county, "--only", "site", "--no-pdf", "--out", str(tmp_path / "site"))[0] == 1

    std = tmp_path / "std"
    shutil.copytree(ROOT / "standard", std / "standard", ignore=shutil.ignore_patterns("comments"))
    shutil.copyfile(source, std / "standard" / "metadata.yaml")
    invoke("lint", str(std))
    invoke("stage", "next", "--dir", str(std), "--date", "2030-01-01")
    invoke("checklist", "--standard", str(std), "--out", str(tmp_path / "checklist"))
    invoke("diff", str(ROOT), str(std), "--out", str(tmp_path / "diff.md"))

    feed_files(source.read_bytes(), county, tmp_path)


def feed_files(data: bytes, county: str, tmp_path: Path) -> None:
    """`data` as a catalogue and a comment form (csv, xlsx, docx) and as a conformance report."""
    for suffix in (".csv", ".xlsx", ".docx", ".json"):
        as_file = tmp_path / f"input{suffix}"
        as_file.write_bytes(data)
        if suffix != ".json":
            invoke("import", str(as_file), "--into", county)
            invoke("comments", "import", str(as_file), "--dir", str(ROOT))
        else:
            assert invoke("province", "collect", str(as_file), "--out", str(tmp_path / "prov"))[0] == 1
            assert invoke("province", "verify", county, str(as_file))[0] == 1


def _report(change) -> bytes:
    doc = reports(1, seed=3)[0]
    change(doc)
    return json.dumps(doc).encode()


# The hostile inputs of the readers added since the corpus was written (reports, comment forms).
MORE = {
    "report-requirement-twice": lambda: _report(lambda d: d["results"].append(d["results"][0])),
    "report-integer-10**30": lambda: _report(lambda d: d["summary"].update(requirements=10**30)),
    "report-100000-brackets": lambda: (
        b'{"format": "stdkit-conformance-report", "x": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    ),
    "form-cell-200000-chars": lambda: (
        "序号,章条编号,意见内容\n1,全文,".encode() + "长".encode() * 200_000 + b"\n"
    ),
}


@pytest.mark.parametrize("name", sorted(MORE))
def test_the_new_readers_answer_without_exit_2(name, county_copy, tmp_path):
    feed_files(MORE[name](), str(county_copy), tmp_path)

"""The bad-input corpus (tests/corpus/): every case gives a located Chinese error, exit code 1, no traceback,
bounded time and memory, and leaves the county folder exactly as it was.

Each case file is placed at its `target` in a copy of a valid generated county. Most cases run in-process
(the library and the CLI through typer's CliRunner); a handful run `stdkit validate` as a real subprocess
under a 1 GB address-space limit and a timeout.
"""

from __future__ import annotations

import os
import re
import resource
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from datawalk import at, paths
from typer.testing import CliRunner

from toolkit.build.validate import validate_folder
from toolkit.cli import app
from toolkit.core.errors import StdkitError, format_path
from toolkit.core.models import ServiceItem
from toolkit.core.validation import validate
from toolkit.core.yamlio import parse_text

CORPUS = Path(__file__).parent / "corpus"
CASES = yaml.safe_load((CORPUS / "cases.yaml").read_text(encoding="utf-8"))["cases"]
CJK = re.compile(r"[\u4e00-\u9fff]")
SUBPROCESS_CASES = {
    "50mb",
    "alias-bomb.yaml",
    "nesting-flow-10000.yaml",
    "nesting-block-10000.yaml",
    "binary-junk.yaml",
    "tag-python-apply.yaml",
}
MEMORY_LIMIT = 1024**3  # bytes of address space for a subprocess case
TIMEOUT = 60  # seconds


def _case_id(case: dict) -> str:
    return case.get("file") or case["generate"]


def _place(case: dict, county: Path) -> Path:
    target = county / case["target"]
    target.parent.mkdir(parents=True, exist_ok=True)
    if case.get("generate") == "50mb":
        line = "- 关键词关键词关键词关键词关键词关键词关键词\n".encode()
        head = (CORPUS / "cases" / "limit-negative.yaml").read_bytes().replace(
            b"days: -5", b"days: 5"
        ) + b"keywords:\n"
        with target.open("wb") as fh:
            fh.write(head)
            block = line * 100_000
            while fh.tell() < 50 * 1024 * 1024:
                fh.write(block)
    else:
        target.write_bytes((CORPUS / "cases" / case["file"]).read_bytes())
    return target


def _snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {
        p.relative_to(folder).as_posix(): (p.stat().st_size, p.stat().st_mtime_ns) for p in folder.rglob("*")
    }


def test_corpus_is_large_and_one_file_per_case():
    files = [c["file"] for c in CASES if "file" in c]
    assert len(CASES) >= 40
    assert len(files) == len(set(files))
    on_disk = {p.name for p in (CORPUS / "cases").iterdir()}
    assert on_disk == set(files), "every corpus file has exactly one row in cases.yaml"


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_case_in_process(case, county_copy):
    _place(case, county_copy)
    before = _snapshot(county_copy)

    project, problems = validate_folder(county_copy)
    assert project is None and problems
    where = [(p.file, p.line, p.code) for p in problems]
    assert (case["target"], case["line"], case["code"]) in where, where
    for p in problems:
        assert CJK.search(p.message), p
        assert p.line >= 1 and p.column >= 1 and p.file

    result = CliRunner().invoke(app, ["validate", str(county_copy)])
    output = result.output
    assert result.exit_code == 1, output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in output
    assert f"{case['target']}:{case['line']}:" in output
    assert "未写出任何文件" in output

    json_result = CliRunner().invoke(app, ["validate", str(county_copy), "--format", "json"])
    assert json_result.exit_code == 1
    assert _snapshot(county_copy) == before, "validation of bad input must write nothing"


def _subprocess_limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def _stdkit() -> list[str]:
    script = Path(sys.executable).with_name("stdkit")
    return (
        [str(script)] if script.exists() else [sys.executable, "-c", "from toolkit.cli import main; main()"]
    )


@pytest.mark.parametrize("case", [c for c in CASES if _case_id(c) in SUBPROCESS_CASES], ids=_case_id)
def test_case_subprocess(case, county_copy, tmp_path):
    _place(case, county_copy)
    before = _snapshot(county_copy)
    marker = Path("/tmp/pwned")
    existed = marker.exists()
    env = {**os.environ, "STDKIT_DEBUG": ""}
    proc = subprocess.run(
        [*_stdkit(), "validate", str(county_copy)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        preexec_fn=_subprocess_limits,
        cwd=tmp_path,
        env=env,
        check=False,
    )
    assert proc.returncode == 1, proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr + proc.stdout
    assert f"{case['target']}:{case['line']}:" in proc.stderr
    assert CJK.search(proc.stderr)
    assert _snapshot(county_copy) == before
    assert marker.exists() == existed, "a !!python tag must never run code"


@pytest.mark.parametrize("payload", ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "a<b"])
def test_html_in_every_text_field_of_an_item(small_county, payload):
    """Every string field of a real item rejects markup, with the field's own path and line."""
    source = next(small_county.glob("items/services/scjgj/*.yaml")).read_text(encoding="utf-8")
    data, _ = parse_text(source, "item.yaml")
    leaves = [p for p in paths(data) if isinstance(at(data, p), str)]
    assert len(leaves) > 20
    for path in leaves:
        mutated, _ = parse_text(source, "item.yaml")
        at(mutated, path[:-1])[path[-1]] = payload
        text = yaml.safe_dump(mutated, allow_unicode=True, sort_keys=False)
        parsed, positions = parse_text(text, "item.yaml")
        with pytest.raises(StdkitError) as err:
            validate(ServiceItem, parsed, positions, "item.yaml")
        hits = [p for p in err.value.problems if p.path == format_path(path)]
        assert hits, (path, err.value.problems)
        assert hits[0].line == positions[path][0]
        assert CJK.search(hits[0].message)

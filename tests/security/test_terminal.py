"""Values from files reach a terminal or a CI log made safe (issue #32 point 7): escape sequences and other
control characters are shown escaped, never sent; no printed line begins with `::` (a GitHub Actions
workflow command) — in located problems and in the lines the commands print."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from buildrun import stdkit

from toolkit.core.errors import Problem
from toolkit.core.escape import terminal
from toolkit.province.simulate import reports

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = "\x1b]0;pwned\x07\x1b[2J\x9b31m\u202egnp.exe\n::set-env name=PATH::/tmp\n##[error]x"


def safe(text: str) -> None:
    assert not any(c in text for c in "\x1b\x07\x9b\u202e"), repr(text)
    assert not any(line.lstrip().startswith(("::", "##[")) for line in text.splitlines()), text


def test_the_function_escapes_and_neutralises():
    out = terminal(HOSTILE)
    safe(out)
    assert "\\x1b]0;pwned\\x07" in out and "\\u202e" in out
    assert terminal(out) == out  # printing twice changes nothing more


def test_a_problem_renders_safely():
    p = Problem(file="::warning::f.yaml", line=1, column=1, path="a", code="x", message=HOSTILE, hint=HOSTILE)
    safe(p.render())


def test_collect_prints_file_names_and_values_safely(tmp_path):
    doc = reports(1, seed=5)[0]
    doc["results"].append({**doc["results"][0]})
    doc["results"][-1]["requirement"] = doc["results"][0]["requirement"] = HOSTILE
    name = "::set-env name=X::y.json"
    (tmp_path / name).write_text(json.dumps(doc), encoding="utf-8")
    proc = subprocess.run(
        [*stdkit(), "province", "collect", name, "--out", "out"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 1 and "report-duplicate" in proc.stderr, proc.stderr
    assert "\\x1b]0;pwned" in proc.stderr and "set-env name=X::y.json:1:1" in proc.stderr
    safe(proc.stderr)
    safe(proc.stdout)


def test_verify_prints_report_values_safely(tmp_path):
    fresh = tmp_path / "fresh"
    proc = subprocess.run([*stdkit(), "check", str(ROOT / "examples" / "shili"), "--out", str(fresh)],
                          capture_output=True, text=True, timeout=300, check=False)  # fmt: skip
    doc = json.loads((fresh / "report.json").read_text(encoding="utf-8"))
    doc["county"]["name"] = HOSTILE
    (tmp_path / "edited.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    proc = subprocess.run(
        [*stdkit(), "province", "verify", str(ROOT / "examples" / "shili"), str(tmp_path / "edited.json")],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 1 and "县的信息不一致" in proc.stderr, proc.stderr
    assert "\\x1b]0;pwned" in proc.stderr
    safe(proc.stderr)


BIDI_C1 = "建始\u202egnp.exe\u0085县"  # a direction override and a C1 control (YAML allows U+0085)


def test_json_output_escapes_c1_and_direction_overrides(county_copy):
    dept = next(p for p in sorted((county_copy / "items" / "services").iterdir()) if p.is_dir())
    bad = dept / f"{BIDI_C1}.yaml"
    bad.write_text("name: [unclosed\n", encoding="utf-8")
    proc = subprocess.run(
        [*stdkit(), "validate", str(county_copy), "--format", "json"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 1, proc.stderr[-2000:]
    safe(proc.stdout)
    assert "\\u202e" in proc.stdout and "\\u0085" in proc.stdout
    files = {p["file"] for p in json.loads(proc.stdout)["errors"]}  # still the same JSON, the same values
    assert bad.relative_to(county_copy).as_posix() in files


def test_keys_prints_the_folder_safely(tmp_path):
    folder = tmp_path / "k\x1b]0;pwned\x07\u202e"
    proc = subprocess.run(
        [*stdkit(), "keys", "new", str(folder), "--division-code", "429999"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "\\x1b]0;pwned\\x07\\u202e" in proc.stdout
    safe(proc.stdout)

"""One bad report costs one report (issue #32 point 3): in `province collect` every hostile report — a
requirement twice, an integer of 10**30, 100,000 nested brackets, a FIFO or a link to /dev/zero named
report.json, an oversize file — is a located refusal naming the file and the others are collected; `verify`
on a FIFO does not hang. Run as real commands under a memory limit and a timeout."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
from pathlib import Path

from buildrun import run_limited

from toolkit.province.simulate import reports, write_reports

ROOT = Path(__file__).resolve().parents[2]
GOOD = 3


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return run_limited(*args, env=env, timeout=120)


def _bad(folder: Path, name: str, content: bytes) -> str:
    path = folder / name / "report.json"
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    return str(path)


def hostile(tmp_path: Path) -> dict[str, tuple[str, str]]:
    """file -> (the code of its refusal, a word of its message)."""
    root = tmp_path / "reports"
    doc = reports(1, seed=99)[0]
    twice = {**doc, "results": [*doc["results"], doc["results"][0]]}
    huge = {**doc, "summary": {**doc["summary"], "requirements": 10**30}}
    deep = b'{"format": "stdkit-conformance-report", "x": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    out = {
        _bad(root, "twice", json.dumps(twice).encode()): ("report-duplicate", "不止一次"),
        _bad(root, "huge", json.dumps(huge).encode()): ("json-value", "整数过长"),
        _bad(root, "deep", deep): ("json-too-deep", "嵌套过深"),
    }
    fifo = root / "fifo" / "report.json"
    fifo.parent.mkdir()
    os.mkfifo(fifo)
    out[str(fifo)] = ("file-special", "不是普通文件")
    zero = root / "zero" / "report.json"
    zero.parent.mkdir()
    zero.symlink_to("/dev/zero")
    out[str(zero)] = ("file-link", "符号链接")
    big = root / "big" / "report.json"
    big.parent.mkdir()
    with open(big, "wb") as fh:
        fh.truncate(600 * 1024 * 1024)  # sparse: costs nothing on disk
    out[str(big)] = ("file-too-large", "过大")
    return out


def test_each_hostile_report_costs_only_itself(tmp_path):
    write_reports(tmp_path / "reports", GOOD)
    bad = hostile(tmp_path)
    out = tmp_path / "out"
    proc = run("province", "collect", str(tmp_path / "reports" / "**" / "report.json"), "--out", str(out))
    assert proc.returncode == 1, proc.stderr
    assert "内部错误" not in proc.stderr and "Traceback" not in proc.stderr
    for file, (code, word) in bad.items():
        line = next((x for x in proc.stderr.splitlines() if x.startswith(f"{file}:")), "")
        assert f"错误[{code}]" in line and word in line, (file, proc.stderr)
    assert "已汇总 3 个县" in proc.stdout
    db = sqlite3.connect(out / "province.sqlite")
    assert db.execute("SELECT count(DISTINCT division_code) FROM rounds").fetchone()[0] == GOOD


def test_the_folder_form_refuses_them_too(tmp_path):
    write_reports(tmp_path / "reports", GOOD)
    bad = hostile(tmp_path)
    proc = run("province", "collect", str(tmp_path / "reports"), "--out", str(tmp_path / "out"))
    assert proc.returncode == 1 and "内部错误" not in proc.stderr, proc.stderr
    for file, (code, _) in bad.items():
        assert f"{file}:1:1: 错误[{code}]" in proc.stderr
    assert "已汇总 3 个县" in proc.stdout


def test_verify_on_a_fifo_or_a_link_does_not_hang(tmp_path):
    fifo = tmp_path / "report.json"
    os.mkfifo(fifo)
    zero = tmp_path / "zero.json"
    zero.symlink_to("/dev/zero")
    for path, code in ((fifo, "file-special"), (zero, "file-link")):
        proc = run("province", "verify", str(ROOT / "examples" / "shili"), str(path))
        assert proc.returncode == 1 and f"{path}:1:1: 错误[{code}]" in proc.stderr, proc.stderr

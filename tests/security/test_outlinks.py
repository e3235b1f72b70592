"""Outputs never go through a link (issue #32 point 5): a `--out` any part of which is a symbolic link — a
link committed in a county repository — is refused with a located error and nothing is written where it
points; the folders the user stands in are not judged; a link to this county's own previous output is the
one exception (core/outdir.py states the rule)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from buildrun import stdkit

from toolkit.core.errors import StdkitError
from toolkit.core.outdir import guard_out

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*stdkit(), *args], capture_output=True, text=True, timeout=300, check=False, cwd=cwd
    )


@pytest.fixture
def county(tmp_path) -> Path:
    return Path(shutil.copytree(ROOT / "examples" / "shili", tmp_path / "county"))


def test_check_refuses_a_committed_link_as_its_output(county, tmp_path):
    victim = tmp_path / "victim"
    victim.mkdir()
    (county / "conformance-report").symlink_to(victim)
    proc = run("check", ".", "--out", "conformance-report", cwd=county)
    assert proc.returncode == 1, proc.stderr
    assert "错误[out-link]" in proc.stderr and "是符号链接" in proc.stderr
    assert list(victim.iterdir()) == []


def test_check_refuses_a_link_inside_the_output_path(county, tmp_path):
    victim = tmp_path / "victim"
    victim.mkdir()
    (county / "reports").symlink_to(victim)
    proc = run("check", str(county), "--out", str(county / "reports" / "now"))
    assert proc.returncode == 1 and "out-link" in proc.stderr, proc.stderr
    assert list(victim.iterdir()) == []


def test_build_refuses_a_link_to_another_output(county, tmp_path):
    other = tmp_path / "other-site"
    other.mkdir()
    (other / "manifest.json").write_text(json.dumps({"generator": "stdkit 1"}), encoding="utf-8")
    (other / "index.html").write_text("another county", encoding="utf-8")
    (county / "site").symlink_to(other)
    proc = run("build", str(county), "--out", str(county / "site"), "--no-pdf")
    assert proc.returncode == 1, proc.stderr
    assert f"{county / 'site'}:1:1: 错误[out-link]" in proc.stderr
    assert sorted(p.name for p in other.iterdir()) == ["index.html", "manifest.json"]
    proc = run("build", str(county), "--no-pdf")  # the default --out is <folder>/site: the same rule
    assert proc.returncode == 1 and "out-link" in proc.stderr, proc.stderr


def test_diff_comments_and_province_refuse_linked_outputs(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("keep", encoding="utf-8")
    (tmp_path / "out.md").symlink_to(victim)
    std = ROOT
    proc = run("diff", str(std), str(std), "--out", str(tmp_path / "out.md"))
    assert proc.returncode == 1 and "out-link" in proc.stderr, proc.stderr
    (tmp_path / "form.xlsx").symlink_to(victim)
    proc = run("comments", "template", str(tmp_path / "form.xlsx"), "--dir", str(std))
    assert proc.returncode == 1 and "out-link" in proc.stderr, proc.stderr
    assert victim.read_text(encoding="utf-8") == "keep"
    (tmp_path / "prov").symlink_to(tmp_path)
    proc = run("province", "collect", str(tmp_path / "none.json"), "--out", "prov", cwd=tmp_path)
    assert proc.returncode == 1 and "out-link" in proc.stderr, proc.stderr


def test_the_rule(tmp_path, monkeypatch):
    real = tmp_path / "real"
    (real / "county").mkdir(parents=True)
    (tmp_path / "via").symlink_to(real)  # the user names the county through a link: not judged
    county = tmp_path / "via" / "county"
    guard_out(county, county / "site", replaces=True)
    previous = tmp_path / "previous"
    previous.mkdir()
    (real / "county" / "site").symlink_to(previous)
    with pytest.raises(StdkitError) as info:
        guard_out(county, county / "site", replaces=True)
    assert info.value.problems[0].code == "out-link"
    guard_out(county, county / "site", replaces=True, ours=True)  # this county's own previous output
    with pytest.raises(StdkitError):
        guard_out(county, county / "site" / "inner", ours=True)  # only the output itself may be that link
    monkeypatch.chdir(tmp_path / "via")
    guard_out(Path("county"), Path("county") / "report")  # the current folder is the user's

"""Git as data, never as a program (issue #32 point 1): `stdkit diff` and `check --against` read a revision
of an untrusted repository without running its filters or hooks, refuse a revision that is an option, and
refuse a huge blob before reading it — with real git."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import zlib
from pathlib import Path

from buildrun import run_limited
from typer.testing import CliRunner

from toolkit.cli import app

ROOT = Path(__file__).resolve().parents[2]
COUNTY = ROOT / "examples" / "shili"


def git(repo: Path, *args: str, stdin: bytes | None = None) -> str:
    proc = subprocess.run(
        ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@t", *args],
        input=stdin,
        capture_output=True,
        check=True,
    )
    return proc.stdout.decode().strip()


def standard_repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "standard", repo / "standard")
    shutil.rmtree(repo / "standard" / "comments", ignore_errors=True)
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "draft")
    return repo


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return run_limited(*args, cwd=cwd)


def test_a_filter_in_the_repository_config_never_runs(tmp_path):
    repo = standard_repo(tmp_path)
    marker = tmp_path / "ran"
    (repo / ".gitattributes").write_text("* filter=x diff=x\n", encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "attributes")
    with open(repo / ".git" / "config", "a", encoding="utf-8") as fh:
        fh.write(
            f'[filter "x"]\n\tsmudge = "touch {marker}; cat"\n\tclean = "touch {marker}; cat"\n\trequired = true\n'
            f'[diff "x"]\n\ttextconv = "touch {marker}; cat"\n'
            f'[core]\n\tfsmonitor = "touch {marker}; true"\n\thooksPath = {tmp_path}\n'
        )
    proc = run("diff", "HEAD~1", "HEAD", "--dir", str(repo), "--out", str(tmp_path / "out"))
    assert proc.returncode == 0, proc.stderr
    assert not marker.exists()
    proc = run(
        "check", str(COUNTY), "--standard", str(repo), "--against", "HEAD", "--out", str(tmp_path / "c")
    )
    assert proc.returncode == 1 and "内部错误" not in proc.stderr  # the county has findings; no crash
    assert not marker.exists()


def test_a_revision_that_is_an_option_is_refused(tmp_path):
    repo = standard_repo(tmp_path)
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    rev = f"--output={victim}"
    out = tmp_path / "out"
    proc = run("check", str(COUNTY), "--standard", str(repo), f"--against={rev}", "--out", str(out))
    assert proc.returncode == 1, proc.stderr
    assert f"{rev}:1:1: 错误[git-revision]" in proc.stderr and "不能以“-”开头" in proc.stderr
    assert "Traceback" not in proc.stderr and not out.exists()
    for rev in (f"--output={victim}", "--list", "-h"):  # in-process: the same refusal, cheaper
        result = CliRunner().invoke(app, ["diff", "--dir", str(repo), "--out", str(out), "--", rev, "HEAD"])
        assert result.exit_code == 1 and f"{rev}:1:1: 错误[git-revision]" in result.output, result.output
    assert victim.read_text(encoding="utf-8") == "keep me"


def _huge_blob(repo: Path, size: int) -> str:
    """A loose object of `size` zero bytes written directly (git itself would take many seconds)."""
    header = f"blob {size}\0".encode()
    sha, comp = hashlib.sha1(header), zlib.compressobj(1)
    chunk = bytes(1 << 20)
    parts = [comp.compress(header)]
    sha.update(header)
    for _ in range(size // len(chunk)):
        sha.update(chunk)
        parts.append(comp.compress(chunk))
    parts.append(comp.flush())
    oid = sha.hexdigest()
    path = repo / ".git" / "objects" / oid[:2] / oid[2:]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"".join(parts))
    return oid


def test_a_600_mb_blob_is_refused_before_it_is_read(tmp_path):
    repo = standard_repo(tmp_path)
    oid = _huge_blob(repo, 600 * 1024 * 1024)
    git(repo, "update-index", "--add", "--cacheinfo", f"100644,{oid},standard/zz-big.md")
    git(repo, "commit", "-qm", "big")
    proc = run("diff", "HEAD~1", "HEAD", "--dir", str(repo), "--out", str(tmp_path / "o"))
    assert proc.returncode == 1, proc.stderr
    assert "HEAD:1:1: 错误[git-revision]" in proc.stderr
    assert "standard/zz-big.md" in proc.stderr and "过大" in proc.stderr
    assert not (tmp_path / "o").exists()


def test_a_link_in_the_revision_is_not_followed(tmp_path):
    repo = standard_repo(tmp_path)
    os.symlink("/etc/passwd", repo / "standard" / "zz-link.md")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "link")
    proc = run("diff", "HEAD~1", "HEAD", "--dir", str(repo), "--out", str(tmp_path / "o"))
    assert proc.returncode == 1 and "standard/zz-link.md" in proc.stderr and "不是普通文件" in proc.stderr

"""Helpers shared by the build tests (reproducibility, atomicity): run `stdkit build` for real and hash trees."""

from __future__ import annotations

import hashlib
import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

BUILD_TIMEOUT = 600


def stdkit() -> list[str]:
    script = Path(sys.executable).with_name("stdkit")
    return (
        [str(script)] if script.exists() else [sys.executable, "-c", "from toolkit.cli import main; main()"]
    )


ROOT = Path(__file__).resolve().parent.parent


def county_for_build(small_county: Path, dst: Path) -> Path:
    """A copy of the generated county with the standard's sources (standard/) that a build needs, no caches."""
    shutil.copytree(small_county, dst, ignore=shutil.ignore_patterns(".stdkit-cache"))
    shutil.copytree(ROOT / "standard", dst / "standard")
    return dst


def build_cmd(county: Path, out: Path, *extra: str) -> list[str]:
    return [*stdkit(), "build", str(county), "--out", str(out), *extra]


def run_build(
    county: Path, out: Path, *extra: str, env: dict | None = None, cwd: Path | None = None, check: bool = True
) -> subprocess.CompletedProcess:
    proc = subprocess.run(
        build_cmd(county, out, *extra),
        capture_output=True,
        text=True,
        timeout=BUILD_TIMEOUT,
        env={**os.environ, **(env or {})},
        cwd=cwd,
        check=False,
    )
    if check:
        assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr
    return proc


def tree_hashes(root: Path, *, skip: tuple[str, ...] = ()) -> dict[str, str]:
    """relative path -> sha256 of every file (and symlink target) under root."""
    out = {}
    for p in sorted(root.rglob("*")):
        rel = p.relative_to(root).as_posix()
        if any(rel == s or rel.startswith(s + "/") for s in skip):
            continue
        if p.is_symlink():
            out[rel] = "link:" + os.readlink(p)
        elif p.is_file():
            out[rel] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def snapshot(root: Path, *, skip: tuple[str, ...] = ()) -> dict[str, tuple]:
    """relative path -> (sha256, mtime_ns) of every file; directories by name only."""
    out: dict[str, tuple] = {}
    for p in sorted(root.rglob("*")):
        rel = p.relative_to(root).as_posix()
        if any(rel == s or rel.startswith(s + "/") for s in skip):
            continue
        if p.is_file() and not p.is_symlink():
            out[rel] = (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
        else:
            out[rel] = ("dir",)
    return out


def processes_with(text: str) -> list[int]:
    """Processes whose command line contains `text` (e.g. the pipe name of one LibreOffice)."""
    found = []
    for proc in Path("/proc").iterdir():
        try:
            if proc.name.isdigit() and text in (proc / "cmdline").read_bytes().decode(errors="replace"):
                found.append(int(proc.name))
        except OSError:
            continue
    return found


def run_limited(
    *args: str, env: dict | None = None, cwd: Path | None = None, timeout: int = 300, memory: int = 1 << 30
) -> subprocess.CompletedProcess:
    """`stdkit ARGS` as a real command under an address-space limit (RLIMIT_AS) and a timeout, so a bomb
    that gets through cannot take the machine down; `env` is added to the environment."""

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    return subprocess.run(
        [*stdkit(), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        cwd=cwd,
        preexec_fn=cap,
        env={**os.environ, **(env or {})},
    )

"""What the benchmark scripts share: paths, running and timing a command, the machine and package versions,
output comparison, the work folder, the shared options and the marked sections of BENCHMARKS.md.

bench/run.py, bench/engines.py and bench/targets.py import this module and nothing from each other; run.py
starts the other two as scripts. Importing it puts the repository root first on sys.path, so that the
scripts import the repository's `toolkit` (run them with the project's .venv/bin/python).
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.metadata as md
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BIN = Path(sys.executable).parent
EPOCH = {"SOURCE_DATE_EPOCH": "1767225600"}
# The build's phases (as `toolkit.build.build` reports them in its timings) in the tables' words.
PHASE_ZH = {
    "load": "读取与校验",
    "prepare": "生成阶段合计（页面、标准文本、流程图、二维码）",
    "site": "网站引擎（mkdocs）",
    "flowcharts": "其中流程图",
    "qr": "其中二维码",
    "standard_and_conformance": "其中标准文本与符合性页面",
    "pdf_wait": "等待二维码清单PDF",
    "paperwork": "窗口文书（申请表、告知单、全科受理手册，含 PDF）",
    "paperwork_pdf": "其中窗口文书 PDF（LibreOffice）",
    "standard_pdf": "等待标准文本PDF（LibreOffice，与符合性页面、窗口文书同时进行）",
    "total": "合计",
}


@dataclass
class Sample:
    """Repeated runs of one measure: wall seconds, CPU seconds and peak MB of each."""

    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    peak: list[float] = field(default_factory=list)

    def add(self, run: tuple[float, float, float]) -> None:
        self.wall.append(run[0])
        self.cpu.append(run[1])
        self.peak.append(run[2])

    @property
    def s(self) -> float:
        return statistics.median(self.wall)

    @property
    def c(self) -> float:
        return statistics.median(self.cpu)

    def cell(self) -> str:
        cpu = f"CPU {self.c:.2f} s，" if self.c else ""
        return f"{self.s:.2f} s（{cpu}{len(self.wall)} 次）"


def run(cmd: list[str], *, cwd: Path | None = None, ok=(0,), env: dict | None = None):
    """(wall s, CPU s of it and its children, peak MB, stderr tail); exits on an unexpected code."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            cmd, stdout=err, stderr=err, cwd=cwd, env={**os.environ, **EPOCH, **(env or {})}
        )
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        code = os.waitstatus_to_exitcode(status)
        err.seek(0)
        tail = err.read().decode(errors="replace")[-3000:]
    if ok is not None and code not in ok:
        raise SystemExit(f"{' '.join(map(str, cmd[:4]))} … exited {code}:\n{tail}")
    return (wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024), code, tail


def tree_digest(folder: Path, skip: tuple[str, ...] = ()) -> dict[str, str]:
    """Relative path → sha256 of every file under folder (paths starting with `skip` left out)."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.relative_to(folder).as_posix().startswith(skip)
    }


def differing(a: dict[str, str], b: dict[str, str]) -> list[str]:
    """The paths whose digests differ between two tree_digest results (or that only one has)."""
    return sorted(k for k in a.keys() | b.keys() if a.get(k) != b.get(k))


def edit_one_item(data: Path) -> None:
    """Add 改 to the name of the first item file, or take it away again (every second call restores it)."""
    path = min(data.glob("items/services/**/*.yaml"))
    text = path.read_text(encoding="utf-8")
    marker = "\nname: "
    path.write_text(
        text.replace(marker, marker + "改", 1)
        if not text.count(marker + "改")
        else text.replace(marker + "改", marker, 1),
        encoding="utf-8",
    )


def machine() -> dict:
    """The CPU, memory, system, Python, libyaml and package versions the tables report."""
    cpu = next(
        (
            ln.split(":", 1)[1].strip()
            for ln in Path("/proc/cpuinfo").read_text().splitlines()
            if ln.startswith("model name")
        ),
        platform.processor() or "?",
    )
    mem_kb = next(
        int(ln.split()[1])
        for ln in Path("/proc/meminfo").read_text().splitlines()
        if ln.startswith("MemTotal")
    )
    import yaml

    versions = {}
    for pkg in (
        "stdkit",
        "pydantic",
        "pydantic-core",
        "PyYAML",
        "jsonschema",
        "check-jsonschema",
        "mkdocs",
        "mkdocs-material",
        "typer",
        "jinja2",
        "python-docx",
        "openpyxl",
        "zxing-cpp",
        "pygraphviz",
    ):
        try:
            versions[pkg] = md.version(pkg)
        except md.PackageNotFoundError:
            pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_gb": mem_kb / 1048576,
        "python": platform.python_version(),
        "os": platform.platform(),
        "libyaml": yaml.__with_libyaml__,
        "versions": versions,
        "load": os.getloadavg(),
    }


def versions() -> str:
    """The site engine's packages and their versions, as the tables print them."""
    out = []
    for pkg in ("mkdocs", "mkdocs-material", "Markdown", "pymdown-extensions", "Jinja2", "zensical"):
        try:
            out.append(f"{pkg} {md.version(pkg)}")
        except md.PackageNotFoundError:
            out.append(f"{pkg}（未安装）")
    return "，".join(out)


def verdict(ok: bool | None) -> str:
    """A target's conclusion in the tables' words (— when not measured)."""
    return "—" if ok is None else ("达到" if ok else "未达到")


def replace_section(path: Path, text: str, begin: str, end: str) -> None:
    """Write a marked section into BENCHMARKS.md: in place of the previous one, else at the end."""
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    found = re.search(re.escape(begin) + ".*?" + re.escape(end), old, re.DOTALL)
    new = (
        old[: found.start()] + text + old[found.end() :] if found else old.rstrip("\n") + "\n\n" + text + "\n"
    )
    path.write_text(new, encoding="utf-8")


@contextmanager
def work_folder(prefix: str, keep: bool, reuse: Path | None = None):
    """A work folder with a private cache (inherited by every measured command); removed unless kept."""
    work = reuse or Path(tempfile.mkdtemp(prefix=prefix))
    work.mkdir(parents=True, exist_ok=True)
    os.environ["STDKIT_CACHE_DIR"] = str(work / "cache")
    try:
        yield work
    finally:
        if keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def parser(doc: str) -> argparse.ArgumentParser:
    """The options engines.py and targets.py share."""
    ap = argparse.ArgumentParser(description=doc.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5, help="runs of the fast measures (slow ones: at most 3)")
    ap.add_argument("--markdown", type=Path, default=ROOT / "BENCHMARKS.md", help="where to write the table")
    ap.add_argument("--no-write", action="store_true", help="print the section instead of writing it")
    ap.add_argument("--keep", action="store_true", help="keep the work folder (path printed)")
    ap.add_argument("--work", type=Path, help="reuse the work folder (and caches) of an earlier --keep run")
    return ap

"""Benchmark of `stdkit province collect`: simulated provinces of 103 counties (Hubei) and 2,800 (the
national count of county-level divisions), one round each, timed in a fresh process (`stdkit province
collect`, interpreter start included) with peak memory; the section "省级汇总" of BENCHMARKS.md is replaced.

    .venv/bin/python bench/province.py [--runs 3] [--write]
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from toolkit.province.simulate import write_reports

TARGETS = {103: 2.0, 2800: 30.0}
BEGIN, END = "<!-- province-bench:begin -->", "<!-- province-bench:end -->"


def timed(cmd: list[str]) -> tuple[float, float]:
    """Wall time and peak RSS (MB) of one run of cmd."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{proc.stderr.read().decode() if proc.stderr else ''}")
    return wall, usage.ru_maxrss / 1024


def measure(n: int, runs: int, tmp: Path) -> dict:
    reports = tmp / f"reports-{n}"
    write_reports(reports, n)
    size = sum(p.stat().st_size for p in reports.rglob("*.json"))
    stdkit = str(Path(sys.executable).with_name("stdkit"))
    results = [
        timed([stdkit, "province", "collect", str(reports), "--out", str(tmp / f"out-{n}-{i}")])
        for i in range(runs)
    ]
    walls = [w for w, _ in results]
    return {"n": n, "median": statistics.median(walls), "min": min(walls), "max": max(walls),
            "rss": max(m for _, m in results), "mb": size / 1e6}  # fmt: skip


def section(rows: list[dict], load: tuple[float, float]) -> str:
    lines = [
        BEGIN,
        "## 省级汇总：stdkit province collect",
        "",
        (
            "由 `.venv/bin/python bench/province.py --write` 生成：`toolkit.province.simulate` 模拟各县报告"
            "（每县 1 份，99 条要求，含预置的不符合项），每种规模新进程运行 3 次（含解释器启动），取中位数；"
            "输出为 SQLite 数据库、XLSX 和看板（每县一页）。"
        ),
        (
            f"机器：{os.cpu_count()} 核，{platform.platform()}，Python {platform.python_version()}；"
            f"负载（1分钟平均）：开始时 {load[0]:.2f}，结束时 {load[1]:.2f}。"
        ),
        "",
        "| 县数 | 报告总大小（MB） | 中位数（秒） | 最小–最大 | 峰值内存（MB） | 目标 | 结论 |",
        "|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in rows:
        ok = "达到" if r["median"] <= TARGETS[r["n"]] else "未达到"
        lines.append(
            f"| {r['n']:,} | {r['mb']:.1f} | {r['median']:.2f} | {r['min']:.2f}–{r['max']:.2f} | {r['rss']:.0f} "
            f"| ≤ {TARGETS[r['n']]:.0f} s | {ok} |"
        )
    return "\n".join(lines + ["", END]) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--write", action="store_true", help="replace the section in BENCHMARKS.md")
    args = parser.parse_args()
    start_load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="stdkit-bench-province-") as tmp:
        rows = [measure(n, args.runs, Path(tmp)) for n in TARGETS]
    text = section(rows, (start_load, os.getloadavg()[0]))
    print(text)
    if args.write:
        path = ROOT / "BENCHMARKS.md"
        old = path.read_text(encoding="utf-8")
        pattern = re.compile(re.escape(BEGIN) + ".*?" + re.escape(END) + "\n", re.DOTALL)
        new = pattern.sub(lambda _: text, old) if pattern.search(old) else old.rstrip("\n") + "\n\n" + text
        path.write_text(new, encoding="utf-8")


if __name__ == "__main__":
    main()

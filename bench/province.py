"""Benchmark of `stdkit province collect` on signed reports: 103 simulated counties with Hubei's real
division codes, and 2,800 (the national count of county-level divisions) with the real codes of every
province, one round each, every report signed (Ed25519) and verified against a keys.yaml registry. Each
size runs in a fresh process (`stdkit province collect --keys keys.yaml`, interpreter start included)
`--runs` times; wall and CPU seconds (user + system of the process and its children) and peak memory,
median of the runs. The 通报 is not part of it (`collect --notice`, not timed here). The
section "省级汇总" of BENCHMARKS.md is replaced.

Why 2,800 runs with `--all-provinces`: no province has 2,800 counties, and invented codes would be
refused by the official division list; real codes of all provinces keep every identity check in the
measured path, only the check "this province's county" is switched off.

    .venv/bin/python bench/province.py [--runs 3] [--write]
"""

from __future__ import annotations

import argparse
import json
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

from toolkit.conformance.signing import new_key
from toolkit.province.simulate import write_keyring, write_reports

TARGETS = {103: 2.0, 2800: 30.0}
BEGIN, END = "<!-- province-bench:begin -->", "<!-- province-bench:end -->"


def timed(cmd: list[str], out: Path) -> tuple[float, float, float, dict]:
    """Wall seconds, CPU seconds (user + system of the process), peak RSS (MB) and the JSON summary
    printed by one run of cmd (stdout to `out`)."""
    start = time.perf_counter()
    with out.open("wb") as sink:
        proc = subprocess.Popen(cmd, stdout=sink, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{proc.stderr.read().decode() if proc.stderr else ''}")
    cpu = usage.ru_utime + usage.ru_stime
    return wall, cpu, usage.ru_maxrss / 1024, json.loads(out.read_text("utf-8"))


def measure(n: int, runs: int, tmp: Path) -> dict:
    reports, key = tmp / f"reports-{n}", new_key()
    write_reports(reports, n, key=key)
    keys = write_keyring(tmp / f"keys-{n}.yaml", n, key)
    size = sum(p.stat().st_size for p in reports.rglob("*.json"))
    stdkit = str(Path(sys.executable).with_name("stdkit"))
    cmd = [stdkit, "province", "collect", str(reports), "--keys", str(keys), "--format", "json"]
    cmd += ["--all-provinces"] if n > 103 else []
    runs_ = [
        timed([*cmd, "--out", str(tmp / f"out-{n}-{i}")], tmp / f"summary-{n}-{i}.json") for i in range(runs)
    ]
    for *_, info in runs_:
        if info["trust"]["已验证"] != n or info["refused"]:
            raise SystemExit(f"{n} counties: not every signature verified: {info['trust']}")
    walls = [r[0] for r in runs_]
    row = {"n": n, "median": statistics.median(walls), "min": min(walls), "max": max(walls),
           "cpu": statistics.median(r[1] for r in runs_), "rss": max(r[2] for r in runs_),
           "mb": size / 1e6}  # fmt: skip
    if n == 103:  # the 通报 on its own: one more run with --notice (LibreOffice included), less the median
        os.environ["STDKIT_CACHE_DIR"] = str(tmp / "cache")  # an empty cache: the PDF really converted
        wall, cpu, _, _ = timed(
            [*cmd, "--notice", "--out", str(tmp / "out-notice")], tmp / "summary-notice.json"
        )
        row["notice"] = (wall - row["median"], cpu - row["cpu"])
    return row


def notice_line(rows: list[dict]) -> str:
    found = [r["notice"] for r in rows if "notice" in r]
    if not found:
        return ""
    wall, cpu = found[0]
    return (
        f"通报草稿（103 个县，`collect --notice` 比不加时多用，含 LibreOffice 转 PDF，1 次）："
        f"墙钟 {wall:.1f} 秒，CPU {cpu:.1f} 秒（LibreOffice 在子进程中，计入）。"
    )


def section(rows: list[dict], load: tuple[float, float]) -> str:
    lines = [
        BEGIN,
        "## 省级汇总：stdkit province collect",
        "",
        (
            "由 `.venv/bin/python bench/province.py --write` 生成：`toolkit.province.simulate` 模拟各县报告"
            "（每县 1 份，99 条要求，含预置的不符合项，**全部用 Ed25519 签名**，`--keys keys.yaml` 逐份核验，"
            "运行后确认全部为“已验证”）。103 个县用湖北省的真实区划代码；2,800 个县用全国各省的真实区划代码并加 "
            "`--all-provinces`（没有哪个省有 2,800 个县，编造的代码会被区划代码表拒收；这样除“属于本省”外的"
            "身份核对都在测量之内）。每种规模新进程运行 3 次（含解释器启动），墙钟和 CPU 秒（用户 + 系统）各取中位数；"
            "输出为 SQLite 数据库、XLSX 和看板（每县一页）；通报（`collect --notice`）不在其内。"
        ),
        (
            f"机器：{os.cpu_count()} 核，{platform.platform()}，Python {platform.python_version()}；"
            f"负载（1分钟平均）：开始时 {load[0]:.2f}，结束时 {load[1]:.2f}。"
        ),
        (
            "汇总在一个进程中运行、只用一个核：机器空闲时墙钟约等于 CPU 秒（另加少量读写）；负载高于核数时墙钟主要是"
            "等待 CPU 的时间，CPU 秒才是这条命令实际的计算量，结论两者分列。"
        ),
        "",
        "| 县数 | 报告总大小（MB） | 墙钟中位数（秒） | 最小–最大 | CPU 秒（中位数） | 峰值内存（MB） | 目标 | 结论 |",
        "|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in rows:
        t = TARGETS[r["n"]]
        ok = f"墙钟{'达到' if r['median'] <= t else '未达到'}，CPU {'达到' if r['cpu'] <= t else '未达到'}"
        lines.append(
            f"| {r['n']:,} | {r['mb']:.1f} | {r['median']:.2f} | {r['min']:.2f}–{r['max']:.2f} | {r['cpu']:.2f} "
            f"| {r['rss']:.0f} "
            f"| ≤ {TARGETS[r['n']]:.0f} s | {ok} |"
        )
    return "\n".join(lines + ["", notice_line(rows), "", END]) + "\n"


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

"""Benchmark at the report's scale; writes BENCHMARKS.md (Chinese) with the machine, versions and targets.

One command:  .venv/bin/python bench/run.py            (about 2–4 minutes on 2 cores, plus the two below)
Quick look:   .venv/bin/python bench/run.py --runs 1 --skip-jsonschema --no-write --parts head
Issue #12:    .venv/bin/python bench/run.py --parts engines,targets   (the other sections stay as they are)

Each part writes its own marked section of BENCHMARKS.md and leaves the others (bench/province.py's, the
paperwork notes) untouched: `head` (below), `engines` (bench/engines.py: the site engines side by side)
and `targets` (bench/targets.py: the targets table of issue #12).


Measures, several runs each (median, min–max, peak memory of the process tree via wait4):
- `stdkit validate` on the generated 1,808-item set, cold (no parse cache) and warm (no-change, cache),
  vs `check-jsonschema` with schemas/item.schema.json on the same item files, vs bare PyYAML CSafeLoader
  parsing of the same YAML files (a fresh interpreter, like the others);
- when `toolkit.build` exists: a full build at 1,341 items / 405 stations (the `stdkit build` function
  run in a fresh interpreter, which reports its phases), a no-change rebuild, a rebuild after editing one
  item, and a plain `mkdocs build` (material theme, no plugins) of the same generated pages.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from common import BIN, EPOCH, PHASE_ZH, ROOT, edit_one_item, machine, replace_section, verdict, work_folder

from toolkit.core.cachedir import project_cache


@dataclass
class Result:
    name: str
    seconds: list[float] = field(default_factory=list)
    peak_mb: list[float] = field(default_factory=list)
    note: str = ""
    phases: dict = field(default_factory=dict)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    def spread(self) -> str:
        return f"{min(self.seconds):.2f}–{max(self.seconds):.2f}"

    @property
    def peak(self) -> float:
        return max(self.peak_mb)


def timed(
    cmd: list[str], *, env: dict | None = None, cwd: Path | None = None, ok=(0,)
) -> tuple[float, float]:
    """Run cmd; (wall seconds, peak RSS in MB of it and its descendants)."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            cmd, stdout=subprocess.DEVNULL, stderr=err, env={**os.environ, **(env or {})}, cwd=cwd
        )
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode not in ok:
            err.seek(0)
            raise SystemExit(
                f"{' '.join(cmd[:4])} … exited {proc.returncode}:\n{err.read().decode(errors='replace')[-2000:]}"
            )
    return seconds, usage.ru_maxrss / 1024


def measure(name: str, cmd: list[str], runs: int, *, before=None, **kw) -> Result:
    res = Result(name)
    for _ in range(runs):
        if before:
            before()
        s, mb = timed(cmd, **kw)
        res.seconds.append(s)
        res.peak_mb.append(mb)
        print(f"  {name}: {s:.2f} s, {mb:.0f} MB", flush=True)
    return res


def item_files(root: Path) -> list[str]:
    return sorted(str(p) for p in root.glob("items/services/**/*.yaml"))


BARE_PARSE = """import sys, yaml
for f in sys.argv[1:]:
    with open(f, 'rb') as fh:
        yaml.load(fh, Loader=yaml.CSafeLoader)
"""


def bench_validate(data: Path, runs: int, skip_jsonschema: bool) -> dict[str, Result]:
    out: dict[str, Result] = {}
    stdkit = [str(BIN / "stdkit"), "validate", str(data)]
    clear = lambda: shutil.rmtree(project_cache(data, "parse"), ignore_errors=True)
    out["cold"] = measure("stdkit validate（无缓存）", stdkit, runs, env={"STDKIT_CACHE": "0"})
    timed(stdkit)  # fill the parse cache
    out["warm"] = measure("stdkit validate（无改动，解析缓存命中）", stdkit, runs)
    clear()
    all_yaml = sorted(str(p) for p in data.rglob("*.yaml") if ".stdkit-cache" not in p.parts)
    out["bare"] = measure(
        "PyYAML CSafeLoader 纯解析（同一批YAML文件）", [sys.executable, "-c", BARE_PARSE, *all_yaml], runs
    )
    out["inproc_load"] = inprocess(
        "进程内：读取、校验与交叉检查（load_project，无缓存）",
        [sys.executable, "-c", INPROC_LOAD, str(data)],
        runs,
    )
    out["inproc_bare"] = inprocess(
        "进程内：PyYAML CSafeLoader 纯解析", [sys.executable, "-c", INPROC_BARE, *all_yaml], runs
    )
    if not skip_jsonschema:
        cj = [
            str(BIN / "check-jsonschema"),
            "--schemafile",
            str(ROOT / "schemas/item.schema.json"),
            *item_files(data),
        ]
        out["jsonschema"] = measure("check-jsonschema（item.schema.json，同一批事项文件）", cj, runs)
    return out


INPROC_LOAD = """import sys, time
from toolkit.core.load import load_project
t = time.perf_counter(); load_project(sys.argv[1], use_cache=False); print(time.perf_counter() - t)
"""
INPROC_BARE = """import sys, time, yaml
t = time.perf_counter()
for f in sys.argv[1:]:
    with open(f, 'rb') as fh:
        yaml.load(fh, Loader=yaml.CSafeLoader)
print(time.perf_counter() - t)
"""


def inprocess(name: str, cmd: list[str], runs: int) -> Result:
    r = Result(name)
    for _ in range(runs):
        proc = subprocess.run(cmd, capture_output=True, text=True, check=True)
        r.seconds.append(float(proc.stdout.strip().splitlines()[-1]))
        r.peak_mb.append(0.0)
    return r


# `stdkit build` minus argument parsing, in a fresh interpreter: the same function, and it reports its phases.
BUILD = """import json, sys
from toolkit.build import build
r = build(sys.argv[1], sys.argv[2])
with open(sys.argv[3], "w") as fh:
    json.dump(r.timings, fh)
"""


def _phase_note(samples: list[dict]) -> str:
    if not samples:
        return ""
    keys = [k for k in samples[0] if k != "total"]
    return "；".join(
        f"{PHASE_ZH.get(k, k)} {statistics.median(s.get(k, 0) for s in samples):.2f} s" for k in keys
    )


def _mkdocs_docs_dir(county: Path) -> Path | None:
    """The docs folder the build handed to mkdocs (from the config it wrote into its cache)."""
    import yaml

    cfg = project_cache(county, "site") / "mkdocs.yml"
    try:
        docs = Path(yaml.safe_load(cfg.read_text(encoding="utf-8"))["docs_dir"])
    except (OSError, KeyError, TypeError, yaml.YAMLError):
        return None
    return docs if docs.is_absolute() else cfg.parent / docs


def bench_build(data: Path, runs: int, work: Path) -> dict[str, Result]:
    out = work / "site-out"
    timing_file = work / "timings.json"
    cmd = [sys.executable, "-c", BUILD, str(data), str(out), str(timing_file)]
    res: dict[str, Result] = {}

    def cold() -> None:
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(project_cache(data, "site"), ignore_errors=True)
        shutil.rmtree(project_cache(data, "parse"), ignore_errors=True)

    def phased(key: str, name: str, before=None) -> None:
        samples: list[dict] = []

        def setup() -> None:
            if before:
                before()

        r = Result(name)
        for _ in range(runs):
            setup()
            s, mb = timed(cmd, env=EPOCH)
            r.seconds.append(s)
            r.peak_mb.append(mb)
            samples.append(json.loads(timing_file.read_text()))
            print(f"  {name}: {s:.2f} s, {mb:.0f} MB, phases {samples[-1]}", flush=True)
        r.note = _phase_note(samples)
        r.phases = {k: statistics.median(x.get(k, 0) for x in samples) for k in samples[0]}
        res[key] = r

    phased("full", "stdkit build（全量，冷启动，无缓存）", cold)
    phased("nochange", "stdkit build（无改动重建）")
    phased("edit", "stdkit build（改动一个事项后重建）", lambda: edit_one_item(data))
    docs = _mkdocs_docs_dir(data)
    if docs is not None and docs.is_dir():
        cfg = work / "plain-mkdocs.yml"
        cfg.write_text(
            json.dumps(
                {
                    "site_name": "bench",
                    "docs_dir": str(docs),
                    "site_dir": str(work / "plain-site"),
                    "theme": {"name": "material", "language": "zh"},
                }
            ),
            encoding="utf-8",
        )
        pages = sum(1 for _ in docs.rglob("*.md"))
        res["mkdocs"] = measure(
            f"普通 mkdocs build（同一批生成页面 {pages} 页，material 主题，只有默认的 search 插件）",
            [str(BIN / "mkdocs"), "build", "-q", "-f", str(cfg)],
            runs,
            ok=(0, 1),
        )
    return res


def _before_engine(r: Result) -> float:
    return sum(v for k, v in r.phases.items() if k in ("load", "prepare"))


NOTES = [
    "",
    "## 说明",
    "",
    (
        "- 校验的“无缓存”一行是首次校验（或改动了全部文件）的代价：每个文件的解析与纯 PyYAML 解析走同一条 libyaml 路径、"
        "开销相同（字段位置只在需要报错时才重新读取）；多出的部分主要是启动解释器时导入 pydantic、typer 和数据模型"
        "（约 0.2 s），其次是逐文件 pydantic 严格校验和全部交叉检查。“进程内”两行扣除了解释器启动和导入，比较的是同一进程里"
        "读取—校验—交叉检查与纯解析本身。"
    ),
    (
        "- “无改动”一行是起草人日常的情形：`toolkit/core/cache.py` 以文件内容的 sha256（加上代码指纹）为键，缓存校验后的对象和字段位置"
        "（HMAC 签名，放在 `<数据文件夹>/.stdkit-cache/parse/`），未改动的文件不再解析和校验；交叉检查每次都全部重做。"
        "改动一个文件只重新解析这一个文件。设置 `STDKIT_CACHE=0` 可关闭缓存。"
    ),
    "- check-jsonschema 只做单文件的结构校验，不做交叉检查；本机上它的耗时见上表（议题中在另一台机器上约 17 s）。",
    (
        "- 构建各阶段的耗时由 `toolkit.build.build` 自己计时（在新的解释器中运行，与 `stdkit build` 同一函数）；"
        "端到端时间包括解释器启动和导入。"
    ),
]


def write_markdown(path: Path, info: dict, v: dict[str, Result], b: dict[str, Result], runs: int) -> str:
    L = [
        "# 性能基准（BENCHMARKS）",
        "",
        "由 `.venv/bin/python bench/run.py` 生成（数据由 `toolkit.demo` 生成：1808 项清理前规模；1341 项、405 个村（社区）站点）。",
        f"每项测 {runs} 次，取中位数，并列出最小–最大值；内存为进程及其子进程的峰值常驻内存（wait4 的 ru_maxrss）。",
        "",
        "## 机器与版本",
        "",
        f"- CPU：{info['cpu']}，{info['cores']} 核；内存 {info['ram_gb']:.1f} GB；{info['os']}",
        (
            f"- Python {info['python']}；PyYAML 使用 libyaml：{'是' if info['libyaml'] else '否'}；"
            f"负载（1分钟平均）：开始时 {info['load'][0]:.2f}，结束时 {os.getloadavg()[0]:.2f}"
            "（2 核机器上负载高于 2 说明同机有其他任务，所有耗时都会偏大）"
        ),
        "- 版本：" + "，".join(f"{k} {val}" for k, val in info["versions"].items()),
        "",
        "## 校验：1808 个事项",
        "",
        "| 测量 | 中位数（秒） | 最小–最大 | 峰值内存（MB） |",
        "|---|---:|---:|---:|",
    ]
    for r in v.values():
        L.append(
            f"| {r.name} | {r.median:.2f} | {r.spread()} | {r.peak:.0f} |"
            if r.peak
            else f"| {r.name} | {r.median:.2f} | {r.spread()} | — |"
        )
    bare, cj = v["bare"].median, v.get("jsonschema")
    L += ["", "| 目标 | 实测 | 结论 | 说明 |", "|---|---|---|---|"]
    for key, label in (("cold", "无缓存"), ("warm", "无改动（缓存）")):
        m = v[key].median
        if cj:
            ratio = m / cj.median
            L.append(
                f"| 校验（{label}）≤ 0.1 × check-jsonschema | {ratio:.3f} × | {verdict(ratio <= 0.1)} | "
                f"{m:.2f} s 对 {cj.median:.2f} s |"
            )
        ratio = m / bare
        L.append(
            f"| 校验（{label}）≤ 1.3 × 纯YAML解析 | {ratio:.2f} × | {verdict(ratio <= 1.3)} | {m:.2f} s 对 {bare:.2f} s |"
        )
    if "inproc_load" in v:
        m, base = v["inproc_load"].median, v["inproc_bare"].median
        L.append(
            f"| 进程内（扣除解释器启动与导入）≤ 1.3 × 纯YAML解析 | {m / base:.2f} × | {verdict(m / base <= 1.3)} | "
            f"{m:.2f} s 对 {base:.2f} s |"
        )
    L.append(
        f"| 峰值内存 ≤ 500 MB（校验） | {max(r.peak for r in v.values() if r.name.startswith('stdkit')):.0f} MB | "
        f"{verdict(max(r.peak for r in v.values() if r.name.startswith('stdkit')) <= 500)} | |"
    )
    L += (
        _build_lines(b)
        if b
        else ["", "## 构建", "", "本次未测构建（`toolkit.build` 尚不存在或使用了 --skip-build）。"]
    )
    L += NOTES
    L.append("")
    text = "\n".join([HEAD_BEGIN, *L, HEAD_END])
    if path:
        replace_section(path, text, HEAD_BEGIN, HEAD_END)
    return text


def _build_lines(b: dict[str, Result]) -> list[str]:
    """The build section: measurements and the targets of the build benchmark."""
    L: list[str] = []
    L += [
        "",
        "## 构建：1341 个事项、405 个村（社区）站点",
        "",
        "| 测量 | 中位数（秒） | 最小–最大 | 峰值内存（MB） | 分阶段（构建函数自报，中位数） |",
        "|---|---:|---:|---:|---|",
    ]
    for r in b.values():
        L.append(f"| {r.name} | {r.median:.2f} | {r.spread()} | {r.peak:.0f} | {r.note or '—'} |")
    full, nochange = b["full"], b["nochange"]
    engine = b["mkdocs"].median if "mkdocs" in b else None
    peak = max(r.peak for r in b.values())
    why_full = (
        f"仅网站引擎（同一批页面的普通 mkdocs build）就要 {engine:.1f} s"
        if engine and engine > 30
        else f"网站引擎 {full.phases.get('site', 0):.1f} s，其余 {full.phases.get('total', 0) - full.phases.get('site', 0):.1f} s"
    )
    why_nochange = (
        f"mkdocs 没有增量构建，每次重建全部页面（网站引擎 {nochange.phases.get('site', 0):.1f} s）"
        if nochange.median > 3
        else ""
    )
    before = _before_engine(nochange)
    why_before = (
        f"读取与校验 {nochange.phases.get('load', 0):.2f} s（解析缓存命中）；生成阶段 "
        f"{nochange.phases.get('prepare', 0):.2f} s，无改动时仍在重做"
        if before > 1
        else (
            "输入指纹（数据、标准文本、mkdocs.yml、工具代码、选项）未变，整个构建被跳过，网站引擎也不运行"
            if "prepare" not in nochange.phases
            else ""
        )
    )
    edit = b.get("edit")
    edit_row = (
        (
            f"| （参考）改动一个事项后：网站引擎之前各阶段 | {_before_engine(edit):.2f} s | — | "
            f"只重新生成改动涉及的页面、流程图和二维码；标准文本与符合性页面 "
            f"{edit.phases.get('standard_and_conformance', 0):.2f} s |"
        )
        if edit
        else ""
    )
    L += [
        "",
        "| 目标 | 实测 | 结论 | 原因 |",
        "|---|---|---|---|",
        f"| 全量构建 ≤ 30 s | {full.median:.1f} s | {verdict(full.median <= 30)} | {why_full if full.median > 30 else ''} |",
        f"| 无改动重建（端到端）≤ 3 s | {nochange.median:.2f} s | {verdict(nochange.median <= 3)} | {why_nochange} |",
        f"| 无改动重建：网站引擎之前各阶段 ≤ 1 s | {before:.2f} s | {verdict(before <= 1)} | {why_before} |",
        *([edit_row] if edit_row else []),
        f"| 构建峰值内存 ≤ 500 MB | {peak:.0f} MB | {verdict(peak <= 500)} | |",
    ]
    return L


HEAD_BEGIN, HEAD_END = "<!-- run-bench:begin -->", "<!-- run-bench:end -->"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3, help="runs per measurement (median reported)")
    ap.add_argument("--skip-jsonschema", action="store_true", help="skip check-jsonschema (slowest part)")
    ap.add_argument("--skip-build", action="store_true", help="skip the build measurements")
    ap.add_argument("--markdown", type=Path, default=ROOT / "BENCHMARKS.md", help="where to write the table")
    ap.add_argument(
        "--no-write", action="store_true", help="print the table instead of writing BENCHMARKS.md"
    )
    ap.add_argument("--keep", action="store_true", help="keep the generated data (path printed)")
    ap.add_argument(
        "--parts", default="head,engines,targets", help="which sections to measure: head, engines, targets"
    )
    args = ap.parse_args()
    parts = set(args.parts.split(","))
    if "head" in parts:
        head(args)
    shared = [f"--runs={max(args.runs, 5)}", *(["--no-write"] if args.no_write else [])]
    for part in ("engines", "targets"):
        if part in parts:
            script(part, [*shared, f"--markdown={args.markdown}"])


def script(name: str, argv: list[str]) -> None:
    """Run bench/<name>.py (its own section of BENCHMARKS.md) with this interpreter; stop if it fails."""
    code = subprocess.call([sys.executable, str(Path(__file__).with_name(f"{name}.py")), *argv])
    if code:
        raise SystemExit(code)


def head(args) -> None:
    """Validation at 1,808 items and builds of the generated 1,341-item county (the first section)."""
    from toolkit.demo import generate

    info = machine()
    with work_folder("stdkit-bench-", args.keep) as work:
        print(f"generating data in {work} …", flush=True)
        generate(work / "c1808", items=1808)
        v = bench_validate(work / "c1808", args.runs, args.skip_jsonschema)
        b: dict[str, Result] = {}
        if not args.skip_build and importlib.util.find_spec("toolkit.build") is not None:
            generate(work / "c1341", items=1341, villages=405)
            shutil.copytree(ROOT / "standard", work / "c1341" / "standard")  # the standard's sources
            b = bench_build(work / "c1341", args.runs, work)
        text = write_markdown(None if args.no_write else args.markdown, info, v, b, args.runs)
        print(text)


if __name__ == "__main__":
    main()

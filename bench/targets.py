"""The targets table of issue #12 (edit one item, see it in two seconds), measured on the bundled Jianshi data.

One command:  .venv/bin/python bench/targets.py            (writes the targets section of BENCHMARKS.md)
Quick look:   .venv/bin/python bench/targets.py --runs 1 --cold-runs 1 --no-write
Also run by bench/run.py (its `--parts` option chooses which sections).

On a copy of the repository's own data (1,341 items, 405 stations, the standard's sources), with `stdkit build`
exactly as a drafter runs it (PDFs included), each in a fresh interpreter: a full build with warm caches
(the up-to-date record removed, every artefact cache kept), a rebuild after editing one item's name (and
whether its output is byte-identical to a full build of the same sources), `stdkit serve` from saving an
item's YAML to the browser showing the change, a rebuild after editing one clause of the standard, the
first-load weight of an item page in Chromium (gzip, search assets included), and a cold full build of
`demo-data --items 1808` with its peak memory.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import (
    BIN,
    PHASE_ZH,
    ROOT,
    Sample,
    differing,
    edit_one_item,
    machine,
    parser,
    replace_section,
    run,
    tree_digest,
    verdict,
    versions,
    work_folder,
)

BEGIN, END = "<!-- targets-bench:begin -->", "<!-- targets-bench:end -->"
DATA_PARTS = ("items", "flowcharts", "published", "standard", "sources", "mkdocs.yml")
WEIGHT_PAGE = "items/ga-csdj/"  # the page tests/test_citizen_site.py weighs


def jianshi_copy(work: Path) -> Path:
    """The repository's data in work/jianshi (replaced when reusing a work folder; its caches stay)."""
    data = work / "jianshi"
    shutil.rmtree(data, ignore_errors=True)
    data.mkdir(parents=True)
    for part in DATA_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, data / part)
        elif src.is_file():
            shutil.copy2(src, data / part)
    return data


# `stdkit build` (PDFs included) in a fresh interpreter, reporting its phases; "full": every page rebuilt
# (`stdkit build --full`, where the incremental build exists).
BUILD = """import inspect, json, sys
from toolkit.build import build
full = sys.argv[4] == "full" and "full" in inspect.signature(build).parameters
r = build(sys.argv[1], sys.argv[2], pdf=sys.argv[5] == "pdf", **({"full": True} if full else {}))
with open(sys.argv[3], "w") as fh:
    json.dump(r.timings, fh)
"""


class Builder:
    """`stdkit build` of one data folder, as a drafter runs it."""

    def __init__(self, data: Path, out: Path, work: Path, pdf: bool = True):
        self.data, self.out, self.timings = data, out, work / f"timings-{data.name}.json"
        self.pdf = pdf

    def once(self, label: str, full: bool = False) -> tuple[tuple[float, float, float], dict]:
        cmd = [sys.executable, "-c", BUILD, str(self.data), str(self.out), str(self.timings)]
        t, _, _ = run([*cmd, "full" if full else "changed", "pdf" if self.pdf else "nopdf"])
        phases = json.loads(self.timings.read_text())
        print(f"  {label}: {t[0]:.2f} s, CPU {t[1]:.2f} s, {t[2]:.0f} MB, phases {phases}", flush=True)
        return t, phases

    def force_full(self) -> None:
        """Forget the last build's record so that the next one does not skip (caches stay warm)."""
        from toolkit.core.cachedir import project_cache

        for stamp in project_cache(self.data, "site").glob("last-build-*.json"):
            stamp.unlink()


def edit_clause(data: Path) -> None:
    """Change the wording of the first numbered clause of one chapter, back and forth."""
    path = data / "standard" / "05-county-centre.md"
    text = path.read_text(encoding="utf-8")
    mark = "（基准测试改动）"
    new = (
        text.replace(mark, "", 1) if mark in text else re.sub(r"。 (\{#[a-z-]+\})", mark + r"。 \1", text, 1)
    )
    path.write_text(new, encoding="utf-8")


def median_phases(samples: list[dict]) -> dict:
    return {k: statistics.median(s.get(k, 0.0) for s in samples) for k in samples[0]}


def timed_runs(b: Builder, runs: int, label: str, before, full: bool = False) -> tuple[Sample, dict]:
    sample, phases = Sample(), []
    for _ in range(runs):
        before()
        t, p = b.once(label, full)
        sample.add(t)
        phases.append(p)
    return sample, median_phases(phases)


def builds(data: Path, work: Path, runs: int) -> dict:
    """Full build with warm caches, one-item rebuild (byte-identical to a full build?), one-clause rebuild."""
    b = Builder(data, work / "out", work)
    b.once("first build (fills the caches)")
    res: dict = {}
    res["full"] = timed_runs(b, min(3, runs), "full build, warm caches", b.force_full, full=True)
    res["item"] = timed_runs(b, runs + 1 - runs % 2, "one item edited", lambda: edit_one_item(data))
    incremental = tree_digest(b.out)  # the edited state: an odd number of edits
    b.force_full()
    b.once("full build of the same sources", full=True)
    res["identical"] = differing(incremental, tree_digest(b.out))
    # Back to the original, built before the clause is timed (the caches keep only the last build's files).
    edit_one_item(data)
    b.once("build of the original sources")
    res["clause"] = timed_runs(b, min(3, runs), "one clause edited", lambda: edit_clause(data))
    if min(3, runs) % 2:
        edit_clause(data)  # back to the original
    res["weight"] = page_weight(b.out)
    res["item_nopdf"] = nopdf_item(data, work, runs)
    return res


def nopdf_item(data: Path, work: Path, runs: int) -> tuple[Sample, dict, list[str]]:
    """The drafter's editing loop: `stdkit build --no-pdf` after editing one item (no PDF reprinted), and
    whether its output equals a full `--no-pdf` build of the same sources."""
    b = Builder(data, work / "out-nopdf", work, pdf=False)
    b.once("first build without PDFs")
    sample, phases = timed_runs(
        b, runs + 1 - runs % 2, "one item edited, --no-pdf", lambda: edit_one_item(data)
    )
    incremental = tree_digest(b.out)
    b.force_full()
    b.once("full build without PDFs of the same sources", full=True)
    same = differing(incremental, tree_digest(b.out))
    edit_one_item(data)  # back to the original
    return sample, phases, same


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve_latency(data: Path, runs: int) -> Sample | None:
    """`stdkit serve`: from saving an item's YAML to the open page showing the new name (live reload)."""
    sys.path.insert(0, str(ROOT / "tests"))
    import yaml
    from playwright.sync_api import sync_playwright
    from sitehelp import launch

    path = min(data.glob("items/services/**/*.yaml"))  # the file edit_one_item edits
    item_id = yaml.safe_load(path.read_text(encoding="utf-8"))["id"]
    addr = f"127.0.0.1:{_free_port()}"
    sample = Sample()
    with tempfile.TemporaryFile() as log:
        cmd = [str(BIN / "stdkit"), "serve", str(data), "--addr", addr]
        proc = subprocess.Popen(cmd, stdout=log, stderr=log, env=os.environ)
        try:
            with sync_playwright() as p:
                browser = launch(p)
                page = browser.new_page()
                _wait_served(page, f"http://{addr}/items/{item_id}/", proc)
                for _ in range(runs):
                    sample.add((_one_save(page, data), 0.0, 0.0))
                    print(f"  serve: change shown after {sample.wall[-1]:.2f} s", flush=True)
                browser.close()
        finally:
            proc.terminate()
            proc.wait(timeout=60)
    return sample


def _one_save(page, data: Path) -> float:
    before = page.locator("h1").first.inner_text()
    t0 = time.perf_counter()
    edit_one_item(data)
    page.wait_for_function(
        "old => { const h = document.querySelector('h1'); return h && h.innerText !== old; }",
        arg=before,
        timeout=600_000,
        polling=50,
    )
    seconds = time.perf_counter() - t0
    page.wait_for_timeout(1000)  # let the server settle before the next save
    return seconds


def _wait_served(page, url: str, proc: subprocess.Popen) -> None:
    from playwright.sync_api import Error as PlaywrightError

    deadline = time.monotonic() + 900
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"stdkit serve exited with {proc.returncode}")
        try:
            page.goto(url, wait_until="load")
        except PlaywrightError:  # the server is not up yet
            time.sleep(1)
            continue
        if page.locator("h1").count():
            return
        time.sleep(1)
    raise SystemExit("stdkit serve did not come up in 15 minutes")


def page_weight(site: Path) -> dict:
    """Chromium at 360 px opens an item page: what it downloads (gzip -6 of each file), and after opening
    the search box and typing a word, what the search added."""
    sys.path.insert(0, str(ROOT / "tests"))
    from playwright.sync_api import sync_playwright
    from sitehelp import launch, serve

    def sizes(urls: list[str], base: str) -> dict[str, int]:
        out = {}
        for u in {u.split("#")[0].split("?")[0] for u in urls if u.startswith(base)}:
            p = site / (u.removeprefix(base) or "index.html")
            p = p / "index.html" if p.is_dir() else p
            out[p.relative_to(site).as_posix()] = len(gzip.compress(p.read_bytes(), 6))
        return out

    with serve(site) as base, sync_playwright() as pw:
        browser = launch(pw)
        context = browser.new_context(viewport={"width": 360, "height": 740})
        urls: list[str] = []
        context.on("requestfinished", lambda r: urls.append(r.url))
        page = context.new_page()
        page.goto(base + WEIGHT_PAGE, wait_until="networkidle")
        page.wait_for_timeout(500)
        first = sizes(urls, base)
        page.locator("label.md-search__icon, label[for=__search]").first.click()
        box = page.locator("input.md-search__input")
        box.fill("出生")
        box.dispatch_event("keyup")
        page.wait_for_selector(".md-search-result__item", timeout=60000)
        searched = sizes(urls, base)
        browser.close()
    return {"first": first, "searched": searched}


def cold_1808(work: Path, runs: int) -> tuple[Sample, dict]:
    """`stdkit demo-data --items 1808` then `stdkit build` with every cache empty (a private cache folder)."""
    from toolkit.demo import generate

    data = work / "c1808"
    generate(data, items=1808)
    b = Builder(data, work / "out1808", work)
    sample, phases = Sample(), []
    home = os.environ["STDKIT_CACHE_DIR"]
    try:
        for i in range(runs):
            os.environ["STDKIT_CACHE_DIR"] = str(work / f"cold-cache-{i}")
            shutil.rmtree(b.out, ignore_errors=True)
            t, p = b.once("cold full build, 1808 items")
            sample.add(t)
            phases.append(p)
            shutil.rmtree(work / f"cold-cache-{i}", ignore_errors=True)
    finally:
        os.environ["STDKIT_CACHE_DIR"] = home
    return sample, median_phases(phases)


def _kb(sizes: dict[str, int]) -> float:
    return sum(sizes.values()) / 1024


def _phase_text(phases: dict) -> str:
    return "；".join(
        f"{PHASE_ZH.get(k, k)} {v:.1f} s" for k, v in phases.items() if k != "total" and v >= 0.05
    )


BUSY = 2.5  # 1-minute load above which wall times say more about the other jobs than about the build


def judged(x: Sample, busy: bool) -> float:
    """The time a target is judged by: wall time, or on a busy machine the CPU time (user + system of the
    process tree; on a quiet 2-core machine the build's wall time is close to it)."""
    return x.c if busy and x.c else x.s


def shown(x: Sample) -> str:
    return f"{x.s:.1f} s（CPU {x.c:.1f} s）" if x.c else f"{x.s:.1f} s"


def rows(res: dict) -> list[tuple[str, str, str, bool | None, str]]:
    """(measure, target, measured, met?, reason) for each target of the issue."""
    (full, fp), (item, ip), (clause, cp) = res["full"], res["item"], res["clause"]
    busy = res["busy"]
    same = res["identical"]
    first, searched = res["weight"]["first"], res["weight"]["searched"]
    index_first = any(k.endswith("search-index.json") for k in first)
    heavy = "、".join(f"{k} {v / 1024:.1f} KB" for k, v in sorted(first.items(), key=lambda kv: -kv[1])[:4])
    out = [
        (
            "全量构建（1341 个事项、405 个站点，缓存已热）",
            "≤ 15 s",
            shown(full),
            judged(full, busy) <= 15,
            _phase_text(fp),
        ),
        (
            "改动一个事项（名称）后重建",
            "≤ 2 s，且与全量构建逐字节相同",
            shown(item) + "；" + ("逐字节相同" if not same else f"{len(same)} 个文件不同"),
            judged(item, busy) <= 2 and not same,
            _phase_text(ip) + ("" if not same else f"；不同的文件如 {'、'.join(same[:3])}"),
        ),
    ]
    if res.get("item_nopdf"):
        nitem, nphases, nsame = res["item_nopdf"]
        out.append(
            (
                "（参考）改动一个事项后 `stdkit build --no-pdf`（起草人改稿时：不重印 PDF）",
                "—",
                shown(nitem)
                + "；"
                + ("与全量 `--no-pdf` 构建逐字节相同" if not nsame else f"{len(nsame)} 个文件不同"),
                None,
                _phase_text(nphases),
            )
        )
    serve = res.get("serve")
    out.append(
        (
            "`stdkit serve`：保存事项文件 → 浏览器显示改动",
            "≤ 1 s",
            f"{serve.s:.1f} s" if serve else "未测",
            serve.s <= 1 if serve else None,
            res.get("serve_note", ""),
        )
    )
    out += [
        (
            "改动标准的一条条文后重建（网站 + DOCX + PDF）",
            "≤ 5 s",
            shown(clause),
            judged(clause, busy) <= 5,
            _phase_text(cp),
        ),
        (
            "事项页首次加载（gzip，含搜索资源）",
            "≤ 70 KB；搜索索引只在打开搜索时加载",
            (
                f"{_kb(first):.1f} KB；搜索索引{'随首次加载下载' if index_first else '打开搜索后才加载'}"
                f"（打开搜索并查询后共 {_kb(searched):.1f} KB）"
            ),
            _kb(first) <= 70 and not index_first,
            f"最大的几项：{heavy}",
        ),
    ]
    cold = res.get("cold")
    if cold is None and res.get("old_cold"):
        out.append(res["old_cold"])
    elif cold:
        sample, phases = cold
        peak = max(sample.peak)
        out.append(
            (
                "冷启动全量构建，1808 个事项（`demo-data --items 1808`）",
                "≤ 25 s，峰值内存 ≤ 500 MB",
                f"{shown(sample)}，{peak:.0f} MB",
                judged(sample, busy) <= 25 and peak <= 500,
                _phase_text(phases),
            )
        )
    return out


COLD_ROW = re.compile(
    r"^\| (冷启动全量构建[^|]*) \| ([^|]*) \| ([^|]*) \| ([^|]*) \| ([^|]*) \|$", re.MULTILINE
)


def previous_cold(path: Path) -> tuple[str, str, str, bool | None, str] | None:
    """The cold-build row of the previous run (kept, and said so, when this run skips that measure)."""
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    found = COLD_ROW.search(old[old.find(BEGIN) :]) if BEGIN in old else None
    if not found:
        return None
    name, target, value, ok, why = found.groups()
    kept = why if "上次运行测得" in why else f"{why}（上次运行测得，本次未重测）"
    return name, target, value, {"达到": True, "未达到": False}.get(ok), kept


def section(res: dict, runs: int, cold_runs: int, load: tuple[float, float]) -> str:
    info = machine()
    L = [
        BEGIN,
        "## 议题 #12 的目标",
        "",
        (
            "由 `.venv/bin/python bench/targets.py` 生成（`bench/run.py` 也调用它）：本仓库自带的建始县数据"
            "（复制到临时文件夹），`stdkit build` 与起草人运行的相同（生成 PDF），每次在新的解释器中运行。全量构建与改动条文后"
            f"的重建测 {min(3, runs)} 次，改动事项后的重建测 {runs + 1 - runs % 2} 次，"
            + (f"冷启动构建测 {cold_runs} 次" if cold_runs else "冷启动构建本次未测（沿用上次运行的结果）")
            + "，取中位数；"
            "耗时为墙钟时间（含解释器启动），括号中为进程及子进程的 CPU 时间（用户态加内核态）；原因一栏为构建函数自报的"
            "分阶段墙钟耗时（中位数）。"
            + (
                f"本次测量时负载高于 {BUSY}（同机有其他任务），墙钟时间主要反映等待，构建各项按 CPU 时间判断是否达到"
                "（安静的 2 核机器上构建的墙钟时间与 CPU 时间相近）；serve 一项只能按墙钟时间。"
                if res["busy"]
                else ""
            )
        ),
        "",
        (
            f"机器：{info['cpu']}，{info['cores']} 核；{info['os']}；Python {info['python']}；"
            f"负载（1 分钟平均）：开始时 {load[0]:.2f}，结束时 {load[1]:.2f}"
            "（目标按安静的 2 核机器定；负载高于 2 时各项耗时都偏大）。版本：" + versions() + "。"
        ),
        "",
        "| 测量 | 目标 | 实测（中位数） | 结论 | 原因与分项 |",
        "|---|---|---|---|---|",
    ]
    for name, target, value, ok, why in rows(res):
        L.append(f"| {name} | {target} | {value} | {verdict(ok)} | {why} |")
    L += ["", END]
    return "\n".join(L)


def measure_all(work: Path, runs: int, cold_runs: int, with_serve: bool) -> dict:
    data = jianshi_copy(work)
    res = builds(data, work, runs)
    if with_serve:
        res["serve"] = serve_latency(data, min(3, runs))
        if not (ROOT / "toolkit/site/incremental.py").exists():
            res["serve_note"] = (
                "这一版的 stdkit serve 每次保存后重新生成全部页面并全量构建网站（增量构建尚未合入）"
            )
    else:
        res["serve_note"] = "本次未测（--skip-serve）"
    if cold_runs:
        res["cold"] = cold_1808(work, cold_runs)
    return res


def main(argv: list[str] | None = None) -> None:
    ap = parser(__doc__)
    ap.add_argument("--cold-runs", type=int, default=3, help="cold 1,808-item builds (0: skip)")
    ap.add_argument("--skip-serve", action="store_true", help="skip the stdkit serve measurement")
    args = ap.parse_args(argv)
    start = os.getloadavg()[0]
    with work_folder("stdkit-targets-", args.keep, args.work) as work:
        res = measure_all(work, args.runs, args.cold_runs, not args.skip_serve)
        res["old_cold"] = previous_cold(args.markdown)
        res["busy"] = start > BUSY
        text = section(res, args.runs, args.cold_runs, (start, os.getloadavg()[0]))
        if not args.no_write:
            replace_section(args.markdown, text, BEGIN, END)
        print(text)


if __name__ == "__main__":
    main()

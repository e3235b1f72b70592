"""Site engines side by side on the docs of a real build of the bundled Jianshi data (issue #12, point 1).

One command:  .venv/bin/python bench/engines.py            (writes the engine section of BENCHMARKS.md)
Quick look:   .venv/bin/python bench/engines.py --runs 1 --no-write
Also run by bench/run.py (its `--parts` option chooses which sections).

The docs folder and the mkdocs configuration are those `stdkit build` hands to mkdocs (a real build of the
repository's data, no PDFs, into a private cache). On them, each in a fresh interpreter:
- baseline: mkdocs full build exactly as `stdkit build` runs it (toolkit.site.mkdocs_config.run_build:
  strict, the search hook); it also reports how much of its time went into the item pages;
- (a) Zensical (optional: only when the `zensical` package is installed; never a dependency of stdkit):
  the configuration as stdkit writes it, then with relative folders; clean full build and its
  differential rebuild after editing one item page;
- (b) the item pages rendered by the toolkit itself through Material's templates, the rest by mkdocs:
  estimated from a mkdocs build of the docs without the item pages plus the in-process time mkdocs spends
  on the item pages (reading, Markdown, template) in the baseline;
- (c) mkdocs `dirty` build on a persistent site folder after editing one item page.
Checks per engine: strict link checking (a broken link must fail the build), not_in_nav (no item page in
the menu), byte-identical output (two clean builds; for `dirty`, against a clean full build), and the
browser checks of tests/test_browser.py (Chromium: item page, no external request, Chinese search).
Wall time and CPU time (user + system of the process tree, from wait4) are both reported: on a shared
machine wall time depends on the load, CPU time much less.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from common import (
    BIN,
    EPOCH,
    ROOT,
    Sample,
    differing,
    machine,
    parser,
    replace_section,
    run,
    tree_digest,
    versions,
    work_folder,
)

BEGIN, END = "<!-- engines-bench:begin -->", "<!-- engines-bench:end -->"

# `stdkit build` without PDFs, in a fresh interpreter (its docs folder and mkdocs.yml stay in the cache).
BUILD = """import sys
from toolkit.build import build
build(sys.argv[1], sys.argv[2], pdf=False)
"""
# The baseline: the in-process build `stdkit build` runs, timing the item pages' share of it.
MKDOCS = """import json, sys, time
from pathlib import Path
import mkdocs.commands.build as b
from toolkit.site.mkdocs_config import run_build
from toolkit.site.plugin import StdkitPlugin
spent = {"items": 0.0, "items_n": 0}
def timed(fn):
    def run(page, *a, **k):
        t = time.perf_counter()
        try:
            return fn(page, *a, **k)
        finally:
            if page.file.src_uri.startswith("items/"):
                spent["items"] += time.perf_counter() - t
                spent["items_n"] += fn is populate
    return run
populate = b._populate_page
b._populate_page, b._build_page = timed(b._populate_page), timed(b._build_page)
t = time.perf_counter()
run_build(Path(sys.argv[1]), Path(sys.argv[2]), StdkitPlugin())
spent["total"] = time.perf_counter() - t
Path(sys.argv[3]).write_text(json.dumps(spent))
"""
# mkdocs as configured in the file, optionally --dirty; strict as the file says.
# mkdocs warns that a dirty build may be inaccurate; in strict mode that warning alone would abort it.
PLAIN = """import logging, sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
logging.basicConfig(level=logging.WARNING)
logging.getLogger("mkdocs.commands.build").addFilter(lambda r: "'dirty' build" not in r.getMessage())
build(load_config(config_file=sys.argv[1]), dirty=sys.argv[2] == "dirty")
"""


@dataclass
class Engine:
    name: str
    full: Sample | None = None
    one: Sample | None = None
    checks: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def identical_note(diff: list[str]) -> str:
    return "是" if not diff else f"否（{len(diff)} 个文件不同，如 {'、'.join(diff[:3])}）"


def real_docs(work: Path) -> tuple[dict, int, int]:
    """The docs folder and mkdocs configuration of a real `stdkit build` of the bundled data, copied to work/docs."""
    import yaml

    from toolkit.core.cachedir import project_cache

    saved = work / "stdkit-mkdocs.yml"
    if not saved.exists():  # (--work of an earlier run: the same docs again)
        print("building the bundled data (no PDFs) for its docs folder …", flush=True)
        run([sys.executable, "-c", BUILD, str(ROOT), str(work / "site-stdkit")])
        shutil.copy2(project_cache(ROOT, "site") / "mkdocs.yml", saved)
        shutil.copytree(yaml.safe_load(saved.read_text(encoding="utf-8"))["docs_dir"], work / "docs")
    cfg = yaml.safe_load(saved.read_text(encoding="utf-8"))
    pages = sum(1 for _ in (work / "docs").rglob("*.md"))
    items = sum(1 for _ in (work / "docs/items").glob("*.md"))
    return cfg, pages, items


def write_cfg(cfg: dict, path: Path, **changes) -> Path:
    import yaml

    path.write_text(yaml.safe_dump({**cfg, **changes}, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


class Edit:
    """Edit one item page's title back and forth (each edit changes the page), or add a broken link."""

    def __init__(self, docs: Path):
        self.path = min((docs / "items").glob("*.md"))
        self.original = self.path.read_text(encoding="utf-8")
        self.n = 0

    def toggle(self) -> None:
        self.n += 1
        text = self.original if self.n % 2 == 0 else re.sub(r"(?m)^(# .+)$", r"\1（改）", self.original, 1)
        self.path.write_text(text, encoding="utf-8")

    def break_link(self) -> None:
        self.path.write_text(self.original + "\n[不存在的页面](../departments/no-such-page.md)\n", "utf-8")

    def restore(self) -> None:
        self.path.write_text(self.original, encoding="utf-8")


NAV_LINK = re.compile(r"<a\b[^>]*>")


def menu_has_items(site: Path) -> bool:
    """not_in_nav: does the home page's menu link to an item page?"""
    html = (site / "index.html").read_text(encoding="utf-8")
    return any("md-nav__link" in a and re.search(r'href="(\./)?items/', a) for a in NAV_LINK.findall(html))


def titled_nav(nav: list, site: Path) -> list:
    """The nav with a title written for every page (the title the full build showed: its <title> tag).
    Without it mkdocs takes a page's menu title from its heading, which a dirty build reads only for the
    pages it rebuilds — the others appear as "None" in the menu."""
    out: list = []
    for entry in nav:
        if isinstance(entry, str):
            url = entry[: -len("index.md")] if entry.endswith("index.md") else entry[:-3] + "/"
            head = re.search(r"<title>(.*?) - ", (site / url / "index.html").read_text(encoding="utf-8"))
            out.append({html.unescape(head.group(1)) if head else entry: entry})
        else:
            out.append({k: titled_nav(v, site) if isinstance(v, list) else v for k, v in entry.items()})
    return out


def browser_check(site: Path, item_uri: str, title: str) -> str:
    """The checks of tests/test_browser.py on a built site: the item page shows its title, nothing is
    requested from outside (search opened too), and the Chinese search for 营业执照 lists item pages."""
    sys.path.insert(0, str(ROOT / "tests"))
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright
    from sitehelp import launch, serve

    problems: list[str] = []
    with serve(site) as base, sync_playwright() as p:
        b = launch(p)
        try:
            page, requests = b.new_page(viewport={"width": 390, "height": 844}), []
            page.on("request", lambda r: requests.append(r.url))
            page.goto(base + item_uri, wait_until="networkidle")
            if page.locator("h1").first.inner_text().strip() != title:
                problems.append("事项页标题不对")
            page.locator("label.md-search__icon, label[for=__search]").first.click()
            page.wait_for_load_state("networkidle")
            outside = [u for u in requests if not u.startswith((base, "data:", "blob:"))]
            if outside:
                problems.append(f"向外部请求 {outside[0]}")
            page.close()
            page = b.new_page()
            page.goto(base, wait_until="networkidle")
            box = page.locator("input.md-search__input")
            box.click()
            box.fill("营业执照")
            box.dispatch_event("keyup")
            try:
                page.wait_for_selector(".md-search-result__item a[href*='items/']", timeout=20000)
            except PlaywrightTimeout:  # the search listed no item page
                problems.append("搜索“营业执照”没有列出事项")
            page.close()
        finally:
            b.close()
    return "是" if not problems else "否（" + "；".join(problems) + "）"


def baseline(work: Path, cfg: dict, runs: int, edit: Edit) -> tuple[Engine, dict, list[dict]]:
    """mkdocs full build as `stdkit build` runs it; returns the engine, the output digest and the
    in-process split (item pages vs the rest) of each run."""
    site, spent_file = work / "site-mkdocs", work / "spent.json"
    conf = write_cfg(cfg, work / "mkdocs.yml", docs_dir=str(work / "docs"), site_dir=str(site))
    cmd = [sys.executable, "-c", MKDOCS, str(conf), str(work / "engine-cache"), str(spent_file)]
    e, digests, spent = Engine("mkdocs（基线：`stdkit build` 的全量构建）", full=Sample()), [], []
    edit.break_link()  # first: the measured builds below leave a clean full build in `site`
    _, code, _ = run(cmd, ok=None)
    edit.restore()
    e.checks["strict"] = "是" if code else "否（坏链接未使构建失败）"
    for _ in range(min(3, runs)):
        shutil.rmtree(site, ignore_errors=True)
        t, _, _ = run(cmd)
        e.full.add(t)
        spent.append(json.loads(spent_file.read_text()))
        digests.append(tree_digest(site))
        print(f"  baseline: {t[0]:.2f} s, CPU {t[1]:.2f} s, items {spent[-1]['items']:.2f} s", flush=True)
    e.checks["repro"] = identical_note(differing(digests[0], digests[-1]))
    e.checks["nav"] = "否" if menu_has_items(site) else "是"
    e.one = e.full  # no incremental build: an edit costs a full build
    return e, digests[0], spent


def dirty(work: Path, cfg: dict, runs: int, edit: Edit, full: dict[str, str], titled: bool) -> Engine:
    """mkdocs build(dirty=True) on a persistent site folder (a copy of the full build) after editing one
    item page; `titled`: with a title written for every nav entry (see titled_nav)."""
    site = work / ("site-dirty-titled" if titled else "site-dirty")
    nav = titled_nav(cfg["nav"], work / "site-mkdocs") if titled else cfg["nav"]
    conf = write_cfg(cfg, site.with_suffix(".yml"), docs_dir=str(work / "docs"), site_dir=str(site), nav=nav)
    cmd = [sys.executable, "-c", PLAIN, str(conf), "dirty"]
    shutil.copytree(work / "site-mkdocs", site)  # the persistent folder: a previous full build
    e = Engine(
        "(c2) mkdocs `dirty` 构建，导航中每页写明标题"
        if titled
        else "(c) mkdocs `dirty` 构建（保留上次的网站文件夹，只重建源文件更新过的页面）",
        one=Sample(),
    )
    out = site / "items" / edit.path.stem / "index.html"
    for i in range(runs + runs % 2):  # an even number: the page ends as it started
        edit.toggle()
        t, _, _ = run(cmd)
        e.one.add(t)
        if ("（改）" in out.read_text(encoding="utf-8")) != (i % 2 == 0):
            e.notes.append("改动未出现在输出中")
        print(f"  dirty: {t[0]:.2f} s, CPU {t[1]:.2f} s", flush=True)
    diff = differing(full, tree_digest(site))
    e.checks["repro"] = identical_note(diff) + "（与全量构建相比）"
    e.checks["nav"] = "否" if menu_has_items(site) else "是"
    edit.break_link()
    _, code, _ = run(cmd, ok=None)
    edit.restore()
    run(cmd)
    e.checks["strict"] = (
        "部分：只检查本次重建的页面（坏链接使构建失败）；未重建的页面里指向已删除页面的链接不再检查"
        if code
        else "否（坏链接未使构建失败）"
    )
    e.notes.append(DIRTY_TITLED if titled else DIRTY)
    return e


DIRTY = (
    "mkdocs 按修改时间判断（源文件比输出新才重建），导航、配置、主题或工具改动时必须全量构建；mkdocs 自己的"
    "“dirty 构建可能不准确”警告在严格模式下会使构建失败，需在日志中滤掉；导航中未写标题的页面（工作人员专区的"
    "标准文本各章）在重建的页面菜单里显示为“None”"
)
DIRTY_TITLED = (
    "导航的每一项写明标题（与全量构建中页面的标题相同）后，dirty 构建只剩上面的前两条限制；自有代码只需："
    "持久的网站文件夹、按内容比较写入 docs（已有 DocsTree）、判断何时必须全量构建"
)
OWN_CODE = (
    "需要自行实现（估计 300–400 行加测试）：Markdown 中 .md 链接改写为目录式网址并校验（含锚点）、每页的导航菜单"
    "（Material 每页都渲染整棵导航，需要 mkdocs 的 Navigation 对象）、页面上下文（标题、目录、canonical 网址、"
    "base_url、meta）、sitemap.xml 合并、把事项页从 mkdocs 中排除而其他页面指向它们的链接仍能校验；搜索已是自有的，"
    "不受影响。若复用 mkdocs 的 Page 与 Navigation 对象来做这些，就等于 (c2)"
)


def zensical(work: Path, cfg: dict, runs: int, edit: Edit) -> Engine | None:
    """Zensical on the same docs: the configuration as stdkit writes it, then with relative folders."""
    exe = BIN / "zensical"
    if not exe.exists():
        return None
    from importlib.metadata import version

    e = Engine(f"(a) Zensical {version('zensical')}", full=Sample(), one=Sample())
    as_is = write_cfg(
        cfg, work / "zensical-as-is.yml", docs_dir=str(work / "docs"), site_dir=str(work / "z0")
    )
    _, code, tail = run([str(exe), "build", "-f", str(as_is), "-s"], cwd=work, ok=None)
    if code:
        last = [ln for ln in tail.splitlines() if ln.strip()][-1]
        e.notes.append(
            f"stdkit 写出的配置（docs_dir、site_dir 为绝对路径）构建失败（退出码 {code}）：`{last}`"
        )
    site = work / "site-zen"
    conf = write_cfg(cfg, work / "zensical.yml", docs_dir="docs", site_dir="site-zen")
    cmd = [str(exe), "build", "-f", str(conf), "-s"]
    digests = []
    for _ in range(min(3, runs)):
        shutil.rmtree(site, ignore_errors=True)
        shutil.rmtree(work / ".cache", ignore_errors=True)
        t, _, _ = run(cmd, cwd=work)
        e.full.add(t)
        digests.append(tree_digest(site))
        print(f"  zensical full: {t[0]:.2f} s, CPU {t[1]:.2f} s", flush=True)
    e.checks["repro"] = identical_note(differing(digests[0], digests[-1]))
    out = site / "items" / edit.path.stem / "index.html"
    for i in range(runs + runs % 2):
        edit.toggle()
        t, _, _ = run(cmd, cwd=work)
        e.one.add(t)
        if ("（改）" in out.read_text(encoding="utf-8")) != (i % 2 == 0):
            e.notes.append("差分构建后改动未出现在输出中")
        print(f"  zensical one item: {t[0]:.2f} s, CPU {t[1]:.2f} s", flush=True)
    e.checks["nav"] = "否" if menu_has_items(site) else "是"
    edit.break_link()
    _, code, tail = run(cmd, cwd=work, ok=None)
    edit.restore()
    run(cmd, cwd=work)
    e.checks["strict"] = "是" if code else "否（坏链接未使 `zensical build -s` 失败）"
    index = site / "search.json"
    if index.exists():
        e.notes.append(
            f"不执行 mkdocs 插件：toolkit/site/plugin.py 未运行，另写出自带的搜索索引 search.json"
            f"（{index.stat().st_size / 1e6:.1f} MB）"
        )
    e.notes.append(
        f"同一批页面输出 {sum(1 for _ in site.rglob('*.html'))} 个 HTML 文件，主题为 Zensical 自带模板"
    )
    return e


def own_items(work: Path, cfg: dict, runs: int, spent: list[dict], pages: int) -> Engine:
    """(b): mkdocs on the docs without the item pages + the in-process time the item pages take in mkdocs
    (reading, Markdown with the same extensions, Material's main.html) — what our own renderer would
    spend at best, since it would run the same Markdown extensions and templates."""
    docs = work / "docs-rest"
    shutil.copytree(work / "docs", docs, ignore=shutil.ignore_patterns("items"), copy_function=os.link)
    (docs / "items").mkdir()
    lax = {"not_found": "ignore", "anchors": "ignore", "absolute_links": "info", "unrecognized_links": "info"}
    conf = write_cfg(
        cfg,
        work / "mkdocs-rest.yml",
        docs_dir=str(docs),
        site_dir=str(work / "site-rest"),
        strict=False,
        validation={**cfg["validation"], "links": lax},
    )
    rest = Sample()
    for _ in range(min(3, runs)):
        shutil.rmtree(work / "site-rest", ignore_errors=True)
        t, _, _ = run([sys.executable, "-c", PLAIN, str(conf), "full"])
        rest.add(t)
        print(f"  mkdocs without item pages: {t[0]:.2f} s, CPU {t[1]:.2f} s", flush=True)
    items = statistics.median(s["items"] for s in spent)
    n = spent[0]["items_n"]
    e = Engine(
        "(b) 事项页由工具包用 Material 模板自行渲染，其余页面由 mkdocs 构建（估算）",
        full=Sample(),
        one=Sample(),
    )
    for s in rest.wall:
        e.full.add((s + items, 0.0, 0.0))
    for s in rest.wall:
        e.one.add((s + items / n, 0.0, 0.0))
    e.notes.append(
        f"mkdocs 构建其余 {pages - n} 页：{rest.s:.2f} s（CPU {rest.c:.2f} s）；基线中 {n} 个事项页在 mkdocs 内"
        f"（读取、Markdown、模板）共 {items:.2f} s，每页 {items / n * 1000:.1f} ms"
    )
    e.notes.append(OWN_CODE)
    e.checks["repro"] = "—（未实现，无法测）"
    e.checks["nav"] = "需自行实现"
    e.checks["strict"] = "需自行实现（事项页中的链接校验）"
    e.checks["browser"] = "—（未实现，无法测）"
    return e


# One baseline build under cProfile: where mkdocs spends its time (shares; the profiler inflates all of them).
PROFILE = """import cProfile, json, pstats, sys
from pathlib import Path
from toolkit.site.mkdocs_config import run_build
from toolkit.site.plugin import StdkitPlugin
pr = cProfile.Profile()
pr.runcall(run_build, Path(sys.argv[1]), Path(sys.argv[2]), StdkitPlugin())
st = pstats.Stats(pr).stats
def cum(path_end, name):
    return sum(v[3] for k, v in st.items() if k[0].endswith(path_end) and k[2] == name)
print(json.dumps({
    "total": cum("mkdocs/commands/build.py", "build"),
    "markdown": cum("markdown/core.py", "convert"),
    "template": cum("jinja2/environment.py", "render"),
    "nav": cum("material/templates/base.html", "block_site_nav"),
    "static": cum("mkdocs/structure/files.py", "copy_static_files"),
    "write": cum("mkdocs/utils/__init__.py", "write_file"),
    "anchors": cum("mkdocs/structure/pages.py", "validate_anchor_links"),
}))
"""
PROFILE_ZH = {
    "markdown": "Markdown → HTML（全部扩展，含 toc、表格、mdsafe）",
    "template": "Material 模板渲染（main.html）",
    "nav": "其中每页重复渲染的导航菜单",
    "static": "复制主题与静态文件",
    "write": "写出 HTML 文件",
    "anchors": "锚点校验",
}


def profile(work: Path, cfg: dict) -> dict:
    site = work / "site-profile"
    conf = write_cfg(cfg, work / "mkdocs-profile.yml", docs_dir=str(work / "docs"), site_dir=str(site))
    proc = subprocess.run(
        [sys.executable, "-c", PROFILE, str(conf), str(work / "engine-cache")],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **EPOCH},
    )
    return json.loads(proc.stdout.strip().splitlines()[-1])


def measure_all(runs: int, work: Path) -> dict:
    """Every engine on the same docs; the result (plain data) that `section` turns into Markdown."""
    cfg, pages, n_items = real_docs(work)
    edit = Edit(work / "docs")
    title = re.search(r"(?m)^# (.+)$", edit.original).group(1)
    base, full_digest, spent = baseline(work, cfg, runs, edit)
    engines = [
        base,
        own_items(work, cfg, runs, spent, pages),
        dirty(work, cfg, runs, edit, full_digest, titled=False),
        dirty(work, cfg, runs, edit, full_digest, titled=True),
    ]
    zen = zensical(work, cfg, runs, edit)
    if zen:
        engines.insert(1, zen)
    item_uri = f"items/{edit.path.stem}/"
    checked = (
        (base, "site-mkdocs"),
        (engines[-2], "site-dirty"),
        (engines[-1], "site-dirty-titled"),
        (zen, "site-zen"),
    )
    for e, site in checked:
        if e is not None:
            print(f"  browser checks on {site} …", flush=True)
            e.checks["browser"] = browser_check(work / site, item_uri, title)
    return {"engines": engines, "pages": pages, "items": n_items, "profile": profile(work, cfg)}


def _row(e: Engine, base: Engine) -> str:
    def ratio(x: Sample | None) -> str:
        return f"{x.s / base.full.s:.2f} ×" if x else "—"

    c = e.checks
    return (
        f"| {e.name} | {e.full.cell() if e.full else '—'} | {ratio(e.full)} | {e.one.cell() if e.one else '—'} | "
        f"{ratio(e.one)} | {c.get('browser', '—')} | {c.get('strict', '—')} | {c.get('nav', '—')} | "
        f"{c.get('repro', '—')} |"
    )


def section(res: dict, runs: int, load: tuple[float, float]) -> str:
    info, engines = machine(), res["engines"]
    base = engines[0]
    L = [
        BEGIN,
        "## 网站引擎对比（议题 #12）",
        "",
        (
            f"由 `.venv/bin/python bench/engines.py` 生成（`bench/run.py` 也调用它）。同一批网页源文件：本仓库自带的建始县数据"
            f"（{res['items']} 个事项）经 `stdkit build` 生成的 {res['pages']} 个 Markdown 页面及其 mkdocs 配置（严格模式、"
            "搜索钩子、not_in_nav）。每次构建都在新的解释器中运行，计时含启动与导入；全量构建测 "
            f"{min(3, runs)} 次、改动后的重建测 {runs + runs % 2} 次，取中位数；CPU 为进程及子进程的用户态加内核态时间（同机负载高时墙钟时间偏大，"
            "CPU 时间受影响小）；比值以同一次运行中测得的基线（mkdocs 全量构建）为准。“改动一个事项”指改动一个事项页的"
            "Markdown 源文件（标题）。"
        ),
        "",
        (
            f"机器：{info['cpu']}，{info['cores']} 核；{info['os']}；Python {info['python']}；"
            f"负载（1 分钟平均）：开始时 {load[0]:.2f}，结束时 {load[1]:.2f}。版本：{versions()}。"
        ),
        "",
        (
            "| 方案 | 全量构建（中位数） | 与基线之比 | 改动一个事项后重建（中位数） | 与基线全量之比 | "
            "浏览器检查（事项页、无外部请求、中文搜索） | 严格链接校验 | not_in_nav | 逐字节可复现 |"
        ),
        "|---|---|---:|---|---:|---|---|---|---|",
        *(_row(e, base) for e in engines),
        "",
    ]
    for e in engines:
        if e.notes:
            L.append(f"- {e.name}：" + "；".join(dict.fromkeys(e.notes)) + "。")
    prof = res["profile"]
    L += [
        "",
        f"基线构建在哪里花时间（cProfile 下一次构建，合计 {prof['total']:.1f} s；分析器使各项都变慢，看比例）：",
        "",
        "| 步骤 | 占比 |",
        "|---|---:|",
        *(f"| {PROFILE_ZH[k]} | {prof[k] / prof['total']:.0%} |" for k in PROFILE_ZH),
        "",
        END,
    ]
    return "\n".join(L)


def main(argv: list[str] | None = None) -> None:
    args = parser(__doc__).parse_args(argv)
    start = os.getloadavg()[0]
    with work_folder("stdkit-engines-", args.keep, args.work) as work:
        if args.work:
            for old in work.glob("site-*"):
                shutil.rmtree(old)
            shutil.rmtree(work / "docs-rest", ignore_errors=True)
            shutil.rmtree(work / ".cache", ignore_errors=True)
        res = measure_all(args.runs, work)
        text = section(res, args.runs, (start, os.getloadavg()[0]))
        if not args.no_write:
            replace_section(args.markdown, text, BEGIN, END)
        print(text)


if __name__ == "__main__":
    main()

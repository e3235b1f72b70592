"""Issue #26's targets for the print products, measured on the bundled Jianshi data.

    .venv/bin/python bench/print_products.py [--reps 3] [--write] [--skip-builds]

1. Every print product made cold in this process (no caches), each `--reps` times, median CPU seconds
   (this process, the engine's threads included) beside wall time: the 一次性告知单 (models, Word files,
   the departments' PDFs), the bundles' notices and 一表申请 (Word and PDF), the items' forms (Word), the
   全科受理手册 (model, Word, PDF) and the QR lists (every venue's PDF), all from document models.
2. `stdkit build` with every PDF, each in a fresh interpreter (CPU: it and its waited-for children): a
   cold build (a fresh copy of the data, empty caches), then on a warm copy the name of a county-level item
   (on no township or village list) edited, with and without PDFs — one the standard's text does not name,
   as most are, and one its annex D takes as an example — and of a village-level item (on every station
   list), each edit a new name, `--reps` times; the median reported.
`--write` puts the tables into BENCHMARKS.md between the print-products-bench markers.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from common import ROOT, Sample, machine, replace_section, run

BEGIN, END = "<!-- print-products-bench:begin -->", "<!-- print-products-bench:end -->"
WHEN = dt.datetime(2026, 1, 1)
SITE = "https://zw.jianshi.gov.cn/"
DATA_PARTS = ("items", "flowcharts", "published", "standard", "sources", "mkdocs.yml")
BUILD = (
    "import sys; from toolkit.build import build; build(sys.argv[1], sys.argv[2], pdf=sys.argv[3] == 'pdf')"
)


def _timed(fn: Callable[[], object]) -> tuple[float, float]:
    w, c = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - w, time.process_time() - c


def products() -> list[tuple[str, Callable[[], object]]]:
    """(name, how to make it cold) of every print product."""
    from toolkit.core import guide
    from toolkit.core.load import load_project
    from toolkit.core.store import ArtefactCache
    from toolkit.office import docx_writer, typst_pdf
    from toolkit.office import qrcode as qr
    from toolkit.paperwork import forms, handbook, notice, window_files
    from toolkit.site import posters, venues

    p = load_project(ROOT)
    deps = {c: [i for i in p.items.values() if i.department == c] for c in p.departments}

    def notices_word() -> None:
        for item in p.items.values():
            docx_writer.to_docx(notice.item_notice(p, item, SITE), WHEN)

    def notices_pdf() -> None:
        for code, items in deps.items():
            if items:
                typst_pdf.to_pdf([notice.item_notice(p, i, SITE) for i in items], code)

    def bundles() -> None:
        for b in p.bundles.values():
            for doc in (notice.bundle_notice(p, b, SITE), forms.bundle_form(p, b, SITE)):
                docx_writer.to_docx(doc, WHEN)
                typst_pdf.to_pdf([doc], doc.title)

    def item_forms() -> None:
        for item in p.items.values():
            if item.form_fields:
                docx_writer.to_docx(forms.item_form(p, item, SITE), WHEN)

    def book() -> None:
        doc = handbook.handbook(p)
        docx_writer.to_docx(doc, WHEN)
        typst_pdf.to_pdf([doc], doc.title)

    def qr_lists() -> None:
        with tempfile.TemporaryDirectory() as tmp:
            qrs = qr.render_all(p, SITE, ArtefactCache(Path(tmp), "qr"))
            incomplete = {i for i, item in p.items.items() if not guide.complete(p, item)}
            for v in venues.venues(p):
                if v.pdf_id == v.id:
                    docs = posters.poster_documents(p, v, qrs, incomplete, site_url=SITE)
                    typst_pdf.to_pdf(docs, v.title)

    def window_docs() -> None:
        for product in window_files.products(p, SITE):
            docs = product.models()
            docx_writer.to_docx_many(docs, product.title, WHEN)
            typst_pdf.to_pdf(docs, product.title)

    return [
        ("一次性告知单 Word（每个事项一份）", notices_word),
        ("部门告知单 PDF（Typst）", notices_pdf),
        ("一事联办告知单和联办申请表（Word + PDF）", bundles),
        ("单项申请表 Word", item_forms),
        ("全科受理手册（模型、Word、PDF）", book),
        ("二维码清单 PDF（含二维码编码）", qr_lists),
        ("窗口文书（各部门、各一事联办、各中心；Word + PDF）", window_docs),
    ]


def _cold() -> None:
    """Forget what this process remembers between products: encoded QR codes, written code images and the
    thread's Typst compiler (its fonts and layouts), so that each run starts as a build does."""
    from toolkit.office import qrcode as qr
    from toolkit.office import typst_pdf

    for fn in (qr.make, qr.svg_bytes, qr.png_bytes, typst_pdf._qr):
        fn.cache_clear()
    typst_pdf._engines.__dict__.clear()


def measure_products(reps: int) -> list[tuple[str, float, float]]:
    out = []
    for name, fn in products():
        runs = []
        for _ in range(reps):
            _cold()
            runs.append(_timed(fn))
        wall, cpu = statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)
        print(f"  {name}: wall {wall:.2f} s, CPU {cpu:.2f} s", flush=True)
        out.append((name, wall, cpu))
    return out


def _copy(work: Path, name: str) -> Path:
    data = work / name
    for part in DATA_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, data / part)
        elif src.is_file():
            shutil.copy2(src, data / part)
    return data


def _build(data: Path, out: Path, pdf: bool, env: dict) -> tuple[float, float, float]:
    t, _, _ = run([sys.executable, "-c", BUILD, str(data), str(out), "pdf" if pdf else "nopdf"], env=env)
    return t


def _rename(data: Path, item_id: str, n: int) -> None:
    path = next(data.glob(f"items/services/*/{item_id}.yaml"))
    text = path.read_text(encoding="utf-8")
    start = text.index("\nname: ") + 7
    end = text.index("\n", start)
    name = text[start:end].split("（改")[0]
    path.write_text(text[:start] + f"{name}（改{n}）" + text[end:], encoding="utf-8")


def edited_items(out: Path) -> dict[str, str]:
    """The items renamed, by label: `county` a county-level item (on no township or village list) that the
    standard's text does not name (972 of Jianshi's 1,003 such items), `named` the first county-level item
    that it names (the example of a flow in its annex D: the standard's Word files and PDF are made again),
    `village` a village-level item (on every station list). `out`: a site built from the same data."""
    from toolkit.core.load import load_project

    p = load_project(ROOT)
    text = "".join(f.read_text(encoding="utf-8") for f in sorted((out / "standard").rglob("*.html")))
    county = [i for i in p.items.values() if not i.levels.township and not i.levels.village]
    return {
        "county": next(i for i in county if i.name not in text).id,
        "named": next(i for i in county if i.name in text).id,
        "village": next(i for i in p.items.values() if i.levels.village).id,
    }


def measure_builds(reps: int, work: Path) -> tuple[dict[str, Sample], dict[str, str]]:
    res: dict[str, Sample] = {}
    edited: dict[str, str] = {}
    for pdf in (True, False):
        env = {**os.environ, "STDKIT_CACHE_DIR": str(work / f"warm-cache-{pdf}")}
        data, out = _copy(work, f"warm-{pdf}"), work / f"warm-out-{pdf}"
        _build(data, out, pdf, env)
        edited = edited or edited_items(out)
        for label, item in edited.items():
            key = f"{label}-{'pdf' if pdf else 'nopdf'}"
            res[key] = Sample()
            for n in range(reps):
                _rename(data, item, n + 1)
                res[key].add(_build(data, out, pdf, env))
                print(f"  {key} {n + 1}: {res[key].wall[-1]:.1f} s, CPU {res[key].cpu[-1]:.1f} s", flush=True)
    res["cold"] = Sample()
    for n in range(reps):
        env = {**os.environ, "STDKIT_CACHE_DIR": str(work / f"cold-cache-{n}")}
        res["cold"].add(_build(_copy(work, f"cold-{n}"), work / f"cold-out-{n}", True, env))
        print(
            f"  cold build {n + 1}: {res['cold'].wall[-1]:.1f} s, CPU {res['cold'].cpu[-1]:.1f} s", flush=True
        )
    return res, edited


def section(
    made: list[tuple[str, float, float]], builds: dict[str, Sample], edited: dict[str, str], reps: int
) -> str:
    m = machine()
    load = os.getloadavg()
    lines = [
        BEGIN,
        "## 印刷品的目标（议题 #26）",
        "",
        (
            f"由 `.venv/bin/python bench/print_products.py --write` 生成，每项测 {reps} 次取中位数；CPU 为本进程（含排版线程）"
            "与被等待的子进程的用户态加内核态时间。同机负载高时墙钟偏大，CPU 受影响较小。"
        ),
        "",
        f"机器：{m.get('cpu', '?')}，{os.cpu_count()} 核；负载（1/5/15 分钟）：{', '.join(f'{x:.2f}' for x in load)}。",
        "",
        "| 印刷品（建始县数据，冷启动、无缓存） | 墙钟 | CPU |",
        "|---|---:|---:|",
    ]
    lines += [f"| {name} | {wall:.2f} s | {cpu:.2f} s |" for name, wall, cpu in made]
    lines.append(f"| **合计** | {sum(x[1] for x in made):.2f} s | **{sum(x[2] for x in made):.2f} s** |")
    if builds:
        words = {
            "cold": "冷启动完整 `stdkit build`（全部 PDF，含标准文本 PDF）",
            "county-pdf": "改一个县级事项名称（标准文本中未出现），带 PDF",
            "county-nopdf": "改一个县级事项名称（标准文本中未出现），不带 PDF",
            "named-pdf": "改一个县级事项名称（标准附录 D 以它为例，标准文本随之重排），带 PDF",
            "named-nopdf": "改一个县级事项名称（标准附录 D 以它为例），不带 PDF",
            "village-pdf": "改一个村级事项名称（在每个村站清单上），带 PDF",
            "village-nopdf": "改一个村级事项名称，不带 PDF",
        }
        lines += ["", "| `stdkit build` | 墙钟（中位数） | CPU（中位数） |", "|---|---:|---:|"]
        for key, s in builds.items():
            lines.append(
                f"| {words[key]} | {statistics.median(s.wall):.2f} s | {statistics.median(s.cpu):.2f} s |"
            )
        lines += [
            "",
            (
                f"改名的事项：县级 `{edited['county']}`（标准文本中未出现，县级事项大多如此）和 `{edited['named']}`"
                f"（标准附录 D 的流程图以它为例），村级 `{edited['village']}`；每次一个新名称，带 PDF 与不带 PDF 各用一份"
                "已构建过的数据和缓存。冷启动每次用新复制的数据和空缓存。"
            ),
        ]
    return "\n".join([*lines, END])


def main() -> None:
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--write", action="store_true")
    ap.add_argument("--skip-builds", action="store_true")
    args = ap.parse_args()
    made = measure_products(args.reps)
    with tempfile.TemporaryDirectory(prefix="stdkit-bench-") as tmp:
        builds, edited = ({}, {}) if args.skip_builds else measure_builds(args.reps, Path(tmp))
    text = section(made, builds, edited, args.reps)
    print(text)
    if args.write:
        replace_section(ROOT / "BENCHMARKS.md", text, BEGIN, END)


if __name__ == "__main__":
    main()

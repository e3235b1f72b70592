"""Print engines side by side on the same documents (issue #26): LibreOffice, Chromium and Typst.

    .venv/bin/python bench/print_engines.py [--write] [--notices 100] [--reps 3]

Documents, from the bundled Jianshi data:
- 一次性告知单: the first N items' notices, each described once as a document model (toolkit/office/model.py);
  Typst typesets them into one PDF (typst_pdf), LibreOffice converts their Word files (docx_writer) in one
  session (toolkit/office/pdf.py, start-up included; its PDF cache is empty for each run).
- A township's village-station QR lists (the largest township): Typst from the lists' document models
  (site/posters.py poster_documents), Chromium `--print-to-pdf` from the printable web page (poster_html),
  as the build printed them before.
Each measurement is run `--reps` times, the median reported with CPU seconds (this process's, threads
included, plus waited-for children: LibreOffice, Chromium and its renderers) beside wall time; pages per
CPU-second = the PDF's pages / CPU seconds. `--write` puts the table into BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import resource
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from common import ROOT, machine, replace_section

BEGIN, END = "<!-- print-engines-bench:begin -->", "<!-- print-engines-bench:end -->"
WHEN = dt.datetime(2026, 1, 1)
SITE = "https://zw.jianshi.gov.cn/"


def _cpu() -> float:
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def _pages(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def _measure(make, reps: int, polled: _Polled | None = None) -> dict:
    """Median wall and CPU of `reps` runs; CPU from rusage, or from /proc for a polled process tree."""
    walls, cpus, pages = [], [], 0
    for _ in range(reps):
        w, c, p = time.perf_counter(), _cpu(), polled.total if polled else 0.0
        pdf = make()
        walls.append(time.perf_counter() - w)
        cpus.append(polled.total - p if polled else _cpu() - c)
        pages = _pages(pdf)
    cpu = statistics.median(cpus)
    return {"wall": statistics.median(walls), "cpu": cpu, "pages": pages, "per_cpu_s": pages / cpu}


def _libreoffice(models, work: Path):
    from toolkit.office import docx_writer
    from toolkit.office.pdf import docx_to_pdfs

    def make() -> bytes:
        run = Path(tempfile.mkdtemp(dir=work))
        os.environ["STDKIT_CACHE_DIR"] = str(run / "cache")  # no cached PDF: convert every time
        pairs = []
        for n, doc in enumerate(models):
            (run / f"{n}.docx").write_bytes(docx_writer.to_docx(doc, WHEN))
            pairs.append((run / f"{n}.docx", run / f"{n}.pdf"))
        ok, message = docx_to_pdfs(pairs, WHEN)
        assert ok, message
        from pypdf import PdfWriter

        out = PdfWriter()
        for _, pdf in pairs:
            out.append(str(pdf))
        buf = io.BytesIO()
        out.write(buf)
        return buf.getvalue()

    return make


def _tree_cpu(root: int) -> dict[int, float]:
    """CPU seconds (user + system) of a process and its descendants now, by pid, read from /proc."""
    tick = os.sysconf("SC_CLK_TCK")
    stats = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            stats[int(entry.name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / tick)
    tree, grew = {root}, True
    while grew:
        more = {pid for pid, (ppid, _) in stats.items() if ppid in tree} - tree
        tree |= more
        grew = bool(more)
    return {pid: stats[pid][1] for pid in tree if pid in stats}


class _Polled:
    """CPU of a command's whole process tree: Chromium's renderers are not always waited for, so their
    time may never reach this process's children's rusage; /proc is read every 20 ms (the last value seen
    of each process counts)."""

    total = 0.0

    def run(self, cmd: list[str]) -> None:
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        seen: dict[int, float] = {}
        while proc.poll() is None:
            seen.update(_tree_cpu(proc.pid))
            time.sleep(0.02)
        self.total += sum(seen.values())


def _chromium(html: str, work: Path, polled: _Polled):
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    assert browser, "Chromium is needed for this comparison (bash scripts/setup.sh --test installs it)"
    page = work / "list.html"
    page.write_text(html, encoding="utf-8")

    def make() -> bytes:
        with tempfile.TemporaryDirectory(dir=work) as tmp:
            out = Path(tmp) / "out.pdf"
            cmd = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
            cmd += ["--disable-background-networking", "--disable-component-update", "--disable-sync"]
            cmd += [
                "--no-pdf-header-footer",
                f"--user-data-dir={tmp}/p",
                f"--print-to-pdf={out}",
                page.as_uri(),
            ]
            polled.run(cmd)
            return out.read_bytes()

    return make


def measure(n_notices: int, reps: int, earlier: dict | None = None) -> dict:
    """The measurements; `earlier`: the notices' from an earlier run (`--notices-from`), not repeated."""
    from toolkit.core import guide
    from toolkit.core.load import load_project
    from toolkit.core.store import ArtefactCache
    from toolkit.office import qrcode as qr
    from toolkit.office import typst_pdf
    from toolkit.paperwork import notice
    from toolkit.site import posters, venues

    project = load_project(ROOT)
    work = Path(tempfile.mkdtemp(prefix="stdkit-print-bench-"))
    try:
        items = list(project.items.values())[:n_notices]
        models = [notice.item_notice(project, i, SITE) for i in items]
        qrs = qr.render_all(project, SITE, ArtefactCache(work / "qr", "qr"))
        incomplete = {i for i, item in project.items.items() if not guide.complete(project, item)}
        towns = [v for v in venues.venues(project) if v.level == "村" and v.sites]
        venue = max(towns, key=lambda v: len(v.sites))
        docs = posters.poster_documents(project, venue, qrs, incomplete, site_url=SITE)
        html = posters.poster_html(project, venue, qrs, incomplete)
        polled = _Polled()
        notices = earlier or {
            "n": len(models),
            "typst": _measure(lambda: typst_pdf.to_pdf(models, "告知单"), reps),
            "libreoffice": _measure(_libreoffice(models, work), reps),
        }
        return {
            "notices": notices,
            "lists": {
                "venue": venue.title,
                "sites": len(venue.sites),
                "typst": _measure(lambda: typst_pdf.to_pdf(docs, venue.title), reps),
                "chromium": _measure(_chromium(html, work, polled), reps, polled),
            },
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _row(what: str, engine: str, m: dict, base: dict | None) -> str:
    ratio = f"{m['per_cpu_s'] / base['per_cpu_s']:.1f} ×" if base else "1.0 ×"
    return (
        f"| {what} | {engine} | {m['pages']} | {m['wall']:.2f} s | {m['cpu']:.2f} s | "
        f"{m['per_cpu_s']:.0f} | {ratio} |"
    )


def table(result: dict, reps: int) -> str:
    mc = machine()
    load = "，".join(f"{x:.2f}" for x in mc["load"])
    n, lists = result["notices"], result["lists"]
    return "\n".join(
        [
            BEGIN,
            "## 印刷品的排版引擎对比（议题 #26）",
            "",
            (
                f"由 `.venv/bin/python bench/print_engines.py --write` 生成。同一批文档，每项测 {reps} 次取中位数；CPU 为本进程"
                "（含线程）与被等待的子进程（LibreOffice）的用户态加内核态时间，Chromium 为其整个进程树（每 20 ms 读 /proc），同机负载高时墙钟偏大、"
                "CPU 受影响小；“页/CPU 秒”= PDF 页数 ÷ CPU 秒。告知单：建始县数据前 "
                f"{n['n']} 个事项的一次性告知单（同一文档模型：Typst 排成一个 PDF；LibreOffice 在一次会话中转换同一模型写出的 "
                f"{n['n']} 个 Word 文件，含启动，PDF 缓存为空）。二维码清单：{lists['venue']}（{lists['sites']} 个站，每站一页起；"
                "Typst 由清单的文档模型排版，Chromium 以 `--print-to-pdf` 打印同一清单的网页，即此前构建的做法）。"
            ),
            "",
            (
                f"机器：{mc['cpu']}，{mc['cores']} 核；{mc['os']}；Python {mc['python']}；typst {_version('typst')}；"
                f"负载（1/5/15 分钟）：{load}。"
            ),
            "",
            "| 文档 | 引擎 | 页数 | 墙钟（中位数） | CPU（中位数） | 页/CPU 秒 | 与基线之比 |",
            "|---|---|---:|---:|---:|---:|---:|",
            _row("一次性告知单", "LibreOffice（基线）", n["libreoffice"], None),
            _row("一次性告知单", "Typst", n["typst"], n["libreoffice"]),
            _row("村站二维码清单", "Chromium（基线）", lists["chromium"], None),
            _row("村站二维码清单", "Typst", lists["typst"], lists["chromium"]),
            END,
        ]
    )


def _version(pkg: str) -> str:
    from importlib.metadata import version

    return version(pkg)


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--notices", type=int, default=100)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--write", action="store_true")
    ap.add_argument("--json", type=Path, help="also save the measurements here")
    ap.add_argument("--notices-from", type=Path, help="take the notices' measurements from this --json file")
    args = ap.parse_args()
    earlier = json.loads(args.notices_from.read_text())["notices"] if args.notices_from else None
    result = measure(args.notices, args.reps, earlier)
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=1))
    text = table(result, args.reps)
    print(text)
    if args.write:
        replace_section(ROOT / "BENCHMARKS.md", text, BEGIN, END)


if __name__ == "__main__":
    main()

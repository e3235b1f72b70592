"""stdkit build / stdkit serve: the website, printable QR lists and the standard's downloads."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ._app import DIR_HELP, app, default_dir, guarded, say


@app.command()
def build(
    folder: Annotated[Path | None, typer.Argument(help=DIR_HELP, show_default=False)] = None,
    out: Annotated[Path | None, typer.Option("--out", help="输出文件夹，默认为 <数据文件夹>/site")] = None,
    only: Annotated[
        str | None, typer.Option("--only", help="只生成一部分：standard（标准文本下载）或 site（网站）")
    ] = None,
    issue: Annotated[
        bool,
        typer.Option(
            "--issue", help="把尚未登记的二维码网址登记到 published/qr-ledger.csv（印发清单前运行）"
        ),
    ] = False,
    no_pdf: Annotated[bool, typer.Option("--no-pdf", help="不生成二维码清单的 PDF")] = False,
    full: Annotated[
        bool, typer.Option("--full", help="完整重新生成所有网页（默认只重新生成内容有变化的网页）")
    ] = False,
) -> None:
    """校验数据并生成办事指南网站（流程图、二维码、可打印二维码清单、改革成效）与标准文本下载，写出 manifest.json。"""
    # start-up time: imported when the command runs, so `stdkit --help` stays fast
    from ..build import build as run
    from .progress import reporter_for

    if only not in (None, "standard", "site"):
        say(f"--only 只能是 standard 或 site，而不是“{only}”。", file=sys.stderr)
        raise typer.Exit(1)
    root = default_dir(folder)
    guarded(lambda: _guard(root, out if out is not None else root / "site"))
    reporter = reporter_for(sys.stderr)

    def built():
        try:
            return run(
                root,
                out,
                only=only if only != "site" else None,
                issue=issue,
                pdf=not no_pdf,
                full=full,
                reporter=reporter,
            )
        finally:
            reporter.close()  # the bars end before errors or notices are printed

    result = guarded(built)
    for notice in result.notices:
        say(notice, file=sys.stderr)
    m = result.manifest
    if only == "standard":
        say(f"已生成标准文本下载：{result.out / 'downloads'}")
        reporter.summary(result.timings.get("total"))
        return
    pdfs = sum(1 for p in m["posters"] if p["pdf"])
    say(
        f"已生成网站：{result.out}（{m['pages_total']} 个页面，{m['items']} 个事项，{len(m['flowcharts'])} 张流程图，"
        f"{len(m['qr'])} 个二维码，{len(m['posters'])} 份二维码清单，其中 PDF {pdfs} 份）；"
        f"用时 {result.timings.get('total', 0):.1f} 秒。"
    )
    if not result.skipped:
        reporter.summary(result.timings.get("total"))


def _guard(root: Path, out: Path) -> None:
    """The output guard on `--out` as the user wrote it (links are judged before anything resolves
    them); a link to this county's own previous output is allowed."""
    # start-up time: imported when the command runs, so `stdkit --help` stays fast
    from ..core.cachedir import project_cache
    from ..core.outdir import guard_out
    from ..site.uptodate import built_before

    ours = built_before(project_cache(Path(root).resolve(), "site"), Path(out).resolve())
    guard_out(root, out, replaces=True, ours=ours)


@app.command(short_help="本地预览网站：保存数据后只重新生成有变化的网页，浏览器中的网页自动刷新。")
def serve(
    folder: Annotated[Path | None, typer.Argument(help=DIR_HELP, show_default=False)] = None,
    addr: Annotated[
        str, typer.Option("--addr", help="监听地址：端口（如 8000，即只在本机 127.0.0.1:8000）或 主机:端口")
    ] = "127.0.0.1:8000",
) -> None:
    """本地预览网站；修改数据（items/、flowcharts/、standard/、published/、mkdocs.yml）并保存后，只重新生成有变化的网页（只改事项文件时先显示该事项的页面），浏览器中的网页自动刷新。"""
    # start-up time: imported when the command runs, so `stdkit --help` stays fast
    from ..build.serve import serve as run

    guarded(lambda: run(default_dir(folder), addr))

"""stdkit diff OLD NEW: the changes between two drafts by provision (terminal, Markdown, HTML, DOCX)."""

from __future__ import annotations

import sys
from functools import partial
from pathlib import Path
from typing import Annotated

import typer

from ._app import app, default_dir, guarded, say

FORMATS = ("text", "md", "html")


@app.command()
def diff(
    old: Annotated[str, typer.Argument(help="原稿：含 standard/ 的文件夹，或 git 版本（如 HEAD~1、标签）")],
    new: Annotated[str, typer.Argument(help="新稿：含 standard/ 的文件夹，或 git 版本")],
    repo: Annotated[
        Path | None, typer.Option("--dir", help="git 版本所在的仓库，默认为当前文件夹", show_default=False)
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="输出格式：text（终端）、md 或 html")] = "text",
    out: Annotated[Path | None, typer.Option("--out", help="把输出写入文件（默认显示在终端）")] = None,
    docx: Annotated[Path | None, typer.Option("--docx", help="另写出 DOCX 修改对照表")] = None,
) -> None:
    """按条款比较两稿：新增、删除、修改（标出改动的文字）、仅编号变化，以及助动词变化（如“应”改为“宜”）。"""
    # start-up time: imported when the command runs, so `stdkit --help` stays fast
    from ..core.outdir import guard_out
    from ..drafting import diff_render as render
    from ..drafting.diff import diff as run

    if fmt not in FORMATS:
        say(f"--format 只能是 {'、'.join(FORMATS)}，而不是“{fmt}”。", file=sys.stderr)
        raise typer.Exit(1)
    root = default_dir(repo)
    for target in (out, docx):
        if target is not None:
            guarded(partial(guard_out, root, target))
    changes, _, after_meta = guarded(lambda: run(old, new, root))
    text = {"text": render.terminal, "md": render.markdown, "html": render.html}[fmt](changes, old, new)
    if docx is not None:
        title = f"《{after_meta.title}》（{after_meta.stage}）修改对照表"
        docx.write_bytes(render.to_docx(changes, title, after_meta.date_time()))
    if out is not None:
        out.write_text(text, encoding="utf-8")
        say(f"已写出：{out}（{render.counts(changes)}）。")
    else:
        say(text, end="")
    if docx is not None:
        say(f"已写出修改对照表：{docx}。")

"""stdkit stage next: move the standard to its next drafting stage after checking the prerequisites."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from ._app import app, default_dir, guarded, say

stage_app = typer.Typer(help="编制阶段：征求意见稿 → 送审稿 → 报批稿 → 发布稿。", no_args_is_help=True)
app.add_typer(stage_app, name="stage")


@stage_app.command("next")
def next_(
    folder: Annotated[
        Path | None,
        typer.Option("--dir", help="标准所在文件夹（含 standard/），默认为当前文件夹", show_default=False),
    ] = None,
    date: Annotated[
        str | None, typer.Option("--date", help="新稿的完成日期（如 2024-09-10），默认为今天")
    ] = None,
) -> None:
    """检查本阶段应完成的工作（如每条意见都已处理），然后把 metadata.yaml 改为下一阶段并记录日期。"""
    # start-up time: imported when the command runs, so `stdkit --help` stays fast
    from ..drafting.stage import next_stage

    when = date or dt.date.today().isoformat()
    m = guarded(lambda: next_stage(default_dir(folder), when))
    say(f"已由{m.old}进入{m.new}（本稿日期 {m.date}；已处理意见 {m.comments} 条）。")

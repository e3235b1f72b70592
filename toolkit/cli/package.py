"""stdkit package: the 送审稿 or 报批稿 set for the 省市场监督管理局, written by one command."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ._app import app, default_dir, guarded


@app.command()
def package(
    out: Annotated[Path, typer.Argument(help="写出送审材料的文件夹（新的或空的文件夹）")],
    folder: Annotated[
        Path | None,
        typer.Option(
            "--dir",
            help="标准和数据所在的文件夹（含 standard/ 和 items/），默认为当前文件夹",
            show_default=False,
        ),
    ] = None,
) -> None:
    """按本稿阶段（送审稿、报批稿）写出全套材料：标准文本、编制说明、各轮意见处理表、修改对照表和材料清单（均为 A4，有页码）。"""
    # start-up time: imported when the command runs, so `stdkit --help` stays fast
    from ..build.package import package as run
    from ..core.workspace import Workspace

    root = default_dir(folder)
    items = guarded(lambda: run(Workspace.open(root).load(), out))
    for it in items:
        print(f"{it.what}：{it.name}")
    print(f"已写出送审材料：{out}（{sum(1 for it in items if it.data is not None)} 个文件）。")

"""stdkit schemas: write the JSON Schemas generated from the models, or check that the committed ones are fresh."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ..build.schemas import stale, write_all
from ._app import app, say


@app.command()
def schemas(
    out: Annotated[Path, typer.Option("--out", help="输出文件夹")] = Path("schemas"),
    check: Annotated[
        bool, typer.Option("--check", help="只检查已提交的模式文件是否与模型一致，不写文件")
    ] = False,
) -> None:
    """由数据模型生成 JSON Schema（draft 2020-12），供编辑器提示和补全。"""
    if check:
        bad = stale(out)
        if bad:
            say(
                "以下模式文件与模型不一致，请运行 stdkit schemas 重新生成：" + "、".join(bad), file=sys.stderr
            )
            raise typer.Exit(1)
        say(f"{out} 中的模式文件与模型一致。")
        return
    paths = write_all(out)
    say(f"已写出 {len(paths)} 个模式文件到 {out}/。")

"""stdkit lint: GB/T 1.1—2020 drafting rules on the standard's sources (standard/*.md, metadata.yaml)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..core.errors import StdkitError
from ._app import app, default_dir, print_problems, say


@app.command(short_help="按GB/T 1.1—2020检查标准文本源文件（助动词、编号、固定表述、条的层次等）。")
def lint(
    folder: Annotated[
        Path | None, typer.Argument(help="含 standard/ 的文件夹，默认为当前文件夹", show_default=False)
    ] = None,
) -> None:
    """按GB/T 1.1—2020检查标准文本源文件：助动词、编号一字线、固定表述、条的层次、列项、规范性引用等。有问题时退出码为1。"""
    # start-up time: imported when the command runs, so `stdkit --help` stays fast
    from ..build.validate import lint_sources as run

    root = default_dir(folder)
    problems = run(root)
    if problems:
        print_problems(StdkitError(problems))
        raise typer.Exit(1)
    say(f"标准文本检查通过：{root / 'standard'}")

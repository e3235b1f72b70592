"""stdkit migrate: bring a county folder written by the previous release to this release's format."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ._app import DIR_HELP, app, default_dir, guarded, say


@app.command()
def migrate(
    folder: Annotated[Path | None, typer.Argument(help=DIR_HELP, show_default=False)] = None,
) -> None:
    """把上一版本写下的县数据文件夹改成本版格式：队伍类型改为通用类型、流程模板中与新校验矛盾的示意值、
    stdkit init 写下而未改动的内容标为示例（example:）。只改相关的行，注释保留；再次运行不再改动。
    stdkit validate 列出同样的修改。有错误时退出码为1，不写任何文件。"""
    # start-up time: imported when the command runs, so `stdkit --help` stays fast
    from ..onboarding.migrate import apply, plan

    root = default_dir(folder)
    changes = guarded(lambda: plan(root))
    if not changes:
        say(f"{root} 已是本版格式，没有需要修改的内容。")
        return
    written = guarded(lambda: apply(root, changes))
    for change in changes:
        say(f"{change.file}:{change.line}: {change.message}")
    say(
        f"已按本版格式修改 {len(changes)} 处，涉及 {len(written)} 个文件。请运行 stdkit validate {root} 确认。"
    )

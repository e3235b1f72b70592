"""stdkit comments template / import: the comment form and reading returned forms into standard/comments/."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ._app import app, default_dir, guarded, say

comments_app = typer.Typer(help="征求意见：生成意见反馈表、导入反馈的意见。", no_args_is_help=True)
app.add_typer(comments_app, name="comments")

STD_HELP = "标准所在文件夹（含 standard/），默认为当前文件夹"


@comments_app.command("template")
def template(
    out: Annotated[Path, typer.Argument(help="输出的意见反馈表（.xlsx）")],
    folder: Annotated[Path | None, typer.Option("--dir", help=STD_HELP, show_default=False)] = None,
) -> None:
    """生成意见反馈表：章条编号为本稿实际章条的下拉列表，第二个工作表为填写说明。"""
    # start-up time: imported when the command runs, so `stdkit --help` stays fast
    from ..core.outdir import guard_out
    from ..drafting.clauses import load_index
    from ..drafting.forms import template as make
    from ..standard.metadata import load_metadata

    root = default_dir(folder)
    guarded(lambda: guard_out(root, out))

    def run() -> int:
        meta = load_metadata(root)
        index = load_index(root)
        data = make(index, f"《{meta.title}》（{meta.stage}）意见反馈表", meta.date_time())
        out.write_bytes(data)
        return len(index.labels)

    n = guarded(run)
    say(f"已写出意见反馈表：{out}（章条编号下拉列表共 {n} 项）。")


@comments_app.command("import")
def import_(
    files: Annotated[list[Path], typer.Argument(help="反馈的意见表（.xlsx、.csv 或 .docx），可以多个")],
    folder: Annotated[Path | None, typer.Option("--dir", help=STD_HELP, show_default=False)] = None,
    name: Annotated[
        str | None, typer.Option("--name", help="这一批意见的文件名（不含 .yaml），默认 batch-01、batch-02…")
    ] = None,
    round_: Annotated[
        str | None,
        typer.Option(
            "--round",
            help="意见所属的轮次（standard/rounds/ 中的文件名，如 01-zhengqiu）：章条编号按该轮所征求意见的稿核对",
        ),
    ] = None,
) -> None:
    """导入反馈的意见：逐行核对章条编号（给出 --round 时按该轮的稿），去除重复，写入 standard/comments/ 下的一个新文件。"""
    # start-up time: imported when the command runs, so `stdkit --help` stays fast
    from ..drafting.importer import import_forms

    root = default_dir(folder)
    if name is not None and not name.replace("-", "").replace("_", "").isalnum():
        say(f"--name 只能含字母、数字、连字符和下划线，而不是“{name}”。", file=__import__("sys").stderr)
        raise typer.Exit(1)
    r = guarded(lambda: import_forms(root, files, name, round_))
    say(
        f"已导入 {r.units} 个单位的 {r.comments} 条意见到 {r.path}"
        + (f"（另有 {r.duplicates} 条重复意见未导入）" if r.duplicates else "")
        + "。请在其中为每条意见填写 decision（采纳/部分采纳/未采纳）和 reason。"
    )

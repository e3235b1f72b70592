"""stdkit keys: a county's signing key pair for its conformance reports."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ._app import app, guarded, say

keys = typer.Typer(help="签名密钥：县用私钥签名符合性检查报告，省里用登记的公钥核验。", no_args_is_help=True,
                   rich_markup_mode=None)  # fmt: skip
app.add_typer(keys, name="keys")


@keys.command()
def new(
    folder: Annotated[
        Path, typer.Argument(help="存放私钥的文件夹（必须在任何 git 仓库和县数据文件夹之外，如 ~/.stdkit）")
    ],
    code: Annotated[str, typer.Option("--division-code", help="本县6位行政区划代码，写进文件名和公钥登记行")],
) -> None:
    """生成本县的签名密钥对：私钥 <代码>.key（只本人可读）留在本机或 CI 密钥变量中，公钥一行交省里登记。"""
    # start-up time: imported when the command runs, so `stdkit --help` stays fast
    from ..conformance.keyfiles import write_key_pair

    private, line = guarded(lambda: write_key_pair(folder, code))
    say(f"私钥已写到 {private}（只本人可读；不要提交到任何仓库，CI 中放进密钥变量 STDKIT_SIGNING_KEY）。")
    say("请把下面一行交省里登记到公钥登记表（keys.yaml）：")
    say(line)

"""stdkit init: a new county's data folder, with comments explaining each field, ready to validate."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ._app import app, guarded


@app.command()
def init(
    folder: Annotated[Path, typer.Argument(help="新县数据文件夹（不存在或为空）")],
    name: Annotated[str, typer.Option("--name", help="县名，如：建始县")] = "某某县",
    division_code: Annotated[str, typer.Option("--division-code", help="6位行政区划代码")] = "420000",
    prefecture: Annotated[str, typer.Option("--prefecture", help="市（州）")] = "（请填写市州）",
) -> None:
    """新建县数据文件夹：县乡村服务网络框架、一个示例事项、默认流程模板和编辑器用的模式文件，每个字段都有中文注释。"""
    from ..conformance.scaffold import init_county

    paths = guarded(lambda: init_county(folder, name, division_code, prefecture))
    print(
        f"已在 {folder} 生成 {len(paths)} 个文件。下一步：\n"
        f"  1. 按注释修改 {folder}/items/ 下的县、场所和队伍信息；\n"
        f"  2. stdkit import 事项目录.xlsx --into {folder}  导入本县事项；\n"
        f"  3. stdkit validate {folder}  校验，stdkit check {folder}  检查符合性。"
    )

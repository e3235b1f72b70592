"""stdkit init: a new county's data folder, with comments explaining each field, ready to validate."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ._app import app, guarded, say


@app.command()
def init(
    folder: Annotated[Path, typer.Argument(help="新县数据文件夹（不存在或为空）")],
    name: Annotated[str, typer.Option("--name", help="县（市、区）名，如：广安区")] = "某某县",
    province: Annotated[
        str, typer.Option("--province", help="省，决定省级档案（网办平台等），如：湖北省、四川省")
    ] = "湖北省",
    prefecture: Annotated[str, typer.Option("--prefecture", help="市（州），如：广安市")] = "（请填写市州）",
    division_code: Annotated[
        str | None,
        typer.Option("--division-code", help="6位行政区划代码（必填，民政部公布的县级代码），如 511602"),
    ] = None,
    site_url: Annotated[
        str | None,
        typer.Option("--site-url", help="本县办事指南网站地址（印在二维码里），写入 mkdocs.yml 的 site_url"),
    ] = None,
) -> None:
    """新建县数据文件夹：县乡村服务网络框架、一个示例事项、默认流程模板、网站设置（mkdocs.yml）和编辑器用的模式文件，
    每个字段都有中文注释。未给出的县名、区划代码、地址等是占位内容，stdkit check 会逐处列出。"""
    # start-up time: imported when the command runs, so `stdkit --help` stays fast
    from ..onboarding.scaffold import init_county

    paths = guarded(lambda: init_county(folder, name, division_code, prefecture, province, site_url))
    say(
        f"已在 {folder} 生成 {len(paths)} 个文件。下一步：\n"
        f"  1. stdkit import 事项目录.xlsx --into {folder}  导入本县事项；\n"
        f"  2. stdkit check {folder}  列出尚需填写的占位内容（县、场所、队伍、示例事项），按提示修改；\n"
        f"  3. stdkit build {folder}  生成办事指南网站和二维码清单"
        + ("。" if site_url else f"（先在 {folder}/mkdocs.yml 填写 site_url：二维码里的网址）。")
    )

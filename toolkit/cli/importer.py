"""stdkit import: build item files from a county's catalogue spreadsheet (.xlsx or .csv)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ._app import app, guarded


@app.command("import")
def import_(
    catalogue: Annotated[Path, typer.Argument(help="事项目录表格（.xlsx 或 .csv）")],
    into: Annotated[Path, typer.Option("--into", help="县数据文件夹（先用 stdkit init 新建）")],
    skip_bad_rows: Annotated[
        bool, typer.Option("--skip-bad-rows", help="跳过无法使用的行（逐行列出原因），导入其余各行")
    ] = False,
) -> None:
    """从事项目录表格导入事项。必需列：部门、事项名称、事项编码、事项类型；可选列：办理层级（县级/乡镇/村）、是否网办、法定时限、承诺时限。重复导入同一表格不改变任何文件。"""
    from ..conformance.importer import import_catalogue

    result = guarded(lambda: import_catalogue(catalogue, into, skip_bad_rows=skip_bad_rows))
    for p in result.skipped:
        print(p.render().replace("错误[", "跳过[").replace("警告[", "提示["), file=sys.stderr)
    if result.note:
        print(f"{catalogue}：{result.note}。", file=sys.stderr)
    print(
        f"导入完成：新建事项 {len(result.created)} 个，更新 {len(result.updated)} 个，未变 {len(result.unchanged)} 个；"
        f"新建部门 {len(result.departments_added)} 个；跳过 {sum(1 for p in result.skipped if p.severity == 'error')} 行。"
        f"写入 {len(result.written)} 个文件。"
    )
    if result.created:
        print("新导入的事项尚无受理条件和申请材料，网站上的办事指南显示“待补充”；请逐项补全。")

"""stdkit import: build item files from a county's catalogue spreadsheet (.xlsx or .csv)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ._app import app, guarded, say


@app.command("import")
def import_(
    catalogue: Annotated[Path, typer.Argument(help="事项目录表格（.xlsx 或 .csv）")],
    into: Annotated[Path, typer.Option("--into", help="县数据文件夹（先用 stdkit init 新建）")],
    sheet: Annotated[
        str | None, typer.Option("--sheet", help="工作表名称（不写则自动找到含表头的工作表）")
    ] = None,
    code_column: Annotated[
        str | None,
        typer.Option("--code-column", help="取作事项编码的列名（不写则取实施编码；基本编码另存）"),
    ] = None,
    network: Annotated[
        bool,
        typer.Option(
            "--network",
            help="表格是服务网络（乡镇、名称、地址、电话、办公时间、代办员；新建的乡镇、村（社区）和站所另写"
            "类型、区划代码、窗口数），不是事项目录",
        ),
    ] = False,
    skip_bad_rows: Annotated[
        bool, typer.Option("--skip-bad-rows", help="跳过无法使用的行（逐行列出原因），导入其余各行")
    ] = False,
) -> None:
    """从事项目录表格导入事项。必需列：部门、事项名称、事项编码、事项类型（同义列名如 实施主体、权力类型、实施编码
    见 toolkit/codelists/import-columns.csv）；可选列：办理层级、是否网办、法定时限、承诺时限，以及办事指南要素（受理条件、
    申请材料、收费、办理地点、办理时间、咨询/投诉电话、设定依据、到现场次数、服务对象、办理结果名称，见
    toolkit/codelists/guide-columns.csv）：一行一个事项（多行单元格），或一行一项材料（材料名称、材料形式、份数、
    必要性、来源渠道等列，事项各列重复）；部门工作簿（stdkit workbook export）的“申请材料”工作表一并读取。
    空单元格不改变已有内容；事项编码、名称原样保留；重复导入同一表格不改变任何文件。"""
    # start-up time: imported when the command runs, so `stdkit --help` stays fast
    from ..onboarding.importer import import_catalogue
    from ..onboarding.network import import_network

    if network:
        written = guarded(lambda: import_network(catalogue, into, sheet))
        say(
            f"服务网络导入完成：写入 {len(written)} 个文件"
            + ("。" if written else "（表格与数据一致，没有改动）。")
        )
        return
    result = guarded(
        lambda: import_catalogue(
            catalogue, into, skip_bad_rows=skip_bad_rows, sheet_name=sheet, code_column=code_column
        )
    )
    for p in result.skipped:
        say(p.render().replace("错误[", "未导入[").replace("警告[", "提示["), file=sys.stderr)
    if result.note:
        say(f"{catalogue}：{result.note}。")
    say("导入完成。" + "\n".join(result.summary()))
    if result.created:
        say(
            "新导入的事项尚无受理条件、申请材料、收费和网办信息，网站上显示“待补充”；请逐项补全，"
            f"并按 stdkit check {into} 列出的占位内容修改县、场所和队伍信息。"
        )


workbook = typer.Typer(
    help="部门工作簿：每个部门一个 Excel 文件，列出其事项和全部办事指南要素，供部门离线填写后用 stdkit import 导回。",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(workbook, name="workbook")


@workbook.command("export")
def workbook_export(
    folder: Annotated[Path, typer.Argument(help="县数据文件夹")],
    out: Annotated[Path, typer.Option("--out", help="输出文件夹（每个部门一个 .xlsx）")] = Path("部门工作簿"),
) -> None:
    """为每个部门写出一个工作簿：一行一个事项，每个办事指南要素一列（已有内容已填入，事项类型、网办深度、是否收费
    有下拉列表，申请材料一行一项）。部门填好后：stdkit import 部门.xlsx --into 县数据文件夹；只改变部门改动的内容，
    各部门的工作簿可按任意顺序导回。"""
    # start-up time: imported when the command runs, so `stdkit --help` stays fast
    from ..core.outdir import guard_out, write_files
    from ..core.workspace import Workspace
    from ..onboarding.workbook import department_workbooks

    def run() -> list[Path]:
        guard_out(folder, out)
        return write_files(out, department_workbooks(Workspace.open(folder).load()))

    paths = guarded(run)
    say(f"已写出 {len(paths)} 个部门工作簿到 {out}/。部门填好后：stdkit import 工作簿.xlsx --into {folder}")

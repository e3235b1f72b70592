"""stdkit demo-data: generate a full-scale county folder for benchmarks and scale tests."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ._app import app, say


@app.command("demo-data")
def demo_data(
    out: Annotated[Path, typer.Argument(help="输出文件夹（将写入 items/ 和 flowcharts/）")],
    items: Annotated[int, typer.Option(help="县级事项数（清理前规模为1808）")] = 1341,
    villages: Annotated[int, typer.Option(help="村（社区）便民服务站数")] = 405,
    township_items: Annotated[int, typer.Option(help="乡镇可办事项数")] = 328,
    village_items: Annotated[int, typer.Option(help="村（社区）可办事项数")] = 97,
    seed: Annotated[int, typer.Option(help="随机种子（相同参数生成相同文件）")] = 422822,
    county_reports: Annotated[
        int,
        typer.Option(
            "--county-reports", help="改为模拟一个省：生成 N 个县的符合性检查报告（不生成事项数据）"
        ),
    ] = 0,
    rounds: Annotated[int, typer.Option("--rounds", help="与 --county-reports 同用：每县几轮报告")] = 1,
) -> None:
    """生成全规模的示例数据（事项名称为示意），用于性能测试和规模测试；--county-reports 时生成模拟各县的报告。"""
    # start-up time: imported when the command runs, so `stdkit --help` stays fast
    from ..demo import generate

    if out.exists() and any(out.iterdir()):
        say(f"输出文件夹“{out}”不是空的；为避免覆盖已有数据，请指定一个新文件夹。")
        raise typer.Exit(1)
    if county_reports:
        write_county_reports(out, county_reports, rounds, seed)
        return
    if not (
        1 <= items <= 20000
        and 1 <= villages <= 5000
        and township_items <= items
        and village_items <= township_items
    ):
        say("参数超出范围：事项数 1–20000，村站数 1–5000，且村级事项数 ≤ 乡镇事项数 ≤ 县级事项数。")
        raise typer.Exit(1)
    counts = generate(
        out,
        items=items,
        villages=villages,
        township_items=township_items,
        village_items=village_items,
        seed=seed,
    )
    say(
        f"已生成：{counts['items']} 个事项，{counts['villages']} 个村（社区）便民服务站，"
        f"乡镇可办 {counts['township_items']} 项，村级可办 {counts['village_items']} 项 → {out}"
    )


def write_county_reports(out: Path, n: int, rounds: int, seed: int) -> None:
    # start-up time: imported when the command runs, so `stdkit --help` stays fast
    from ..province.simulate import write_reports

    if not (1 <= n <= 10000 and 1 <= rounds <= 20):
        say("参数超出范围：县数 1–10000，轮数 1–20。")
        raise typer.Exit(1)
    paths = write_reports(out, n, seed, rounds)
    say(f"已生成 {n} 个模拟县 {rounds} 轮的符合性检查报告，共 {len(paths)} 份 → {out}")

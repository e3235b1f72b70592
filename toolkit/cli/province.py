"""stdkit province collect / verify: the province's view of many counties' conformance reports."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ._app import app, guarded, print_problems, say, say_json

province = typer.Typer(
    help="省级汇总：收集各县符合性检查报告（数据库、表格、看板），核对报告与数据是否一致。",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(province, name="province")


@province.command()
def collect(
    reports: Annotated[
        list[str],
        typer.Argument(help="各县的 report.json：文件、文件夹或通配符（如 'reports/*/report.json'）"),
    ],
    out: Annotated[
        Path, typer.Option("--out", help="输出文件夹（province.sqlite、province.xlsx、dashboard/）")
    ] = Path("province"),
    standard: Annotated[
        list[Path] | None,
        typer.Option(
            "--standard",
            help="省里接受的标准：含 standard/ 的文件夹，每一稿一个（可重复）；默认为工具包自带的标准。依据其他稿或被改动过的标准的报告拒收，各稿分开比较",
        ),
    ] = None,
    keys: Annotated[
        Path | None,
        typer.Option("--keys", help="各县公钥登记表 keys.yaml（签名核验；没有时签名的报告标为“公钥未登记”）"),
    ] = None,
    rounds: Annotated[
        Path | None,
        typer.Option(
            "--rounds", help="收集轮次 rounds.yaml（名称、起止日期、应报告的县）；没有时全部报告为一轮"
        ),
    ] = None,
    reviews: Annotated[
        Path | None, typer.Option("--reviews", help="省里对县自行核查的审核 reviews.yaml（采纳的才计分）")
    ] = None,
    format: Annotated[str, typer.Option("--format", help="终端输出格式：text（默认）或 json")] = "text",
) -> None:
    """收集各县报告：逐份按格式校验（不合格的报告指明文件并跳过，其余照常汇总），同一县的多份报告按检查时间分轮，
    写出数据库、表格和看板。有报告被拒收时退出码为1。"""
    # start-up time: imported when the command runs, so `stdkit --help` stays fast
    from ..conformance import write_files
    from ..core.errors import StdkitError
    from ..core.outdir import guard_out
    from ..province import collect as gather
    from ..province import outputs, summary

    if format not in ("text", "json"):
        say(f"--format 只能是 text 或 json，而不是“{format}”。", file=sys.stderr)
        raise typer.Exit(1)
    guarded(lambda: guard_out(Path.cwd(), out))
    col = guarded(lambda: gather(reports, standard, keys, rounds, reviews))
    if col.refused:
        print_problems(StdkitError(col.refused))
        say(f"以上 {len(col.refused)} 份报告已拒收、不汇总；其余报告照常汇总。", file=sys.stderr)
    if not col.rounds:
        say("没有可汇总的报告，未写出任何文件。", file=sys.stderr)
        raise typer.Exit(1)
    written = guarded(lambda: write_files(out, outputs(col)))
    info = summary(col)
    if format == "json":
        say_json(info)
    else:
        say(
            f"已汇总 {info['counties']} 个县的 {info['rounds']} 份报告（{info['standard']}）："
            f"{info['passed']} 个县全部“应”类要求未发现不符合；拒收 {len(col.refused)} 份，"
            f"重复 {len(col.duplicates)} 份；签名："
            + "，".join(f"{k} {v} 份" for k, v in info["trust"].items())
            + f"；应报告而未报告 {len(info['not_reported'])} 个县。"
        )
        say(f"已写出 {len(written)} 个文件到 {out}/：province.sqlite、province.xlsx、dashboard/index.html")
    if col.refused:
        raise typer.Exit(1)


@province.command()
def verify(
    county: Annotated[Path, typer.Argument(help="县数据文件夹（含 items/、flowcharts/）")],
    report: Annotated[Path, typer.Argument(help="该县提交的 report.json")],
    standard: Annotated[
        Path | None,
        typer.Option(
            "--standard",
            help="省里的标准：含 standard/ 的文件夹，默认为工具包自带的标准（不用县数据文件夹中的标准）",
        ),
    ] = None,
) -> None:
    """重新检查县数据，核对提交的报告是否与数据一致（数据指纹、县信息、标准和逐条结果）。不一致时退出码为1。"""
    # start-up time: imported when the command runs, so `stdkit --help` stays fast
    from ..province.verify import verify as run

    diffs = guarded(lambda: run(county, report, standard))
    if diffs:
        say(f"报告“{report}”与数据文件夹“{county}”重新检查的结果不一致：", file=sys.stderr)
        for d in diffs:
            say(f"  - {d}", file=sys.stderr)
        raise typer.Exit(1)
    say(f"报告“{report}”与数据文件夹“{county}”重新检查的结果一致（数据指纹和逐条结果相同）。")

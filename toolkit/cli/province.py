"""stdkit province collect / verify: the province's view of many counties' conformance reports."""

from __future__ import annotations

import datetime as dt
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
    all_provinces: Annotated[
        bool,
        typer.Option(
            "--all-provinces",
            help="接收各省的县（全国汇总或性能基准）；默认只接收标准编号所属省（DB42/T：湖北省）的县",
        ),
    ] = False,
    notice: Annotated[
        bool, typer.Option("--notice", help="另写出本轮通报草稿 通报.docx 和 通报.pdf（GB/T 9704 公文格式）")
    ] = False,
    issuer: Annotated[str | None, typer.Option("--issuer", help="通报的发文机关署名（默认留待填写）")] = None,
    to: Annotated[
        str | None, typer.Option("--to", help="通报的主送机关（默认：各市（州）政务服务管理部门）")
    ] = None,
    date: Annotated[
        str | None, typer.Option("--date", help="通报的成文日期 YYYY-MM-DD（默认：本轮截止日期）")
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
    col = guarded(lambda: gather(reports, standard, keys, rounds, reviews, all_provinces))
    if col.refused:
        print_problems(StdkitError(col.refused))
        say(f"以上 {len(col.refused)} 份报告已拒收、不汇总；其余报告照常汇总。", file=sys.stderr)
    if not col.rounds:
        say("没有可汇总的报告，未写出任何文件。", file=sys.stderr)
        raise typer.Exit(1)
    heading = notice_heading(col, notice, issuer, to, date)
    written = guarded(lambda: write_files(out, outputs(col, heading)))
    pdf_note = notice_pdf(out, heading) if heading is not None else ""
    info = summary(col)
    if format == "json":
        say_json(info)
    else:
        say(
            f"已汇总 {info['counties']} 个县的 {info['rounds']} 份报告（{info['standard']}）："
            f"{info['passed']} 个县全部“应”类要求未发现不符合；拒收 {len(col.refused)} 份，"
            f"重复 {len(col.duplicates)} 份；签名："
            + "，".join(f"{k} {v} 份" for k, v in info["trust"].items())
            + "；应报告而未报告："
            + "，".join(f"{p} {len(codes)} 个县" for p, codes in info["not_reported"].items())
            + "。"
        )
        say(f"已写出 {len(written)} 个文件到 {out}/：province.sqlite、province.xlsx、dashboard/index.html"
              + ("、通报.docx" if heading is not None else "") + pdf_note)  # fmt: skip
    if col.refused:
        raise typer.Exit(1)


def notice_heading(col, notice: bool, issuer: str | None, to: str | None, date: str | None):
    """The 通报's heading when --notice is given (a bad --date is said in Chinese), else None."""
    # start-up time: imported when the command runs, so `stdkit --help` stays fast
    from ..province import heading_of

    if not notice:
        return None
    try:
        day = dt.date.fromisoformat(date) if date else None
    except ValueError:
        say(f"--date 应为 YYYY-MM-DD 形式的日期，而不是“{date}”。", file=sys.stderr)
        raise typer.Exit(1) from None
    return heading_of(col, issuer, to, day)


def notice_pdf(out: Path, heading) -> str:
    """通报.pdf beside 通报.docx (LibreOffice); what happened, as the end of the summary line."""
    # start-up time: imported when the command runs, so `stdkit --help` stays fast
    from ..office.pdf import Conversion
    from ..province import NOTICE, notice_when

    docx = out / NOTICE
    ok, message = Conversion([(docx, docx.with_suffix(".pdf"))], notice_when(heading)).wait()
    return "、通报.pdf" if ok else f"；通报.pdf 未生成：{message}"


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

"""stdkit check / stdkit checklist: conformance of a county folder to the standard, and the blank
checklist of the whole standard (with the coverage gate)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from ._app import DIR_HELP, app, default_dir, guarded, say, say_json

STANDARD_HELP = (
    "含 standard/ 的文件夹（标准条文及其核查方式 standard/requirements.yaml）；"
    "默认用数据文件夹自己的 standard/，没有时用工具包自带的标准"
)
AGAINST_HELP = (
    "按标准的较早稿检查：标准所在 git 仓库中的版本（如 HEAD~3、提交号、标签），报告注明该稿的阶段和日期"
)


@app.command()
def check(
    folder: Annotated[Path | None, typer.Argument(help=DIR_HELP, show_default=False)] = None,
    out: Annotated[
        Path, typer.Option("--out", help="报告输出文件夹（report.html、report.json、checklist.xlsx）")
    ] = Path("conformance-report"),
    format: Annotated[str, typer.Option("--format", help="终端输出格式：text（默认）或 json")] = "text",
    standard: Annotated[Path | None, typer.Option("--standard", help=STANDARD_HELP)] = None,
    against: Annotated[str | None, typer.Option("--against", help=AGAINST_HELP, show_default=False)] = None,
    key: Annotated[
        Path | None,
        typer.Option(
            "--key",
            help="本县的签名私钥（stdkit keys new 生成，放在仓库外）；不给时读环境变量 STDKIT_SIGNING_KEY，都没有时报告不签名",
            show_default=False,
        ),
    ] = None,
) -> None:
    """符合性检查：对县数据逐条核对标准要求，输出汇总、不符合项（文件:行）及 HTML、JSON、XLSX 报告。有“应”类要求不符合时退出码为1。"""
    # start-up time: imported when the command runs, so `stdkit --help` stays fast
    from ..conformance import check_folder, origin_of, report_files, standard_of, write_files
    from ..conformance.reports import render_text
    from ..conformance.signing import signing_key
    from ..core.outdir import guard_out
    from ..core.workspace import Workspace

    if format not in ("text", "json"):
        say(f"--format 只能是 text 或 json，而不是“{format}”。", file=sys.stderr)
        raise typer.Exit(1)
    root = default_dir(folder)
    guarded(lambda: guard_out(root, out))
    private = guarded(lambda: signing_key(key, root, dict(os.environ)))
    std_root, note = standard_of(root, standard)
    say(note, file=sys.stderr)
    if against is not None:
        from ..drafting.against import check_against

        report, origin, note = guarded(lambda: check_against(root, std_root, against))
        say(note, file=sys.stderr)
    else:
        ws = Workspace.open(root)  # the county's files, each read once for the check and the fingerprint
        report = guarded(lambda: check_folder(ws, std_root))
        origin = guarded(lambda: origin_of(ws, std_root))
    files = report_files(report, origin, private)
    guarded(lambda: write_files(out, files))
    if format == "json":
        say_json(files["report.json"].decode())
    else:
        say(render_text(report), end="")
        say(f"报告已写出：{'、'.join(str(out / name) for name in files)}")
        say("report.json 已用本县私钥签名。" if private else "report.json 未签名（省里汇总时标为“未签名”）。")
    if not report.passed:
        raise typer.Exit(1)


@app.command()
def checklist(
    folder: Annotated[
        Path | None,
        typer.Argument(
            help="含 standard/ 的文件夹，默认为当前文件夹（没有时用工具包自带的标准）", show_default=False
        ),
    ] = None,
    out: Annotated[
        Path, typer.Option("--out", help="输出文件夹（checklist.html 可打印、checklist.xlsx 可填写）")
    ] = Path("conformance-checklist"),
    coverage: Annotated[
        bool,
        typer.Option("--coverage", help="只检查覆盖情况：每条“应”类要求都有自动检查或人工核查方式，不写文件"),
    ] = False,
    standard: Annotated[Path | None, typer.Option("--standard", help=STANDARD_HELP)] = None,
) -> None:
    """标准全文的符合性核查表（供尚无数据的县打印填写），并检查每条“应”类要求都有核查方式。"""
    # start-up time: imported when the command runs, so `stdkit --help` stays fast
    from ..conformance import (
        checklist_files,
        load_bindings,
        load_requirements,
        standard_of,
        uncovered,
        unused_checks,
        write_files,
    )
    from ..conformance.bindings import BINDINGS_NAME
    from ..core.outdir import guard_out

    if not coverage:
        guarded(lambda: guard_out(default_dir(folder), out))
    std_root, note = standard_of(default_dir(folder), standard)
    say(note, file=sys.stderr)
    requirements = guarded(lambda: load_requirements(std_root))
    bindings = guarded(lambda: load_bindings(requirements, root=std_root))
    missing = uncovered(requirements, bindings)
    for name in unused_checks(bindings):
        say(f"提示：自动检查“{name}”未绑定到任何要求。", file=sys.stderr)
    if missing:
        for r in missing:
            say(
                f"{r.file}:{r.line}: 错误[coverage] “应”类要求 {r.clause}（{r.id}）既没有自动检查也没有人工核查方式：{r.text}",
                file=sys.stderr,
            )
        say(
            f"\n共 {len(missing)} 条“应”类要求未覆盖；请在 {std_root / BINDINGS_NAME} 中补上。",
            file=sys.stderr,
        )
        raise typer.Exit(1)
    shall = sum(1 for r in requirements if r.level == "应")
    auto = sum(1 for r in requirements if r.id in bindings and bindings[r.id].checks)
    say(
        f"覆盖检查通过：{len(requirements)} 条要求（“应” {shall} 条）均有核查方式，其中 {auto} 条有自动检查。"
    )
    if coverage:
        return
    paths = guarded(lambda: write_files(out, checklist_files(std_root)))
    say("核查表已写出：" + "、".join(str(p) for p in paths))

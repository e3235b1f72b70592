"""The typer application and the guard that turns the project's errors into exit code 1 without a traceback."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import typer

from ..core.errors import StdkitError
from ..core.escape import json_terminal, terminal
from ..core.settings import Settings, use
from .usage import click, usage_message

app = typer.Typer(
    name="stdkit",
    help="县乡村政务服务体系建设 标准工具包：校验事项数据、统计改革成效、生成标准文本与办事指南网站、符合性检查。",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)

T = TypeVar("T")

MAX_PRINTED = 200  # problems printed to a terminal; the summary line counts them all
DIR_HELP = "县数据文件夹（含 items/、flowcharts/），默认为当前文件夹"


def default_dir(path: Path | None) -> Path:
    return path if path is not None else Path.cwd()


def say(*values: object, file=None, end: str = "\n", flush: bool = False) -> None:
    """print() for anything that may hold a value from a file: made safe for a terminal or CI log
    (core/escape.terminal). JSON output goes through `say_json`."""
    print(terminal(" ".join(str(v) for v in values)), file=file, end=end, flush=flush)


def say_json(data: object) -> None:
    """JSON output (a value, or JSON text already made): still JSON, but C1 controls and direction
    overrides from the files written as \\u escapes, so a terminal never acts on them."""
    text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    print(json_terminal(text), end="")


def print_problems(err: StdkitError, stream=None) -> None:
    stream = stream or sys.stderr
    errors = [p for p in err.problems if p.severity == "error"]
    for p in err.problems[:MAX_PRINTED]:
        say(p.render(), file=stream)
    if len(err.problems) > MAX_PRINTED:
        say(f"……另有 {len(err.problems) - MAX_PRINTED} 条未显示（最多显示 {MAX_PRINTED} 条）。", file=stream)
    files = len({p.file for p in errors})
    say(f"\n共 {len(errors)} 个错误，涉及 {files} 个文件。未写出任何文件。", file=stream)


def guarded(fn: Callable[[], T]) -> T:
    """Run fn; on the project's own errors print them in Chinese and exit 1."""
    try:
        return fn()
    except StdkitError as err:
        print_problems(err)
        raise typer.Exit(1) from None


def typed_command(argv: list[str]) -> str:
    """'stdkit province collect' for the words of argv that name a command (groups walked down)."""
    command: object = typer.main.get_command(app)
    words = ["stdkit"]
    for word in argv:
        command = getattr(command, "commands", {}).get(word)
        if command is None:
            break
        words.append(word)
    return " ".join(words)


def run() -> None:
    settings = Settings.from_env()  # read once, current for the whole command
    try:
        with use(settings):
            code = app(
                prog_name="stdkit", standalone_mode=False
            )  # click's usage errors are ours to show (below)
    except click.NoArgsIsHelpError as err:  # `stdkit` or `stdkit province` alone
        print(err.ctx.get_help() if err.ctx else "", file=sys.stderr)
        say(usage_message(err), file=sys.stderr)
        sys.exit(1)
    except click.UsageError as err:
        say(usage_message(err, typed_command(sys.argv[1:])), file=sys.stderr)
        sys.exit(1)
    except click.ClickException as err:  # e.g. a file click could not open
        say(f"stdkit：{err.format_message()}", file=sys.stderr)
        sys.exit(1)
    except (KeyboardInterrupt, typer.Abort):
        print("已中断。", file=sys.stderr)
        sys.exit(130)
    except (SystemExit, typer.Exit):
        raise
    except Exception as exc:  # a bug in the toolkit, not bad input: say so briefly
        if settings.debug:
            raise
        print(
            f"stdkit 内部错误：{type(exc).__name__}: {exc}\n请设置环境变量 STDKIT_DEBUG=1 重新运行以查看详细信息，并报告此问题。",
            file=sys.stderr,
        )
        sys.exit(2)
    sys.exit(code if isinstance(code, int) else 0)  # typer.Exit(n) in a command comes back as n

"""Mistakes on the command line itself (an unknown option, a missing argument, a value of the wrong type) in
Chinese, located at the command that was typed: click's own messages are English and exit 2, which this
project keeps for its own bugs."""

from __future__ import annotations

import re

# typer (0.29) carries its own copy of click; its usage errors are these classes, not the `click` package's
from typer._click import exceptions as click

_EXTRA = re.compile(r"Got unexpected extra arguments?(?:\(s\))? \((.*)\)", re.DOTALL)
_NO_COMMAND = re.compile(r"No such command '(.*)'", re.DOTALL)
_REQUIRES_VALUE = re.compile(r"Option '(.*)' requires (?:an argument|\d+ arguments)", re.DOTALL)
_DETAILS = (  # typer checks types through pydantic; choices and paths through click
    (re.compile(r"Input should be a valid integer.*", re.DOTALL), "应为整数"),
    (re.compile(r"Input should be a valid (?:number|float).*", re.DOTALL), "应为数字"),
    (re.compile(r"Input should be a valid boolean.*", re.DOTALL), "应为 true 或 false"),
    (re.compile(r"(.*) is not (?:one of )?(.*?)\.?", re.DOTALL), "{0} 不是可选的取值（{1}）之一"),
    (re.compile(r"(.*) does not exist\.?", re.DOTALL), "{0} 不存在"),
)


def _detail(message: str) -> str:
    """A type conversion's reason in Chinese; one we do not know stays as click wrote it, in brackets."""
    for pattern, chinese in _DETAILS:
        m = pattern.fullmatch(message.strip())
        if m:
            return chinese.format(*m.groups())
    return f"（{message.rstrip('.')}）"


def _hint(err: click.BadParameter) -> str:
    if err.param is not None:
        return str(err.param.get_error_hint())  # typer's params take no context here
    return str(err.param_hint or "")


def _what(err: click.UsageError) -> str:
    if isinstance(err, click.NoArgsIsHelpError):
        return "缺少命令：请从上面列出的命令中选一个。"
    if isinstance(err, click.NoSuchOption):
        near = f"；您要找的可能是 {'、'.join(sorted(err.possibilities))}" if err.possibilities else ""
        return f"没有“{err.option_name}”这个选项{near}。"
    if isinstance(err, click.MissingParameter):
        hint = _hint(err)
        kind = "参数" if getattr(err.param, "param_type_name", "") == "argument" else "选项"
        return f"缺少{kind} {hint}。"
    if isinstance(err, click.BadParameter):
        hint = _hint(err)
        return f"{hint} 的取值无效：{_detail(err.message)}。"
    for pattern, chinese in (
        (_NO_COMMAND, "没有“{0}”这个命令。"),
        (_REQUIRES_VALUE, "选项 {0} 后面缺少取值。"),
        (_EXTRA, "多余的参数：{0}。"),
    ):
        m = pattern.match(err.message)
        if m:
            return chinese.format(*m.groups())
    return f"用法有误（{err.message}）。"


def usage_message(err: click.UsageError, typed: str = "stdkit") -> str:
    """'stdkit check：命令行用法有误：……' with a hint to the command's --help; `typed` is the command named
    on the command line, for the errors click raises before it knows the command."""
    where = err.ctx.command_path if err.ctx else typed
    return f"{where}：命令行用法有误：{_what(err)}\n    提示：运行 {where} --help 查看用法。"

"""Mistakes on the command line (unknown option, missing argument, wrong type, unknown command) are user
input like any other: a Chinese message naming the command typed, exit 1 — exit 2 is the toolkit's own bugs.
Every command is tried with an unknown option through the real entry point (`toolkit.cli.main`); `--help`
still works for every command."""

from __future__ import annotations

import subprocess
import sys

import pytest
import typer
from buildrun import stdkit

from toolkit.cli import app, main


def _commands(command=None, path=()) -> list[tuple[str, ...]]:
    command = command or typer.main.get_command(app)
    subs = getattr(command, "commands", None)
    if not subs:
        return [path]
    return [p for name, sub in sorted(subs.items()) for p in _commands(sub, (*path, name))]


COMMANDS = _commands()


def _run(monkeypatch, capsys, *args: str) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "argv", ["stdkit", *args])
    with pytest.raises(SystemExit) as exit_:
        main()
    out, err = capsys.readouterr()
    return exit_.value.code or 0, out, err


def _english_usage(text: str) -> bool:
    return any(word in text for word in ("Error:", "No such option", "Missing argument", "Try '"))


def test_every_command_is_listed():
    assert len(COMMANDS) > 15 and ("check",) in COMMANDS and ("province", "collect") in COMMANDS


@pytest.mark.parametrize("path", COMMANDS, ids=" ".join)
def test_an_unknown_option_is_a_chinese_error_with_exit_1(path, monkeypatch, capsys):
    code, _, err = _run(monkeypatch, capsys, *path, "--no-such-option")
    where = " ".join(("stdkit", *path))
    assert code == 1, err
    assert f"{where}：命令行用法有误：没有“--no-such-option”这个选项" in err
    assert f"运行 {where} --help" in err
    assert not _english_usage(err) and "Traceback" not in err


@pytest.mark.parametrize("path", COMMANDS, ids=" ".join)
def test_help_still_works(path, monkeypatch, capsys):
    code, out, _ = _run(monkeypatch, capsys, *path, "--help")
    assert code == 0 and "Usage:" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("demo-data", "--items", "abc"),
            "stdkit demo-data：命令行用法有误：'--items' 的取值无效：应为整数。",
        ),
        (("province", "verify"), "stdkit province verify：命令行用法有误：缺少参数 'county'。"),
        (("check", "--against"), "stdkit check：命令行用法有误：选项 --against 后面缺少取值。"),
        (("check", "a", "b", "c"), "stdkit check：命令行用法有误：多余的参数：b c。"),
        (("no-such-command",), "stdkit：命令行用法有误：没有“no-such-command”这个命令。"),
        (("province",), "stdkit province：命令行用法有误：缺少命令"),
        ((), "stdkit：命令行用法有误：缺少命令"),
    ],
)
def test_other_usage_errors(args, message, monkeypatch, capsys):
    code, _, err = _run(monkeypatch, capsys, *args)
    assert code == 1 and message in err and not _english_usage(err), err


def test_the_installed_command_exits_1_with_chinese():
    proc = subprocess.run(
        [*stdkit(), "check", "--bogus"], capture_output=True, text=True, timeout=120, check=False
    )
    assert proc.returncode == 1
    assert "stdkit check：命令行用法有误：没有“--bogus”这个选项；您要找的可能是" in proc.stderr
    assert not _english_usage(proc.stderr)

"""Progress of `stdkit build`: plain lines with each phase and its time when not on a terminal (and in CI),
bars on a terminal, the time of each phase at the end; the library itself prints nothing."""

from __future__ import annotations

import io
import re
import shutil

import pytest
from buildrun import run_build

from toolkit.cli.progress import BarReporter, PlainReporter, reporter_for
from toolkit.core.progress import PHASES

LINE_END = re.compile(r"^完成：(.+)（(\d+\.\d) 秒）$")


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_plain_lines_name_each_phase_and_its_time():
    out = io.StringIO()
    reporter = PlainReporter(out)
    reporter.start("load")
    reporter.end("load", 1.25)
    reporter.start("site")
    reporter.end("site", 12.0)
    reporter.summary(13.5)
    assert out.getvalue().splitlines() == [
        f"开始：{PHASES['load']}……",
        f"完成：{PHASES['load']}（1.2 秒）",
        f"开始：{PHASES['site']}……",
        f"完成：{PHASES['site']}（12.0 秒）",
        "各阶段用时：",
        f"  {PHASES['load']}：1.2 秒",
        f"  {PHASES['site']}：12.0 秒",
        "  合计：13.5 秒",
    ]


def test_bars_on_a_terminal_plain_lines_in_a_pipe_or_ci(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    assert type(reporter_for(io.StringIO())) is PlainReporter
    terminal = reporter_for(_Terminal())
    terminal.close()
    assert type(terminal) is BarReporter
    monkeypatch.setenv("CI", "true")
    assert type(reporter_for(_Terminal())) is PlainReporter


def test_terminal_bars_end_with_each_phase_time():
    from rich.console import Console

    out = io.StringIO()
    reporter = BarReporter(out, console=Console(file=out, force_terminal=True, width=100))
    reporter.start("prepare")
    reporter.end("prepare", 3.0)
    reporter.start("site")
    reporter.end("site", 9.5)
    reporter.close()
    reporter.summary(None)
    screen = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", out.getvalue())
    assert f"{PHASES['prepare']}（3.0 秒）" in screen and f"{PHASES['site']}（9.5 秒）" in screen
    assert "━" in screen  # the bar itself
    assert screen.rstrip().endswith("合计：12.5 秒")


@pytest.mark.slow  # two full builds of the small county
def test_build_reports_phases_in_a_pipe_and_the_library_stays_silent(small_county, tmp_path, capfd):
    from toolkit.build import build

    county = tmp_path / "county"
    shutil.copytree(small_county, county, ignore=shutil.ignore_patterns(".stdkit-cache", "site"))
    capfd.readouterr()
    result = build(county, tmp_path / "quiet", pdf=False)
    assert capfd.readouterr() == ("", "")
    assert {"load", "prepare", "paperwork", "site"} <= set(result.timings)

    proc = run_build(county, tmp_path / "out", "--no-pdf", env={"CI": "true"})
    assert proc.stdout.startswith("已生成网站：") and len(proc.stdout.splitlines()) == 1
    lines = proc.stderr.splitlines()
    done = [m.group(1) for m in map(LINE_END.match, lines) if m]
    assert done == [PHASES[p] for p in ("load", "prepare", "paperwork", "site")], lines
    for phase in done:
        assert lines.index(f"开始：{phase}……") < lines.index(
            next(x for x in lines if x.startswith(f"完成：{phase}（"))
        )
    summary = lines[lines.index("各阶段用时：") :]
    assert [s.split("：")[0].strip() for s in summary[1:]] == [*done, "合计"]
    assert not any("\x1b[" in line for line in lines)  # no terminal codes in a log

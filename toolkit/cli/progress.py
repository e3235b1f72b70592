"""The reporter `stdkit build` passes to the build (toolkit/core/progress.py): on a terminal a bar per phase
(rich, which typer already installs), otherwise (a pipe, a log file, CI=true) one plain line when a phase
starts and one when it ends; at the end, the time each phase took. Everything goes to stderr: stdout keeps
the one-line result."""

from __future__ import annotations

import sys
from typing import TextIO

from ..core.progress import PHASES
from ..core.settings import current


def _seconds(s: float) -> str:
    return f"{s:.1f} 秒"


class PlainReporter:
    """Plain lines, one per event: readable in a CI log and by tests."""

    def __init__(self, stream: TextIO):
        self.stream = stream
        self.took: dict[str, float] = {}

    def start(self, phase: str) -> None:
        print(f"开始：{PHASES[phase]}……", file=self.stream, flush=True)

    def end(self, phase: str, seconds: float) -> None:
        self.took[phase] = seconds
        print(f"完成：{PHASES[phase]}（{_seconds(seconds)}）", file=self.stream, flush=True)

    def close(self) -> None:
        pass

    def summary(self, total: float | None) -> None:
        """The time each phase took, then the whole build's (the sum of the phases when not given)."""
        total = sum(self.took.values()) if total is None else total
        lines = [f"  {PHASES[p]}：{_seconds(s)}" for p, s in self.took.items()]
        print("\n".join(["各阶段用时：", *lines, f"  合计：{_seconds(total)}"]), file=self.stream, flush=True)


class BarReporter(PlainReporter):
    """A bar per phase on a terminal: it moves while the phase runs and shows its time once done."""

    def __init__(self, stream: TextIO, console=None):
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

        super().__init__(stream)
        self.progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            TimeElapsedColumn(),
            console=console or Console(file=stream),
            transient=False,
        )
        self.tasks: dict = {}  # phase -> rich TaskID
        self.progress.start()

    def start(self, phase: str) -> None:
        self.tasks[phase] = self.progress.add_task(PHASES[phase], total=None)

    def end(self, phase: str, seconds: float) -> None:
        self.took[phase] = seconds
        task = self.tasks.get(phase)
        if task is None:
            task = self.tasks[phase] = self.progress.add_task(PHASES[phase], total=None)
        self.progress.update(
            task, total=1, completed=1, description=f"{PHASES[phase]}（{_seconds(seconds)}）"
        )
        self.progress.stop_task(task)

    def close(self) -> None:
        self.progress.stop()


def reporter_for(stream: TextIO | None = None) -> PlainReporter:
    """Bars on an interactive terminal; plain lines in a pipe, a file or CI (CI=true)."""
    stream = stream or sys.stderr
    if current().ci or not stream.isatty():
        return PlainReporter(stream)
    return BarReporter(stream)

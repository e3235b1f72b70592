"""Progress of a long build, reported to an object the caller passes in; the library itself never prints.

`stdkit build` passes a reporter that draws a bar per phase on a terminal, or writes plain lines in CI, and
lists the time of each phase at the end (toolkit/cli/progress.py). Without a reporter nothing is reported.
"""

from __future__ import annotations

from typing import Protocol

# The phases of `stdkit build`, in order, with the names a drafter reads (the keys are BuildResult.timings').
PHASES = {
    "load": "读取并校验数据",
    "standard": "生成标准文本下载",
    "prepare": "生成页面、流程图和二维码",
    "paperwork": "生成一表申请、告知单和受理手册",
    "standard_pdf": "生成标准文本 PDF",
    "site": "生成网站",
    "pdf_wait": "生成二维码清单 PDF",
}


class Reporter(Protocol):
    def start(self, phase: str) -> None:
        """`phase` (a key of PHASES) begins."""

    def end(self, phase: str, seconds: float) -> None:
        """`phase` is done; it took `seconds`."""


class Silent:
    """The reporter of library callers that pass none: reports nothing."""

    def start(self, phase: str) -> None:
        pass

    def end(self, phase: str, seconds: float) -> None:
        pass

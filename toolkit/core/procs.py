"""External programs (Graphviz `dot`, LibreOffice) with a time limit: the program and every process it
started run in their own process group, which is killed as a whole when the limit passes. The program
is also told (SIGTERM) when the toolkit's process ends, however it ends, so that a build killed with
SIGKILL leaves nothing running (uno_pdf.py then ends its LibreOffice)."""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import subprocess
import sys

from .errors import file_error

DOT_TIMEOUT = 300  # seconds for one Graphviz run (Jianshi's 1,341 charts take a few seconds)
OFFICE_TIMEOUT = 300  # seconds for one LibreOffice conversion


PR_SET_PDEATHSIG = 1  # linux/prctl.h


def die_with_parent() -> None:
    """For `preexec_fn`: the child receives SIGTERM when the process that started it ends."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def run_bounded(cmd: list[str], timeout: float, **kwargs) -> subprocess.CompletedProcess:
    """subprocess.run with a timeout that also ends grandchildren; raises subprocess.TimeoutExpired."""
    return finish_bounded(start_bounded(cmd, **kwargs), timeout)


def start_bounded(cmd: list[str], **kwargs) -> subprocess.Popen:
    """Start `cmd` in its own process group (ends with the toolkit); finish it with finish_bounded."""
    return subprocess.Popen(
        cmd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
        preexec_fn=die_with_parent,  # noqa: PLW1509 — only prctl runs between fork and exec
        **kwargs,
    )


def finish_bounded(proc: subprocess.Popen, timeout: float) -> subprocess.CompletedProcess:
    """Wait for a process from start_bounded; past `timeout` its whole group is ended and
    subprocess.TimeoutExpired raised."""
    with proc:
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _end_group(proc)
            raise
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def _end_group(proc: subprocess.Popen) -> None:
    """SIGTERM first (uno_pdf.py ends its LibreOffice, which runs in a session of its own), then SIGKILL."""
    for sig, wait in ((signal.SIGTERM, 5.0), (signal.SIGKILL, None)):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, sig)
        try:
            proc.communicate(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def run_dot(dot: str, options: list[str], paths: list) -> None:
    """Graphviz on .dot files, one process for all (`-O`: each output beside its source), bounded in
    time: running too long is a located error (a flow too complex), a failure of dot a RuntimeError."""

    try:
        proc = run_bounded([dot, *options, "-O", *map(str, paths)], DOT_TIMEOUT)
    except subprocess.TimeoutExpired:
        raise file_error(
            file="flowcharts/",
            code="dot-timeout",
            message=f"流程图生成超时（Graphviz 超过 {DOT_TIMEOUT} 秒）：流程过于复杂。",
            hint="请减少环节和分支（每个流程最多 40 个环节）。",
        ) from None
    if proc.returncode != 0:
        raise RuntimeError(f"Graphviz dot failed: {proc.stderr.decode(errors='replace').strip()[:500]}")

"""External programs (Graphviz `dot`, LibreOffice) with a time limit: the program and every process it
started run in their own process group, which is killed as a whole when the limit passes."""

from __future__ import annotations

import os
import signal
import subprocess

DOT_TIMEOUT = 300  # seconds for one Graphviz run (Jianshi's 1,341 charts take a few seconds)
OFFICE_TIMEOUT = 300  # seconds for one LibreOffice conversion


def run_bounded(cmd: list[str], timeout: float, **kwargs) -> subprocess.CompletedProcess:
    """subprocess.run with a timeout that also ends grandchildren; raises subprocess.TimeoutExpired."""
    with subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True, **kwargs
    ) as proc:
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.communicate()
            raise
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err)

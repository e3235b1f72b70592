"""External programs never outlive the toolkit: a build killed with SIGKILL while LibreOffice converts
leaves no soffice running, and a timeout ends the whole process tree (toolkit/core/procs.py, uno_pdf.py)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from docx import Document

from toolkit.core.procs import run_bounded
from toolkit.office.pdf import SCRIPT, SYSTEM_PYTHON


def _soffice_pids(marker: str) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        if "soffice.bin" in cmdline and marker in cmdline:
            pids.append(int(entry.name))
    return pids


def _wait_for(predicate, seconds: float) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.2)
    return predicate()


@pytest.mark.slow
def test_killing_the_toolkit_ends_its_libreoffice(tmp_path):
    docx = tmp_path / "a.docx"
    doc = Document()
    for i in range(40000):  # long enough that LibreOffice is still converting when the toolkit dies
        doc.add_paragraph(f"第{i}段：县乡村政务服务体系建设")
    doc.save(str(docx))
    # The "toolkit" is a Python process that converts through run_bounded, as pdf.py does.
    code = (
        "import sys; from toolkit.core.procs import run_bounded; "
        f"run_bounded([{SYSTEM_PYTHON!r}, {str(SCRIPT)!r}, {str(docx)!r}, {str(tmp_path / 'a.pdf')!r}], 300)"
    )
    parent = subprocess.Popen([sys.executable, "-c", code], cwd=Path(__file__).parents[1])
    before = set(_soffice_pids("stdkit"))  # LibreOffice of other builds on this machine
    mine: list[int] = []

    def started() -> bool:
        mine[:] = [p for p in _soffice_pids("stdkit") if p not in before]
        return bool(mine)

    assert _wait_for(started, 60), "soffice never started"
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait()
    assert not (tmp_path / "a.pdf").exists(), "the conversion ended before the kill: the test proves nothing"
    assert _wait_for(lambda: not any(Path(f"/proc/{p}").exists() for p in mine), 5), (
        "LibreOffice still runs after the toolkit was killed"
    )


def test_a_timeout_ends_the_whole_tree(tmp_path):
    marker = tmp_path / "grandchild-alive"
    grandchild = tmp_path / "grandchild.py"
    grandchild.write_text(f"import time\ntime.sleep(3)\nopen({str(marker)!r}, 'w').close()\n")
    child = tmp_path / "child.py"
    child.write_text(
        f"import subprocess, sys, time\nsubprocess.Popen([sys.executable, {str(grandchild)!r}])\ntime.sleep(60)\n"
    )
    start = time.monotonic()
    with pytest.raises(subprocess.TimeoutExpired):
        run_bounded([sys.executable, str(child)], 1)
    assert time.monotonic() - start < 10
    time.sleep(4)
    assert not marker.exists(), "the grandchild outlived the timeout"

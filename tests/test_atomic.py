"""Atomic output: a build killed midway (SIGKILL) or failing on bad data leaves the previous output untouched,
and writes nothing outside its output folder (caches live in the user's cache folder)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest
from buildrun import build_cmd, county_for_build, run_build, snapshot, tree_hashes

from toolkit.core.cachedir import project_cache

pytestmark = pytest.mark.slow  # full builds

NO_PDF = ("--no-pdf",)  # Chromium PDFs add time, not coverage, to these tests


@pytest.fixture
def built(small_county, tmp_path) -> tuple[Path, Path, float]:
    """A county copy with a finished build: (county, out, seconds the cold build took)."""
    county = county_for_build(small_county, tmp_path / "work" / "county")
    out = tmp_path / "work" / "out"
    start = time.monotonic()
    run_build(county, out, *NO_PDF, env={"SOURCE_DATE_EPOCH": "1767225600"})
    return county, out, time.monotonic() - start


def _edit_item(county: Path) -> None:
    path = county / "items/services/scjgj/scjgj-0001.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\nname: ", "\nname: 改", 1), encoding="utf-8")


def test_failing_build_leaves_output_and_everything_else_untouched(built):
    county, out, _ = built
    (county / "items/services/scjgj/scjgj-0002.yaml").write_text(
        "id: scjgj-0002\nname: [未闭合\n", encoding="utf-8"
    )
    work = county.parent
    before_out, before_work = snapshot(out), snapshot(work, skip=(out.name,))
    proc = run_build(county, out, *NO_PDF, env={"SOURCE_DATE_EPOCH": "1767225600"}, check=False)
    assert proc.returncode == 1, proc.stderr[-2000:]
    assert "items/services/scjgj/scjgj-0002.yaml:2:" in proc.stderr
    assert snapshot(out) == before_out, "a failing build must not touch the previous output"
    assert snapshot(work, skip=(out.name,)) == before_work, "a failing build must write nothing anywhere"


def test_sigkill_midway_leaves_previous_output_untouched(built):
    county, out, cold_seconds = built
    before = tree_hashes(out)
    _edit_item(county)
    killed_while_running = 0
    seen: list[tuple[float, dict]] = []
    for fraction in (0.25, 0.5, 0.75):
        shutil.rmtree(
            project_cache(county, "site"), ignore_errors=True
        )  # make the next build redo everything
        proc = subprocess.Popen(
            build_cmd(county, out, *NO_PDF),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            env={**os.environ, "SOURCE_DATE_EPOCH": "1767225600"},
        )
        try:
            time.sleep(max(0.2, cold_seconds * fraction))
            if proc.poll() is None:
                killed_while_running += 1
                os.killpg(proc.pid, signal.SIGKILL)
        finally:
            proc.wait(timeout=60)
        if proc.returncode == -signal.SIGKILL:
            seen.append((fraction, tree_hashes(out)))
    assert killed_while_running, "every build finished before the kill: the test did not test anything"
    # The next build recovers from whatever the killed ones left behind and publishes the edit.
    run_build(county, out, *NO_PDF, env={"SOURCE_DATE_EPOCH": "1767225600"})
    after = tree_hashes(out)
    assert after != before
    # A killed build left either the previous output or (killed after its swap, while exiting) the complete
    # new one — never a mixture.
    for fraction, tree in seen:
        assert tree in (before, after), f"output mixed after SIGKILL at {fraction:.0%} of a build"
    # Temporary folders of the killed builds are gone too: nothing is left outside the output folder.
    assert sorted(p.name for p in out.parent.iterdir()) == sorted(["county", out.name])

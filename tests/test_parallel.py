"""Loading with a forked parsing worker gives exactly what a sequential load gives: objects and problems."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from toolkit.core import parallel
from toolkit.demo import generate


@pytest.fixture(scope="module")
def big_county(tmp_path_factory):
    out = tmp_path_factory.mktemp("big") / "county"
    generate(out, items=parallel.MIN_FILES + 60, villages=30, township_items=40, village_items=10)
    return out


# Run in a fresh interpreter: the worker is (rightly) not forked while other threads run, and other tests
# in this process may have left threads behind (the local HTTP server, the browser driver).
_COMPARE = """
import os, sys
from toolkit.core import parallel
from toolkit.core.load import load_project
started = []
real = parallel.parse_in_worker
def spy(files):
    w = real(files); started.append(len(w.rels)); return w
parallel.parse_in_worker = spy
together = load_project(sys.argv[1], use_cache=False)
assert max(started) >= parallel.MIN_FILES // 2, started
os.environ["STDKIT_PARALLEL"] = "0"
alone = load_project(sys.argv[1], use_cache=False)
assert together.items == alone.items and list(together.items) == list(alone.items)
item = list(together.items)[-1]  # parsed by the worker: positions are read on demand all the same
assert together.source("item", item).at("name") == alone.source("item", item).at("name")
print("ok", max(started))
"""


def test_worker_is_used_and_results_match(big_county):
    proc = subprocess.run(
        [sys.executable, "-c", _COMPARE, str(big_county)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "STDKIT_PARALLEL": "1"},
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.startswith("ok ")


_PROBLEMS = """
import os, sys
from toolkit.core import parallel
from toolkit.core.errors import StdkitError
from toolkit.core.load import load_project
used = []
real = parallel.parse_in_worker
def spy(files):
    w = real(files); used.append(len(w.rels)); return w
parallel.parse_in_worker = spy
found = []
for flag in ("1", "0"):
    os.environ["STDKIT_PARALLEL"] = flag
    try:
        load_project(sys.argv[1], use_cache=False)
    except StdkitError as err:
        found.append([p.render() for p in err.problems])
assert max(used) >= parallel.MIN_FILES // 2, used
assert len(found) == 2 and found[0] == found[1], found
print("\\n".join(found[0]))
"""


def test_problems_in_the_workers_half_are_the_same(big_county, tmp_path):
    county = tmp_path / "county"
    shutil.copytree(big_county, county)
    files = sorted((county / "items/services").glob("*/*.yaml"))
    last = files[-1]
    last.write_text(last.read_text(encoding="utf-8") + "broken: [1\n", encoding="utf-8")
    other = files[-2]
    other.write_text(other.read_text(encoding="utf-8").replace("\nname: ", "\nnmae: ", 1), encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-c", _PROBLEMS, str(county)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "yaml-syntax" in proc.stdout and "nmae" in proc.stdout

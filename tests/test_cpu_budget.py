"""The fast subset's CPU budget (tests/cpu_budget.py), run on a planted test file under xdist (-n 2):
over-budget tests fail and name themselves, child processes count, waiting does not, `slow` tests are
exempt, shared fixtures are not charged to the test that sets them up but have a budget of their own."""

from __future__ import annotations

from pathlib import Path

import cpu_budget

PLANTED = """
import subprocess
import sys
import time

import pytest

BURN = "import time\\nt = time.process_time()\\nwhile time.process_time() - t < {s}: pass"


def burn(seconds):
    exec(BURN.format(s=seconds))


@pytest.fixture(scope="session")
def cheap_shared():
    burn(0.2)


@pytest.fixture(scope="session")
def dear_shared():
    burn(0.5)


def test_burns_itself():
    burn(0.5)


def test_burns_in_a_child():
    subprocess.run([sys.executable, "-c", BURN.format(s=0.5)], check=True)


def test_waits_without_burning():
    time.sleep(0.5)


@pytest.mark.slow
def test_marked_slow():
    burn(0.5)


def test_shared_setup_is_not_its_own(cheap_shared):
    burn(0.2)  # with the fixture's 0.2 s this test would be over 0.3 s


def test_uses_a_dear_shared_fixture(dear_shared):
    pass
"""


def _run(pytester, monkeypatch):
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")  # each interpreter starts in ~0.4 s, not ~1.5 s
    pytester.makepyfile(test_planted=PLANTED)
    pytester.makeini("[pytest]\nmarkers =\n    slow: slow\n")
    pytester.makeconftest('pytest_plugins = ["cpu_budget"]\n')
    pytester.path.joinpath("cpu_budget.py").write_bytes(Path(cpu_budget.__file__).read_bytes())
    return pytester.runpytest_subprocess(
        "-p", "xdist", "-n", "2", "-p", "no:cacheprovider", "--cpu-budget=0.3", "--cpu-top=9"
    )


def test_over_budget_tests_fail_and_name_themselves(pytester, monkeypatch):
    result = _run(pytester, monkeypatch)
    out = result.stdout.str()
    errors = {line.split()[1].split("::")[1] for line in out.splitlines() if line.startswith("ERROR ")}
    assert errors == {"test_burns_itself", "test_burns_in_a_child", "test_uses_a_dear_shared_fixture"}, out
    assert result.ret == 1
    assert "test_planted.py::test_burns_itself：用了 0." in out
    assert "超过快速子集每项 0.3 秒的上限。给它加上 @pytest.mark.slow" in out
    assert "test_uses_a_dear_shared_fixture：共享夹具 dear_shared（0." in out
    assert "SLOW_FIXTURES" in out
    # the end-of-run section lists each one again, and --cpu-top the figures of every test
    summary = out.split("超过 CPU 上限、应标为 slow 的测试")[1]
    assert all(name in summary for name in errors)
    top = out.split("CPU 用时最多的 9 项测试")[1]
    assert "test_marked_slow" in top.split("共享夹具")[0] and "test_waits_without_burning" in top
    shared = out.split("共享夹具的准备（秒")[1]
    assert "cheap_shared" in shared and "dear_shared" in shared


def test_cpu_seconds_count_children():
    import subprocess
    import sys

    before = cpu_budget.cpu_seconds()
    subprocess.run([sys.executable, "-c", "sum(range(3_000_000))"], check=True)
    assert cpu_budget.cpu_seconds() - before > 0.02

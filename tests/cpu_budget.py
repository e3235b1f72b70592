"""A CPU budget for the fast subset: in a `-m "not slow"` run, a test not marked `slow` that uses more than
`cpu_budget` CPU seconds (pyproject.toml, 10; `--cpu-budget=N` sets it for any run, 0 turns it off) fails the
run and names itself.

What is counted: CPU seconds (user + system) of the test process and of its child processes
(`RUSAGE_SELF` + `RUSAGE_CHILDREN`), summed over setup, call and teardown. CPU time, not wall time, so a
loaded machine or a busy xdist neighbour does not fail the run. Children count once they have ended and
been waited for (`subprocess.run`, a closed `multiprocessing` pool); a process still running after the
test (a server started by a session fixture) is not counted. Each xdist worker measures its own tests.

Shared fixtures (module, package, session scope) are set up once and used by many tests; their setup and
teardown are paid by whichever test comes first or last, so they are not counted against that test. They
get a budget of their own instead: a shared fixture whose setup exceeds the budget fails the test that
set it up, naming the fixture — it belongs in `SLOW_FIXTURES` (tests/conftest.py), which marks every test
using it `slow`. (Teardown of a shared fixture is attributed between `pytest_fixture_post_finalizer`
calls: an approximation, good enough for an exemption.)

`--cpu-top=N` lists the N tests that used the most CPU at the end of the run, and the shared fixtures' setups."""

from __future__ import annotations

import resource
from collections.abc import Generator
from dataclasses import dataclass, field

import pytest

SHARED_SCOPES = frozenset({"module", "package", "session", "class"})
OVER = "cpu_over_budget"  # user property carried by the teardown report (it crosses xdist's wire)
SPENT = "cpu_seconds"
SHARED = "cpu_shared_fixtures"


def cpu_seconds() -> float:
    """CPU seconds of this process and of its ended, waited-for children."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


@dataclass
class Spent:
    counted: float = 0.0  # the test's own CPU seconds: all phases, less shared fixtures' setup/teardown
    shared: dict[str, float] = field(default_factory=dict)  # shared fixtures set up during this test
    phase: str = ""
    mark: float = 0.0  # teardown: CPU clock at the last fixture finalised


SPENT_KEY = pytest.StashKey[Spent]()
_running: list[Spent] = []  # the test whose phase is running in this process (one at a time)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini("cpu_budget", "CPU seconds a test not marked slow may use (0: no limit)", default="10")
    parser.addoption(
        "--cpu-budget",
        type=float,
        default=None,
        help="CPU seconds a test not marked slow may use (overrides the ini value; 0: no limit)",
    )
    parser.addoption("--cpu-top", type=int, default=0, help="list the N tests that used the most CPU")


def budget(config: pytest.Config) -> float:
    """The budget of this run: enforced when the run is the fast subset (`-m "not slow"`) or a budget is
    given on the command line; a full run (CI, the README's test command) reports the figures only, so a
    slower machine cannot fail a behaviour-correct run on time alone."""
    given = config.getoption("cpu_budget")
    if given is not None:
        return float(given)
    fast = "not slow" in (config.option.markexpr or "")
    return float(config.getini("cpu_budget")) if fast else 0.0


def _measure(item: pytest.Item, phase: str) -> Generator[None, object, object]:
    spent = item.stash.setdefault(SPENT_KEY, Spent())
    spent.phase = phase
    start = spent.mark = cpu_seconds()
    _running.append(spent)
    try:
        return (yield)
    finally:
        _running.remove(spent)
        spent.counted += cpu_seconds() - start


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Generator[None, object, object]:
    return (yield from _measure(item, "setup"))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, object, object]:
    return (yield from _measure(item, "call"))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item) -> Generator[None, object, object]:
    return (yield from _measure(item, "teardown"))


@pytest.hookimpl(wrapper=True)
def pytest_fixture_setup(fixturedef: pytest.FixtureDef, request: pytest.FixtureRequest):
    """A fixture's own setup (pytest sets up the fixtures it requests before this hook)."""
    start = cpu_seconds()
    try:
        return (yield)
    finally:
        if _running and fixturedef.scope in SHARED_SCOPES:
            cost = cpu_seconds() - start
            spent = _running[-1]
            spent.counted -= cost
            spent.shared[fixturedef.argname] = spent.shared.get(fixturedef.argname, 0.0) + cost


def pytest_fixture_post_finalizer(fixturedef: pytest.FixtureDef, request: pytest.FixtureRequest) -> None:
    """Called last when a fixture is finalised: the CPU since the previous one is this fixture's teardown."""
    if not _running or _running[-1].phase != "teardown":
        return
    spent = _running[-1]
    now = cpu_seconds()
    if fixturedef.scope in SHARED_SCOPES:
        spent.counted -= now - spent.mark
    spent.mark = now


def _verdict(item: pytest.Item, spent: Spent, limit: float) -> str | None:
    """The Chinese message naming what went over the budget, or None."""
    if not limit or item.get_closest_marker("slow"):
        return None
    fixtures = {name: s for name, s in spent.shared.items() if s > limit}
    if fixtures:
        names = "、".join(f"{name}（{s:.1f} 秒）" for name, s in sorted(fixtures.items()))
        return (
            f"{item.nodeid}：共享夹具 {names}的准备用了超过 {limit:g} 秒 CPU，不属于快速子集。"
            "把它加进 tests/conftest.py 的 SLOW_FIXTURES（用到它的测试都会标为 slow）。"
        )
    if spent.counted > limit:
        return (
            f"{item.nodeid}：用了 {spent.counted:.1f} 秒 CPU（本进程及其子进程，不含共享夹具的准备），"
            f"超过快速子集每项 {limit:g} 秒的上限。给它加上 @pytest.mark.slow，"
            "或把它用的夹具加进 tests/conftest.py 的 SLOW_FIXTURES。"
        )
    return None


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Generator[None, object, object]:
    """After teardown (all phases measured) the teardown report carries the figure, and fails when over."""
    spent = item.stash.get(SPENT_KEY, None)
    message = None
    if call.when == "teardown" and spent is not None:
        item.user_properties.append((SPENT, round(spent.counted, 2)))
        if spent.shared:
            item.user_properties.append((SHARED, {k: round(v, 2) for k, v in spent.shared.items()}))
        message = _verdict(item, spent, budget(item.config))
        if message:
            item.user_properties.append((OVER, message))
    report = yield
    if message and isinstance(report, pytest.TestReport) and report.passed:
        report.outcome = "failed"
        report.longrepr = message
    return report


class Tally:
    """On the process that prints (xdist's controller, or the only one): the figures of every test."""

    def __init__(self) -> None:
        self.spent: dict[str, float] = {}
        self.shared: dict[str, float] = {}  # fixture -> setup CPU seconds, summed over xdist workers
        self.over: list[str] = []

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.when != "teardown":
            return
        for name, value in report.user_properties:
            if name == SPENT:
                self.spent[report.nodeid] = float(value)  # type: ignore[arg-type]  # set by this plugin
            elif name == OVER:
                self.over.append(str(value))
            elif name == SHARED:
                for fixture, s in value.items():  # type: ignore[attr-defined]  # set by this plugin
                    self.shared[fixture] = self.shared.get(fixture, 0.0) + s

    def pytest_terminal_summary(self, terminalreporter, config: pytest.Config) -> None:
        top = config.getoption("cpu_top")
        if top:
            terminalreporter.section(f"CPU 用时最多的 {top} 项测试（秒，含子进程）")
            for nodeid, s in sorted(self.spent.items(), key=lambda kv: -kv[1])[:top]:
                terminalreporter.write_line(f"{s:8.2f}  {nodeid}")
            terminalreporter.section("共享夹具的准备（秒，各进程合计，不计入测试）")
            for fixture, s in sorted(self.shared.items(), key=lambda kv: -kv[1])[:top]:
                terminalreporter.write_line(f"{s:8.2f}  {fixture}")
        if self.over:
            terminalreporter.section("超过 CPU 上限、应标为 slow 的测试", red=True)
            for line in self.over:
                terminalreporter.write_line(line)


def pytest_configure(config: pytest.Config) -> None:
    config.pluginmanager.register(Tally(), "cpu_budget_tally")

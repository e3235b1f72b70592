"""The fork pool (toolkit/core/forkpool.py): tasks read the state the workers inherited (never pickled), their
answers and errors come back where they are asked for, a worker that dies is an error rather than a wait,
and with no workers the same tasks run here, when asked for."""

from __future__ import annotations

import os
import signal
import threading

import pytest

from toolkit.core.forkpool import ForkPool, can_fork

needs_fork = pytest.mark.skipif(not can_fork(), reason="two cores and fork are needed")


class Unpicklable:
    """State a worker can only have by inheriting it."""

    def __init__(self, words: list[str]):
        self.words = words
        self.lock = threading.Lock()  # cannot be pickled

    def __reduce__(self):
        raise TypeError("the state is not to be pickled")


def _word(state: Unpicklable, n: int) -> tuple[str, int]:
    return state.words[n], os.getpid()


def _fail(state: Unpicklable, message: str) -> None:
    raise ValueError(message)


def _die(state: Unpicklable) -> None:
    os.kill(os.getpid(), signal.SIGKILL)


@needs_fork
def test_workers_answer_from_the_inherited_state_and_end_with_the_pool():
    state = Unpicklable(["甲", "乙", "丙"])
    with ForkPool(state, 2) as pool:
        pending = [pool.submit(_word, n) for n in (2, 0, 1)]
        answers = [p.get(60) for p in reversed(pending)]
        procs = list(pool._procs)
    assert [w for w, _ in answers] == ["乙", "甲", "丙"]
    assert all(pid != os.getpid() for _, pid in answers)
    assert all(not p.is_alive() for p in procs) and threading.active_count() == 1


@needs_fork
def test_an_error_in_a_task_is_raised_where_its_answer_is_asked_for():
    with ForkPool(Unpicklable([]), 2) as pool:
        failing = pool.submit(_fail, "第三项缺少名称")
        with pytest.raises(ValueError, match="第三项缺少名称"):
            failing.get(60)


@needs_fork
def test_a_worker_that_dies_is_an_error_not_a_wait():
    with pytest.raises(RuntimeError, match="意外退出"), ForkPool(Unpicklable([]), 2) as pool:
        pool.submit(_die).get(60)


def test_without_workers_each_task_runs_here_when_asked_for():
    state = Unpicklable(["甲"])
    with ForkPool(state, 0) as pool:
        pending = pool.submit(_word, 0)
        state.words[0] = "乙"  # not run yet: it reads the state as it is when asked for
        assert pending.get(60) == ("乙", os.getpid())
        with pytest.raises(ValueError):
            pool.submit(_fail, "x").get(60)

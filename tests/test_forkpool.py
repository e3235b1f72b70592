"""The fork pool (toolkit/core/forkpool.py): tasks read the state and arguments the workers inherited (never
pickled), their answers and errors come back where they are asked for, a worker that dies is an error
rather than a wait, leaving with an error does not wait for the workers, and with no workers the same tasks
run here, when asked for."""

from __future__ import annotations

import os
import signal
import threading
import time

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


def _slow(state: Unpicklable, data: bytes) -> bytes:
    time.sleep(0.1)
    return data


@needs_fork
def test_workers_answer_from_the_inherited_state_and_end_with_the_pool():
    state = Unpicklable(["甲", "乙", "丙"])
    threads = threading.active_count()  # other tests' servers may still run in this process
    pool = ForkPool(state, 2)
    pending = [pool.submit(_word, n) for n in (2, 0, 1)]
    with pool:
        answers = [p.get(60) for p in reversed(pending)]
        procs = list(pool._procs)
    assert [w for w, _ in answers] == ["乙", "甲", "丙"]
    assert all(pid != os.getpid() for _, pid in answers)
    assert all(not p.is_alive() for p in procs) and threading.active_count() == threads  # none left behind


@needs_fork
def test_an_error_in_a_task_is_raised_where_its_answer_is_asked_for():
    pool = ForkPool(Unpicklable([]), 2)
    failing = pool.submit(_fail, "第三项缺少名称")
    with pool, pytest.raises(ValueError, match="第三项缺少名称"):
        failing.get(60)


@needs_fork
def test_a_worker_that_dies_is_an_error_not_a_wait():
    pool = ForkPool(Unpicklable([]), 2)
    dying = pool.submit(_die)
    with pytest.raises(RuntimeError, match="意外退出"), pool:
        dying.get(60)


@needs_fork
def test_leaving_with_an_error_ends_the_workers_without_waiting_for_their_tasks():
    threads = threading.active_count()  # other tests' servers may still run in this process
    pool = ForkPool(Unpicklable([]), 2)
    for _ in range(20):
        pool.submit(_slow, b"x" * 1_000_000)  # answers more than a pipe holds, none read
    start = time.monotonic()
    with pytest.raises(KeyError), pool:
        time.sleep(0.5)
        raise KeyError("出错")
    # a pool that waited would never return (the answers fill the pipes); the bound only allows for a
    # loaded machine ending the workers
    assert time.monotonic() - start < 30 and threading.active_count() == threads


@needs_fork
def test_tasks_are_submitted_before_the_workers_are_forked():
    pool = ForkPool(Unpicklable(["甲"]), 2)
    first = pool.submit(_word, 0)
    with pool:
        with pytest.raises(RuntimeError):
            pool.submit(_word, 0)
        assert first.get(60)[0] == "甲"


def test_without_workers_each_task_runs_here_when_asked_for():
    state = Unpicklable(["甲"])
    pool = ForkPool(state, 0)
    pending, failing = pool.submit(_word, 0), pool.submit(_fail, "x")
    with pool:
        state.words[0] = "乙"  # not run yet: it reads the state as it is when asked for
        assert pending.get(60) == ("乙", os.getpid())
        with pytest.raises(ValueError):
            failing.get(60)

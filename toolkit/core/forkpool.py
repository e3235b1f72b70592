"""Work shared with forked worker processes, for many documents made from one large object (a Project):
the workers inherit that object when they are forked, so it is never pickled; only each task's arguments
and answer are. With no workers the same tasks run in this process, when their answers are asked for.

A worker's memory goes when it exits, so the process that forked it never holds what the tasks made;
`give_back_memory` returns freed memory to the system before forking (and after a task), so the workers
start small.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import pickle
import queue
import time
from collections.abc import Callable
from typing import Any, Generic, TypeVar

S = TypeVar("S")
POLL = 1.0  # seconds between looks at whether a worker has died while an answer is awaited


def give_back_memory() -> None:
    """Free the documents made so far and return their memory to the system. A python-docx document is a
    reference cycle (part and package), freed only by a full collection; glibc keeps freed small blocks
    (lxml's nodes): without this a process that made the handbook of 1,808 items stays ~250 MB larger,
    and a worker forked from it starts that large. The heap is not trimmed without glibc."""
    gc.collect()
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:
        return
    libc.malloc_trim(0)


def can_fork() -> bool:
    """Two cores and the fork start method: a second process can share the work."""
    return (os.cpu_count() or 1) >= 2 and "fork" in multiprocessing.get_all_start_methods()


class Pending:
    """A task's answer, to be asked for with `get` (with no workers the task runs then)."""

    def __init__(self, pool: ForkPool, number: int, fn: Callable[..., Any], args: tuple):
        self.pool, self.number, self.fn, self.args = pool, number, fn, args

    def get(self, timeout: float) -> Any:
        if self.pool.workers:
            return self.pool.answer(self.number, timeout)
        return self.fn(self.pool.state, *self.args)


class ForkPool(Generic[S]):
    """`workers` processes forked on entering, which run the submitted tasks `fn(state, *args)` in turn
    (`fn` a module-level function); they end on leaving, at once when leaving with an error. The state is
    held here, on the pool: each worker has it as it was when forked."""

    def __init__(self, state: S, workers: int):
        self.state, self.workers = state, workers
        self._procs: list[Any] = []
        self._answers: dict[int, tuple[bool, Any]] = {}
        self._count = 0
        self._tasks: Any = None
        self._done: Any = None

    def __enter__(self) -> ForkPool[S]:
        if self.workers:
            give_back_memory()  # the workers start from what this process holds now
            ctx = multiprocessing.get_context("fork")
            self._tasks, self._done = ctx.Queue(), ctx.Queue()
            for _ in range(self.workers):
                proc = ctx.Process(target=self._serve, daemon=True)
                proc.start()
                self._procs.append(proc)
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        for proc in self._procs:
            if exc_type is None:
                self._tasks.put(None)
            else:
                proc.terminate()
        for proc in self._procs:
            proc.join()
        for q in (self._tasks, self._done):
            if q is not None:
                q.close()
                q.join_thread()  # no queue thread left running: a later fork starts from one thread
        self._procs.clear()

    def submit(self, fn: Callable[..., Any], *args: Any) -> Pending:
        number, self._count = self._count, self._count + 1
        if self.workers:
            self._tasks.put((number, fn, args))
        return Pending(self, number, fn, args)

    def _serve(self) -> None:
        """A worker: tasks until told to stop; each answer pickled here, so a failure to pickle is reported."""
        for number, fn, args in iter(self._tasks.get, None):
            try:
                answer = pickle.dumps((True, fn(self.state, *args)))
            except BaseException as err:  # noqa: BLE001 - raised again where the answer is asked for
                try:
                    answer = pickle.dumps((False, err))
                except Exception:  # noqa: BLE001 - an exception that cannot be pickled: its text then
                    answer = pickle.dumps((False, RuntimeError(repr(err))))
            self._done.put((number, answer))

    def answer(self, number: int, timeout: float) -> Any:
        """The answer of task `number`, raising what the task raised; an error when a worker died or the
        time ran out."""
        deadline = time.monotonic() + timeout
        while number not in self._answers:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"文书生成的工作进程 {timeout:.0f} 秒内没有完成。")
            try:
                got, data = self._done.get(timeout=min(left, POLL))
            except queue.Empty:
                dead = [p.exitcode for p in self._procs if p.exitcode is not None]
                if dead:
                    raise RuntimeError(f"文书生成的工作进程意外退出（退出码 {dead[0]}）。") from None
                continue
            self._answers[got] = pickle.loads(data)
        ok, value = self._answers.pop(number)
        if not ok:
            raise value
        return value

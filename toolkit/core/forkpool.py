"""Work shared with forked worker processes, for many documents made from one large object (a Project):
the tasks are given before the workers are forked, so the workers inherit that object and the tasks'
arguments, and nothing but each answer is pickled. With no workers the same tasks run in this process,
when their answers are asked for.

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

    def __init__(self, pool: ForkPool, number: int):
        self.pool, self.number = pool, number

    def get(self, timeout: float) -> Any:
        return self.pool.answer(self.number, timeout)


class ForkPool(Generic[S]):
    """Tasks `fn(state, *args)`, submitted before entering, run by `workers` processes forked on entering,
    each taking the next task not yet taken; the workers end on leaving (at once when leaving with an
    error or with answers not asked for). The state and the tasks are held here, on the pool: the workers
    have them as they were when forked, so neither is pickled, only the answers."""

    def __init__(self, state: S, workers: int):
        self.state, self.workers = state, workers
        self._tasks: list[tuple[Callable[..., Any], tuple]] = []
        self._answers: dict[int, tuple[bool, Any]] = {}  # received, not yet asked for
        self._asked = 0
        self._procs: list[Any] = []
        self._taken: Any = None  # the number of tasks taken, shared by the workers
        self._done: Any = None  # (task number, pickled answer) from the workers

    def submit(self, fn: Callable[..., Any], *args: Any) -> Pending:
        if self._procs:
            raise RuntimeError("tasks are submitted before the workers are forked")
        self._tasks.append((fn, args))
        return Pending(self, len(self._tasks) - 1)

    def __enter__(self) -> ForkPool[S]:
        if self.workers and self._tasks:
            give_back_memory()  # the workers start from what this process holds now
            ctx = multiprocessing.get_context("fork")
            self._taken, self._done = ctx.Value("i", 0), ctx.Queue()
            for _ in range(min(self.workers, len(self._tasks))):
                proc = ctx.Process(target=self._serve, daemon=True)
                proc.start()
                self._procs.append(proc)
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        for proc in self._procs:
            if exc_type is not None or self._asked < len(self._tasks):
                proc.terminate()  # (a worker ends only once its answers are read)
            proc.join()
        if self._done is not None:
            self._done.close()
            self._done.join_thread()
        self._procs.clear()

    def _serve(self) -> None:
        """A worker: the next task until there is none; each answer pickled here, so that a failure to
        pickle is reported as the task's error."""
        while True:
            with self._taken.get_lock():
                number = self._taken.value
                self._taken.value += 1
            if number >= len(self._tasks):
                return
            fn, args = self._tasks[number]
            try:
                answer = pickle.dumps((True, fn(self.state, *args)))
            except BaseException as err:  # noqa: BLE001 - raised again where the answer is asked for
                try:
                    answer = pickle.dumps((False, err))
                except Exception:  # noqa: BLE001 - an exception that cannot be pickled: its text then
                    answer = pickle.dumps((False, RuntimeError(repr(err))))
            self._done.put((number, answer))

    def answer(self, number: int, timeout: float) -> Any:
        """The answer of task `number` (made now when there are no workers), raising what the task raised;
        an error when a worker died or the time ran out."""
        self._asked += 1
        if not self._procs:
            fn, args = self._tasks[number]
            return fn(self.state, *args)
        deadline = time.monotonic() + timeout
        while number not in self._answers:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"文书生成的工作进程 {timeout:.0f} 秒内没有完成。")
            try:
                got, data = self._done.get(timeout=min(left, POLL))
            except queue.Empty:
                dead = [p.exitcode for p in self._procs if p.exitcode not in (None, 0)]
                if dead:
                    raise RuntimeError(f"文书生成的工作进程意外退出（退出码 {dead[0]}）。") from None
                continue
            self._answers[got] = pickle.loads(data)
        ok, value = self._answers.pop(number)
        if not ok:
            raise value
        return value

"""Parse many YAML files on both cores: a forked worker parses the second half of a list while the caller
parses the first, and hands back plain data (marshal, ~20× cheaper than pickling validated models).

Only the quick, position-less parse is done in the worker; anything unusual (a syntax error, a date
marshal cannot carry) comes back as "not parsed", and the caller parses that file itself, so every
message is produced the same way. Used only when it pays: many files, several cores, fork available,
no other threads running (forking a threaded process is unsafe), and not turned off (STDKIT_PARALLEL=0).
"""

from __future__ import annotations

import marshal
import multiprocessing
import os
import threading
from multiprocessing.pool import AsyncResult, Pool
from typing import Any

from .errors import StdkitError
from .settings import current
from .yamlio import decode, parse_quick

MIN_FILES = 400
NOT_PARSED = object()


def _parse_batch(batch: list[tuple[str, bytes]]) -> list[bytes | None]:
    out: list[bytes | None] = []
    for rel, raw in batch:
        try:
            data, positions = parse_quick(decode(raw, rel), rel)
            out.append(marshal.dumps(data) if positions is None else None)
        except (StdkitError, ValueError):
            out.append(None)
        except Exception:  # noqa: BLE001 - whatever it is, the caller parses the file itself and reports it
            out.append(None)
    return out


class Worker:
    """The worker's answers, fetched on first use (the caller parses its own half meanwhile)."""

    def __init__(
        self,
        rels: list[str],
        pool: Pool | None = None,
        pending: AsyncResult[list[bytes | None]] | None = None,
    ):
        self.rels = {rel: i for i, rel in enumerate(rels)}
        self._pool, self._pending = pool, pending
        self._results: list[bytes | None] | None = None

    def data(self, rel: str) -> Any:
        """The parsed data of a file the worker handled, else NOT_PARSED."""
        i = self.rels.get(rel)
        if i is None:
            return NOT_PARSED
        if self._results is None:
            assert self._pool is not None and self._pending is not None  # files are listed only with a worker
            try:
                self._results = self._pending.get(timeout=600)
            except Exception:  # noqa: BLE001 - a lost worker only costs time: parse here instead
                self._results = [None] * len(self.rels)
            finally:
                self._pool.close()
                self._pool.join()
        blob = self._results[i]
        return NOT_PARSED if blob is None else marshal.loads(blob)


def _enabled(n: int) -> bool:
    return (
        n >= MIN_FILES
        and (os.cpu_count() or 1) > 1
        and threading.active_count() == 1
        and "fork" in multiprocessing.get_all_start_methods()
        and current().parallel
    )


def parse_in_worker(files: list[tuple[str, bytes]]) -> Worker:
    """Start parsing the second half of `files` (rel, raw bytes) in a forked worker; returns at once."""
    if not _enabled(len(files)):
        return Worker([])
    half = files[len(files) // 2 :]
    try:
        pool = multiprocessing.get_context("fork").Pool(1)
        pending = pool.apply_async(_parse_batch, (half,))
    except OSError:
        return Worker([])
    return Worker([rel for rel, _ in half], pool, pending)

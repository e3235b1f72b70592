"""A full build's page conversions on both cores: a forked process converts the second half of the pages'
Markdown into the conversion cache (render_cache.py) while mkdocs converts the first half; mkdocs then
finds the second half there. mkdocs converts pages one after another in one process; on a cold build of
Jianshi's 1,885 pages that is about 16 s of CPU, half of which now runs beside it.

Nothing the build reports is lost or changed: the child converts exactly as mkdocs would (its
`_populate_page`, with the same plugins), the cache keeps only conversions that logged nothing (a broken
link is converted again here and reported), and a page the child did not finish is converted here. The
child's own output goes nowhere. It is waited for before the first page of its half, killed when the
build ends early, and given at most `TIMEOUT` seconds.
"""

from __future__ import annotations

import os
import signal
import time

from ..core.forkpool import can_fork

FROM = 400  # pages: below this, forking costs more than it saves
TIMEOUT = 600.0  # seconds the build waits for the child before converting its pages itself
POLL = 0.02


class Prerender:
    """The child converting the pages of `todo` (mkdocs Files, in build order), once `start`ed."""

    def __init__(self, todo: list, config, files):
        self.todo, self.config, self.files = todo, config, files
        self.first = todo[0].src_uri if todo else None
        self.pid: int | None = None

    def start(self) -> None:
        if not self.todo or not can_fork():
            return
        pid = os.fork()
        if pid == 0:  # the child: convert, then leave without running the parent's exit handlers
            code = 1
            try:
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, 1)
                os.dup2(devnull, 2)
                self._convert()
                code = 0
            finally:
                os._exit(code)
        self.pid = pid

    def _convert(self) -> None:
        from mkdocs.commands.build import _populate_page
        from mkdocs.structure.pages import Page

        for file in self.todo:
            if file.page is None:  # a page outside the menu: mkdocs makes it when it comes to it
                Page(None, file, self.config)
            _populate_page(file.page, self.config, self.files)

    def wait_before(self, src_uri: str) -> None:
        """Before mkdocs converts `src_uri`: when it is the first of the child's half, wait for the child."""
        if self.pid is not None and src_uri == self.first:
            self._reap(TIMEOUT)

    def stop(self) -> None:
        """The build ended (or failed): the child, if still there, is ended."""
        if self.pid is not None:
            self._reap(0.0)

    def _reap(self, timeout: float) -> None:
        assert self.pid is not None
        deadline = time.monotonic() + timeout
        while True:
            done, _status = os.waitpid(self.pid, os.WNOHANG)
            if done:
                break
            if time.monotonic() >= deadline:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
                break
            time.sleep(POLL)
        self.pid = None


def second_half(files) -> list:
    """The second half of the pages a build converts (mkdocs Files), none for a small site."""
    from mkdocs.structure.files import InclusionLevel

    docs = list(files.documentation_pages(inclusion=InclusionLevel.is_included))
    return docs[len(docs) // 2 :] if len(docs) >= FROM else []

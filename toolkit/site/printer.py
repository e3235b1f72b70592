"""One headless Chromium printing many HTML files to PDF, driven over the DevTools protocol on a pipe
(`--remote-debugging-pipe`: commands in on fd 3, replies out on fd 4, each a JSON text ending in NUL).

Starting Chromium costs about a second of CPU; a build prints a dozen QR lists, so one browser prints them
all, each list in its own tab (two at a time). The print settings are those of `chromium --print-to-pdf`:
the page size from the CSS `@page` rule, backgrounds printed, no header or footer, a tagged PDF."""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import sys
import threading
from concurrent.futures import Future
from pathlib import Path
from typing import Any, Self

PRINT_PARAMS = {
    "printBackground": True,
    "preferCSSPageSize": True,
    "displayHeaderFooter": False,
    "generateTaggedPDF": True,
}
# --remote-debugging-pipe expects the pipes at fd 3 and fd 4: this shim puts them there and runs the
# browser (a shell's `3<&N` takes one digit only in dash, and a build has more files open than that).
_SHIM = (
    "import fcntl, os, sys\n"
    "r, w = (fcntl.fcntl(int(fd), fcntl.F_DUPFD, 10) for fd in sys.argv[1:3])\n"
    "os.dup2(r, 3); os.dup2(w, 4); os.close(r); os.close(w)\n"
    "os.execv(sys.argv[3], sys.argv[3:])\n"
)


class PrinterError(RuntimeError):
    """The browser failed, replied with an error, or went away."""


class Printer:
    """A headless Chromium of its own (profile in `profile_dir`), `nice`d below the build; thread-safe."""

    def __init__(self, browser: str, args: tuple[str, ...], profile_dir: Path, timeout: float = 300):
        self.timeout = timeout
        to_browser, self._in = os.pipe()
        self._out, from_browser = os.pipe()
        cmd = [
            browser,
            *args,
            "--remote-debugging-pipe",
            "--no-startup-window",
            f"--user-data-dir={profile_dir}",
        ]
        nice = shutil.which("nice")
        cmd = [nice, "-n", "5", *cmd] if nice else [shutil.which(browser) or browser, *cmd[1:]]
        self._log = profile_dir.with_name(profile_dir.name + ".log")
        stderr = self._log.open("wb")  # Chromium's messages, for the error report (a pipe could fill up)
        try:
            self.proc = subprocess.Popen(
                [sys.executable, "-S", "-c", _SHIM, str(to_browser), str(from_browser), *cmd],
                pass_fds=(to_browser, from_browser),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=stderr,
            )
        finally:
            stderr.close()
            os.close(to_browser)
            os.close(from_browser)
        self._lock = threading.RLock()
        self._sending = threading.Lock()
        self._next = 0
        self._pending: dict[int, Future] = {}
        self._loaded = threading.Condition(self._lock)
        self._loads: set[tuple[str, str]] = set()  # (session, loader id) of each page load reported
        self._dead: str | None = None
        self._reader = threading.Thread(target=self._read, name="chromium-devtools", daemon=True)
        self._reader.start()

    def call(
        self, method: str, params: dict | None = None, session: str | None = None, timeout: float = 0
    ) -> dict:
        """Send one command and wait for its result (at most `timeout` s, by default the printer's)."""
        fut: Future = Future()
        with self._lock:
            if self._dead is not None:
                raise PrinterError(self._dead)
            self._next += 1
            msg: dict[str, Any] = {"id": self._next, "method": method, "params": params or {}}
            if session:
                msg["sessionId"] = session
            self._pending[self._next] = fut
        data = json.dumps(msg).encode() + b"\0"
        with self._sending:  # never under self._lock: the reader needs it while the browser reads
            try:
                while data:
                    data = data[os.write(self._in, data) :]
            except OSError as exc:
                try:
                    self.proc.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    pass
                raise PrinterError(f"Chromium 已退出（{exc}）：{self._last_words()}") from exc
        return fut.result(timeout=timeout or self.timeout)

    def print_pdf(self, html_file: Path) -> bytes:
        """The PDF of one local HTML file, printed once the page (and everything it loads) has loaded."""
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        try:
            session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
            self.call("Page.enable", session=session)
            self.call("Page.setLifecycleEventsEnabled", {"enabled": True}, session=session)
            nav = self.call("Page.navigate", {"url": html_file.resolve().as_uri()}, session=session)
            if nav.get("errorText"):
                raise PrinterError(f"{html_file.name}: {nav['errorText']}")
            self._await_load(session, nav.get("loaderId", ""))
            data = self.call("Page.printToPDF", PRINT_PARAMS, session=session)["data"]
        finally:
            if self._dead is None:
                self.call("Target.closeTarget", {"targetId": target})
        return base64.b64decode(data)

    def _await_load(self, session: str, loader: str) -> None:
        """Wait for the `load` of this navigation (it may be reported before `navigate` returns)."""
        with self._loaded:
            if not self._loaded.wait_for(
                lambda: (session, loader) in self._loads or self._dead, self.timeout
            ):
                raise PrinterError("Chromium 未在时限内载入网页")
            if self._dead is not None:
                raise PrinterError(self._dead)
            self._loads.discard((session, loader))

    def _read(self) -> None:
        buf = b""
        while True:
            try:
                chunk = os.read(self._out, 1 << 20)
            except OSError:
                chunk = b""
            if not chunk:
                break
            buf += chunk
            *messages, buf = buf.split(b"\0")
            for raw in messages:
                self._dispatch(json.loads(raw))
        self._fail("Chromium 意外退出：" + self._last_words())

    def _dispatch(self, msg: dict) -> None:
        with self._lock:
            if "id" in msg:
                fut = self._pending.pop(msg["id"], None)
                if fut is not None:
                    if "error" in msg:
                        fut.set_exception(PrinterError(msg["error"].get("message", str(msg["error"]))))
                    else:
                        fut.set_result(msg.get("result", {}))
                return
            params = msg.get("params", {})
            if msg.get("method") == "Page.lifecycleEvent" and params.get("name") == "load":
                self._loads.add((msg.get("sessionId", ""), params.get("loaderId", "")))
                self._loaded.notify_all()

    def _fail(self, why: str) -> None:
        with self._lock:
            if self._dead is None:
                self._dead = why
            for fut in self._pending.values():
                if not fut.done():
                    fut.set_exception(PrinterError(why))
            self._pending.clear()
            self._loaded.notify_all()

    def _last_words(self) -> str:
        try:
            return self._log.read_bytes().decode(errors="replace").strip()[-400:]
        except OSError:
            return ""

    def close(self) -> None:
        """Close the browser and wait for it (killed if it does not exit within 10 s)."""
        if self._dead is None:
            try:
                self.call("Browser.close", timeout=10)
            except (PrinterError, TimeoutError):
                pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self._in)
        self._reader.join(timeout=10)
        os.close(self._out)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

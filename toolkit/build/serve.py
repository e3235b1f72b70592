"""`stdkit serve`: one long-running process that watches the county's sources, rebuilds in process only what
changed into a site kept in the cache, and serves it with mkdocs' live-reload server, so the page open in
the browser reloads itself after each save. A saved item takes the fast path (toolkit/build/live.py: only
the saved files are read, the item's page is shown first, then the lists that mention it); anything else
the full way (toolkit/site/incremental.py). The reload script is added by the server to the pages it
sends, never written into the built site. An error is printed and the last good pages stay."""

from __future__ import annotations

import ipaddress
import sys
import threading
import time
from collections.abc import Iterable
from pathlib import Path

from mkdocs.livereload import LiveReloadServer, _timestamp

from ..core.errors import StdkitError, file_error
from ..core.settings import current, use
from ..core.site_settings import USER_CONFIG
from ..site.mkdocs_config import source_date_epoch
from ..site.uptodate import SOURCES
from .live import Live, preview_settings

POLL_SECONDS = 0.2  # how often the sources are checked for changes (each check stats every file: ~10 ms)
SETTLE_SECONDS = 0.05  # a save is taken once no file changed for this long (an editor may write twice)
QUIET_SECONDS = 2.0  # the lists follow the saved items once saves have paused this long (live.Live.quiet)

__all__ = ["listen_address", "preview_settings", "serve"]

DEFAULT_HOST = "127.0.0.1"  # the preview is for this machine unless the user names another host
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
WILDCARDS = ("0.0.0.0", "::")  # bound only when the user names them
REFUSED_HOST = (
    "<!doctype html><meta charset=utf-8><title>403</title>"
    "<p>拒绝访问：请求的主机名（Host）不是本预览的地址。请用预览启动时显示的网址打开。</p>"
).encode()


def listen_address(addr: str) -> tuple[str, int]:
    """`--addr` as (host, port): `8766` and `:8766` are 127.0.0.1:8766; `[::1]:8766` is IPv6."""
    host, sep, port = addr.rpartition(":")
    if not sep:
        host, port = "", addr
    host = host.strip("[]") or DEFAULT_HOST
    if not port.isdigit() or not 0 < int(port) < 65536:
        raise file_error(
            file="--addr",
            code="serve-addr",
            message=f"端口应为 1 到 65535 之间的数字，而不是“{port}”。",
            hint="写法如 8000（即 127.0.0.1:8000）或 主机:端口。",
        )
    return host, int(port)


def url_of(host: str, port: int) -> str:
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


def host_allowed(header: str | None, host: str, port: int) -> bool:
    """Is `header` (a request's Host) this preview? DNS rebinding sends the attacker's own name: only the
    bound host, the loopback names and (when bound to every interface) an address literal are taken."""
    if not header:
        return False
    name, sep, given = header.rpartition(":") if not header.endswith("]") else (header, "", "")
    if not sep or "]" in given:
        name, given = header, ""
    if given and given != str(port):
        return False
    name = name.strip("[]").lower()
    if name in (host.lower(), *LOOPBACK_NAMES):
        return True
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return host in WILDCARDS


class Server(LiveReloadServer):
    """mkdocs' live-reload server; `show` lets the open pages reload before the build has finished."""

    _timer: threading.Timer | None = None
    bound_host = DEFAULT_HOST

    def serve_request(self, environ, start_response) -> Iterable[bytes]:
        if not host_allowed(environ.get("HTTP_HOST"), self.bound_host, self.server_address[1]):
            start_response("403 Forbidden", [("Content-Type", "text/html; charset=utf-8")])
            return [REFUSED_HOST]
        return super().serve_request(environ, start_response)

    def show(self, reload: bool) -> None:
        """The pages written so far are the site now: requests are answered again (mkdocs holds them while
        a build runs), and with `reload` the open pages reload before the build has finished. (Both epochs
        are mkdocs' own: the version of the site that started building and the one the browsers see.)"""
        with self._epoch_cond:
            if reload:
                self._visible_epoch = max(_timestamp(), self._visible_epoch + 1)
            self._wanted_epoch = self._visible_epoch
            self._epoch_cond.notify_all()

    def pending(self) -> bool:
        """Has the watcher seen another change since this build started?"""
        with self._rebuild_cond:
            return self._want_rebuild

    def build_in(self, seconds: float | None) -> None:
        """Run the builder again in `seconds` even if no file changes (None: not at all)."""
        if self._timer is not None:
            self._timer.cancel()
        self._timer = None if seconds is None else threading.Timer(seconds, self._wake)
        if self._timer is not None:
            self._timer.daemon = True
            self._timer.start()

    def _wake(self) -> None:
        with self._rebuild_cond:
            self._want_rebuild = True
            self._rebuild_cond.notify_all()


def _builder(live: Live, server: Server):
    settings = current()  # the command's settings (the build's moment …) in the server's build thread

    def build() -> None:
        t0 = time.perf_counter()
        with use(settings):
            try:
                report = live.save(server.show, server.pending)
            except StdkitError as err:
                print(f"{err}\n（页面保持上次成功生成的内容）", file=sys.stderr)
                return
            finally:
                server.build_in(live.lists_due())
        if report:
            print(f"已更新：{report}（用时 {time.perf_counter() - t0:.2f} 秒）", file=sys.stderr)

    return build


def serve(root: Path, addr: str) -> None:
    host, port = listen_address(addr)
    url = url_of(host, port)
    live = Live(root, url.removeprefix("http://").rstrip("/"), quiet=QUIET_SECONDS)
    with source_date_epoch():
        live.full()  # the first build: an error ends the command
        server = Server(
            builder=lambda: None,
            host=host,
            port=port,
            root=str(live.cache_dir / "html"),
            polling_interval=POLL_SECONDS,
        )
        server.bound_host = host
        server.builder = _builder(live, server)
        server.build_delay = SETTLE_SECONDS
        for path in (live.root / USER_CONFIG, *(live.root / s for s in SOURCES)):
            if path.exists():
                server.watch(str(path))
        print(f"预览网址：{url}（修改数据后网页自动刷新；按 Ctrl+C 停止）", file=sys.stderr)
        try:
            server.serve()
        except KeyboardInterrupt:
            pass
        finally:
            server.build_in(None)
            server.shutdown()

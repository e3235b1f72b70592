"""`stdkit serve` is for this machine: `--addr PORT` listens on 127.0.0.1 only and prints the true address,
and a request naming another host (DNS rebinding: the attacker's name resolving to 127.0.0.1) is refused
with 403 and a Chinese page. Real requests to a real serve process, loopback only."""

from __future__ import annotations

import http.client
import re
import signal
import socket
import subprocess
import threading
import time

import pytest
from buildrun import stdkit


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(port: int, host: str | None) -> tuple[int, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.putrequest("GET", "/", skip_host=True)
        if host is not None:
            conn.putheader("Host", host)
        conn.endheaders()
        resp = conn.getresponse()
        return resp.status, resp.read().decode("utf-8", "replace")
    finally:
        conn.close()


@pytest.fixture
def preview(county_copy):
    """`stdkit serve --addr PORT` (no host) running on the small county; yields (port, stderr lines)."""
    port = _free_port()
    proc = subprocess.Popen(
        [*stdkit(), "serve", str(county_copy), "--addr", str(port)], stderr=subprocess.PIPE, text=True
    )
    log: list[str] = []
    threading.Thread(target=lambda: log.extend(proc.stderr or ()), daemon=True).start()
    try:
        end = time.monotonic() + 600
        while not any("预览网址" in line for line in log):
            assert proc.poll() is None, "".join(log)
            assert time.monotonic() < end, "stdkit serve did not start within 600 s"
            time.sleep(0.5)
        yield port, log
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _listening(addr: str, port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(2)
        return s.connect_ex((addr, port)) == 0


def _outside_address() -> str | None:
    """This machine's address on a non-loopback interface (None when it has none)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("192.0.2.1", 9))  # TEST-NET: nothing is sent, the kernel only picks a route
        except OSError:
            return None
        addr = s.getsockname()[0]
    return None if addr.startswith("127.") else addr


@pytest.mark.slow  # a real server and the county's first full build
def test_port_only_listens_on_loopback_prints_its_address_and_refuses_other_hosts(preview):
    port, log = preview
    printed = next(line for line in log if "预览网址" in line)
    assert re.search(rf"http://127\.0\.0\.1:{port}/", printed), printed
    assert f"http://{port}/" not in printed
    outside = _outside_address()
    if outside is not None:  # the machine has another interface: the preview is not reachable on it
        assert not _listening(outside, port)

    for host in (f"127.0.0.1:{port}", f"localhost:{port}", "localhost"):
        status, _ = _get(port, host)
        assert status == 200, host
    for host in (f"attacker.example:{port}", "attacker.example", f"localhost.attacker.example:{port}", None):
        status, body = _get(port, host)
        assert status == 403, host
        assert "拒绝访问" in body and "Host" in body

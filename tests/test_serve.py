"""`stdkit serve` for real: the command runs, Chromium opens an item page, the item's YAML is edited and
saved, and the open page shows the new name by itself (live reload) through the fast path (only the saved
file read, the item's page first: toolkit/build/live.py); the latency is printed. The reload script is
served to the preview only: the pages kept on disk have none."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import threading
import time
import urllib.request

import pytest
from buildrun import stdkit

from toolkit.build import serve
from toolkit.core import urls
from toolkit.core.cachedir import project_cache

ITEM = "bdc-0001"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_up(url: str, proc: subprocess.Popen, log: list[str], seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        assert proc.poll() is None, "".join(log)
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"stdkit serve did not answer at {url} within {seconds} s")


@pytest.fixture
def served(county_copy):
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    proc = subprocess.Popen(
        [*stdkit(), "serve", str(county_copy), "--addr", f"127.0.0.1:{port}"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    log: list[str] = []  # what the server says on stderr, line by line
    threading.Thread(target=lambda: log.extend(proc.stderr or ()), daemon=True).start()
    try:
        _wait_up(base, proc, log, 600)
        yield county_copy, base, log
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _shows(page, text: str) -> None:
    page.wait_for_function(
        "t => document.querySelector('article') && document.querySelector('article').innerText.includes(t)",
        arg=text,
        timeout=120_000,
        polling=50,
    )


@pytest.mark.slow  # a real server, real builds and Chromium
def test_saving_an_item_reloads_the_open_page_with_the_change(served, browser):
    county, base, log = served
    item_file = next(county.glob(f"items/services/*/{ITEM}.yaml"))
    text = item_file.read_text(encoding="utf-8")
    old_name = re.search(r"^name: (.+)$", text, re.MULTILINE).group(1)
    department = re.search(r"^department: (.+)$", text, re.MULTILINE).group(1)
    new_name = old_name + "（预览刷新）"
    with urllib.request.urlopen(base + urls.item_dir(ITEM)) as r:
        assert "livereload" in r.read().decode("utf-8")  # the preview's pages reload themselves
    item_page, list_page = browser.new_page(), browser.new_page()
    try:
        item_page.goto(base + urls.item_dir(ITEM))
        list_page.goto(base + urls.department_md(department).removesuffix(".md") + "/")
        assert old_name in item_page.inner_text("h1") and old_name in list_page.inner_text("article")
        time.sleep(1)  # the live-reload script is waiting for the next version of the site
        saved = time.monotonic()
        item_file.write_text(text.replace(f"name: {old_name}", f"name: {new_name}", 1), encoding="utf-8")
        _shows(item_page, new_name)
        latency = time.monotonic() - saved
        _shows(list_page, new_name)  # the department's list follows once saves have paused
        lists = time.monotonic() - saved
    finally:
        item_page.close()
        list_page.close()
    load = os.getloadavg()[0]
    print(
        f"\nstdkit serve: save → item page shows the change in {latency:.2f} s, its list in {lists:.2f} s (load {load:.1f})"
    )
    end = time.monotonic() + 120  # the server reports the lists when their round has ended
    while not any(line.startswith("已更新：其余网页") for line in log) and time.monotonic() < end:
        time.sleep(0.2)
    reports = [line for line in log if line.startswith("已更新")]
    assert reports[0].startswith("已更新：事项页 1 个，其余网页稍后更新"), "".join(log)
    assert any(r.startswith("已更新：其余网页") for r in reports[1:]), "".join(log)
    kept = project_cache(county, "serve") / "html" / urls.item_dir(ITEM) / "index.html"
    html = kept.read_text(encoding="utf-8")
    assert new_name in html
    assert "livereload" not in html  # only the served copy carries the reload script


def test_preview_without_a_site_url_uses_its_own_address(county_copy):
    (county_copy / "mkdocs.yml").unlink(missing_ok=True)
    assert serve.preview_settings(county_copy, "127.0.0.1:8123")["site_url"] == "http://127.0.0.1:8123/"

"""QR codes (segno): each item's permanent short URL `<site_url>/g/<id>/`, error level Q (a printed list
gets scuffed), white light modules (a transparent code does not decode once rasterised on a dark page)."""

from __future__ import annotations

import io
import multiprocessing
import os

import segno

from ..cachedir import digest
from ..project import Project
from . import urls
from .store import ArtefactCache

ERROR = "q"
MAX_VERSION = 4  # the default site_url keeps every code at version 4 or less


def make(url: str) -> segno.QRCode:
    return segno.make(url, error=ERROR, micro=False, boost_error=False)


def svg_bytes(url: str) -> bytes:
    out = io.BytesIO()
    make(url).save(
        out,
        kind="svg",
        scale=1,
        border=4,
        dark="#000",
        light="#fff",
        xmldecl=False,
        omitsize=True,
        svgclass="qr",
        lineclass=None,
        title=None,
    )
    return out.getvalue()


PARALLEL_FROM = 200  # below this many new codes a second process costs more than it saves


def _many(url_list: list[str]) -> list[bytes]:
    return [svg_bytes(u) for u in url_list]


def render_all(project: Project, site_url: str, cache: ArtefactCache) -> dict[str, tuple[str, bytes]]:
    """item id -> (short URL, QR SVG); new codes are made in two processes when there are many."""
    out: dict[str, tuple[str, bytes]] = {}
    todo: dict[str, tuple[str, str]] = {}
    for item_id in project.items:
        url = urls.short_url(site_url, item_id)
        key = digest("qr-svg-v1", segno.__version__, url)
        data = cache.get(key)
        if data is None:
            todo[item_id] = (url, key)
        else:
            out[item_id] = (url, data)
    ids = list(todo)
    made = (
        _parallel([todo[i][0] for i in ids])
        if len(ids) >= PARALLEL_FROM
        else _many([todo[i][0] for i in ids])
    )
    for item_id, data in zip(ids, made):
        url, key = todo[item_id]
        cache.put(key, data)
        out[item_id] = (url, data)
    return {i: out[i] for i in project.items}


def _parallel(url_list: list[str]) -> list[bytes]:
    workers = min(2, os.cpu_count() or 1)
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return _many(url_list)
    half = len(url_list) // 2
    with multiprocessing.get_context("fork").Pool(1) as pool:
        second = pool.apply_async(_many, (url_list[half:],))
        first = _many(url_list[:half])
        return first + second.get(timeout=600)


def largest_version(site_url: str, item_ids) -> int:
    longest = max(item_ids, key=len, default="")
    return int(make(urls.short_url(site_url, longest)).version) if longest else 0  # int: micro=False

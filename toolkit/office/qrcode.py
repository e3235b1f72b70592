"""QR codes (segno): each item's permanent short URL `<site_url>/g/<id>/`, error level Q (a printed list
gets scuffed), white light modules (a transparent code does not decode once rasterised on a dark page).

A code's module matrix is encoded once per process (`code`): the site's SVGs and the window paperwork's
PNGs (toolkit/paperwork) print the same codes, and encoding (the mask search) is most of the cost.
"""

from __future__ import annotations

import io
import multiprocessing
import os

import segno

from ..core import urls
from ..core.cachedir import digest
from ..core.project import Project
from ..core.store import ArtefactCache

ERROR = "q"
MAX_VERSION = 4  # the default site_url keeps every code at version 4 or less


def make(url: str) -> segno.QRCode:
    return segno.make(url, error=ERROR, micro=False, boost_error=False)


_CODES: dict[str, segno.QRCode] = {}  # url -> its code: one entry per item and bundle address printed


def code(url: str) -> segno.QRCode:
    """The code of `url`, encoded on first use in this process."""
    got = _CODES.get(url)
    if got is None:
        got = _CODES[url] = make(url)
    return got


def _save(url: str, kind: str, **kw) -> bytes:
    out = io.BytesIO()
    code(url).save(out, kind=kind, **kw)
    return out.getvalue()


def png_bytes(url: str) -> bytes:
    """The PNG the window paperwork prints (6 px per module, the standard 4-module quiet zone)."""
    return _save(url, "png", scale=6, border=4)


def svg_bytes(url: str) -> bytes:
    return _save(
        url,
        "svg",
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


PARALLEL_FROM = 200  # below this many new codes a second process costs more than it saves


def _many(url_list: list[str]) -> list[bytes]:
    return [svg_bytes(u) for u in url_list]


def _many_with_codes(url_list: list[str]) -> list[tuple[bytes, segno.QRCode]]:
    """A forked worker's SVGs, with the codes it encoded (the caller keeps them for the paperwork)."""
    return [(svg_bytes(u), code(u)) for u in url_list]


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
        second = pool.apply_async(_many_with_codes, (url_list[half:],))
        first = _many(url_list[:half])
        rest = second.get(timeout=600)
    _CODES.update(zip(url_list[half:], (c for _svg, c in rest)))
    return first + [svg for svg, _c in rest]


def largest_version(site_url: str, item_ids) -> int:
    longest = max(item_ids, key=len, default="")
    return int(make(urls.short_url(site_url, longest)).version) if longest else 0  # int: micro=False

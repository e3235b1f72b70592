"""QR codes: each item's permanent short URL `<site_url>/g/<id>/`, error level Q (a printed list gets
scuffed), white light modules (a transparent code does not decode once rasterised on a dark page).

The module matrix comes from zxing-cpp's encoder (the Zint library inside its wheel): about 0.3 ms a
code, against about 16 ms for segno's pure-Python mask search, which made encoding the 1,800 codes of
a county (items, bundles, centres, stations) some 25 s of CPU. The SVG the site and the PDFs print and
the PNG the Word files hold are written here from the matrix, so both carry exactly the same modules.
A code is encoded once per process (`make`).
"""

from __future__ import annotations

import re
import struct
import zlib
from dataclasses import dataclass
from functools import cache
from importlib.metadata import version

import zxingcpp

from ..core import urls
from ..core.cachedir import digest
from ..core.project import Project
from ..core.store import ArtefactCache

ERROR = "Q"
MAX_VERSION = 4  # the default site_url keeps every code at version 4 or less
BORDER = 4  # the quiet zone the standard asks for, in modules
PNG_SCALE = 6  # pixels per module in the Word files' PNGs
ENCODER = f"zxing-cpp {version('zxing-cpp')}"  # its output is part of every code's cache key


@dataclass(frozen=True)
class Code:
    """A QR code's modules: `rows[y][x]` is 1 for a dark module (quiet zone not included)."""

    rows: tuple[tuple[int, ...], ...]
    error: str = ERROR

    @property
    def size(self) -> int:
        return len(self.rows)

    @property
    def version(self) -> int:
        return (self.size - 17) // 4  # a version-v symbol is 17 + 4v modules wide


@cache
def make(url: str) -> Code:
    """The code of `url`, encoded on first use in this process."""
    barcode = zxingcpp.create_barcode(url, zxingcpp.BarcodeFormat.QRCode, ec_level=ERROR)
    image = memoryview(barcode.to_image(scale=1, add_quiet_zones=False))  # type: ignore[arg-type]
    height, width = image.shape or (0, 0)
    flat = image.tobytes().translate(_DARK)  # byte operations: a per-pixel loop was most of a code's time
    return Code(tuple(tuple(flat[y * width : (y + 1) * width]) for y in range(height)))


_DARK = bytes(1 if v < 128 else 0 for v in range(256))  # a grey pixel -> 1 when dark
_RUN = re.compile(rb"\x01+")


def _runs(row: tuple[int, ...]) -> list[tuple[int, int]]:
    """(start, length) of each run of dark modules in a row."""
    return [(m.start(), m.end() - m.start()) for m in _RUN.finditer(bytes(row))]


@cache
def svg_bytes(url: str) -> bytes:
    """The code as SVG, one module per unit and the quiet zone around it: a white square, then each row's
    dark runs as strokes of one path (relative moves keep it short: a page embeds hundreds)."""
    code = make(url)
    side = code.size + 2 * BORDER
    path: list[str] = []
    pen: tuple[int, int] | None = None  # where the last stroke ended (x, row)
    for y, row in enumerate(code.rows):
        for start, length in _runs(row):
            x = start + BORDER
            if pen is None:
                path.append(f"M{x} {y + BORDER}.5h{length}")
            else:
                path.append(f"m{x - pen[0]} {y - pen[1]}h{length}")
            pen = (x + length, y)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {side} {side}" class="qr">'
        f'<path fill="#fff" d="M0 0h{side}v{side}h-{side}z"/>'
        f'<path stroke="#000" d="{"".join(path)}"/></svg>\n'
    ).encode()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


@cache
def png_bytes(url: str) -> bytes:
    """The PNG the window paperwork prints: 1-bit grey, 6 px per module, the 4-module quiet zone."""
    code = make(url)
    side = (code.size + 2 * BORDER) * PNG_SCALE
    light = (0,) * BORDER
    lines = []
    for row in ((0,) * code.size,) * BORDER + code.rows + ((0,) * code.size,) * BORDER:
        pixels = "".join(("0" if dark else "1") * PNG_SCALE for dark in light + row + light)
        lines.extend([b"\0" + _pack(pixels)] * PNG_SCALE)  # filter type 0 before each scanline
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(b"".join(lines), 9))
        + _chunk(b"IEND", b"")
    )


def _pack(bits: str) -> bytes:
    """A scanline's bits, padded with light pixels to whole bytes."""
    bits += "1" * (-len(bits) % 8)
    return int(bits, 2).to_bytes(len(bits) // 8, "big")


def render_all(project: Project, site_url: str, cache: ArtefactCache) -> dict[str, tuple[str, bytes]]:
    """item id -> (short URL, QR SVG), cached by address and encoder."""
    out: dict[str, tuple[str, bytes]] = {}
    for item_id in project.items:
        url = urls.short_url(site_url, item_id)
        key = digest("qr-svg-v2", ENCODER, url)
        data = cache.get(key)
        if data is None:
            data = svg_bytes(url)
            cache.put(key, data)
        out[item_id] = (url, data)
    return out


def largest_version(site_url: str, item_ids) -> int:
    longest = max(item_ids, key=len, default="")
    return make(urls.short_url(site_url, longest)).version if longest else 0

"""LibreOffice's PDFs depend on what its session converted before: each Type 1 font it embeds (a subset of
Noto CJK, converted from CFF) gets a /UniqueID from a counter of the soffice process, written both in the
font's clear text and in its eexec-encrypted Private dictionary. A document converted alone and the same
document converted after others in one session therefore differ. `renumber_fonts` rewrites those ids per file
(1, 2, … in order, as wide as LibreOffice wrote them), recompresses the font streams and moves the xref
offsets, so a PDF's bytes depend on its DOCX only.
"""

from __future__ import annotations

import re
import zlib

_FONT = re.compile(
    rb"/Length (\d+) 0 R/Filter/FlateDecode/Length1 (\d+)/Length2 (\d+)/Length3 \d+>>\nstream\n"
)
_UID = re.compile(rb"/UniqueID (\d+)")
_XREF = re.compile(rb"\nxref\n0 (\d+)\n")
_STARTXREF = re.compile(rb"startxref\n(\d+)\n%%EOF\s*$")
EEXEC_KEY, C1, C2 = 55665, 52845, 22719  # Adobe Type 1 Font Format, 7.1


def _eexec(data: bytes, *, decrypt: bool) -> bytes:
    r, out = EEXEC_KEY, bytearray(len(data))
    for i, byte in enumerate(data):
        plain = byte ^ (r >> 8)
        out[i] = plain
        r = ((byte if decrypt else plain) + r) * C1 + C2 & 0xFFFF
    return bytes(out)


def renumber_fonts(data: bytes) -> bytes:
    """The PDF with its Type 1 font ids numbered per file; unchanged when it embeds none."""
    ids: dict[bytes, bytes] = {}

    def renumber(text: bytes) -> bytes:
        def new_id(m: re.Match) -> bytes:
            old = m.group(1)
            return b"/UniqueID " + ids.setdefault(old, b"%0*d" % (len(old), len(ids) + 1))

        return _UID.sub(new_id, text)

    edits: list[tuple[int, int, bytes]] = []  # (start, end, new bytes) in the original
    for m in _FONT.finditer(data):
        length = re.search(rb"\n%s 0 obj\n(\d+)\nendobj" % m.group(1), data)
        if length is None:
            raise ValueError(f"PDF: the length object {m.group(1).decode()} of a font stream is missing")
        start, size = m.end(), int(length.group(1))
        raw = zlib.decompress(data[start : start + size])
        clear_end, private_end = int(m.group(2)), int(m.group(2)) + int(m.group(3))
        private = _eexec(raw[clear_end:private_end], decrypt=True)
        font = renumber(raw[:clear_end]) + _eexec(renumber(private), decrypt=False) + raw[private_end:]
        stream = zlib.compress(font, 6)
        edits += [(start, start + size, stream), (length.start(1), length.end(1), str(len(stream)).encode())]
    if not edits:
        return data
    return _apply(data, sorted(edits))


def _apply(data: bytes, edits: list[tuple[int, int, bytes]]) -> bytes:
    """Splice the edits in and move every xref offset (and startxref) behind them."""
    parts, at, shifts = [], 0, []
    for start, end, new in edits:
        parts += [data[at:start], new]
        shifts.append((start, len(new) - (end - start)))
        at = end
    parts.append(data[at:])
    out = b"".join(parts)

    def moved(offset: int) -> int:
        return offset + sum(delta for start, delta in shifts if start < offset)

    xref = _XREF.search(out)
    tail = _STARTXREF.search(out)
    if xref is None or tail is None:
        raise ValueError("PDF: no classic xref table to update")
    first, count = xref.end(), int(xref.group(1))
    table = bytearray(out[first : first + 20 * count])
    for n in range(count):
        entry = table[20 * n : 20 * n + 20]
        if entry[17:18] == b"n":
            table[20 * n : 20 * n + 10] = b"%010d" % moved(int(entry[:10]))
    out = out[:first] + bytes(table) + out[first + 20 * count :]
    tail = _STARTXREF.search(out)
    assert tail is not None
    return out[: tail.start(1)] + str(moved(int(tail.group(1)))).encode() + out[tail.end(1) :]

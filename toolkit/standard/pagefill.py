"""Where a table must continue on the next page: an estimate of how far down the page the text has
run (CJK and Latin widths, the fonts' line heights, paragraph spacing), so that a long table is split
with a "表X（续）" caption and its header row repeated (GB/T 1.1—2020, 8.6.5). Heights are rounded up
and the page is filled only to CAPACITY, so the split comes before the renderer's own page break."""

from __future__ import annotations

import math
import re
import unicodedata

PT_PER_MM = 72 / 25.4
TEXT_WIDTH = (210 - 25 - 20) * PT_PER_MM  # A4 minus left and right margins
PAGE_HEIGHT = (297 - 25 - 20) * PT_PER_MM  # A4 minus top and bottom margins
CAPACITY = 0.94 * PAGE_HEIGHT
LINE = 1.45  # line height of the CJK faces, in em (single spacing)
CELL_MARGIN = 2 * 5.4  # left + right cell margins (0.19 cm each)
ROW_EXTRA = 0.6  # borders and rounding per table row (a one-line 9 pt row measures 13.4 pt)
_UNBREAKABLE = re.compile(r"[0-9A-Za-z.,%/:+\-]+")


def text_width(text: str, size: float) -> float:
    """Width in points: full-width characters one em, others half an em."""
    return sum(size if unicodedata.east_asian_width(ch) in "WF" else size * 0.55 for ch in text)


def lines(text: str, size: float, width: float, indent: float = 0.0) -> int:
    return max(1, math.ceil((text_width(text, size) + indent) / max(width, size)))


def column_widths(rows: list[list[str]], total: float = TEXT_WIDTH, size: float = 9) -> list[float]:
    """Column widths in points summing to the text width. Each column gets at least its longest
    unbreakable run (a number, a Latin word) and up to four characters of its heading, never less than
    two characters; the rest of the width goes to the columns in proportion to their longest text."""
    ncols = max(len(r) for r in rows)
    cells = [[r[c] if c < len(r) else "" for r in rows] for c in range(ncols)]
    low, want = [], []
    for col in cells:
        runs = [m.group() for t in col for m in _UNBREAKABLE.finditer(t)]
        head = col[0] if len(col[0]) <= 6 else col[0][:4]  # a short heading never breaks ("清\n单")
        floor = max([2 * size, text_width(head, size) + 1, *(text_width(r, size) for r in runs)])
        low.append(floor + CELL_MARGIN)
        want.append(min(max(max(text_width(t, size) for t in col), floor), 24 * size) + CELL_MARGIN)
    if sum(low) >= total:
        return [w * total / sum(low) for w in low]
    spare, room = total - sum(low), [w - lo for w, lo in zip(want, low, strict=True)]
    if sum(room) <= spare:  # everything fits on one line: widen all columns alike
        return [w * total / sum(want) for w in want]
    return [lo + spare * r / sum(room) for lo, r in zip(low, room, strict=True)]


def row_height(row: list[str], widths: list[float], size: float = 9) -> float:
    n = max(lines(t, size, w - CELL_MARGIN) for t, w in zip(row, widths, strict=False)) if row else 1
    return n * size * LINE + ROW_EXTRA


class Page:
    """The running height used on the current page, in points."""

    def __init__(self) -> None:
        self.y = 0.0

    def new_page(self) -> None:
        self.y = 0.0

    def add(self, height: float) -> None:
        self.y += height
        while self.y > CAPACITY:  # text flowing over: the overflow starts the next page
            self.y -= CAPACITY

    def paragraph(self, text: str, size: float = 10.5, *, indent_chars: int = 2, space: float = 0) -> None:
        self.add(lines(text, size, TEXT_WIDTH, indent_chars * size) * size * LINE + space)

    def fits(self, height: float) -> bool:
        return self.y + height <= CAPACITY

    def split_table(self, rows: list[list[str]], widths: list[float], caption: float) -> list[int]:
        """Row indexes (after the header row 0) where a continuation part starts; moves the page."""
        header = row_height(rows[0], widths)
        self.add(caption)
        if not self.fits(header + (row_height(rows[1], widths) if len(rows) > 1 else 0)):
            self.new_page()
            self.add(caption)
        self.add(header)
        starts = []
        for i in range(1, len(rows)):
            h = row_height(rows[i], widths)
            if not self.fits(h):
                starts.append(i)
                self.new_page()
                self.add(caption + header)
            self.add(h)
        return starts

"""Static SVG bar charts drawn by this code (no JavaScript, no CDN): simple bars and before/after pairs.
Every label is XML-escaped."""

from __future__ import annotations

from markupsafe import escape

FONT = "Noto Sans CJK SC,PingFang SC,Microsoft YaHei,sans-serif"
WIDTH = 640
LABEL_W = 150
ROW_H = 30
BAR_W = WIDTH - LABEL_W - 90


def _svg(height: int, body: list[str], title: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'font-family="{FONT}" font-size="13"><title>{escape(title)}</title>'
        f'<rect width="{WIDTH}" height="{height}" fill="#fff"/>' + "".join(body) + "</svg>\n"
    )


def _num(x) -> str:
    return f"{x:g}" if isinstance(x, float) else str(x)


def bars(title: str, rows: list[tuple[str, float]], color: str = "#1565c0") -> str:
    top = max((v for _, v in rows), default=0) or 1
    body = []
    for n, (label, value) in enumerate(rows):
        y = 10 + n * ROW_H
        w = round(BAR_W * value / top, 1)
        body.append(
            f'<text x="{LABEL_W - 8}" y="{y + 16}" text-anchor="end">{escape(label)}</text>'
            f'<rect x="{LABEL_W}" y="{y + 3}" width="{w}" height="18" fill="{color}"/>'
            f'<text x="{LABEL_W + w + 6}" y="{y + 16}">{escape(_num(value))}</text>'
        )
    return _svg(20 + len(rows) * ROW_H, body, title)


def before_after(title: str, rows: list[tuple[str, float, float, int]]) -> str:
    """Each row scaled to its own 'before' (different units per row): grey = before, green = after."""
    body = [
        (
            f'<rect x="{LABEL_W}" y="6" width="12" height="12" fill="#b0bec5"/>'
            f'<text x="{LABEL_W + 16}" y="17">改革前</text>'
            f'<rect x="{LABEL_W + 80}" y="6" width="12" height="12" fill="#2e7d32"/>'
            f'<text x="{LABEL_W + 96}" y="17">改革后</text>'
        )
    ]
    for n, (label, before, after, pct) in enumerate(rows):
        y = 28 + n * (ROW_H + 16)
        top = max(before, after) or 1
        wb, wa = round(BAR_W * before / top, 1), round(BAR_W * after / top, 1)
        body.append(
            f'<text x="{LABEL_W - 8}" y="{y + 20}" text-anchor="end">{escape(label)}</text>'
            f'<rect x="{LABEL_W}" y="{y}" width="{wb}" height="14" fill="#b0bec5"/>'
            f'<text x="{LABEL_W + wb + 6}" y="{y + 12}">{escape(_num(before))}</text>'
            f'<rect x="{LABEL_W}" y="{y + 17}" width="{wa}" height="14" fill="#2e7d32"/>'
            f'<text x="{LABEL_W + wa + 6}" y="{y + 29}">{escape(_num(after))}（减 {pct}%）</text>'
        )
    return _svg(36 + len(rows) * (ROW_H + 16), body, title)

"""Charts for the dashboard and the 通报, made at build time as SVG (no script library, no request): bars
and a line, labelled in Chinese, every label escaped."""

from __future__ import annotations

from ..core.escape import html as e

W, H, PAD = 640, 260, 40


def bars(title: str, labels: list[str], values: list[float], top: float = 100.0) -> str:
    n = max(len(values), 1)
    step = (W - 2 * PAD) / n
    out = [(f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" role="img" aria-label="{e(title)}" '
           f'style="max-width:100%;height:auto" font-family="sans-serif" font-size="11">'),
           f'<text x="{W / 2}" y="16" text-anchor="middle" font-size="14">{e(title)}</text>',
           f'<line x1="{PAD}" y1="{H - PAD}" x2="{W - PAD}" y2="{H - PAD}" stroke="#333"/>']  # fmt: skip
    for i, (label, v) in enumerate(zip(labels, values, strict=True)):
        h = (H - 2 * PAD - 10) * (v / top if top else 0)
        x = PAD + i * step
        out.append(f'<rect x="{x + step * 0.15:.1f}" y="{H - PAD - h:.1f}" width="{step * 0.7:.1f}" '
                   f'height="{h:.1f}" fill="#4a7ab5"><title>{e(label)}：{v:g}</title></rect>')  # fmt: skip
        out.append(
            f'<text x="{x + step / 2:.1f}" y="{H - PAD - h - 3:.1f}" text-anchor="middle">{v:g}</text>'
        )
        out.append(f'<text x="{x + step / 2:.1f}" y="{H - PAD + 14}" text-anchor="end" '
                   f'transform="rotate(-35 {x + step / 2:.1f} {H - PAD + 14})">{e(label[:8])}</text>')  # fmt: skip
    return "".join(out) + "</svg>"


def histogram(title: str, scores: list[float]) -> str:
    """Counties per band of score (0–10 %, …, 90–100 %)."""
    counts = [0] * 10
    for s in scores:
        counts[min(int(s // 10), 9)] += 1
    labels = [f"{10 * i}–{10 * i + 10}%" for i in range(10)]
    return bars(title, labels, [float(c) for c in counts], top=float(max(counts) or 1))


def line(title: str, labels: list[str], values: list[float]) -> str:
    n = max(len(values) - 1, 1)
    pts = [
        (PAD + i * (W - 2 * PAD) / n, H - PAD - (H - 2 * PAD - 10) * v / 100) for i, v in enumerate(values)
    ]
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in pts)
    out = [(f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" role="img" aria-label="{e(title)}" '
           f'style="max-width:100%;height:auto" font-family="sans-serif" font-size="11">'),
           f'<text x="{W / 2}" y="16" text-anchor="middle" font-size="14">{e(title)}</text>',
           f'<polyline points="{path}" fill="none" stroke="#4a7ab5" stroke-width="2"/>']  # fmt: skip
    for (x, y), label, v in zip(pts, labels, values, strict=True):
        out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="#4a7ab5"/>'
                   f'<text x="{x:.1f}" y="{y - 6:.1f}" text-anchor="middle">{v:g}%</text>'
                   f'<text x="{x:.1f}" y="{H - PAD + 14}" text-anchor="middle">{e(label)}</text>')  # fmt: skip
    return "".join(out) + "</svg>"

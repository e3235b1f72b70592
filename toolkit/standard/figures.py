"""PNG flowcharts for the Word/PDF standard (附录C), laid out by Graphviz with a CJK font.

Reuses the website's DOT generation (toolkit.site.flowchart.dot_source) on the flow's example item."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from ..core.cachedir import ContentCache
from ..core.procs import run_dot
from ..core.project import Project
from ..site.flowchart import FONT_PT, chart_key, cjk_font, code_key, dot_source
from .data import example_item

PRINT_WIDTHS = (11, 8)  # characters per line of a main and a side step on the printed page
DPI = 150


def print_size(png: bytes, text_pt: float, max_w: float, max_h: float) -> tuple[float, float]:
    """(width, height) in mm at which a chart drawn by render_pngs prints with its text at `text_pt`
    points (never larger), shrunk further to fit `max_w` × `max_h` mm."""
    w, h = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")  # PNG IHDR
    width = w * 25.4 / DPI * text_pt / FONT_PT
    width = min(width, max_w, max_h * w / h)
    return width, width * h / w


def render_pngs(project: Project, flow_ids: list[str], cache: ContentCache | None = None) -> dict[str, bytes]:
    """flow id -> PNG of its example item's chart, in the order of flow_ids; `cache`: charts kept by what
    they are drawn from (site/flowchart.chart_key), so an unchanged flow costs neither jieba nor Graphviz."""

    font = cjk_font()
    code = code_key(f"standard-png-v2-{DPI}-{PRINT_WIDTHS}", font)
    found, sources, keys = {}, {}, {}
    for fid in flow_ids:
        item = example_item(project, fid)
        if item is None:
            continue
        key = chart_key(project, item, code) if cache is not None else None
        data = cache.get(key) if cache is not None and key is not None else None
        if data is not None:
            found[fid] = data
            continue
        src = dot_source(project, item, font, PRINT_WIDTHS)
        if src:
            sources[fid], keys[fid] = src, key
    found.update(_draw(sources, DPI))
    for fid, key in keys.items():
        if cache is not None and key is not None:
            cache.put(key, found[fid])
    return {fid: found[fid] for fid in flow_ids if fid in found}


def _draw(sources: dict[str, str], dpi: int) -> dict[str, bytes]:
    if not sources:
        return {}
    dot = shutil.which("dot")
    if dot is None:
        import pygraphviz

        return {
            k: pygraphviz.AGraph(string=v).draw(format="png", prog="dot", args=f"-Gdpi={dpi}")
            for k, v in sources.items()
        }
    out = {}
    with tempfile.TemporaryDirectory(prefix="stdkit-fig-") as tmp:
        paths = []
        for k, src in sources.items():
            path = Path(tmp) / f"{k}.dot"
            path.write_text(src, encoding="utf-8")
            paths.append(path)
        run_dot(dot, ["-Tpng", f"-Gdpi={dpi}"], paths)
        for k in sources:
            out[k] = (Path(tmp) / f"{k}.dot.png").read_bytes()
    return out

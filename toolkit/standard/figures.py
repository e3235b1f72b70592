"""PNG flowcharts for the Word/PDF standard (附录C), laid out by Graphviz with a CJK font.

Reuses the website's DOT generation (toolkit.site.flowchart.dot_source) on the flow's example item."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from ..procs import run_dot
from ..project import Project
from .data import example_item


def render_pngs(project: Project, flow_ids: list[str], dpi: int = 150) -> dict[str, bytes]:
    from ..site.flowchart import cjk_font, dot_source

    font = cjk_font()
    sources = {}
    for fid in flow_ids:
        item = example_item(project, fid)
        if item is not None:
            src = dot_source(project, item, font)
            if src:
                sources[fid] = src
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

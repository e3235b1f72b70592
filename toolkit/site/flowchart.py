"""Flowcharts: each item's resolved flow as Graphviz DOT, laid out to static SVG at build time.

Uncached charts are rendered in ONE `dot -Tsvg -O` call (pygraphviz in-process when `dot` is absent);
identical charts (items sharing a template and time limit) are rendered once. A CJK font is required:
without one Graphviz lays Chinese boxes out too narrow, so the build stops and names the font package.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import tempfile
from functools import cache
from pathlib import Path

from ..errors import Problem, StdkitError
from ..models import ServiceItem
from ..procs import DOT_TIMEOUT, run_bounded
from ..project import Project
from .store import ArtefactCache, digest

FONT_PACKAGE = "fonts-noto-cjk"
SIDE_ROLES = {"补正材料", "不予受理", "不予许可"}
_STYLE = {
    "申请": 'shape=box, style="rounded,filled", fillcolor="#e3f2fd"',
    "办结": 'shape=box, style="rounded,filled,bold", fillcolor="#e8f5e9"',
}
_SIDE_STYLE = 'shape=box, style="rounded,dashed", color="#9e9e9e"'
_MAIN_STYLE = 'shape=box, style="rounded,filled", fillcolor="#ffffff"'


@cache
def cjk_font() -> str:
    """The family name of an installed Chinese font; StdkitError naming the package when there is none."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return "Noto Sans CJK SC"  # no fontconfig to ask (not a Debian-like system): trust Graphviz
    out = subprocess.run([fc_list, ":lang=zh", "family"], capture_output=True, text=True, check=False).stdout
    families = sorted({f.split(",")[0].strip() for f in out.splitlines() if f.strip()})
    if not families:
        raise StdkitError(
            [
                Problem(
                    "（系统环境）",
                    0,
                    0,
                    "",
                    "font-missing",
                    "未找到中文字体：流程图须用中文字体排版，否则方框过窄、文字无法显示。",
                    f"请安装中文字体软件包 {FONT_PACKAGE}（Debian/Ubuntu：sudo apt-get install {FONT_PACKAGE}），"
                    "或运行 bash scripts/setup.sh。",
                )
            ]
        )
    preferred = [f for f in families if f == "Noto Sans CJK SC"] or [
        f for f in families if "Sans" in f and "SC" in f
    ]
    return (preferred or families)[0]


def _q(text: str) -> str:
    """A DOT double-quoted string."""
    text = " ".join(str(text).split())
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def dot_source(project: Project, item: ServiceItem, font: str) -> str | None:
    resolved = project.flow_for(item)
    if resolved is None:
        return None
    lines = [
        "digraph flow {",
        f'  graph [rankdir=TB, fontname={_q(font)}, nodesep=0.3, ranksep=0.35, bgcolor="white", pad=0.1];',
        f'  node [fontname={_q(font)}, fontsize=12, margin="0.15,0.06", color="#1565c0"];',
        f'  edge [fontname={_q(font)}, fontsize=10, color="#455a64", arrowsize=0.7];',
    ]
    for i, step in enumerate(resolved.steps):
        label = step.name
        extra = [x for x in (step.actor, step.limit.label() if step.limit else None) if x]
        if extra:
            label += "\n" + " · ".join(extra)
        style = _STYLE.get(step.role) or (_SIDE_STYLE if step.role in SIDE_ROLES else _MAIN_STYLE)
        lines.append(f"  s{i} [label={_label(label)}, {style}];")
    index = {s.id: i for i, s in enumerate(resolved.steps)}
    for i, step in enumerate(resolved.steps):
        for nxt in step.next:
            if nxt in index:
                lines.append(f"  s{i} -> s{index[nxt]};")
        for br in step.branches:
            if br.to in index:
                attrs = f"label={_label(br.condition, 8)}, style=dashed"
                if br.back:
                    attrs += ", constraint=false"
                lines.append(f"  s{i} -> s{index[br.to]} [{attrs}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _wrap(text: str, width: int) -> list[str]:
    text = " ".join(str(text).split())
    return [text[i : i + width] for i in range(0, len(text), width)] or [""]


def _label(text: str, width: int = 10) -> str:
    """Multi-line label (lines wrapped for a phone-width chart), joined with DOT's centred line break."""
    parts = [_q(w)[1:-1] for line in text.split("\n") for w in _wrap(line, width)]
    return '"' + "\\n".join(parts) + '"'


def _web_fonts(svg: bytes, font: str) -> bytes:
    """Let a phone without the build font draw the text with its own Chinese font."""
    family = f'font-family="{font}"'.encode()
    return svg.replace(
        family, f'font-family="{font},PingFang SC,Microsoft YaHei,Noto Sans SC,sans-serif"'.encode()
    )


def _render_batch(sources: dict[str, str], workdir: Path) -> dict[str, bytes]:
    """key -> DOT source  ==>  key -> SVG bytes, in one Graphviz run."""
    if not sources:
        return {}
    dot = shutil.which("dot")
    if dot is None:
        import pygraphviz

        out = {}
        for key, src in sources.items():
            out[key] = pygraphviz.AGraph(string=src).draw(format="svg", prog="dot")
        return out
    paths = []
    for key, src in sources.items():
        path = workdir / f"{key}.dot"
        path.write_text(src, encoding="utf-8")
        paths.append(path)
    try:
        proc = run_bounded([dot, "-Tsvg", "-O", *map(str, paths)], DOT_TIMEOUT, text=True)
    except subprocess.TimeoutExpired:
        raise StdkitError(
            [
                Problem(
                    "flowcharts/",
                    1,
                    1,
                    "",
                    "dot-timeout",
                    f"流程图生成超时（Graphviz 超过 {DOT_TIMEOUT} 秒）：流程过于复杂。",
                    "请减少环节和分支（每个流程最多 40 个环节）。",
                )
            ]
        ) from None
    if proc.returncode != 0:
        raise RuntimeError(f"Graphviz dot failed: {proc.stderr.strip()[:500]}")
    return {key: (workdir / f"{key}.dot.svg").read_bytes() for key in sources}


def file_of(svg: bytes) -> str:
    """Docs path of a chart: named by its content, so identical charts are one file."""
    return f"flow/{hashlib.sha256(svg).hexdigest()[:16]}.svg"


def render_all(project: Project, cache: ArtefactCache) -> dict[str, bytes]:
    """item id -> flowchart SVG for every item with a flow."""
    font = cjk_font()
    keys: dict[str, str] = {}
    todo: dict[str, str] = {}
    results: dict[str, bytes] = {}
    for item in project.items.values():
        src = dot_source(project, item, font)
        if src is None:
            continue
        key = digest("flow-svg-v2", src)
        keys[item.id] = key
        if key not in results and key not in todo:
            data = cache.get(key)
            if data is None:
                todo[key] = src
            else:
                results[key] = data
    if todo:
        cache.dir.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=cache.dir, prefix=".dot-") as tmp:
            for key, svg in _render_batch(todo, Path(tmp)).items():
                svg = _web_fonts(svg, font)
                cache.put(key, svg)
                results[key] = svg
    return {item_id: results[key] for item_id, key in keys.items()}

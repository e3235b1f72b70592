"""Flowcharts: each item's resolved flow as Graphviz DOT, laid out to static SVG at build time.

Uncached charts are rendered in ONE `dot -Tsvg -O` call (pygraphviz in-process when `dot` is absent);
identical charts (items sharing a template and time limit) are rendered once. A CJK font is required:
without one Graphviz lays Chinese boxes out too narrow, so the build stops and names the font package.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
import shutil
import subprocess
import tempfile
from functools import cache, lru_cache
from importlib.metadata import version
from pathlib import Path

from ..core.cachedir import digest
from ..core.errors import Problem, StdkitError
from ..core.models import ServiceItem
from ..core.procs import run_dot
from ..core.project import Project
from ..core.store import ArtefactCache
from . import plain, uptodate
from .mkdocs_config import _jieba_cache

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
                    file="（系统环境）",
                    line=0,
                    column=0,
                    path="",
                    code="font-missing",
                    message="未找到中文字体：流程图须用中文字体排版，否则方框过窄、文字无法显示。",
                    hint=f"请安装中文字体软件包 {FONT_PACKAGE}（Debian/Ubuntu：sudo apt-get install {FONT_PACKAGE}），"
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


FONT_PT = 14  # every text in the chart (nodes and edges): ≥ 12 CSS px once fitted to a 328 px phone column
MAIN_WIDTH, SIDE_WIDTH = 8, 6  # characters per line (CJK = 1, Latin/digits = ½)
# A line never starts with closing punctuation and never ends with opening punctuation.
_CLOSING = set("、，。；：！？）」』”’》〉】,.;:!?)")
_OPENING = set("（「『“‘《〈【(")
_LEADING = {"不", "未", "非", "无", "各", "在"}  # one-character words that belong with the next word
# One-character words that end the name before them (an office, a post): 市容管理|股, 代办|员.
_SUFFIXES = {"股", "科", "局", "所", "站", "队", "室", "组", "处", "部", "厅", "员"}
_UNITS = ("个工作日", "工作日", "分钟", "小时", "天", "日", "元", "份", "次", "个", "年", "月")


def dot_source(
    project: Project, item: ServiceItem, font: str, widths: tuple[float, float] = (MAIN_WIDTH, SIDE_WIDTH)
) -> str | None:
    """A vertical chart for a phone: the main path straight down, side steps (补正、不予受理) to the right,
    stacked one under the other; branch conditions are written inside the side step they lead to (no edge
    labels: they widened the chart and overlapped arrows). `widths`: characters per line of a main and a
    side step (a printed page is wider than a phone: fewer, longer lines make a shorter chart)."""
    resolved = project.flow_for(item)
    if resolved is None:
        return None
    steps = resolved.steps
    index = {s.id: i for i, s in enumerate(steps)}
    incoming: dict[int, list[str]] = {}
    for step in steps:
        for br in step.branches:
            if br.to in index and not br.back:
                incoming.setdefault(index[br.to], []).append(br.condition)
    lines = [
        "digraph flow {",
        f'  graph [rankdir=TB, fontname={_q(font)}, nodesep=0.2, ranksep=0.28, bgcolor="white", pad=0.05];',
        f'  node [fontname={_q(font)}, fontsize={FONT_PT}, margin="0.1,0.05", color="#1565c0"];',
        f'  edge [fontname={_q(font)}, fontsize={FONT_PT}, color="#455a64", arrowsize=0.7];',
    ]
    side = [i for i, st in enumerate(steps) if st.role in SIDE_ROLES]
    for i, step in enumerate(steps):
        is_side = i in side
        width = widths[1] if is_side else widths[0]
        parts = [step.name]
        extra = [
            x for x in (plain.staff_words(step.actor or ""), step.limit.label() if step.limit else None) if x
        ]
        if extra and not is_side:
            parts.append("（" + "，".join(extra) + "）")
        conds = list(dict.fromkeys(incoming.get(i, [])))
        if is_side and conds:
            parts.append("（" + "；或".join(conds) + "时）")
        style = _STYLE.get(step.role) or (_SIDE_STYLE if is_side else _MAIN_STYLE)
        lines.append(f"  s{i} [label={_label(parts, width)}, {style}];")
    for a, b in itertools.pairwise(side):  # side steps one under the other: the chart stays narrow
        lines.append(f"  s{a} -> s{b} [style=invis];")
    for i, step in enumerate(steps):
        for nxt in step.next:
            if nxt in index:
                lines.append(f"  s{i} -> s{index[nxt]} [weight=8];")
        for br in step.branches:
            if br.to not in index:
                continue
            j = index[br.to]
            attrs = "style=dashed"
            if br.back:
                attrs += ", constraint=false"
            lines.append(f"  s{i} -> s{j} [{attrs}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _cells(text: str) -> float:
    return sum(0.5 if ord(c) < 0x2000 else 1.0 for c in text)


@lru_cache(maxsize=1)
def _jieba():
    import jieba

    for w in _WORDS:
        jieba.add_word(w, 10000)
    return jieba


@lru_cache(maxsize=8192)  # items share their templates' step names: most labels repeat
def _tokens(text: str) -> tuple[str, ...]:
    """Words (jieba), with a number kept with its unit and punctuation kept with the word it belongs to."""
    raw = [t for t in _jieba().lcut(text) if t]
    out: list[str] = []
    for tok in raw:
        number_unit = tok.startswith(_UNITS) and out[-1][-1:].isdigit() if out else False
        punctuation = bool(out) and (tok[0] in _CLOSING or out[-1][-1] in _OPENING or out[-1] in _LEADING)
        suffix = bool(out) and tok in _SUFFIXES and out[-1][-1] not in _CLOSING
        if number_unit or punctuation or suffix:
            out[-1] += tok
        else:
            out.append(tok)
    return tuple(out)


# Words of the service vocabulary jieba does not know: never broken across lines.
_WORDS = (
    "一件事",
    "鄂汇办",
    "一窗通办",
    "一事联办",
    "营业执照",
    "便民服务中心",
    "便民服务站",
    "告知承诺制",
    "帮办代办员",
    "代办员",
)


def wrap(text: str, width: float) -> list[str]:
    """Balanced lines of at most `width` cells, broken only between words; a word longer than a line is
    split (never before closing punctuation)."""
    text = " ".join(str(text).split())
    total = _cells(text)
    if total > width:  # n lines of about equal length rather than full lines and a short last one
        n = -(-total // width)
        target = max(-(-total // n), width * 0.6)
        lines = _fill(text, target)
        if all(_cells(ln) <= width for ln in lines) and len(lines) <= n:
            return lines
    return _fill(text, width)


def _fill(text: str, width: float) -> list[str]:
    rows: list[list[str]] = [[]]
    for tok in _tokens(text):
        if rows[-1] and _cells("".join(rows[-1]) + tok) > width:
            rows.append([])
        while _cells(tok) > width:
            cut = int(width)
            while cut < len(tok) and tok[cut] in _CLOSING:
                cut += 1
            rows[-1].append(tok[:cut])
            rows.append([])
            tok = tok[cut:]
        rows[-1].append(tok)
    # a last line of one character ("时）") takes the word before it along, when that fits
    if (
        len(rows) > 1
        and len(rows[-2]) > 1
        and 0 < _bare_cells(rows[-1]) <= 1
        and _cells(rows[-2][-1] + "".join(rows[-1])) <= width
    ):
        rows[-1].insert(0, rows[-2].pop())
    lines = ["".join(r).strip() for r in rows]
    return [ln for ln in lines if ln] or [""]


def _bare_cells(tokens: list[str]) -> float:
    """The width of a line without its punctuation."""
    return _cells("".join(ch for ch in "".join(tokens) if ch not in _CLOSING and ch not in _OPENING))


def _label(parts: list[str], width: float) -> str:
    """Multi-line label (each part wrapped for a phone-width chart), joined with DOT's centred line break."""
    out = [_q(w)[1:-1] for part in parts for w in wrap(part, width)]
    return '"' + "\\n".join(out) + '"'


def _web_fonts(svg: bytes, font: str) -> bytes:
    """Let a phone without the build font draw the text with its own Chinese font."""
    family = f'font-family="{font}"'.encode()
    return svg.replace(
        family, f'font-family="{font},PingFang SC,Microsoft YaHei,Noto Sans SC,sans-serif"'.encode()
    )


_PAGED = re.compile(rb'<g id="page\d+,\d+_(graph\d+)"')


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
    run_dot(dot, ["-Tsvg"], paths)
    # dot numbers the graphs of one run (page0,1_graph0 …): the same chart alone or in a batch is the same
    return {key: _PAGED.sub(rb'<g id="\1"', (workdir / f"{key}.dot.svg").read_bytes()) for key in sources}


def file_of(svg: bytes) -> str:
    """Docs path of a chart: named by its content, so identical charts are one file."""
    return f"flow/{hashlib.sha256(svg).hexdigest()[:16]}.svg"


def code_key(kind: str, font: str) -> str:
    """What every chart of one kind (`kind`: format and settings) depends on besides its steps: the font,
    the toolkit's code and jieba's version (line breaking)."""
    return digest(kind, uptodate.toolkit_digest(), version("jieba"), font)


def chart_key(project: Project, item: ServiceItem, code: str) -> str | None:
    """A chart's cache key from everything `dot_source` reads (the item's resolved steps and `code_key`):
    a cached chart costs no line breaking (no jieba)."""
    resolved = project.flow_for(item)
    if resolved is None:
        return None
    steps = json.dumps(
        [s.model_dump(mode="json") for s in resolved.steps], ensure_ascii=False, sort_keys=True
    )
    return digest(code, steps)


def render_all(project: Project, cache: ArtefactCache) -> dict[str, bytes]:
    """item id -> flowchart SVG for every item with a flow."""
    font = cjk_font()
    _jieba_cache(cache.dir.parent / "jieba")
    keys: dict[str, str] = {}
    todo: dict[str, str] = {}
    results: dict[str, bytes] = {}
    code = code_key("flow-svg-v4", font)
    for item in project.items.values():
        key = chart_key(project, item, code)
        if key is None:
            continue
        keys[item.id] = key
        if key not in results and key not in todo:
            data = cache.get(key)
            if data is None:
                todo[key] = dot_source(project, item, font) or ""
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

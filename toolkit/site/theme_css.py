"""Material's stylesheet without the parts this site can never show, as one file (assets/THEME_FILE).

A phone that opens a guide from a QR code downloads the theme's CSS first; Material ships styles for every
feature (blog, versions, tabs, code highlighting, cookie consent, 19 colour palettes …) in main.css and
palette.css. The site's configuration is fixed by the toolkit (toolkit/site/mkdocs_config.py: a county sets
only texts and addresses, never features, plugins or extensions) and every page is escaped Markdown the
toolkit writes, so the components listed in UNUSED never appear on a page. A selector is dropped only when,
outside any :is()/:not()/:where() parentheses, it requires one of those classes or another palette value
than PALETTE; everything else (custom properties, admonition types, keyframes) is kept verbatim and in
order, so the cascade is unchanged for what remains. tests/test_page_weight.py checks on the built sites
that no page or script uses a dropped class.
"""

from __future__ import annotations

import re
from functools import cache
from importlib.util import find_spec
from pathlib import Path

from .mkdocs_config import PALETTE

THEME_FILE = "assets/stylesheets/stdkit-theme.css"

# Material's component classes (BEM blocks: the class itself, its __elements and --modifiers) that the
# toolkit's configuration never enables, with the setting that would.
UNUSED = (
    # blog plugin
    "md-post",
    "md-author",
    "md-profile",
    "md-pagination",
    "md-draft",
    "md-pin",
    "md-meta",
    "md-sidebar--post",
    "md-content--post",
    # versioning (extra.version) and language selector (extra.alternate)
    "md-version",
    "md-select",
    # navigation.tabs, navigation.path, navigation.instant.progress, toc.integrate, search.suggest
    "md-tabs",
    "md-header--lifted",
    "md-nav--lifted",
    "md-path",
    "md-progress",
    "md-nav--integrated",
    "md-search__suggest",
    # cookie consent, feedback widget (analytics), announcement bar, social links, palette toggle
    "md-consent",
    "md-feedback",
    "md-banner",
    "md-social",
    "md-header__option",
    "md-option",
    # tags plugin, git revision dates, page status, edit/view buttons
    "md-tag",
    "md-tags",
    "md-source-file",
    "md-status",
    "md-content__button",
    # code blocks: highlighting, line numbers, copy button, annotations (pymdownx.highlight, content.code.*)
    "highlight",
    "highlighttable",
    "linenos",
    "linenodiv",
    "filename",
    "md-clipboard",
    "md-annotation",
    # Markdown extensions not enabled: tabbed, critic, arithmatex, emoji, keys, footnotes
    "tabbed-set",
    "tabbed-labels",
    "tabbed-content",
    "tabbed-block",
    "tabbed-control",
    "tabbed-button",
    "critic",
    "arithmatex",
    "katex",
    "katex-display",
    "katex-html",
    "twemoji",
    "emojione",
    "gemoji",
    "keys",
    "footnote",
    "footnote-ref",
    "footnote-backref",
)
_CLASS = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")
_PALETTE_ATTR = re.compile(r"\[data-md-color-(scheme|primary|accent)=[\"']?([\w-]+)[\"']?\]")
_GROUPS = ("@media", "@supports", "@layer", "@container")


def unused_class(name: str) -> bool:
    """True for a class of a component in UNUSED (the block itself, its elements and modifiers)."""
    return any(name == b or name.startswith((b + "__", b + "--")) for b in UNUSED)


def _string_end(css: str, i: int) -> int:
    """Index after the quoted string starting at css[i]."""
    quote, i = css[i], i + 1
    while css[i] != quote:
        i += 2 if css[i] == "\\" else 1
    return i + 1


def _block_end(css: str, i: int) -> int:
    """Index after the '}' that closes the '{' at css[i] (nested braces and strings skipped)."""
    depth = 0
    while True:
        c = css[i]
        if c in "\"'":
            i = _string_end(css, i)
            continue
        depth += (c == "{") - (c == "}")
        i += 1
        if depth == 0:
            return i


def _parse(css: str, i: int = 0) -> tuple[list, int]:
    """Nodes up to the '}' closing the current group: ("raw", text), ("group", prelude, nodes),
    ("rule", prelude, "{…}")."""
    nodes: list = []
    start = i
    while i < len(css):
        c = css[i]
        if c in "\"'":
            i = _string_end(css, i)
        elif css.startswith("/*", i):
            end = css.index("*/", i) + 2
            nodes.append(("raw", css[start:end]))
            i = start = end
        elif c == ";":
            nodes.append(("raw", css[start : i + 1]))
            i = start = i + 1
        elif c == "}":
            return nodes, i + 1
        elif c == "{":
            prelude = css[start:i].strip()
            if prelude.split("(")[0].split()[0] in _GROUPS:
                children, i = _parse(css, i + 1)
                nodes.append(("group", prelude, children))
            else:
                end = _block_end(css, i)
                nodes.append(("rule", prelude, css[i:end]))
                i = end
            start = i
        else:
            i += 1
    return nodes, i


def _split_top(text: str, sep: str = ",") -> list[str]:
    parts, depth, start = [], 0, 0
    for i, c in enumerate(text):
        depth += (c in "([") - (c in ")]")
        if c == sep and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return parts


def _outside_parens(selector: str) -> str:
    out, depth = [], 0
    for c in selector:
        depth += c == "("
        if depth == 0:
            out.append(c)
        depth -= c == ")" and depth > 0
    return "".join(out)


def selector_possible(selector: str, palette: dict[str, str]) -> bool:
    """False when the selector needs a class of UNUSED or another palette value than the site's."""
    top = _outside_parens(selector)
    if any(palette.get(key, value) != value for key, value in _PALETTE_ATTR.findall(top)):
        return False
    classes = _CLASS.findall(re.sub(r"\[[^\]]*\]", "", top))
    return not any(unused_class(c) for c in classes)


def _emit(nodes: list, palette: dict[str, str]) -> str:
    out = []
    for node in nodes:
        if node[0] == "raw":
            if not node[1].lstrip().startswith("/*# sourceMappingURL"):  # the map describes the full file
                out.append(node[1])
        elif node[0] == "group":
            inner = _emit(node[2], palette)
            if inner:
                out.append(node[1] + "{" + inner + "}")
        elif node[1].startswith("@"):  # @keyframes, @font-face …: kept as they are
            out.append(node[1] + node[2])
        else:
            kept = [s for s in _split_top(node[1]) if selector_possible(s, palette)]
            if kept:
                out.append(",".join(kept) + node[2])
    return "".join(out)


def reduce_css(css: str, palette: dict[str, str]) -> str:
    """`css` without the rules no page of this site can match."""
    nodes, _ = _parse(css)
    return _emit(nodes, palette)


def _material_file(stem: str) -> Path:
    """The theme's own stylesheet `stem` (main or palette), as installed (mkdocs-material is a dependency)."""
    spec = find_spec("material")
    folder = (
        Path(spec.origin).parent / "templates" / "assets" / "stylesheets" if spec and spec.origin else None
    )
    found = sorted(folder.glob(f"{stem}.*.min.css")) if folder else []
    if len(found) != 1:
        raise RuntimeError(f"Material for MkDocs: expected one {stem}.*.min.css in {folder}, found {found}")
    return found[0]


@cache
def theme_css() -> bytes:
    """Material's main and palette stylesheets, in the order the theme links them, reduced."""
    palette = {"scheme": "default", **PALETTE}
    parts = [reduce_css(_material_file(s).read_text(encoding="utf-8"), palette) for s in ("main", "palette")]
    return "\n".join(parts).encode("utf-8")

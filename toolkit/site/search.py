"""Citizen search: a compact index built from the Project (not from the HTML) and the everyday-name list.

Material's own index segments pages with jieba while the query typed in the browser is segmented
differently, so short everyday words missed (出生 → 出版物…). Here both sides use the same units: the
browser worker (assets/stdkit-search.js) compares the query with each title, everyday name and short
text by whole-string containment and character bigrams, computed on both sides from the same strings.
Pages carry a kind that the worker uses for ranking: a 一件事 before its parts, an item with a complete
guide before a catalogue-level one, the main item before its variants (名称（…）).
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import yaml
from pypinyin import Style, lazy_pinyin

from ..core import guide, urls
from ..core.models import ServiceItem
from ..core.project import Project
from .mkdocs_config import ASSETS

EVERYDAY_NAMES = ASSETS / "everyday-names.yaml"
EVERYDAY_RULES = ASSETS / "everyday-rules.yaml"
INDEX_FILE = "assets/search-index.json"
WORKER_FILE = "assets/stdkit-search.js"
_QUALIFIER = re.compile(r"^(.+?)（[^（）]*）$")
# kinds, in ranking order (the worker gives each a bonus)
BUNDLE, GUIDE, CATALOGUE, VARIANT, OTHER = "b", "i", "p", "v", "o"


@cache
def _everyday(path: Path = EVERYDAY_NAMES) -> dict[str, tuple[str, ...]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict) or not all(
        isinstance(k, str) and isinstance(v, list) and all(isinstance(x, str) and x for x in v)
        for k, v in data.items()
    ):
        raise ValueError(f"{path.name}: expected a mapping of official names to lists of everyday names")
    return {k: tuple(v) for k, v in data.items()}


# Another county's platform names the same service a little differently (最低生活保障 for 最低生活保障审核确认,
# 残疾人证新办 for 残疾人证办理): names are also matched without a trailing note in brackets and action words.
_TRAILING_NOTE = re.compile(r"[（(][^（）()]*[）)]$")
_ACTION_WORDS = re.compile(r"(审核确认|审核|确认|办理|申领|签发|核发|登记|备案|申请|审批|新办)+$")


def _core(name: str) -> str:
    return _ACTION_WORDS.sub("", _TRAILING_NOTE.sub("", name))


@cache
def _everyday_by_core() -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for name, words in _everyday().items():
        out[_core(name)] = out.get(_core(name), ()) + words
    return out


def everyday_names(official_name: str) -> list[str]:
    """What citizens call the service or 一件事 whose page title is `official_name` (the listed name, or
    failing that a listed name that differs only in a trailing note and action words)."""
    listed = _everyday().get(official_name)
    if listed is None:
        listed = _everyday_by_core().get(_core(official_name), ())
    return list(listed)


@cache
def _rules(path: Path = EVERYDAY_RULES) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    keys = ("documents", "lost", "topics", "near-spellings")
    if not isinstance(data, dict) or not all(isinstance(data.get(k), dict) for k in keys):
        raise ValueError(f"{path.name}: expected {', '.join(keys)}")
    return data


def derived_names(official_name: str) -> list[str]:
    """Everyday names that follow from the rules in everyday-rules.yaml (证/本/簿 and the like, "X丢了" for
    an item that replaces a lost X, topic words such as 上学 for 入学), for any county's names."""
    rules = _rules()
    docs = [w for frag, words in rules["documents"].items() if frag in official_name for w in words]
    out = list(docs)
    lost = rules["lost"]
    if any(w in official_name for w in lost["words"]):
        out += [d + e for d in docs for e in lost["everyday"]]
    out += [w for frag, words in rules["topics"].items() if frag in official_name for w in words]
    return list(dict.fromkeys(out))


def _item_kind(project: Project, item: ServiceItem, names: set[str]) -> str:
    m = _QUALIFIER.match(item.name)
    if m and m.group(1) in names:
        return VARIANT
    return GUIDE if guide.complete(project, item) else CATALOGUE


def _item_text(project: Project, item: ServiceItem) -> str:
    parts = [project.department_of(item).short_name, item.type]
    parts += [m.name for m in item.materials]
    return " ".join(dict.fromkeys(parts))


def _page(md: str) -> str:
    """Site location of a docs Markdown file (directory URLs)."""
    return md[: -len("index.md")] if md.endswith("index.md") else md[:-3] + "/"


def entries(project: Project) -> list[list]:
    """[location, title, kind, everyday names, text, derived names] for every searchable page, in a stable
    order (everyday names are shown as 也叫; derived ones are only matched)."""
    names = {i.name for i in project.items.values()}
    out: list[list] = []
    for b in project.bundles.values():
        parts = [project.items[i].name for i in (*b.required, *b.optional) if i in project.items]
        out.append(
            [
                _page(urls.bundle_md(b.id)),
                b.name,
                BUNDLE,
                everyday_names(b.name),
                " ".join([b.summary, *parts]),
                derived_names(b.name),
            ]
        )
    for item in project.items.values():
        out.append(
            [
                _page(urls.item_md(item.id)),
                item.name,
                _item_kind(project, item, names),
                everyday_names(item.name),
                _item_text(project, item),
                derived_names(item.name),
            ]
        )
    for cat in project.lifecycle.catalogues:
        md = "lifecycle/enterprise.md" if cat.kind == "企业" else "lifecycle/citizen.md"
        text = " ".join(e.name for s in cat.stages for e in s.entries)
        out.append([_page(md), f"全生命周期：{cat.kind}", OTHER, [], text, []])
    out.append(
        [
            _page(urls.venue_md(project.centre.id)),
            project.centre.name,
            OTHER,
            [],
            project.centre.address or "",
            [],
        ]
    )
    for tid, t in project.townships.items():
        out.append([_page(urls.venue_md(tid)), t.name, OTHER, [], t.address or "", []])
    return out


def _common_hanzi() -> str:
    """The 3,755 characters of GB 2312 level 1 (the everyday characters a query may be typed in)."""
    chars = []
    for hi in range(0xB0, 0xD8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.append(bytes((hi, lo)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return "".join(chars)


def pinyin_table(docs: list[list]) -> dict[str, str]:
    """Toneless pinyin -> the characters read so, for the everyday characters and every character of the
    pages' titles and names: the worker compares query and page by sound (身分证 ~ 身份证, 低宝 ~ 低保)."""
    seen = set(_common_hanzi())
    for row in docs:
        seen.update("".join([row[1], *row[3], *row[5]]))
    out: dict[str, str] = {}
    for ch in sorted(c for c in seen if "\u4e00" <= c <= "\u9fff"):
        py = lazy_pinyin(ch, style=Style.NORMAL, errors="ignore")
        if py and py[0].isascii() and py[0].isalpha():
            out[py[0]] = out.get(py[0], "") + ch
    return out


def _help(project: Project) -> dict:
    """What the search offers when it finds nothing: the hotline, the centre's phone, life events."""
    lifecycle = [
        {
            "l": _page("lifecycle/enterprise.md" if c.kind == "企业" else "lifecycle/citizen.md"),
            "t": f"{c.kind}办事",
        }
        for c in project.lifecycle.catalogues
    ]
    return {
        "hotline": project.county.hotline,
        "centre": project.centre.name,
        "phone": project.centre.phone or "",
        "browse": [{"l": "bundles/", "t": "一件事一次办"}, *lifecycle],
    }


def index_json(project: Project) -> bytes:
    """The index the worker loads: compact rows, no whitespace (it is downloaded on every first visit)."""
    docs = entries(project)
    data = {
        "v": 2,
        "docs": docs,
        "py": pinyin_table(docs),
        "near": _rules()["near-spellings"],
        "help": _help(project),
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def worker_js() -> bytes:
    return (ASSETS / "stdkit-search.js").read_bytes()

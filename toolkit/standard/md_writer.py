"""The standard as Markdown pages for the website: an index (cover facts and contents) and one page
per element (前言, each chapter, each annex, 参考文献). Only Markdown links and images (mkdocs --strict).
Every text from the folder (standard/*.md, metadata.yaml, data in tables) is escaped: it is literal text.

Anchors are the ids written in the sources ({#county-layout} on headings, an empty span before an
identified provision, table or figure), never clause numbers, so inserting a clause retargets nothing;
every cross-reference is a link to its target's anchor with the computed label ("5.2") as its text."""

from __future__ import annotations

from pathlib import Path

from ..core.escape import md
from .labels import DASH, DOT, GAP
from .metadata import Metadata
from .model import Block, Clause, Item, Part, Standard, plain, segments


def page_name(part: Part) -> str:
    return Path(part.file).stem + ".md"


def heading(part: Part) -> str:
    if part.kind == "chapter":
        return f"{part.clause.number}{GAP}{md(part.title)}"
    if part.kind == "annex":
        return f"{part.label}{md(part.nature)}{GAP}{md(part.title)}"
    return md(part.title)


def _anchor(ident: str | None) -> str:
    """An empty element carrying a source id (ids are [a-z0-9-], safe in HTML)."""
    return f'<span id="{ident}"></span>' if ident else ""


def _attr(ident: str | None) -> str:
    return f" {{#{ident}}}" if ident else ""


def _links(text: str, anchors: dict) -> str:
    """Escaped text with its cross-references as links to their targets' source-id anchors (label as text)."""
    out = []
    for chunk, ref in segments(text):
        out.append(md(chunk) if ref is None else f"[{md(chunk)}]({anchors[ref].page}.md#{ref})")
    return "".join(out)


def _cell(text: str, anchors: dict) -> str:
    return _links(text, anchors) or " "


def _caption(b: Block, anchors: dict) -> str:
    """ "表1　标题" / "图A.1　标题", bold, after the block's anchor."""
    return f"{_anchor(b.id)}**{b.number}{GAP}{_links(b.text, anchors)}**"


def _table(b: Block, anchors: dict) -> list[str]:
    out = [_caption(b, anchors), ""]
    out.append("| " + " | ".join(_cell(c, anchors) for c in b.rows[0]) + " |")
    out.append("|" + "---|" * len(b.rows[0]))
    out += ["| " + " | ".join(_cell(c, anchors) for c in r) + " |" for r in b.rows[1:]]
    return out + [""]


def _item(item: Item, text: str) -> str:
    """A list entry: "——" / "·" entries as a Markdown list (nested for "·"); others (参考文献 "[1]　",
    规范性引用文件 without a mark) as lines ending in a hard line break."""
    if item.mark in (DASH, DOT):
        return ("    " if item.mark == DOT else "") + f"- {text}"
    return f"{md(item.mark)}{text}  "


def _list(b: Block, anchors: dict) -> list[str]:
    """A paragraph and its list; the block's anchor before the first text printed."""
    out, mark = [], _anchor(b.id)
    if b.text:
        out += [mark + _links(b.text, anchors), ""]
        mark = ""
    for item in b.items:
        out.append(_item(item, mark + _links(item.text, anchors)))
        mark = ""
    return out + ([""] if b.items else [])


def _blocks(clause: Clause, images: dict[str, str], anchors: dict, skip_first: bool = False) -> list[str]:
    out: list[str] = []
    for b in clause.blocks[1:] if skip_first else clause.blocks:
        if b.kind in ("para", "listonly"):
            out += _list(b, anchors)
        elif b.kind in ("note", "example"):
            out += [f"> {md(b.label)}{_links(b.text, anchors)}", ""]
        elif b.kind == "table":
            out += _table(b, anchors)
        elif b.kind == "figure":
            if b.source in images:
                out += [f"![{b.number}{GAP}{md(plain(b.text))}]({images[b.source]})", ""]
            out += [_caption(b, anchors), ""]
    return out


def _clauses(part: Part, clause: Clause, images: dict[str, str], anchors: dict) -> list[str]:
    out: list[str] = []
    for c in clause.children:
        hashes = "#" * min(c.depth, 6)
        if part.role == "terms":
            english = f"{GAP}*{md(c.english)}*" if c.english else ""
            out += [f"{hashes} {c.number}{GAP}{md(c.title)}{english}{_attr(c.id)}", ""]
            out += [f"**{md(other)}**" for other in c.admitted] + ([""] if c.admitted else [])
        elif c.title:
            out += [f"{hashes} {c.number}{GAP}{md(c.title)}{_attr(c.id)}", ""]
        else:
            first = c.blocks[0] if c.runs_in else None
            text = (_anchor(first.id) + _links(first.text, anchors)) if first else ""
            out += [f"{_anchor(c.id)}**{c.number}**{GAP}{text}", ""]
        out += _blocks(c, images, anchors, skip_first=c.runs_in)
        out += _clauses(part, c, images, anchors)
    return out


def pages(std: Standard, meta: Metadata, images: dict[str, str], downloads: dict[str, str]) -> dict[str, str]:
    """file name -> Markdown text. `images`: flow id -> relative image path; `downloads`: label -> relative link."""
    out: dict[str, str] = {}
    for part in std.parts:
        lines = [f"# {heading(part)}{_attr(part.clause.id)}", ""]
        lines += _blocks(part.clause, images, std.anchors)
        lines += _clauses(part, part.clause, images, std.anchors)
        out[page_name(part)] = "\n".join(lines).rstrip() + "\n"
    stage = f"（{md(meta.stage_label)}）" if meta.stage_label else ""
    idx = [
        f"# {md(meta.title)}{stage}",
        "",
        f"**{md(meta.number)}**　{md(meta.english_title)}",
        "",
        "| 项目 | 内容 |",
        "|---|---|",
        f"| 标准编号 | {md(meta.number)} |",
        f"| ICS / CCS | {md(meta.ics)} / {md(meta.ccs)} |",
        f"| 编制阶段 | {md(meta.stage)} |",
        *([f"| 本稿完成日期 | {md(meta.draft_date)} |"] if meta.stage_label else []),
        f"| 发布日期 / 实施日期 | {md(meta.issue_date)} / {md(meta.implement_date)} |",
        f"| 发布机构 | {md(meta.issuer)} |",
        f"| 起草单位 | {md('、'.join(meta.drafting_units))} |",
        f"| 条款 | {len(std.requirements)} 条有编号的条款 |",
        "",
    ]
    if meta.is_draft:
        idx += ["在提交反馈意见时，请将您知道的相关专利连同支持性文件一并附上。", ""]
    if downloads:
        idx += ["## 下载", ""] + [f"- [{md(label)}]({href})" for label, href in downloads.items()] + [""]
    idx += ["## 目次", ""] + [f"- [{heading(p)}]({page_name(p)})" for p in std.parts] + [""]
    out["index.md"] = "\n".join(idx)
    return out

"""mkdocs hook of every site build: pages stay out of Material's own (jieba) search index, which the
browser never queries — the citizen search worker loads the index written by toolkit/site/search.py."""

from __future__ import annotations


def on_page_markdown(markdown, page, **kwargs):
    page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
    return markdown

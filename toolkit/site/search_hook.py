"""mkdocs hook of every site build: pages stay out of Material's own (jieba) search index, which the
browser never queries — the citizen search worker loads the index written by toolkit/site/search.py; and
every page carries the build's date (config `extra.stdkit_date`), not the clock's, so that the sitemap is
the same in two builds without setting SOURCE_DATE_EPOCH in the environment."""

from __future__ import annotations


def on_nav(nav, config, files, **kwargs):
    # every page, also those a dirty build does not re-render: the sitemap lists them all
    for file in files.documentation_pages():
        if file.page is not None:
            file.page.update_date = config["extra"]["stdkit_date"]
    return nav


def on_page_markdown(markdown, page, **kwargs):
    page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
    return markdown

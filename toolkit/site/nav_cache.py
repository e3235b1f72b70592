"""Material's navigation menu rendered once for all pages that see the same menu (toolkit/site/plugin.py, on_env).

Material renders the whole menu (partials/nav.html) into every page; a fifth of a full build. What the
menu shows depends on the build (navigation, configuration, language) and on the page in two ways only:
which menu entry is the page or contains it (then it is marked and shows the page's table of contents),
and the page's address (links are relative to it: `url` filter, mkdocs `get_relative_url`). A page that is
not in the menu marks nothing, and its relative links depend only on its folder, unless a menu entry lies
inside the page's own folder. Such pages (the item pages: 9 in 10 of the site) share one rendering per
folder; every other page renders its own menu as before.
"""

from __future__ import annotations

import posixpath

TEMPLATE = "partials/nav.html"


def share(env, nav) -> dict[str, str]:
    """When the theme is loaded (on_env): the menu template of this build renders once per folder of pages not in the menu
    (see above); returns those renderings (page folder -> HTML), filled as the pages are built."""
    template = env.get_template(TEMPLATE)  # kept in the environment's cache: includes get this object
    render = template.root_render_func
    in_menu = {p.file.src_uri for p in nav.pages}
    urls = [p.url for p in nav.pages]
    rendered: dict[str, str] = {}

    def shared(context):
        page = context.get("page")
        if page is None or context.get("nav") is not nav or page.file.src_uri in in_menu:
            yield from render(context)
            return
        if not page.url or any(u.startswith(page.url) for u in urls):
            yield from render(context)
            return
        folder = posixpath.dirname(page.url.rstrip("/"))
        if folder not in rendered:
            rendered[folder] = "".join(render(context))
        yield rendered[folder]

    template.root_render_func = shared
    return rendered

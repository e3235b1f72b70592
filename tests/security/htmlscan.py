"""Static scan of a built site: every tag of every HTML/SVG file, for event-handler attributes and links
with a script scheme — the same outcome the browser tests check on load, but over all pages at once."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

SCRIPT_SCHEMES = ("javascript:", "vbscript:", "data:text/html")
LINK_ATTRS = ("href", "src", "action", "formaction", "xlink:href")


class _Scan(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            low = name.lower()
            text = (value or "").strip().lower().replace("\t", "").replace("\n", "")
            if low.startswith("on") or (low in LINK_ATTRS and text.startswith(SCRIPT_SCHEMES)):
                self.found.append(f"<{tag} {name}={value!r}>")
            if low == "autofocus":
                self.found.append(f"<{tag} autofocus>")


def unsafe_tags(site: Path) -> dict[str, list[str]]:
    """page → the unsafe tags found in it (empty when the site is clean)."""
    out: dict[str, list[str]] = {}
    for path in sorted(site.rglob("*")):
        if path.suffix not in (".html", ".svg") or not path.is_file():
            continue
        scan = _Scan()
        scan.feed(path.read_text(encoding="utf-8", errors="replace"))
        if scan.found:
            out[path.relative_to(site).as_posix()] = scan.found
    return out

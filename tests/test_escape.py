"""escape.md: a data value reaches a page as exactly the text it is — no Markdown meaning and no stray
backslash — even where it starts a line (a department or item name starting with "=" or "+" from an
imported spreadsheet); unmd gives the value back for DOCX."""

from __future__ import annotations

import html
import re

import markdown
import pytest

from toolkit.core.escape import md, unmd

VALUES = ['=HYPERLINK("http://x","点我")', "===", "+1+2", "-x", "1. 第一", "@SUM(A1)", "a | b", "*粗* _x_"]


@pytest.mark.parametrize("value", VALUES)
def test_a_value_renders_as_its_own_text(value):
    for source in (md(value), f"上一行\n{md(value)}", f"[{md(value)}](x/)"):
        out = markdown.markdown(source, extensions=["tables", "attr_list", "admonition"])
        assert out.startswith("<p>") and "<h" not in out and "<li>" not in out, out
        text = html.unescape(re.sub(r"<[^>]+>", "", out))
        assert text.endswith(value), (value, out)
    assert unmd(md(value)) == value

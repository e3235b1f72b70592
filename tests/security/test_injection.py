"""Script injection from a county folder (issue points 1–3): the sandbox refuses code in the standard's
expressions; payloads in data reach pages only as text (static scan of every page + real Chromium: no
dialog, no javascript: link, no navigation); unsafe mkdocs.yml settings are refused with their line."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from buildrun import stdkit
from htmlscan import unsafe_tags
from poison import ATTR, LINK_MD, copy_county, poison
from sitehelp import serve


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*stdkit(), *args], capture_output=True, text=True, timeout=600, cwd=cwd, check=False
    )


@pytest.fixture(scope="module")
def poisoned_site(small_county, tmp_path_factory):
    """The poisoned county, validated and built once for this module."""
    from toolkit.build import build

    county = copy_county(small_county, tmp_path_factory.mktemp("poison") / "county")
    where = poison(county)
    result = build(county, county.parent / "out", pdf=False)
    return county, result.out, where


# --- 1. code execution through the standard's expressions ---------------------------------------------------
PAYLOADS = [
    '{{ self.__init__.__globals__.__builtins__.__import__("os").system("touch PWNED") }}',
    "{{ cycler.__init__.__globals__.os.system('touch PWNED') }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ counts.__class__.__init__ }}",
    "{{ 9 ** 999999999 }}",
    "{{ ((((10 ** 60) ** 60) ** 60) ** 60) }}",
    "{{ 'x' * 1000000000 }}",
    "{{ 1 / 0 }}",
]


def test_standard_expressions_are_sandboxed(small_county, tmp_path):
    """Each payload on its own line of a chapter: validate and lint report every line, run nothing."""
    county = copy_county(small_county, tmp_path / "county")
    chapter = county / "standard/04-general.md"
    text = chapter.read_text(encoding="utf-8")
    first = len(text.splitlines()) + 2
    chapter.write_text(text + "\n" + "\n\n".join(PAYLOADS) + "\n", encoding="utf-8")
    for command in ("validate", "lint"):
        proc = run(command, str(county), cwd=tmp_path)
        out = proc.stdout + proc.stderr
        assert proc.returncode == 1 and "Traceback" not in out, (command, out)
        for k in range(len(PAYLOADS)):
            assert f"standard/04-general.md:{first + 2 * k}:" in out, (command, k, out)
    assert not (tmp_path / "PWNED").exists() and not (county / "PWNED").exists()


@pytest.mark.slow  # a full build
def test_explanation_template_is_sandboxed(small_county, tmp_path):
    county = copy_county(small_county, tmp_path / "county")
    expl = county / "standard/explanation.md"
    expl.write_text(
        expl.read_text(encoding="utf-8") + "\n{{ std.__class__.__init__.__globals__ }}\n", encoding="utf-8"
    )
    proc = run("build", str(county), "--out", str(tmp_path / "out"), "--no-pdf", cwd=tmp_path)
    assert proc.returncode == 1 and "standard/explanation.md:" in proc.stdout + proc.stderr
    assert not (tmp_path / "out").exists()


# --- 2. and 3. payloads in data are inert on every page -------------------------------------------------------
def test_every_page_is_free_of_handlers_and_script_links(poisoned_site):
    _, site, where = poisoned_site
    assert unsafe_tags(site) == {}
    # the payloads are there, as text
    standard = "".join(p.read_text(encoding="utf-8") for p in (site / "standard").rglob("index.html"))
    assert "[x](javascript:alert(2))" in standard and "{ tabindex=0 autofocus onfocus=alert(1) }" in standard
    item = (site / f"items/{where['items'][0]}/index.html").read_text(encoding="utf-8")
    assert "[x](javascript:alert(2))" in item


def test_pages_in_chromium_raise_no_dialog_and_never_leave(poisoned_site, browser):
    _, site, where = poisoned_site
    standard = sorted(
        p.parent.relative_to(site).as_posix() + "/" for p in (site / "standard").glob("*/index.html")
    )
    paths = [
        "",
        *standard,
        "downloads/explanation/",
        "venues/" + where["township"] + "/",
        "bundles/" + where["bundle"] + "/",
        "items/" + where["items"][0] + "/",
        "items/" + where["items"][1] + "/",
        "dashboard/",
        "conformance/report/",
    ]
    with serve(site) as base:
        page = browser.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        for path in paths:
            page.goto(base + path, wait_until="load")
            page.keyboard.press("Tab")  # move focus: an injected onfocus would fire now
            assert page.url == base + path
            bad = page.evaluate(
                """() => [...document.querySelectorAll('*')].flatMap(e => [...e.attributes]
                    .filter(a => a.name.startsWith('on') || a.name === 'autofocus'
                         || /^\\s*javascript:/i.test(a.value)).map(a => e.tagName + ' ' + a.name))"""
            )
            assert bad == [], (path, bad)
        assert dialogs == []
        page.close()


def test_site_name_from_county_name_stays_inside_its_attribute(poisoned_site):
    _, site, _ = poisoned_site
    html = (site / "index.html").read_text(encoding="utf-8")
    assert ATTR not in html and 'aria-label="X&#34; autofocus' in html


# --- the county's mkdocs.yml ---------------------------------------------------------------------------------
SETTINGS = [
    ("extra:\n  analytics:\n    provider: google\n    property: G-XXXX", "extra"),
    ("copyright: <script>alert(1)</script>", "copyright"),
    ("repo_url: javascript:alert(1)", "repo_url"),
    (f"site_name: '{ATTR}'", "site_name"),
    ("site_url: javascript:alert(1)//", "site_url"),
    ("extra_javascript: [https://evil.example/x.js]", "extra_javascript"),
    ("hooks: [evil.py]", "hooks"),
    (f"site_description: '{LINK_MD}'", "site_description"),
]


def test_unsafe_mkdocs_settings_are_refused_with_their_line(small_county, tmp_path):
    county = copy_county(small_county, tmp_path / "county")
    lines, expected = ["site_author: 示例县"], []
    for text, key in SETTINGS:
        expected.append((f"mkdocs.yml:{len(lines) + 1}:", key))
        lines += text.splitlines()
    (county / "mkdocs.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    proc = run("build", str(county), "--out", str(tmp_path / "out"), "--no-pdf", cwd=tmp_path)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1 and "Traceback" not in out, out
    for where, key in expected:
        assert any(where in line and key in line for line in out.splitlines()), (where, key, out)
    assert not (tmp_path / "out").exists()

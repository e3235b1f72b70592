"""Compiled Jinja templates kept between builds (toolkit/core/bytecode.py): reused, never stale, never shared
between environments whose options compile the same file differently."""

from __future__ import annotations

import pytest
from jinja2 import Environment, FileSystemLoader

from toolkit.core import bytecode
from toolkit.site import text


def _env(folder, **options) -> Environment:
    return bytecode.attach(Environment(loader=FileSystemLoader(folder), **options), "test")


def _refuse_compiling(env: Environment, monkeypatch) -> None:
    def compile_(*args, **kwargs):
        raise AssertionError("compiled again although the compiled code was kept")

    monkeypatch.setattr(env, "compile", compile_)


def test_a_template_is_compiled_once_and_again_when_edited(tmp_path, monkeypatch):
    (tmp_path / "page.txt").write_text("{{ x }}!", encoding="utf-8")
    assert _env(tmp_path).get_template("page.txt").render(x=1) == "1!"
    later = _env(tmp_path)  # the next build: a new process, a new environment
    _refuse_compiling(later, monkeypatch)
    assert later.get_template("page.txt").render(x=2) == "2!"
    (tmp_path / "page.txt").write_text("{{ x }}?", encoding="utf-8")
    assert _env(tmp_path).get_template("page.txt").render(x=3) == "3?"


def test_environments_with_other_options_keep_their_own_compiled_code(tmp_path):
    (tmp_path / "page.html").write_text("{{ x }}\n", encoding="utf-8")
    for _ in range(2):  # the second round reads what the first kept
        assert _env(tmp_path, autoescape=True).get_template("page.html").render(x="<b>") == "&lt;b&gt;"
        assert _env(tmp_path).get_template("page.html").render(x="<b>") == "<b>"
        kept = _env(tmp_path, keep_trailing_newline=True).get_template("page.html")
        assert kept.render(x="a") == "a\n"


def test_only_the_toolkits_own_templates_are_compiled_and_kept(tmp_path):
    with pytest.raises(ValueError):
        text.markdown_env(tmp_path)

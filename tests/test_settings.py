"""One settings object (toolkit/core/settings.py): every environment variable parsed in one place, with one rule
for "off"; a caller can pass its own; a build takes its moment from it and writes nothing into os.environ."""

from __future__ import annotations

import dataclasses
import gzip
import importlib
import os
import re
import shutil
from pathlib import Path

import pytest

from toolkit.core.settings import Settings, current, use


def test_variables_are_parsed_in_one_place_with_one_rule_for_off(tmp_path):
    s = Settings.from_env({"HOME": str(tmp_path)})
    assert s == Settings(cache_dir=Path.home() / ".cache" / "stdkit")
    for off in ("0", "off", "No", "false", ""):
        env = {"STDKIT_PDF": off, "STDKIT_PARALLEL": off, "STDKIT_CACHE": off, "STDKIT_DEBUG": off}
        s = Settings.from_env(env)
        assert (s.pdf, s.parallel, s.parse_cache, s.debug) == (False, False, False, False), off
    s = Settings.from_env(
        {
            "STDKIT_DEBUG": "1",
            "XDG_CACHE_HOME": str(tmp_path / "xdg"),
            "STDKIT_CACHE_KEY_DIR": str(tmp_path / "keys"),
            "STDKIT_CHROMIUM": "/opt/chromium",
            "SOURCE_DATE_EPOCH": "1700000000",
        }
    )
    assert s.debug and s.cache_dir == tmp_path / "xdg" / "stdkit" and s.cache_key_dir == tmp_path / "keys"
    assert s.chromium == "/opt/chromium" and s.epoch == 1700000000
    assert Settings.from_env({"STDKIT_CACHE_DIR": "/c", "XDG_CACHE_HOME": "/x"}).cache_dir == Path("/c")
    assert Settings.from_env({"SOURCE_DATE_EPOCH": "yesterday"}).epoch is None  # not a moment: ignored


def test_a_caller_passes_its_own_settings(tmp_path):
    from toolkit.core.cachedir import project_cache
    from toolkit.site.posters import pdf_on

    mine = Settings(cache_dir=tmp_path / "c", pdf=False)
    with use(mine):
        assert current() is mine
        assert project_cache(tmp_path, "site").is_relative_to(tmp_path / "c")
        assert not pdf_on()  # PDFs off, whatever the environment says
    assert current() != mine


@pytest.mark.slow
def test_the_build_moment_comes_from_the_settings_not_the_environment(small_county, tmp_path, monkeypatch):
    from toolkit.build import build

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    county = tmp_path / "county"
    shutil.copytree(small_county, county)
    importlib.import_module("material.templates")  # mkdocs-material sets NO_MKDOCS_2_WARNING on import
    before = dict(os.environ)
    with use(dataclasses.replace(Settings.from_env(), epoch=1700000000)):
        build(county, tmp_path / "out", pdf=False)
    assert dict(os.environ) == before  # nothing written into the environment
    sitemap = (tmp_path / "out" / "sitemap.xml").read_text(encoding="utf-8")
    dates = set(re.findall(r"<lastmod>([^<]+)</lastmod>", sitemap))
    assert dates == {"2023-11-14"}
    with gzip.open(tmp_path / "out" / "sitemap.xml.gz") as gz:
        assert gz.read().decode() == sitemap
    assert (tmp_path / "out" / "sitemap.xml.gz").read_bytes()[4:8] == (1699920000).to_bytes(4, "little")
    build(county, tmp_path / "out2", pdf=False)  # no epoch anywhere: the fixed default, still no clock
    assert set(
        re.findall(r"<lastmod>([^<]+)</lastmod>", (tmp_path / "out2" / "sitemap.xml").read_text())
    ) == {"2024-01-01"}

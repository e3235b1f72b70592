"""Shared fixtures: the repository root, the bundled data, and small generated county folders."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# A machine that sets PYTHONDONTWRITEBYTECODE makes every test process and every `stdkit` subprocess compile its
# modules (and pytest rewrite each test module) from source again: let this run keep its bytecode, git-ignored.
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
sys.dont_write_bytecode = False

# sitehelp: the website tests' shared fixtures (one site build per session); cpu_budget: a test not marked
# slow that uses more than 10 CPU seconds fails the run (tests/cpu_budget.py); pytester: its own test.
pytest_plugins = ["sitehelp", "cpu_budget", "pytester"]

# Fixtures that build a whole site or start Chromium: every test using one is `slow` (see pyproject.toml).
# Tests that run such work themselves (a full build, LibreOffice) carry @pytest.mark.slow, and so does any
# test over the CPU budget: a test not marked slow that uses over 10 CPU seconds fails the run (cpu_budget.py).
# jianshi_site builds the bundled county; papers converts Word files with LibreOffice.
SLOW_FIXTURES = frozenset({"site_build", "site_server", "browser", "poisoned_site", "jianshi_site", "papers"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if SLOW_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session", autouse=True)
def isolated_cache(tmp_path_factory) -> Path:
    """Caches go to the user's cache folder; tests use a private one (subprocesses inherit it)."""
    path = tmp_path_factory.mktemp("stdkit-cache")
    os.environ["STDKIT_CACHE_DIR"] = str(path)
    return path


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def small_county(tmp_path_factory) -> Path:
    """A complete, valid generated county (60 items, 20 villages) — read-only; copy it to modify."""
    from toolkit.demo import generate

    out = tmp_path_factory.mktemp("small") / "county"
    generate(out, items=60, villages=20, township_items=20, village_items=8)
    return out


@pytest.fixture
def county_copy(small_county, tmp_path) -> Path:
    dst = tmp_path / "county"
    shutil.copytree(small_county, dst)
    return dst

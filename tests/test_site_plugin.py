"""The toolkit's mkdocs plugin (toolkit/site/plugin.py): a generated configuration names it with its typed
options, a build uses the instance it is given (its state is that instance's, not the module's), the
pages carry the build's date and stay out of Material's search index, and a wrong option fails the build
in Chinese. The entry point declared in pyproject.toml names the same class."""

from __future__ import annotations

import json
import tomllib
from importlib.metadata import EntryPoint
from pathlib import Path

import pytest
import yaml

from toolkit.core.errors import StdkitError
from toolkit.site.mkdocs_config import PLUGIN, build_date, run_build, site_config, write_config
from toolkit.site.plugin import StdkitPlugin

ROOT = Path(__file__).resolve().parent.parent
PAGES = {"index.md": "# 首页\n\n[事项](items/a.md)\n", "items/a.md": "# 事项甲\n"}


def _config(tmp_path: Path, name: str) -> Path:
    docs = tmp_path / "docs"
    for rel, text in PAGES.items():
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_text(text, encoding="utf-8")
    cfg = site_config(
        {"site_url": "https://zw.example.gov.cn/"},  # the sitemap lists pages by their address
        docs_dir=docs,
        site_dir=tmp_path / name,
        nav=[{"首页": "index.md"}],
        not_in_nav=["items/*"],
        county_name="示例县",
    )
    return write_config(cfg, tmp_path / f"{name}.yml")


def test_a_generated_configuration_names_the_plugin_after_search_and_no_hooks(tmp_path):
    cfg = yaml.safe_load(_config(tmp_path, "site").read_text(encoding="utf-8"))
    assert cfg["plugins"] == [{"search": {"lang": "zh"}}, {PLUGIN: {"date": build_date(None)}}]
    assert "hooks" not in cfg and "extra" not in cfg
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    value = declared["project"]["entry-points"]["mkdocs.plugins"][PLUGIN]
    assert EntryPoint(PLUGIN, value, "mkdocs.plugins").load() is StdkitPlugin


def test_each_build_keeps_its_own_objects_on_its_plugin(tmp_path):
    first, second = StdkitPlugin(), StdkitPlugin()
    run_build(_config(tmp_path, "one"), tmp_path / "cache", first)
    run_build(_config(tmp_path, "two"), tmp_path / "cache", second)
    assert first.built is not None and second.built is not None
    assert first.built.config["site_dir"] == str(tmp_path / "one")
    assert second.built.config["site_dir"] == str(tmp_path / "two")
    assert [p.file.src_uri for p in first.built.nav.pages] == ["index.md"]
    assert first.built.files.get_file_from_path("items/a.md").page.update_date == build_date(None)
    sitemap = (tmp_path / "one" / "sitemap.xml").read_text(encoding="utf-8")
    assert sitemap.count(f"<lastmod>{build_date(None)}</lastmod>") == len(PAGES)
    index = json.loads((tmp_path / "one" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["docs"] == []  # the citizen search has its own index (toolkit/site/search.py)


def test_a_wrong_plugin_option_fails_the_build_in_chinese(tmp_path):
    config = _config(tmp_path, "site")
    cfg = yaml.safe_load(config.read_text(encoding="utf-8"))
    cfg["plugins"][1] = {PLUGIN: {"day": "2024-01-01"}}
    write_config(cfg, config)
    with pytest.raises(StdkitError) as err:
        run_build(config, tmp_path / "cache", StdkitPlugin())
    assert "网站生成失败" in str(err.value) and "date" in str(err.value)

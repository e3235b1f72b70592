"""`stdkit serve`: the preview's mkdocs config carries the county folder and address to the pre-build
hook, which regenerates the docs from the edited YAML; nothing is written into the environment."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from mkdocs.config import load_config

from toolkit.site import serve, serve_hook


def _ours() -> dict[str, str]:
    """The environment variables the toolkit reads (mkdocs itself sets NO_MKDOCS_2_WARNING on import)."""
    return {k: v for k, v in os.environ.items() if k.startswith("STDKIT_") or k == "SOURCE_DATE_EPOCH"}


@pytest.mark.slow  # generates the docs twice
def test_hook_regenerates_from_the_config_without_touching_the_environment(county_copy):
    environ = _ours()
    root = county_copy.resolve()
    config_file = serve.serve_config(root, "127.0.0.1:8123")
    cfg = load_config(config_file=str(config_file))
    assert cfg["extra"][serve.EXTRA] == {"root": str(root), "addr": "127.0.0.1:8123"}

    path = root / "items/services/scjgj/scjgj-0001.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("\nname: ", "\nname: 预览改名", 1), "utf-8")
    serve_hook.on_pre_build(cfg)
    assert "预览改名" in (Path(cfg["docs_dir"]) / "items/scjgj-0001.md").read_text(encoding="utf-8")
    assert _ours() == environ


def test_preview_without_a_site_url_uses_its_own_address(county_copy):
    (county_copy / "mkdocs.yml").unlink(missing_ok=True)
    assert serve.preview_settings(county_copy, "127.0.0.1:8123")["site_url"] == "http://127.0.0.1:8123/"

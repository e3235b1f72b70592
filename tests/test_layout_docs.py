"""README's "代码结构" section and the package agree: every folder it lists exists and holds a package, every
package of the toolkit is listed, and the layers it names are the layers of the contract in pyproject.toml."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def readme_tree() -> list[str]:
    """The folders listed in the code block under 代码结构 (e.g. "core", "build")."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("### 代码结构", 1)[1].split("```", 2)[1]
    return re.findall(r"^  ([a-z_]+)/", section, flags=re.MULTILINE)


def test_every_listed_folder_is_a_package_and_every_package_is_listed():
    listed = readme_tree()
    packages = sorted(
        p.parent.name for p in (ROOT / "toolkit").glob("*/__init__.py") if p.parent.name != "templates"
    )
    assert sorted(listed) == packages


def test_the_readme_names_the_layers_of_the_contract_in_their_order():
    contract = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    layers = next(c for c in contract["contracts"] if c["type"] == "layers")["layers"]
    flat = [name.strip().removeprefix("toolkit.") for layer in layers for name in layer.split("|")]
    assert sorted(flat) == sorted(readme_tree())
    listed = readme_tree()
    top, bottom = [lay.strip().removeprefix("toolkit.") for lay in (layers[0], layers[-1])]
    assert listed[0] == top and listed[-1] == bottom  # cli first, core last, as the contract orders them

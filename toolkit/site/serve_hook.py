"""mkdocs hook used by `stdkit serve`: before each rebuild, regenerate the docs from the county's YAML
(the county folder and the preview address come from the config's `extra`, see serve.py)."""

from __future__ import annotations

import sys
from pathlib import Path

from toolkit.errors import StdkitError
from toolkit.site.serve import EXTRA, regenerate


def on_pre_build(config, **kwargs):
    ours = (config["extra"] or {}).get(EXTRA)
    if not ours:
        return
    try:
        regenerate(Path(ours["root"]), ours["addr"])
    except StdkitError as err:
        print(str(err) + "\n（页面保持上次成功生成的内容）", file=sys.stderr)

"""mkdocs hook used by `stdkit serve`: before each rebuild, regenerate the docs from the county's YAML."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from toolkit.errors import StdkitError
from toolkit.site.serve import ENV_ROOT, regenerate


def on_pre_build(config, **kwargs):
    root = os.environ.get(ENV_ROOT)
    if not root:
        return
    try:
        regenerate(Path(root))
    except StdkitError as err:
        print(str(err) + "\n（页面保持上次成功生成的内容）", file=sys.stderr)

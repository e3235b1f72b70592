"""The `stdkit` command line: parses arguments and calls the library. Nothing imports this package.

Each command lives in its own module and registers itself on `app`.
"""

from __future__ import annotations

from . import _app
from . import build as _build  # noqa: F401  (registers its commands)
from . import check as _check  # noqa: F401  (registers its commands)
from . import comments as _comments  # noqa: F401  (registers its commands)
from . import demo as _demo  # noqa: F401  (registers its commands)
from . import diff as _diff  # noqa: F401  (registers its commands)
from . import importer as _importer  # noqa: F401  (registers its commands)
from . import init as _init  # noqa: F401  (registers its commands)
from . import keys as _keys  # noqa: F401  (registers its commands)
from . import lint as _lint  # noqa: F401  (registers its commands)
from . import package as _package  # noqa: F401  (registers its commands)
from . import province as _province  # noqa: F401  (registers its commands)
from . import schemas as _schemas  # noqa: F401  (registers its commands)
from . import stage as _stage  # noqa: F401  (registers its commands)
from . import stats as _stats  # noqa: F401  (registers its commands)

# Importing registers the commands (one module per command group).
from . import validate as _validate  # noqa: F401  (registers its commands)
from ._app import app


def main() -> None:
    _app.run()


__all__ = ["app", "main"]

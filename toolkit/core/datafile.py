"""Writing one county data file the way every generator does (import, the Jianshi catalogue, calibration,
demo data): the yaml-language-server schema line, one comment line, then the YAML written by the emitter
(never by string formatting; keys in the given order) and checked to read back as the same data."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from .layout import KIND_BY_NAME, schema_ref


def _comment(text: str) -> str:
    """A comment line's text: no line break of any kind (one would start a YAML key)."""
    return re.sub(r"[\x00-\x1f\x7f\x85\u2028\u2029]+", " ", text)


def render(kind: str, comment: str, data: dict) -> bytes:
    """The file's bytes; an emitter that would not read back the same data is a programming error."""
    ref = schema_ref(KIND_BY_NAME[kind])
    body = yaml.dump(
        data,
        Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper),
        allow_unicode=True,
        sort_keys=False,
        width=200,
    )
    text = f"# yaml-language-server: $schema={ref}\n# {_comment(comment)}\n{body}"
    if yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) != data:
        raise AssertionError(f"YAML emitter did not round-trip {kind}")
    return text.encode("utf-8")


def write(path: Path, kind: str, comment: str, data: dict) -> None:
    """Write one data file (its folder created); for generators writing a whole folder afresh."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(render(kind, comment, data))


__all__ = ["render", "write"]

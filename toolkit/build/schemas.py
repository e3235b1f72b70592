"""JSON Schemas (draft 2020-12) generated from the models, one per kind of YAML file (committed in schemas/)."""

from __future__ import annotations

import json
from pathlib import Path

from ..core.layout import DRAFTING_KINDS, KINDS, Kind

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def schema_for(kind: Kind) -> dict:
    schema = kind.model.model_json_schema(mode="validation")
    out = {"$schema": DIALECT, "$id": f"{kind.name}.schema.json", "title": kind.title}
    out.update({k: v for k, v in schema.items() if k != "title"})
    out["x-stdkit-files"] = kind.pattern
    return out


def render(kind: Kind) -> str:
    return json.dumps(schema_for(kind), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def rendered() -> dict[str, str]:
    """Every committed schema by file name: one per kind of YAML file, and the conformance report's."""
    from ..conformance.document import SCHEMA_NAME
    from ..conformance.document import schema as report_schema

    out = {f"{k.name}.schema.json": render(k) for k in KINDS + DRAFTING_KINDS}
    out[SCHEMA_NAME] = json.dumps(report_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    return out


def write_all(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in rendered().items():
        path = folder / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def stale(folder: Path) -> list[str]:
    """Names of schema files that differ from what the models generate (or are missing / extra)."""
    out = []
    expected = rendered()
    for name, text in expected.items():
        path = folder / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            out.append(name)
    for path in folder.glob("*.schema.json"):
        if path.name not in expected:
            out.append(path.name)
    return sorted(out)

"""The JSON Schema (draft 2020-12) of one kind of YAML file, generated from its model."""

from __future__ import annotations

import json

from .layout import Kind

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def schema_for(kind: Kind) -> dict:
    schema = kind.model.model_json_schema(mode="validation")
    out = {"$schema": DIALECT, "$id": f"{kind.name}.schema.json", "title": kind.title}
    out.update({k: v for k, v in schema.items() if k != "title"})
    out["x-stdkit-files"] = kind.pattern
    return out


def render(kind: Kind) -> str:
    return json.dumps(schema_for(kind), ensure_ascii=False, indent=2, sort_keys=True) + "\n"

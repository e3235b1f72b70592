"""Committed JSON Schemas match the models, and pydantic and jsonschema judge fixture files alike."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator
from pydantic import ValidationError

from toolkit.build.schemas import render, stale
from toolkit.core.layout import KIND_BY_NAME, KINDS

ROOT = Path(__file__).resolve().parent.parent


def test_committed_schemas_are_fresh():
    assert stale(ROOT / "schemas") == [], "运行 stdkit schemas 重新生成 schemas/"


def test_schemas_are_valid_2020_12_with_chinese_titles():
    for kind in KINDS:
        schema = json.loads(render(kind))
        Draft202012Validator.check_schema(schema)
        assert schema["$schema"].endswith("2020-12/schema")
        assert any("\u4e00" <= ch <= "\u9fff" for ch in schema["title"])


def _valid_item(small_county) -> dict:
    path = min((small_county / "items/services").glob("*/*.yaml"))
    return yaml.safe_load(path.read_text(encoding="utf-8"))


MUTATIONS = {
    "valid": lambda d: None,
    "missing-name": lambda d: d.pop("name"),
    "unknown-field": lambda d: d.update(materails=[]),
    "bad-enum": lambda d: d.update(type="行政奖惩"),
    "bad-id": lambda d: d.update(id="../x"),
    "fullwidth-code": lambda d: d.update(code=d["code"].replace("0", "０", 1)),
    "html-in-name": lambda d: d.update(name="<script>alert(1)</script>"),
    "string-for-int": lambda d: d.update(visits="1"),
    "bool-for-int": lambda d: d.update(visits=True),
    "negative-limit": lambda d: d.update(legal_limit={"days": -3}),
    "absurd-limit": lambda d: d.update(legal_limit={"days": 100000}),
    "limit-both": lambda d: d.update(legal_limit={"days": 3, "minutes": 20}),
    "limit-none": lambda d: d.update(legal_limit={}),
    "limit-null-days": lambda d: d.update(legal_limit={"days": None}),
    "minutes-only": lambda d: d.update(promised_limit={"minutes": 30}, legal_limit={"days": 1}),
    "material-not-list": lambda d: d.update(materials={"name": "x"}),
    "empty-name": lambda d: d.update(name=""),
    "optional-levels": lambda d: d.update(levels={}),
    "null-optional": lambda d: d.update(implementer=None),
}


@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_pydantic_and_jsonschema_agree(small_county, name):
    kind = KIND_BY_NAME["item"]
    data = copy.deepcopy(_valid_item(small_county))
    MUTATIONS[name](data)
    schema = json.loads((ROOT / "schemas" / "item.schema.json").read_text(encoding="utf-8"))
    by_schema = Draft202012Validator(schema).is_valid(data)
    try:
        kind.model.model_validate(data)
        by_model = True
    except ValidationError:
        by_model = False
    assert by_schema == by_model, f"{name}: jsonschema={by_schema} pydantic={by_model}"
    if name in ("valid", "minutes-only", "optional-levels", "null-optional"):
        assert by_model
    else:
        assert not by_model


def test_every_bundled_kind_validates_with_jsonschema(small_county):
    """Every generated file passes its exported schema, as the editor would see it."""
    for kind in KINDS:
        schema = json.loads((ROOT / "schemas" / f"{kind.name}.schema.json").read_text(encoding="utf-8"))
        validator = Draft202012Validator(schema)
        paths = sorted(small_county.glob(kind.pattern))[:20]
        assert paths, kind.pattern
        for path in paths:
            errors = list(validator.iter_errors(yaml.safe_load(path.read_text(encoding="utf-8"))))
            assert not errors, (path, errors[0].message)

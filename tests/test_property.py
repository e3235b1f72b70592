"""Property-based tests (hypothesis): whatever bytes, text or structure a county types into a file, the
reader, the validator and the loader answer with the project's own error type (StdkitError), never
anything else, and every problem is located."""

from __future__ import annotations

import shutil

import pytest
import yaml
from datawalk import at, paths
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit.core.errors import StdkitError
from toolkit.core.load import load_project
from toolkit.core.models import Flow, ServiceItem
from toolkit.core.validation import validate
from toolkit.core.yamlio import decode, parse_text

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

# YAML-ish alphabet: structure characters, quotes, tags, anchors, whitespace, CJK, full-width, controls.
YAML_CHARS = st.sampled_from(
    list(":-[]{},#&*!|>'\"%@`?\t\n\r ")
    + list("aZ09_.")
    + ["建", "始", "：", "１", "\u3000", "\x00", "\x07", "\ufeff", "\x85"]
)
yaml_like_text = st.lists(st.one_of(YAML_CHARS, st.text(max_size=4)), max_size=200).map("".join)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=30),
    st.sampled_from(["行政许可", "scjgj", "zz-case", "下放", "<b>", "../x", "２０", "2020-02-30"]),
)
structures = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(
            st.text(max_size=12) | st.sampled_from(list(ServiceItem.model_fields)), inner, max_size=5
        ),
    ),
    max_leaves=25,
)


def _located(err: StdkitError) -> None:
    assert err.problems
    for p in err.problems:
        assert p.file and p.line >= 1 and p.column >= 1 and p.message


def _read(raw: bytes):
    try:
        return parse_text(decode(raw, "f.yaml"), "f.yaml")
    except StdkitError as err:
        _located(err)
        return None


def _check(model, data, positions) -> None:
    try:
        validate(model, data, positions, "f.yaml")
    except StdkitError as err:
        _located(err)


@FAST
@given(st.binary(max_size=400))
def test_any_bytes(raw):
    _read(raw)


@FAST
@given(yaml_like_text)
def test_yaml_like_text(text):
    parsed = _read(text.encode("utf-8", "surrogatepass"))
    if parsed is not None:
        _check(ServiceItem, *parsed)
        _check(Flow, *parsed)


@FAST
@given(structures)
def test_generated_structures_through_reader_and_validator(value):
    text = yaml.safe_dump({"root": value} if not isinstance(value, dict) else value, allow_unicode=True)
    parsed = _read(text.encode())
    if parsed is not None:
        _check(ServiceItem, *parsed)


@pytest.fixture(scope="module")
def valid_item(tmp_path_factory) -> tuple[str, dict]:
    from toolkit.demo import generate

    out = tmp_path_factory.mktemp("prop") / "county"
    generate(out, items=40, villages=12, township_items=10, village_items=4)
    text = (out / "items/services/scjgj/scjgj-0001.yaml").read_text(encoding="utf-8")
    return text, yaml.safe_load(text)


@FAST
@given(data=st.data())
def test_mutated_valid_item(valid_item, data):
    """Replace, delete or add one field anywhere in a valid item: valid or a located StdkitError."""
    _, item = valid_item
    mutated = yaml.safe_load(yaml.safe_dump(item, allow_unicode=True))
    path = data.draw(st.sampled_from([p for p in paths(mutated) if p]))
    parent = at(mutated, path[:-1])
    action = data.draw(st.sampled_from(["replace", "delete", "add"]))
    if action == "replace":
        parent[path[-1]] = data.draw(structures)
    elif action == "delete":
        del parent[path[-1]]
    elif isinstance(parent, dict):
        parent[data.draw(st.text(min_size=1, max_size=10))] = data.draw(scalars)
    else:
        parent.append(data.draw(structures))
    parsed = _read(yaml.safe_dump(mutated, allow_unicode=True).encode())
    if parsed is not None:
        _check(ServiceItem, *parsed)


@FAST
@given(data=st.data())
def test_edited_item_text(valid_item, data):
    """Character-level edits of a valid item file (typing mistakes) never crash the reader or validator."""
    text, _ = valid_item
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(text)))
        cut = data.draw(st.integers(0, 5))
        text = text[:at] + data.draw(yaml_like_text.filter(lambda s: len(s) < 8)) + text[at + cut :]
    parsed = _read(text.encode("utf-8", "surrogatepass"))
    if parsed is not None:
        _check(ServiceItem, *parsed)


@SLOW
@given(
    raw=st.one_of(
        st.binary(max_size=300),
        yaml_like_text.map(lambda s: s.encode("utf-8", "surrogatepass")),
        structures.map(lambda v: yaml.safe_dump(v, allow_unicode=True).encode()),
    ),
    target=st.sampled_from(
        [
            "items/services/scjgj/scjgj-0001.yaml",
            "flowcharts/tpl-review.yaml",
            "items/network/township-items.yaml",
            "items/bundles/zz-new.yaml",
        ]
    ),
)
def test_load_project_only_raises_stdkit_error(small_county, tmp_path_factory, raw, target):
    county = tmp_path_factory.mktemp("lp") / "county"
    shutil.copytree(small_county, county, ignore=shutil.ignore_patterns(".stdkit-cache"))
    path = county / target
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(raw)
    try:
        load_project(county, use_cache=False)
    except StdkitError as err:
        _located(err)
    finally:
        shutil.rmtree(county)


plain_scalars = st.one_of(
    st.from_regex(
        r"\A[0-9]{1,5}-[0-9]{1,2}-[0-9]{1,2}([Tt ][0-9]{1,2}:[0-9]{2}(:[0-9]{2})?)?\Z"
    ),  # dates, bad ones too
    st.from_regex(r"\A[-+]?[0-9_]{1,30}(\.[0-9]*)?([eE][-+]?[0-9]{1,4})?\Z"),  # numbers of every size
    st.integers(4000, 6000).map(lambda n: "9" * n),  # beyond Python's int-from-string limit
    st.sampled_from(
        ["0x1F", "0o17", "0b101", ".inf", "-.Inf", ".NaN", "~", "Null", "YES", "off", "190:20:30"]
    ),
)


@FAST
@given(plain_scalars)
def test_plain_scalars_resolved_by_yaml(value):
    """Unquoted values that YAML resolves to dates or numbers (2020-13-45, 5,000 digits) never crash."""
    parsed = _read(f"id: zz-case\nname: {value}\nvisits: {value}\n".encode())
    if parsed is not None:
        _check(ServiceItem, *parsed)

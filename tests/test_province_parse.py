"""How `province collect` reads a report (issue #30, speed): a fast path (pydantic-core validates the bytes)
and the full path (limits.load_json, the format, the model) must accept the same reports as the same
documents; anything the fast path is unsure of goes the full way, which names what is wrong. Nothing is
trusted less: a lowered depth or digit limit still refuses, a long integer still refuses."""

from __future__ import annotations

import json

import pytest

from toolkit.conformance.document import nesting
from toolkit.core import limits
from toolkit.core.errors import StdkitError
from toolkit.province.collect import _fast, _full, _long_number, parse
from toolkit.province.simulate import reports


@pytest.fixture(scope="module")
def doc() -> dict:
    return reports(3, seed=5)[2]  # a county with planted deviations: findings with file and line


def _variants(doc: dict) -> dict[str, bytes]:
    """A valid report and the ways a report may differ from what the model writes."""
    first = doc["results"][0]
    i, k = next(
        (i, k) for i, r in enumerate(doc["results"]) for k, f in enumerate(r["findings"]) if f["locations"]
    )
    text = json.dumps(doc, ensure_ascii=False)

    def results(change) -> bytes:
        rs = [dict(r) for r in doc["results"]]
        rs[i] = change(json.loads(json.dumps(rs[i])))
        return json.dumps({**doc, "results": rs}, ensure_ascii=False).encode()

    def line(value):
        def change(r):
            r["findings"][k]["locations"][0]["line"] = value
            return r

        return change

    return {
        "valid": text.encode(),
        "indented": json.dumps(doc, ensure_ascii=False, indent=2).encode(),
        "escaped": json.dumps(doc).encode(),
        "bom": b"\xef\xbb\xbf" + text.encode(),
        "trailing": text.encode() + b" x",
        "nan": results(line(float("nan"))),
        "long-int": results(line(10**30)),
        "int-as-text": results(line("12")),
        "int-as-float": results(line(12.0)),
        "negative": results(line(-1)),
        "extra-field": json.dumps({**doc, "extra": 1}, ensure_ascii=False).encode(),
        "duplicate-key": text.replace('"version": 2', '"version": 1, "version": 2', 1).encode(),
        "bad-status": text.replace(f'"status": "{first["status"]}"', '"status": "基本符合"', 1).encode(),
        "bad-utf8": text.encode().replace("县".encode(), b"\xff", 1),
        "cut": text.encode()[:-2] + "县".encode()[:2],
    }


def _outcome(fn, raw: bytes):
    try:
        return fn(raw)
    except StdkitError as err:
        return ("refused", err.problems[0].code)


def test_fast_path_accepts_only_what_the_full_path_accepts_as_the_same_document(doc):
    lim = limits.current()
    for name, raw in _variants(doc).items():
        fast = _fast(raw, lim)
        full = _outcome(lambda r: _full("r.json", r), raw)
        if fast is not None:
            assert fast == full, name  # accepted by both, the same document
        if name == "valid":
            assert fast is not None and fast == full
        if name in ("long-int", "bad-status", "bom", "trailing", "cut", "bad-utf8", "nan"):
            assert fast is None and full[0] == "refused", name
    assert _outcome(lambda r: parse("r.json", r), _variants(doc)["long-int"]) == ("refused", "json-value")


def test_lowered_limits_still_refuse_through_the_fast_path(doc, monkeypatch):
    raw = json.dumps(doc, ensure_ascii=False).encode()
    assert limits.json_depth(raw) <= nesting() <= limits.Limits().json_depth
    monkeypatch.setenv("STDKIT_LIMITS", f"json_depth={nesting() - 1}")
    assert limits.json_depth(raw) == nesting()  # the report has a finding with a location: 7 deep
    with pytest.raises(StdkitError) as err:
        parse("r.json", raw)
    assert err.value.problems[0].code == "json-too-deep"
    monkeypatch.setenv("STDKIT_LIMITS", "number_digits=3")
    files = json.dumps({**doc, "data": {**doc["data"], "files": 12345}}, ensure_ascii=False).encode()
    with pytest.raises(StdkitError) as err:
        parse("r.json", files)
    assert err.value.problems[0].code == "json-value"


def test_long_numbers_are_found_where_a_number_may_start_not_inside_a_hash():
    assert _long_number(b'{"a": 12345678901234567890}', 19)
    assert _long_number(b"[-1234567890123456789]", 19)
    assert _long_number(b"1234567890123456789", 19)
    assert not _long_number(b'{"h": "bb2015402853003000174dea"}', 19)
    assert not _long_number(b"[123456789012345678]", 19)


def test_workbook_values_are_stored_as_text_cells_would_store_them():
    """The workbook passes plain values to openpyxl where its own cell stores them as text_cell would."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import Cell

    from toolkit.province.workbook import row_value, text_cell

    ws = Workbook(write_only=True).create_sheet("t")
    for value in [
        "=1+1",
        "#N/A",
        "#DIV/0!",
        "plain",
        "-1",
        "+1",
        "@x",
        "a\x07b",
        3,
        2.5,
        None,
        True,
        "=",
        "",
    ]:
        fast = row_value(ws, value)
        cell = fast if isinstance(fast, Cell) else WriteOnlyCell(ws, value=fast)
        want = text_cell(ws, value)
        assert (cell.value, cell.data_type) == (want.value, want.data_type), value

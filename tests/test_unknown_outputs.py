"""Every output, every unknown (issue #25, item 6): a generated county (60 items) where each fact a county
supplies is unknown, and one where each is an example, is built (site, paperwork, lists; no PDFs) and every
page, DOCX, XLSX and JSON it writes is read back: no 不收费 without a given fee, no "None", none of the
generated county's figures (hall windows, hours, phones), no brand team name, and `stdkit check` has no 符合
that rests on them."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from docx import Document
from openpyxl import load_workbook

from tests.buildrun import county_for_build, run_build
from toolkit.conformance import PASS
from toolkit.conformance.runner import check_folder

pytestmark = pytest.mark.slow

# The facts of an item a county supplies and may leave out (ServiceItem's optional guide elements).
ITEM_FACTS = (
    "implementer",
    "basis",
    "conditions",
    "refusals",
    "materials",
    "legal_limit",
    "promised_limit",
    "fees",
    "visits",
    "online",
    "phones",
    "location",
    "hours",
    "reform",
)
CENTRE_FACTS = ("address", "phone", "hours", "special_zones")
TOWNSHIP_FACTS = ("address", "phone", "hours")
BRANDS = ("店小二", "轻骑兵", "帮帮团")


def _edit(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _items(county: Path) -> list[Path]:
    return sorted((county / "items/services").rglob("*.yaml"))


def _unknown(county: Path) -> None:
    """Each optional fact left out; what the model requires (the hall, the teams) marked example."""
    for path in _items(county):
        _edit(path, lambda d: [d.pop(k, None) for k in ITEM_FACTS])
    net = county / "items/network"
    _edit(
        net / "county-centre.yaml",
        lambda d: [d.pop(k, None) for k in CENTRE_FACTS] + [d.update(example=["hall"])],
    )
    _edit(net / "townships.yaml", lambda d: [t.pop(k, None) for t in d["townships"] for k in TOWNSHIP_FACTS])
    _edit(net / "teams.yaml", lambda d: [t.update(example=True) for t in d["teams"]])


def _example(county: Path) -> None:
    """Every fact written but marked example."""
    for path in _items(county):
        _edit(path, lambda d: d.update(example=True))
    net = county / "items/network"
    _edit(net / "county-centre.yaml", lambda d: d.update(example=[*CENTRE_FACTS, "hall"]))
    marked = [*TOWNSHIP_FACTS, "police_windows", "comprehensive_windows"]
    _edit(net / "townships.yaml", lambda d: [t.update(example=list(marked)) for t in d["townships"]])
    _edit(net / "teams.yaml", lambda d: [t.update(example=True) for t in d["teams"]])


def _texts(out: Path) -> Iterator[tuple[str, str]]:
    """(file, text) for every page, document, workbook and JSON file the build wrote."""
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        rel = path.relative_to(out).as_posix()
        if path.suffix in (".html", ".md", ".txt", ".csv"):
            if "/assets/" in f"/{rel}" and path.suffix != ".md":
                continue
            text = path.read_text(encoding="utf-8", errors="replace")
            yield (
                rel,
                re.sub(r"<script.*?</script>", "", text, flags=re.DOTALL) if path.suffix == ".html" else text,
            )
        elif path.suffix == ".docx":
            doc = Document(str(path))
            cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
            yield rel, "\n".join([p.text for p in doc.paragraphs] + cells)
        elif path.suffix == ".xlsx":
            book = load_workbook(path, read_only=True)
            yield (
                rel,
                "\n".join(
                    str(v)
                    for ws in book.worksheets
                    for r in ws.iter_rows(values_only=True)
                    for v in r
                    if v is not None
                ),
            )
        elif path.suffix == ".json" and "search" not in path.name:
            yield rel, json.dumps(json.loads(path.read_text(encoding="utf-8")), ensure_ascii=False)


def _figures(county: Path) -> list[str]:
    """The generated county's hall and township figures as the pages would print them."""
    centre = yaml.safe_load((county / "items/network/county-centre.yaml").read_text(encoding="utf-8"))
    windows = [f"{w['count']}个{w['name']}" for w in centre["hall"]["windows"]]
    return [*windows, "8:30—12:00", "0718-34", "0718-3321000", "建始县业州镇"]


@pytest.fixture(scope="module", params=["unknown", "example"])
def built(request, small_county, tmp_path_factory) -> tuple[str, Path, Path, list[str]]:
    base = tmp_path_factory.mktemp(request.param)
    county = county_for_build(small_county, base / "county")
    figures = _figures(county)
    (_unknown if request.param == "unknown" else _example)(county)
    out = base / "out"
    run_build(county, out, "--no-pdf")
    return request.param, county, out, figures


def test_no_output_states_an_unknown_or_example_fact(built):
    state, _county, out, figures = built
    found: list[str] = []
    texts = list(_texts(out))
    assert len(texts) > 100, [r for r, _ in texts][:20]
    assert any(r.endswith(".docx") for r, _ in texts) and any(r.endswith(".xlsx") for r, _ in texts)
    # The standard's own text and its 编制说明 quote the report on Jianshi (its teams, as 示例 and as evidence):
    # words of the standard, not facts of this county.
    standard_text = ("standard/", "downloads/standard", "downloads/explanation")
    for rel, text in texts:
        words = ("不收费", *figures) if rel.startswith(standard_text) else ("不收费", *BRANDS, *figures)
        for word in words:
            if word in text:
                at = text.index(word)
                found.append(f"{rel}: {word} … {text[max(0, at - 40) : at + 40]!r}")
        if re.search(r"\bNone\b", text):
            at = re.search(r"\bNone\b", text).start()  # type: ignore[union-attr]
            found.append(f"{rel}: None … {text[max(0, at - 40) : at + 40]!r}")
    kinds: dict[tuple[str, str], str] = {}
    for line in found:
        rel, word = line.split(": ", 2)[:2]
        kinds.setdefault((word.split(" ")[0], re.sub(r"[^/]+$", "", re.sub(r"/[^/]+/", "/*/", rel))), line)
    assert found == [], f"{state}: {len(found)}\n" + "\n".join(kinds.values())


# Files whose every fact the variant made unknown or example: no 符合 may name them.
NO_PASS_FROM = {
    "unknown": ("items/network/county-centre.yaml", "items/network/teams.yaml"),
    "example": (
        "items/network/county-centre.yaml",
        "items/network/teams.yaml",
        "items/network/townships.yaml",
        "items/services/",
    ),
}
GUIDE_WORDS = ("指南", "收费", "网办", "时限", "材料", "地点", "电话", "办公时间", "条件", "依据")


def test_no_pass_rests_on_them(built):
    """符合 may rest on what the variant still gives (lists, bundles, item codes), never on a fact it made
    unknown or example."""
    state, county, _out, _figures = built
    report = check_folder(county)
    passed = [
        (row.requirement.id, f.message, [loc.file for loc in f.locations])
        for row in report.rows
        for f in row.findings
        if f.status == PASS
    ]
    assert [p for p in passed if any(f.startswith(NO_PASS_FROM[state]) for f in p[2])] == []
    on_items = [p for p in passed if any(f.startswith("items/services/") for f in p[2])]
    assert [p for p in on_items if any(w in p[1] for w in GUIDE_WORDS)] == []
    assert report.totals()[PASS] < len(report.rows) // 2  # most requirements rest on what is unknown

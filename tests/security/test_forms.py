"""Returned comment forms and catalogues share the limits of core/limits.py (issue #32 point 4): an xlsx or
docx with too many rows or too much unpacked, a DOCTYPE anywhere (not only in the first 64 KB), a csv cell
over 128 KB — each a located Chinese error with exit 1, run as the real command under RLIMIT_AS 1 GB; a
stale <dimension> hides no row."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from buildrun import run_limited
from openpyxl import Workbook

from toolkit.drafting.forms import read_form

ROOT = Path(__file__).resolve().parents[2]
HEAD = ["序号", "章条编号", "意见内容", "修改建议", "提出单位", "联系人"]
SHEET = "xl/worksheets/sheet1.xml"


@pytest.fixture
def draft(tmp_path) -> Path:
    shutil.copytree(ROOT / "standard", tmp_path / "std" / "standard")
    shutil.rmtree(tmp_path / "std" / "standard" / "comments", ignore_errors=True)
    return tmp_path / "std"


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return run_limited(*args, env=env, timeout=120)


def _row(n: int, cells: list[str]) -> str:
    return f'<row r="{n}">' + "".join(f'<c t="inlineStr"><is><t>{c}</t></is></c>' for c in cells) + "</row>"


def rewrite(path: Path, part: str, fn) -> Path:
    """Replace one part of an OOXML package with fn(its text)."""
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts[part] = fn(parts[part].decode("utf-8")).encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def form(path: Path, rows: int, dimension: str = "", empty: bool = False) -> Path:
    """A comment form of `rows` comments (or empty rows) written straight into the sheet's XML."""
    wb = Workbook()
    wb.active.append(["x"])
    wb.save(path)
    if empty:
        body = _row(1, HEAD) + "".join(f'<row r="{n}"/>' for n in range(2, rows + 2))
    else:
        body = _row(1, HEAD) + "".join(
            _row(n, [str(n), "全文", f"意见{n}", "", "某县", ""]) for n in range(2, rows + 2)
        )

    def fill(xml: str) -> str:
        xml = xml.replace('<dimension ref="A1"/>', f'<dimension ref="{dimension}"/>' if dimension else "")
        start, end = xml.index("<sheetData>"), xml.index("</sheetData>")
        return xml[:start] + "<sheetData>" + body + xml[end:]

    return rewrite(path, SHEET, fill)


def test_an_xlsx_with_200000_rows_is_refused_before_it_is_parsed(draft, tmp_path):
    bomb = form(tmp_path / "bomb.xlsx", 200_000, empty=True)
    assert bomb.stat().st_size < 1024 * 1024
    proc = run("comments", "import", str(bomb), "--dir", str(draft))
    assert proc.returncode == 1, proc.stderr
    assert "bomb.xlsx:5001:1: 错误[table-too-many-rows]" in proc.stderr and "行数过多" in proc.stderr
    assert not (draft / "standard" / "comments").exists()


def test_an_xlsx_that_unpacks_too_far_is_refused(draft, tmp_path):
    bomb = form(tmp_path / "big.xlsx", 3_000)
    proc = run(
        "comments", "import", str(bomb), "--dir", str(draft), env={"STDKIT_LIMITS": "package_bytes=65536"}
    )
    assert proc.returncode == 1 and "big.xlsx:1:1: 错误[package-too-large]" in proc.stderr, proc.stderr


def test_a_docx_with_100000_table_rows_is_refused(draft, tmp_path):
    d = docx.Document()
    t = d.add_table(rows=1, cols=6)
    for cell, v in zip(t.rows[0].cells, HEAD, strict=True):
        cell.text = v
    d.save(tmp_path / "bomb.docx")
    row = "<w:tr><w:tc><w:p/></w:tc></w:tr>" * 100_000
    bomb = rewrite(
        tmp_path / "bomb.docx", "word/document.xml", lambda x: x.replace("</w:tbl>", row + "</w:tbl>")
    )
    proc = run("comments", "import", str(bomb), "--dir", str(draft))
    assert proc.returncode == 1 and "bomb.docx:5001:1: 错误[table-too-many-rows]" in proc.stderr, proc.stderr


def test_rows_past_a_stale_dimension_are_read(tmp_path):
    stale = form(tmp_path / "stale.xlsx", 300, dimension="A1:F3")
    rows = read_form(stale, "stale.xlsx")
    assert len(rows) == 300 and rows[-1].values["text"] == "意见301"


def _doctype(xml: str) -> str:
    """A DOCTYPE with an external entity after 100 KB of padding inside the part."""
    pad = "<!--" + "x" * 100_000 + "-->"
    entity = '<!DOCTYPE w [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
    head, _, rest = xml.partition("?>")
    return (head + "?>" if rest else "") + pad + entity + (rest or xml)


def test_an_entity_after_64_kb_is_refused_in_forms_and_catalogues(draft, tmp_path):
    bad = rewrite(form(tmp_path / "entity.xlsx", 3), SHEET, _doctype)
    proc = run("comments", "import", str(bad), "--dir", str(draft))
    assert proc.returncode == 1 and "entity.xlsx:1:1: 错误[package-doctype]" in proc.stderr, proc.stderr
    assert "DOCTYPE/ENTITY" in proc.stderr and "xl/worksheets/sheet1.xml" in proc.stderr
    county = tmp_path / "county"
    assert run("init", str(county), "--division-code", "429006").returncode == 0
    proc = run("import", str(bad), "--into", str(county))
    assert proc.returncode == 1 and f"{bad}:1:1: 错误[package-doctype]" in proc.stderr, proc.stderr


def test_a_csv_cell_over_128_kb_is_a_located_error(draft, tmp_path):
    path = tmp_path / "big.csv"
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(HEAD)
    w.writerow(["1", "全文", "长" * 200_000, "", "某县", ""])
    path.write_text(buf.getvalue(), encoding="utf-8")
    proc = run("comments", "import", str(path), "--dir", str(draft))
    assert proc.returncode == 1 and "big.csv:2:1: 错误[" in proc.stderr, proc.stderr
    assert "内部错误" not in proc.stderr

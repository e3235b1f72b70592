"""Spreadsheets (issue points 7, 9, 11): data is stored as text — no formula in the XLSX reports, the
OWASP apostrophe in the QR ledger CSV — and catalogue workbooks from elsewhere are bounded before parsing
(zip bomb, DOCTYPE/ENTITY, broken XML): located errors, never a hang or a crash."""

from __future__ import annotations

import csv
import io
import subprocess
import zipfile
from pathlib import Path

import pytest
from buildrun import stdkit
from openpyxl import Workbook, load_workbook
from poison import FORMULA, copy_county, edit

from toolkit.core.errors import StdkitError
from toolkit.onboarding.sheet import read_sheet


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*stdkit(), *args], capture_output=True, text=True, timeout=600, check=False)


def test_conformance_workbook_holds_no_formula_from_data(small_county, tmp_path):
    county = copy_county(small_county, tmp_path / "county")
    edit(county / "items/county.yaml", lambda d: d.update(name=FORMULA))
    edit(county / "items/network/teams.yaml", lambda d: d["teams"][0].update(name="=1+2"))
    out = tmp_path / "report"
    proc = run("check", str(county), "--out", str(out))
    assert proc.returncode in (0, 1) and "Traceback" not in proc.stderr, proc.stderr
    sheet = load_workbook(out / "checklist.xlsx")["核查表"]
    formulas = [c.coordinate for row in sheet.iter_rows() for c in row if c.data_type == "f"]
    assert formulas == []
    assert sheet["A1"].value.startswith(FORMULA) and sheet["A1"].data_type == "s"


@pytest.mark.slow  # a full build
def test_qr_ledger_names_are_not_formulas(small_county, tmp_path):
    from toolkit.site import ledger

    county = copy_county(small_county, tmp_path / "county", standard=False)
    item = min((county / "items/services").rglob("*.yaml"))
    edit(item, lambda d: d.update(name=FORMULA))
    proc = run("build", str(county), "--out", str(tmp_path / "out"), "--issue", "--no-pdf")
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.reader(io.StringIO((county / ledger.LEDGER).read_text(encoding="utf-8"))))
    names = {r[1]: r[2] for r in rows[1:]}
    assert names[item.stem] == "'" + FORMULA
    assert not any(r[2].startswith(("=", "+", "-", "@")) for r in rows[1:])
    assert {e.id: e.name for e in ledger.read(county)}[item.stem] == FORMULA  # read back as written


def _xlsx(path: Path, rows) -> Path:
    wb = Workbook()
    for r in rows:
        wb.active.append(r)
    wb.save(path)
    return path


def _rewrite(path: Path, member: str, fn) -> None:
    with zipfile.ZipFile(path) as z:
        parts = {i.filename: z.read(i) for i in z.infolist()}
    parts[member] = fn(parts[member])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)


HEADER = ["部门", "事项名称", "事项编码", "事项类型"]


@pytest.mark.parametrize("case", ["bomb", "doctype", "broken", "fifo"])
def test_hostile_catalogue_workbooks_are_refused_with_their_file(tmp_path, case):
    import os

    path = _xlsx(tmp_path / "清单.xlsx", [HEADER, ["县市场监管局", "食品经营许可", "x", "行政许可"]])
    sheet = "xl/worksheets/sheet1.xml"
    if case == "bomb":  # 40 MB of padding that compresses to ~40 KB
        _rewrite(path, sheet, lambda b: b.replace(b"<sheetData>", b"<sheetData>" + b" " * (40 << 20)))
    elif case == "doctype":
        laughs = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
        _rewrite(path, sheet, lambda b: laughs + b.split(b"?>", 1)[-1])
    elif case == "broken":
        _rewrite(path, sheet, lambda b: b[: len(b) // 2])
    else:
        path.unlink()
        os.mkfifo(path)
    with pytest.raises(StdkitError) as info:
        read_sheet(path, ("部门", "事项名称"), ())
    problem = info.value.problems[0]
    assert problem.file == str(path) and problem.line >= 1 and problem.message

"""`stdkit package`: the 送审稿 set written by one command — standard, 编制说明, the round's tables, the
修改对照表 from the 征求意见稿 and a 材料清单, named with number, title, stage and date; every DOCX on A4
with a page number in its footer. Refused before the 送审稿."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
import yaml
from openpyxl import Workbook, load_workbook
from typer.testing import CliRunner

from toolkit.cli import app

ROOT = Path(__file__).resolve().parent.parent
HEAD = ["序号", "章条编号", "意见内容", "修改建议", "提出单位", "联系人"]
A4 = {("11906", "16838"), ("16838", "11906")}  # twentieths of a point, portrait and landscape


def _git(repo: Path, *args: str) -> str:
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@t", "PATH": "/usr/bin:/bin", "HOME": str(repo)}  # fmt: skip
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True, env=env).stdout.strip()  # fmt: skip


def _run(*args: str):
    return CliRunner().invoke(app, list(args))


def _pages(docx: Path) -> list[tuple[tuple[str, str], bool]]:
    """Each section's page size and whether its footer has a PAGE field."""
    with zipfile.ZipFile(docx) as z:
        body = z.read("word/document.xml").decode()
        footers = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("word/footer"))
    sizes = re.findall(r'<w:pgSz[^>]*w:w="(\d+)"[^>]*w:h="(\d+)"', body)
    return [(s, "PAGE" in footers) for s in sizes]


A4_POINTS = (595, 842)


def _pdf_page_numbers(pdf: Path) -> list[str]:
    """Each page's number as printed (the last line of its text, "" when there is none); asserts every
    page is A4."""
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "999", str(pdf)], capture_output=True, text=True, check=True).stdout  # fmt: skip
    sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", info)
    assert sizes and all((round(float(w)), round(float(h))) in (A4_POINTS, A4_POINTS[::-1]) for w, h in sizes), (pdf.name, sizes)  # fmt: skip
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout  # fmt: skip
    out = []
    for page in text.split("\f")[: len(sizes)]:
        lines = [ln.strip() for ln in page.splitlines() if ln.strip()]
        last = lines[-1] if lines else ""
        found = re.fullmatch(r"(?:第\s*)?([0-9]+|[IVXLC]+)(?:\s*页(?:\s*共\s*\d+\s*页)?)?", last)
        out.append(found.group(1) if found else "")
    return out


def _roman_first(number: str) -> tuple[int, int]:
    return (0, 0) if not number.isdigit() else (1, int(number))


@pytest.mark.slow
def test_submission_package_in_one_command(tmp_path):
    repo = tmp_path / "jianshi"
    for name in ("items", "flowcharts", "standard", "published"):
        if (ROOT / name).exists():
            shutil.copytree(ROOT / name, repo / name)
    shutil.copy(ROOT / "mkdocs.yml", repo / "mkdocs.yml")
    shutil.rmtree(repo / "standard/comments", ignore_errors=True)
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "征求意见稿")
    assert _run("package", str(tmp_path / "early"), "--dir", str(repo)).exit_code == 1  # not before 送审稿

    (repo / "standard/rounds").mkdir()
    record = {"kind": "征求意见", "stage": "征求意见稿", "draft_date": "2024-06-28", "opened": "2024-07-01",
              "closed": "2024-07-31", "revision": _git(repo, "rev-parse", "HEAD"),
              "units": [{"name": "甲县政务局", "asked": "2024-07-01", "reply": "有意见", "replied": "2024-07-20"}]}  # fmt: skip
    (repo / "standard/rounds/01-zhengqiu.yaml").write_text(yaml.safe_dump(record, allow_unicode=True), encoding="utf-8")  # fmt: skip
    wb = Workbook()
    wb.active.append(HEAD)
    wb.active.append([1, "13.5", "满意度调查宜委托第三方。", "", "甲县政务局", ""])
    wb.save(tmp_path / "a.xlsx")
    assert _run("comments", "import", str(tmp_path / "a.xlsx"), "--dir", str(repo), "--round", "01-zhengqiu").exit_code == 0  # fmt: skip
    batch = repo / "standard/comments/batch-01.yaml"
    data = yaml.safe_load(batch.read_text(encoding="utf-8"))
    data["comments"][0]["decision"] = "采纳"
    batch.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    survey = repo / "standard/13-evaluation.md"
    survey.write_text(survey.read_text(encoding="utf-8").replace("企业和群众满意度调查", "企业和群众满意度调查（可委托第三方）"), encoding="utf-8")  # fmt: skip
    res = _run("stage", "next", "--dir", str(repo), "--date", "2024-09-10")
    assert res.exit_code == 0, res.output

    out = tmp_path / "submission"
    res = _run("package", str(out), "--dir", str(repo))
    assert res.exit_code == 0, res.output
    stem = "DB42T XXXX—2024 县乡村政务服务体系建设（送审稿）"
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(
        f"{stem}{what} 2024-09-10.{ext}"
        for what, ext in (("标准文本", "docx"), ("标准文本", "pdf"), ("编制说明", "docx"), ("编制说明", "pdf"),
                          ("征求意见汇总处理表（征求意见稿）", "docx"),
                          ("征求意见汇总处理表（征求意见稿）", "xlsx"), ("修改对照表（征求意见稿→送审稿）", "docx"),
                          ("材料清单", "docx"))
    )  # fmt: skip
    for docx in out.glob("*.docx"):
        pages = _pages(docx)
        assert pages and all(size in A4 and numbered for size, numbered in pages), (docx.name, pages)
    for pdf in out.glob("*.pdf"):  # read back: every page A4, every page but the standard's cover numbered
        numbers = _pdf_page_numbers(pdf)
        body = numbers[1:] if "标准文本" in pdf.name else numbers
        assert len(numbers) > 2 and all(body), (pdf.name, numbers)
        assert body == sorted(body, key=_roman_first) or "标准文本" in pdf.name, (pdf.name, numbers)
        created = subprocess.run(["pdfinfo", "-isodates", str(pdf)], capture_output=True, text=True, check=True).stdout  # fmt: skip
        assert re.search(r"CreationDate:\s+2024-09-10T00:00:00", created), (
            created
        )  # the 本稿日期, not the clock
    standard_numbers = _pdf_page_numbers(out / f"{stem}标准文本 2024-09-10.pdf")
    assert "I" in standard_numbers and "1" in standard_numbers  # front matter in Roman, body from 1
    for xlsx in out.glob("*.xlsx"):
        sheet = load_workbook(xlsx).active
        assert int(sheet.page_setup.paperSize) == 9 and "&P" in sheet.oddFooter.center.text  # 9: A4
        assert sheet.print_title_rows.replace("$", "") == "3:3"  # the header row on every page
    import docx as python_docx

    table = python_docx.Document(str(out / f"{stem}修改对照表（征求意见稿→送审稿） 2024-09-10.docx"))
    cells = " ".join(c.text for t in table.tables for row in t.rows for c in row.cells)
    assert "可委托第三方" in cells
    listing = python_docx.Document(str(out / f"{stem}材料清单 2024-09-10.docx"))
    rows = [[c.text for c in row.cells] for row in listing.tables[0].rows[1:]]
    assert [(r[1], r[2][-4:]) for r in rows][:4] == [("标准文本", "docx"), ("标准文本", ".pdf"), ("编制说明", "docx"), ("编制说明", ".pdf")]  # fmt: skip
    assert rows[-1][1] == "材料清单"

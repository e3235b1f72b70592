"""stdkit lint: each GB/T 1.1 rule catches its fixture, located by file and line; bad sources give located errors."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from toolkit.core.errors import StdkitError
from toolkit.standard import lint, load_standard

ROOT = Path(__file__).resolve().parent.parent
FIX = ROOT / "tests/fixtures/standard/lint"


@pytest.fixture
def std_root(tmp_path) -> Path:
    """A copy of the real standard/ sources (no data: numbers render as placeholders)."""
    shutil.copytree(ROOT / "standard", tmp_path / "standard")
    return tmp_path


def _with(root: Path, fixture: str, as_name: str) -> str:
    shutil.copy(FIX / fixture, root / "standard" / as_name)
    return f"standard/{as_name}"


def test_real_sources_are_clean():
    assert lint(ROOT) == []


@pytest.mark.parametrize(
    "fixture, as_name, code, line",
    [
        ("modal-note.md", "14-x.md", "std-modal-informative", 11),
        ("informative-annex.md", "23-x.md", "std-modal-informative", 8),
        ("number-dash.md", "14-x.md", "std-number-dash", 5),
        ("number-dash.md", "14-x.md", "std-number-dash", 7),
        ("foreword-altered.md", "00-foreword.md", "std-fixed-wording", 4),
        ("single-subclause.md", "14-x.md", "std-single-subclause", 5),
        ("mixed-titles.md", "14-x.md", "std-mixed-titles", 9),
        ("depth.md", "14-x.md", "std-depth", 9),
        ("list-depth.md", "14-x.md", "std-list-depth", 8),
        ("law-normrefs.md", "02-normrefs.md", "std-law-normative", 9),
        ("law-body.md", "14-x.md", "std-law-normative", 7),
        ("law-body.md", "14-x.md", "std-generic-laws", 11),
        ("requirement-id.md", "14-x.md", "std-requirement-id", 5),
        ("unknown-ref.md", "14-x.md", "std-unknown-ref", 5),
        ("duplicate-term.md", "03-terms.md", "std-duplicate-term", 11),
        ("annex-no-kind.md", "23-x.md", "std-annex-kind", 2),
        ("circular-terms.md", "03-terms.md", "std-term-circular", 8),
        ("annex-no-shall.md", "24-x.md", "std-annex-no-requirement", 1),
        ("county-data.md", "14-x.md", "std-county-data", 5),
        ("county-data.md", "14-x.md", "std-county-data", 9),
    ],
)
def test_rule_catches_fixture(std_root, fixture, as_name, code, line):
    rel = _with(std_root, fixture, as_name)
    found = [(p.file, p.line) for p in lint(std_root) if p.code == code]
    assert (rel, line) in found, found


def test_new_rules_do_not_fire_on_the_clean_lines(std_root):
    _with(std_root, "circular-terms.md", "03-terms.md")
    _with(std_root, "county-data.md", "14-x.md")
    _with(std_root, "guide-body.md", "14-x2.md")
    _with(std_root, "guide-normrefs.md", "02-normrefs.md")
    found = {(p.file, p.line, p.code) for p in lint(std_root)}
    circular = [f for f in found if f[2] == "std-term-circular"]
    assert circular == [("standard/03-terms.md", 8, "std-term-circular")]  # 帮办 is not part of a circle
    assert ("standard/14-x.md", 7, "std-county-data") not in found  # the example may quote data
    assert ("standard/14-x2.md", 7, "std-guide-normative") in found
    assert ("standard/14-x2.md", 5, "std-guide-normative") not in found  # GB/T 39734 is a 规范


def test_county_count_in_a_provision(tmp_path):
    for folder in ("standard", "items", "flowcharts"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    _with(tmp_path, "county-count.md", "14-x.md")
    found = [(p.file, p.line, p.message) for p in lint(tmp_path) if p.code == "std-county-count"]
    assert found == [("standard/14-x.md", 5, "规范性文字中的数“1341”等于本县数据中的一个统计数。")]


def test_tooling_words_in_the_explanation(std_root):
    path = std_root / "standard/explanation.md"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[3:3] = ["", "各县可用本工具包自查，表格由数据生成。"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = [(p.line, p.message) for p in lint(std_root) if p.code == "std-explanation-tooling"]
    assert (5, "编制说明中出现了“工具包”。") in found and (5, "编制说明中出现了“由数据生成”。") in found
    assert all(line == 5 for line, _ in found)


def test_false_hits_are_not_modal_verbs(std_root):
    rel = _with(std_root, "modal-note.md", "14-x.md")
    lines = [p.line for p in lint(std_root) if p.file == rel and p.code == "std-modal-informative"]
    assert lines == [11]  # line 9 has 应急/应用/可以/相应/供应/可能/响应 only


def test_fixed_wording_missing_patent_sentence(std_root):
    rel = _with(std_root, "foreword-altered.md", "00-foreword.md")
    msgs = [p.message for p in lint(std_root) if p.file == rel and p.code == "std-fixed-wording"]
    assert any("专利" in m and "缺少" in m for m in msgs) and any("改动" in m for m in msgs)


def test_bad_sources_raise_located_errors(std_root):
    _with(std_root, "unknown-ref.md", "14-x.md")
    _with(std_root, "duplicate-term.md", "03-terms.md")
    _with(std_root, "annex-no-kind.md", "23-x.md")
    with pytest.raises(StdkitError) as exc:
        load_standard(std_root, None)
    got = {(p.file, p.line, p.code) for p in exc.value.problems}
    assert ("standard/14-x.md", 5, "std-unknown-ref") in got
    assert ("standard/03-terms.md", 11, "std-duplicate-term") in got
    assert ("standard/23-x.md", 2, "std-annex-kind") in got
    assert all("编号" in p.message or "术语" in p.message or "附录" in p.message for p in exc.value.problems)


@pytest.mark.parametrize(
    "key, value, needle",
    [
        ("number", "DB42/T 1234-2024", "连字符"),
        ("number", "DB42/T 1234–2024", "连字符"),
        ("issue_date", "2024-02-30", "日期"),
        ("stage", "草稿", "编制阶段"),
    ],
)
def test_bad_metadata_is_located(std_root, key, value, needle):
    meta = std_root / "standard/metadata.yaml"
    lines = meta.read_text(encoding="utf-8").splitlines()
    n = next(i for i, t in enumerate(lines) if t.startswith(f"{key}:"))
    lines[n] = f'{key}: "{value}"'
    meta.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(StdkitError) as exc:
        load_standard(std_root, None)
    hit = [p for p in exc.value.problems if p.path == key]
    assert hit and hit[0].line == n + 1 and needle in hit[0].message


def test_cli_lint_exit_code_and_chinese_output(std_root):
    exe = Path(sys.executable).with_name("stdkit")
    ok = subprocess.run([str(exe), "lint", str(std_root)], capture_output=True, text=True, check=False)
    assert ok.returncode == 0, ok.stderr
    _with(std_root, "number-dash.md", "14-x.md")
    bad = subprocess.run([str(exe), "lint", str(std_root)], capture_output=True, text=True, check=False)
    assert bad.returncode == 1
    assert "standard/14-x.md:5:1" in bad.stderr and "一字线" in bad.stderr and "Traceback" not in bad.stderr

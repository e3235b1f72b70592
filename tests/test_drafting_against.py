"""`stdkit check --against REV`: a county checked against an earlier draft (a git revision of the folder
holding the standard) gets that draft's requirements and a report naming its stage and date."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from toolkit.cli import app

ROOT = Path(__file__).resolve().parent.parent
COUNTY = ROOT / "examples" / "shili"
SHALL = "便民服务站应至少设置1个便民服务窗口。"


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@t", *args], check=True,
                   capture_output=True)  # fmt: skip


@pytest.fixture
def repo(tmp_path) -> Path:
    """HEAD~1: the bundled 征求意见稿; HEAD: the 送审稿, where 7.1's 应 became 宜."""
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "standard", repo / "standard")
    shutil.rmtree(repo / "standard" / "comments", ignore_errors=True)
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "征求意见稿")
    comment = {"clause": "village-station-one", "number": "7.1", "text": "山区村窗口难以常设。", "unit": "某县",
               "decision": "采纳"}  # fmt: skip
    batch = {"stage": "征求意见稿", "draft_date": "2024-06-28", "comments": [comment]}
    (repo / "standard" / "comments").mkdir()
    (repo / "standard" / "comments" / "batch-01.yaml").write_text(
        yaml.safe_dump(batch, allow_unicode=True), encoding="utf-8"
    )
    record = {"kind": "征求意见", "stage": "征求意见稿", "draft_date": "2024-06-28", "opened": "2024-07-01",
              "units": [{"name": "某县", "asked": "2024-07-01", "reply": "有意见"}]}  # fmt: skip
    (repo / "standard" / "rounds").mkdir()
    (repo / "standard" / "rounds" / "01.yaml").write_text(
        yaml.safe_dump(record, allow_unicode=True), encoding="utf-8"
    )
    assert (
        CliRunner().invoke(app, ["stage", "next", "--dir", str(repo), "--date", "2024-09-10"]).exit_code == 0
    )
    src = repo / "standard" / "07-village-station.md"
    text = src.read_text(encoding="utf-8")
    assert SHALL in text
    src.write_text(text.replace(SHALL, SHALL.replace("应", "宜")), encoding="utf-8")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "送审稿")
    return repo


def _check(repo: Path, out: Path, *more: str) -> tuple[int, dict, str]:
    args = ["check", str(COUNTY), "--standard", str(repo), "--format", "json", "--out", str(out), *more]
    result = CliRunner().invoke(app, args)
    return result.exit_code, json.loads(result.stdout) if result.stdout else {}, result.stderr


def _failed_shall(doc: dict) -> set[str]:
    return {r["requirement"] for r in doc["results"] if r["status"] == "不符合" and r["level"] == "应"}


def test_an_earlier_draft_gives_its_own_results(repo, tmp_path):
    code_now, now, _ = _check(repo, tmp_path / "now")
    code_old, old, note = _check(repo, tmp_path / "old", "--against", "HEAD~1")
    assert code_now == code_old == 1
    assert _failed_shall(old) - _failed_shall(now) == {"village-station-one"}
    levels = {r["requirement"]: r["level"] for r in old["results"]}
    assert levels["village-station-one"] == "应"
    assert {r["requirement"]: r["level"] for r in now["results"]}["village-station-one"] == "宜"
    assert (now["standard"]["stage"], now["standard"]["date"]) == ("送审稿", "2024-09-10")
    assert (old["standard"]["stage"], old["standard"]["date"]) == ("征求意见稿", "2024-06-28")
    assert "版本“HEAD~1”（征求意见稿，本稿日期 2024-06-28）" in note
    html = (tmp_path / "old" / "report.html").read_text(encoding="utf-8")
    assert "（征求意见稿，本稿日期 2024-06-28）" in html
    assert "（送审稿，本稿日期 2024-09-10）" in (tmp_path / "now" / "report.html").read_text(encoding="utf-8")


def test_an_unknown_revision_is_refused_in_chinese(repo, tmp_path):
    code, _, err = _check(repo, tmp_path / "out", "--against", "no-such-draft")
    assert code == 1
    assert "no-such-draft:1:1: 错误[git-revision]" in err
    assert "不是" in err and "git 版本" in err and "--against 应是" in err
    assert "Traceback" not in err
    assert not (tmp_path / "out").exists()

"""stdkit init: a commented skeleton that validates as generated, and never overwrites."""

from __future__ import annotations

import re
import subprocess
import sys

from toolkit.core.load import load_project


def run(*args):
    return subprocess.run(
        [sys.executable, "-c", "from toolkit.cli import main; main()", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_init_creates_a_folder_that_validates(tmp_path):
    root = tmp_path / "new"
    r = run("init", str(root), "--name", "示例县", "--division-code", "429999")
    assert r.returncode == 0, r.stderr
    assert run("validate", str(root)).returncode == 0
    project = load_project(root)
    assert project.county.name == "示例县" and project.county.division_code == "429999"
    assert len(project.townships) == 1 and len(project.villages) == 1 and len(project.teams) == 3
    text = (root / "items/network/townships.yaml").read_text(encoding="utf-8")
    assert "# 乡镇便民服务中心" in text and "综合服务窗口数（2–5）" in text
    assert (root / "schemas/item.schema.json").is_file()


def test_init_refuses_a_non_empty_folder_and_bad_options(tmp_path):
    (tmp_path / "keep.txt").write_text("x", encoding="utf-8")
    r = run("init", str(tmp_path))
    assert r.returncode == 1 and "不是空的" in r.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.txt"]
    r = run("init", str(tmp_path / "x"), "--division-code", "42")
    assert r.returncode == 1 and "6位" in r.stderr and not (tmp_path / "x").exists()


def test_top_level_help_describes_every_command_in_chinese():
    # `stdkit --help` is where an official first looks: no command may be listed as a bare "...".
    r = run("--help")
    assert r.returncode == 0, r.stderr
    listed = r.stdout.split("Commands:", 1)[1].splitlines()
    rows = [line.split(None, 1) for line in listed if line.startswith("  ") and line.strip()]
    assert len(rows) >= 15, rows
    for name, *help_text in rows:
        text = help_text[0].strip() if help_text else ""
        assert re.search(r"[\u4e00-\u9fff]{4}", text), (name, text)

"""Fingerprints without reading everything (issue #32 point 6): a 1.5 GB sparse file in items/ is never read
(the folder checks the size first; `check` and the build's fingerprint run under a 1 GB address-space limit),
a link out of the folder is never read through, and the report's data fingerprint covers mkdocs.yml (a QR
result reads its site_url)."""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

from buildrun import run_limited

from toolkit.conformance.envelope import data_fingerprint

ROOT = Path(__file__).resolve().parents[2]
SHILI = ROOT / "examples" / "shili"
GB = 1 << 30


def _sparse(path: Path, size: int) -> None:
    with open(path, "wb") as fh:
        fh.truncate(size)


def test_check_does_not_read_a_huge_sparse_file(county_copy, tmp_path):
    _sparse(county_copy / "items" / "archive.bin", 3 * GB // 2)
    out = tmp_path / "report"
    proc = run_limited("check", str(county_copy), "--out", str(out), memory=GB)
    assert proc.returncode in (0, 1), proc.stderr[-2000:]
    assert "MemoryError" not in proc.stderr and "内部错误" not in proc.stderr
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    listed = [p for d in ("items", "flowcharts") for p in (county_copy / d).rglob("*") if p.is_file()]
    assert report["data"]["files"] >= len(listed)  # the big file is counted by its refusal, not read


FINGERPRINTS = """
import sys
from pathlib import Path
from toolkit.conformance.envelope import data_fingerprint
from toolkit.site.uptodate import fingerprint
folder = Path(sys.argv[1])
print(data_fingerprint(folder)["value"], fingerprint(folder, folder / "site", {}))
"""


def test_the_report_and_build_fingerprints_do_not_read_a_huge_sparse_file(county_copy):
    _sparse(county_copy / "items" / "archive.bin", 3 * GB // 2)

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (GB, GB))

    proc = subprocess.run(
        [sys.executable, "-c", FINGERPRINTS, str(county_copy)],
        capture_output=True,
        text=True,
        timeout=300,
        preexec_fn=cap,
        check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert len(proc.stdout.split()) == 2


def test_a_link_out_of_the_folder_is_never_read(tmp_path):
    county = tmp_path / "county"
    shutil.copytree(SHILI, county)
    outside = tmp_path / "secret.txt"
    outside.write_text("first secret", encoding="utf-8")
    (county / "items" / "notes.txt").symlink_to(outside)
    opened: list[str] = []
    watching = [True]
    secret = os.path.realpath(outside)

    def audit(event: str, args: tuple) -> None:
        path = args[0] if event == "open" and watching[0] else None
        if isinstance(path, (str, bytes, os.PathLike)) and os.path.realpath(os.fsdecode(path)) == secret:
            opened.append(os.fsdecode(path))

    sys.addaudithook(audit)  # cannot be removed; it only ever looks at this test's temporary file
    before = data_fingerprint(county)
    watching[0] = False
    outside.write_text("another secret", encoding="utf-8")
    watching[0] = True
    after = data_fingerprint(county)
    watching[0] = False
    assert opened == []
    assert before == after  # the link counts by its refusal, whatever it points to


def test_the_data_fingerprint_covers_mkdocs_yml(tmp_path):
    county = tmp_path / "county"
    shutil.copytree(SHILI, county)
    before = data_fingerprint(county)
    config = county / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    after = data_fingerprint(county)
    assert after["value"] != before["value"]
    config.unlink()
    assert data_fingerprint(county)["files"] == before["files"] - 1

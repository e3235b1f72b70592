"""Untrusted folders on disk (issue points 4, 6, 8–11): `--out` never deletes data, ids never overwrite one
another's pages, links and special files never lead out of the folder, limits stop exhaustion, damaged
output is rebuilt, and every failure is a located Chinese error with exit 1."""

from __future__ import annotations

import os
import subprocess
import time

import pytest
from buildrun import stdkit
from poison import copy_county, edit

from toolkit.core.errors import StdkitError
from toolkit.core.load import load_project


def run(*args: str, timeout: int = 600) -> subprocess.CompletedProcess:
    return subprocess.run([*stdkit(), *args], capture_output=True, text=True, timeout=timeout, check=False)


def refused(fn) -> list:
    with pytest.raises(StdkitError) as info:
        fn()
    return info.value.problems


def codes_at(problems) -> set[tuple[str, str]]:
    return {(p.file, p.code) for p in problems}


# --- 4. --out ---------------------------------------------------------------------------------------------
def test_out_inside_the_data_is_refused_and_the_data_kept(small_county, tmp_path):
    county = copy_county(small_county, tmp_path / "county", standard=False)
    before = sorted(p.name for p in (county / "items").iterdir())
    proc = run("build", str(county), "--out", str(county / "items"), "--no-pdf")
    assert proc.returncode == 1 and "out-in-data" in proc.stderr and str(county / "items") in proc.stderr
    assert sorted(p.name for p in (county / "items").iterdir()) == before


@pytest.mark.parametrize("case", ["non-empty", "file", "data-folder", "parent"])
def test_out_that_would_lose_files_is_refused(small_county, tmp_path, case):
    from toolkit.build import build

    county = copy_county(small_county, tmp_path / "work" / "county", standard=False)
    out = {
        "non-empty": tmp_path / "mine",
        "file": tmp_path / "notes.txt",
        "data-folder": county,
        "parent": tmp_path / "work",
    }[case]
    if case == "non-empty":
        out.mkdir()
        (out / "keep.docx").write_bytes(b"precious")
    if case == "file":
        out.write_bytes(b"precious")
    problems = refused(lambda: build(county, out, pdf=False))
    assert problems[0].file == str(out) and problems[0].code.startswith("out-")
    assert (out / "keep.docx").read_bytes() == b"precious" if case == "non-empty" else True
    assert out.read_bytes() == b"precious" if case == "file" else True
    assert not list(tmp_path.glob("**/.notes.txt.old-*"))


# --- 10. the up-to-date skip checks the output -------------------------------------------------------------
@pytest.mark.slow  # a full build
def test_damaged_output_is_rebuilt_not_skipped(small_county, tmp_path):
    from toolkit.build import build

    county = copy_county(small_county, tmp_path / "county", standard=False)
    out = tmp_path / "out"
    build(county, out, pdf=False)
    assert build(county, out, pdf=False).skipped  # untouched: skipped
    (out / "index.html").unlink()
    (out / "departments/scjgj/index.html").write_text("defaced", encoding="utf-8")
    again = build(county, out, pdf=False)  # a folder stdkit built: accepted, and rebuilt
    assert not again.skipped
    assert (out / "index.html").is_file()
    assert "defaced" not in (out / "departments/scjgj/index.html").read_text(encoding="utf-8")


# --- 6. ids sharing a file name ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("township_id", "code"),
    [("county-centre", "id-collision"), ("all-townships", "id-collision"), ("index", "id-collision")],
)
def test_township_id_taking_another_venue_page_is_located(county_copy, township_id, code):
    centre = (county_copy / "items/network/county-centre.yaml").read_text(encoding="utf-8")
    assert "id: county-centre" in centre
    edit(county_copy / "items/network/townships.yaml", lambda d: d["townships"][1].update(id=township_id))
    problems = refused(lambda: load_project(county_copy))
    assert ("items/network/townships.yaml", code) in codes_at(problems)
    located = [p for p in problems if p.code == code]
    assert all(p.line > 1 and township_id in p.message for p in located)


def test_township_named_like_another_townships_village_group(county_copy):
    def rename(d):
        first = d["townships"][0]["id"]
        d["townships"][1]["id"] = first + "-villages"

    edit(county_copy / "items/network/townships.yaml", rename)
    problems = refused(lambda: load_project(county_copy))
    assert ("items/network/townships.yaml", "id-collision") in codes_at(problems)


def test_bundle_named_index_is_located(county_copy):
    bundle = min((county_copy / "items/bundles").glob("*.yaml"))
    edit(bundle, lambda d: d.update(id="index"))
    bundle.rename(bundle.with_name("index.yaml"))
    problems = refused(lambda: load_project(county_copy))
    assert ("items/bundles/index.yaml", "id-reserved") in codes_at(problems)


def test_long_township_ids_make_safe_page_names(county_copy):
    from toolkit.core import urls
    from toolkit.site.venues import venues

    long_id = "a" * 38 + "-z"  # 40 characters, the longest id; its village group has 49
    edit(county_copy / "items/network/townships.yaml", lambda d: d["townships"][0].update(id=long_id))
    edit(
        county_copy / "items/network/villages.yaml",
        lambda d: [v.update(township=long_id) for v in d["villages"] if v["township"] == "yezhou"],
    )
    project = load_project(county_copy)
    names = [urls.venue_md(v.id) for v in venues(project)] + [urls.poster_pdf(v.id) for v in venues(project)]
    assert f"venues/{long_id}-villages.md" in names


# --- 11. values a later stage could not handle are refused where they are written ---------------------------
def test_noncharacter_in_a_name_is_refused_in_its_file(county_copy):
    edit(county_copy / "items/departments.yaml", lambda d: d["departments"][0].update(name="市场\uffff局"))
    problems = refused(lambda: load_project(county_copy))
    assert ("items/departments.yaml", "schema-format") in codes_at(problems)


def test_cross_reference_syntax_in_data_blames_the_data_file(small_county, tmp_path):
    county = copy_county(small_county, tmp_path / "county")
    edit(county / "items/county.yaml", lambda d: d.update(name="示例[[ref:x]]县"))
    proc = run("validate", str(county))
    assert proc.returncode == 1 and "items/county.yaml:" in proc.stderr and "standard/" not in proc.stderr


# --- 8. links and special files -----------------------------------------------------------------------------
def test_links_out_loops_fifos_and_devices_are_located_not_followed(county_copy):
    services = county_copy / "items/services"
    dept = next(p for p in services.iterdir() if p.is_dir())
    (dept / "passwd.yaml").symlink_to("/etc/passwd")
    (county_copy / "items/bundles/zero.yaml").symlink_to("/dev/zero")
    (county_copy / "items/bundles/loop.yaml").symlink_to("loop.yaml")
    os.mkfifo(county_copy / "flowcharts/pipe.yaml")
    (services / "etc").symlink_to("/etc")
    start = time.monotonic()
    problems = refused(lambda: load_project(county_copy, use_cache=False))
    assert time.monotonic() - start < 30
    found = codes_at(problems)
    rel = dept.relative_to(county_copy).as_posix()
    assert {
        (f"{rel}/passwd.yaml", "file-outside"),
        ("items/bundles/zero.yaml", "file-outside"),
        ("items/bundles/loop.yaml", "file-link"),
        ("flowcharts/pipe.yaml", "file-special"),
        ("items/services/etc", "file-outside"),
    } <= found
    assert not any("root:" in p.message for p in problems)  # no line of /etc/passwd is echoed


def test_fifo_in_standard_does_not_hang_validate(small_county, tmp_path):
    county = copy_county(small_county, tmp_path / "county")
    os.mkfifo(county / "standard/99.md")
    proc = run("validate", str(county), timeout=120)
    assert proc.returncode == 1 and "standard/99.md:1:1" in proc.stderr


def test_issue_never_writes_through_a_ledger_symlink(small_county, tmp_path):
    county = copy_county(small_county, tmp_path / "county", standard=False)
    target = tmp_path / "elsewhere.csv"
    (county / "published").mkdir()
    (county / "published/qr-ledger.csv").symlink_to(target)
    proc = run("build", str(county), "--out", str(tmp_path / "out"), "--issue", "--no-pdf")
    assert proc.returncode == 1 and "published/qr-ledger.csv" in proc.stderr
    assert not target.exists()


# --- 9. limits ---------------------------------------------------------------------------------------------
def test_huge_yaml_is_refused_by_size(county_copy):
    path = county_copy / "items/network/teams.yaml"
    path.write_text(
        path.read_text(encoding="utf-8") + "# " + "x" * (3 * 1024 * 1024) + "\n", encoding="utf-8"
    )
    problems = refused(lambda: load_project(county_copy, use_cache=False))
    assert ("items/network/teams.yaml", "file-too-large") in codes_at(problems)


def test_many_unknown_keys_are_reported_briefly(small_county, tmp_path):
    county = copy_county(small_county, tmp_path / "county", standard=False)
    path = county / "items/county.yaml"
    path.write_text(
        path.read_text(encoding="utf-8") + "".join(f"k{i}: {i}\n" for i in range(60_000)), encoding="utf-8"
    )
    start = time.monotonic()
    proc = run("validate", str(county))
    assert proc.returncode == 1 and time.monotonic() - start < 60
    assert len(proc.stderr.splitlines()) < 500 and "未列出" in proc.stderr and "共 51 个错误" in proc.stderr


def test_flow_too_large_for_a_chart_is_refused(county_copy):
    flow = min((county_copy / "flowcharts").glob("*.yaml"))

    def grow(d):
        steps = [
            {"id": f"s{i}", "name": f"环节{i}", "role": d["steps"][0]["role"], "next": [f"s{i + 1}"]}
            for i in range(60)
        ]
        steps[-1]["next"] = []
        d["steps"] = steps

    edit(flow, grow)
    problems = refused(lambda: load_project(county_copy, use_cache=False))
    assert (flow.relative_to(county_copy).as_posix(), "schema-length") in codes_at(problems)


# --- 11. write failures ------------------------------------------------------------------------------------
@pytest.mark.slow  # 12 CPU seconds (a whole build, its output writes failing): over the fast subset's budget
def test_disk_full_is_a_located_error_and_the_old_output_stays(small_county, tmp_path, monkeypatch):
    import errno

    from toolkit.build import run as build_module

    county = copy_county(small_county, tmp_path / "county", standard=False)
    out = tmp_path / "out"

    def full(path, data):
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(build_module, "write_atomic", full)
    problems = refused(lambda: build_module.build(county, out, pdf=False))
    assert problems[0].code == "out-write" and "No space left" in problems[0].message
    assert not out.exists()


def test_noncharacter_in_the_standard_is_located(small_county, tmp_path):
    county = copy_county(small_county, tmp_path / "county")
    chapter = county / "standard/04-general.md"
    text = chapter.read_text(encoding="utf-8")
    chapter.write_text(text + "\n政务服务\uffff中心。\n", encoding="utf-8")
    proc = run("validate", str(county))
    line = len(text.splitlines()) + 2
    assert (
        proc.returncode == 1 and f"standard/04-general.md:{line}:5" in proc.stderr and "U+FFFF" in proc.stderr
    )

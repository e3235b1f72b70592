"""`stdkit build --only standard` refreshes the standard's downloads and keeps the rest of the site as it was."""

from __future__ import annotations

import docx
import pytest
from buildrun import county_for_build, processes_with, tree_hashes

from toolkit.build import build


@pytest.mark.slow  # a full build
def test_only_standard_replaces_downloads_and_keeps_the_site(small_county, tmp_path):
    county = county_for_build(small_county, tmp_path / "county")
    out = tmp_path / "out"
    build(county, out, pdf=False)
    site_before = tree_hashes(out, skip=("downloads", "manifest.json"))
    meta = county / "standard/metadata.yaml"
    meta.write_text(
        meta.read_text(encoding="utf-8").replace("stage: 征求意见稿", "stage: 送审稿", 1), encoding="utf-8"
    )

    result = build(county, out, only="standard")

    cover = "\n".join(p.text for p in docx.Document(out / "downloads/standard.docx").paragraphs[:40])
    assert "送审稿" in cover and "征求意见稿" not in cover
    assert tree_hashes(out, skip=("downloads", "manifest.json")) == site_before
    assert "downloads/standard.docx" in result.manifest["standard"]["files"]
    assert result.manifest["qr"], "the site's part of the manifest is kept"


def test_a_standard_that_cannot_be_built_fails_the_build(small_county, tmp_path, monkeypatch):
    """No silent degradation: a broken standard module stops the build; it never yields a site without it."""
    from toolkit.build import docs

    def broken(*args):
        raise ImportError("cannot import name 'build' from 'toolkit.standard'")

    monkeypatch.setattr(docs, "start_standard", broken)
    county = county_for_build(small_county, tmp_path / "county")
    with pytest.raises(ImportError):
        build(county, tmp_path / "out", pdf=False)
    assert not (tmp_path / "out").exists()


@pytest.mark.slow  # LibreOffice
def test_a_step_failing_while_libreoffice_makes_the_standard_pdf_ends_it(small_county, tmp_path, monkeypatch):
    """The standard's PDF is laid out while the build goes on (toolkit/build/standard.py `start`); when a
    later step fails, that LibreOffice is ended, its temporary folder removed and no output written."""
    import time
    import uuid

    import toolkit.build.run as build_module
    from toolkit.build import docs
    from toolkit.core.errors import Problem, StdkitError

    county = county_for_build(small_county, tmp_path / "county")
    clause = county / "standard/05-county-centre.md"  # a text never converted: LibreOffice really starts
    unique = "".join("甲乙丙丁戊己庚辛壬癸"[int(c, 16) % 10] for c in uuid.uuid4().hex)  # no digits: lint
    clause.write_text(clause.read_text(encoding="utf-8") + f"\n\n{unique}。\n", encoding="utf-8")
    jobs: list = []
    real_start = docs.start_standard
    monkeypatch.setattr(docs, "start_standard", lambda *args: jobs.append(real_start(*args)) or jobs[-1])

    def failing(*args):
        running = [p for p in jobs[0].conversion.procs if p is not None and p.poll() is None]
        assert running, "the standard's PDF is made in the background while the build goes on"
        raise StdkitError([Problem(file="x", line=1, column=1, path="", code="x", message="失败", hint="")])

    monkeypatch.setattr(build_module, "_paperwork", failing)
    with pytest.raises(StdkitError):
        build(county, tmp_path / "out")
    pipes = [f"pipe,name=stdkit{p.pid};" for p in jobs[0].conversion.procs if p is not None]
    end = time.monotonic() + 10
    while any(processes_with(pipe) for pipe in pipes) and time.monotonic() < end:
        time.sleep(0.2)
    assert not any(processes_with(pipe) for pipe in pipes), "the LibreOffice of the failed build still runs"
    assert all(p.poll() is not None for p in jobs[0].conversion.procs if p is not None)
    assert not jobs[0].tmp.exists()
    assert not (tmp_path / "out").exists()

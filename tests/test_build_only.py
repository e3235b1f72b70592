"""`stdkit build --only standard` refreshes the standard's downloads and keeps the rest of the site as it was."""

from __future__ import annotations

import docx
import pytest
from buildrun import county_for_build, tree_hashes

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
    from toolkit.site import docs

    def broken(*args):
        raise ImportError("cannot import name 'build' from 'toolkit.standard'")

    monkeypatch.setattr(docs, "build_standard", broken)
    county = county_for_build(small_county, tmp_path / "county")
    with pytest.raises(ImportError):
        build(county, tmp_path / "out", pdf=False)
    assert not (tmp_path / "out").exists()

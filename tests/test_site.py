"""The website build: item pages' content, escaping, flowcharts, dashboard, manifest, the QR ledger
(an issued URL never stops resolving), the CJK-font stop, and what a no-change rebuild does."""

from __future__ import annotations

import html as html_lib
import json
import re
import shutil
import subprocess
import sys

import pytest

from toolkit.build import build
from toolkit.core import urls
from toolkit.core.cachedir import project_cache
from toolkit.core.errors import StdkitError
from toolkit.core.load import load_project
from toolkit.site import flowchart, ledger
from toolkit.site.text import md_escape


def test_item_page_has_the_guide_elements(site_build):
    county, result = site_build
    project = load_project(county)
    item = next(i for i in project.items.values() if i.materials and i.promised_limit)
    html = (result.out / "items" / item.id / "index.html").read_text(encoding="utf-8")
    # Citizen order: the facts first (fee, time limit …), who, materials, where (with phones to tap),
    # process, online; legal basis folded.
    order = [
        html.index(f">{h}</h2>")
        for h in ("办事要点", "谁可以办", "要带的材料", "到哪里办", "办理流程", "网上办理")
    ]
    assert order == sorted(order)
    assert "<summary>设定依据（法律法规）</summary>" in html and html.index("<details") > order[-1]
    assert re.search(r'<a href="tel:[0-9+]+">', html)
    assert "综合服务大厅综合服务大厅" not in html
    for m in item.materials:
        assert m.name in html
    assert item.promised_limit.label() in html
    assert ("不收费" in html) == (not item.fees)
    assert 'type="checkbox"' in html  # materials are a checklist
    ld_json = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL).group(1)
    ld = json.loads(ld_json)
    assert ld["@type"] == "GovernmentService" and ld["name"] == item.name
    # The flowchart is a static SVG file next to the page, referenced by a relative path.
    src = re.search(r'<img alt="[^"]*办理流程图" class="stdkit-flow" src="([^"]+)"', html).group(1)
    assert (result.out / "items" / item.id / src).resolve().is_file()


def test_pending_shown_where_a_catalogue_item_lacks_details(site_build, tmp_path):
    county, _ = site_build
    project = load_project(county)
    iid = next(iter(project.items))
    project.items[iid] = project.items[iid].model_copy(
        update={"materials": [], "conditions": [], "phones": None}
    )
    from toolkit.site.pages import item_page

    md = item_page(project, project.items[iid], "https://x.cn/", None)
    assert md.count("待补充") >= 3


def test_flowchart_svgs_contain_the_step_names(site_build):
    county, result = site_build
    project = load_project(county)
    for entry in result.manifest["flowcharts"][:10]:
        svg = (result.out / entry["file"]).read_text(encoding="utf-8")
        resolved = project.flow_for(project.items[entry["id"]])
        lines = [html_lib.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]
        for step in resolved.steps:
            # long names are wrapped over lines: the lines of the chart together hold every name
            assert "".join(step.name.split()) in "".join(lines)
        assert svg.lstrip().startswith("<?xml") and "<text" in svg and "<script" not in svg


def test_markdown_escaping():
    assert md_escape("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert md_escape("*a* [b](c) | d\ne") == "\\*a\\* \\[b\\](c) \\| d e"
    assert md_escape("1. x { onclick=y }") == "1\\. x \\{ onclick=y \\}"
    assert md_escape("0718-3322174，1.5") == "0718-3322174，1.5"  # no needless escapes


def test_manifest_and_sections(site_build):
    county, result = site_build
    m = json.loads((result.out / "manifest.json").read_text(encoding="utf-8"))
    project = load_project(county)
    assert m["items"] == len(project.items) == len(m["qr"])
    for q in m["qr"]:
        assert q["url"] == f"{m['site_url']}g/{q['id']}/" and (result.out / q["file"]).is_file()
        assert (result.out / q["short_page"] / "index.html").is_file()
    venues = {p["venue"] for p in m["posters"]}
    assert project.centre.id in venues and set(project.townships) <= venues
    # The navigation stays lean: item pages are not listed in it.
    index = (result.out / "index.html").read_text(encoding="utf-8")
    nav = re.search(r'<nav class="md-nav md-nav--primary".*?</nav>', index, re.DOTALL).group(0)
    assert "items/" not in nav


def test_dashboard_numbers_come_from_stats(site_build):
    from toolkit.core.figures import compute

    county, result = site_build
    data = compute(load_project(county))
    html = (result.out / "dashboard/index.html").read_text(encoding="utf-8")
    f = data.reform.materials
    assert f"<td>{f.before}</td>" in html and f"<td>{f.after}</td>" in html
    svg = (result.out / "dashboard/reform.svg").read_text(encoding="utf-8")
    assert f"{f.after}（减 {f.percent}%）" in svg


@pytest.mark.slow  # full builds
def test_nothing_written_outside_out(small_county, tmp_path):
    county = tmp_path / "county"
    shutil.copytree(small_county, county, ignore=shutil.ignore_patterns(".stdkit-cache", "site"))
    before = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*"))
    out = tmp_path / "elsewhere" / "out"
    build(county, out, pdf=False)
    after = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*"))
    new = [p for p in after if p not in before]
    assert all(p.startswith("elsewhere/out") or p == "elsewhere" for p in new), new[:5]


def test_no_change_rebuild_rewrites_no_page(site_build):
    from toolkit.build.docs import prepare
    from toolkit.core.site_settings import user_settings

    county, _ = site_build
    project = load_project(county)
    prepared = prepare(project, user_settings(county), project_cache(county, "site"), pdf_links=False)
    assert prepared.changed == []
    assert all(c.misses == 0 for c in prepared.caches)


def test_missing_cjk_font_stops_with_the_package_name(monkeypatch):
    class Done:
        stdout = ""

    flowchart.cjk_font.cache_clear()
    monkeypatch.setattr(flowchart.subprocess, "run", lambda *a, **k: Done())
    monkeypatch.setattr(flowchart.shutil, "which", lambda name: "/usr/bin/" + name)
    try:
        with pytest.raises(StdkitError) as err:
            flowchart.cjk_font()
        assert "fonts-noto-cjk" in str(err.value) and "中文字体" in str(err.value)
    finally:
        flowchart.cjk_font.cache_clear()


def _cli(*args):
    return subprocess.run(
        [sys.executable, "-c", "from toolkit.cli import main; main()", *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.mark.slow  # full builds
def test_ledger_keeps_issued_urls_resolving(small_county, tmp_path):
    county = tmp_path / "county"
    shutil.copytree(small_county, county, ignore=shutil.ignore_patterns(".stdkit-cache", "site"))
    out = tmp_path / "out"
    first = build(county, out, issue=True, pdf=False)
    project = load_project(county)
    entries = ledger.read(county)
    stations = [e for e in entries if e.url == urls.station_url(first.manifest["site_url"], e.id)]
    assert sorted(e.id for e in stations) == sorted(project.villages)  # each station's own code, too
    entries = [e for e in entries if e not in stations]
    assert len(entries) == first.manifest["items"]
    used = set(project.township_items) | set(project.village_items)
    used |= {
        i
        for b in project.bundles.values()
        for i in [*b.required, *b.optional, *(x for m in b.materials for x in m.items)]
    }
    used |= {i for c in project.lifecycle.catalogues for s in c.stages for e in s.entries for i in e.items}
    gone, target = [e for e in entries if e.id not in used][:2]
    path = next(county.glob(f"items/services/*/{gone.id}.yaml"))
    path.unlink()
    manifest_before = (out / "manifest.json").read_bytes()
    # Removing an item whose URL was printed fails the build, located in the ledger, in Chinese.
    proc = _cli("build", str(county), "--out", str(out), "--no-pdf")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert f"{ledger.LEDGER}:{gone.line}:" in proc.stderr and "ledger-removed" in proc.stderr
    assert gone.id in proc.stderr and "已于" in proc.stderr
    assert (out / "manifest.json").read_bytes() == manifest_before  # previous output untouched
    # Saying where it went (replaced_by) makes the build pass; the short URL leads there.
    target = target.id
    text = (county / ledger.LEDGER).read_text(encoding="utf-8").splitlines()
    row = text[gone.line - 1].split(",")
    row[4] = target
    text[gone.line - 1] = ",".join(row)
    (county / ledger.LEDGER).write_text("\n".join(text) + "\n", encoding="utf-8")
    second = build(county, out, pdf=False)
    page = (out / "g" / gone.id / "index.html").read_text(encoding="utf-8")
    assert f'href="../../items/{target}/"' in page and "已调整为" in page
    assert second.manifest["moved"] == [{"id": gone.id, "name": gone.name, "replaced_by": target, "note": ""}]


def test_ledger_keeps_a_printed_station_code_resolving(small_county):
    project = load_project(small_county)
    site = "https://zw.example.cn/"
    sid, item = next(iter(project.villages)), next(iter(project.items))
    rows = [
        (urls.short_url(site, item), item),
        (urls.station_url(site, sid), sid),
        (urls.station_url(site, "x-1"), "x-1"),
    ]
    entries = [
        ledger.Entry(n, url, key, "某站", "2026-12-01", "", "") for n, (url, key) in enumerate(rows, 2)
    ]
    with pytest.raises(StdkitError) as err:
        ledger.check(project, entries, site)
    assert [(p.code, p.line) for p in err.value.problems] == [("ledger-station-removed", 4)]
    assert "x-1" in err.value.problems[0].message and "打不开" in err.value.problems[0].message
    assert ledger.check(project, entries[:2], site) == []
    assert ledger.unissued_stations(project, entries, site) == [s for s in project.villages if s != sid]
    assert item not in ledger.unissued(project, entries, site)


@pytest.mark.slow  # full builds
def test_changed_site_url_breaks_issued_codes(small_county, tmp_path):
    county = tmp_path / "county"
    shutil.copytree(small_county, county, ignore=shutil.ignore_patterns(".stdkit-cache", "site"))
    build(county, tmp_path / "out", issue=True, pdf=False)
    (county / "mkdocs.yml").write_text("site_url: https://example.org/zw/\n", encoding="utf-8")
    with pytest.raises(StdkitError) as err:
        build(county, tmp_path / "out", pdf=False)
    assert {p.code for p in err.value.problems} == {"ledger-url"}
    assert err.value.problems[0].line == 2 and err.value.problems[0].file == ledger.LEDGER


def test_dashboard_without_reform_records_or_bundles(site_build):
    from toolkit.site import dashboard

    project = load_project(site_build[0])
    for iid, item in project.items.items():
        project.items[iid] = item.model_copy(update={"reform": None})
    project.bundles.clear()
    page = dict(dashboard.files(project))[dashboard.MD]
    assert "暂无改革前记录" in page and "暂无一事联办" in page


@pytest.mark.slow  # full builds
def test_unchanged_sources_skip_the_rebuild(small_county, tmp_path):
    county = tmp_path / "county"
    shutil.copytree(small_county, county, ignore=shutil.ignore_patterns(".stdkit-cache", "site"))
    out = tmp_path / "out"
    first = build(county, out, pdf=False)
    assert not first.skipped
    page = next(out.glob("items/**/index.html"))
    stamp = page.stat().st_mtime_ns
    second = build(county, out, pdf=False)
    assert second.skipped and second.manifest == first.manifest
    assert page.stat().st_mtime_ns == stamp
    # One edited item: the rebuild runs and publishes the edit.
    item = min((county / "items/services").glob("*/*.yaml"))
    item.write_text(item.read_text(encoding="utf-8").replace("\nname: ", "\nname: 新", 1), encoding="utf-8")
    third = build(county, out, pdf=False)
    assert not third.skipped
    # A damaged output is rebuilt even when the sources did not change.
    (out / "manifest.json").write_text("{}", encoding="utf-8")
    assert not build(county, out, pdf=False).skipped


def test_item_page_shows_audience_and_result_name_only_when_given(small_county):
    from toolkit.site.pages import item_page

    project = load_project(small_county)
    item = next(iter(project.items.values()))
    bare = item_page(
        project, item.model_copy(update={"audience": [], "result_name": None}), "https://x.cn/", None
    )
    assert "服务对象" not in bare and "办完得到" not in bare
    given = item.model_copy(update={"audience": ["自然人", "*企业*法人"], "result_name": "<b>营业执照</b>"})
    md = item_page(project, given, "https://x.cn/", None)
    assert "**服务对象**：自然人、\\*企业\\*法人" in md
    assert "- **办完得到**：&lt;b&gt;营业执照&lt;/b&gt;" in md

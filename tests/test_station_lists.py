"""Printed lists per village station (issue 11, point 4): each station's page names the station, its
township, its 代办员 phone and hours (待补充 when not given, never invented); items by department,
then 年办件量; names ≥ 12 pt; and no code on a station's page leads to a guide showing 待补充."""

from __future__ import annotations

import dataclasses
import json
import re
import subprocess
from pathlib import Path

import pytest
from sitehelp import typeset_list
from test_citizen_site import _pgm_pages

from toolkit.core import urls
from toolkit.core.load import load_project
from toolkit.office import model as m
from toolkit.office import qrcode as qr
from toolkit.site import posters, venues

ROOT = Path(__file__).resolve().parent.parent
SITE_URL = "https://zw.jianshi.gov.cn/"


@pytest.fixture(scope="module")
def jianshi():
    return load_project(ROOT)


def _qrs(project):
    return {
        i: (urls.short_url(SITE_URL, i), qr.svg_bytes(urls.short_url(SITE_URL, i))) for i in project.items
    }


def _station_venue(project, township_id):
    return next(v for v in venues.venues(project) if v.id == venues.village_group_id(township_id))


def test_items_ordered_by_department_then_volume(jianshi):
    ids = tuple(jianshi.village_items)
    rank = list(jianshi.departments)
    dept = {i: jianshi.items[i].department for i in ids}
    busiest = max({d for d in dept.values()}, key=lambda d: sum(1 for v in dept.values() if v == d))
    mine = [i for i in ids if dept[i] == busiest]
    volumes = {mine[-1]: 900, mine[0]: 30}  # the last one is the most frequent; the others have no figure
    project = dataclasses.replace(jianshi, village_volumes=volumes)
    groups = venues.by_department(project, ids, volumes)
    order = [i for _, g in groups for i in g]
    assert sorted(order) == sorted(ids)
    assert [rank.index(dept[i]) for i in order] == sorted(rank.index(dept[i]) for i in order)
    short = jianshi.departments[busiest].short_name
    assert dict(groups)[short] == (mine[-1], mine[0], *mine[1:-1])


@pytest.mark.slow  # typesets a whole list's PDF with Typst and reads it back (about 8–10 s of CPU)
def test_station_page_shows_its_own_name_phone_and_hours(jianshi):
    stations = jianshi.villages_of("yezhou")
    changed = {
        **jianshi.villages,
        stations[0].id: stations[0].model_copy(
            update={
                "name": "甲&乙村便民服务站",
                "agent": "张三",
                "hours": "周一至周五 8:30—17:30",
                "phone": "0718-3000001",  # a phone the county confirmed (the bundled ones are examples)
                "example": False,
            }
        ),
        stations[1].id: stations[1].model_copy(update={"phone": None}),
    }
    project = dataclasses.replace(jianshi, villages=changed)
    venue = _station_venue(project, "yezhou")
    assert venue.sites == tuple(s.id for s in stations) and venue.pdf_id == venue.id
    html = posters.poster_html(project, venue, _qrs(project), frozenset())
    pages = html.split('<section class="site"')[1:]
    assert len(pages) == len(stations)
    first, second = pages[0], pages[1]
    assert "甲&amp;乙村便民服务站" in first and "甲&乙" not in html  # escaped
    assert "代办员：张三" in first and "周一至周五 8:30—17:30" in first and "0718-3000001" in first
    assert "业州镇" in first
    assert stations[1].name in second and "代办员电话：待补充" in second and "开放时间：待补充" in second
    assert "0718-3000001" not in second and "张三" not in second
    # every code is defined once and used on every station's page
    assert html.count("<symbol ") == len(jianshi.village_items)
    assert all(p.count("<use ") == len(jianshi.village_items) for p in pages)


def test_no_station_list_prints_an_illustrative_phone(jianshi):
    """The bundled stations' phones (0718-3351001…) are illustrative: each station says so in its data
    (`example: [phone]`), and no list prints one as the station's number."""
    stations = list(jianshi.villages.values())
    assert all(s.is_example("phone") and s.phone is None for s in stations)
    qrs = _qrs(jianshi)
    for township in jianshi.townships:
        html = posters.poster_html(jianshi, _station_venue(jianshi, township), qrs, frozenset())
        assert not re.search(r"0718-335[0-9]{4}", html), township
        pages = html.split('<section class="site"')[1:]
        assert pages and all("代办员电话：待补充" in p for p in pages)


@pytest.mark.slow  # typesets a whole list's PDF with Typst and reads it back (about 8–10 s of CPU)
def test_township_centres_list_has_a_page_per_centre_with_its_contacts(jianshi):
    """The shared township list prints each centre's own address, phone and hours on its own pages;
    a centre without a phone shows 待补充; each centre's printable page is its part of that list."""
    towns = list(jianshi.townships.values())
    changed = {**jianshi.townships, towns[1].id: towns[1].model_copy(update={"phone": None, "address": None})}
    project = dataclasses.replace(jianshi, townships=changed)
    by_id = {v.id: v for v in venues.venues(project)}
    shared = by_id[venues.ALL_TOWNSHIPS]
    assert shared.sites == tuple(project.townships) and shared.pdf_id == shared.id
    assert shared.title == f"全县{len(towns)}个乡镇便民服务中心"
    html = posters.poster_html(project, shared, _qrs(project), frozenset())
    pages = html.split('<section class="site"')[1:]
    assert len(pages) == len(towns)
    first, second = pages[0], pages[1]
    assert towns[0].name in first and f"电话：{towns[0].phone}" in first and towns[0].hours in first
    assert f"地址：{towns[0].address}" in first
    assert towns[1].name in second and "电话：待补充" in second and "地址：待补充" in second
    assert towns[0].phone not in second
    assert html.count("<symbol ") == len(jianshi.township_items)
    assert all(p.count("<use ") == len(jianshi.township_items) for p in pages)
    own = by_id[towns[0].id]
    assert own.pdf_id == venues.ALL_TOWNSHIPS and own.sites == (towns[0].id,)
    own_html = posters.poster_html(project, own, _qrs(project), frozenset())
    assert own_html.count('<section class="site"') == 1 and f"电话：{towns[0].phone}" in own_html
    pending = frozenset(jianshi.township_items[:1])
    with_pending = posters.poster_html(project, own, _qrs(project), pending)
    assert "请到本中心咨询" in with_pending and "请到本站咨询" not in with_pending


def test_volumes_must_name_listed_items(jianshi, tmp_path):
    import shutil

    from toolkit.core.errors import StdkitError

    county = tmp_path / "county"
    shutil.copytree(ROOT / "items", county / "items")
    shutil.copytree(ROOT / "flowcharts", county / "flowcharts")
    f = county / "items/network/village-items.yaml"
    f.write_text(f.read_text(encoding="utf-8") + "volumes:\n  no-such-item: 5\n", encoding="utf-8")
    with pytest.raises(StdkitError) as err:
        load_project(county, use_cache=False)
    problem = next(p for p in err.value.problems if "no-such-item" in p.message)
    assert problem.file.endswith("village-items.yaml") and problem.line > 0 and "volumes" in problem.path


def test_station_lists_in_the_built_site(jianshi_site, browser, tmp_path):
    """Built from the bundled data: names ≥ 12 pt (computed in Chromium), one page per station, and the
    codes on the first station's printed pages decode to guides without 待补充."""
    import zxingcpp

    from toolkit.core.cachedir import project_cache

    _, site, project = jianshi_site
    manifest = json.loads((site / "manifest.json").read_text(encoding="utf-8"))
    lists = manifest["station_lists"]
    assert len(lists) == len(project.villages)
    entry = next(s for s in lists if s["township"] == "yezhou")
    assert entry["codes"] > 0 and entry["without_code"] > 0
    html_file = project_cache(project.root, "site") / "docs" / entry["html"].split("#")[0]
    page = browser.new_page()
    page.goto(html_file.as_uri())
    sizes = page.eval_on_selector_all(
        ".cell span, .pending li", "els => els.map(e => parseFloat(getComputedStyle(e).fontSize))"
    )
    page.close()
    assert sizes and min(sizes) >= 16  # 12 pt = 16 CSS px
    pdf = tmp_path / "list.pdf"  # the township's station lists typeset as the build does (Typst)
    pdf.write_bytes(typeset_list(project, venues.village_group_id("yezhou"), manifest["site_url"], tmp_path))
    stations = project.villages_of("yezhou")
    texts = [
        subprocess.run(
            ["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for n in range(1, 12)
    ]
    mine = range(next(n for n, t in enumerate(texts) if stations[1].name in t))  # the first station's pages
    # the bundled stations' phones are illustrative (example), so the list prints 待补充, never the number
    first_page = re.sub(r"\s+", "", texts[0])
    assert stations[0].name in texts[0] and "电话：待补充" in first_page and "开放时间：待补充" in first_page
    assert stations[1].name in texts[len(mine)]  # the next station starts on a new page
    found = set()
    for n, (width, height, pixels) in enumerate(_pgm_pages(pdf, dpi=150)):
        if n in mine:
            image = memoryview(pixels[: width * height]).cast("B", (height, width))
            found |= {b.text for b in zxingcpp.read_barcodes(image)}
    # the station's own code, registered in the ledger: its page, with its phone and hours (待补充: not given)
    own = urls.station_url(manifest["site_url"], stations[0].id)
    assert own in found, sorted(found)[:3]
    station_page = (site / own.removeprefix(manifest["site_url"]) / "index.html").read_text(encoding="utf-8")
    assert stations[0].name in station_page and "离线保存本站事项" in station_page
    facts = re.sub(r"<[^>]+>|\s+", "", station_page)
    assert "电话：待补充" in facts and "开放时间：待补充" in facts, facts[:400]
    found.discard(own)
    assert len(found) == entry["codes"], (len(found), entry["codes"])
    for url in found:
        guide = site / url.removeprefix(manifest["site_url"]) / "index.html"
        assert "待补充" not in guide.read_text(encoding="utf-8"), url
    assert "暂不印二维码" in "".join(texts[n] for n in mine)
    assert re.search(rf"{entry['without_code']} 项，暂不印二维码", "".join(texts[n] for n in mine))


def _codes(blocks) -> list[str]:
    """The URLs of a document's QR codes, in reading order (inside tables too)."""
    out: list[str] = []
    for b in blocks:
        if isinstance(b, m.QR):
            out.append(b.url)
        elif isinstance(b, m.Table):
            out += [u for row in b.rows for cell in row.cells for u in _codes(cell.blocks)]
    return out


def test_each_station_list_starts_with_the_stations_own_code(jianshi):
    """Each village station's printed pages open with its own code (its page), then the item codes as
    before; a township centre's list gets no station code."""
    venue, qrs = _station_venue(jianshi, "yezhou"), _qrs(jianshi)
    docs = posters.poster_documents(jianshi, venue, qrs, frozenset(), site_url=SITE_URL)
    items = [urls.short_url(SITE_URL, i) for _, ids in venue.groups for i in ids]
    for sid, doc in zip(venue.sites, docs, strict=True):
        assert _codes(doc.blocks) == [urls.station_url(SITE_URL, sid), *items], sid
        assert "本站二维码" in m.texts(doc.blocks)
    centres = next(v for v in venues.venues(jianshi) if v.id == venues.ALL_TOWNSHIPS)
    docs = posters.poster_documents(jianshi, centres, qrs, frozenset(), site_url=SITE_URL)
    assert not [u for d in docs for u in _codes(d.blocks) if "/stations/" in u]


def test_list_pdf_is_keyed_by_its_documents(jianshi, tmp_path, monkeypatch):
    """A list whose documents did not change comes from the cache without being written as Typst markup
    (its codes not even encoded); a changed document makes a new PDF with the change in it."""
    from toolkit.core.store import ArtefactCache
    from toolkit.office import typst_pdf

    venue = next(v for v in venues.venues(jianshi) if v.id == jianshi.centre.id)
    small = dataclasses.replace(venue, groups=venue.groups[:1], item_ids=venue.groups[0][1][:3])
    qrs = _qrs(jianshi)
    docs = posters.poster_documents(jianshi, small, qrs, set(), site_url=SITE_URL)
    written = []
    real = typst_pdf.markup
    monkeypatch.setattr(typst_pdf, "markup", lambda d, t: written.append(t) or real(d, t))

    def made(documents):
        jobs = posters.PdfJobs(ArtefactCache(tmp_path, "pdf"), epoch=0)
        jobs.submit(small.id, "清单", documents)
        out = jobs.results()[small.id]
        assert not jobs.errors
        return out

    first = made(docs)
    assert len(written) == 1
    again = made(posters.poster_documents(jianshi, small, qrs, set(), site_url=SITE_URL))
    assert again == first and len(written) == 1  # equal documents: the cache, no markup
    renamed = jianshi.county.model_copy(update={"name": "另一县"})
    other = posters.poster_documents(
        dataclasses.replace(jianshi, county=renamed), small, qrs, set(), site_url=SITE_URL
    )
    changed = made(other)
    assert len(written) == 2 and changed != first
    assert "另一县" in _pdf_text(changed) and "另一县" not in _pdf_text(first)


def _pdf_text(pdf: bytes) -> str:
    import io

    import pypdf

    return "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)

"""A village station's own page (issue #31): its name, 代办员, phone and hours from the data, and its items
with their guides; a guide opened from it shows the station's phone and hours (Chromium)."""

from __future__ import annotations

import yaml

from toolkit.core import urls
from toolkit.core.load import load_project
from toolkit.site import venues


def test_station_page_from_the_data(county_copy):
    path = county_copy / "items/network/villages.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["villages"][0].update(agent="张*三", phone="0718-3300001", hours="周一至周五 8:30—17:30")
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    project = load_project(county_copy)
    sid = data["villages"][0]["id"]
    md = venues.station_page(project, sid)
    assert "# " + data["villages"][0]["name"] in md
    assert "张\\*三" in md  # escaped: shown as typed, not as emphasis
    assert "[0718-3300001](tel:07183300001)" in md and "周一至周五 8:30—17:30" in md
    assert all(f"(../items/{i}.md)" in md for i in project.village_items)
    assert "离线保存本站事项" in md
    other = venues.station_page(project, data["villages"][1]["id"])
    assert other.count('<span class="stdkit-pending">') == 3  # no agent, phone or hours given
    group = venues.villages_page(project, data["villages"][0]["township"], venues.venues(project)[-1], False)
    assert f"(../{urls.station_md(sid)})" in group


def test_a_guide_reached_from_a_station_shows_it(site_server, browser):
    base, site = site_server
    station = min(p.parent.name for p in (site / "stations").glob("*/index.html"))
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    try:
        page.goto(base + f"stations/{station}/", wait_until="networkidle")
        name = page.locator(".md-content h1").inner_text()
        assert page.locator("header .stdkit-elder-switch").is_visible()
        page.locator(".md-content table a[href*='/items/']").first.click()
        page.wait_for_load_state("networkidle")
        box = page.locator(".stdkit-station")
        assert box.is_visible() and name in box.inner_text() and "您的便民服务站" in box.inner_text()
    finally:
        context.close()

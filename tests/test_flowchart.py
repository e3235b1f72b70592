"""Phone-first flowcharts: CJK-aware wrapping of labels and charts narrow enough that their smallest
text stays legible when fitted to a 360 px phone (the browser test measures the displayed width)."""

from __future__ import annotations

import re
import shutil

from toolkit.site import flowchart

CLOSING = "、，。；：！？）」”》"


def test_wrap_breaks_between_words_only():
    lines = flowchart.wrap("申请材料不齐全或者不符合法定形式", 6)
    assert "".join(lines) == "申请材料不齐全或者不符合法定形式" and len(lines) <= 4
    assert not any(ln.endswith("不") or ln.startswith(("材料", "齐全", "符合", "定形")) for ln in lines), (
        lines
    )
    for line in flowchart.wrap("县公安局治安管理大队审批岗，30分钟", 8):
        assert "30分钟" in line or "30" not in line  # a number stays with its unit
    assert "".join(flowchart.wrap("高效办成“一件事”窗口", 5)).count("一件事") == 1
    assert all("一件事" in ln or "一件" not in ln for ln in flowchart.wrap("高效办成“一件事”窗口", 5))


def test_no_line_starts_with_closing_punctuation():
    texts = [
        "受理、审查与决定（告知承诺制），30分钟",
        "一表申请、勾选事项",
        "营业执照、特行许可证、卫生许可证等一次发放",
    ]
    for text in texts:
        for width in (4, 5, 6, 8):
            lines = flowchart.wrap(text, width)
            assert "".join(lines) == text
            assert not any(ln[0] in CLOSING for ln in lines), (text, width, lines)
            assert not any(ln[-1] in "（“《" for ln in lines), (text, width, lines)


def rendered_lines(svg: str) -> list[str]:
    return [t for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]


def smallest_text_px(svg: str, displayed_px: float) -> float:
    """Smallest text of the chart in CSS px when the SVG is drawn `displayed_px` wide."""
    width_pt = float(re.search(r'<svg width="([0-9.]+)pt"', svg).group(1))
    sizes = [float(x) for x in re.findall(r'font-size="([0-9.]+)"', svg)]
    return min(sizes) * displayed_px / width_pt


def test_a_chart_rendered_alone_equals_the_same_chart_rendered_with_others(small_county, tmp_path):
    """An incremental build renders only the changed charts: a chart must not depend on its batch."""
    from toolkit.core.load import load_project
    from toolkit.core.store import ArtefactCache

    project = load_project(small_county)
    together = flowchart.render_all(project, ArtefactCache(tmp_path, "all"))
    assert len(set(together.values())) > 1
    for item_id in list(together)[:3]:
        cache = ArtefactCache(tmp_path, f"alone-{item_id}")
        shutil.copytree(tmp_path / "all", cache.dir)
        for entry in cache.dir.iterdir():  # every chart cached but this one: it is rendered on its own
            if entry.read_bytes() == together[item_id]:
                entry.unlink()
        alone = flowchart.render_all(project, cache)
        assert cache.misses == 1 and alone[item_id] == together[item_id]
    assert not any(b"page0," in svg for svg in together.values())


def test_a_role_name_is_never_broken_inside_the_word():
    """The chart of 行政给付 printed "代办\\n员": the role stays whole at the phone's and the page's widths."""
    for width in (6, 8, 11):
        lines = flowchart.wrap("申请人或村（社区）帮办代办员", width)
        assert any("帮办代办员" in ln for ln in lines), (width, lines)


def test_each_stage_a_flow_title_names_is_in_its_steps():
    """A title's （…） lists the stages the chart shows: each shares a word (two characters) with a step's
    name or actor — 行政给付's template was titled 村收件、乡镇初审 while its chart received at the
    综合受理窗口."""
    from pathlib import Path

    import yaml

    root = Path(__file__).resolve().parent.parent
    files = sorted((root / "flowcharts").glob("*.yaml")) + sorted(
        (root / "toolkit/onboarding/data/flowcharts").glob("*.yaml")
    )
    checked = 0
    for path in files:
        flow = yaml.safe_load(path.read_text(encoding="utf-8"))
        found = re.search(r"（(.*)）$", flow["title"])
        if not found:
            continue
        words = " ".join(s["name"] + " " + s.get("actor", "") for s in flow["steps"])
        for stage in re.split(r"[、，]", found.group(1)):
            checked += 1
            assert any(stage[i : i + 2] in words for i in range(len(stage) - 1)), (path.name, stage)
    assert checked > 10


def test_no_office_name_broken_and_no_last_line_of_one_character():
    """ "市容管理\\n股核查人员" and a lone "时）" on the last line: an office's suffix stays with its name, a
    last line of one character takes the word before it along."""
    for width in (8, 11):
        lines = flowchart.wrap("县城管执法局市容管理股核查人员", width)
        assert any("市容管理股" in ln for ln in lines), (width, lines)
    for text in (
        "（经调查核实不符合给付条件时）",
        "（不符合法定条件、标准时）",
        "（经审核不符合确认条件时）",
    ):
        for width in (6, 8):
            lines = flowchart.wrap(text, width)
            assert "".join(lines) == text
            last = "".join(ch for ch in lines[-1] if ch not in CLOSING)
            assert len(last) > 1, (text, width, lines)

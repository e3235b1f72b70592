"""The standard compiled from a full-scale generated county: DOCX read back with python-docx (cover, order,
fixed wordings, numbering, fonts, headers, page-number formats, figures = stats), web pages, 编制说明,
requirements, byte-identical rebuilds, no partial outputs."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.section import WD_SECTION
from docx.oxml.ns import qn

from toolkit.build.standard import build, compile_all
from toolkit.core.cachedir import ContentCache
from toolkit.core.errors import StdkitError
from toolkit.core.figures import compute
from toolkit.standard import load_requirements

ROOT = Path(__file__).resolve().parent.parent
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="session")
def full_project(tmp_path_factory):
    from toolkit.core.load import load_project
    from toolkit.demo import generate

    out = tmp_path_factory.mktemp("std-full") / "county"
    generate(out)
    return load_project(out)


@pytest.fixture(scope="session")
def compiled(full_project):
    return compile_all(full_project, standard=ROOT)


@pytest.fixture(scope="session")
def document(compiled):
    return docx.Document(io.BytesIO(compiled["docx"]))


def _xml(compiled, part: str) -> str:
    return zipfile.ZipFile(io.BytesIO(compiled["docx"])).read(part).decode("utf-8")


def _all_text(document) -> str:
    texts = [p.text for p in document.paragraphs]
    for t in document.tables:
        for row in t.rows:
            texts.extend(c.text for c in row.cells)
    return "\n".join(texts)


def test_cover_fields(document, compiled):
    meta = compiled["meta"]
    cover = []
    for p in document.paragraphs:
        cover.append(p.text)
        if "发布" in p.text and meta.issuer in p.text:
            break
    text = "\n".join(cover)
    assert "ICS 03.080.01" in text and "CCS A12" in text and "湖北省地方标准" in text
    assert "DB42/T XXXX\u20142024" in text and "-" not in meta.number and "–" not in meta.number
    assert meta.title in cover and meta.english_title in cover and "（征求意见稿）" in cover
    assert "在提交反馈意见时，请将您知道的相关专利连同支持性文件一并附上。" in cover
    assert "湖北省市场监督管理局　发布" in cover
    assert re.search(r"XXXX-XX-XX发布\tXXXX-XX-XX实施", text)
    title = next(p for p in document.paragraphs if p.text == meta.title)
    rpr = title.runs[0]._r.rPr
    assert rpr.find(qn("w:sz")).get(qn("w:val")) == "52"  # 一号 = 26 pt
    assert rpr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "黑体"


def test_element_order_and_fixed_wordings(document, compiled):
    body = _xml(compiled, "word/document.xml")
    toc = body.index('TOC \\o "1-1"')
    foreword = body.index("前　　言")
    assert (
        toc
        < foreword
        < body.index(
            "本文件按照GB/T 1.1\u20142020《标准化工作导则\u3000第1部分：标准化文件的结构和起草规则》的规定起草。"
        )
    )
    texts = [p.text for p in document.paragraphs]
    assert "请注意本文件的某些内容可能涉及专利。本文件的发布机构不承担识别专利的责任。" in texts
    assert "本文件为首次发布。" in texts
    # the gap after the number is text (so a REF \r field shows the bare number "5.2")
    chapters = [p.text.removeprefix("\u3000") for p in document.paragraphs if p.style.name == "Heading 1"]
    assert chapters[:4] == ["范围", "规范性引用文件", "术语和定义", "总体要求"]
    assert {
        "县级政务服务中心",
        "乡镇便民服务中心",
        "村（社区）便民服务站",
        "事项管理",
        "一窗通办",
        "一事联办",
        "服务下沉",
        "队伍建设",
        "监督评价",
    } <= set(chapters)
    annexes = [p.text for p in document.paragraphs if p.style.name == "Annex Heading"]
    assert annexes == [
        "\n（规范性）\n政务服务事项清单的要素",
        "\n（规范性）\n一事联办事项目录的要素",
        "\n（资料性）\n县乡村政务服务体系建设示例",
        "\n（资料性）\n标准化办事流程图示例",
        "\n（规范性）\n核查方法",
    ]
    order = [texts.index(x) for x in ("前　　言", "\u3000范围", "参　考　文　献")]
    assert order == sorted(order)
    assert texts.index("参　考　文　献") > max(
        i for i, p in enumerate(document.paragraphs) if p.style.name == "Annex Heading"
    )
    lead = "下列文件中的内容通过文中的规范性引用而构成本文件必不可少的条款。"
    assert any(t.startswith(lead) for t in texts) and "下列术语和定义适用于本文件。" in texts
    # no typed numbers in headings: Word's numbering provides them
    heads = [p.text for p in document.paragraphs if p.style.name.startswith(("Heading", "Annex Heading"))]
    assert not any(re.match(r"^\s*([0-9]+(\.[0-9]+)*|[A-Z]\.[0-9]+)\s", h) for h in heads)


def test_numbering_bound_to_heading_styles(document, compiled):
    numbering = _xml(compiled, "word/numbering.xml")
    styles = {s.name: s for s in document.styles}
    for i in range(1, 6):
        assert f'<w:pStyle w:val="Heading{i}"/>' in numbering
        numpr = styles[f"Heading {i}"].element.pPr.find(qn("w:numPr"))
        assert numpr is not None and numpr.find(qn("w:ilvl")).get(qn("w:val")) == str(i - 1)
    assert '<w:lvlText w:val="%1.%2.%3"/>' in numbering
    assert '<w:numFmt w:val="upperLetter"/>' in numbering and '<w:lvlText w:val="附录%1"/>' in numbering


def test_fonts_and_sizes(document, compiled):
    styles_xml = _xml(compiled, "word/styles.xml")
    assert re.search(r'<w:rPrDefault><w:rPr><w:rFonts [^>]*w:eastAsia="宋体"', styles_xml)
    assert 'w:eastAsia="zh-CN"' in styles_xml
    s = {st.name: st for st in document.styles}

    def fonts(name):
        rpr = s[name].element.rPr
        return rpr.find(qn("w:rFonts")).get(qn("w:eastAsia")), int(rpr.find(qn("w:sz")).get(qn("w:val"))) / 2

    assert fonts("Normal") == ("宋体", 10.5)
    assert fonts("Heading 1") == ("黑体", 10.5) and fonts("Heading 3") == ("黑体", 10.5)
    assert fonts("Note") == ("宋体", 9) and fonts("Table Text") == ("宋体", 9)
    assert fonts("Front Heading") == ("黑体", 16)


def test_headers_and_page_number_formats(document, compiled):
    number = compiled["meta"].number
    secs = document.sections
    assert len(secs) == 5  # cover, front matter, body, 附录D's charts in two columns, the rest
    assert all(s.header.paragraphs[0].text == number for s in secs[1:])
    fmts = [
        (
            s._sectPr.find(qn("w:pgNumType")).get(qn("w:fmt")),
            s._sectPr.find(qn("w:pgNumType")).get(qn("w:start")),
        )
        for s in secs[1:]
    ]
    # the charts' sections run on: page numbers continue, no restart
    assert fmts == [("upperRoman", "1"), ("decimal", "1"), ("decimal", None), ("decimal", None)]
    cols = [s._sectPr.find(qn("w:cols")).get(qn("w:num")) for s in secs[2:]]
    assert cols[1:] == ["2", "1"] and [s.start_type for s in secs[3:]] == [WD_SECTION.CONTINUOUS] * 2
    charts = [p.text for p in document.paragraphs if p.text.startswith("图D.")]
    assert len(charts) >= 2  # a run of charts: set in the two-column section
    assert "PAGE" in _xml(compiled, "word/footer1.xml") + _xml(compiled, "word/footer2.xml")
    assert round(secs[0].page_width.mm) == 210 and round(secs[0].page_height.mm) == 297


def test_every_quoted_figure_equals_stats(document, full_project, compiled):
    s = compute(full_project)
    c, text = s.counts, _all_text(document)
    expected = [
        f"{c.venues['乡镇']}个乡镇便民服务中心均设置1个公安窗口和1个综合服务区",
        f"{c.venues['村']}个村（社区）便民服务站均设置1个便民服务窗口",
        f"清理政务服务事项{s.clearing.items_before}项，依法依规压减{s.clearing.items_reduced}项",
        f"审批权限下放{c.township_modes['下放']}项、收件端前移{c.township_modes['收件端前移']}项",
        f"满意度为{s.satisfaction_percent}%",
        f"“1+{c.hall['special_zones']}”",
    ]
    for e in expected:
        assert e in text, e
    assert (c.items, c.items_by_level["乡镇"], c.items_by_level["村"]) == (1341, 328, 97)
    dept_table = [t for t in document.tables if t.rows[0].cells[1].text == "实施部门"][-1]  # its last part
    assert dept_table.rows[-1].cells[2].text == str(c.items)
    level_table = next(t for t in document.tables if t.rows[0].cells[0].text == "层级")
    assert [r.cells[3].text for r in level_table.rows[1:]] == [
        str(c.items_by_level[k]) for k in ("县级", "乡镇", "村")
    ]
    md = compiled["explanation_md"]
    assert f"清理行政权力事项和公共服务事项{s.clearing.items_before}项" in md and "{{" not in md


def test_explanation_has_the_provincial_outline_and_speaks_of_the_standard_only():
    from toolkit.core.load import load_project
    from toolkit.standard.linter import TOOLKIT_WORDS

    md = compile_all(load_project(ROOT), standard=ROOT)["explanation_md"]
    heads = [line[3:] for line in md.splitlines() if line.startswith("## ")]
    assert heads == [
        "一、任务来源",
        "二、制定的必要性、目的和意义",
        "三、主要工作过程",
        "四、编制原则和依据",
        "五、主要内容及其确定依据",
        "六、采用国际标准和国外先进标准情况",
        "七、重大分歧意见的处理经过和依据",
        "八、标准性质的建议",
        "九、贯彻标准的要求和措施建议",
        "十、预期效益",
        "十一、其他应予说明的事项",
    ]
    for phrase in (
        "2022年6月",
        "湖北省地方标准项目政务类立项计划（第一批）",
        "工作组成员及分工",
        "（三）主要试验（验证）的分析",
        "（三）与法律法规和强制性标准的关系",
        "《中华人民共和国行政许可法》",
        "不涉及废止现行有关标准",
        # the report's own words (sources/jianshi-report.txt), not paraphrased or recomputed
        "跑动次数最多要13次,前后用时至少1周",
        "将开旅店7件必办事项、6件选办事项纳入一张申请表",
        "办完13件事最快仅需30分钟",
        "办结时限从最多需要2天压缩至最短20分钟以内",
        "标准起草组　2024年6月28日",
        "已经有81个县(市、区)来考察啦",
        "减材料3891件;压减办理环节1806个;累计压减承诺时限26945个工作日",
        "共减环节128个,同比减少82%;减材料225件,同比减少71%;减时限247个工作日,同比减少71%;减跑动次数83次,同比减少80%;减少直接费用近200万元",
    ):
        assert phrase in md, phrase
    assert not [w for w in TOOLKIT_WORDS if w in md] and "比对" not in md


def test_figures_are_embedded_pngs(compiled, document):
    names = zipfile.ZipFile(io.BytesIO(compiled["docx"])).namelist()
    pngs = [n for n in names if n.startswith("word/media/") and n.endswith(".png")]
    assert pngs and len(pngs) == len(compiled["pngs"])
    captions = [p.text for p in document.paragraphs if p.text.startswith("图D.")]
    assert len(captions) == len(pngs)


def test_figures_kept_in_the_cache_are_those_drawn(full_project, compiled, tmp_path):
    """The flowchart PNGs come from the cache on the second compile (no jieba, no Graphviz), unchanged."""
    cache = ContentCache(tmp_path / "figures")
    cold = compile_all(full_project, cache, standard=ROOT)
    warm = compile_all(full_project, cache, standard=ROOT)
    n = len(compiled["pngs"])
    assert n and (cache.misses, cache.hits) == (n, n)
    assert list(cold["pngs"].items()) == list(warm["pngs"].items()) == list(compiled["pngs"].items())
    assert cold["docx"] == warm["docx"] == compiled["docx"]


def test_word_files_kept_by_what_they_are_written_from(full_project, compiled, tmp_path):
    """The Word files come from the cache when the parsed text, metadata and figures are the same (an edit
    the text does not show), byte for byte what writing them gives; a changed text writes them again."""
    words = ContentCache(tmp_path / "words")
    cold = compile_all(full_project, standard=ROOT, words=words)
    assert (words.misses, words.hits) == (2, 0)
    warm_cache = ContentCache(tmp_path / "words")
    warm = compile_all(full_project, standard=ROOT, words=warm_cache)
    assert (warm_cache.misses, warm_cache.hits) == (0, 2)
    assert cold["docx"] == warm["docx"] == compiled["docx"]
    assert cold["explanation_docx"] == warm["explanation_docx"] == compiled["explanation_docx"]
    folder = tmp_path / "county"  # a folder holding standard/, as the county's
    shutil.copytree(ROOT / "standard", folder / "standard")
    clause = next(
        p for p in sorted((folder / "standard").glob("*.md")) if "受理" in p.read_text(encoding="utf-8")
    )
    clause.write_text(clause.read_text(encoding="utf-8").replace("受理", "受理（改）", 1), encoding="utf-8")
    edited_cache = ContentCache(tmp_path / "words")
    edited = compile_all(full_project, standard=folder, words=edited_cache)
    assert edited_cache.misses == 2 and edited["docx"] != cold["docx"]  # the 编制说明 quotes the text too
    assert "受理（改）" in "".join(p.text for p in docx.Document(io.BytesIO(edited["docx"])).paragraphs)


def test_two_builds_are_byte_identical(full_project, compiled):
    again = compile_all(full_project, standard=ROOT)
    assert again["docx"] == compiled["docx"]
    assert again["explanation_docx"] == compiled["explanation_docx"]
    core = _xml(compiled, "docProps/core.xml")
    when = compiled["meta"].date_time()  # the draft date (SOURCE_DATE_EPOCH does not move it)
    assert when.strftime("%Y-%m-%dT%H:%M:%SZ") in core and "python-docx" not in core
    assert {i.date_time for i in zipfile.ZipFile(io.BytesIO(compiled["docx"])).infolist()} == {
        when.timetuple()[:6]
    }


def test_requirements_have_ids_levels_and_real_text(full_project):
    reqs = load_requirements(ROOT, full_project)
    ids = [r.id for r in reqs]
    assert len(ids) == len(set(ids)) and len(reqs) > 50
    assert all(
        r.level in ("应", "宜", "可", "陈述") and r.file.startswith("standard/") and r.line > 0 for r in reqs
    )
    assert all("〔" not in r.text and "{{" not in r.text and r.text.endswith(("。", "；")) for r in reqs)
    byid = {r.id: r for r in reqs}
    hall = byid["county-hall-setup"]
    assert hall.clause == "5.2.1" and hall.level == "应" and hall.chapter == "县级政务服务中心"
    assert "自助服务区" in hall.text and "统一出件区" in hall.text
    assert (
        byid["county-special-zone-allowed"].level == "可" and byid["county-hall-self-service"].level == "宜"
    )
    assert byid["scope-content"].level == "陈述"
    assert "表A.1" in byid["annex-items-elements"].text and byid["annex-items-elements"].level == "应"


def test_requirements_read_the_same_without_data(tmp_path, full_project):
    """Provisions are generic: no county figure in them, so they render alike with and without data."""
    shutil.copytree(ROOT / "standard", tmp_path / "standard")
    bare = [(r.id, r.text) for r in load_requirements(tmp_path)]
    assert bare == [(r.id, r.text) for r in load_requirements(ROOT, full_project)]
    assert not any("〔数据〕" in t for _, t in bare)


def test_build_writes_pages_and_downloads(full_project, tmp_path):
    docs, downloads = tmp_path / "docs/standard", tmp_path / "docs/downloads"
    result = build(full_project, docs, downloads, pdf=False, standard=ROOT)
    assert result["docx"] == "downloads/standard.docx" and result["pdf"] is None
    assert (downloads / "standard.docx").stat().st_size > 10000 and (downloads / "explanation.md").is_file()
    assert result["pages"] == len(list(docs.glob("*.md"))) and result["requirements"] > 50
    for page in docs.glob("*.md"):
        for target in re.findall(r"\]\(([^)#]+)\)", page.read_text(encoding="utf-8")):
            assert (page.parent / target).resolve().is_file(), (page.name, target)
    assert "<a " not in (docs / "index.md").read_text(encoding="utf-8")
    assert "| 1 | " in (docs / "22-annex-example.md").read_text(encoding="utf-8")


def test_bad_metadata_writes_nothing(full_project, tmp_path):
    root = tmp_path / "src"
    shutil.copytree(ROOT / "standard", root / "standard")
    meta = root / "standard/metadata.yaml"
    meta.write_text(
        meta.read_text(encoding="utf-8").replace("DB42/T XXXX ", "DB42/T XXXX-2024 "), encoding="utf-8"
    )
    with pytest.raises(StdkitError) as exc:
        build(full_project, tmp_path / "out/standard", tmp_path / "out/downloads", pdf=False, standard=root)
    assert exc.value.problems[0].file == "standard/metadata.yaml" and exc.value.problems[0].line == 2
    assert not (tmp_path / "out").exists()


def test_long_tables_continue_under_a_continued_heading_with_the_header_row():
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    from toolkit.core.load import load_project

    doc = docx.Document(io.BytesIO(compile_all(load_project(ROOT), standard=ROOT)["docx"]))
    body = doc.element.body
    items = list(body.iterchildren())
    conts = [
        (i, el)
        for i, el in enumerate(items)
        if el.tag == qn("w:p") and "".join(t.text or "" for t in el.iter(qn("w:t"))).endswith("（续）")
    ]
    assert conts
    tables = {id(t._tbl): t for t in doc.tables}
    for i, p in conts:
        assert p.find(qn("w:pPr")).find(qn("w:pageBreakBefore")) is not None
        after = tables[id(items[i + 1])]
        number = "".join(t.text for t in p.iter(qn("w:t")))[: -len("（续）")]
        first = next(
            tables[id(items[j + 1])]
            for j, el in enumerate(items)
            if el.tag == qn("w:p")
            and "".join(t.text or "" for t in el.iter(qn("w:t"))).startswith(number + "　")
        )
        assert [c.text for c in after.rows[0].cells] == [c.text for c in first.rows[0].cells]
        assert after.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    settings = doc.settings.element
    assert settings.find(qn("w:evenAndOddHeaders")) is not None
    for sec in doc.sections[1:]:
        assert sec.header.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
        assert sec.even_page_header.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.LEFT
        assert sec.even_page_header.paragraphs[0].text == sec.header.paragraphs[0].text
        assert sec.even_page_footer.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.LEFT
    styles_xml = doc.styles.element.xml
    assert 'w:ascii="Times New Roman"' in styles_xml and 'w:hAnsi="Times New Roman"' in styles_xml


def test_edition_year_comes_from_the_draft_date(tmp_path):
    from toolkit.standard.metadata import load_metadata

    shutil.copytree(ROOT / "standard", tmp_path / "standard")
    meta = tmp_path / "standard/metadata.yaml"
    text = meta.read_text(encoding="utf-8")
    meta.write_text(text.replace('draft_date: "2024-06-28"', 'draft_date: "2023-05-10"'), encoding="utf-8")
    assert load_metadata(tmp_path).number == "DB42/T XXXX\u20142023"
    meta.write_text(
        text.replace('draft_date: "2024-06-28"', 'draft_date: "2023-05-10"').replace(
            "number: DB42/T XXXX ", "number: DB42/T XXXX\u20142024 "
        ),
        encoding="utf-8",
    )
    with pytest.raises(StdkitError) as exc:
        load_metadata(tmp_path)
    assert exc.value.problems[0].line == 2 and "2023" in exc.value.problems[0].message

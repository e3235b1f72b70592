"""The window's paperwork on the bundled Jianshi data, read back from the real files: Word (python-docx), PDF
typeset by Typst from the same model (text by pdftotext, layout and outline by pdfplumber/pypdf), QR codes decoded by zxing-cpp."""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from toolkit.core import guide, urls
from toolkit.core.load import load_project
from toolkit.office import docx_kit as dk
from toolkit.office import docx_writer, typst_pdf
from toolkit.paperwork import facts, forms, handbook, notice, order

ROOT = Path(__file__).resolve().parent.parent
SITE = "https://zw.jianshi.gov.cn/"
WHEN = dt.datetime(2024, 1, 1)
A4_PAGES_MAX = 3


@pytest.fixture(scope="module")
def project():
    return load_project(ROOT)


@pytest.fixture(scope="module")
def papers(project, tmp_path_factory):
    """Word files and PDFs of the 开旅店 form, two item notices, a bundle notice and the handbook: one model
    each, its Word file and its PDF typeset by Typst."""
    out = tmp_path_factory.mktemp("papers")
    catalogue = next(i for i in project.items.values() if not i.materials)
    models = {  # one model, its Word file and its PDF typeset by Typst
        "handbook": handbook.handbook(project),
        "form": forms.bundle_form(project, project.bundles["kai-lvdian"], SITE),
        "notice": notice.item_notice(project, project.items["ga-lgtx"], SITE),
        "blank": notice.item_notice(project, catalogue, SITE),
        "bundle-notice": notice.bundle_notice(project, project.bundles["xinshenger"], SITE),
    }
    for name, doc in models.items():
        (out / f"{name}.docx").write_bytes(docx_writer.to_docx(doc, WHEN))
        (out / f"{name}.pdf").write_bytes(typst_pdf.to_pdf([doc], doc.title))
    return out, catalogue


def paragraphs(path: Path) -> list[str]:
    """Every paragraph's text, including those in (nested) table cells, each merged cell once."""
    body = Document(str(path)).element.body
    return ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in body.iter(qn("w:p"))]


def pdf_pages(path: Path) -> list[str]:
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


MM = 72 / 25.4
MARGIN = 18 * MM
# The form's label columns (two fields share a row): x ranges in points on the A4 page.
LABEL_COLUMNS = [
    (MARGIN, MARGIN + forms.LABEL_MM * MM),
    (MARGIN + 87 * MM, MARGIN + (87 + forms.LABEL_MM) * MM),
]


def column_text(path: Path, x0_mm: float, x1_mm: float) -> str:
    """The text of one table column (x range from the left margin, in mm) on every page, without spaces."""
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return "".join(
            flat(page.crop((MARGIN + x0_mm * MM - 2, 0, MARGIN + x1_mm * MM + 2, page.height)).extract_text())
            for page in pdf.pages
        )


def label_hits(page, label: str) -> list[dict]:
    """Where a field label stands on a PDF page (it may wrap inside its cell): searched in each label
    column separately, so the text of a neighbouring cell cannot interleave."""
    pattern = r"\s*".join(re.escape(c) for c in label)
    hits = []
    for x0, x1 in LABEL_COLUMNS:
        crop = page.crop((x0 - 2, 0, x1 + 2, page.height))
        hits += crop.search(pattern, regex=True)
    return hits


# --- 一表申请 -------------------------------------------------------------------------------------


def test_form_has_every_merged_field_exactly_once(project, papers):
    """Each field once and each person once: the operator (法定代表人（负责人、经营者）) is asked as the
    applicant, not a second time."""
    bundle = project.bundles["kai-lvdian"]
    texts = paragraphs(papers[0] / "form.docx")
    asked, merged = forms.asked_fields(bundle.form)
    assert merged and forms.OPERATOR not in asked
    labels = [forms.APPLICANT_AS_OPERATOR if f == forms.APPLICANT else project.fields[f].label for f in asked]
    for label in labels:
        assert texts.count(label) == 1, (label, texts.count(label))
    assert project.fields[forms.APPLICANT].label not in texts
    others = [f.label for f in project.fields.values() if f.id not in asked]
    assert not [x for x in others if x in texts]
    import pdfplumber

    with pdfplumber.open(papers[0] / "form.pdf") as pdf:
        for label in labels:
            assert sum(len(label_hits(page, label)) for page in pdf.pages) == 1, label


def test_form_lists_required_items_and_optional_items_with_boxes(project, papers):
    bundle = project.bundles["kai-lvdian"]
    assert (len(bundle.required), len(bundle.optional)) == (7, 6)
    texts = paragraphs(papers[0] / "form.docx")
    for n, item_id in enumerate(bundle.required, 1):
        name = project.items[item_id].name
        hits = [t for t in texts if f"{n}．{name}" in t]
        assert len(hits) == 1 and not hits[0].startswith(dk.BOX), name
        when = bundle.required_when.get(item_id)  # 社会保险登记: only for employers
        assert (f"仅{when}办理" in hits[0]) if when else ("仅" not in hits[0]), hits[0]
    assert bundle.required_when and "除注明的情形外均须办理" in "".join(texts)
    for n, item_id in enumerate(bundle.optional, len(bundle.required) + 1):
        name = project.items[item_id].name
        assert [t for t in texts if t.startswith(f"{dk.BOX}{n}．{name}")], name
    pdf = "".join(pdf_pages(papers[0] / "form.pdf"))
    assert pdf.count(dk.BOX) >= len(bundle.optional)


def test_form_lists_merged_materials_with_counts(project, papers):
    bundle = project.bundles["kai-lvdian"]
    doc = Document(str(papers[0] / "form.docx"))
    rows = []
    for table in doc.tables:
        for tr in table._tbl.tr_lst:
            rows.append(["".join(t.text or "" for t in tc.iter(qn("w:t"))) for tc in tr.tc_lst])
    numbers = {i: n for n, i in enumerate([*bundle.required, *bundle.optional], 1)}
    for m in bundle.materials:
        # a conditional material carries its condition after its name: 家庭成员关系证明（以家庭形式经营的）
        row = next(r for r in rows if len(r) == 5 and (r[1] == m.name or r[1].startswith(m.name + "（")))
        returned = any(x.name == m.name and x.returned for i in m.items for x in project.items[i].materials)
        assert row[2] == f"{m.form}{m.copies}份" + ("（核验后退还）" if returned else "")
        assert row[3] == "、".join(str(numbers[i]) for i in m.items)
        assert row[4] == dk.BOX
    assert next(r for r in rows if len(r) == 5 and r[1] == "申请人身份证件")[2].endswith("（核验后退还）")
    family = next(r for r in rows if len(r) == 5 and r[1].startswith("家庭成员关系证明"))
    assert family[1] != "家庭成员关系证明" and "家庭" in family[1].removeprefix("家庭成员关系证明"), family
    total = sum(m.copies for m in bundle.materials)
    assert f"共{len(bundle.materials)}种材料，纸质{total}份" in "".join(paragraphs(papers[0] / "form.docx"))


def _decode_png(data: bytes) -> list[str]:
    import zxingcpp
    from PIL import Image

    return [b.text for b in zxingcpp.read_barcodes(Image.open(io.BytesIO(data)).convert("L"))]


def test_form_qr_code_decodes_to_the_bundles_guide(project, papers, tmp_path):
    want = urls.bundle_url(SITE, "kai-lvdian")
    doc = Document(str(papers[0] / "form.docx"))
    images = [r.target_part.blob for r in doc.part.rels.values() if "image" in r.reltype]
    assert [_decode_png(png) for png in images] == [[want]]
    # and printed: the first PDF page rasterised at 150 dpi
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "150",
            "-f",
            "1",
            "-l",
            "1",
            "-png",
            str(papers[0] / "form.pdf"),
            str(tmp_path / "p"),
        ],
        check=True,
    )
    assert _decode_png(next(tmp_path.glob("p*.png")).read_bytes()) == [want]


def test_form_prints_on_at_most_three_a4_pages(papers):
    import pdfplumber

    with pdfplumber.open(papers[0] / "form.pdf") as pdf:
        assert 1 <= len(pdf.pages) <= A4_PAGES_MAX
        for page in pdf.pages:
            assert (round(page.width), round(page.height)) == (595, 842)  # A4 in points


def test_no_field_label_ends_a_page_with_its_box_on_the_next(project, papers):
    """Each field label's row closes (a horizontal rule under it, across the value column) on its own page,
    and every row of the form is marked unsplittable."""
    import pdfplumber

    asked, _ = forms.asked_fields(project.bundles["kai-lvdian"].form)
    labels = [forms.APPLICANT_AS_OPERATOR if f == forms.APPLICANT else project.fields[f].label for f in asked]
    found = 0
    with pdfplumber.open(papers[0] / "form.pdf") as pdf:
        for page in pdf.pages:
            rules = [e for e in page.edges if e["orientation"] == "h"]
            for label in labels:
                for hit in label_hits(page, label):
                    found += 1
                    below = [
                        e
                        for e in rules
                        if hit["bottom"] <= e["top"] <= hit["bottom"] + 120 and e["x1"] > hit["x1"] + 60
                    ]
                    assert below, f"“{label}” on page {page.page_number} has no box closing below it"
    assert found == len(labels)
    doc = Document(str(papers[0] / "form.docx"))
    for table in doc.tables:
        for tr in table._tbl.tr_lst:
            trpr = tr.trPr
            assert trpr is not None and trpr.find(qn("w:cantSplit")) is not None


def test_id_and_credit_code_fields_have_a_box_per_character(project, papers):
    doc = Document(str(papers[0] / "form.docx"))
    nested = [t for t in doc.element.body.iter(qn("w:tbl")) if t.getparent().tag == qn("w:tc")]
    widths = sorted(len(t.findall(f"{qn('w:tr')}/{qn('w:tc')}")) for t in nested)
    boxed = [f for f in project.bundles["kai-lvdian"].form if facts.boxes(project.fields[f])]
    assert widths == [18] * len(boxed) and len(boxed) == 2


# --- 一次性告知单 ---------------------------------------------------------------------------------


def test_notice_lists_every_material_of_its_item(project, papers):
    item = project.items["ga-lgtx"]
    doc = Document(str(papers[0] / "notice.docx"))
    rows = []
    for table in doc.tables:
        for tr in table._tbl.tr_lst:
            rows.append(["".join(t.text or "" for t in tc.iter(qn("w:t"))) for tc in tr.tc_lst])
    names = [r[1] for r in rows if len(r) == 5 and r[0].isdigit()]
    assert names == [m.name for m in item.materials]
    assert all(r[4] == dk.BOX for r in rows if len(r) == 5 and r[0].isdigit())
    for m in item.materials:
        assert any(m.accept in r[3] for r in rows if len(r) == 5)
    names = column_text(papers[0] / "notice.pdf", 11, 66)  # the 材料名称 column
    for m in item.materials:
        assert flat(m.name) in names
    pdf = flat("".join(pdf_pages(papers[0] / "notice.pdf")))
    for word in (
        "受理条件",
        "办理时限",
        "收费",
        "办理地点",
        "咨询电话",
        "设定依据",
        "申请人（签字）",
        "受理人（签字）",
    ):
        assert word in pdf
    assert flat(item.basis[0]) in pdf


def test_notice_of_an_item_without_materials_leaves_rows_to_fill(papers):
    """An incomplete guide's notice is the window version: blanks, never 待补充/None/不收费 nor the binding sentence."""
    texts = paragraphs(papers[0] / "blank.docx")
    assert texts.count(dk.BOX) == notice.BLANK_ROWS
    whole = "".join(texts)
    assert notice.WINDOW_TITLE in whole and notice.BLANK in whole
    for word in ("待补充", "None", "尚未录入", "窗口不再另行要求"):
        assert word not in whole, word
    assert papers[1].fees is not None or "不收费" not in whole


def test_bundle_notice_lists_the_merged_materials(project, papers):
    bundle = project.bundles["xinshenger"]
    names = column_text(papers[0] / "bundle-notice.pdf", 11, 66)
    for m in bundle.materials:
        assert flat(m.name) in names


# --- 全科受理手册 ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def outline(papers):
    """(title, page number) of every PDF bookmark of the handbook."""
    from pypdf import PdfReader

    reader = PdfReader(papers[0] / "handbook.pdf")
    out = []

    def walk(nodes):
        for n in nodes:
            if isinstance(n, list):
                walk(n)
            else:
                out.append((n.title, reader.get_destination_page_number(n) + 1))

    walk(reader.outline)
    return out


def test_handbook_has_every_item(project, papers, outline):
    titles = {t for t, _ in outline}
    for item in project.items.values():
        assert item.name in titles, item.name
    pages = pdf_pages(papers[0] / "handbook.pdf")
    text = flat("".join(pages))
    assert f"{len(project.items)}个事项" in text
    missing_line = next(i for i in project.items.values() if not guide.complete(project, i))
    assert "待补充：" + "、".join(facts.missing(missing_line)) in text


def test_handbook_index_page_numbers_point_at_the_items(project, papers, outline):
    """The pinyin index: each “name …… N” points at the page where the item's heading is."""
    pages = pdf_pages(papers[0] / "handbook.pdf")
    start = dict(outline)["拼音索引"] - 1
    entry = re.compile(r"^(.+?)\s*\.{4,}\s*(\d+)$")
    heading_pages: dict[str, set[int]] = {}
    for title, page in outline:
        heading_pages.setdefault(title, set()).add(page)
    names = {label: project.items[i].name for i, label in order.index_labels(project).items()}
    checked = 0
    for page in pages[start:]:
        for line in page.splitlines():
            m = entry.match(line.strip())
            if not m or m.group(1) not in names:
                continue
            name, number = names[m.group(1)], int(m.group(2))
            assert number in heading_pages[name], (
                name,
                number,
                heading_pages[name],
            )
            assert name in pages[number - 1]
            checked += 1
    assert checked >= 0.9 * len(project.items)


def test_handbook_thematic_index_lists_every_item(project, papers, outline):
    """Every item is in the thematic index: under its 检索关键词, or under its name's subject."""
    listed = {i for _, ids in order.index_words(project) for i in ids}
    assert listed == set(project.items)
    keyworded = next(i for i in project.items.values() if i.keywords)
    assert any(
        keyworded.id in ids for word, ids in order.index_words(project) if word == keyworded.keywords[0]
    )
    assert order.subject("不动产注销登记") == "不动产"
    pages = pdf_pages(papers[0] / "handbook.pdf")
    start, end = dict(outline)["主题索引"] - 1, dict(outline)["拼音索引"] - 1
    text = flat("".join(pages[start:end]))
    labels = order.index_labels(project)
    assert all(flat(labels[i]) in text for i in project.items)


def test_handbook_cover_counts_each_element_from_the_data(project, papers):
    """The cover says, element by element, how many items have it: 法定时限 is not counted complete
    where the guide rule does not ask for it."""
    cover = "".join(paragraphs(papers[0] / "handbook.docx"))  # its table read row by row
    items = list(project.items.values())
    lacking = sum(1 for i in items if "法定时限" in facts.missing(i))
    assert f"法定时限{len(items) - lacking}项{lacking}项" in cover
    printed = flat(pdf_pages(papers[0] / "handbook.pdf")[0])  # the PDF's cover, its table read by column
    assert f"{len(items) - lacking}项" in printed and f"{lacking}项" in printed
    complete = sum(1 for i in items if guide.complete(project, i))
    assert f"办事指南要素完整（可出具正式一次性告知单）的{complete}项" in cover


# --- in the build -------------------------------------------------------------------------------


def test_build_lists_the_paperwork_and_the_staff_section(site_build):
    county, result = site_build
    project = load_project(county)
    papers = result.manifest["paperwork"]
    files = set(papers["files"])
    for item_id in project.items:
        assert f"paperwork/notices/items/{item_id}.docx" in files
    for bid in project.bundles:
        assert {f"paperwork/forms/{bid}.docx", f"paperwork/notices/bundles/{bid}.docx"} <= files
    assert "paperwork/handbook.docx" in files
    for rel in files:
        assert (result.out / rel).is_file(), rel
    one = next(iter(project.items.values()))
    texts = paragraphs(result.out / f"paperwork/notices/items/{one.id}.docx")
    assert one.name in texts
    staff = (result.out / "staff" / "index.html").read_text(encoding="utf-8")
    assert "../paperwork/handbook.docx" in staff and f"{len(project.items)}个事项" in staff
    home = (result.out / "index.html").read_text(encoding="utf-8")
    assert "staff/" not in home  # not in the citizens' menu


def test_a_character_word_cannot_hold_is_a_located_error(small_county, tmp_path):
    """The reader already refuses such characters in YAML; a Project built by a caller (build(project=…))
    still gets a located error from the paperwork, before any file is written, not a python-docx crash."""
    from toolkit.build import paperwork
    from toolkit.core.errors import StdkitError

    project = load_project(small_county)
    item = next(iter(project.items.values()))
    project.items[item.id] = item.model_copy(update={"name": "事项\ud800名称"})
    with pytest.raises(StdkitError) as err:
        paperwork.build(project, tmp_path / "docs", SITE, tmp_path / "cache", pdf=False, when=WHEN)
    problem = err.value.problems[0]
    file, line, _ = project.source("item", item.id).at("name")
    assert (problem.file, problem.line, problem.path) == (file, line, "name")
    assert "U+D800" in problem.message
    assert not (tmp_path / "docs").exists()


def test_form_names_the_centre_once(papers, project):
    """The centre's own name carries the county's ("建始县政务服务中心…"): no "建始县建始县"."""
    text = "".join(paragraphs(papers[0] / "form.docx"))
    assert project.centre.name in text
    assert project.county.name * 2 not in text

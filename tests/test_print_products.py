"""Print products written from one document model (toolkit/office/model.py) by two writers: the Word file
read back with python-docx and the PDF typeset by Typst read back with pypdf/pdfplumber say the same words
(whitespace and page furniture left out), their QR codes decode (zxing-cpp on pages rendered by pdftoppm)
to the same address, the PDF embeds the SC faces, has a bookmark per document and is the same bytes each
time it is made."""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
from pathlib import Path

import pytest
from docx import Document as Word
from docx.oxml.ns import qn

from toolkit.core import urls
from toolkit.core.load import load_project
from toolkit.office import docx_writer, typst_pdf
from toolkit.office import model as m
from toolkit.paperwork import notice

ROOT = Path(__file__).resolve().parent.parent
SITE = "https://zw.jianshi.gov.cn/"
WHEN = dt.datetime(2024, 1, 1)
FURNITURE = re.compile(r"第\d+页共\d+页")


@pytest.fixture(scope="module")
def project():
    return load_project(ROOT)


def docx_text(data: bytes) -> str:
    body = Word(io.BytesIO(data)).element.body
    return "".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in body.iter(qn("w:p")))


def pdf_texts(data: bytes) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def flat(text: str) -> str:
    return FURNITURE.sub("", re.sub(r"\s+", "", text))


def docx_codes(data: bytes) -> list[str]:
    import zipfile

    import zxingcpp
    from PIL import Image

    z = zipfile.ZipFile(io.BytesIO(data))
    out = []
    for name in sorted(n for n in z.namelist() if n.startswith("word/media/")):
        image = Image.open(io.BytesIO(z.read(name))).convert("L")
        out += [r.text for r in zxingcpp.read_barcodes(image)]
    return out


def pdf_codes(pdf: Path, tmp: Path) -> list[str]:
    import zxingcpp
    from PIL import Image

    subprocess.run(["pdftoppm", "-r", "150", "-png", str(pdf), str(tmp / "page")], check=True)
    out = []
    for png in sorted(tmp.glob("page-*.png")):
        out += [r.text for r in zxingcpp.read_barcodes(Image.open(png).convert("L"))]
    return out


def notices(project) -> list[m.Document]:
    blank = next(i for i in project.items.values() if not i.materials)
    return [
        notice.item_notice(project, project.items["ga-lgtx"], SITE),
        notice.item_notice(project, blank, SITE),
        notice.bundle_notice(project, project.bundles["xinshenger"], SITE),
    ]


def test_each_notice_says_the_same_words_in_word_and_pdf(project, tmp_path):
    for doc in notices(project):
        word = docx_writer.to_docx(doc, WHEN)
        pdf = typst_pdf.to_pdf([doc], doc.title)
        assert flat(docx_text(word)) == flat("".join(pdf_texts(pdf))), doc.title
        assert flat(docx_text(word)) == flat("".join(m.texts(doc.blocks)))  # and what the model says


def test_a_departments_pdf_has_each_notice_from_its_own_page_bookmarked_by_item(project):
    from pypdf import PdfReader

    items = [i for i in project.items.values() if i.department == "ga"][:6]
    docs = [notice.item_notice(project, i, SITE) for i in items]
    pdf = typst_pdf.to_pdf(docs, "公安局一次性告知单")
    reader = PdfReader(io.BytesIO(pdf))
    outline = [(o.title, reader.get_destination_page_number(o)) for o in reader.outline]
    assert [t for t, _ in outline] == [i.name for i in items]
    pages = pdf_texts(pdf)
    for n, (doc, (_, first)) in enumerate(zip(docs, outline)):
        last = outline[n + 1][1] if n + 1 < len(outline) else len(pages)
        words = flat("".join(pages[first:last]))
        assert words == flat(docx_text(docx_writer.to_docx(doc, WHEN)))


def test_pdf_embeds_the_sc_faces_and_the_same_bytes_each_time(project, tmp_path):
    docs = notices(project)
    pdf = typst_pdf.to_pdf(docs, "告知单")
    assert typst_pdf.to_pdf(docs, "告知单") == pdf
    assert docx_writer.to_docx(docs[0], WHEN) == docx_writer.to_docx(docs[0], WHEN)
    assert b"CreationDate" not in pdf and b"ModDate" not in pdf
    (tmp_path / "n.pdf").write_bytes(pdf)
    fonts = subprocess.run(
        ["pdffonts", str(tmp_path / "n.pdf")], capture_output=True, text=True, check=True
    ).stdout
    assert "NotoSerifCJKsc-Bold" in fonts and "NotoSerifCJKsc-Regular" in fonts  # title, body
    assert "NotoSansCJKsc" in fonts  # 黑体 headings
    assert "JP" not in fonts and "jp-" not in fonts.lower()


def test_page_numbers_only_on_a_document_of_more_than_one_page():
    long = m.Document("长", tuple(m.Para(f"第{n}段：县乡村政务服务体系建设" * 8) for n in range(200)), "长")
    short = m.Document("短", (m.Para("一页"),), "短")
    pages = pdf_texts(typst_pdf.to_pdf([short, long, short], "三份"))
    assert len(pages) > 3
    total = len(pages) - 2
    assert "页共" not in pages[0] + pages[-1]  # one-page documents: no numbers
    for n, text in enumerate(pages[1:-1], 1):
        assert re.sub(r"\s+", "", text).endswith(f"第{n}页共{total}页")


def test_qr_codes_in_the_pdf_decode_to_the_addresses_in_the_word_file(project, tmp_path):
    item, bundle = project.items["ga-lgtx"], project.bundles["xinshenger"]
    docs = [notice.item_notice(project, item, SITE), notice.bundle_notice(project, bundle, SITE)]
    (tmp_path / "n.pdf").write_bytes(typst_pdf.to_pdf(docs, "告知单"))
    word = [c for d in docs for c in docx_codes(docx_writer.to_docx(d, WHEN))]
    assert word == [urls.short_url(SITE, item.id), urls.bundle_url(SITE, bundle.id)]
    assert pdf_codes(tmp_path / "n.pdf", tmp_path) == word


def test_text_the_typesetter_could_read_as_markup_is_printed_as_written():
    odd = '#let x = 1 "引号" \\反斜杠 $公式$ *星号* _下划线_ <标签> @引用 // 注释 [括号]'
    doc = m.Document("原样", (m.Para(odd), m.Table((40, 40), (m.Row((m.Cell.text(odd), m.Cell.text("☐"))),))))
    pdf = typst_pdf.to_pdf([doc], odd)
    assert flat("".join(pdf_texts(pdf))) == flat(docx_text(docx_writer.to_docx(doc, WHEN)))


@pytest.mark.slow  # ~11 CPU seconds: every code of the county encoded, pages rendered and decoded
def test_a_qr_list_says_the_same_words_in_word_and_pdf_and_its_codes_decode(project, tmp_path):
    from toolkit.core import guide
    from toolkit.core.store import ArtefactCache
    from toolkit.office import qrcode as qr
    from toolkit.site import posters, venues

    qrs = qr.render_all(project, SITE, ArtefactCache(tmp_path / "qr", "qr"))
    incomplete = {i for i, item in project.items.items() if not guide.complete(project, item)}
    stations = min(
        (v for v in venues.venues(project) if v.level == "村" and v.sites), key=lambda v: len(v.sites)
    )
    docs = posters.poster_documents(project, stations, qrs, incomplete, site_url=SITE)[:2]  # two stations
    assert [d.bookmark for d in docs] == [project.villages[s].name for s in stations.sites[:2]]
    pdf = typst_pdf.to_pdf(docs, stations.title)
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    starts = [reader.get_destination_page_number(o) for o in reader.outline] + [len(reader.pages)]
    pages = pdf_texts(pdf)
    for n, doc in enumerate(docs):
        word = docx_writer.to_docx(doc, WHEN)
        assert flat(docx_text(word)) == flat("".join(pages[starts[n] : starts[n + 1]])), doc.title
    (tmp_path / "list.pdf").write_bytes(typst_pdf.to_pdf(docs[:1], stations.title))
    printed = [qrs[i][0] for h, ids in stations.groups for i in ids if i not in incomplete]
    printed.append(urls.station_url(SITE, stations.sites[0]))  # the station's own code
    assert sorted(pdf_codes(tmp_path / "list.pdf", tmp_path)) == sorted(printed)
    assert sorted(docx_codes(docx_writer.to_docx(docs[0], WHEN))) == sorted(printed)


def repeated_heads_once(printed: str, doc: m.Document, word: str) -> str:
    """The PDF's text with the header rows a table repeats on each page it runs onto left out where the
    Word file (`word`) does not have them: walking both texts along, a header row found in the PDF where
    the Word file goes on otherwise is dropped."""
    heads: set[str] = set()

    def walk(blocks) -> None:
        for b in blocks:
            if isinstance(b, m.Group):
                walk(b.blocks)
            elif isinstance(b, m.Table):
                heads.update(flat("".join(m.texts([m.Table(b.widths_mm, (r,))]))) for r in b.rows if r.header)

    walk(doc.blocks)
    out, i, j = [], 0, 0
    while j < len(printed):
        if i < len(word) and word[i] == printed[j]:
            out.append(printed[j])
            i, j = i + 1, j + 1
            continue
        head = next((h for h in heads if printed.startswith(h, j)), None)
        if head is None:
            out.append(printed[j:])
            break
        j += len(head)
    return "".join(out)


def test_forms_say_the_same_words_in_word_and_pdf_and_their_codes_decode(project, tmp_path):
    """The 一表申请 of a bundle and of an item: same words (the page furniture — running head, the header
    rows a table repeats on a new page — left out) and the QR code of each decodes to the same address in
    both."""
    from toolkit.paperwork import forms

    item = next(i for i in project.items.values() if i.form_fields)
    docs = [
        forms.bundle_form(project, project.bundles["kai-lvdian"], SITE),
        forms.item_form(project, item, SITE),
    ]
    for doc in docs:
        word = docx_writer.to_docx(doc, WHEN)
        pdf = typst_pdf.to_pdf([doc], doc.title)
        printed = flat("".join(pdf_texts(pdf))).replace(flat(doc.running_head), "")
        assert flat(docx_text(word)) == repeated_heads_once(printed, doc, flat(docx_text(word))), doc.title
        assert flat(docx_text(word)) == flat("".join(m.texts(doc.blocks)))
        (tmp_path / "f.pdf").write_bytes(pdf)
        assert pdf_codes(tmp_path / "f.pdf", tmp_path) == docx_codes(word) == m.qr_urls(doc.blocks)
        for png in tmp_path.glob("page-*.png"):
            png.unlink()


def test_word_footer_numbers_pages_with_fields_and_the_header_carries_the_running_head(project):
    """第 X 页 共 Y 页 as PAGE and NUMPAGES fields (inside IF NUMPAGES > 1 unless one page is numbered too);
    the form's running head in the header part."""
    import zipfile

    from toolkit.paperwork import forms

    form = forms.bundle_form(project, project.bundles["kai-lvdian"], SITE)
    z = zipfile.ZipFile(io.BytesIO(docx_writer.to_docx(form, WHEN)))
    footer = z.read("word/footer1.xml").decode()
    assert " PAGE " in footer and " NUMPAGES " in footer and " IF " not in footer
    assert "受理编号" in z.read("word/header1.xml").decode()
    note = notice.item_notice(project, project.items["ga-lgtx"], SITE)
    z = zipfile.ZipFile(io.BytesIO(docx_writer.to_docx(note, WHEN)))
    assert " IF " in z.read("word/footer1.xml").decode()  # numbered only when it runs over a page
    assert "word/header1.xml" not in z.namelist()
    Word(io.BytesIO(docx_writer.to_docx(form, WHEN)))  # python-docx opens it


@pytest.mark.slow  # ~6 CPU seconds: the whole handbook typeset
def test_the_handbook_says_the_same_words_in_word_and_pdf(project):
    """Word and PDF of the handbook: the same words, leaving out what only the PDF prints — its contents
    and the page numbers of index lines (Word fills both from fields when the file is opened)."""
    from pypdf import PdfReader

    from toolkit.paperwork import handbook

    doc = handbook.handbook(project)
    pdf = typst_pdf.to_pdf([doc], doc.title)
    reader = PdfReader(io.BytesIO(pdf))
    starts = {
        o.title: reader.get_destination_page_number(o) for o in reader.outline if not isinstance(o, list)
    }
    pages = pdf_texts(pdf)
    contents = range(starts["使用说明"] + 1, starts["第一部分　按部门"])  # the contents' pages
    leader = re.compile(
        r"[. ]*\.{3,}\s*\u2060?\d+[ \t]*$", re.MULTILINE
    )  # an index line's leader (Typst spaces its dots out on a tight line: ". . ....") and page number
    printed = flat(
        "".join(
            leader.sub("", p) if n not in contents else "目录" * (n == contents[0])
            for n, p in enumerate(pages)
        )
    )
    word = flat(docx_text(docx_writer.to_docx(doc, WHEN)))
    assert word == repeated_heads_once(printed, doc, word) == flat("".join(m.texts(doc.blocks)))

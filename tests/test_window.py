"""The window's documents (#28) on the bundled Jianshi data, read back from the real files: Word by
python-docx, PDF typeset by Typst and read by pdftotext (text) and pypdf (bookmarks)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
import subprocess
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from pypdf import PdfReader

from toolkit.core import urls
from toolkit.core.load import load_project
from toolkit.core.models import LegalRef, Remedy
from toolkit.office import docx_writer, typst_pdf
from toolkit.office import model as m
from toolkit.paperwork import centre, facts, notice, subject, window, window_files

ROOT = Path(__file__).resolve().parent.parent
SITE = "https://zw.jianshi.gov.cn/"
WHEN = dt.datetime(2024, 1, 1)
LICENCE_BASIS = "《中华人民共和国行政许可法》第三十二条"


@pytest.fixture(scope="module")
def project():
    return load_project(ROOT)


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def read_back(doc, tmp_path: Path) -> tuple[str, str]:
    """(the Word file's text by python-docx, the PDF's text by pdftotext), whitespace removed."""
    word = tmp_path / "doc.docx"
    word.write_bytes(docx_writer.to_docx(doc, WHEN))
    body = Document(str(word)).element.body
    text = "".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in body.iter(qn("w:p")))
    pdf = tmp_path / "doc.pdf"
    pdf.write_bytes(typst_pdf.to_pdf([doc], doc.title))
    out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return flat(text), flat(out)


def wrapped_in(expected: str, text: str) -> bool:
    """Is `expected` in a PDF's text, its characters in order with at most a few words between (a table
    cell's wrapped lines are read interleaved with the lines of the cells beside it)?"""
    return re.search(".{0,40}?".join(map(re.escape, expected)), text) is not None


def one_per_type(project) -> dict[str, object]:
    """The first item with a complete guide of each item type in the bundled county."""
    out: dict[str, object] = {}
    for items in subject.complete_items(project).values():
        for item in items:
            out.setdefault(item.type, item)
    return out


def test_correction_and_refusal_of_every_item_type_have_every_element(project, tmp_path):
    """Per item type: 收件编号 boxes, 收件日期, the materials received with a 补正说明 column, the 补正期限 and
    its consequence, the legal basis (行政许可法第三十二条 for licences, a neutral wording otherwise, never
    a statute's words), the 专用章 space, one copy each; 不予受理 with its reasons and 复议/诉讼 rights (a
    complaint for public services) — in the Word file and in the PDF alike."""
    types = one_per_type(project)
    assert {"行政许可", "行政确认", "公共服务", "行政给付"} <= set(types)
    for kind, item in types.items():
        s = subject.of_item(project, item, SITE)
        for text in read_back(window.correction(project, s), tmp_path):
            for element in ("申请材料补正告知书", "收件编号：" + "☐" * 14, "收件日期", "补正说明", "已收"):
                assert element in text, (kind, element)
            assert "补正期限：请于" in text and "逾期未补正的" in text, kind
            assert "窗口专用章" in text and "一式2份" in text and "申请人（签收）" in text, kind
            for line in s.materials:
                assert flat(line.name) in text, (kind, line.name)
            assert (LICENCE_BASIS in text) == (kind == "行政许可"), kind
            if kind != "行政许可":
                assert flat(window.NEUTRAL_CORRECTION) in text and "依据：" not in text, kind
        for text in read_back(window.refusal(project, s), tmp_path):
            assert "不予受理通知书" in text and "收件编号" in text and "收件日期" in text, kind
            for reason in s.refusals:
                assert flat(reason) in text, (kind, reason)
            assert "实施机关印章或窗口专用章" in text, kind
            if kind == "公共服务":
                assert "行政复议" not in text and flat(f"投诉电话{s.complaint}") in text
            else:
                assert "申请行政复议" in text and "提起行政诉讼" in text, kind
                assert "60日《中华人民共和国行政复议法》第二十条" in text, kind
                assert "6个月《中华人民共和国行政诉讼法》第四十六条" in text, kind


def test_the_countys_rules_fill_the_blanks_and_a_quote_names_its_text(project, tmp_path):
    """Given by the county: the 补正期限, its consequence and the 复议机关 are printed; a quoted article
    carries the file it was taken from. Not given: a line to fill, never 待补充."""
    item = project.items["ga-lgtx"]
    s = subject.of_item(project, item, SITE)
    word, _ = read_back(window.correction(project, s), tmp_path)
    assert "待补充" not in word and "个工作日内补齐" not in word
    rules = project.county.window.model_copy(
        update={
            "correction_days": 5,
            "correction_consequence": "本次申请视为撤回",
            "reconsideration": Remedy(
                body="建始县人民政府",
                limit="60日",
                basis=LegalRef(law="《某法》", article="第一条", quote="条文甲", source="docs/law.txt"),
            ),
        }
    )
    changed = dataclasses.replace(project, county=project.county.model_copy(update={"window": rules}))
    word, pdf = read_back(window.correction(changed, s), tmp_path)
    assert "收到本告知书之日起5个工作日内补齐" in word and "逾期未补正的：本次申请视为撤回" in word
    word, pdf = read_back(window.refusal(changed, s), tmp_path)
    for text in (word, pdf):
        assert "建始县人民政府" in text and "《某法》第一条：“条文甲”（条文取自docs/law.txt）" in text


def _check_subject_docs(project, s, tmp_path: Path) -> None:
    """Every document of a case states the data's name, issuer, code, materials and time limit."""
    kinds = window.BUNDLE_KINDS if s.bundle else window.ITEM_KINDS
    for kind in kinds:
        if s.bundle is None and not subject.applies(kind, s.items[0]):
            continue
        if kind == "tolerance" and not any(x.tolerated for x in s.materials):
            continue
        word, pdf = read_back(window.MAKERS[kind](project, s), tmp_path)
        for text in (word, pdf):
            assert flat(window.KINDS[kind]) in text and flat(s.name) in text and flat(s.issuer) in text, kind
            assert flat(s.code) in text, kind
            if kind in ("correction", "receipt"):
                for line in s.materials:
                    assert flat(line.name) in text and flat(line.how) in text, (kind, line.name)
            if kind == "acceptance":
                assert s.limit and flat(s.limit) in text and "预计办结日期" in text
            if kind in ("completion", "routing"):
                for item in s.items:
                    assert flat(item.name) in text, (kind, item.name)
            if kind == "routing" and text is word:  # the PDF's wrapped cells interleave
                for item in s.items:
                    for who in facts.back_office(project, item):
                        assert flat(who) in text, (kind, who)
            if kind == "commitment":
                for line in s.items[0].commitment.content:
                    assert flat(line) in text
                assert flat(s.items[0].commitment.source) in text


@pytest.mark.parametrize("item_id", ["ga-lgtx", "sc-gtzc", "gw-kh"])
def test_every_document_of_three_items_states_the_data(project, tmp_path, item_id):
    _check_subject_docs(project, subject.of_item(project, project.items[item_id], SITE), tmp_path)


@pytest.mark.parametrize("bundle_id", ["kai-lvdian", "xinshenger"])
def test_every_document_of_two_bundles_states_the_data(project, tmp_path, bundle_id):
    _check_subject_docs(project, subject.of_bundle(project, project.bundles[bundle_id], SITE), tmp_path)


def test_centre_documents_once_per_centre_name_the_centre_teams_and_evaluation_channels(project, tmp_path):
    """Each centre document: one file, a copy (and a bookmark) for the county centre and each township's."""
    names = centre.centres(project)
    assert len(names) == 1 + len(project.townships)
    for kind, make in centre.MAKERS.items():
        for name in (names[0], names[-1]):
            word, pdf = read_back(make(project, name), tmp_path)
            for text in (word, pdf):
                assert flat(centre.KINDS[kind]) in text and flat(name) in text, kind
    word, pdf = read_back(centre.assist(project, names[0]), tmp_path)
    for team in project.teams_list():
        assert flat(team.name) in word
    word, pdf = read_back(centre.review(project, names[0]), tmp_path)
    assert f"政务服务热线{project.county.hotline}" in word and "粘贴本中心的评价二维码" in word
    assert "好差评及“办不成事”反映台" in word
    product = next(p for p in window_files.products(project, SITE) if p.rel == "window/centres")
    reader = PdfReader(io.BytesIO(typst_pdf.to_pdf(product.models(), product.title)))
    assert [o.title for o in reader.outline] == names


def test_lvdian_notice_keeps_its_items_truth(project, tmp_path):
    """The 开旅店 bundle notice: conditional materials keep their condition, 社会保险登记 is 必办 only for
    employers, the time limit is the longest member's, 有线电视's fee shows, 核验后退还 is kept, no "0份"."""
    doc = notice.bundle_notice(project, project.bundles["kai-lvdian"], SITE)
    word, pdf = read_back(doc, tmp_path)
    # the Word file in reading order: each material's row whole
    assert "家庭成员关系证明复印件1份以家庭形式经营的提交" in word
    assert "授权委托书及受托人身份证件原件1份委托他人代为办理的提交" in word
    assert "申请人身份证件原件1份（核验后退还）" in word
    facts_ = [
        "以家庭形式经营的提交",
        "委托他人代为办理的提交",
        "原件1份（核验后退还）",
        "社会保险登记（单位参保登记）（依法设立的用人单位（含有雇工的个体工商户）的必办）",
        "必办事项30分钟；选办",
        "食品经营许可的1个工作日",
        "有线电视及宽带开户：有线电视基本收视维护费（月）25元",
    ]
    for fact in facts_:
        assert fact in word, fact
        assert wrapped_in(fact, pdf), fact
    for text in (word, pdf):
        assert "不收费；" not in text and "0份" not in text


def test_no_material_is_counted_zero(project):
    for item in project.items.values():
        for line in facts.item_materials(item):
            assert "0份" not in line.how, (item.id, line.name)


def test_a_tolerated_material_gets_a_tolerance_pledge(project, tmp_path):
    item = project.items["sc-gtzc"]
    mats = [m.model_copy(update={"tolerated": m.name.startswith("经营场所")}) for m in item.materials]
    item = item.model_copy(update={"materials": mats})
    assert subject.applies("tolerance", item) and not subject.applies("tolerance", project.items["sc-gtzc"])
    word, pdf = read_back(window.tolerance(project, subject.of_item(project, item, SITE)), tmp_path)
    for text in (word, pdf):
        assert "容缺受理承诺书" in text and "经营场所使用证明（产权证明或租赁合同）复印件1份☐" in text
        assert "申请表" not in text.split("容缺材料")[1]


def test_department_files_have_a_bookmark_per_item(project):
    """A department's window PDF: each complete item's documents, bookmarked once by the item's name;
    告知承诺书 only for items whose data give its content."""
    products = {p.rel: p for p in window_files.products(project, SITE)}
    items = subject.complete_items(project)["gaj"]
    product = products["window/by-department/gaj"]
    docs = product.models()
    reader = PdfReader(io.BytesIO(typst_pdf.to_pdf(docs, product.title)))
    assert [o.title for o in reader.outline] == [i.name for i in items]
    titles = [d.title for d in docs]
    for item in items:
        for kind in ("correction", "refusal", "acceptance", "receipt", "completion"):
            assert f"{item.name}{window.KINDS[kind]}" in titles
        assert (f"{item.name}告知承诺书" in titles) == (item.commitment is not None)
    assert any(i.commitment for i in items)
    assert {"window/centres", *(f"window/bundles/{b}" for b in project.bundles)} <= set(products)
    assert len(products) == len(subject.complete_items(project)) + len(project.bundles) + 1


def _window_docs(project) -> list:
    item = subject.of_item(project, project.items["ga-lgtx"], SITE)
    bundle = subject.of_bundle(project, project.bundles["kai-lvdian"], SITE)
    docs = [window.MAKERS[k](project, item) for k in window.ITEM_KINDS if subject.applies(k, item.items[0])]
    docs += [window.routing(project, bundle), window.correction(project, bundle)]
    return docs + [make(project, project.centre.name) for make in centre.MAKERS.values()]


def test_each_window_document_says_the_same_words_in_word_and_pdf(project, tmp_path):
    """As every print product (tests/test_print_products.py): the Word file, the PDF (pypdf) and the model
    say the same words; the 受理通知书's QR code decodes to the guide's address in both."""
    furniture = re.compile(r"第\d+页共\d+页")
    for doc in _window_docs(project):
        word = docx_writer.to_docx(doc, WHEN)
        pdf = typst_pdf.to_pdf([doc], doc.title)
        said = furniture.sub("", flat("".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)))
        for t in doc.blocks:  # a table's header row is printed again on each page it runs onto
            if isinstance(t, m.Table) and t.rows[0].header:
                head = flat("".join(m.texts([m.Table(t.widths_mm, t.rows[:1])])))
                first = said.index(head) + len(head)
                said = said[:first] + said[first:].replace(head, "")
        body = Document(io.BytesIO(word)).element.body
        written = flat(
            "".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in body.iter(qn("w:p")))
        )
        assert written == said == flat("".join(m.texts(doc.blocks))), doc.title
    import zxingcpp
    from PIL import Image

    doc = window.acceptance(project, subject.of_item(project, project.items["ga-lgtx"], SITE))
    (tmp_path / "a.pdf").write_bytes(typst_pdf.to_pdf([doc], doc.title))
    subprocess.run(
        ["pdftoppm", "-r", "150", "-png", str(tmp_path / "a.pdf"), str(tmp_path / "p")], check=True
    )
    codes = [
        r.text for png in sorted(tmp_path.glob("p-*.png")) for r in zxingcpp.read_barcodes(Image.open(png))
    ]
    assert codes == [urls.short_url(SITE, "ga-lgtx")]


def test_staff_pages_link_every_window_file(project):
    from toolkit.paperwork import web

    page = next(md for rel, md in web.pages(project, SITE, pdf=True) if rel == "staff/window.md")
    index = next(md for rel, md in web.pages(project, SITE, pdf=True) if rel == "staff/index.md")
    assert "(window.md)" in index
    products = list(window_files.products(project, SITE))
    assert len(products) == len(subject.complete_items(project)) + len(project.bundles) + 1
    for p in products:
        assert f"(../paperwork/{p.rel}.docx)" in page and f"(../paperwork/{p.rel}.pdf)" in page


def test_staff_keyword_index_lists_every_item_under_its_keywords(project):
    """The staff web version has the handbook's thematic index: every item at least once, under each of its
    检索关键词 (or its name's subject), each entry linking to the item on its department's page."""
    from toolkit.paperwork import web

    pages = dict(web.pages(project, SITE, pdf=False))
    assert "(keywords.md)" in pages["staff/index.md"]
    page = pages["staff/keywords.md"]
    links = re.findall(r"\]\(([a-z0-9-]+)\.md#i-([^)]+)\)", page)
    assert {i for _, i in links} == set(project.items)
    for dep, item_id in links:
        assert project.items[item_id].department == dep
        assert f"{{#i-{item_id}}}" in pages[f"staff/{dep}.md"]
    with_keywords = next(i for i in project.items.values() if i.keywords)
    section = page.split(f"## {with_keywords.keywords[0]}\n", 1)[1].split("\n## ", 1)[0]
    assert f"#i-{with_keywords.id})" in section

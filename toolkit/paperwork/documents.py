"""The paperwork's files and what each is made from: `Documents` of a validated project lists the files
under <site>/paperwork/ with their keys (a digest of everything a file reads, this code included: equal
keys, equal bytes) and makes their bytes; the staff pages under staff/ are made whole each time. Which
files are made again, where their bytes are cached and in which process they are made is the build's
business (toolkit/build/paperwork.py)."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache, partial
from importlib.metadata import version
from pathlib import Path
from typing import NamedTuple

from ..core import guide, urls
from ..core.cachedir import digest
from ..core.project import Project
from ..office import docx_kit as dk
from ..office import docx_writer, typst_pdf
from ..office import model as om
from ..office import ooxml as ox
from ..office import qrcode as qr
from . import forms, handbook, notice, web, window_files
from .guard import check_xml_safe

FOLDER, STAFF = "paperwork", "staff"
HANDBOOK, HANDBOOK_PDF = "handbook.docx", "handbook.pdf"


def _sources() -> list[Path]:
    """The code the paperwork's files depend on: a change makes them again."""
    return [
        *sorted(Path(__file__).parent.glob("*.py")),
        *sorted(Path(__file__).parent.glob("*.yaml")),  # legal.yaml: the legal basis printed by item type
        *(Path(str(m.__file__)) for m in (qr, urls, guide, ox, dk, om, docx_writer, typst_pdf)),
    ]  # guide: which guides are complete


def code_salt() -> str:
    engine = f"typst {version('typst')}".encode()  # the PDF engine's own version
    return hashlib.sha256(b"".join([engine, *(p.read_bytes() for p in _sources())])).hexdigest()


def notice_file(item_id: str) -> str:
    return f"notices/items/{item_id}.docx"


def form_file(item_id: str) -> str:
    return f"forms/items/{item_id}.docx"


def _word(model: Callable[[], om.Document], when: dt.datetime) -> bytes:
    return docx_writer.to_docx(model(), when)


def _pdf(model: Callable[[], om.Document]) -> bytes:
    doc = model()
    return typst_pdf.to_pdf([doc], doc.title)


def _word_many(models: Callable[[], list[om.Document]], title: str, when: dt.datetime) -> bytes:
    return docx_writer.to_docx_many(models(), title, when)


def _pdf_many(models: Callable[[], list[om.Document]], title: str) -> bytes:
    return typst_pdf.to_pdf(models(), title)


@dataclass(frozen=True)
class File:
    """A file made on its own: its path under paperwork/, its key, how its Word file is made, and its
    PDF's path and how the PDF is typeset (Typst, from the same model)."""

    rel: str
    key: str
    make: Callable[[], bytes]
    pdf: str
    make_pdf: Callable[[], bytes]


@dataclass(frozen=True)
class Department:
    """One department's item files, in its items' order: item id -> key of its notice, and of its form
    (items with form fields); all its notices also go into one combined file (one PDF for the department)."""

    code: str
    notices: dict[str, str]
    forms: dict[str, str]

    @property
    def combined_key(self) -> str:
        return digest(*self.notices.values(), "combined", self.code)

    @property
    def pdf(self) -> str:
        return f"notices/by-department/{self.code}.pdf"


class Made(NamedTuple):
    """A department's files made now: notices and forms by item id, and the Typst source of the PDF of
    all its notices when asked."""

    notices: dict[str, bytes]
    combined: str | None
    forms: dict[str, bytes]


class Documents:
    """The paperwork of one project at one site address and date. A character Word cannot hold is a located
    error here, before any digest is taken."""

    def __init__(self, project: Project, site_url: str, when: dt.datetime):
        check_xml_safe(project)
        self.project, self.site_url, self.when = project, site_url, when
        shared = [
            project.county.model_dump_json(),
            project.centre.model_dump_json(),
            *(d.model_dump_json() for d in project.departments.values()),
            *(f.model_dump_json() for f in project.fields.values()),
            *(f.model_dump_json() for f in project.flows.values()),
        ]
        # everything an item's files read besides the item itself
        self.context = digest("paperwork-v1", code_salt(), site_url, when.isoformat(), *shared)
        self.key = digest(  # everything the paperwork reads
            self.context,
            *(i.model_dump_json() for i in project.items.values()),
            *(b.model_dump_json() for b in project.bundles.values()),
            project.lifecycle.model_dump_json(),
        )
        self.handbook_key = digest(self.key, "handbook")

    def departments(self) -> list[Department]:
        """Each department with items, in the project's order."""
        out = []
        for code in self.project.departments:
            items = [i for i in self.project.items.values() if i.department == code]
            if items:
                out.append(
                    Department(
                        code,
                        {i.id: digest(self.context, "notice", i.model_dump_json()) for i in items},
                        {
                            i.id: digest(self.context, "form", i.model_dump_json())
                            for i in items
                            if i.form_fields
                        },
                    )
                )
        return out

    def bundle_files(self) -> list[File]:
        """Each bundle's application form and notice."""
        out = []
        for b in self.project.bundles.values():
            inputs = (b.model_dump_json(), *(i.model_dump_json() for i in self.project.bundle_items(b)))
            key = digest(self.context, "forms", *inputs)
            form = partial(forms.bundle_form, self.project, b, self.site_url)
            word, pdf = partial(_word, form, self.when), partial(_pdf, form)
            out.append(File(f"forms/{b.id}.docx", key, word, f"forms/{b.id}.pdf", pdf))
            key = digest(self.context, "notices/bundles", *inputs)
            model = partial(notice.bundle_notice, self.project, b, self.site_url)
            word, pdf = partial(_word, model, self.when), partial(_pdf, model)
            out.append(File(f"notices/bundles/{b.id}.docx", key, word, f"notices/bundles/{b.id}.pdf", pdf))
        return out + self.window_files()

    def window_files(self) -> list[File]:
        """The window documents (window_files.py): per department, per bundle kind, once per centre."""
        out = []
        for p in window_files.products(self.project, self.site_url):
            key = digest(self.context, p.rel, *p.inputs)
            word = partial(_word_many, p.models, p.title, self.when)
            pdf = partial(_pdf_many, p.models, p.title)
            out.append(File(f"{p.rel}.docx", key, word, f"{p.rel}.pdf", pdf))
        return out

    def department_files(
        self, code: str, ids: list[str], have: Mapping[str, bytes | None], combine: bool, form_ids: list[str]
    ) -> Made:
        """The notices of `ids` that `have` lacks, the Typst source of the PDF of all the department's
        notices when `combine` (`ids` then lists all its items; each notice's model is made again, which
        costs less than reading its Word file back), and the forms of `form_ids`. The source is typeset by
        the caller (typst_pdf.compile_source): this may run in a forked worker, where the engine's threads
        and locks, copied from a parent typesetting meanwhile, are not to be used."""
        project = self.project
        made: dict[str, bytes] = {}
        models = []
        for item_id in ids:
            doc = notice.item_notice(project, project.items[item_id], self.site_url)
            if have.get(item_id) is None:
                made[item_id] = docx_writer.to_docx(doc, self.when)
            models.append(doc)
        title = f"{project.departments[code].name}一次性告知单"
        combined = typst_pdf.markup(models, title) if combine else None
        made_forms = {
            i: docx_writer.to_docx(forms.item_form(project, project.items[i], self.site_url), self.when)
            for i in form_ids
        }
        return Made(made, combined, made_forms)

    def handbook_file(self) -> File:
        """The handbook: its Word file and its PDF (Typst), from one model made once."""
        model = cache(partial(handbook.handbook, self.project))
        word, pdf = partial(_word, model, self.when), partial(_pdf, model)
        return File(HANDBOOK, self.handbook_key, word, HANDBOOK_PDF, pdf)

    def staff_pages(self, *, pdf: bool) -> Iterator[tuple[str, bytes]]:
        """(path under staff/, Markdown) of every staff page."""
        for rel, md in web.pages(self.project, self.site_url, pdf=pdf):
            yield Path(rel).relative_to(STAFF).as_posix(), md.encode("utf-8")

    def counts(self) -> dict[str, int]:
        items = self.project.items.values()
        return {
            "forms": len(self.project.bundles),
            "item_forms": sum(1 for i in items if i.form_fields),
            "item_notices": len(self.project.items),
            # of which the window version (一次性告知单（窗口填写版）): the guide is incomplete (core/guide.py)
            "item_notices_window": sum(1 for i in items if not guide.complete(self.project, i)),
            "bundle_notices": len(self.project.bundles),
            "window_files": len(self.window_files()),  # each a Word file and its PDF (window_files.py)
        }

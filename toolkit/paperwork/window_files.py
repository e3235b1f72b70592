"""Which window documents exist and what each file is made from (no layout, no bytes):

    window/by-department/<dept>/<kind>.docx|.pdf   item-specific documents (window.py) of a department's
                                                   complete guides, a page (and a PDF bookmark) per item
    window/bundles/<kind>.docx|.pdf                the same for the 一事联办 bundles, plus the routing slip
    window/centre/<kind>.docx|.pdf                 documents once per centre (centre.py)

Each product is (path without extension, title, what its key is made of, the documents' models); documents.py
turns them into files. A department's file is made again only when one of its items changes."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial

from ..core.project import Project
from ..office import model as om
from . import centre, subject, window

FOLDER = "window"


@dataclass(frozen=True)
class Product:
    rel: str  # path under paperwork/ without extension
    title: str
    inputs: tuple[str, ...]  # the data it reads besides the shared context
    models: Callable[[], list[om.Document]]


def _item_docs(project: Project, kind: str, items: list, site_url: str) -> list[om.Document]:
    make = window.MAKERS[kind]
    return [make(project, subject.of_item(project, i, site_url)) for i in items]


def _bundle_docs(project: Project, kind: str, site_url: str) -> list[om.Document]:
    make = window.MAKERS[kind]
    return [
        make(project, subject.of_bundle(project, b, site_url))
        for b in project.bundles.values()
        if kind != "tolerance"
        or any(line.tolerated for line in subject.of_bundle(project, b, site_url).materials)
    ]


def products(project: Project, site_url: str) -> Iterator[Product]:
    """Every window file of the project, departments in the project's order."""
    for code, items in subject.complete_items(project).items():
        dep = project.departments[code].name
        for kind in window.ITEM_KINDS:
            mine = [i for i in items if subject.applies(kind, i)]
            if mine:
                yield Product(
                    f"{FOLDER}/by-department/{code}/{kind}",
                    f"{dep}{window.KINDS[kind]}",
                    (kind, *(i.model_dump_json() for i in mine)),
                    partial(_item_docs, project, kind, mine, site_url),
                )
    bundles = list(project.bundles.values())
    inputs = tuple(b.model_dump_json() for b in bundles) + tuple(
        i.model_dump_json() for b in bundles for i in project.bundle_items(b)
    )
    for kind in window.BUNDLE_KINDS:
        if bundles and (kind != "tolerance" or _bundle_docs(project, kind, site_url)):
            yield Product(
                f"{FOLDER}/bundles/{kind}",
                f"一事联办{window.KINDS[kind]}",
                (kind, *inputs),
                partial(_bundle_docs, project, kind, site_url),
            )
    teams = tuple(t.model_dump_json() for t in project.teams_list())
    for kind, make in centre.MAKERS.items():
        yield Product(
            f"{FOLDER}/centre/{kind}",
            f"{project.centre.name}{centre.KINDS[kind]}",
            (kind, *teams),
            partial(lambda f: [f(project)], make),
        )

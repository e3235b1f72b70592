"""Which window documents exist and what each file is made from (no layout, no bytes):

    window/by-department/<dept>.docx|.pdf   the item-specific documents (window.py) of a department's complete
                                            guides: per item its 补正告知书, 不予受理通知书, 受理通知书, 收件凭证,
                                            办结通知书 (and 告知承诺书, 容缺受理承诺书 where its data say so),
                                            each from a new page; one PDF bookmark per item, titled by the item
    window/bundles/<bundle>.docx|.pdf       the same for one 一事联办 bundle, with its routing slip
    window/centres.docx|.pdf                documents once per centre (centre.py): the county's and each
                                            township's 授权委托书, 邮寄送达地址确认书, 帮办代办登记表, 好差评评价单

One file per department, not per document kind: each Typst run costs about 0.1 s of CPU before its first
page (fonts), so 36 files typeset in about a third of the time of 173. Each product is (path without
extension, title, what its key is made of, the documents' models); documents.py turns them into files. A
department's file is made again only when one of its items changes, a bundle's only when the bundle or one
of its members does (one file for all bundles re-typeset every bundle's documents, 2.6 s, on any member's edit)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial

from ..core.models import Bundle
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


def _case_docs(project: Project, s: subject.Subject, kinds: list[str]) -> list[om.Document]:
    """A case's documents in order, the first bookmarked by the case's name, the others not."""
    docs = [window.MAKERS[k](project, s) for k in kinds]
    return [docs[0], *(dataclasses.replace(d, bookmark="") for d in docs[1:])]


def item_kinds(item) -> list[str]:
    return [k for k in window.ITEM_KINDS if subject.applies(k, item)]


def bundle_kinds(s: subject.Subject) -> list[str]:
    return [k for k in window.BUNDLE_KINDS if k != "tolerance" or any(x.tolerated for x in s.materials)]


def _department_docs(project: Project, items: list, site_url: str) -> list[om.Document]:
    return [
        d for i in items for d in _case_docs(project, subject.of_item(project, i, site_url), item_kinds(i))
    ]


def _bundle_docs(project: Project, bundle: Bundle, site_url: str) -> list[om.Document]:
    s = subject.of_bundle(project, bundle, site_url)
    return _case_docs(project, s, bundle_kinds(s))


def _centre_docs(project: Project, names: tuple[str, ...]) -> list[om.Document]:
    """Each centre's documents, bookmarked by the centre's name."""
    out = []
    for name in names:
        docs = [make(project, name) for make in centre.MAKERS.values()]
        out += [docs[0], *(dataclasses.replace(d, bookmark="") for d in docs[1:])]
    return out


def products(project: Project, site_url: str) -> Iterator[Product]:
    """Every window file of the project, departments in the project's order."""
    for code, items in subject.complete_items(project).items():
        yield Product(
            f"{FOLDER}/by-department/{code}",
            f"{project.departments[code].name}窗口文书",
            tuple(i.model_dump_json() for i in items),
            partial(_department_docs, project, items, site_url),
        )
    for b in project.bundles.values():
        inputs = (b.model_dump_json(), *(i.model_dump_json() for i in project.bundle_items(b)))
        yield Product(
            f"{FOLDER}/bundles/{b.id}",
            f"{b.name}窗口文书",
            inputs,
            partial(_bundle_docs, project, b, site_url),
        )
    names = tuple(centre.centres(project))
    teams = tuple(t.model_dump_json() for t in project.teams_list())
    yield Product(
        f"{FOLDER}/centres", "各服务中心通用窗口文书", (*names, *teams), partial(_centre_docs, project, names)
    )

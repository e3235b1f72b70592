"""Before any Word file is written: every text the paperwork prints must be representable in XML (python-docx
raises on U+FFFF, lone surrogates and C0 controls). A bad character becomes a located error (file, line,
field) instead of a crash halfway through the build."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel

from ..core.errors import Problem, StdkitError, format_path
from ..core.project import Project
from ..office.docx_kit import xml_bad


def _walk(value, path: tuple) -> Iterator[tuple[tuple, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _walk(getattr(value, name), (*path, name))
    elif isinstance(value, (list, tuple)):
        for n, v in enumerate(value):
            yield from _walk(v, (*path, n))
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _walk(v, (*path, k))


def _objects(project: Project):
    yield "county", "", project.county
    yield "county-centre", "", project.centre
    for code, dep in project.departments.items():
        yield "department", code, dep
    for fid, f in project.fields.items():
        yield "field", fid, f
    for item_id, item in project.items.items():
        yield "item", item_id, item
    for bid, b in project.bundles.items():
        yield "bundle", bid, b
    for fid, flow in project.flows.items():
        yield "flow", fid, flow
    yield "lifecycle", "", project.lifecycle


def check_xml_safe(project: Project) -> None:
    problems = []
    for kind, key, obj in _objects(project):
        for path, text in _walk(obj, ()):
            bad = xml_bad(text)
            if bad is None:
                continue
            try:
                file, line, col = project.source(kind, key).at(*path)
            except KeyError:
                file, line, col = kind, 0, 0
            field = format_path(path)
            problems.append(
                Problem(
                    file=file,
                    line=line,
                    column=col,
                    path=field,
                    code="xml-invalid-char",
                    message=f"字段“{field}”含有不能写入 Word 文件的字符 {bad}，无法生成申请表、告知单和受理手册。",
                    hint="请删除该字符（常见于从其他系统复制的文本）。",
                )
            )
    if problems:
        raise StdkitError(problems)

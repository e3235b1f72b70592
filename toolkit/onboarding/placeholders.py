"""What `stdkit init` wrote as a placeholder and the county has not yet replaced: marked words in the
data files (toolkit/codelists/init-placeholders.csv), a division code that is not a county's, a province
without a profile or whose division prefix differs, and flow templates still exactly as generated."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..core.codelists import codelist
from ..core.errors import StdkitError
from ..core.folder import Folder, as_folder
from ..core.project import Project
from ..core.provinces import profile
from .scaffold import flow_files

SCANNED = ("items", "flowcharts")


@dataclass(frozen=True)
class Placeholder:
    file: str  # relative to the county folder
    line: int
    text: str  # the marked text found
    what: str
    todo: str


def _value_part(line: str) -> str:
    """A YAML line without its comment (init writes comments after two spaces and '#')."""
    stripped = line.lstrip()
    if stripped.startswith("#"):
        return ""
    return re.split(r"\s+#", line, maxsplit=1)[0]


def marked(source: Folder | Path) -> Iterator[Placeholder]:
    """Placeholder words in the values (not the comments) of the county's YAML files."""
    folder = as_folder(source)
    for top in SCANNED:
        yield from marked_in(folder, *(rel for rel in folder.tree(top) if rel.endswith(".yaml")))


def marked_in(source: Folder | Path, *rels: str) -> Iterator[Placeholder]:
    """Placeholder words in the values of the named files (relative to the county folder); a file
    that cannot be read is the loader's to report."""
    folder = as_folder(source)
    markers = codelist("init-placeholders")
    for rel in rels:
        try:
            text = folder.text(rel)
        except StdkitError:
            continue
        for n, line in enumerate(text.splitlines(), start=1):
            value = _value_part(line)
            hit = next((m for m in markers if m.code in value), None)
            if hit is not None:
                yield Placeholder(rel, n, value.strip(), hit.title, hit.description)


@cache
def _template_flows() -> dict[str, bytes]:

    return flow_files()


def untouched_flows(source: Folder | Path) -> list[str]:
    """Flow templates still byte-identical to what `stdkit init` wrote."""
    folder = as_folder(source)
    out = []
    for rel, body in _template_flows().items():
        try:
            if folder.has(rel) and folder.read(rel) == body:
                out.append(rel)
        except StdkitError:
            continue
    return out


def identity(project: Project) -> Iterator[tuple[str, tuple, str]]:
    """(message, path in county.yaml, what to write) for the county's identity."""
    county = project.county
    code = county.division_code
    if code.endswith("00"):
        yield (
            f"行政区划代码“{code}”不是县（市、区）的代码（县级代码末两位不是 00；420000 是 stdkit init 的默认值）。",
            ("division_code",),
            'division_code: "本县的6位代码"（如广安区为 "511602"）',
        )
    prof = profile(county.province)
    if prof is None:
        yield (
            f"省“{county.province}”没有省级档案（网办平台等），无法核对。",
            ("province",),
            "province: 湖北省（或 toolkit/codelists/provinces.csv 中的其他省）",
        )
    elif not code.startswith(prof.division_prefix):
        yield (
            f"行政区划代码“{code}”不属于{county.province}（应以 {prof.division_prefix} 开头）。",
            ("division_code",),
            "province 和 division_code 须一致",
        )


__all__ = ["Placeholder", "identity", "marked", "marked_in", "untouched_flows"]

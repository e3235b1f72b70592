"""What makes a county's report travel: who (the county's identity from items/county.yaml), against what
(the standard's number, stage, date and a fingerprint of its text and bindings), with which toolkit,
when (SOURCE_DATE_EPOCH when set, else now) and on which data (a fingerprint of the county's files).

    origin = origin_of(county_dir, standard_root)
    doc = envelope(report, origin)            # a dict valid against schemas/conformance-report.schema.json
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path

from ..core.attestations import ATTESTATIONS
from ..core.errors import Problem, StdkitError
from ..core.folder import Folder, as_folder
from ..core.models.county import County
from ..core.settings import current
from ..core.site_settings import USER_CONFIG
from ..core.version import __version__
from ..core.workspace import Workspace
from ..core.yamlio import MAX_BYTES, decode, parse_text
from ..standard.metadata import load_metadata
from .document import FORMAT, VERSION
from .runner import Report

DATA_DIRS = ("items", "flowcharts")  # what a check reads from a county folder
STANDARD_GLOBS = ("standard/*.md", "standard/metadata.yaml", "standard/requirements.yaml")


@dataclass(frozen=True)
class Origin:
    county: dict
    standard: dict
    data: dict
    generated: str


def run_date() -> str:
    """The run's moment in UTC: SOURCE_DATE_EPOCH when set (reproducible), else the current time."""
    epoch = current().epoch
    when = dt.datetime.fromtimestamp(epoch, dt.UTC) if epoch is not None else dt.datetime.now(dt.UTC)
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def digest(folder: Folder, rels: list[str]) -> str:
    """SHA-256 over "relative/path\\0sha256\\n" lines, sorted by path: independent of where the folder sits.
    A file the folder refuses to read (a link out of it, a FIFO, an oversized file) counts by its refusal."""
    lines = []
    for rel in rels:
        try:
            sha = hashlib.sha256(folder.read(rel)).hexdigest()
        except StdkitError as exc:
            sha = "refused:" + "|".join(p.code for p in exc.problems)
        lines.append(f"{rel}\0{sha}\n")
    return hashlib.sha256("".join(sorted(lines)).encode()).hexdigest()


def data_files(folder: Folder) -> list[str]:
    """Everything a result depends on: the data, the attestations and mkdocs.yml (a QR result reads its
    site_url)."""
    extra = [rel for rel in (ATTESTATIONS, USER_CONFIG) if folder.has(rel)]
    return [rel for d in DATA_DIRS for rel in folder.tree(d)] + extra


def data_fingerprint(source: Folder | Path) -> dict:
    folder = as_folder(source)
    files = data_files(folder)
    return {"algorithm": "sha256", "value": digest(folder, files), "files": len(files)}


def standard_info(source: Folder | Path) -> dict:
    folder = as_folder(source)
    meta = load_metadata(folder)
    problems: list[Problem] = []
    files = sorted({rel for g in STANDARD_GLOBS for rel in folder.files(g, problems)})
    return {
        "number": meta.number,
        "title": meta.title,
        "stage": meta.stage,
        "date": meta.issue_date if meta.stage == "发布稿" else meta.draft_date,
        "fingerprint": digest(folder, files),
    }


def county_identity(folder: Folder) -> dict:
    rel = "items/county.yaml"
    data, _ = parse_text(decode(folder.read(rel, MAX_BYTES), rel), rel)
    county = County.model_validate(data)
    return {
        "name": county.name,
        "division_code": county.division_code,
        "province": county.province,
        "prefecture": county.prefecture,
    }


def origin_of(source: Workspace | Path, std_root: Folder | Path) -> Origin:
    """Who, against what, on which data: the county's files read through its workspace's folder."""
    folder = source.folder if isinstance(source, Workspace) else Folder(source)
    std = folder if as_folder(std_root).root.resolve() == folder.root.resolve() else as_folder(std_root)
    return Origin(county_identity(folder), standard_info(std), data_fingerprint(folder), run_date())


def envelope(report: Report, origin: Origin) -> dict:
    return {
        "format": FORMAT,
        "version": VERSION,
        "toolkit": __version__,
        "generated": origin.generated,
        "county": origin.county,
        "standard": origin.standard,
        "data": origin.data,
        **report.as_dict(),
    }

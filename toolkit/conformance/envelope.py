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

from ..core.models.county import County
from ..core.settings import current
from ..core.version import __version__
from ..core.yamlio import load_yaml
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


def digest(root: Path, files: list[Path]) -> str:
    """SHA-256 over "relative/path\\0sha256\\n" lines, sorted by path: independent of where the folder sits."""
    lines = sorted(
        f"{p.relative_to(root).as_posix()}\0{hashlib.sha256(p.read_bytes()).hexdigest()}\n" for p in files
    )
    return hashlib.sha256("".join(lines).encode()).hexdigest()


def data_files(root: Path) -> list[Path]:
    root = Path(root)
    return [p for d in DATA_DIRS for p in sorted((root / d).rglob("*")) if p.is_file()]


def data_fingerprint(root: Path) -> dict:
    files = data_files(root)
    return {"algorithm": "sha256", "value": digest(Path(root), files), "files": len(files)}


def standard_info(std_root: Path) -> dict:

    meta = load_metadata(std_root)
    files = sorted({p for g in STANDARD_GLOBS for p in Path(std_root).glob(g) if p.is_file()})
    return {
        "number": meta.number,
        "title": meta.title,
        "stage": meta.stage,
        "date": meta.issue_date if meta.stage == "发布稿" else meta.draft_date,
        "fingerprint": digest(Path(std_root), files),
    }


def county_identity(root: Path) -> dict:
    data, _ = load_yaml(Path(root) / "items/county.yaml", "items/county.yaml")
    county = County.model_validate(data)
    return {
        "name": county.name,
        "division_code": county.division_code,
        "province": county.province,
        "prefecture": county.prefecture,
    }


def origin_of(root: Path, std_root: Path) -> Origin:
    return Origin(county_identity(root), standard_info(std_root), data_fingerprint(root), run_date())


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

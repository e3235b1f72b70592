"""Conformance to the standard: requirements bound to automated checks or manual evidence, the check
runner, its reports (text, JSON, HTML, XLSX), the printable checklist and the website section.

    report = check_folder(county_dir)          # loads the data, runs every bound check
    origin = origin_of(county_dir, standard_root)   # identity, standard, data fingerprint, run date
    write_report(report, origin, out_dir)      # report.html, report.json, checklist.xlsx
"""

from __future__ import annotations

from pathlib import Path

from ..core.outdir import write_files
from .bindings import REPO_ROOT, load_bindings, load_requirements, standard_of, uncovered, unused_checks
from .checks import CHECKS
from .envelope import Origin, origin_of
from .registry import FAIL, MANUAL, NA, PASS, STATUSES, Finding, Location, check
from .reports import render_checklist_html, render_html, render_json, standard_title
from .runner import Report, Row, assess, blank_report, check_folder, edition_of
from .signing import Ed25519PrivateKey
from .site import render_site_section as render
from .xlsx import build_workbook

REPORT_FILES = ("report.html", "report.json", "checklist.xlsx")
CHECKLIST_FILES = ("checklist.html", "checklist.xlsx")


def report_files(report: Report, origin: Origin, key: Ed25519PrivateKey | None = None) -> dict[str, bytes]:

    return {
        "report.html": render_html(report).encode(),
        "report.json": render_json(report, origin, key).encode(),
        "checklist.xlsx": build_workbook(report),
    }


def write_report(report: Report, origin: Origin, out_dir: Path) -> list[Path]:
    return write_files(out_dir, report_files(report, origin))


def checklist_files(standard_root: Path | None = None) -> dict[str, bytes]:
    """The whole standard's checklist for a county without data: printable HTML and a blank workbook."""

    requirements = load_requirements(standard_root)
    report = blank_report(requirements, load_bindings(requirements, root=standard_root))
    report.edition = edition_of(standard_root or REPO_ROOT)
    return {
        "checklist.html": render_checklist_html(report).encode(),
        "checklist.xlsx": build_workbook(report, f"{standard_title(report)} 符合性核查表"),
    }


def render_site_section(project, docs_dir: Path, *, standard: Path | None = None) -> list[str]:

    return render(project, docs_dir, standard=standard)


__all__ = [
    "CHECKS",
    "FAIL",
    "MANUAL",
    "NA",
    "PASS",
    "STATUSES",
    "Finding",
    "Location",
    "Origin",
    "Report",
    "Row",
    "assess",
    "blank_report",
    "check",
    "check_folder",
    "checklist_files",
    "load_bindings",
    "load_requirements",
    "origin_of",
    "render_site_section",
    "report_files",
    "standard_of",
    "uncovered",
    "unused_checks",
    "write_report",
]

"""The website's conformance section: Markdown pages (overview, the whole standard's checklist, the
report on the bundled data) plus the printable checklist and the workbook as downloads."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from ..core.folder import Folder, as_folder
from ..core.outdir import write_files
from ..site.text import markdown_env
from .bindings import load_bindings, load_requirements
from .registry import STATUSES
from .reports import TEMPLATES, chapters, method_text, render_checklist_html
from .runner import assess, blank_report
from .xlsx import build_workbook

SECTION = "conformance"


def render_site_section(project, docs_dir: Path, *, standard: Folder | Path | None = None) -> list[str]:
    """Write docs_dir/conformance/*; returns the page paths (relative to docs_dir) for the navigation.
    The standard is the county folder's own unless `standard` names another folder."""
    folder = project.folder if standard is None else as_folder(standard)
    requirements = load_requirements(folder, project)
    bindings = load_bindings(requirements, root=folder)
    report = assess(project, requirements, bindings)
    blank = blank_report(requirements, bindings)
    env = markdown_env(TEMPLATES)
    levels = Counter(r.level for r in requirements)
    pages = {
        "index.md": env.get_template("site-index.md.j2").render(
            levels={k: levels.get(k, 0) for k in ("应", "宜", "可")},
            county=project.county.name,
            automated=sum(1 for r in blank.rows if r.automated),
        ),
        "checklist.md": env.get_template("site-checklist.md.j2").render(
            chapters=chapters(blank.rows), method=method_text
        ),
        "report.md": env.get_template("site-report.md.j2").render(
            county=project.county.name,
            rows=report.rows,
            totals=report.totals(),
            passed=report.passed,
            failed=len(report.failed_shall()),
            statuses=STATUSES,
            by_chapter=report.by_chapter(),
            chapters=chapters(report.rows),
        ),
    }
    files = {f"{SECTION}/{name}": text.encode("utf-8") for name, text in pages.items()}
    files[f"{SECTION}/checklist.html"] = render_checklist_html(blank).encode("utf-8")
    files[f"{SECTION}/checklist.xlsx"] = build_workbook(blank)
    write_files(Path(docs_dir), files)
    return [f"{SECTION}/{name}" for name in pages]

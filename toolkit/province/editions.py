"""The editions of the standard a province accepts (`collect --standard DIR`, one per edition; by default
the toolkit's own): each is read from the standard's own files — fingerprint, requirements with their
clause, level and text. A report is admitted only against an edition whose fingerprint it carries, and
the province shows the edition's text, never a report's."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..conformance.bindings import REPO_ROOT, load_requirements
from ..conformance.envelope import standard_info
from ..conformance.runner import chapter_label


@dataclass(frozen=True)
class Requirement:
    id: str
    position: int
    clause: str
    chapter: str
    level: str
    text: str


@dataclass(frozen=True)
class Edition:
    fingerprint: str
    number: str
    stage: str
    date: str
    requirements: dict[str, Requirement]  # id -> requirement, in document order

    @property
    def label(self) -> str:
        return f"{self.number} {self.stage} {self.date}"

    @property
    def province_prefix(self) -> str:
        """DB42/T … is Hubei's: the province's division-code prefix from the standard's number."""
        digits = self.number.removeprefix("DB")[:2]
        return digits if digits.isdigit() else ""


def load_edition(root: Path) -> Edition:
    info = standard_info(root)
    reqs = {
        r.id: Requirement(r.id, i, r.clause, chapter_label(r), r.level, r.text)
        for i, r in enumerate(load_requirements(root))
    }
    return Edition(info["fingerprint"], info["number"], info["stage"], info["date"], reqs)


def load_editions(roots: list[Path] | None) -> dict[str, Edition]:
    eds = [load_edition(Path(r)) for r in (roots or [REPO_ROOT])]
    return {e.fingerprint: e for e in eds}

"""The editions of the standard a province accepts (`collect --standard DIR`, one per edition; by default
the toolkit's own): each is read from the standard's own files — fingerprint, requirements with their
clause, level and text. A report is admitted only against an edition whose fingerprint it carries, and
the province shows the edition's text, never a report's.

The texts are read without any county's data (numbers quoted from data would show as placeholders): a
requirement is a rule, the same for every county, so its text cannot depend on one county's numbers —
and reading the bundled standard with the Jianshi data it sits beside cost 2 s of a 3.6 s collection.
tests/test_province.py checks that the texts with and without the data are the same."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from ..conformance.bindings import REPO_ROOT, requirements_without_data
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
    title: str = ""
    all_provinces: bool = False  # `collect --all-provinces`: counties of every province admitted

    @property
    def label(self) -> str:
        return f"{self.number} {self.stage} {self.date}"

    @property
    def province_prefix(self) -> str:
        """DB42/T … is Hubei's: the province's division-code prefix from the standard's number ("" when
        every province's counties are collected)."""
        if self.all_provinces:
            return ""
        digits = self.number.removeprefix("DB")[:2]
        return digits if digits.isdigit() else ""


def load_edition(root: Path) -> Edition:
    info = standard_info(root)
    reqs = {
        r.id: Requirement(r.id, i, r.clause, chapter_label(r), r.level, r.text)
        for i, r in enumerate(requirements_without_data(root))
    }
    return Edition(info["fingerprint"], info["number"], info["stage"], info["date"], reqs, info["title"])


def load_editions(roots: list[Path] | None, all_provinces: bool = False) -> dict[str, Edition]:
    eds = [replace(load_edition(Path(r)), all_provinces=all_provinces) for r in (roots or [REPO_ROOT])]
    return {e.fingerprint: e for e in eds}

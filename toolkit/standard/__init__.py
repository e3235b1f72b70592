"""The standard's text (standard/*.md + metadata.yaml): parsed and numbered with the county data, written
as web pages and as a DOCX laid out per GB/T 1.1—2020; and the GB/T 1.1 linter. (The downloads — DOCX,
PDF, 编制说明 — are assembled by toolkit/build/standard.py.)

Public API: load_requirements, load_standard, lint, Requirement, Standard.
"""

from .linter import lint
from .load import load_requirements, load_standard
from .model import Requirement, Standard

__all__ = ["Requirement", "Standard", "lint", "load_requirements", "load_standard"]

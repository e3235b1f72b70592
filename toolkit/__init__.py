"""stdkit: the toolkit for DB42/T《县乡村政务服务体系建设》.

Layers, top to bottom (each imports only those below it; tests/test_architecture.py keeps it so):
cli -> build (orchestration) -> domains (standard, drafting, conformance, site, paperwork, province,
onboarding, demo) -> office (file formats) -> core (models, reading, validation, machinery).
"""

from .core.version import __version__

__all__ = ["__version__"]

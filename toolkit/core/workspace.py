"""Everything one command reads from a county folder, each thing read and parsed once.

A command opens one `Workspace` at the top and passes it (or its `folder` and `project`) down. The files
are read once through its `Folder`; the project is loaded once; the site settings (mkdocs.yml) are read
once here. What a domain parses from the folder — the standard and its metadata (toolkit/standard/load.py,
metadata.py), the requirement bindings (toolkit/conformance/bindings.py), the comment batches
(toolkit/drafting/store.py) — is parsed once by that domain's reader and kept in `folder.derived`; the
QR ledger (toolkit/site/ledger.py) is read from the same bytes. Nothing below a command opens a county
file by its path."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .folder import Folder
from .load import load_project
from .models import County
from .project import Project
from .site_settings import user_settings


@dataclass
class Workspace:
    folder: Folder
    project: Project | None = None  # loaded by `load()` (validated and linked)

    @classmethod
    def open(cls, root: Path | str) -> Workspace:
        return cls(Folder(root))

    @classmethod
    def of(cls, project: Project) -> Workspace:
        """The workspace of a project a caller already loaded (its files are the ones it read)."""
        return cls(project.folder, project)

    @property
    def root(self) -> Path:
        return self.folder.root

    def load(self, *, cross_check: bool = True) -> Project:
        """The validated, linked project (StdkitError with every problem otherwise), loaded once."""
        if self.project is None:
            self.project = load_project(self.folder, cross_check=cross_check)
        return self.project

    @property
    def settings(self) -> dict:
        """The county's site settings (mkdocs.yml reduced to the keys a county may set), read once."""
        found = self.folder.derived.get("site-settings")
        if not isinstance(found, dict):
            found = self.folder.derived["site-settings"] = user_settings(self.folder)
        return dict(found)  # a copy: a command may fill in the address it checked

    @property
    def identity(self) -> County:
        """The county's identity (name, division code, province, prefecture) from items/county.yaml."""
        return self.load().county

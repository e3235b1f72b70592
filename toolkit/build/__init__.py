"""Orchestration: validate a county folder and build every output (`stdkit build`), the docs tree the site
engine reads, the standard's downloads, the preview server, the JSON Schemas. Sits above every domain and
below the CLI."""

from .run import BuildResult, build

__all__ = ["BuildResult", "build"]

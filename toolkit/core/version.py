"""The toolkit's version (also in pyproject.toml): written into manifests, reports and cache keys."""

__version__ = "0.1.0"

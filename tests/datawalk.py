"""Walking parsed YAML data in tests: every path to a value, and the value at a path."""

from __future__ import annotations


def paths(value, path=()):
    """Every path (tuple of keys and indexes) in a nested dict/list value, the root's () first."""
    yield path
    if isinstance(value, dict):
        for k, v in value.items():
            yield from paths(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from paths(v, path + (i,))


def at(value, path):
    for part in path:
        value = value[part]
    return value

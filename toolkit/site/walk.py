"""A built site's files, folder by folder, with one directory listing and one stat a file: the build walks
its 19,000 files several times (compressed copies, the offline map), and pathlib's rglob with a stat per
question took about half a second each time."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path


def folders(site: Path, skip: tuple[str, ...] = ()) -> Iterator[tuple[str, Path, dict[str, os.stat_result]]]:
    """(folder relative to `site` as "a/b/" or "", the folder, its files' stats by name) for each folder
    of `site`, not entering the folders whose relative path ("a/b/") starts with one of `skip`."""
    todo = [("", site)]
    while todo:
        rel, folder = todo.pop()
        files = {}
        with os.scandir(folder) as entries:
            for e in entries:
                if e.is_dir(follow_symlinks=False):  # a link to a folder is not entered (as os.walk)
                    sub = f"{rel}{e.name}/"
                    if not sub.startswith(skip):
                        todo.append((sub, Path(e.path)))
                elif e.is_file():
                    files[e.name] = e.stat()
        yield rel, folder, files

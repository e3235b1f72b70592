"""Reading and writing standard/comments/*.yaml (validated, located errors; written by the YAML emitter)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from ..core.errors import Problem, StdkitError
from ..core.folder import Folder, as_folder
from ..core.models.comments import DECISIONS, Comment, CommentBatch
from ..core.validation import locate, validate
from ..core.yamlio import MAX_BYTES, decode, parse_text

FOLDER = "standard/comments"
SCHEMA_LINE = "# yaml-language-server: $schema=../../schemas/comments.schema.json\n"


@dataclass
class Batch:
    rel: str  # path relative to the standard's root folder
    data: CommentBatch


def batch_files(root: Path) -> list[Path]:
    return sorted((Path(root) / FOLDER).glob("*.yaml"))


def load_batches(source: Folder | Path) -> list[Batch]:
    """Every batch, in file-name order; every problem of every file in one StdkitError. Read once per
    folder (its failure too)."""
    folder = as_folder(source)
    return folder.once("comment-batches", lambda: _read_batches(folder))


def _read_batches(folder: Folder) -> list[Batch]:
    problems: list[Problem] = []
    out = []
    for rel in folder.files(f"{FOLDER}/*.yaml", problems):
        try:
            data, positions = parse_text(decode(folder.read(rel, MAX_BYTES), rel), rel)
            batch = validate(CommentBatch, data, positions, rel)
        except StdkitError as err:
            problems.extend(err.problems)
            continue
        for n, c in enumerate(batch.comments):
            if c.decision in DECISIONS[1:] and not c.reason.strip():
                line, col = locate(positions, ("comments", n, "decision"))
                problems.append(
                    Problem(
                        file=rel,
                        line=line,
                        column=col,
                        path=f"comments[{n}].reason",
                        code="comment-reason",
                        message=f"处理意见为“{c.decision}”，但没有写理由（reason）。",
                        hint="部分采纳和未采纳的意见应写明理由，写在 reason: 中。",
                    )
                )
        out.append(Batch(rel, batch))
    if problems:
        raise StdkitError(problems)
    return out


def dump(batch: CommentBatch) -> str:
    """The batch as YAML text: the emitter quotes whatever needs quoting."""
    data = batch.model_dump(mode="json")
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100000, default_flow_style=False)
    return SCHEMA_LINE + body


def all_comments(batches: list[Batch]) -> list[tuple[Batch, int, Comment]]:
    return [(b, n, c) for b in batches for n, c in enumerate(b.data.comments)]

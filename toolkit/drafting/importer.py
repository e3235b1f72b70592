"""`stdkit comments import`: returned forms -> one new batch file, every clause number checked against
the draft (unknown ones refused with the row and the nearest real clause), duplicates dropped."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..core import escape
from ..core.atomic import write_atomic
from ..core.errors import Problem, StdkitError, file_error, whole_file
from ..core.folder import as_folder
from ..core.models.comments import Comment, CommentBatch
from ..standard.metadata import load_metadata
from .clauses import ClauseIndex, load_index
from .diff import revision_root
from .forms import FormRow, read_form
from .rounds import FOLDER as ROUNDS
from .rounds import RoundRecord, load_records
from .store import FOLDER, all_comments, dump, load_batches

REVISION_HINT = "轮次记录的 revision 应是该稿在 git 中的版本（提交号或标签），不能是文件夹路径。"


@dataclass
class ImportResult:
    path: Path
    comments: int
    duplicates: int
    units: int


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return escape.xml_text(str(value)).strip()


def _key(c: Comment) -> tuple[str, str, str]:
    return (c.clause, "".join(c.unit.split()), "".join(c.text.split()))


def _comment(row: FormRow, index: ClauseIndex, problems: list[Problem]) -> Comment | None:
    v = row.values
    raw = _text(v.get("number"))
    text, unit = _text(v.get("text")), _text(v.get("unit"))
    before = len(problems)
    if not raw:
        problems.append(Problem(file=row.file, line=row.row, column=1, path="章条编号", code="comment-clause", message="没有填写章条编号。",
                                hint="对全文的意见请填“全文”。"))  # fmt: skip
    elif index.resolve(v.get("number")) is None:  # type: ignore[arg-type]
        problems.append(
            Problem(
                file=row.file,
                line=row.row,
                column=1,
                path="章条编号",
                code="comment-clause",
                message=f"章条编号“{raw}”在本稿中不存在。",
                hint=f"最接近的章条是“{index.nearest(raw)}”；章条编号应为本稿中的章、条、表或附录（如 5.2、表1、附录A、全文）。",
            )
        )
    if not text:
        problems.append(
            Problem(
                file=row.file,
                line=row.row,
                column=1,
                path="意见内容",
                code="comment-text",
                message="没有填写意见内容。",
            )
        )
    if not unit:
        problems.append(Problem(file=row.file, line=row.row, column=1, path="提出单位", code="comment-unit", message="没有填写提出单位。",
                                hint="每行都要填写提出单位，汇总处理表按单位统计。"))  # fmt: skip
    if len(problems) > before:
        return None
    ident = index.resolve(v.get("number"))  # type: ignore[arg-type]
    assert ident is not None
    return Comment(
        clause=ident,
        number=index.by_id[ident],
        text=text,
        suggestion=_text(v.get("suggestion")),
        unit=unit,
        contact=_text(v.get("contact")),
        source=f"{row.file}:{row.row}",
    )


def _batch_path(root: Path, name: str | None) -> Path:
    folder = root / FOLDER
    if name is None:
        n = 1
        while (folder / f"batch-{n:02d}.yaml").exists():
            n += 1
        name = f"batch-{n:02d}"
    return folder / f"{name}.yaml"


def _round_draft(root: Path, round_rel: str) -> tuple[RoundRecord, ClauseIndex]:
    """The round's record and the clause index of the draft it was on: that draft's git revision when
    the record gives one (a late reply's "5.3" is the old draft's 5.3), else the current text."""
    records = dict(load_records(as_folder(root)))
    rel = round_rel if round_rel.startswith(ROUNDS) else f"{ROUNDS}/{round_rel.removesuffix('.yaml')}.yaml"
    record = records.get(rel)
    if record is None:
        raise file_error(
            file=rel,
            code="comment-round",
            message=f"没有这一轮的记录：{rel}。",
            hint="已有的轮次：" + ("、".join(records) or "（无）") + "。",
        )
    if not record.revision:
        return record, load_index(root)
    try:
        with revision_root(record.revision, root, REVISION_HINT) as old:
            return record, load_index(old)
    except StdkitError as err:  # the revision is the record's field: name the record, not the revision
        raise StdkitError([Problem(file=rel, line=p.line, column=p.column, path="revision", code=p.code, message=p.message, hint=p.hint)
                           for p in err.problems]) from None  # fmt: skip


def import_forms(
    root: Path, files: list[Path], name: str | None = None, round_rel: str | None = None
) -> ImportResult:
    """Read every form, check every row, then write one batch file — or nothing and raise. With
    `round_rel` the clause numbers are those of the round's draft and the batch belongs to that round."""
    root = Path(root)
    meta = load_metadata(root)
    record, index = _round_draft(root, round_rel) if round_rel else (None, load_index(root))
    existing = load_batches(root)
    seen = {_key(c) for _, _, c in all_comments(existing)}
    problems: list[Problem] = []
    comments, duplicates = [], 0
    for path in files:
        rows = read_form(Path(path), Path(path).name)
        for row in rows:
            c = _comment(row, index, problems)
            if c is None:
                continue
            if _key(c) in seen:
                duplicates += 1
                continue
            seen.add(_key(c))
            comments.append(c)
    target = _batch_path(root, name)
    if target.exists():
        problems.append(whole_file(file=target.relative_to(root).as_posix(), code="comment-batch", message="这一批意见文件已存在。", hint="换一个 --name，或删除旧文件后重新导入。"))  # fmt: skip
    if problems:
        raise StdkitError(problems)
    stage, date = (record.stage, record.draft_date) if record else (meta.stage, meta.draft_date)
    batch = CommentBatch(stage=stage, draft_date=date, comments=comments)
    write_atomic(target, dump(batch).encode("utf-8"))
    return ImportResult(target, len(comments), duplicates, len({c.unit for c in comments}))

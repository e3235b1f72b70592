"""`stdkit stage next`: move the draft to the next stage (征求意见稿 → 送审稿 → 报批稿 → 发布稿) after
checking what must be done first, and record each stage's date in metadata.yaml (`stage`, `draft_date`,
`stages`). The values are replaced where the YAML parser finds them, so the drafters' comments survive
and a `stage:` inside another value is never touched."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..core.atomic import write_atomic
from ..core.errors import Problem, StdkitError, file_error, whole_file
from ..core.folder import Folder
from ..core.models.comments import PENDING
from ..core.validation import locate
from ..core.yamlio import load_yaml
from ..standard.metadata import DATE_RE, REL, STAGES, load_metadata
from .rounds import FOLDER as ROUNDS
from .rounds import load_records
from .store import load_batches


@dataclass
class StageMove:
    old: str
    new: str
    date: str
    comments: int


def _pending(root: Path) -> tuple[int, list[Problem]]:
    """How many comments there are, and a located problem for each one not yet decided."""
    batches = load_batches(root)
    problems, total = [], 0
    for b in batches:
        _, positions = load_yaml(root / b.rel, b.rel)
        for n, c in enumerate(b.data.comments):
            total += 1
            if c.decision == PENDING:
                line, col = locate(positions, ("comments", n))
                problems.append(
                    Problem(
                        file=b.rel,
                        line=line,
                        column=col,
                        path=f"comments[{n}].decision",
                        code="stage-comment-pending",
                        message=f"{c.unit}对{c.number}的意见尚未处理。",
                        hint="进入下一阶段前，每条意见都应写明处理意见（采纳/部分采纳/未采纳）和理由。",
                    )
                )
    return total, problems


def _end(node: yaml.Node) -> int:
    """Where a value's own text ends: a block collection ends with its last value, not at the next key
    (so the comments between are kept)."""
    if isinstance(node, yaml.MappingNode | yaml.SequenceNode) and node.value and not node.flow_style:
        last = node.value[-1]
        return _end(last[1] if isinstance(last, tuple) else last)
    return node.end_mark.index


def _records(root: Path, new: str) -> list[Problem]:
    """The round the next stage rests on must be recorded: 送审稿 a 征求意见 round (units asked) on the
    征求意见稿; 报批稿 a 专家审查 round on the 送审稿 with its panel and conclusion."""
    need = {"送审稿": ("征求意见", "征求意见稿"), "报批稿": ("专家审查", "送审稿")}.get(new)
    if need is None:
        return []
    kind, stage = need
    found = [r for _, r in load_records(Folder(root)) if r.kind == kind and r.stage == stage]
    hint = f"在 {ROUNDS}/ 中写一个轮次记录（kind: {kind}，stage: {stage}；格式见 standard/README.md）。"
    if not found:
        return [whole_file(file=f"{ROUNDS}/", code="stage-no-round", message=f"没有{stage}的{kind}记录，不能形成{new}。", hint=hint)]  # fmt: skip
    rec = found[-1]
    missing = []
    if kind == "征求意见" and not rec.units:
        missing.append("征求意见的单位（units）")
    if kind == "专家审查" and not rec.panel:
        missing.append("审查专家组（panel）")
    if kind == "专家审查" and not rec.conclusion.strip():
        missing.append("审查结论（conclusion）")
    if missing:
        return [whole_file(file=f"{ROUNDS}/", code="stage-round-incomplete", message=f"{kind}记录缺少：{'、'.join(missing)}。", hint=hint)]  # fmt: skip
    return []


def _rewrite(text: str, stage: str, date: str, stages: dict[str, str]) -> str:
    """metadata.yaml with `stage`, `draft_date` and `stages` replaced where the YAML parser finds those
    top-level keys' values (never a `stage:` inside another value, a quoted title say); everything else —
    comments, order, quoting — as the drafters wrote it."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)  # the file was validated by load_metadata
    assert isinstance(root, yaml.MappingNode)
    keys = {k.value: (k, v) for k, v in root.value if isinstance(k, yaml.ScalarNode)}
    block = "stages:\n" + "".join(f'  {k}: "{v}"\n' for k, v in stages.items())
    edits = [
        (keys["stage"][1].start_mark.index, _end(keys["stage"][1]), stage),
        (keys["draft_date"][1].start_mark.index, _end(keys["draft_date"][1]), f'"{date}"'),
    ]
    if "stages" in keys:
        key, value = keys["stages"]
        edits.append((key.start_mark.index, _end(value), block.rstrip("\n")))
    else:
        text = text.rstrip("\n") + "\n# 各稿的完成日期（由 stdkit stage next 记录）\n" + block
    for begin, finish, new in sorted(edits, reverse=True):
        text = text[:begin] + new + text[finish:]
    return text


def next_stage(root: Path, date: str) -> StageMove:
    """Check the prerequisites, then rewrite metadata.yaml — or change nothing and raise."""
    root = Path(root)
    meta = load_metadata(root)
    if not DATE_RE.match(date) or "X" in date:
        raise file_error(
            file="--date", code="stage-date", message=f"日期“{date}”格式不对。", hint="形如 2024-09-10。"
        )
    at = STAGES.index(meta.stage)
    if at == len(STAGES) - 1:
        raise StdkitError(
            [
                Problem(
                    file=REL,
                    line=1,
                    column=1,
                    path="stage",
                    code="stage-last",
                    message="本稿已是发布稿，没有下一阶段。",
                )
            ]
        )
    new = STAGES[at + 1]
    total, problems = _pending(root)
    recorded = any(r.kind == "征求意见" and r.units for _, r in load_records(Folder(root)))
    if new == "送审稿" and total == 0 and not recorded:  # a recorded round may have had only 无意见 replies
        problems.append(
            whole_file(
                file="standard/comments/",
                code="stage-no-comments",
                message="还没有导入征求意见稿的反馈意见，不能形成送审稿。",
                hint="用 stdkit comments import 导入反馈的意见表并逐条处理；送审稿须附征求意见汇总处理表。",
            )
        )
    problems.extend(_records(root, new))
    if date < meta.draft_date:
        problems.append(
            whole_file(
                file="--date", code="stage-date", message=f"新稿日期 {date} 早于本稿日期 {meta.draft_date}。"
            )
        )
    if problems:
        raise StdkitError(problems)
    stages = {**meta.stages, meta.stage: meta.stages.get(meta.stage, meta.draft_date), new: date}
    path = root / REL
    text = _rewrite(path.read_text(encoding="utf-8"), new, date, stages)
    with tempfile.TemporaryDirectory(prefix="stdkit-stage-") as tmp:
        (Path(tmp) / "standard").mkdir()
        (Path(tmp) / REL).write_text(text, encoding="utf-8")
        load_metadata(Path(tmp))  # the rewritten file must still be valid (发布稿: no X in number or dates)
    write_atomic(path, text.encode("utf-8"))
    return StageMove(meta.stage, new, date, total)

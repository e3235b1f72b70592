"""Drafting rounds as records (standard/rounds/*.yaml): each round — 征求意见 on the 征求意见稿, 专家审查 on
the 送审稿, any later one — says which draft it was on (stage, date and the git revision recorded when it
opened), which units were asked and when, who replied, who replied 无意见, and for an expert review the
panel and its conclusion. A round's comments are the batches made on its draft (same stage), so each
round has its own table and its own counts.

File:
    kind: 征求意见            # 征求意见 | 专家审查 | 其他
    stage: 征求意见稿          # the draft commented on
    draft_date: "2024-06-28"
    revision: 0123abc…         # git revision of that draft (clause numbers of late replies resolve against it)
    opened: "2024-07-01"
    closed: "2024-07-31"
    units:
      - {name: 某市政务服务和大数据管理局, asked: "2024-07-01", reply: 有意见, replied: "2024-07-20"}
    panel:                     # 专家审查
      - {name: 某某, unit: 某大学, role: 组长}
    conclusion: 审查组一致同意通过审查，按审查意见修改后报批。
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ..core.errors import Problem, StdkitError
from ..core.folder import Folder, as_folder
from ..core.validation import validate
from ..core.yamlio import MAX_BYTES, decode, parse_text
from .store import Batch, load_batches

FOLDER = "standard/rounds"
KINDS = ("征求意见", "专家审查", "其他")
REPLIES = ("有意见", "无意见", "未回复")
DATE = r"^\d{4}-\d{2}-\d{2}$"
# The round a batch belongs to when no record names it: the stage of the draft it was made on.
KIND_OF_STAGE = {"征求意见稿": "征求意见", "送审稿": "专家审查"}


class Unit(BaseModel):
    model_config = ConfigDict(extra="forbid", title="征求意见的单位")
    name: str = Field(min_length=1, title="单位名称", description="征求意见的单位")
    asked: str = Field(pattern=DATE, title="征求日期", description="发出征求意见的日期")
    reply: Literal["有意见", "无意见", "未回复"] = Field(
        "未回复", title="回复情况", description="有意见、无意见或未回复"
    )
    replied: str = Field(
        "", pattern=r"^(\d{4}-\d{2}-\d{2})?$", title="回复日期", description="收到回复的日期"
    )


class Expert(BaseModel):
    model_config = ConfigDict(extra="forbid", title="审查专家")
    name: str = Field(min_length=1, title="专家姓名", description="审查专家的姓名")
    unit: str = Field("", title="工作单位", description="专家的工作单位")
    title: str = Field("", title="职称", description="专家的职称")
    role: str = Field("", title="职责", description="组长、成员")


class RoundRecord(BaseModel):
    model_config = ConfigDict(extra="forbid", title="起草轮次记录")
    kind: Literal["征求意见", "专家审查", "其他"] = Field(
        title="轮次", description="征求意见、专家审查或其他"
    )
    stage: str = Field(min_length=1, title="所针对的稿", description="所征求意见或审查的稿（如 征求意见稿）")
    draft_date: str = Field(pattern=DATE, title="该稿的本稿日期", description="该稿封面上的本稿完成日期")
    revision: str = Field(
        "",
        title="该稿的 git 版本",
        description="开启本轮时该稿在 git 中的版本（提交号或标签）；迟到的意见按该稿的章条编号解析",
    )
    opened: str = Field(pattern=DATE, title="开始日期", description="本轮开始的日期")
    closed: str = Field(
        "", pattern=r"^(\d{4}-\d{2}-\d{2})?$", title="结束日期", description="本轮结束的日期；未结束时不写"
    )
    units: list[Unit] = Field(
        default_factory=list, title="征求意见的单位", description="征求意见的单位及其回复"
    )
    panel: list[Expert] = Field(
        default_factory=list, title="审查专家组", description="专家审查时的专家组成员"
    )
    conclusion: str = Field("", title="审查结论", description="专家审查的结论")


@dataclass
class Round:
    """A round with its comment batches (a round without a record: kind from the draft's stage)."""

    kind: str
    stage: str
    rel: str | None  # the record's file, None when no record was written
    record: RoundRecord | None
    batches: list[Batch] = field(default_factory=list)

    @property
    def table_title(self) -> str:
        return "专家审查意见处理表" if self.kind == "专家审查" else "征求意见汇总处理表"

    @property
    def comments(self) -> int:
        return sum(len(b.data.comments) for b in self.batches)

    def counts(self) -> dict[str, int]:
        """asked / replied / no-comment units (from the record), units that commented, comments by decision."""
        found = [c for b in self.batches for c in b.data.comments]
        units = self.record.units if self.record else []
        out = {
            "asked": len(units),
            "replied": sum(1 for u in units if u.reply != "未回复"),
            "no_comment": sum(1 for u in units if u.reply == "无意见"),
            "commenting": len({c.unit for c in found}),
            "comments": len(found),
        }
        for d in ("采纳", "部分采纳", "未采纳", "待处理"):
            out[d] = sum(1 for c in found if c.decision == d)
        return out


def load_records(source: Folder) -> list[tuple[str, RoundRecord]]:
    """Every round record, in file-name order; every problem in one StdkitError."""
    folder = as_folder(source)
    memo = folder.derived.get("round-records")
    if isinstance(memo, list):
        return memo
    problems: list[Problem] = []
    out = []
    for rel in folder.files(f"{FOLDER}/*.yaml", problems):
        try:
            data, positions = parse_text(decode(folder.read(rel, MAX_BYTES), rel), rel)
            out.append((rel, validate(RoundRecord, data, positions, rel)))
        except StdkitError as err:
            problems.extend(err.problems)
    if problems:
        raise StdkitError(problems)
    folder.derived["round-records"] = out
    return out


def rounds(source: Folder) -> list[Round]:
    """The rounds in order: each record with the batches made on its draft; batches on a draft no record
    names form a round of their own (kind from the stage)."""
    folder = as_folder(source)
    out = [Round(r.kind, r.stage, rel, r) for rel, r in load_records(folder)]
    for b in load_batches(folder):
        home = next((r for r in out if r.stage == b.data.stage), None)
        if home is None:
            home = Round(KIND_OF_STAGE.get(b.data.stage, "其他"), b.data.stage, None, None)
            out.append(home)
        home.batches.append(b)
    return out


def round_of(source: Folder, kind: str) -> Round | None:
    """The latest round of `kind`."""
    found = [r for r in rounds(source) if r.kind == kind]
    return found[-1] if found else None

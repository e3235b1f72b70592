"""The comment data: one batch file per round of returned forms (standard/comments/*.yaml)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

DECISIONS = ("采纳", "部分采纳", "未采纳")
PENDING = "待处理"
CLAUSE_KEY = r"^(~(whole|foreword|bibliography)|[a-z0-9](?:[a-z0-9-]{0,58}[a-z0-9])?)$"


class Comment(BaseModel):
    """One comment: the clause it is about (stable id), what was said, by whom, and the decision."""

    model_config = ConfigDict(extra="forbid")

    clause: str = Field(
        pattern=CLAUSE_KEY,
        description="所提意见针对的章条的稳定编号（{#编号}；全文、前言、参考文献为 ~whole、~foreword、~bibliography）",
    )
    number: str = Field(min_length=1, description="提意见时该章条的编号（仅供参考，显示时按当前稿重新计算）")
    text: str = Field(min_length=1, description="意见内容")
    suggestion: str = Field(default="", description="修改建议")
    unit: str = Field(min_length=1, description="提出单位")
    contact: str = Field(default="", description="联系人")
    source: str = Field(default="", description="来源：反馈表文件名和行号")
    decision: Literal["待处理", "采纳", "部分采纳", "未采纳"] = Field(
        default="待处理", description="处理意见：待处理、采纳、部分采纳、未采纳"
    )
    reason: str = Field(default="", description="处理理由（部分采纳、未采纳时必填）")


class CommentBatch(BaseModel):
    """The comments received on one draft in one round (one file per batch)."""

    model_config = ConfigDict(extra="forbid")

    stage: str = Field(min_length=1, description="所征求意见的稿（如 征求意见稿）")
    draft_date: str = Field(min_length=1, description="所征求意见稿的本稿日期")
    comments: list[Comment] = Field(default_factory=list, description="意见，按导入顺序")

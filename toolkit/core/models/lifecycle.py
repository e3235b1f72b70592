"""items/lifecycle.yaml: the two life-cycle catalogues (全生命周期), enterprise and citizen."""

from __future__ import annotations

from pydantic import Field

from .bundle import Audience
from .common import Id, ItemId, Model, Text


class EntryFigures(Model):
    """联办事项流程再造前或后的要素（按一次办理计）。"""

    steps: int = Field(
        ge=0, le=200, title="环节数", description="申请人需经历的办理环节（申请、补正、现场核验、领证等）"
    )
    materials: int = Field(ge=0, le=500, title="材料数", description="申请人需提交的材料件数")
    days: int = Field(ge=0, le=365, title="办理时限（工作日）", description="当日办结的填0")
    visits: int = Field(ge=0, le=50, title="跑动次数")
    fees_yuan: int = Field(0, ge=0, le=10_000_000, title="直接费用（元）")


class Entry(Model):
    """阶段下的一类（企业）或一项（个人）联办事项：指向一个一事联办或若干事项。"""

    id: Id = Field(title="编号")
    name: Text = Field(title="名称")
    bundle: Id | None = Field(None, title="一事联办")
    items: list[ItemId] = Field(default_factory=list, title="事项")
    practice: Text | None = Field(None, title="再造做法", description="流程再造减了什么、怎么减的")
    before: EntryFigures | None = Field(
        None, title="流程再造前", description="指向一事联办的不填（取一事联办的改革前数据）"
    )
    after: EntryFigures | None = Field(
        None, title="流程再造后", description="指向一事联办的不填（取一事联办的改革后数据）"
    )


class Stage(Model):
    id: Id = Field(title="编号")
    name: Text = Field(title="阶段名称")
    entries: list[Entry] = Field(min_length=1, title="类别或事项")


class Catalogue(Model):
    kind: Audience = Field(title="服务对象")
    stages: list[Stage] = Field(min_length=1, title="阶段")


class LifecycleFile(Model):
    catalogues: list[Catalogue] = Field(min_length=1, title="全生命周期目录")

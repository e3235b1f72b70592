"""items/lifecycle.yaml: the two life-cycle catalogues (全生命周期), enterprise and citizen."""

from __future__ import annotations

from pydantic import Field

from .bundle import Audience
from .common import Id, ItemId, Model, Text


class Entry(Model):
    """阶段下的一类（企业）或一项（个人）联办事项：指向一个一事联办或若干事项。"""

    id: Id = Field(title="编号")
    name: Text = Field(title="名称")
    bundle: Id | None = Field(None, title="一事联办")
    items: list[ItemId] = Field(default_factory=list, title="事项")


class Stage(Model):
    id: Id = Field(title="编号")
    name: Text = Field(title="阶段名称")
    entries: list[Entry] = Field(min_length=1, title="类别或事项")


class Catalogue(Model):
    kind: Audience = Field(title="服务对象")
    stages: list[Stage] = Field(min_length=1, title="阶段")


class LifecycleFile(Model):
    catalogues: list[Catalogue] = Field(min_length=1, title="全生命周期目录")

"""flowcharts/*.yaml: process flows (统一受理、后台审批、归口出件) and flow templates."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from ..codelists import CodeList
from .common import Id, Model, Text, TimeLimit
from .item import ItemType, StepOverride

FlowRole = Annotated[str, CodeList("flow-roles", "环节角色")]


# Steps that only happen on a side branch (补正, 不予受理): not counted as 办理环节, not listed as the way through.
BRANCH_ROLES = frozenset({"补正材料", "不予受理", "不予许可"})


class Branch(Model):
    to: Id = Field(title="转向环节")
    condition: Text = Field(title="条件", description="如：材料不齐全或不符合法定形式")
    back: bool = Field(False, title="是否返回前序环节", description="如补正后重新受理；返回边不计为循环")


class Step(Model):
    id: Id = Field(title="环节编号")
    name: Text = Field(title="环节名称")
    role: FlowRole = Field(title="环节角色")
    actor: Text | None = Field(None, title="承办岗位")
    limit: TimeLimit | None = Field(None, title="环节时限")
    limit_from_item: bool = Field(False, title="时限取事项承诺时限")
    next: list[Id] = Field(
        default_factory=list, max_length=8, title="下一环节", description="为空表示结束环节"
    )
    branches: list[Branch] = Field(default_factory=list, max_length=8, title="分支")


class Flow(Model):
    """办理流程；template 为 true 时是可被多个事项共用的模板。"""

    id: Id = Field(title="流程编号")
    title: Text = Field(title="流程名称")
    template: bool = Field(False, title="是否模板")
    default_for: list[ItemType] = Field(default_factory=list, title="默认适用的事项类型")
    # At most 40 steps: a flowchart a citizen can read (Jianshi's longest has 9); it also bounds Graphviz.
    steps: list[Step] = Field(min_length=2, max_length=40, title="环节", description="第一个环节为起点")


__all__ = ["Branch", "Flow", "Step", "StepOverride"]

"""items/departments.yaml: the departments (部门) that own service items."""

from __future__ import annotations

from pydantic import Field

from .common import Facts, Id, Model, Text


class Department(Facts):
    code: Id = Field(title="部门代码", description="短代码，小写字母、数字和连字符，如 scjgj")
    name: Text = Field(title="部门全称", description="如：建始县市场监督管理局")
    short_name: Text = Field(title="部门简称", description="如：市场监管局")
    in_hall: bool | None = Field(
        None, title="是否进驻县政务服务中心", description="不写表示尚未提供；stdkit check 要求写明"
    )


class DepartmentsFile(Model):
    departments: list[Department] = Field(min_length=1, title="部门列表")

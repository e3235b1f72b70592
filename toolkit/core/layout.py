"""Where each kind of source file lives in a county folder, and which model validates it."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel

from . import models as m
from .models.comments import CommentBatch


@dataclass(frozen=True)
class Kind:
    name: str  # also the schema file name: schemas/<name>.schema.json
    pattern: str  # path (or glob) relative to the county folder
    model: type[BaseModel]
    title: str
    many: bool = False  # a glob of files, one object each
    required: bool = True


KINDS: tuple[Kind, ...] = (
    Kind("county", "items/county.yaml", m.County, "县基本信息"),
    Kind("departments", "items/departments.yaml", m.DepartmentsFile, "部门"),
    Kind("form-fields", "items/form-fields.yaml", m.FormFieldsFile, "申请表字段字典"),
    Kind("lifecycle", "items/lifecycle.yaml", m.LifecycleFile, "全生命周期目录"),
    Kind("county-centre", "items/network/county-centre.yaml", m.CountyCentre, "县级政务服务中心"),
    Kind("townships", "items/network/townships.yaml", m.TownshipsFile, "乡镇便民服务中心"),
    Kind("villages", "items/network/villages.yaml", m.VillagesFile, "村（社区）便民服务站"),
    Kind("township-items", "items/network/township-items.yaml", m.ItemListFile, "乡镇可办事项清单"),
    Kind("village-items", "items/network/village-items.yaml", m.ItemListFile, "村（社区）可办事项清单"),
    Kind("teams", "items/network/teams.yaml", m.TeamsFile, "服务队伍"),
    Kind("item", "items/services/**/*.yaml", m.ServiceItem, "政务服务事项", many=True),
    Kind("bundle", "items/bundles/*.yaml", m.Bundle, "一事联办", many=True, required=False),
    Kind("flow", "flowcharts/*.yaml", m.Flow, "办理流程", many=True),
)

KIND_BY_NAME = {k.name: k for k in KINDS}

# Files of the standard's drafting (not county data): they have schemas but are not part of a county folder.
DRAFTING_KINDS: tuple[Kind, ...] = (
    Kind("comments", "standard/comments/*.yaml", CommentBatch, "征求意见", many=True, required=False),
)


def schema_ref(kind: Kind) -> str:
    """Relative path from a file of this kind to its schema, for the yaml-language-server comment."""
    depth = kind.pattern.count("/") + (1 if "**" in kind.pattern else 0)
    if "**" in kind.pattern:
        depth -= 1  # "**/" stands for one folder (a department) in the bundled layout
    return "../" * depth + f"schemas/{kind.name}.schema.json"

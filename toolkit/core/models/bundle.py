"""items/bundles/*.yaml (一事联办) and items/form-fields.yaml (the dictionary of form fields)."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from ..codelists import CodeList
from .common import Id, ItemId, Model, Text, TimeLimit
from .item import MaterialForm

FieldType = Annotated[str, CodeList("field-types", "字段类型")]
Audience = Annotated[str, CodeList("lifecycle-kinds", "服务对象")]


class FormField(Model):
    id: Id = Field(title="字段编号")
    label: Text = Field(title="字段名称")
    type: FieldType = Field("文本", title="字段类型")
    options: list[Text] = Field(default_factory=list, title="可选项")
    help: Text | None = Field(None, title="填写说明")
    group: Text | None = Field(
        None, title="分组", description="申请表上的栏目，如：申请人信息、经营场所；同组字段排在一起"
    )
    boxes: int | None = Field(
        None,
        ge=1,
        le=40,
        title="方格数",
        description="申请表上每格填一个字符的方格数；身份证号、统一社会信用代码不填时为18格",
    )
    lines: int | None = Field(
        None, ge=1, le=12, title="填写行数", description="申请表上留出的填写行数；多行文本不填时为3行"
    )


class FormFieldsFile(Model):
    fields: list[FormField] = Field(min_length=1, title="申请表字段字典")


class BundleMaterial(Model):
    name: Text = Field(title="材料名称")
    form: MaterialForm = Field("原件", title="材料形式")
    copies: int = Field(1, ge=0, le=20, title="份数")
    items: list[ItemId] = Field(min_length=1, title="用于哪些事项")


class BundleAfter(Model):
    time: TimeLimit = Field(title="办理时间")
    visits: int = Field(ge=0, le=50, title="跑动次数")
    counters: int = Field(ge=0, le=50, title="窗口数")
    steps: int = Field(
        ge=0, le=200, title="环节数", description="申请人需经历的办理环节（申请、补正、现场核验、领证等）"
    )
    fees_yuan: int = Field(0, ge=0, le=10_000_000, title="直接费用（元）")


class BundleBefore(BundleAfter):
    materials: int = Field(ge=0, le=500, title="材料数")


class Bundle(Model):
    """一事联办：一套材料、一次告知、一表申请、一窗受理、一网通办、一次办结。"""

    id: Id = Field(title="编号")
    name: Text = Field(title="名称", description="如：开旅店一件事")
    audience: Audience = Field(title="服务对象")
    summary: Text = Field(title="简介")
    required: list[ItemId] = Field(min_length=1, title="必办事项")
    optional: list[ItemId] = Field(default_factory=list, title="选办事项")
    required_when: dict[ItemId, Text] = Field(
        default_factory=dict,
        title="有条件的必办事项",
        description="必办事项只在某种情形下才必办时写：事项编号 → 情形，照该事项受理条件中的一条原文写"
        "（如 rs-sbdj: 依法设立的用人单位（含有雇工的个体工商户））；告知单和申请表上写成“…的必办”",
    )
    form: list[Id] = Field(min_length=1, title="合并申请表字段")
    materials: list[BundleMaterial] = Field(min_length=1, title="合并材料清单")
    refusals: list[Text] = Field(
        default_factory=list,
        title="常见补正和不予受理情形",
        description="一事联办窗口常见的需要补正材料或不予受理的原因，印在全科受理手册上",
    )
    before: BundleBefore = Field(title="改革前")
    after: BundleAfter = Field(title="改革后", description="改革后材料数由合并材料清单计算")

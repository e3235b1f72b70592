"""items/services/**.yaml: one service item (政务服务事项) per file, with its implementation-list elements."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, model_validator

from ..codelists import CodeList
from ..itemcode import CodeParts
from ..itemcode import parse as parse_code
from .common import Facts, Id, ItemCode, ItemId, LegalRef, Model, Phone, Text, TimeLimit

ItemType = Annotated[str, CodeList("item-types", "事项类型")]
MaterialForm = Annotated[str, CodeList("material-forms", "材料形式")]
MaterialSource = Annotated[str, CodeList("material-sources", "材料来源")]
OnlineDepth = Annotated[str, CodeList("online-depths", "网办深度")]
Platform = Text  # 国家平台（codelists/platforms.csv）或 county.yaml 的 platforms 中的名称（references 核对）
Counter = Annotated[str, CodeList("counters", "办理窗口")]
TownshipMode = Annotated[str, CodeList("township-modes", "乡镇办理方式")]
VillageMode = Annotated[str, CodeList("village-modes", "村（社区）办理方式")]


class Material(Model):
    """申请材料。"""

    name: Text = Field(title="材料名称")
    form: MaterialForm = Field("原件", title="材料形式")
    copies: int = Field(1, ge=0, le=20, title="份数")
    source: MaterialSource = Field("申请人自备", title="来源渠道")
    required: bool = Field(
        True, title="是否必须", description="false 表示仅在特定情形下提交，须写明 condition"
    )
    tolerated: bool = Field(
        False,
        title="容缺受理",
        description="true 表示必要材料可容缺受理：暂缺时先受理，申请人在承诺期限内补交",
    )
    returned: bool = Field(
        False,
        title="核验后退还",
        description="true 表示原件当场核验后退还申请人，不留存（如身份证件）；一次性告知单和收件凭证上写明",
    )
    condition: Text | None = Field(None, title="提交情形", description="如：委托他人办理的")
    shared: bool = Field(False, title="可共享免提交", description="可通过数据共享调取，申请人无需提交")
    accept: Text | None = Field(
        None,
        title="受理要点",
        description="窗口收件时核对什么、怎样才算合格，如：在有效期内，复印件由申请人签字确认；"
        "印在一次性告知单和全科受理手册上",
    )
    note: Text | None = Field(None, title="备注", description="来源说明、填报须知等，照原文")

    @model_validator(mode="after")
    def _condition_when_optional(self) -> Material:
        if not self.required and not self.condition:
            raise ValueError("material_condition")
        if self.tolerated and not self.required:
            raise ValueError("material_tolerated")
        return self


class Fee(Model):
    """收费项目。"""

    name: Text = Field(title="收费项目")
    standard: Text | None = Field(
        None,
        title="收费标准",
        description="收费标准的原文（如“25元/月”“按面积计收”）；只写金额时可不填，由 amount_yuan 表示",
    )
    amount_yuan: int | float | None = Field(
        None,
        ge=0,
        le=1_000_000,
        title="金额（元）",
        description="收费标准中的数额；原文没有数额（如“按面积计收”）时不填，须写 standard",
    )
    basis: Text = Field(title="收费依据")

    @model_validator(mode="after")
    def _amount_or_standard(self) -> Fee:
        if self.amount_yuan is None and not self.standard:
            raise ValueError("fee_amount")
        return self

    @property
    def label(self) -> str:
        """The standard as written, else the amount: 25元/月, 80元."""
        return self.standard or f"{self.amount_yuan:g}元"


class Online(Model):
    depth: OnlineDepth | None = Field(
        None, title="网办深度", description="不写表示尚未提供（页面显示“待补充”）"
    )
    platforms: list[Platform] = Field(default_factory=list, title="网办平台")


class Phones(Model):
    consult: Phone = Field(title="咨询电话")
    complaint: Phone = Field(title="投诉电话")


class Levels(Model):
    """事项在乡镇、村（社区）的办理方式；不填表示只在县级办理。"""

    township: TownshipMode | None = Field(None, title="乡镇办理方式")
    village: VillageMode | None = Field(None, title="村（社区）办理方式")


class ReformRecord(Model):
    """改革前的要素（清减降）；改革后的数值由事项现行数据计算。未记录的要素不填。"""

    materials: int | None = Field(
        None,
        ge=0,
        le=200,
        title="改革前材料数",
        description="与现行材料数（申请材料清单或 materials_now）比较后计入统计",
    )
    materials_now: int | None = Field(
        None,
        ge=0,
        le=200,
        title="现行材料数",
        description="只对未列出申请材料的目录级事项填写（取实施清单的材料数）；列出了申请材料的事项按清单计算",
    )
    steps: int | None = Field(None, ge=0, le=50, title="改革前环节数")
    days: int | None = Field(None, ge=0, le=365, title="改革前承诺时限（工作日）")
    visits: int | None = Field(None, ge=0, le=20, title="改革前到现场次数")
    fees_yuan: int | None = Field(None, ge=0, le=1_000_000, title="改革前直接费用（元）")


class Commitment(Model):
    """告知承诺：申请人以书面承诺代替证明材料时承诺的内容（印在告知承诺书上）。"""

    content: list[Text] = Field(min_length=1, title="承诺内容", description="申请人逐条承诺的事项")
    source: Text = Field(
        title="内容出处", description="承诺内容取自哪里，如：本事项受理条件、部门承诺书格式文本"
    )
    basis: list[LegalRef] = Field(default_factory=list, title="法律依据")


class StepOverride(Model):
    """对流程模板中某一环节的覆盖。"""

    name: Text | None = Field(None, title="环节名称")
    actor: Text | None = Field(None, title="承办岗位")
    limit: TimeLimit | None = Field(None, title="环节时限")


class ServiceItem(Facts):
    """政务服务事项（实施清单要素）。"""

    KEPT = frozenset({"levels", "counter", "flow", "flow_overrides", "form_fields"})

    id: ItemId = Field(
        title="短编号", description="3–16位小写字母、数字、连字符；用于二维码网址，发布后不得更改"
    )
    code: ItemCode = Field(
        title="事项编码",
        description="平台发放的事项编码（原样填写），如 511A0138000000-511602000000-000-115113010833722043-1-00",
    )
    basic_code: ItemCode | None = Field(
        None,
        title="基本编码",
        description="事项目录中与实施编码并列的基本编码（原样填写）；事项编码 code 是实施编码",
    )
    name: Text = Field(title="事项名称")
    type: ItemType = Field(title="事项类型")
    department: Id = Field(title="主管部门", description="departments.yaml 中的部门代码")
    implementer: Text | None = Field(None, title="实施主体", description="不填则为主管部门")
    basis: list[Text] = Field(default_factory=list, title="设定依据")
    audience: list[Text] = Field(
        default_factory=list,
        max_length=10,
        title="服务对象",
        description="照平台原文，一项一行，如：自然人、企业法人；不写表示尚未提供（页面不显示）",
    )
    result_name: Text | None = Field(None, title="办理结果名称", description="照原文，如：食品经营许可证")
    conditions: list[Text] = Field(default_factory=list, title="受理条件")
    refusals: list[Text] = Field(
        default_factory=list,
        title="常见补正和不予受理情形",
        description="窗口常见的需要补正材料或不予受理的原因，印在全科受理手册上",
    )
    materials: list[Material] = Field(default_factory=list, title="申请材料")
    commitment: Commitment | None = Field(
        None, title="告知承诺", description="可以告知承诺方式办理的事项写明承诺内容；不写表示不实行告知承诺"
    )
    legal_limit: TimeLimit | None = Field(None, title="法定时限")
    promised_limit: TimeLimit | None = Field(None, title="承诺时限")
    fees: list[Fee] | None = Field(
        None, title="收费", description="空列表 [] 表示不收费；不写表示尚未提供（页面显示“待补充”）"
    )
    visits: int | None = Field(None, ge=0, le=10, title="到现场次数")
    online: Online = Field(
        default_factory=Online, title="网上办理", description="不写表示尚未提供（页面显示“待补充”）"
    )
    phones: Phones | None = Field(None, title="咨询/投诉电话")
    location: Text | None = Field(None, title="办理地点", description="不填则按办理窗口生成")
    hours: Text | None = Field(None, title="办理时间")
    counter: Counter = Field("综合窗口", title="办理窗口")
    levels: Levels = Field(default_factory=Levels, title="乡镇、村办理方式")
    form_fields: list[Id] = Field(
        default_factory=list, title="申请表字段", description="form-fields.yaml 中的字段编号"
    )
    flow: Id | None = Field(
        None, title="办理流程", description="flowcharts/ 中的流程编号；不填则用该事项类型的默认模板"
    )
    flow_overrides: dict[Id, StepOverride] = Field(default_factory=dict, title="流程环节覆盖")
    keywords: list[Text] = Field(default_factory=list, title="检索关键词")
    reform: ReformRecord | None = Field(None, title="改革前要素（清减降）")

    @property
    def unknown_elements(self) -> tuple[str, ...]:
        """The guide elements of this item the county has not given (toolkit/core/guide.py adds what the
        guide takes from elsewhere: the centre's address, the flow). Given as none counts as given
        (`fees: []` is 不收费); an example (`example:`, written by stdkit init) counts as not given."""
        return tuple(
            label
            for label, field, unknown in (
                ("受理条件", "conditions", not self.conditions),
                ("申请材料", "materials", not self.materials),
                ("咨询电话", "phones", self.phones is None),
                ("收费", "fees", self.fees is None),
                ("承诺时限", "promised_limit", self.promised_limit is None),
                ("到现场次数", "visits", self.visits is None),
                ("网办深度", "online", not self.online.depth),
                ("设定依据", "basis", not self.basis),
            )
            if unknown or self.is_example(field)
        )

    @property
    def is_free(self) -> bool:
        """Only an explicit empty fee list says the item is free; None means not supplied."""
        return self.fees == []

    @property
    def fee_list(self) -> list[Fee]:
        return self.fees or []

    @property
    def online_known(self) -> bool:
        return self.online.depth is not None

    @property
    def is_online(self) -> bool:
        """Online in some way (depth supplied and not 不可网办)."""
        return self.online.depth not in (None, "不可网办")

    @property
    def code_parts(self) -> CodeParts:
        """Base code, region code and implementing unit read from the item code (toolkit.itemcode)."""
        return parse_code(self.code)

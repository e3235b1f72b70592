"""items/county.yaml: the county itself and the recorded facts of its item clearing."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints

from ..divisions import kind as division_kind
from .common import DIVISION_PATTERN, LegalRef, Model, Phone, Text
from .reported import Reported


class Clearing(Model):
    """事项清理记录（清减降）：清理前的事项总数与参与部门数等无法从现行清单推算的历史事实。"""

    departments: int = Field(ge=0, title="参与清理的部门数")
    items_before: int = Field(ge=0, title="清理前事项数")
    items_reduced: int = Field(ge=0, title="依法依规压减事项数")


class Evaluation(Model):
    satisfaction_percent: float = Field(ge=0, le=100, title="企业群众满意度（%）")
    period: Text = Field(title="统计期间")


class Remedy(Model):
    """一种救济途径（行政复议或行政诉讼）：向谁提出、期限及其法律依据；不知道的不填（文书上留空由窗口填写）。"""

    body: Text | None = Field(
        None, title="受理机关", description="如：××县人民政府、××县人民法院；县没有给出时不填"
    )
    limit: Text | None = Field(
        None, title="期限", description="如：60日、6个月；照法律规定写，并在 basis 中写明条号"
    )
    basis: LegalRef | None = Field(None, title="法律依据")


class WindowRules(Model):
    """窗口文书用到的县级规定：补正期限及逾期后果、复议和诉讼途径、好差评渠道。不填的在文书上留空由窗口填写。"""

    correction_days: int | None = Field(
        None,
        ge=1,
        le=60,
        title="补正期限（工作日）",
        description="申请人应在收到补正告知后多少个工作日内补正",
    )
    correction_consequence: Text | None = Field(
        None, title="逾期未补正的后果", description="县规定的原话，如：视为撤回申请；没有规定时不填"
    )
    reconsideration: Remedy = Field(default_factory=Remedy, title="行政复议")
    litigation: Remedy = Field(default_factory=Remedy, title="行政诉讼")
    review_url: Text | None = Field(
        None, title="好差评网址", description="办事人扫码评价的网址（印成二维码）；没有时不填"
    )
    review_channels: list[Text] = Field(
        default_factory=list, title="好差评渠道", description="如：政务服务网、12345热线、评价器"
    )


class County(Model):
    """县（市、区）基本信息。"""

    name: Text = Field(title="县名", description="如：建始县")
    province: Text = Field(title="省")
    prefecture: Text | None = Field(None, title="市（州）")
    division_code: Annotated[str, StringConstraints(pattern=DIVISION_PATTERN)] = Field(
        title="行政区划代码", description="6位数字：民政部公布的县级行政区划代码"
    )
    agency: Text = Field(title="政务服务主管部门", description="如：建始县政务服务和大数据管理局")
    hotline: Phone = Field(title="政务服务热线")
    platforms: list[Text] = Field(
        default_factory=list,
        title="网办平台",
        description="本县事项用到的网办平台（省级平台、移动端、部门平台）；国家平台（如国家政务服务平台、交管12123）"
        "不必写。不写时用省级档案中的平台",
    )
    example_codes: bool = Field(
        False,
        title="事项编码为示例",
        description="true：本县事项的编码（及编码中实施主体的统一社会信用代码）是示意的，不是事项管理系统中的编码；"
        "网页、窗口文书和检查报告在编码旁标“示例”，检查不据此判为符合。核对为本县实际编码后删去这一行",
    )
    clearing: Clearing | None = Field(None, title="事项清理记录")
    evaluation: Evaluation | None = Field(None, title="好差评与满意度")
    window: WindowRules = Field(
        default_factory=WindowRules,
        title="窗口文书规定",
        description="补正期限、复议和诉讼途径、好差评渠道；不填的在文书上留空由窗口填写",
    )
    reported: Reported | None = Field(
        None, title="报道数字", description="公开报道或总结材料中的数字及出处；校验时与由数据计算的数字核对"
    )

    @property
    def kind(self) -> str:
        """县, 市, 区, 旗, 特区 or 林区, from the name: generated text says 全区 for 广安区, not 全县."""
        return division_kind(self.name)

"""The county's reported figures (items/county.yaml, block `reported`): the numbers a published report gives,
with their source. The toolkit computes the same quantities from the data and the cross-check compares them."""

from __future__ import annotations

from pydantic import Field

from .common import Id, Model, Text, TimeLimit


class ReportSource(Model):
    """报道或文件的出处。"""

    title: Text = Field(title="标题")
    publisher: Text | None = Field(None, title="发布单位或媒体")
    date: Text | None = Field(None, title="日期", description="如：2022年11月")
    authors: Text | None = Field(None, title="作者")
    note: Text | None = Field(None, title="说明", description="如：哪些数字是报道原文的约数，取了什么值")


class ReportedCatalogue(Model):
    """报道的事项与服务网络数字；每个数字都与由数据计算的数字核对。未报道的不填。"""

    items: int | None = Field(None, ge=0, title="县政务服务中心无差别受理事项数")
    departments_in_hall: int | None = Field(None, ge=0, title="进驻县政务服务中心的部门数")
    flowcharts: int | None = Field(None, ge=0, title="标准化办事流程图数")
    townships: int | None = Field(None, ge=0, title="乡镇便民服务中心数")
    township_items: int | None = Field(None, ge=0, title="乡镇无差别受理事项数")
    township_stations: int | None = Field(None, ge=0, title="乡镇进驻站所数")
    village_stations: int | None = Field(None, ge=0, title="村（社区）便民服务站数")
    village_items: int | None = Field(None, ge=0, title="村（社区）便民服务事项数")
    devolved: int | None = Field(None, ge=0, title="审批权限下放到乡镇的事项数")
    forwarded: int | None = Field(None, ge=0, title="收件端前移到乡镇的事项数")
    forwarded_to_village: int | None = Field(None, ge=0, title="收件端前移至村（社区）的事项数")
    assisted_online: int | None = Field(None, ge=0, title="村（社区）帮办代办的可网办事项数")


class ReportedReduction(Model):
    """清减降：事项清理中减少的数量（改革前要素减现行要素，按事项合计）。"""

    materials: int | None = Field(None, ge=0, title="减材料（件）")
    steps: int | None = Field(None, ge=0, title="压减办理环节（个）")
    days: int | None = Field(None, ge=0, title="压减承诺时限（工作日）")


class ReportedChange(Model):
    """一项减少：减少的数量，以及报道给出的减少比例（%）。"""

    removed: int = Field(ge=0, title="减少数量")
    percent: int | None = Field(None, ge=0, le=100, title="减少比例（%）", description="按四舍五入取整后比较")
    wording: Text | None = Field(None, title="报道原文表述", description="报道只给约数时填写，如：近200万元")


class ReportedReengineering(Model):
    """流程再造：全生命周期联办事项改革前后合计的减少数量与比例。"""

    steps: ReportedChange | None = Field(None, title="减环节（个）")
    materials: ReportedChange | None = Field(None, title="减材料（件）")
    days: ReportedChange | None = Field(None, title="减时限（工作日）")
    visits: ReportedChange | None = Field(None, title="减跑动（次）")
    fees_yuan: ReportedChange | None = Field(None, title="减少直接费用（元）")


class CaseSide(Model):
    time: TimeLimit | None = Field(None, title="办理时间")
    visits: int | None = Field(None, ge=0, title="跑动次数")


class ReportedCase(Model):
    """报道中的一个一事联办案例，与该一事联办的数据核对。"""

    bundle: Id = Field(title="一事联办编号")
    wording: Text = Field(title="报道原文表述")
    required: int | None = Field(None, ge=0, title="必办事项数")
    optional: int | None = Field(None, ge=0, title="选办事项数")
    before: CaseSide | None = Field(None, title="改革前")
    after: CaseSide | None = Field(None, title="改革后")


class Reported(Model):
    """报道数字及出处。清理前事项数、压减事项数、满意度和三支队伍的服务记录只记在原处
    （clearing、evaluation、network/teams.yaml），这里不重复。"""

    source: ReportSource = Field(title="出处")
    visiting_counties: int | None = Field(None, ge=0, title="前来考察的县（市、区）数")
    catalogue: ReportedCatalogue | None = Field(None, title="事项与服务网络")
    reduction: ReportedReduction | None = Field(None, title="清减降")
    reengineering: ReportedReengineering | None = Field(None, title="流程再造（全生命周期联办事项）")
    cases: list[ReportedCase] = Field(default_factory=list, title="一事联办案例")

"""items/network/*.yaml: the county–township–village service network (县乡村三级)."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints

from ..codelists import CodeList
from .common import Facts, Id, ItemId, Model, Phone, Text

Level = Annotated[str, CodeList("levels", "层级")]
TeamKind = Annotated[str, CodeList("team-kinds", "队伍类型")]
Counter = Annotated[str, CodeList("counters", "办理窗口")]


# 统计用区划代码: 6 digits of the county, 3 of the township, 3 of the village (a township's ends in 000).
DivisionCode12 = Annotated[str, StringConstraints(pattern=r"^[0-9]{12}$")]
DIVISION_CODE_DESCRIPTION = "统计用区划代码（12位：县6位、乡镇3位、村3位）；不写表示尚未提供"


class Named(Model):
    name: Text = Field(title="名称")
    description: Text = Field(title="说明")


class WindowType(Named):
    count: int = Field(ge=1, le=100, title="窗口数")


class Hall(Model):
    """综合服务大厅：“4区4窗4岗2台”。"""

    name: Text = Field(title="名称")
    zones: list[Named] = Field(min_length=1, title="功能区")
    windows: list[WindowType] = Field(min_length=1, title="窗口类型")
    posts: list[Named] = Field(min_length=1, title="岗位")
    desks: list[Named] = Field(min_length=1, title="服务台")


class SpecialZone(Model):
    counter: Counter = Field(title="专区")
    name: Text = Field(title="名称")
    windows: int = Field(ge=1, le=100, title="窗口数")


class CountyCentre(Facts):
    """县级政务服务中心（“1+2”：1个综合服务大厅+公安、税务两个主题专区）。"""

    id: Id = Field(title="编号")
    name: Text = Field(title="名称")
    address: Text | None = Field(None, title="地址", description="不写表示尚未提供（页面显示“待补充”）")
    phone: Phone | None = Field(None, title="电话", description="不写表示尚未提供（页面显示“待补充”）")
    hours: Text | None = Field(None, title="办公时间", description="不写表示尚未提供（页面显示“待补充”）")
    hall: Hall = Field(title="综合服务大厅")
    special_zones: list[SpecialZone] = Field(default_factory=list, title="主题专区")


class TownshipCentre(Facts):
    """乡镇便民服务中心（“1+1”：1个公安窗口+1个综合服务区）。"""

    id: Id = Field(title="编号")
    name: Text = Field(title="名称", description="如：业州镇便民服务中心")
    town: Text = Field(title="乡镇", description="如：业州镇")
    division_code: DivisionCode12 | None = Field(
        None, title="区划代码", description=DIVISION_CODE_DESCRIPTION
    )
    address: Text | None = Field(None, title="地址", description="不写表示尚未提供（页面显示“待补充”）")
    phone: Phone | None = Field(None, title="电话", description="不写表示尚未提供（页面显示“待补充”）")
    hours: Text | None = Field(None, title="办公时间", description="不写表示尚未提供（页面显示“待补充”）")
    police_windows: int = Field(ge=0, le=10, title="公安窗口数")
    comprehensive_windows: int = Field(ge=0, le=20, title="综合服务窗口数")
    stations: list[Text] = Field(default_factory=list, title="进驻站所")


class TownshipsFile(Model):
    townships: list[TownshipCentre] = Field(min_length=1, title="乡镇便民服务中心")


class VillageStation(Facts):
    id: Id = Field(title="编号")
    name: Text = Field(title="名称", description="如：下坝社区便民服务站")
    township: Id = Field(title="所属乡镇", description="townships.yaml 中的编号")
    division_code: DivisionCode12 | None = Field(
        None, title="区划代码", description=DIVISION_CODE_DESCRIPTION
    )
    community: bool = Field(False, title="是否社区")
    windows: int = Field(1, ge=0, le=10, title="便民服务窗口数")
    agent: Text | None = Field(None, title="代办员", description="代办员（便民服务队）联系人姓名；可不写")
    phone: Phone | None = Field(
        None,
        title="代办员电话",
        description="代办员（便民服务队）的电话；不写表示尚未提供（清单显示“待补充”）",
    )
    hours: Text | None = Field(
        None, title="开放时间", description="便民服务站开放时间；不写表示尚未提供（清单显示“待补充”）"
    )


class VillagesFile(Model):
    villages: list[VillageStation] = Field(min_length=1, title="村（社区）便民服务站")


class ItemListFile(Model):
    """某一层级可办事项清单（乡镇或村）。"""

    level: Level = Field(title="层级")
    items: list[ItemId] = Field(min_length=1, title="事项")
    volumes: dict[ItemId, Annotated[int, Field(ge=0)]] = Field(
        default_factory=dict,
        title="年办件量",
        description="事项编号: 上一年度办件量；可只写部分事项。打印清单在同一部门内按办件量从高到低排列，"
        "未写的排在后面（按清单顺序）",
    )


class TeamRecord(Model):
    person_times: int = Field(ge=0, title="志愿服务人次")
    cases: int = Field(ge=0, title="办理业务件数")
    person_times_more: bool = Field(False, title="人次为约数", description="true 表示“××余人次”")
    cases_more: bool = Field(False, title="件数为约数", description="true 表示“××余件”")


class Team(Facts):
    id: Id = Field(title="编号")
    kind: TeamKind = Field(title="队伍类型")
    name: Text = Field(title="名称")
    level: Level = Field(title="层级")
    count: int = Field(ge=1, le=10000, title="队伍数")
    members: list[Text] = Field(min_length=1, title="组成人员")
    services: list[Text] = Field(min_length=1, title="服务内容")
    record: TeamRecord | None = Field(None, title="服务记录")


class TeamsFile(Model):
    teams: list[Team] = Field(min_length=1, title="服务队伍")

"""The province's collection rounds (rounds.yaml, in the province's own data): each a name and the dates
it is open; the counties expected are all county-level divisions of the province in the official list
unless `expected` lists them. A report belongs to the round whose dates hold its check date.

    rounds:
      - {name: 2026年第一轮, opens: 2026-01-01, closes: 2026-03-31}
      - {name: 2026年第二轮, opens: 2026-04-01, closes: 2026-06-30}
    expected: ["422801", "422802", …]     # optional
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from ..core.validation import validate
from ..core.yamlio import load_yaml

ALL = "全部报告"  # the one round when the province keeps no rounds file


class Period(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str = Field(min_length=1, max_length=40, title="轮次名称")
    opens: dt.date = Field(title="开始日期")
    closes: dt.date = Field(title="截止日期")


class RoundsFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    rounds: list[Period] = Field(min_length=1, title="收集轮次")
    expected: list[str] | None = Field(None, title="应报告的县（区划代码）")


@dataclass(frozen=True)
class Plan:
    periods: list[Period]
    expected: list[str] | None

    def period_of(self, generated: str) -> Period | None:
        day = dt.date.fromisoformat(generated[:10])
        return next((p for p in self.periods if p.opens <= day <= p.closes), None)


def load_plan(path: Path | None) -> Plan:
    if path is None:
        return Plan([Period(name=ALL, opens=dt.date.min, closes=dt.date.max)], None)
    data, positions = load_yaml(Path(path), str(path))
    doc: RoundsFile = validate(RoundsFile, data or {}, positions, str(path))
    return Plan(sorted(doc.rounds, key=lambda p: p.opens), doc.expected)

"""conformance/attestations.yaml: a county's own results for requirements left to manual checking, each
with its evidence (what was looked at, files or photos by hash, who checked and when). A report carries
them as self-attested; the province accepts or rejects each."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from .common import Model, Text

Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]


class Evidence(Model):
    file: Text = Field(title="证据文件", description="文件名或照片名，如 photos/窗口公示牌.jpg")
    sha256: Sha256 = Field(title="SHA-256", description="文件的 SHA-256（sha256sum 文件名），省里据此核对")


class Attestation(Model):
    requirement: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$")] = Field(
        title="要求编号", description="标准条文的稳定编号（{#编号}），如 county-window-staff-shown"
    )
    result: Literal["符合", "不符合", "不适用"] = Field(title="核查结果")
    description: Text = Field(title="核查说明", description="看了什么、怎样判断")
    evidence: list[Evidence] = Field(default_factory=list, title="证据")
    checked_by: Text = Field(title="核查人", description="姓名和单位")
    checked_on: dt.date = Field(title="核查日期")


class AttestationsFile(Model):
    """县自行核查的记录（人工核查的要求）：报告中标为“自述”，由省里逐条采纳或不采纳。"""

    attestations: list[Attestation] = Field(default_factory=list, title="人工核查记录")

"""The conformance report as a document that travels (report.json): a versioned pydantic model, the one
source of its JSON Schema (schemas/conformance-report.schema.json, draft 2020-12) and of its validation
when a province collects many counties' reports."""

from __future__ import annotations

from functools import cache
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

SCHEMA_NAME = "conformance-report.schema.json"
FORMAT = "stdkit-conformance-report"
VERSION = 2  # 2: signature, and per result its basis (automatic / attested / manual) and attestation

Status = Literal["符合", "不符合", "不适用", "待人工核查"]
Level = Literal["应", "宜", "可"]
Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]


class _Doc(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CountyIdentity(_Doc):
    name: str = Field(title="县名")
    division_code: Annotated[str, StringConstraints(pattern=r"^[0-9]{6}$")] = Field(title="行政区划代码")
    province: str = Field(title="省")
    prefecture: str | None = Field(None, title="市（州）")


class StandardInfo(_Doc):
    number: str = Field(title="标准编号")
    title: str = Field(title="标准名称")
    stage: str = Field(title="阶段", description="征求意见稿 / 送审稿 / 报批稿 / 发布稿")
    date: str = Field(title="日期", description="发布稿为发布日期，其余为本稿日期")
    fingerprint: Sha256 = Field(title="标准条文及核查方式的指纹")


class Fingerprint(_Doc):
    algorithm: Literal["sha256"] = "sha256"
    value: Sha256 = Field(
        title="县数据指纹", description="各文件（相对路径及其 SHA-256）按路径排序后的 SHA-256"
    )
    files: int = Field(ge=0, title="文件数")


class Location(_Doc):
    file: str
    line: int = Field(ge=0)


class FindingDoc(_Doc):
    status: Status
    message: str
    locations: list[Location]


class Result(_Doc):
    requirement: str = Field(title="要求编号")
    clause: str = Field(title="条款")
    chapter: str = Field(title="章")
    level: Level
    text: str
    status: Status
    message: str
    locations: list[Location]
    checks: list[str]
    manual: str | None
    findings: list[FindingDoc]
    basis: Literal["automatic", "attested", "manual"] = Field(
        title="结论来源", description="automatic 自动检查；attested 县自行核查（自述）；manual 待人工核查"
    )
    attestation: AttestationDoc | None = Field(title="县自行核查记录")


class EvidenceDoc(_Doc):
    file: str = Field(title="证据文件")
    sha256: Sha256


class AttestationDoc(_Doc):
    requirement: str
    result: Literal["符合", "不符合", "不适用"] = Field(title="县自行核查的结果")
    description: str = Field(title="核查说明")
    evidence: list[EvidenceDoc] = Field(title="证据（文件及其 SHA-256）")
    checked_by: str = Field(title="核查人")
    checked_on: Annotated[str, StringConstraints(pattern=r"^\d{4}-\d\d-\d\d$")] = Field(title="核查日期")


class Signature(_Doc):
    algorithm: Literal["ed25519"] = "ed25519"
    key_id: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{16}$")] = Field(
        title="公钥编号", description="公钥（32 字节）SHA-256 的前 16 位十六进制"
    )
    value: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9+/]{86}==$")] = Field(
        title="签名（Base64）",
        description="对报告去掉 signature 后的规范 JSON（键排序、无空白、UTF-8）的 Ed25519 签名",
    )


class Summary(_Doc):
    county: str
    requirements: int = Field(ge=0)
    totals: dict[Status, int]
    by_chapter: dict[str, dict[Status, int]]
    failed_shall: int = Field(ge=0)
    passed: bool


class ConformanceReport(_Doc):
    """县符合性检查报告（stdkit check 写出的 report.json）。"""

    format: Literal["stdkit-conformance-report"] = Field(title="文件格式")
    version: Literal[2] = Field(title="格式版本")
    toolkit: str = Field(title="工具包版本")
    generated: Annotated[str, StringConstraints(pattern=r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")] = Field(
        title="检查时间（UTC）"
    )
    county: CountyIdentity
    standard: StandardInfo
    data: Fingerprint
    summary: Summary
    results: list[Result]
    signature: Signature | None = Field(None, title="县的签名", description="没有时为未签名的报告")


def schema() -> dict:
    body = ConformanceReport.model_json_schema(mode="validation")
    out = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_NAME,
        "title": "县符合性检查报告",
    }
    out.update({k: v for k, v in body.items() if k != "title"})
    return out


@cache
def nesting() -> int:
    """How deeply an accepted report can nest (objects and arrays), from the model's JSON Schema: a document
    nested deeper cannot validate, so a reader whose depth limit is at least this need not scan for it."""
    body = ConformanceReport.model_json_schema(mode="validation")
    defs = body.get("$defs", {})

    def depth(node: dict) -> int:
        if "$ref" in node:
            return depth(defs[node["$ref"].rsplit("/", 1)[-1]])
        if "anyOf" in node:
            return max(depth(x) for x in node["anyOf"])
        if node.get("type") == "array":
            return 1 + depth(node.get("items", {}))
        if node.get("type") == "object":
            inner = list(node.get("properties", {}).values())
            extra = node.get("additionalProperties")
            inner += [extra] if isinstance(extra, dict) else []
            return 1 + max((depth(x) for x in inner), default=0)
        return 0

    return depth(body)

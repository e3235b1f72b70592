"""Base model and the small shared types (ids, text, time limits)."""

from __future__ import annotations

from typing import Annotated, ClassVar

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from ..itemcode import CODE_PATTERN

# Text shown to people: no angle brackets (no HTML or script), no control characters, no U+FFFE/U+FFFF
# (XML cannot hold them), no "[[" (the standard's cross-reference syntax); a single "[" is allowed.
_TEXT_CHAR = "[^<>\\[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f\ufffe\uffff]"
TEXT_PATTERN = f"^(?:{_TEXT_CHAR}|\\[{_TEXT_CHAR})*\\[?$"
Text = Annotated[str, StringConstraints(min_length=1, max_length=2000, pattern=TEXT_PATTERN)]
LongText = Annotated[str, StringConstraints(min_length=1, max_length=20000, pattern=TEXT_PATTERN)]

# Ids become file names and URL segments: lower-case ASCII letters, digits and inner hyphens only.
ID_PATTERN = r"^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$"
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
# Item ids are printed inside QR codes: keep them short (3–16 characters).
ITEM_ID_PATTERN = r"^[a-z0-9][a-z0-9-]{1,14}[a-z0-9]$"
ItemId = Annotated[str, StringConstraints(pattern=ITEM_ID_PATTERN)]
# 事项编码: the platform's identifier, kept byte for byte; only what is certain is checked (toolkit.itemcode).
ITEM_CODE_PATTERN = CODE_PATTERN
ItemCode = Annotated[str, StringConstraints(pattern=ITEM_CODE_PATTERN)]
PHONE_PATTERN = r"^(0[0-9]{2,3}-[0-9]{7,8}|1[0-9]{10}|12345|[0-9]{3,5}-?[0-9]{3,8})$"
Phone = Annotated[str, StringConstraints(pattern=PHONE_PATTERN)]
DIVISION_PATTERN = r"^[0-9]{6}$"

MINUTES_PER_WORKING_DAY = 480


class Model(BaseModel):
    """Strict: unknown fields are errors (typos must not pass), no silent type coercion."""

    model_config = ConfigDict(extra="forbid", strict=True, populate_by_name=False)


class TimeLimit(Model):
    """办理时限：工作日（days）或即办分钟数（minutes），二者取一。"""

    model_config = ConfigDict(
        json_schema_extra={
            "oneOf": [{"required": ["days"]}, {"required": ["minutes"]}],
            "title": "办理时限",
        }
    )

    # Typed `int` with a None default (not `int | None`): an explicit null is rejected, as in the schema.
    days: int = Field(  # type: ignore[assignment]  # absent is None; a written null is rejected
        None, ge=0, le=365, title="工作日", description="以工作日计的时限（0–365）"
    )
    minutes: int = Field(  # type: ignore[assignment]  # absent is None; a written null is rejected
        None, ge=1, le=MINUTES_PER_WORKING_DAY, title="分钟", description="即办事项以分钟计的时限（1–480）"
    )
    wording: Text | None = Field(
        None,
        title="原文表述",
        description="来源中的原话（如报道中的“至少1周”）：页面照原话显示，计算仍用 days 或 minutes",
    )

    @model_validator(mode="after")
    def _exactly_one(self) -> TimeLimit:
        if (self.days is None) == (self.minutes is None):
            raise ValueError("time_limit_one_of")
        return self

    @property
    def in_minutes(self) -> int:
        return self.minutes if self.minutes is not None else self.days * MINUTES_PER_WORKING_DAY

    @property
    def in_days(self) -> float:
        return self.in_minutes / MINUTES_PER_WORKING_DAY

    @property
    def on_the_spot(self) -> bool:
        """即办: finished the same day (0 working days, or a limit in minutes)."""
        return self.minutes is not None or self.days == 0

    def label(self) -> str:
        if self.wording is not None:
            return self.wording
        if self.minutes is not None:
            return f"{self.minutes}分钟"
        return "即办" if self.days == 0 else f"{self.days}个工作日"


FIELD_NAME_PATTERN = r"^[a-z][a-z_]{0,39}$"
FieldName = Annotated[str, StringConstraints(pattern=FIELD_NAME_PATTERN)]
EXAMPLE_DESCRIPTION = (
    "由 stdkit init 或模板写下、本县尚未确认的内容：true 表示这一条全部是示例，或列出是示例的字段名"
    "（如 [hours, hall]）。示例内容不会作为事实出现在网站、文书和检查结果中（显示“待补充”，检查判为待人工核查）。"
    "核实或改成本县实际后，删去对应的字段名；全部核实后删去这一行"
)


class Facts(Model):
    """A record of facts the county supplies. Each fact is in one of three states: *given* (a value, or an
    explicit none such as `fees: []`), *unknown* (absent) or *example* (written by `stdkit init` or a
    template and not yet confirmed by the county: named in `example`, or all of them with `example: true`).

    An example never reaches an output as a fact: on load an optional example field reads as its default,
    which is "not given" (None, an empty list, an empty `online`), so every renderer shows it as unknown;
    a required one (a hall's layout, a team's name) keeps its value and its readers ask `is_example`."""

    example: bool | list[FieldName] = Field(False, title="示例内容", description=EXAMPLE_DESCRIPTION)
    # Fields that wire the record into the rest of the data (lists, flows): kept even when an example.
    KEPT: ClassVar[frozenset[str]] = frozenset()

    @model_validator(mode="after")
    def _examples_read_as_unknown(self) -> Facts:
        fields = type(self).model_fields
        if isinstance(self.example, list) and any(n not in fields or n == "example" for n in self.example):
            raise ValueError("example_field")
        for name in self.example_fields:
            field = fields[name]
            if not field.is_required() and name not in self.KEPT:
                object.__setattr__(self, name, field.get_default(call_default_factory=True))
        return self

    @property
    def example_fields(self) -> tuple[str, ...]:
        """The fields whose value is an example (all facts of the record with `example: true`)."""
        if self.example is True:
            return tuple(n for n in type(self).model_fields if n not in IDENTITY_FIELDS)
        return tuple(self.example) if isinstance(self.example, list) else ()

    def is_example(self, field: str | None = None) -> bool:
        """Whether `field` (or, without one, any fact of this record) is an unconfirmed example."""
        return bool(self.example_fields) if field is None else field in self.example_fields


# What names a record rather than states a fact about it: never an example on its own.
IDENTITY_FIELDS = frozenset({"example", "id", "code"})


class LegalRef(Model):
    """一处法律依据：法律名称和条号；条文原话只在仓库中保存了该法律文本时写（quote），并写明文本出处（source）。"""

    law: Text = Field(title="法律法规名称", description="如：《中华人民共和国行政许可法》")
    article: Text | None = Field(None, title="条款", description="如：第三十二条；不写表示引用整部法律")
    quote: Text | None = Field(
        None,
        title="条文原话",
        description="只在仓库中保存了该法律文本时照录，并在 source 中写明取自哪个文件；否则不写，只引名称和条号",
    )
    source: Text | None = Field(None, title="原话出处", description="条文原话取自仓库中的哪个文件")

    @model_validator(mode="after")
    def _quote_has_source(self) -> LegalRef:
        if self.quote and not self.source:
            raise ValueError("legal_quote_source")
        return self

    @property
    def label(self) -> str:
        """《……》第……条."""
        return self.law + (self.article or "")

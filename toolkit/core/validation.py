"""pydantic validation of one parsed file, with errors translated into located Chinese problems."""

from __future__ import annotations

import difflib
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from .errors import Problem, StdkitError, format_path
from .models import common
from .yamlio import Positions

_TYPE_ZH = {
    "str": "文本",
    "int": "整数",
    "float": "小数",
    "bool": "布尔值（true/false）",
    "list": "列表",
    "dict": "键值对",
    "NoneType": "空值",
    "date": "日期",
    "datetime": "日期时间",
}

DIVISION_HINT = "即民政部公布的《中华人民共和国县以上行政区划代码》中本县（市、区）的6位代码。"

_PATTERN_ZH = {
    common.TEXT_PATTERN: (
        "文本中不能包含“<”“>”“[[”、U+FFFE/U+FFFF 或控制字符（不允许HTML标记、脚本和标准的引用标记）。",
        "如需表示书名请用《》，表示比较请写“不超过”“不少于”。",
    ),
    common.ID_PATTERN: (
        "编号只能由小写英文字母、数字和连字符组成，且不能以连字符开头或结尾（最长40位）。",
        "编号会用作文件名和网址，不能包含“/”“..”、空格、中文或全角字符，如：scjgj、kai-lvdian。",
    ),
    common.ITEM_ID_PATTERN: (
        "事项短编号应为3–16位小写英文字母、数字或连字符，且不能以连字符开头或结尾。",
        "短编号印在二维码里，发布后不得更改；如 sj-0001、gtgsh-sl。",
    ),
    common.ITEM_CODE_PATTERN: (
        "事项编码应为半角字母、数字和符号（平台发放的编码），不能为空，不能含有空格、全角字符或尖括号（最长120位）。",
        "请从政务服务事项管理系统原样复制事项编码，如 511A0138000000-511602000000-000-115113010833722043-1-00。",
    ),
    common.PHONE_PATTERN: (
        "电话号码格式不对。",
        "写成“区号-号码”（如 010-12345678）、12345 或 11位手机号；使用半角数字和半角连字符。",
    ),
    common.DIVISION_PATTERN: (
        "行政区划代码应为6位半角数字。",
        DIVISION_HINT,
    ),
}

_CUSTOM_ZH = {
    "time_limit_one_of": (
        "时限应填写 days（工作日）或 minutes（分钟）二者之一。",
        "如：{days: 20} 或 {minutes: 30}。",
    ),
    "example_field": (
        "example 只能写 true，或本条中的字段名（如 [hours, hall]）。",
        "核实或改成本县实际后删去对应的字段名；全部核实后删去 example 这一行。",
    ),
    "material_condition": (
        "非必须材料（required: false）应写明提交情形 condition。",
        "如：condition: 委托他人办理的",
    ),
    "material_tolerated": (
        "容缺受理（tolerated: true）只用于必要材料，不能与 required: false 同时写。",
        "非必要材料删去 tolerated；必要但可后补的材料写 required: true。",
    ),
    "legal_quote_source": (
        "写了条文原话（quote）就要写明原话取自仓库中的哪个文件（source）。",
        "仓库中没有保存该法律文本时删去 quote，只写法律名称（law）和条号（article）。",
    ),
    "fee_amount": (
        "收费项目应写金额 amount_yuan，或照原文写收费标准 standard（如“25元/月”）。",
        "如：standard: 25元/月 和 amount_yuan: 25",
    ),
}


def _type_name(value: Any) -> str:
    return _TYPE_ZH.get(type(value).__name__, type(value).__name__)


def _has_fullwidth(value: Any) -> bool:
    return isinstance(value, str) and any("\uff01" <= ch <= "\uff5e" or ch == "\u3000" for ch in value)


def _model_at(model: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    """Follow a location into nested models to learn which fields are allowed there."""
    current: Any = model
    for part in loc:
        if isinstance(part, int) or current is None:
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        field = current.model_fields.get(part)
        if field is None:
            return None
        current = _inner_model(field.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _inner_model(annotation: Any) -> Any:
    import typing

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


Fault = tuple[str, str, str]  # (code, message, hint)


def _field_fault(kind: str, loc: tuple, model: type[BaseModel], ctx: dict, value: Any) -> Fault | None:
    """A missing or unknown field, a value not in its code list, a value of the wrong format."""
    if kind == "missing":
        parent = _model_at(model, loc[:-1])
        field = parent.model_fields.get(str(loc[-1])) if parent else None
        named = f"（{field.title}）" if field is not None and field.title else ""
        return "schema-missing", f"缺少必填字段“{loc[-1]}”{named}。", "请补上该字段。"
    if kind == "extra_forbidden":
        parent = _model_at(model, loc[:-1])
        allowed = sorted(parent.model_fields) if parent else []
        close = difflib.get_close_matches(str(loc[-1]), allowed, n=1, cutoff=0.6)
        hint = f"你是否想写“{close[0]}”？" if close else ""
        if allowed:
            hint += f"此处允许的字段：{'、'.join(allowed)}。"
        return "schema-unknown-field", f"未知字段“{loc[-1]}”（可能是拼写错误）。", hint
    if kind == "literal_error":
        expected = ctx.get("expected", "").replace("'", "")
        return (
            "schema-enum",
            f"取值“{value}”不在代码表中，应为以下之一：{expected}。",
            "代码表见 toolkit/codelists/。",
        )
    if kind == "string_pattern_mismatch":
        msg, hint = _PATTERN_ZH.get(
            ctx.get("pattern", ""), (f"格式不符（应匹配 {ctx.get('pattern')}）。", "")
        )
        if _has_fullwidth(value):
            hint = "其中含有全角字符（如全角数字、全角字母或全角空格），请改为半角。" + hint
        return "schema-format", msg + f"实际为“{value}”。", hint
    return None


def _type_fault(kind: str, value: Any) -> Fault | None:
    """A value of the wrong type (text for a number, a single value for a list…)."""
    if kind in ("int_type", "int_parsing", "int_from_float"):
        hint = "去掉数字两侧的引号。" if isinstance(value, str) and value.strip().isdigit() else ""
        if _has_fullwidth(value):
            hint = "请使用半角数字。"
        return "schema-type", f"应为整数，实际为{_type_name(value)}“{value}”。", hint
    if kind in ("string_type",):
        return (
            "schema-type",
            f"应为文本，实际为{_type_name(value)}。",
            '数字或日期作为文本时请加引号，如 "0718"。',
        )
    if kind in ("bool_type", "bool_parsing"):
        return "schema-type", f"应为 true 或 false，实际为“{value}”。", ""
    if kind == "list_type":
        return (
            "schema-type",
            f"应为列表，实际为{_type_name(value)}。",
            "列表的每一项以“- ”开头，或写作 [a, b]。",
        )
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return "schema-type", f"应为键值对（若干“字段: 值”），实际为{_type_name(value)}。", ""
    if kind in ("float_type", "float_parsing"):
        return "schema-type", f"应为数字，实际为{_type_name(value)}。", ""
    if kind in ("date_type", "date_parsing", "date_from_datetime_inexact"):
        return "schema-type", f"应为日期（如 2026-01-01），实际为“{value}”。", ""
    return None


def _size_fault(kind: str, ctx: dict, value: Any) -> Fault | None:
    """A value too short, too long, too small or too large, or breaking one of the models' own rules."""
    if kind == "string_too_short":
        return "schema-empty", "不能为空。", ""
    if kind == "string_too_long":
        return "schema-length", f"文本过长（最多 {ctx.get('max_length')} 字）。", ""
    if kind == "too_short":
        return (
            "schema-length",
            f"至少需要 {ctx.get('min_length')} 项，实际 {ctx.get('actual_length', 0)} 项。",
            "",
        )
    if kind == "too_long":
        return "schema-length", f"最多 {ctx.get('max_length')} 项。", ""
    if kind in ("greater_than_equal", "greater_than"):
        return "schema-range", f"数值 {value} 过小，应不小于 {ctx.get('ge', ctx.get('gt'))}。", ""
    if kind in ("less_than_equal", "less_than"):
        return (
            "schema-range",
            f"数值 {value} 过大，应不大于 {ctx.get('le', ctx.get('lt'))}。",
            "请检查单位（工作日/分钟/元）。",
        )
    if kind == "value_error":
        raw = str(ctx.get("error", ""))
        if raw in _CUSTOM_ZH:
            msg, hint = _CUSTOM_ZH[raw]
            return "schema-rule", msg, hint
    return None


def translate(err: ErrorDetails, model: type[BaseModel]) -> Fault:
    """(code, message, hint) in Chinese for one pydantic error."""
    kind = err["type"]
    ctx = err.get("ctx") or {}
    value = err.get("input")
    found = (
        _field_fault(kind, err["loc"], model, ctx, value)
        or _type_fault(kind, value)
        or _size_fault(kind, ctx, value)
    )
    return found or ("schema-invalid", f"取值不符合要求（{err.get('msg')}）。", "")


def locate(positions: Positions, loc: tuple) -> tuple[int, int]:
    for n in range(len(loc), -1, -1):
        pos = positions.get(tuple(loc[:n]))
        if pos:
            return pos
    return (1, 1)


MAX_PROBLEMS_PER_FILE = 50


def validate(model: type[BaseModel], data: Any, positions: Positions, rel: str) -> Any:
    """Validate parsed data against a model; raise StdkitError with every problem located."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = []
        errors = exc.errors(include_url=False)
        for err in errors[:MAX_PROBLEMS_PER_FILE]:
            loc = tuple(err["loc"])
            code, msg, hint = translate(err, model)
            line, col = locate(positions, loc)
            problems.append(
                Problem(
                    file=rel, line=line, column=col, path=format_path(loc), code=code, message=msg, hint=hint
                )
            )
        if len(errors) > MAX_PROBLEMS_PER_FILE:
            rest = len(errors) - MAX_PROBLEMS_PER_FILE
            problems.append(
                Problem(
                    file=rel,
                    line=problems[-1].line,
                    column=problems[-1].column,
                    path="",
                    code="too-many-problems",
                    message=f"本文件还有 {rest} 个问题未列出（每个文件最多列出 {MAX_PROBLEMS_PER_FILE} 个）。",
                    hint="请先改正上面列出的问题，再重新校验。",
                )
            )
        raise StdkitError(problems) from None

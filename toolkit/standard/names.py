"""The data names a `{{ … }}` expression in the standard's text may use, checked before rendering.

Without county data only the first name is checked, against the documented list `data.DATA_NAMES`; with
data every `a.b[c]` chain is followed through the real context. An unknown name is a located problem
(file:line:column of the expression) with the nearest names suggested in Chinese ("你是否想写…").
"""

from __future__ import annotations

import difflib
import re

import jinja2
from jinja2 import nodes

from ..core.errors import Problem

_UNKNOWN = object()  # a value not known without data: nothing below it is checked
_EXPR = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")


class _Unknown(Exception):
    def __init__(self, path: str, options: list[str], missing_key: bool = False):
        self.path, self.options = path, options
        self.missing_key = missing_key  # a key absent from a dict (data that a county may not have)
        self.lineno = 0  # the template line (check_template), set where the chain is resolved


def _keys(value) -> list[str]:
    if isinstance(value, dict):
        return [str(k) for k in value]
    fields = getattr(type(value), "model_fields", None) or getattr(type(value), "__dataclass_fields__", None)
    names = list(fields) if fields else []
    names += [
        n
        for n in dir(type(value))
        if not n.startswith("_") and isinstance(getattr(type(value), n, None), property)
    ]
    return names


def _child(value, key, path: str):
    if value is _UNKNOWN:
        return _UNKNOWN
    if isinstance(key, str) and key.startswith("_"):
        raise _Unknown(path, [])
    if (
        isinstance(key, str)
        and not (isinstance(value, dict) and key in value)
        and callable(getattr(type(value), key, None))
    ):
        return _UNKNOWN  # a method (dict.get, meta.date_time): jinja's and the sandbox's business
    if isinstance(value, dict):
        if key in value:
            return value[key]
        raise _Unknown(path, _keys(value), missing_key=True)
    if isinstance(value, (list, tuple)) and isinstance(key, int):
        return value[key] if -len(value) <= key < len(value) else _UNKNOWN
    if isinstance(key, str) and key in _keys(value):
        return getattr(value, key)
    if isinstance(value, (str, int, float, list, tuple)) or value is None:
        return _UNKNOWN  # methods and filters of plain values are jinja's business
    raise _Unknown(path, _keys(value))


def _resolve(node, ctx: dict, allowed: dict):
    """The value a Name/Getattr/Getitem chain names (or _UNKNOWN); raises _Unknown with the failing path."""
    try:
        return _resolve_node(node, ctx, allowed)
    except _Unknown as err:
        err.lineno = err.lineno or getattr(node, "lineno", 0)
        raise


def _resolve_node(node, ctx: dict, allowed: dict):
    if isinstance(node, nodes.Name):
        if node.name in ctx:
            return ctx[node.name]
        if node.name in allowed:
            return _UNKNOWN
        raise _Unknown(node.name, sorted(set(allowed) | set(ctx)))
    if isinstance(node, nodes.Getattr):
        base = _resolve(node.node, ctx, allowed)
        return _child(base, node.attr, f"{_path(node.node)}.{node.attr}")
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
        base = _resolve(node.node, ctx, allowed)
        return _child(base, node.arg.value, f"{_path(node.node)}[{node.arg.value!r}]")
    if isinstance(node, nodes.If):  # only the branch the data takes (when the condition is known)
        cond = _resolve(node.test, ctx, allowed)
        taken: list[list] = (
            [node.body, node.elif_, node.else_]
            if cond is _UNKNOWN
            else [node.body]
            if cond
            else [node.elif_, node.else_]
        )
        for branch in taken:
            for child in branch:
                try:
                    _resolve(child, ctx, allowed)
                except _Unknown as err:  # a key the branch may rely on the unknown condition for
                    if not (cond is _UNKNOWN and err.missing_key):
                        raise
        return _UNKNOWN
    for child in node.iter_child_nodes():
        _resolve(child, ctx, allowed)
    return _UNKNOWN


def _path(node) -> str:
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        return f"{_path(node.node)}.{node.attr}"
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
        return f"{_path(node.node)}[{node.arg.value!r}]"
    return "…"


def _column(text: str, path: str) -> int:
    """1-based column of the expression that mentions `path`'s first name (else of the first expression)."""
    root = re.split(r"[.\[]", path, maxsplit=1)[0]
    for m in _EXPR.finditer(text):
        if re.search(rf"(?<![\w.]){re.escape(root)}(?!\w)", m.group()):
            return m.start() + 1
    first = _EXPR.search(text)
    return first.start() + 1 if first else 1


_JINJA_NAMES = ("loop", "super", "self", "varargs", "kwargs", "caller")


def _locals(env, tree) -> dict:
    """Names a template defines itself (loop and set targets) and jinja's own (globals, loop, caller…)."""
    names = {n.name: "" for n in tree.find_all(nodes.Name) if n.ctx in ("store", "param")}
    return {**dict.fromkeys(env.globals, ""), **dict.fromkeys(_JINJA_NAMES, ""), **names}


def _unknown_problem(err: _Unknown, rel: str, line: int, column: int) -> Problem:
    last = err.path.rsplit(".", 1)[-1]
    close = difflib.get_close_matches(last, err.options, n=3, cutoff=0.5) or difflib.get_close_matches(
        last, err.options, n=2, cutoff=0.0
    )
    stem = err.path.rsplit(".", 1)[0] + "." if "." in err.path else ""
    hint = ("你是否想写：" + "、".join(f"{stem}{c}" for c in close) + "？") if close else ""
    if err.options and len(err.options) <= 40:
        hint += "此处可用：" + "、".join(err.options) + "。"
    return Problem(
        file=rel,
        line=line,
        column=column,
        path="",
        code="std-data-name",
        message=f"数据表达式中的“{err.path}”不存在。",
        hint=hint + "可用的数据名称见 standard/README.md 和 stdkit stats --format json。",
    )


def check_template(env, text: str, ctx: dict, allowed: dict, rel: str) -> list[Problem]:
    """A whole template (the 编制说明): a syntax error, or the first unknown data name, with its line."""
    try:
        tree = env.parse(text)
    except jinja2.TemplateSyntaxError as exc:
        return [
            Problem(
                file=rel,
                line=exc.lineno or 1,
                column=1,
                path="",
                code="std-template",
                message=f"模板写法有误（{exc.message}）。",
            )
        ]
    local = _locals(env, tree)
    try:
        for node in tree.body:
            _resolve(node, ctx, {**allowed, **local})
    except _Unknown as err:
        lines = text.splitlines()
        line = err.lineno or 1
        return [
            _unknown_problem(err, rel, line, _column(lines[line - 1] if line <= len(lines) else "", err.path))
        ]
    return []


def check_line(env, text: str, ctx: dict, allowed: dict, rel: str, line: int) -> list[Problem]:
    """Problems of the expressions on one line: a syntax error, or the first unknown data name."""
    try:
        tree = env.parse(text)
    except jinja2.TemplateSyntaxError as exc:
        return [
            Problem(
                file=rel,
                line=line,
                column=_column(text, ""),
                path="",
                code="std-template",
                message=f"数据表达式写法有误（{exc.message}）。",
                hint="写作 {{ 名称 }} 或 {{ 名称 | 过滤器 }}，如 {{ counts.items }}、{{ hall.zones | names }}；"
                "{% if %}……{% endif %} 必须写在同一行。",
            )
        ]
    local = _locals(env, tree)
    try:
        for node in tree.body:
            _resolve(node, ctx, {**allowed, **local})
    except _Unknown as err:
        return [_unknown_problem(err, rel, line, _column(text, err.path))]
    return []

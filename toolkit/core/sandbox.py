"""The one template environment class for everything a data folder feeds (standard/*.md, explanation.md,
site and conformance pages): Jinja's immutable sandbox (no `__globals__`, no private attributes, no
mutation of the data), plus bounds on the operators that could exhaust memory or time (`**`, `*`)."""

from __future__ import annotations

import operator

from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

MAX_POWER_EXPONENT = 64
MAX_BITS = 4096  # a power's result: far above any count, far below a slow bignum
MAX_REPEAT = 10_000  # "x" * n, [..] * n


class SafeEnvironment(ImmutableSandboxedEnvironment):
    """Sandboxed; `{{ counts.items }}` means the dict key "items", not the method; bounded `**` and `*`."""

    intercepted_binops = frozenset(["**", "*"])

    def getattr(self, obj, attribute):
        if isinstance(obj, dict) and attribute in obj:
            return obj[attribute]
        return super().getattr(obj, attribute)

    def unsafe_undefined(self, obj, attribute):
        """Jinja returns an undefined value for a forbidden attribute; here it is an error, always."""
        raise SecurityError(f"不允许访问“{attribute}”（模板只能读取数据，不能访问内部属性）")

    def call_binop(self, context, operator_name, left, right):
        if operator_name == "**":
            big = isinstance(left, int) and isinstance(right, int) and left.bit_length() * right > MAX_BITS
            if isinstance(right, (int, float)) and abs(right) > MAX_POWER_EXPONENT or big:
                raise SecurityError(f"乘方的结果过大（指数上限 {MAX_POWER_EXPONENT}）")
            return operator.pow(left, right)
        for seq, count in ((left, right), (right, left)):
            if isinstance(seq, (str, list, tuple)) and isinstance(count, int) and count > MAX_REPEAT:
                raise SecurityError(f"重复次数过大（上限 {MAX_REPEAT}）")
        return operator.mul(left, right)

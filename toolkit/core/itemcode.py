"""Reading the national platform's item codes (事项编码) without ever changing or rejecting them.

The code is the platform's identifier: it is kept byte for byte. Only what is certain is checked (not
empty, no spaces or control characters). Its shape is recognised where the national platform's rules
make it readable, so that the base code, the region code and the implementing unit's code can be shown:

- GB/T 39554.1 basic codes (事项基本编码): 14 characters (e.g. 511A0138000000), or the 12-character
  form without the 2-digit item-version suffix (e.g. 511Z07001006);
- public-service codes issued by the platform: a letter (or digit+letter), a dash, digits
  (e.g. G-000007-001, 1J-5100-00027);
- the implementation code (实施编码): <basic code>-<12-digit region>-<3 digits>-<unit code>-<n>-<nn>,
  where the unit code is normally the 18-character unified social credit code (GB 32100) of the
  implementing unit, sometimes an older organisation code.

Anything else is an "other" shape: kept, counted in the import summary, never refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Certain facts only: the platforms issue codes in printable ASCII; no spaces, no angle brackets.
CODE_PATTERN = r"^[!-;=?-~]{1,120}$"

_BASIC = re.compile(r"^[0-9]{3}[0-9A-Z][0-9A-Z]{10}$|^[0-9]{3}[0-9A-Z][0-9A-Z]{8}$")
_PUBLIC = re.compile(r"^[0-9]?[A-Z]-[0-9]{4,6}-[0-9]{3,5}$")
_CREDIT = re.compile(r"^[0-9A-HJ-NP-RTUW-Y]{2}[0-9]{6}[0-9A-HJ-NP-RTUW-Y]{10}$")
_IMPL = re.compile(
    r"^(?P<base>.+?)-(?P<region>[0-9]{12})-(?P<seq>[0-9]{3})-(?P<unit>[0-9A-Za-z-]+?)-(?P<n>[0-9])-(?P<v>[0-9]{2})$"
)
_PUBLIC_UNIT = re.compile(r"^(?P<base>[0-9]?[A-Z]-[0-9]{4,6}-[0-9]{3,5})-(?P<unit>[0-9A-Z]{8,18})$")

SHAPES = {
    "implementation": "实施编码（基本编码-区划-序号-实施主体编码-后缀）",
    "basic": "事项基本编码（GB/T 39554.1）",
    "public": "公共服务事项编码（如 G-000007-001）",
    "public-unit": "公共服务事项编码加实施主体编码",
    "other": "其他形式",
}


@dataclass(frozen=True)
class CodeParts:
    shape: str  # a key of SHAPES
    base: str | None = None  # 事项基本编码 (or public-service code)
    base_shape: str | None = None  # "basic-14", "basic-12", "public", "other"
    region: str | None = None  # 12-digit region code of the implementing level
    unit: str | None = None  # implementing unit's code as written
    unit_is_credit_code: bool = False

    @property
    def division(self) -> str | None:
        """The 6-digit administrative division code inside the region code."""
        return self.region[:6] if self.region else None


def _base_shape(base: str) -> str:
    if _BASIC.match(base):
        return f"basic-{len(base)}"
    if _PUBLIC.match(base):
        return "public"
    return "other"


def parse(code: str) -> CodeParts:
    """What can be read from an item code; never raises."""
    m = _IMPL.match(code)
    if m:
        unit = m.group("unit")
        return CodeParts(
            "implementation",
            m.group("base"),
            _base_shape(m.group("base")),
            m.group("region"),
            unit,
            bool(_CREDIT.match(unit)),
        )
    if _BASIC.match(code):
        return CodeParts("basic", code, _base_shape(code))
    if _PUBLIC.match(code):
        return CodeParts("public", code, "public")
    m = _PUBLIC_UNIT.match(code)
    if m:
        unit = m.group("unit")
        return CodeParts("public-unit", m.group("base"), "public", None, unit, bool(_CREDIT.match(unit)))
    return CodeParts("other")


def recognised(code: str) -> bool:
    """True when the code has a national shape whose base code is readable."""
    parts = parse(code)
    return parts.shape != "other" and parts.base_shape != "other"


__all__ = ["CODE_PATTERN", "SHAPES", "CodeParts", "parse", "recognised"]

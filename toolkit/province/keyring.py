"""The province's registry of county public keys (keys.yaml, in the province's own data):

    counties:
      "422822":
        - {key: "ed25519:…", from: 2026-01-01, revoked: 2026-05-10}   # lost or leaked: replaced
        - {key: "ed25519:…", from: 2026-05-10}

A signed report verifies against the county's registered keys; one signed with a key revoked on or before
its check date is refused. (The check date is the county's own claim: a leaked key can still sign a
back-dated report — revoke early, and compare with when the report arrived.)"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from ..conformance.document import ConformanceReport
from ..conformance.signing import Ed25519PublicKey, key_id, parse_public, verifies
from ..core.errors import Problem, StdkitError
from ..core.validation import validate
from ..core.yamlio import load_yaml

VERIFIED, UNSIGNED, UNREGISTERED = "已验证", "未签名", "公钥未登记"


class _Key(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    key: str = Field(pattern=r"^ed25519:[A-Za-z0-9+/]{43}=$", title="公钥")
    since: dt.date = Field(alias="from", title="启用日期")
    revoked: dt.date | None = Field(None, title="作废日期")


class _Registry(BaseModel):
    model_config = ConfigDict(extra="forbid")
    counties: dict[str, list[_Key]] = Field(default_factory=dict)


@dataclass(frozen=True)
class Key:
    public: Ed25519PublicKey
    since: dt.date
    revoked: dt.date | None


def load_keyring(path: Path | None) -> dict[str, dict[str, Key]] | None:
    """division code -> key id -> key; None when the province keeps no registry."""
    if path is None:
        return None
    rel = str(path)
    data, positions = load_yaml(Path(path), rel)
    reg: _Registry = validate(_Registry, data or {}, positions, rel)
    out: dict[str, dict[str, Key]] = {}
    for code, keys in reg.counties.items():
        for k in keys:
            public = parse_public(k.key)
            if public is None:
                raise StdkitError([Problem(file=rel, line=positions.get(("counties", code), (1, 1))[0], column=1,
                                           path=f"counties.{code}", code="key-invalid",
                                           message=f"区划代码 {code} 的公钥不是有效的 Ed25519 公钥。")])  # fmt: skip
            out.setdefault(code, {})[key_id(public)] = Key(public, k.since, k.revoked)
    return out


def trust(doc: ConformanceReport, keyring: dict[str, dict[str, Key]] | None) -> tuple[str, str | None]:
    """(status, refusal): 已验证 / 未签名 / 公钥未登记, or a Chinese reason to refuse the report."""
    sig = doc.signature
    if sig is None:
        return UNSIGNED, None
    if keyring is None:
        return UNREGISTERED, None
    key = keyring.get(doc.county.division_code, {}).get(sig.key_id)
    if key is None:
        return UNREGISTERED, None if doc.county.division_code not in keyring else (
            f"签名所用的公钥（编号 {sig.key_id}）没有为区划代码 {doc.county.division_code} 登记。"
        )
    if not verifies(doc, key.public):
        return UNREGISTERED, "签名无效：报告在签名之后被改动过，或不是用登记的私钥签名的。"
    day = dt.date.fromisoformat(doc.generated[:10])
    if key.revoked is not None and day >= key.revoked:
        return UNREGISTERED, f"签名所用的公钥已于 {key.revoked} 作废，此后用它签名的报告不予接收。"
    if day < key.since:
        return UNREGISTERED, f"签名所用的公钥 {key.since} 才启用，早于此日期的检查时间不可信。"
    return VERIFIED, None

"""County signatures on reports (Ed25519, `cryptography`): a county keeps its private key outside its
repository (a file or a CI secret); `stdkit check --key` signs report.json; the province verifies with the
public keys it registered (toolkit/province/keyring.py).

What is signed: the report without its `signature`, as canonical JSON (validated by the report model,
keys sorted, no whitespace, UTF-8) — so the bytes on disk may be re-indented without breaking it.

    private = new_key()                         # county: once
    doc = sign(envelope_dict, private)          # check: adds "signature"
    ok = verifies(ConformanceReport, public)    # province
"""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from ..core.errors import Problem, StdkitError
from .document import ConformanceReport

PUBLIC_PREFIX = "ed25519:"
KEY_ENV = "STDKIT_SIGNING_KEY"  # the private key's PEM text, as a CI secret gives it


def canonical(doc: ConformanceReport) -> bytes:
    body = doc.model_dump(mode="json", exclude={"signature"})
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def new_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def private_pem(key: Ed25519PrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def public_raw(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def public_text(key: Ed25519PublicKey) -> str:
    """How a public key is written in the province's registry: ed25519:<Base64 of its 32 bytes>."""
    return PUBLIC_PREFIX + base64.b64encode(public_raw(key)).decode()


def key_id(key: Ed25519PublicKey) -> str:
    return hashlib.sha256(public_raw(key)).hexdigest()[:16]


def parse_public(text: str) -> Ed25519PublicKey | None:
    if not text.startswith(PUBLIC_PREFIX):
        return None
    try:
        return Ed25519PublicKey.from_public_bytes(base64.b64decode(text[len(PUBLIC_PREFIX) :], validate=True))
    except ValueError:
        return None


def load_private(data: bytes, source: str) -> Ed25519PrivateKey:
    """A private key from PEM bytes; `source` names where it came from (a file, or the CI secret)."""
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError) as exc:
        raise StdkitError(
            [Problem(file=source, line=1, column=1, path="", code="key-invalid",
                     message="不是可用的签名私钥（PEM 格式的 Ed25519 私钥，无口令）。",
                     hint=f"用 stdkit keys new 生成；CI 中把私钥文件的全文放进密钥变量 {KEY_ENV}。")]
        ) from exc  # fmt: skip
    if not isinstance(key, Ed25519PrivateKey):
        raise StdkitError(
            [Problem(file=source, line=1, column=1, path="", code="key-invalid",
                     message="私钥不是 Ed25519 类型。", hint="用 stdkit keys new 生成。")]
        )  # fmt: skip
    return key


def refuse_inside(key_file: Path, folder: Path) -> None:
    """A private key inside the county folder would be committed with it: refused."""
    try:
        key_file.resolve().relative_to(folder.resolve())
    except ValueError:
        return
    raise StdkitError(
        [Problem(file=str(key_file), line=1, column=1, path="", code="key-in-repository",
                 message="签名私钥在县数据文件夹（仓库）里，提交后任何人都能冒签本县的报告。",
                 hint="把私钥移到仓库外（如 ~/.stdkit/），CI 中用密钥变量 STDKIT_SIGNING_KEY；已提交过的私钥应作废并换新。")]
    )  # fmt: skip


def sign(doc: dict, key: Ed25519PrivateKey) -> dict:
    """The report document with its signature (any earlier one replaced)."""
    model = ConformanceReport.model_validate({**doc, "signature": None})
    value = base64.b64encode(key.sign(canonical(model))).decode()
    return {**doc, "signature": {"algorithm": "ed25519", "key_id": key_id(key.public_key()), "value": value}}


def verifies(doc: ConformanceReport, key: Ed25519PublicKey) -> bool:
    if doc.signature is None:
        return False
    try:
        key.verify(base64.b64decode(doc.signature.value), canonical(doc))
    except (InvalidSignature, ValueError):
        return False
    return True


def signing_key(key_file: Path | None, county: Path, environ: dict[str, str]) -> Ed25519PrivateKey | None:
    """The county's private key for `check`: --key FILE (outside the county folder), else the CI secret
    STDKIT_SIGNING_KEY (its PEM text), else none (the report goes unsigned)."""
    if key_file is not None:
        refuse_inside(key_file, county)
        try:
            data = key_file.read_bytes()
        except OSError as exc:
            raise StdkitError(
                [Problem(file=str(key_file), line=1, column=1, path="", code="key-unreadable",
                         message=f"无法读取签名私钥（{exc.strerror}）。")]
            ) from exc  # fmt: skip
        return load_private(data, str(key_file))
    text = environ.get(KEY_ENV, "").strip()
    return load_private(text.encode(), f"环境变量 {KEY_ENV}") if text else None

"""Writing a county's key pair: the private key never inside a git repository or a stdkit data folder
(it would be committed), written with mode 0600 and never over an existing key."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

from ..core.errors import Problem, StdkitError
from .signing import new_key, private_pem, public_text


def _refuse(path: Path, code: str, message: str, hint: str = "") -> StdkitError:
    return StdkitError(
        [Problem(file=str(path), line=1, column=1, path="", code=code, message=message, hint=hint)]
    )


def inside_repository(folder: Path) -> Path | None:
    """The repository or county folder that contains `folder`, if any."""
    for p in [folder.resolve(), *folder.resolve().parents]:
        if (p / ".git").exists() or (p / "items" / "county.yaml").exists():
            return p
    return None


def write_key_pair(folder: Path, code: str) -> tuple[Path, str]:
    if not re.fullmatch(r"[0-9]{6}", code):
        raise _refuse(folder, "key-code", f"行政区划代码“{code}”应为6位半角数字。")
    repo = inside_repository(folder)
    if repo is not None:
        raise _refuse(
            folder, "key-in-repository", f"“{folder}”在仓库或县数据文件夹“{repo}”之内，私钥放在这里会被提交。",
            "请选仓库之外的文件夹，如 ~/.stdkit。",
        )  # fmt: skip
    path = folder / f"{code}.key"
    if path.exists():
        raise _refuse(
            path,
            "key-exists",
            "这个文件已存在，不覆盖已有的私钥。",
            "换新密钥时先把旧私钥移走，并请省里登记作废日期。",
        )
    folder.mkdir(parents=True, exist_ok=True)
    key = new_key()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(private_pem(key))
    today = dt.date.today().isoformat()
    line = f'  "{code}": [{{key: "{public_text(key.public_key())}", from: {today}}}]'
    return path, line

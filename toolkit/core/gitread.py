"""Reading a folder of a git revision as data, never running anything the repository asks for.

The repository is untrusted (a county's or a colleague's): its `.git/config` may name filters, hooks, an
fsmonitor, textconv or a pager, its `.gitattributes` may ask for them. Only plumbing is run
(`rev-parse`, `ls-tree`, `cat-file`), which applies none of them, with a clean environment (no system or
global configuration, no prompt, no lazy fetch) and `-c` overrides for every setting that names a program.
A revision is validated (no leading `-`, only the characters of a revision) and resolved to an object id
before anything else sees it; the files are listed with their sizes and only regular files within the
caps of core/limits.py are read, then written into a fresh folder the caller owns.
"""

from __future__ import annotations

import os
import re
import resource
import subprocess
from pathlib import Path, PurePosixPath

from . import limits
from .errors import StdkitError, file_error

# Every setting git could take a program from, for the commands run here and anything they might start.
OVERRIDES = (
    "core.fsmonitor=false",
    "core.hooksPath=/dev/null",
    "core.pager=cat",
    "core.sshCommand=false",
    "core.askPass=",
    "core.gitProxy=",
    "credential.helper=",
    "protocol.allow=never",
    "diff.external=",
    "uploadpack.packObjectsHook=",
    "safe.bareRepository=explicit",
)
REVISION = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/~^@{}+-]{0,199}")
OBJECT_ID = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")
GIT_MEMORY = 2 * 1024 * 1024 * 1024  # bytes of address space for one git process


def environment() -> dict[str, str]:
    """Only what git needs: no configuration beyond the repository's own (whose programs are overridden)."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": "/nonexistent",
        "LC_ALL": "C",
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": "/dev/null",
        "GIT_TERMINAL_PROMPT": "0",
        "GIT_OPTIONAL_LOCKS": "0",
        "GIT_NO_LAZY_FETCH": "1",
        "GIT_NO_REPLACE_OBJECTS": "1",
        "GIT_PAGER": "cat",
    }


def _bounded() -> None:
    """In the git process: an address-space cap, so a repository configuration that includes /dev/zero
    (`include.path`, which no setting turns off) or a huge pack cannot exhaust memory."""
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = GIT_MEMORY if hard == resource.RLIM_INFINITY else min(GIT_MEMORY, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))


def _git(repo: Path, args: list[str], stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    cmd = ["git", "--no-pager", "--no-replace-objects", "-C", str(repo)]
    for setting in OVERRIDES:
        cmd += ["-c", setting]
    try:
        return subprocess.run(
            [*cmd, *args],
            input=stdin,
            capture_output=True,
            check=False,
            env=environment(),
            timeout=120,
            preexec_fn=_bounded,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise file_error(file=str(repo), code="git-revision", message=f"无法运行 git：{exc}") from None


def _error(rev: str, message: str, hint: str = "") -> StdkitError:
    return file_error(file=rev, code="git-revision", message=message, hint=hint)


def resolve(repo: Path, rev: str, hint: str = "") -> str:
    """The commit id of `rev` in `repo`; a located error for anything that is not a revision there."""
    if rev.startswith("-") or not REVISION.fullmatch(rev):
        raise _error(
            rev,
            f"“{rev}”不是 git 版本的写法（不能以“-”开头，只能含字母、数字和 . _ / ~ ^ @ {{ }} + -）。",
            hint,
        )
    proc = _git(repo, ["rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"])
    oid = proc.stdout.decode("ascii", "replace").strip()
    if proc.returncode != 0 or not OBJECT_ID.fullmatch(oid):
        raise _error(rev, f"“{rev}”不是 {repo} 中的 git 版本。", hint)
    return oid


def _entries(repo: Path, oid: str, folder: str, rev: str) -> list[tuple[str, int, str]]:
    """(blob id, size, path) of every file under `folder` in commit `oid`; links, submodules, odd paths
    and files over the caps refused before anything is read."""
    lim = limits.current()
    proc = _git(repo, ["ls-tree", "-r", "-l", "-z", "--full-tree", oid, "--", folder])
    if proc.returncode != 0:
        raise _error(rev, f"无法读取版本“{rev}”中的 {folder}/。")
    out, total = [], 0
    for record in proc.stdout.split(b"\0"):
        if not record:
            continue
        meta, _, raw_path = record.partition(b"\t")
        mode, kind, blob, size = meta.split()
        path = raw_path.decode("utf-8", "replace")
        parts = PurePosixPath(path).parts
        if kind != b"blob" or mode not in (b"100644", b"100755") or ".." in parts or path.startswith("/"):
            raise _error(rev, f"版本“{rev}”中的“{path}”不是普通文件（链接或子模块），不予读取。")
        n = int(size)
        if n > lim.git_blob_bytes:
            raise _error(
                rev,
                f"版本“{rev}”中的“{path}”过大（{n} 字节，上限 {lim.git_blob_bytes} 字节），不予读取。",
            )
        total += n
        out.append((blob.decode("ascii"), n, path))
    if len(out) > lim.git_files or total > lim.git_total_bytes:
        raise _error(rev, f"版本“{rev}”中的 {folder}/ 过大（{len(out)} 个文件、{total} 字节），不予读取。")
    return out


def export(repo: Path, rev: str, folder: str, dest: Path, hint: str = "") -> str:
    """Write the regular files under `folder` of revision `rev` into `dest` (a new, empty folder the caller
    owns); return the commit id. Nothing from the repository is run; sizes are checked before reading."""
    oid = resolve(repo, rev, hint)
    entries = _entries(repo, oid, folder, rev)
    if not entries:
        raise _error(rev, f"版本“{rev}”中没有 {folder}/。", hint)
    request = b"".join(f"{blob}\n".encode() for blob, _, _ in entries)
    proc = _git(repo, ["cat-file", "--batch"], stdin=request)
    if proc.returncode != 0:
        raise _error(rev, f"无法读取版本“{rev}”中的文件。")
    data, at = proc.stdout, 0
    for blob, size, path in entries:
        header_end = data.index(b"\n", at)
        header = data[at:header_end].split()
        if header[:3] != [blob.encode(), b"blob", str(size).encode()]:
            raise _error(rev, f"版本“{rev}”中的“{path}”读取结果与目录不符。")
        body = data[header_end + 1 : header_end + 1 + size]
        at = header_end + 1 + size + 1
        target = dest.joinpath(*PurePosixPath(path).parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "xb") as fh:  # a fresh folder: never an existing file, never through a link
            fh.write(body)
    return oid

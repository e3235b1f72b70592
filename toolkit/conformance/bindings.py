"""Requirements of the standard → how each is verified (standard/requirements.yaml, beside the standard
it binds): automated checks and/or the evidence an inspector collects by hand. Also the coverage gate over
the 应 requirements, and which standard a command works on (the folder's own, else the toolkit's copy).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..core.errors import Problem, StdkitError, file_error
from ..core.folder import Folder, as_folder
from ..core.yamlio import MAX_BYTES, decode, parse_text
from ..standard import load_requirements as load
from ..standard import load_standard
from .checks import CHECKS

REPO_ROOT = Path(__file__).resolve().parent.parent.parent  # the toolkit's own copy of the standard
BINDINGS_NAME = "standard/requirements.yaml"
BINDINGS_FILE = REPO_ROOT / BINDINGS_NAME
LEVELS = ("应", "宜", "可")


@dataclass(frozen=True)
class Binding:
    requirement: str
    checks: tuple[str, ...]
    manual: str | None
    line: int


def standard_of(folder: Path | None, explicit: Path | None = None) -> tuple[Path, str]:
    """The folder whose standard/ a command works on, and a sentence saying which: `explicit` (--standard),
    else `folder` when it has standard/*.md, else the toolkit's own copy (said so, never silently)."""
    if explicit is not None:
        return Path(explicit), f"标准：{Path(explicit) / 'standard'}（--standard 指定）。"
    if folder is not None and any((Path(folder) / "standard").glob("*.md")):
        return Path(folder), f"标准：{Path(folder) / 'standard'}（本文件夹中的标准文本）。"
    where = "当前文件夹" if folder is None else f"“{folder}”"
    return REPO_ROOT, f"标准：工具包自带的标准文本 {REPO_ROOT / 'standard'}（{where}中没有 standard/*.md）。"


def _standard_folder(standard_root: Folder | Path | None) -> Folder:
    return as_folder(standard_root) if standard_root is not None else Folder(REPO_ROOT)


def load_requirements(standard_root: Folder | Path | None = None, project=None) -> list:
    """The standard's requirements (应/宜/可; statements left out), in document order."""
    folder = _standard_folder(standard_root)
    root = folder.root
    if not folder.is_dir("standard"):
        raise file_error(
            file=str(root / "standard"),
            code="standard-missing",
            message=f"找不到标准条文文件夹“{root / 'standard'}”，无法得到要求清单。",
            hint="用 --standard 指定含 standard/ 的文件夹（工具包仓库根目录）。",
        )

    try:
        found = load(folder, project)
    except StdkitError:
        if project is None:
            raise
        found = load(folder)  # numbers in the text then come from the standard's own data
    return [r for r in found if r.level in LEVELS]


def requirements_without_data(standard_root: Folder | Path | None = None) -> list:
    """The requirements (应/宜/可) parsed without any county's data, numbers quoted from data left as
    placeholders: what the province compares reports against (a rule's text is the same for every county).
    Much cheaper than `load_requirements` on a folder that also holds county data (no data is loaded)."""
    return [r for r in load_standard(_standard_folder(standard_root), None).requirements if r.level in LEVELS]


def _p(line: int, path: str, code: str, msg: str, hint: str, file: str) -> Problem:
    return Problem(file=file, line=line, column=1, path=path, code=code, message=msg, hint=hint)


def _inside(path: Path, root: Path) -> bool:
    return path.resolve().is_relative_to(root.resolve())


def _rel(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def load_bindings(
    requirements: list, path: Path | None = None, *, root: Folder | Path | None = None
) -> dict[str, Binding]:
    """Read and check <root>/standard/requirements.yaml (root: the standard's folder, default the toolkit's
    copy) or `path`: a missing file, unknown requirement ids or check names are located errors."""
    folder = _standard_folder(root)
    if path is not None:  # a bindings file elsewhere: read from its own folder
        path = Path(path)
        folder, rel_in = (
            (folder, _rel(path, folder.root))
            if _inside(path, folder.root)
            else (
                Folder(path.parent),
                path.name,
            )
        )
    else:
        path, rel_in = folder.path(BINDINGS_NAME), BINDINGS_NAME
    rel = _rel(path, folder.root)
    if not path.is_file():
        raise StdkitError(
            [
                _p(
                    1,
                    "",
                    "binding-missing",
                    f"标准旁边没有核查方式文件 {rel}（条款编号 → 自动检查或人工核查证据）。",
                    f"可复制工具包的 {BINDINGS_FILE} 到 {path}，再按本标准的条款编号增删。",
                    rel,
                )
            ]
        )
    data, positions = parse_text(decode(folder.read(rel_in, MAX_BYTES), rel), rel)
    problems: list[Problem] = []
    known = {r.id: r for r in requirements}
    out: dict[str, Binding] = {}
    table = data.get("bindings") if isinstance(data, dict) else None
    if not isinstance(table, dict):
        raise StdkitError(
            [_p(1, "bindings", "binding-format", "缺少 bindings（条款编号 → 核查方式）。", "", rel)]
        )
    for rid, entry in table.items():
        line = positions.get(("bindings", rid), (1, 1))[0]
        if rid not in known:
            close = [k for k in known if k.startswith(rid.rsplit("-", 1)[0])][:3]
            problems.append(
                _p(
                    line,
                    f"bindings.{rid}",
                    "binding-unknown-requirement",
                    f"条款编号“{rid}”不是标准中的要求（应/宜/可）。",
                    ("相近的编号：" + "、".join(close) + "。")
                    if close
                    else "编号见 stdkit checklist 输出的清单。",
                    rel,
                )
            )
            continue
        if not isinstance(entry, dict) or not (entry.get("checks") or entry.get("manual")):
            problems.append(
                _p(
                    line,
                    f"bindings.{rid}",
                    "binding-format",
                    "每条绑定应写 checks（自动检查名称列表）或 manual（人工核查需查看的证据），或二者都写。",
                    "",
                    rel,
                )
            )
            continue
        checks = entry.get("checks") or []
        if isinstance(checks, str):
            checks = [checks]
        for i, name in enumerate(checks):
            if name not in CHECKS:
                problems.append(
                    _p(
                        positions.get(("bindings", rid, "checks", i), (line, 1))[0],
                        f"bindings.{rid}.checks[{i}]",
                        "binding-unknown-check",
                        f"没有名为“{name}”的自动检查。",
                        "已有的检查：" + "、".join(sorted(CHECKS)) + "。",
                        rel,
                    )
                )
        manual = entry.get("manual")
        out[rid] = Binding(rid, tuple(checks), str(manual) if manual else None, line)
    if problems:
        raise StdkitError(problems)
    return out


def uncovered(requirements: list, bindings: dict[str, Binding]) -> list:
    """The 应 requirements with neither an automated check nor a manual entry."""
    return [r for r in requirements if r.level == "应" and r.id not in bindings]


def unused_checks(bindings: dict[str, Binding]) -> list[str]:
    used = {c for b in bindings.values() for c in b.checks}
    return sorted(set(CHECKS) - used)

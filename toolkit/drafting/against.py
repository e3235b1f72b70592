"""`stdkit check --against REV`: a county checked against an earlier draft of the standard, i.e. a git
revision of the folder holding the standard (or a folder with its own standard/), unpacked for the check.
The report then names that draft's stage and date, as any report does."""

from __future__ import annotations

from pathlib import Path

from ..conformance import check_folder, origin_of
from ..conformance.envelope import Origin
from ..conformance.runner import Report
from .diff import draft_root

HINT = "--against 应是标准所在 git 仓库中的版本（如 HEAD~3、提交号、标签），或含 standard/ 的文件夹。"


def check_against(root: Path, std_root: Path, rev: str) -> tuple[Report, Origin, str]:
    """The report and origin of checking `root` against revision `rev` of `std_root`'s standard, and a
    sentence saying which draft that is."""

    with draft_root(rev, Path(std_root), HINT) as old:
        report = check_folder(root, old)
        origin = origin_of(root, old)
    note = f"按较早的稿检查：{Path(std_root) / 'standard'} 的版本“{rev}”（{report.edition}）。"
    return report, origin, note

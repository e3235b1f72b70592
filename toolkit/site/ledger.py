"""The QR ledger (published/qr-ledger.csv): every short URL ever printed, so that a printed code keeps
working. The build fails when an issued URL would stop resolving; a withdrawn or renamed item keeps a
page that says where the service went (`replaced_by` another item, or a `note`).

Columns: url, id, name, first_issued, replaced_by, note. A row is an item's short URL (<site>/g/<id>/) or
a village station's own page (<site>/stations/<id>/, the code on top of the station's list): the URL says
which. `stdkit build --issue` appends the URLs of items and stations not yet in the ledger (the only time
the build writes into the data folder).
"""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass
from pathlib import Path

from ..core import escape, urls
from ..core.errors import Problem, StdkitError, file_error
from ..core.folder import Folder, as_folder
from ..core.project import Project
from ..core.safefs import writable_inside

LEDGER = "published/qr-ledger.csv"
COLUMNS = ("url", "id", "name", "first_issued", "replaced_by", "note")


@dataclass(frozen=True)
class Entry:
    line: int
    url: str
    id: str
    name: str
    first_issued: str
    replaced_by: str
    note: str


@dataclass(frozen=True)
class Moved:
    """A ledger id no longer in the catalogue: where its short URL now leads."""

    id: str
    name: str
    target: str | None  # an item id, or None when withdrawn
    note: str


def read(source: Folder | Path) -> list[Entry]:
    """The ledger's entries (none when the folder has no ledger); located errors for a bad one."""
    folder = as_folder(source)
    if not folder.has(LEDGER):
        return []
    text = folder.text(LEDGER)  # a link out, a FIFO, a bad encoding: located errors
    reader = csv.reader(io.StringIO(text))
    rows = list(reader)
    if not rows or tuple(c.strip() for c in rows[0]) != COLUMNS:
        raise file_error(
            file=LEDGER,
            code="ledger-header",
            message="二维码登记表的表头不正确。",
            hint="第一行应为：" + ",".join(COLUMNS),
        )
    entries, problems = [], []
    for n, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        if len(row) != len(COLUMNS):
            problems.append(
                Problem(
                    file=LEDGER,
                    line=n,
                    column=1,
                    path="",
                    code="ledger-columns",
                    message=f"第 {n} 行有 {len(row)} 列，应为 {len(COLUMNS)} 列。",
                    hint="含逗号的内容请用英文双引号括起来。",
                )
            )
            continue
        entries.append(Entry(n, *(escape.csv_uncell(c.strip()) for c in row)))
    if problems:
        raise StdkitError(problems)
    return entries


def _column(name: str) -> int:
    return COLUMNS.index(name) + 1


def check(project: Project, entries: list[Entry], site_url: str) -> list[Moved]:
    """Every issued URL must keep resolving; returns the moved/withdrawn ids (raises on problems)."""
    problems: list[Problem] = []
    moved: list[Moved] = []
    elsewhere: list[Entry] = []  # issued on another address than site_url: reported once
    known = {e.id: e for e in entries if not _station(e, site_url)}
    for e in entries:
        if not _safe(e.id):
            problems.append(
                Problem(
                    file=LEDGER,
                    line=e.line,
                    column=_column("id"),
                    path="id",
                    code="ledger-id",
                    message=f"短编号“{e.id}”格式不正确。",
                    hint="短编号只含小写字母、数字和连字符。",
                )
            )
            continue
        if _station(e, site_url):
            if e.id not in project.villages:
                problems.append(_station_removed(e))
            continue
        if e.url != urls.short_url(site_url, e.id):
            elsewhere.append(e)
            continue
        if e.id in project.items:
            continue
        if e.replaced_by:
            target = _follow(e.replaced_by, project, known)
            if target is None:
                problems.append(
                    Problem(
                        file=LEDGER,
                        line=e.line,
                        column=_column("replaced_by"),
                        path="replaced_by",
                        code="ledger-target",
                        message=f"事项“{e.name}”（{e.id}）的去向“{e.replaced_by}”不是现行事项。",
                        hint="replaced_by 应填写现行事项的短编号。",
                    )
                )
                continue
            moved.append(Moved(e.id, e.name, target, e.note))
        elif e.note:
            moved.append(Moved(e.id, e.name, None, e.note))
        else:
            problems.append(
                Problem(
                    file=LEDGER,
                    line=e.line,
                    column=_column("id"),
                    path="id",
                    code="ledger-removed",
                    message=f"事项“{e.name}”（{e.id}）已不在事项清单中，但它的二维码网址 {e.url} "
                    f"已于 {e.first_issued or '此前'} 印发，删除后群众扫码将打不开页面。",
                    hint="如事项更名或合并，请在该行 replaced_by 填写新事项的短编号；"
                    "如事项取消，请在 note 写明去向（如“已取消，请咨询12345”）；或恢复该事项文件。",
                )
            )
    if elsewhere:
        problems.insert(0, _other_address(elsewhere, site_url))
    if problems:
        raise StdkitError(problems)
    return moved


def _station(e: Entry, site_url: str) -> bool:
    return _safe(e.id) and e.url == urls.station_url(site_url, e.id)


def _row_problem(line: int, field: str, code: str, message: str, hint: str) -> Problem:
    """A problem located at one field of one ledger row."""
    return Problem(
        file=LEDGER, line=line, column=_column(field), path=field, code=code, message=message, hint=hint
    )


def _station_removed(e: Entry) -> Problem:
    return _row_problem(
        e.line,
        "id",
        "ledger-station-removed",
        f"村（社区）便民服务站“{e.name}”（{e.id}）已不在 items/network/villages.yaml 中，但本站页面的"
        f"二维码 {e.url} 已于 {e.first_issued or '此前'} 印在本站清单上，删除后群众扫码将打不开页面。",
        "服务站改名时只改 name，不改 id；服务站撤并时请保留该站（注明并入哪个站），重新印发清单后再删除这一行。",
    )


def _other_address(elsewhere: list[Entry], site_url: str) -> Problem:
    """One problem for every URL issued on another address (not one per line of the ledger)."""
    first = elsewhere[0]
    return _row_problem(
        first.line,
        "url",
        "ledger-url",
        f"二维码登记表中有 {len(elsewhere)} 个网址不是用现在的网站地址“{site_url}”生成的（如第{first.line}行"
        f"“{first.url}”）：这些二维码若已印发，将无法打开。",
        f"若这些二维码已印在纸上：把 mkdocs.yml 的 site_url 改回印发时的地址。若还没有印发（例如登记时用错了地址）："
        f"删除 {LEDGER}，再运行 stdkit build --issue 用现在的地址重新登记。",
    )


def _safe(item_id: str) -> bool:
    try:
        urls.safe_id(item_id)
        return True
    except ValueError:
        return False


def _follow(target: str, project: Project, known: dict[str, Entry]) -> str | None:
    seen = set()
    while target not in project.items:
        if target in seen or target not in known or not known[target].replaced_by:
            return None
        seen.add(target)
        target = known[target].replaced_by
    return target


def unissued(project: Project, entries: list[Entry], site_url: str) -> list[str]:
    """Items whose short URL is not in the ledger."""
    have = {e.id for e in entries if not _station(e, site_url)}
    return [i for i in project.items if i not in have]


def unissued_stations(project: Project, entries: list[Entry], site_url: str) -> list[str]:
    """Village stations whose own page's URL is not in the ledger (init's example station is no place yet:
    no code is registered for it)."""
    have = {e.id for e in entries if _station(e, site_url)}
    return [s for s, v in project.villages.items() if s not in have and v.example is not True]


def append(source: Folder | Path, project: Project, entries: list[Entry], site_url: str, date: str) -> int:
    """Record every not-yet-issued item's short URL and station page's URL in the committed ledger; returns
    how many."""
    folder = as_folder(source)
    rows = [
        (urls.short_url(site_url, i), i, project.items[i].name)
        for i in sorted(unissued(project, entries, site_url))
    ]
    rows += [
        (urls.station_url(site_url, s), s, project.villages[s].name)
        for s in sorted(unissued_stations(project, entries, site_url))
    ]
    if not rows:
        return 0
    path = writable_inside(folder.root, LEDGER)  # never through a symlink, never out of the folder
    path.parent.mkdir(parents=True, exist_ok=True)
    current = folder.text(LEDGER) if path.exists() else ""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    if not current.strip():
        writer.writerow(COLUMNS)
    elif not current.endswith("\n"):
        out.write("\n")
    for url, key, name in rows:  # the name escaped: a spreadsheet never runs it as a formula
        writer.writerow((url, key, escape.csv_cell(name), date, "", ""))
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW, 0o644)
    with os.fdopen(fd, "a", encoding="utf-8", newline="") as fh:
        fh.write(out.getvalue())
    return len(rows)

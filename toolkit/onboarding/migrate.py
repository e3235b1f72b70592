"""stdkit migrate: what a county folder written by the previous release (0.1, commit 84285a2) needs for
this release's format, found with the YAML parser's positions and applied as line edits — comments kept,
never a re-dump of a file. `validate` reports the same changes as located errors.

The changes:
- team kinds 店小二/轻骑兵/帮帮团 (Jianshi's brand names) → the generic kinds of codelists/team-kinds.csv;
- the previous release's flow-template values that this release's contradiction rules reject (即办 title and
  当场办理并出件 on a promised limit of days, illustrative fixed step days), where the value is still the
  template's; and the 行政给付 template's 入户调查与民主评议 step (it belongs to social assistance only),
  deleted with what led to it relinked;
- 全程网办 on an item whose own data says the applicant comes at least once (visits ≥ 1) → 部分网办;
- in a folder `init` wrote with the previous release (its editor schemas are the previous release's): every
  record still as `init` wrote it gets this release's `example:` marker (and the teams' generic names), and
  the editor schemas are regenerated.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.atomic import write_atomic
from ..core.errors import Problem, StdkitError
from ..core.folder import Folder, as_folder
from ..core.layout import KINDS
from ..core.provinces import national_platforms, profile
from ..core.schemas import render as render_schema
from ..core.yamlio import Positions, parse_text
from .scaffold import scaffold_files

TEAM_KINDS = {"店小二": "县级志愿服务队", "轻骑兵": "社区便民服务队", "帮帮团": "农村便民服务队"}
# The names the previous release's init gave its three example teams, and this release's.
TEAM_NAMES = {
    "政务服务中心“店小二”志愿服务队": "政务服务中心志愿服务队",
    "城市社区便民服务“轻骑兵”": "城市社区便民服务队",
    "农村便民服务“帮帮团”": "农村便民服务队",
}
OLD_KIND_COMMENT = "队伍类型：店小二、轻骑兵、帮帮团"
NEW_KIND_COMMENT = "队伍类型：县级志愿服务队、社区便民服务队、农村便民服务队"
OLD_TEAMS_HEADER = "# 三支服务队伍：县级“店小二”、城市社区“轻骑兵”、农村“帮帮团”。"
# (flow id, what): the previous release's template values; a step's limit is named by the step's name.
# (flow id → old title, new title, why): the title is changed on its key and in the header comment naming it.
FLOW_TITLES = {
    "jiban-tpl": ("公共服务即办流程", "公共服务办理流程", "本版的时限按事项承诺，不都当日办结"),
    "xzgf-tpl": (
        "行政给付通用流程（村收件、乡镇初审、县级审批）",
        "行政给付通用流程（窗口受理、审核审批、公示发放）",
        "标题应说出流程图画出的环节",
    ),
}
FLOW_STEP_NAMES = {"jiban-tpl": {"当场办理并出件": "办理并出件"}}
FLOW_STEP_LIMITS = {
    "xzgf-tpl": {"入户调查与民主评议": {"days": 5}, "公示并发放": {"days": 1}},
    "xzxk-kc": {"现场核查": {"days": 2}},
}
# Steps a previous template had in a flow they do not belong to: deleted, whatever led to one then leads
# where it led (its one `next`); and the wording that named them.
FLOW_STEP_DROPS = {
    "xzgf-tpl": {
        "入户调查与民主评议": "入户调查与民主评议只属于社会救助（低保、特困、临时救助、受灾人员生活救助）事项，"
        "行政给付通用模板把它带进了失业保险金等所有给付事项；本版的通用模板没有这一环节，社会救助事项另用流程（flow:）"
    }
}
FLOW_CONDITIONS = {"xzgf-tpl": {"经调查核实不符合给付条件": "经审核不符合给付条件"}}
VISITS = re.compile(r"^visits:\s*[1-9]", re.MULTILINE)
HINT = "运行 stdkit migrate 本文件夹 即按本版格式修改（只改这些行，注释保留）。"


@dataclass(frozen=True)
class Edit:
    """Line `line` (1-based) of a file, expected to read `old`, becomes `new` (no lines: deleted).
    line 0 replaces the whole file with new[0]."""

    line: int
    old: str
    new: tuple[str, ...]


@dataclass(frozen=True)
class Change:
    file: str
    line: int
    path: str
    code: str
    message: str
    edits: tuple[Edit, ...]

    def problem(self) -> Problem:
        return Problem(
            file=self.file,
            line=self.line,
            column=1,
            path=self.path,
            code=self.code,
            message=self.message,
            hint=HINT,
        )


@dataclass
class _Doc:
    rel: str
    lines: list[str]
    data: Any
    pos: Positions

    def line_of(self, path: tuple) -> int:
        return self.pos.get(path, (1, 1))[0]

    def text(self, line: int) -> str:
        return self.lines[line - 1]

    def scalar(self, path: tuple, old: str, new: str) -> Edit:
        """The value of the key at `path` written `old` → `new` on its own line, comment kept."""
        n, col = self.pos[path]
        text = self.text(n)
        head, tail = text[: col - 1], text[col - 1 :]
        return Edit(n, text, (head + tail.replace(old, new, 1),))


def _parse(folder: Folder, rel: str) -> _Doc:
    text = folder.text(rel)
    data, pos = parse_text(text, rel)
    return _Doc(rel, text.split("\n"), data, pos)


def _team_kinds(doc: _Doc) -> list[Change]:
    out = []
    for i, team in enumerate(_records(doc.data, "teams")):
        kind = team.get("kind")
        if kind not in TEAM_KINDS:
            continue
        edit = doc.scalar(("teams", i, "kind"), kind, TEAM_KINDS[kind])
        edit = Edit(edit.line, edit.old, (edit.new[0].replace(OLD_KIND_COMMENT, NEW_KIND_COMMENT),))
        message = (
            f"队伍类型“{kind}”是上一版本的写法（建始县的队伍名称），本版改为通用的“{TEAM_KINDS[kind]}”。"
        )
        out.append(Change(doc.rel, edit.line, f"teams[{i}].kind", "migrate-team-kind", message, (edit,)))
    return out


def _records(data: Any, key: str) -> list[dict]:
    items = data.get(key) if isinstance(data, dict) else None
    return [r if isinstance(r, dict) else {} for r in items] if isinstance(items, list) else []


def _flow_template(doc: _Doc) -> list[Change]:
    data = doc.data if isinstance(doc.data, dict) else {}
    fid = data.get("id")
    if data.get("template") is not True or not isinstance(fid, str):
        return []
    out = []
    if fid in FLOW_TITLES and data.get("title") == FLOW_TITLES[fid][0]:
        old, new, why = FLOW_TITLES[fid]
        edit = doc.scalar(("title",), old, new)
        comments = [  # the header comment that repeats the title
            Edit(n, text, (text.replace(old, new),))
            for n, text in enumerate(doc.lines[: edit.line - 1], 1)
            if text.lstrip().startswith("#") and old in text
        ]
        message = f"流程模板标题“{old}”：{why}，改为“{new}”。"
        out.append(Change(doc.rel, edit.line, "title", "migrate-flow-template", message, (*comments, edit)))
    steps = _records(data, "steps")
    for i, step in enumerate(steps):
        name = step.get("name")
        if not isinstance(name, str):
            continue
        out += _conditions(doc, fid, i, step)
        dropped = FLOW_STEP_DROPS.get(fid, {}).get(name)
        if dropped is not None:
            out += _drop_step(doc, steps, i, dropped)
            continue
        renamed = FLOW_STEP_NAMES.get(fid, {}).get(name)
        if renamed:
            edit = doc.scalar(("steps", i, "name"), name, renamed)
            message = (
                f"环节“{name}”的时限取事项承诺时限（可能是若干工作日），不能说当场办理，改为“{renamed}”。"
            )
            out.append(
                Change(doc.rel, edit.line, f"steps[{i}].name", "migrate-flow-template", message, (edit,))
            )
        limit = FLOW_STEP_LIMITS.get(fid, {}).get(name)
        if limit is not None and step.get("limit") == limit:
            edits = _delete_key(doc, ("steps", i, "limit"))
            message = f"环节“{name}”的固定时限 {limit.get('days')} 个工作日是上一版本模板的示意值，加起来会超过事项的承诺时限；本版删去。"
            out.append(
                Change(doc.rel, edits[0].line, f"steps[{i}].limit", "migrate-flow-template", message, edits)
            )
    return out


def _conditions(doc: _Doc, fid: str, i: int, step: dict) -> list[Change]:
    out = []
    for b, branch in enumerate(_records(step, "branches")):
        condition = branch.get("condition")
        new = FLOW_CONDITIONS.get(fid, {}).get(condition) if isinstance(condition, str) else None
        if new is not None:
            edit = doc.scalar(("steps", i, "branches", b, "condition"), branch["condition"], new)
            message = f"分支条件“{branch['condition']}”说的是已删去的调查环节，改为“{new}”。"
            path = f"steps[{i}].branches[{b}].condition"
            out.append(Change(doc.rel, edit.line, path, "migrate-flow-template", message, (edit,)))
    return out


def _drop_step(doc: _Doc, steps: list[dict], i: int, why: str) -> list[Change]:
    """Step i's lines deleted (up to the next step, or the end of the list), and each `next` that named it
    naming its one successor instead; nothing when it has not exactly one (the county changed it)."""
    step, sid = steps[i], steps[i].get("id")
    after = step.get("next")
    if not isinstance(sid, str) or not isinstance(after, list) or len(after) != 1 or step.get("branches"):
        return []
    first = doc.line_of(("steps", i, "id"))
    last = doc.line_of(("steps", i + 1, "id")) - 1 if i + 1 < len(steps) else len(doc.lines)
    while last > first and not doc.text(last).strip():
        last -= 1
    edits = [Edit(k, doc.text(k), ()) for k in range(first, last + 1)]
    for k, other in enumerate(steps):
        for j, target in enumerate(other.get("next") or []):
            if target == sid and k != i:
                edits.append(doc.scalar(("steps", k, "next", j), sid, str(after[0])))
    message = f"环节“{step.get('name')}”：{why}。删去，原来通往它的环节改为通往“{after[0]}”。"
    return [Change(doc.rel, first, f"steps[{i}]", "migrate-flow-template", message, tuple(edits))]


def _delete_key(doc: _Doc, path: tuple) -> tuple[Edit, ...]:
    """The key's line and the more-indented lines of its block value below it, deleted."""
    n, col = doc.pos[path]
    end = n  # 1-based number of the last line deleted
    while end < len(doc.lines):
        nxt = doc.lines[end]
        if not nxt.strip() or nxt.strip().startswith("#") or len(nxt) - len(nxt.lstrip()) < col:
            break
        end += 1
    return tuple(Edit(k, doc.text(k), ()) for k in range(n, end + 1))


def _online(doc: _Doc) -> list[Change]:
    data = doc.data if isinstance(doc.data, dict) else {}
    online = data.get("online")
    visits = data.get("visits")
    if not isinstance(online, dict) or online.get("depth") != "全程网办":
        return []
    if not isinstance(visits, int) or isinstance(visits, bool) or visits < 1:
        return []
    edit = doc.scalar(("online", "depth"), "全程网办", "部分网办")
    message = f"网办深度为全程网办（零跑腿），本事项的到现场次数却是 {visits} 次；本版校验把它判为矛盾，改为“部分网办”。"
    return [Change(doc.rel, edit.line, "online.depth", "migrate-online-depth", message, (edit,))]


def _platforms(county: _Doc, items: Callable[[], list[_Doc]]) -> list[Change]:
    """An item may name only a national platform or one of its county's (items/county.yaml `platforms`, else
    its province's defaults): a folder from the previous release lists none, so every other platform its
    items name is written there, in the order first named. The items are parsed only for a county that
    lists none (parsing every item again took ~0.3 s of each build)."""
    data = county.data if isinstance(county.data, dict) else {}
    if data.get("platforms"):
        return []
    national = set(national_platforms())
    prof = profile(str(data.get("province", "")))
    allowed = national | set(prof.platforms if prof else [])  # what items may name while none is listed
    used: list[str] = []
    for doc in items():
        online = doc.data.get("online") if isinstance(doc.data, dict) else None
        for name in online.get("platforms", []) if isinstance(online, dict) else []:
            if isinstance(name, str) and name not in national and name not in used:
                used.append(name)
    if all(name in allowed for name in used):
        return []  # the province's defaults cover them: nothing to write
    last = len(county.lines) - (1 if county.lines and county.lines[-1] == "" else 0)
    added = ("# 本县事项用到的网办平台（国家平台不必写）", "platforms:", *(f"- {name}" for name in used))
    edit = Edit(last, county.text(last), (county.text(last), *added))
    message = (
        f"本版要求事项的网办平台是国家平台或本县清单中的平台；本县事项用到的{'、'.join(used)}写进 platforms。"
    )
    return [Change(county.rel, last, "platforms", "migrate-platforms", message, (edit,))]


LISTS = ("teams", "townships", "villages", "departments")


def _previous_init(folder: Folder) -> bool:
    """Editor schemas written by the previous release's init: its teams schema has no `example` field."""
    rel = "schemas/teams.schema.json"
    return folder.has(rel) and '"example"' not in folder.text(rel)


def _schemas(folder: Folder) -> list[Change]:
    out = []
    for kind in KINDS:
        rel = f"schemas/{kind.name}.schema.json"
        if folder.has(rel) and folder.text(rel) != (body := render_schema(kind)):
            message = "编辑器用的模式文件是上一版本写的（没有 example 等新字段），重新生成。"
            out.append(Change(rel, 1, "", "migrate-schema", message, (Edit(0, folder.text(rel), (body,)),)))
    return out


def _template(folder: Folder) -> dict[str, _Doc]:
    """What this release's init writes for the county named in items/county.yaml, parsed."""
    county = _parse(folder, "items/county.yaml").data
    if not isinstance(county, dict) or not all(
        isinstance(county.get(k), str) for k in ("name", "division_code")
    ):
        return {}
    prefecture = county.get("prefecture") if isinstance(county.get("prefecture"), str) else "（请填写市州）"
    province = county.get("province") if isinstance(county.get("province"), str) else "湖北省"
    files = scaffold_files(county["name"], county["division_code"], str(prefecture), str(province))
    out = {}
    for rel, body in files.items():
        if rel.endswith(".yaml") and b"example:" in body:
            text = body.decode("utf-8")
            data, pos = parse_text(text, rel)
            out[rel] = _Doc(rel, text.split("\n"), data, pos)
    return out


def _pairs(old: _Doc, new: _Doc) -> list[tuple[tuple, dict, tuple, dict]]:
    """(path, old record, template record) for each record the template marks example, matched by id."""
    if not isinstance(new.data, dict) or not isinstance(old.data, dict):
        return []
    key = next((k for k in LISTS if k in new.data), None)
    if key is None:
        return [((), old.data, (), new.data)] if "example" in new.data else []
    by_id = {_key(r): (i, r) for i, r in enumerate(_records(old.data, key)) if _key(r)}
    out = []
    for j, tpl in enumerate(_records(new.data, key)):
        if "example" in tpl and _key(tpl) in by_id:
            i, rec = by_id[_key(tpl)]
            out.append(((key, i), rec, (key, j), tpl))
    return out


def _key(record: dict) -> str | None:
    """A record's identity: its id (departments: code)."""
    value = record.get("id", record.get("code"))
    return value if isinstance(value, str) else None


def _untouched(rec: dict, tpl: dict) -> bool:
    if "example" in rec:
        return False
    mine = dict(rec)
    if mine.get("kind") in TEAM_KINDS:
        mine["kind"] = TEAM_KINDS[mine["kind"]]
    if mine.get("name") in TEAM_NAMES:
        mine["name"] = TEAM_NAMES[mine["name"]]
    marked = tpl["example"]
    if marked is True:
        return mine == {k: v for k, v in tpl.items() if k != "example"}
    return isinstance(marked, list) and all(mine.get(f) == tpl.get(f) for f in marked)


def _marker(old: _Doc, new: _Doc, path: tuple, rec: dict, tpl_path: tuple) -> Edit:
    """The template's `example:` line put in front of the record's first key (a list item's dash kept)."""
    marker = new.text(new.line_of(tpl_path + ("example",))).strip().removeprefix("- ")
    first = min(old.line_of(path + (k,)) for k in rec)
    text = old.text(first)
    indent = len(text) - len(text.lstrip())
    if text.lstrip().startswith("- "):
        body = text.lstrip()[2:]
        return Edit(first, text, (" " * indent + "- " + marker, " " * (indent + 2) + body))
    return Edit(first, text, (" " * indent + marker, text))


def _header(old: _Doc, new: _Doc) -> list[Edit]:
    """The template's leading comments that the file lacks (how to confirm an example), added after the
    file's own; the previous init's teams line naming Jianshi's brands replaced by this release's."""

    def block(doc: _Doc) -> list[str]:
        n = 0
        while n < len(doc.lines) and doc.lines[n].startswith("#"):
            n += 1
        return doc.lines[:n]

    mine, theirs = block(old), block(new)
    if not mine:
        return []
    lines = [theirs[1] if line == OLD_TEAMS_HEADER and len(theirs) > 1 else line for line in mine]
    lines += [line for line in theirs if line not in lines]
    edits = [Edit(k + 1, a, (b,)) for k, (a, b) in enumerate(zip(mine, lines, strict=False)) if a != b]
    if len(lines) > len(mine):
        last = len(mine)
        head = next((e.new[0] for e in edits if e.line == last), mine[-1])
        edits = [e for e in edits if e.line != last] + [Edit(last, mine[-1], (head, *lines[len(mine) :]))]
    return edits


def _init_examples(old: _Doc, new: _Doc) -> list[Change]:
    out = []
    for path, rec, tpl_path, tpl in _pairs(old, new):
        if not _untouched(rec, tpl):
            continue
        edits = [_marker(old, new, path, rec, tpl_path)]
        name = rec.get("name")
        if name in TEAM_NAMES:
            edits.append(old.scalar(path + ("name",), name, TEAM_NAMES[name]))
        what = "整条" if tpl["example"] is True else "、".join(tpl["example"])
        where = ".".join(str(p) if isinstance(p, str) else f"[{p}]" for p in path).replace(".[", "[")
        message = (
            f"这{'条' if path else '个文件'}仍是上一版本 stdkit init 写下的示例（{what}），本版标为示例（example:），"
            "网站、文书和检查都不把它当作本县的事实。"
        )
        out.append(Change(old.rel, edits[0].line, where, "migrate-example", message, tuple(edits)))
    if out:
        header = _header(old, new)
        if header:
            first = out[0]
            out[0] = Change(
                first.file, first.line, first.path, first.code, first.message, first.edits + tuple(header)
            )
    return out


def plan(source: Folder | Path) -> list[Change]:
    """Every change the folder needs, in file and line order; a file that does not parse is the loader's
    to report (StdkitError from here)."""
    folder = as_folder(source)
    changes: list[Change] = []
    docs: dict[str, _Doc] = {}

    def doc(rel: str) -> _Doc:
        if rel not in docs:
            docs[rel] = _parse(folder, rel)
        return docs[rel]

    yamls = [r for top in ("items", "flowcharts") for r in folder.tree(top) if r.endswith(".yaml")]
    for rel in yamls:
        text = folder.text(rel)
        if rel.endswith("network/teams.yaml") and any(k in text for k in TEAM_KINDS):
            changes += _team_kinds(doc(rel))
        if rel.startswith("flowcharts/") and "template" in text:
            changes += _flow_template(doc(rel))
        if rel.startswith("items/services/") and "全程网办" in text and VISITS.search(text):
            changes += _online(doc(rel))
    if folder.has("items/county.yaml"):
        services = [r for r in yamls if r.startswith("items/services/") and "platforms" in folder.text(r)]
        changes += _platforms(doc("items/county.yaml"), lambda: [doc(r) for r in services])
    if folder.has("items/county.yaml") and _previous_init(folder):
        for rel, new in _template(folder).items():
            if folder.has(rel):
                changes += _init_examples(doc(rel), new)
        changes += _schemas(folder)
    return sorted(changes, key=lambda c: (c.file, c.line))


def problems(source: Folder | Path) -> list[Problem]:
    """The changes as `validate` errors; nothing when a file does not parse (the loader says why)."""
    try:
        return [c.problem() for c in plan(source)]
    except StdkitError:
        return []


def apply(root: Path, changes: list[Change]) -> list[str]:
    """Apply the planned line edits, file by file; every edit is checked against the line it expects
    before anything is written. Returns the files changed."""
    folder = as_folder(root)
    by_file: dict[str, list[Edit]] = {}
    for change in changes:
        by_file.setdefault(change.file, []).extend(change.edits)
    bodies: dict[str, str] = {}
    for rel, edits in by_file.items():
        bodies[rel] = _edited(rel, folder.text(rel), edits)
    for rel, body in bodies.items():
        write_atomic(root / rel, body.encode("utf-8"))
    return sorted(bodies)


def _edited(rel: str, text: str, edits: list[Edit]) -> str:
    if any(e.line == 0 for e in edits):
        return next(e.new[0] for e in edits if e.line == 0)
    lines = text.split("\n")
    seen: set[int] = set()
    for edit in sorted(edits, key=lambda e: e.line, reverse=True):
        if edit.line in seen or edit.line > len(lines) or lines[edit.line - 1] != edit.old:
            raise StdkitError(
                [
                    Problem(
                        file=rel,
                        line=edit.line,
                        column=1,
                        path="",
                        code="migrate-conflict",
                        message="迁移的修改与文件当前内容不符（文件在检查之后被改动了？）。",
                        hint="请重新运行 stdkit migrate。",
                    )
                ]
            )
        seen.add(edit.line)
        lines[edit.line - 1 : edit.line] = list(edit.new)
    return "\n".join(lines)

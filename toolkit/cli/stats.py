"""stdkit stats: counts and reform figures computed from the data."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ..core.figures import compute
from ..core.load import load_project
from ..core.reported import Row
from ..core.stats import Reengineering, Reform
from ._app import DIR_HELP, app, default_dir, guarded, say, say_json

_LABELS = {
    "materials": "减材料（件）",
    "steps": "减环节（个）",
    "days": "减时限（工作日）",
    "visits": "减跑动（次）",
    "counters": "减窗口（个）",
    "fees_yuan": "减费用（元）",
}


def _table(title: str, figures: Reform | Reengineering) -> list[str]:
    lines = [title, f"  {'指标':<12}{'改革前':>10}{'改革后':>10}{'减少':>10}{'减少比例':>8}"]
    for key, label in _LABELS.items():
        f = getattr(figures, key, None)
        if f:
            lines.append(f"  {label:<12}{f.before:>10}{f.after:>10}{f.removed:>10}{f.percent:>7}%")
    return lines


@app.command()
def stats(
    folder: Annotated[Path | None, typer.Argument(help=DIR_HELP, show_default=False)] = None,
    format: Annotated[str, typer.Option("--format", help="输出格式：text（默认）或 json")] = "text",
) -> None:
    """统计：部门、事项（按类型、按层级）、场所、一事联办、流程、队伍，以及由数据计算的清减降和流程再造成效。"""
    if format not in ("text", "json"):
        say(f"--format 只能是 text 或 json，而不是“{format}”。", file=sys.stderr)
        raise typer.Exit(1)
    project = guarded(lambda: load_project(default_dir(folder)))
    data = compute(project)
    if format == "json":
        say_json(data.as_dict())
        return
    c = data.counts
    out = [
        f"{data.county} 政务服务数据统计",
        f"部门 {c.departments} 个（进驻县政务服务中心 {c.departments_in_hall} 个）",
        f"事项 {c.items} 项（指南要素完整 {c.items_detailed} 项）："
        + "，".join(f"{k} {v}" for k, v in c.items_by_type.items() if v),
        f"分层级：县级 {c.items_by_level['县级']} 项，乡镇 {c.items_by_level['乡镇']} 项，村（社区） {c.items_by_level['村']} 项",
        "乡镇办理方式：" + "，".join(f"{k} {v}" for k, v in c.township_modes.items()),
        "村（社区）办理方式：" + "，".join(f"{k} {v}" for k, v in c.village_modes.items()),
        f"可网办事项 {c.items_online} 项（全程网办 {c.items_fully_online} 项）",
        f"场所：县级政务服务中心 1 个，乡镇便民服务中心 {c.venues['乡镇']} 个，村（社区）便民服务站 {c.venues['村']} 个",
        f"一事联办 {c.bundles} 个；流程 {c.flows} 个（模板 {c.flow_templates} 个）",
        "服务队伍：" + "，".join(f"{k} {v} 支" for k, v in c.teams.items()),
        "",
    ]
    out += _table(f"清减降（{data.reform.items_with_record} 个有改革记录的事项）", data.reform)
    out.append("")
    r = data.reengineering
    out += _table(f"流程再造（全生命周期联办事项 {r.entries} 个，其中一事联办 {r.bundles} 个）", r)
    out += ["", *_reported(data.reported)]
    say("\n".join(out))


def _reported(rows: tuple[Row, ...]) -> list[str]:
    if not rows:
        return []
    lines = ["报道数字与由数据计算的数字"]
    for r in rows:
        if r.computed is None:
            verdict = "记录（无法由数据计算）"
        else:
            verdict = "一致" if r.equal else f"不一致：由数据计算为 {r.computed}{r.unit}"
        lines.append(f"  {r.title}：报道 {r.reported_text}，{verdict}（{r.source}）")
    return lines

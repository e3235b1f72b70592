"""stdkit validate: syntax, schema and cross-checks of a county folder."""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer

from ..build.validate import validate_folder
from ..core.errors import StdkitError
from ..core.stats import counts
from ..core.workspace import Workspace
from ._app import DIR_HELP, app, default_dir, print_problems, say, say_json


@app.command()
def validate(
    folder: Annotated[Path | None, typer.Argument(help=DIR_HELP, show_default=False)] = None,
    format: Annotated[str, typer.Option("--format", help="输出格式：text（默认）或 json")] = "text",
) -> None:
    """校验县数据：YAML语法、字段格式、交叉引用（部门、事项、流程、清单、一事联办）。有错误时退出码为1。"""
    root = default_dir(folder)
    if format not in ("text", "json"):
        say(f"--format 只能是 text 或 json，而不是“{format}”。", file=sys.stderr)
        raise typer.Exit(1)
    project, problems = validate_folder(Workspace.open(root))
    errors = [p for p in problems if p.severity == "error"]
    if format == "json":
        report = {
            "ok": not errors,
            "counts": asdict(counts(project))
            if project is not None
            else {"errors": len(errors), "by_code": dict(Counter(p.code for p in errors))},
            "errors": [
                {
                    "file": p.file,
                    "line": p.line,
                    "column": p.column,
                    "path": p.path,
                    "code": p.code,
                    "message": p.message,
                    "hint": p.hint,
                }
                for p in problems
            ],
        }
        say_json(report)
    elif problems:
        print_problems(StdkitError(problems))
    else:
        assert project is not None  # no problems: the folder loaded
        c = counts(project)
        say(
            f"校验通过：{c.departments} 个部门、{c.items} 个事项、{c.flows} 个流程、"
            f"{c.bundles} 个一事联办、{c.venues['乡镇']} 个乡镇便民服务中心、{c.venues['村']} 个村（社区）便民服务站。"
        )
    if errors:
        raise typer.Exit(1)

"""The package's layers (pyproject.toml [tool.importlinter]): cli → build → domains → office → core, domains
importing one another only along the listed edges, no module-level import circle, and imports inside
functions only where start-up time asks for them. Each rule is shown failing on a planted import."""

from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(tree: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--config", str(tree / "pyproject.toml")],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


CIRCLES = """
import importlib.util
import json
import sys

import grimp

graph = grimp.build_graph(sys.argv[1], exclude_type_checking_imports=True, cache_dir=None)
index, low, stack, on_stack, found = {}, {}, [], set(), []
sys.setrecursionlimit(10_000)


def visit(v):  # Tarjan's strongly connected components
    index[v] = low[v] = len(index)
    stack.append(v)
    on_stack.add(v)
    for w in graph.find_modules_directly_imported_by(v):
        if w not in index:
            visit(w)
            low[v] = min(low[v], low[w])
        elif w in on_stack:
            low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        comp = []
        while True:
            w = stack.pop()
            on_stack.discard(w)
            comp.append(w)
            if w == v:
                break
        if len(comp) > 1:
            found.append(sorted(comp))


for module in sorted(graph.modules):
    if module not in index:
        visit(module)
print(json.dumps({"circles": found, "file": importlib.util.find_spec(sys.argv[1]).origin}))
"""


def circles(package: str, tree: Path) -> list[list[str]]:
    """Every set of modules that import one another in a loop (strongly connected, more than one), in the
    package as it is in `tree` (read in a fresh interpreter, so no copy already imported is read)."""
    proc = subprocess.run(
        [sys.executable, "-c", CIRCLES, package],
        cwd=tree,
        env={**os.environ, "PYTHONPATH": str(tree)},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert Path(result["file"]).is_relative_to(tree), result["file"]  # the tree's own copy was read
    return result["circles"]


@pytest.fixture
def planted(tmp_path) -> Path:
    """A copy of the package and its contract, for planting a bad import."""
    shutil.copytree(ROOT / "toolkit", tmp_path / "toolkit", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_the_layer_contract_holds():
    proc = lint_imports(ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "1 kept, 0 broken" in proc.stdout


def test_a_planted_back_import_breaks_the_contract_and_names_its_chain(planted):
    errors = planted / "toolkit/core/errors.py"
    errors.write_text(errors.read_text() + "\nfrom ..build import run as _planted  # noqa\n")
    proc = lint_imports(planted)
    assert proc.returncode != 0
    assert "BROKEN" in proc.stdout
    assert "toolkit.core.errors -> toolkit.build.run" in proc.stdout


def test_a_planted_import_between_domains_breaks_the_contract(planted):
    site = planted / "toolkit/site/pages.py"
    site.write_text(site.read_text() + "\nfrom ..paperwork import facts as _planted  # noqa\n")
    proc = lint_imports(planted)
    assert proc.returncode != 0 and "toolkit.site.pages -> toolkit.paperwork.facts" in proc.stdout


def test_no_module_imports_itself_through_a_circle():
    assert circles("toolkit", ROOT) == []


def test_a_planted_circle_is_found(planted):
    stats = planted / "toolkit/core/stats.py"  # stats imports project; project importing stats closes a loop
    project = planted / "toolkit/core/project.py"
    assert "from .project import" in stats.read_text()
    project.write_text(project.read_text() + "\nfrom . import stats as _planted  # noqa\n")
    found = circles("toolkit", planted)
    assert any({"toolkit.core.project", "toolkit.core.stats"} <= set(c) for c in found), found


def function_imports(path: Path) -> list[tuple[ast.FunctionDef | ast.AsyncFunctionDef, ast.ImportFrom]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []
    for fn in ast.walk(tree):
        if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for node in ast.walk(fn):
                if isinstance(node, ast.ImportFrom) and (
                    node.level or (node.module or "").startswith("toolkit")
                ):
                    out.append((fn, node))
    return out


def test_imports_inside_functions_only_for_start_up_time_and_say_so():
    """The toolkit's own modules are imported at the top of a file; only the CLI's commands import what
    they run inside the command (so `stdkit --help` does not load mkdocs, python-docx …), with a comment."""
    wrong = []
    for path in sorted((ROOT / "toolkit").rglob("*.py")):
        lines = path.read_text(encoding="utf-8").splitlines()
        for fn, node in function_imports(path):
            rel = f"{path.relative_to(ROOT)}:{node.lineno}"
            if path.parent.name != "cli":
                wrong.append(f"{rel}: 函数内导入工具包模块（应写在文件开头）")
                continue
            before = lines[fn.lineno - 1 : node.lineno - 1]
            if not any("start-up time" in line for line in before):
                wrong.append(f"{rel}: 命令函数内的导入前没有说明原因的注释（# start-up time: …）")
    assert wrong == []

"""Problems found in the sources: where (file, line, column, field path), what, and a hint — in Chinese."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from .escape import terminal


@dataclass(frozen=True, order=True, kw_only=True)
class Problem:
    """Built with keywords only: seven positional strings and numbers are too easy to swap."""

    file: str
    line: int
    column: int
    path: str
    code: str
    message: str
    hint: str = ""
    severity: str = field(default="error", compare=False)  # "error" or "warning"

    def location(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"

    def render(self) -> str:
        where = f"{self.location()}"
        field_part = f"（字段 {self.path}）" if self.path else ""
        label = "错误" if self.severity == "error" else "警告"
        text = f"{where}: {label}[{self.code}]{field_part} {self.message}"
        if self.hint:
            text += f"\n    提示：{self.hint}"
        return terminal(text)  # file names, fields and messages hold values from files

    def as_dict(self) -> dict:
        return asdict(self)


class StdkitError(Exception):
    """The project's own error type: carries located problems; the CLI prints them and exits 1."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(p.render() for p in self.problems))


def format_path(parts: tuple) -> str:
    """('materials', 2, 'name') -> 'materials[2].name'"""
    out = ""
    for p in parts:
        if isinstance(p, int):
            out += f"[{p}]"
        else:
            out += ("." if out else "") + str(p)
    return out


def whole_file(file: str, code: str, message: str, hint: str = "") -> Problem:
    """A problem about a whole file or folder: line 1, column 1, no field."""
    return Problem(file=file, line=1, column=1, path="", code=code, message=message, hint=hint)


def file_error(file: str, code: str, message: str, hint: str = "") -> StdkitError:
    """An error with one problem about a whole file or folder."""
    return StdkitError([whole_file(file, code, message, hint)])

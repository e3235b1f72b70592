"""Reading many counties' reports: files, folders or globs; each validated against the report schema
(a refused file is named with a located Chinese problem, the others are still read); one standard at a
time; every distinct report of a county is a round, ordered by its run date."""

from __future__ import annotations

import glob
import hashlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from ..conformance.document import FORMAT, ConformanceReport
from ..core import limits
from ..core.errors import Problem, StdkitError


@dataclass(frozen=True)
class Round:
    """One report of one county: its place in the county's history and where it came from."""

    number: int
    source: str
    sha256: str
    doc: ConformanceReport


@dataclass
class Collection:
    standard: str
    rounds: dict[str, list[Round]]  # division code -> rounds, oldest first
    refused: list[Problem]
    skipped: list[str]  # files of another standard (when one was chosen)
    duplicates: list[str]  # byte-identical copies of a report already read

    def latest(self) -> list[Round]:
        return [rs[-1] for _, rs in sorted(self.rounds.items())]


def standard_key(doc: ConformanceReport) -> str:
    s = doc.standard
    return f"{s.number} {s.stage} {s.date}"


def expand(inputs: list[str]) -> list[Path]:
    """Files as given; folders searched for *.json; globs expanded. Sorted, each once."""
    found: list[Path] = []
    for text in inputs:
        path = Path(text)
        if path.is_dir():
            found += sorted(p for p in path.rglob("*.json") if not p.is_dir())
        elif path.is_file():
            found.append(path)
        else:
            matches = sorted(Path(m) for m in glob.glob(text, recursive=True))
            if not matches:
                raise StdkitError(
                    [_problem(text, 1, "", "report-missing", f"找不到报告文件或文件夹“{text}”。")]
                )
            found += [p for m in matches for p in (sorted(m.rglob("*.json")) if m.is_dir() else [m])]
    return list(dict.fromkeys(found))


def _problem(file: str, line: int, path: str, code: str, msg: str, hint: str = "") -> Problem:
    return Problem(file=file, line=line, column=1, path=path, code=code, message=msg, hint=hint)


HINT = "请提交 stdkit check 写出的 report.json（格式见 schemas/conformance-report.schema.json）。"


def _foreign(name: str) -> Problem:
    return _problem(
        name,
        1,
        "format",
        "report-foreign",
        f"不是 stdkit 符合性检查报告（format 字段应为“{FORMAT}”）。",
        HINT,
    )


def _invalid(name: str, data: dict, err: ValidationError) -> Problem:
    """Say in Chinese why a report does not follow its format."""
    first = err.errors()[0]
    where = ".".join(str(x) for x in first["loc"])
    more = f"（另有 {err.error_count() - 1} 处）" if err.error_count() > 1 else ""
    return _problem(
        name,
        1,
        where,
        "report-invalid",
        f"报告不符合格式第 {data.get('version')} 版：{first['msg']}{more}。",
        HINT,
    )


def parse(path: Path, raw: bytes) -> ConformanceReport:
    """One report from its bytes, or a located refusal naming the file: JSON within core/limits.py (size,
    nesting, integer length), the report format, each requirement once."""
    name = str(path)
    data = limits.load_json(raw, name)
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise StdkitError([_foreign(name)])
    try:
        doc = ConformanceReport.model_validate(data)
    except ValidationError as err:
        raise StdkitError([_invalid(name, data, err)]) from None
    seen: set[str] = set()
    for n, r in enumerate(doc.results):
        if r.requirement in seen:
            raise StdkitError(
                [_problem(name, 1, f"results.{n}.requirement", "report-duplicate",
                          f"要求“{r.requirement}”在结果中出现了不止一次。", HINT)]
            )  # fmt: skip
        seen.add(r.requirement)
    return doc


def read(paths: list[Path]) -> tuple[list[tuple[Path, str, ConformanceReport]], list[Problem]]:
    """Every report that can be read; each one that cannot is a located refusal and the others go on.
    Only regular files are opened (no link followed, a FIFO never waited on), their size checked first."""
    docs, refused = [], []
    cap = limits.current().json_bytes
    for path in paths:
        try:
            raw = limits.read_file(path, str(path), cap)
            doc = parse(path, raw)
        except StdkitError as err:
            refused.extend(err.problems)
            continue
        docs.append((path, hashlib.sha256(raw).hexdigest(), doc))
    return docs, refused


def collect(inputs: list[str], standard: str | None = None) -> Collection:
    """Read and validate every report; refuse mixed standards unless `standard` (its number, or number,
    stage and date as printed) says which to compare."""
    docs, refused = read(expand(inputs))
    keys = Counter(standard_key(d) for _, _, d in docs)
    if standard is None and len(keys) > 1:
        listed = "；".join(f"{k}（{n} 份）" for k, n in sorted(keys.items()))
        raise StdkitError(
            [
                _problem(
                    str(inputs[0]),
                    1,
                    "standard",
                    "reports-mixed-standards",
                    f"这些报告依据的标准不同，不能放在一起比较：{listed}。",
                    "用 --standard 指定要比较的标准（编号，或编号、阶段和日期）。",
                )
            ]
        )
    chosen = standard if standard is not None else next(iter(keys), "")
    match = [chosen in (standard_key(d), d.standard.number) for _, _, d in docs]
    keep = [x for x, ok in zip(docs, match, strict=True) if ok]
    skipped = [str(x[0]) for x, ok in zip(docs, match, strict=True) if not ok]
    if standard is not None and not keep and docs:
        raise StdkitError(
            [_problem(str(inputs[0]), 1, "standard", "reports-no-standard", f"没有依据“{standard}”的报告。")]
        )
    rounds: dict[str, list[Round]] = {}
    duplicates: list[str] = []
    seen: set[str] = set()
    for path, sha, doc in sorted(keep, key=lambda x: (x[2].county.division_code, x[2].generated, x[1])):
        if sha in seen:
            duplicates.append(str(path))
            continue
        seen.add(sha)
        mine = rounds.setdefault(doc.county.division_code, [])
        mine.append(Round(len(mine) + 1, str(path), sha, doc))
    label = standard_key(keep[0][2]) if keep else chosen
    return Collection(label, rounds, refused, skipped, duplicates)

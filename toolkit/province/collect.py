"""Reading many counties' reports: files, folders or globs; each validated against the report schema
(a refused file is named with a located Chinese problem, the others are still read); one standard at a
time; every distinct report of a county is a round, ordered by its run date."""

from __future__ import annotations

import glob
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from ..conformance.document import FORMAT, ConformanceReport, nesting
from ..core import divisions, limits
from ..core.errors import Problem, StdkitError
from .admit import Admitted, admit
from .editions import Edition, load_editions
from .keyring import load_keyring
from .reviews import load_reviews
from .rounds import Plan, load_plan


@dataclass(frozen=True)
class Round:
    """One admitted report of one county: its place in the county's history and where it came from."""

    number: int
    source: str
    sha256: str
    doc: ConformanceReport
    admitted: Admitted


@dataclass
class Collection:
    standard: str
    rounds: dict[str, list[Round]]  # division code -> rounds, oldest first
    refused: list[Problem]
    skipped: list[str]  # (kept for the summary's shape: every edition is now kept apart, none skipped)
    duplicates: list[str]  # byte-identical copies of a report already read
    editions: dict[str, Edition] = field(default_factory=dict)
    plan: Plan = field(default_factory=lambda: load_plan(None))
    reviews: dict = field(default_factory=dict)
    prefix: str = ""

    def latest(self) -> list[Round]:
        return [rs[-1] for _, rs in sorted(self.rounds.items())]

    def expected(self) -> list[divisions.Division]:
        """The counties that should report: the rounds file's list, else the province's in the official list."""
        if self.plan.expected is not None:
            return [d for c in self.plan.expected if (d := divisions.county(c)) is not None]
        return divisions.counties_in(self.prefix) if self.prefix else []

    def not_reported(self) -> dict[str, list[divisions.Division]]:
        """Per collection round (in date order, every one of them, not only the last): the expected
        counties with no admitted report in it, in code order."""
        seen = {(code, r.admitted.period.name) for code, rs in self.rounds.items() for r in rs}
        expected = sorted(self.expected(), key=lambda d: d.code)
        return {p.name: [d for d in expected if (d.code, p.name) not in seen] for p in self.plan.periods}


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


def _truncated(name: str, raw: bytes) -> Problem | None:
    """A file cut inside its last character (a download or copy broken off) says so."""
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.end >= len(raw) and len(raw) - exc.start < 4:
            return _problem(name, 1, "", "report-truncated",
                            f"文件在第 {len(raw)} 字节处被截断（最后一个字符不完整），报告不完整。",
                            "请重新取得县里的 report.json（下载或复制中断过）。")  # fmt: skip
    return None


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


_DIGITS = bytes.maketrans(b"123456789", b"000000000")
_BEFORE_NUMBER = frozenset(b" \t\r\n:,[-")


def _long_number(raw: bytes, digits: int) -> bool:
    """Whether a run of `digits` digits starts where a JSON number may (after : , [ - or white space, or at
    the start): the runs found by a byte search, every digit mapped to 0 first."""
    zeros, run = raw.translate(_DIGITS), b"0" * digits
    at = zeros.find(run)
    while at != -1:
        if at == 0 or raw[at - 1] in _BEFORE_NUMBER:
            return True
        at = zeros.find(run, at + 1)
    return False


def _fast(raw: bytes, lim: limits.Limits) -> ConformanceReport | None:
    """The report when it passes every check of the full path (`_full`) — else None, and the full path says
    what is wrong. The same checks at a third of the cost, without Python dicts in between: the size; UTF-8;
    no integer longer than the limits allow (no run of that many digits after what may precede a JSON
    number — a stricter test, as a string such as " 2026…" matches too and goes the full way; a hash's
    digits follow a letter or digit); the nesting (an accepted report nests no deeper
    than its model, document.nesting(); scanned only when the limits are lower than that); the format and
    the model, validated by pydantic-core from the bytes (its parser is recursion-guarded)."""
    if len(raw) > lim.json_bytes or _long_number(raw, lim.number_digits + 1):
        return None
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if lim.json_depth < nesting() and limits.json_depth(raw) > lim.json_depth:
        return None
    try:
        return ConformanceReport.model_validate_json(raw)
    except ValidationError:
        return None


def _full(name: str, raw: bytes) -> ConformanceReport:
    """The report through the located checks: the cut character, JSON within core/limits.py (size, nesting,
    integer length), the format, the model — the first that fails is raised naming the file."""
    cut = _truncated(name, raw)
    if cut is not None:
        raise StdkitError([cut])
    data = limits.load_json(raw, name)
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise StdkitError([_foreign(name)])
    try:
        return ConformanceReport.model_validate(data)
    except ValidationError as err:
        raise StdkitError([_invalid(name, data, err)]) from None


def parse(path: Path, raw: bytes, lim: limits.Limits | None = None) -> ConformanceReport:
    """One report from its bytes, or a located refusal naming the file: JSON within core/limits.py (size,
    nesting, integer length), the report format, each requirement once."""
    name = str(path)
    doc = _fast(raw, lim or limits.current())
    if doc is None:
        doc = _full(name, raw)
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
    lim = limits.current()
    for path in paths:
        try:
            raw = limits.read_file(path, str(path), lim.json_bytes)
            doc = parse(path, raw, lim)
        except StdkitError as err:
            refused.extend(err.problems)
            continue
        docs.append((path, hashlib.sha256(raw).hexdigest(), doc))
    return docs, refused


def one_per_round(admitted: list[Admitted]) -> tuple[list[Admitted], list[Problem], list[str]]:
    """Byte-identical copies counted once; two different reports of one county in one round both refused,
    each naming the other (which one the county meant is for it to say)."""
    seen: dict[str, Admitted] = {}
    dupes: list[str] = []
    by_slot: dict[tuple[str, str], list[Admitted]] = {}
    for a in sorted(admitted, key=lambda a: a.source):
        if a.sha256 in seen:
            dupes.append(a.source)
            continue
        seen[a.sha256] = a
        by_slot.setdefault((a.county.code, a.period.name), []).append(a)
    keep, refused = [], []
    for (code, period), group in by_slot.items():
        if len(group) == 1:
            keep.append(group[0])
            continue
        files = "、".join(a.source for a in group)
        refused += [
            _problem(
                a.source,
                1,
                "county.division_code",
                "report-duplicate-code",
                f"区划代码 {code}（{a.county.name}）在轮次“{period}”中有 {len(group)} 份不同的报告：{files}；都不汇总。",
                "请县里确认哪一份是本轮的报告，只提交那一份。",
            )
            for a in group
        ]
    return keep, refused, dupes


def collect(
    inputs: list[str], standards: list[Path] | None = None, keys: Path | None = None,
    rounds: Path | None = None, reviews: Path | None = None, all_provinces: bool = False,
) -> Collection:  # fmt: skip
    """Read, validate and admit every report (toolkit/province/admit.py): each against the editions
    accepted (`standards`, by default the toolkit's own), the official division list, its own results,
    the key registry and the collection rounds. Every refusal names its file; the rest are collected.
    `all_provinces`: counties of any province are admitted (a national view; the 2,800-county benchmark)."""
    editions = load_editions(standards, all_provinces)
    plan = load_plan(rounds)
    keyring = load_keyring(keys)
    docs, refused = read(expand(inputs))
    admitted = []
    for path, sha, doc in docs:
        a = admit(str(path), sha, doc, editions, keyring, plan)
        if isinstance(a, Problem):
            refused.append(a)
        else:
            admitted.append(a)
    keep, more, duplicates = one_per_round(admitted)
    order = {p.name: i for i, p in enumerate(plan.periods)}
    by_county: dict[str, list[Round]] = {}
    for a in sorted(keep, key=lambda a: (a.county.code, order[a.period.name], a.doc.generated, a.source)):
        mine = by_county.setdefault(a.county.code, [])
        mine.append(Round(len(mine) + 1, a.source, a.sha256, a.doc, a))
    used = {r.admitted.edition.fingerprint for rs in by_county.values() for r in rs}
    label = "；".join(e.label for fp, e in editions.items() if fp in used) or "；".join(
        e.label for e in editions.values()
    )
    prefixes = {e.province_prefix for e in editions.values()} - {""}
    return Collection(
        label, by_county, refused + more, [], duplicates, editions, plan, load_reviews(reviews),
        prefixes.pop() if len(prefixes) == 1 else "",
    )  # fmt: skip

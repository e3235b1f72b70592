"""`stdkit lint`: GB/T 1.1—2020 drafting rules checked on the standard's sources, located by file:line.

Rules: modal verbs (应/宜/可) in notes, examples or 资料性 annexes; a hyphen or en dash in a standard
number; missing or altered fixed wordings; a single sub-clause at a level; titled and untitled sub-clauses
mixed; more than five levels; lists deeper than two levels; a law or policy document cited normatively;
"应符合国家有关法律法规"; a provision without an id; terms defined in a circle; a normative annex
without a 应 provision; county data in a provision (a data expression, or a number equal to a count
of the county's data); "应符合" a 指南-type standard; words about the tooling in the 编制说明; and
(lint_provisions) a binding to a missing provision, a 应 provision without one, 不得 beside 不应, a space
before closing punctuation, an undefined concept in a provision.
Structural errors of the sources (unknown reference, duplicate term, annex without its kind, bad
metadata) are reported too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import yaml

from ..core.errors import Problem, StdkitError
from ..core.folder import Folder, as_folder
from . import lint_provisions, verification
from .evidence import check_evidence
from .generic import data_counts, normative_texts, quoted_numbers
from .load import load_standard, project_or_none
from .markup import HEADING, ID_AT_END, LIST, REF, problem
from .modal import level_of, modal_hits
from .source import source_files

FIXED = {
    "gbt11": "本文件按照GB/T 1.1—2020《标准化工作导则　第1部分：标准化文件的结构和起草规则》的规定起草。",
    "patent": "请注意本文件的某些内容可能涉及专利。本文件的发布机构不承担识别专利的责任。",
    "normrefs": "下列文件中的内容通过文中的规范性引用而构成本文件必不可少的条款。其中，注日期的引用文件，仅该日期对应的版本适用于本文件；不注日期的引用文件，其最新版本（包括所有的修改单）适用于本文件。",
    "terms": "下列术语和定义适用于本文件。",
}
NO_NORMREFS = "本文件没有规范性引用文件。"
NO_TERMS = "本文件没有需要界定的术语和定义。"
# (where, key of the fixed sentence, a fragment that shows an attempt at it, name)
FIXED_RULES = (
    ("foreword", "gbt11", "GB/T 1.1", "GB/T 1.1—2020 起草依据"),
    ("foreword", "patent", "专利", "专利说明"),
    ("normrefs", "normrefs", "规范性引用", "规范性引用文件引导语"),
    ("terms", "terms", "术语和定义", "术语和定义引导语"),
)
DASH_NUMBER = re.compile(
    r"(GB/T|GB/Z|GB|DB\d{2}/T|DB\d{2}|ISO|IEC)\s*[0-9X][0-9X.]*\s*[-–‐‑－]\s*(\d{4}|XXXX)"
)
STD_NUMBER = re.compile(r"^(GB/T|GB/Z|GB|DB\d{2}/T|DB\d{2}|ISO|IEC|JJF|[A-Z]{2}/T)\s*[0-9]")
LAW_TITLE = re.compile(r"《[^》]*(法|条例|办法|规定|意见|通知|方案|决定|细则|规则)》")
LAW_CITED = re.compile(r"(应|宜|可)[^。；]*?(符合|按照|执行|遵守|依照|满足)[^。；]*?" + LAW_TITLE.pattern)
GENERIC_LAWS = re.compile(
    r"(应当?|宜)(符合|遵守|执行|遵循|满足)(国家|国家和地方|国家及地方)?(有关|相关|现行)?的?法律[、和及]?法规"
)
JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")
LEADING_TAGS = re.compile(r"^(?:\{%.*?%\})+")
JINJA_COMMENT = re.compile(r"\{!--.*?--\}", re.DOTALL)
# a 编制说明 speaks of the standard and its evidence, never of the software that produced it
TOOLKIT_WORDS = (
    "工具包",
    "stdkit",
    "由数据生成",
    "数据生成",
    "自动生成",
    "程序生成",
    "YAML",
    "JSON",
    "Python",
    "jinja",
    "脚本",
    "模板",
    "源文件",
)
GUIDE_CITED = re.compile(r"(应|宜)(符合|按照|执行|满足|遵循)\s*((?:GB/T|GB/Z|GB|DB\d{2}/T)\s*[0-9][0-9.]*)")


def _front(lines: list[str]) -> tuple[dict, int]:
    if lines and lines[0].strip() == "---":
        for end in range(1, len(lines)):
            if lines[end].strip() == "---":
                try:
                    data = yaml.safe_load("\n".join(lines[1:end])) or {}
                except yaml.YAMLError:
                    data = {}
                return (data if isinstance(data, dict) else {}), end + 1
    return {}, 0


def _structure(rel: str, lines: list[str], start: int, out: list[Problem]) -> None:
    """Heading levels: at most five; no single sub-clause; no titled/untitled mix among siblings."""
    # children[parent_index] -> list of (line, titled); parent -1 is the chapter itself
    stack: list[tuple[int, int]] = [(1, -1)]  # (depth, heading index)
    children: dict[int, list[tuple[int, bool]]] = {}
    for n in range(start, len(lines)):
        text = lines[n]
        if not text.startswith("##"):
            continue
        m = HEADING.match(text)
        if not m:
            continue
        depth = len(m.group(1))
        title = m.group(2).strip()
        if depth > 5:
            out.append(
                problem(
                    rel,
                    n + 1,
                    "std-depth",
                    f"条的层次超过五层（这是第{depth}层）。",
                    "GB/T 1.1—2020 规定条最多分到第五层；请合并或改用列项。",
                )
            )
        while stack[-1][0] >= depth:
            stack.pop()
        children.setdefault(stack[-1][1], []).append((n + 1, bool(title)))
        stack.append((depth, n))
    for kids in children.values():
        if len(kids) == 1:
            out.append(
                problem(
                    rel,
                    kids[0][0],
                    "std-single-subclause",
                    "同一层次只有一个条：只有两个或两个以上的条时才应细分。",
                    "删去这一层条标题，或再增加一个同层的条。",
                )
            )
        titled = {t for _, t in kids}
        if len(titled) == 2:
            line = next(ln for ln, t in kids if not t)
            out.append(
                problem(
                    rel,
                    line,
                    "std-mixed-titles",
                    "同一层次的条有的有标题、有的无标题。",
                    "同一层次的条应全部有标题或全部无标题。",
                )
            )


@dataclass(frozen=True)
class _File:
    """One source file as the line rules see it: its lines, where its text starts, what part it is."""

    rel: str
    lines: list[str]
    start: int
    kind: str  # foreword | chapter | annex | bibliography
    role: str  # a chapter's role
    informative: bool  # a 资料性 annex

    @property
    def technical(self) -> bool:
        """Chapters of requirements (总体要求 and the body) and normative annexes."""
        return (self.kind == "chapter" and self.role in ("general", "body")) or (
            self.kind == "annex" and not self.informative
        )


class _Line(NamedTuple):
    n: int  # 1-based
    text: str  # without data expressions
    body: str  # stripped, without a trailing {#id}
    quote: bool  # a note or example line
    entry: re.Match | None  # a list entry


def lint_file(rel: str, raw: str, out: list[Problem]) -> None:
    """Every rule on one source file: structure, each line (LINE_RULES), terms, provisions, fixed wordings."""
    lines = raw.splitlines()
    fm, start = _front(lines)
    kind = fm.get("kind", "chapter")
    role = fm.get("role", "body") if kind == "chapter" else ""
    f = _File(rel, lines, start, kind, role, kind == "annex" and str(fm.get("annex", "")) == "资料性")
    _structure(rel, lines, start, out)
    out.extend(lint_provisions.spaces(rel, lines, start))
    for n in range(start, len(lines)):
        text = JINJA.sub("", lines[n])
        stripped = text.strip()
        line = _Line(n + 1, text, ID_AT_END.sub("", stripped), stripped.startswith(">"), LIST.match(text))
        for rule in LINE_RULES:
            out.extend(rule(f, line))
    if kind == "chapter" and role == "terms":
        _terms(rel, lines, start, out)
    if f.technical:
        _provisions(rel, lines, start, kind, out)
        _unidentified(f, out)
    if kind == "foreword" or (kind == "chapter" and role in ("normrefs", "terms")):
        _fixed_wordings(f, "foreword" if kind == "foreword" else role, out)


def _dash_numbers(f: _File, line: _Line) -> Iterator[Problem]:
    for m in DASH_NUMBER.finditer(line.text):
        yield problem(
            f.rel,
            line.n,
            "std-number-dash",
            f"标准编号“{m.group()}”的年份前用了连字符或短横线。",
            "顺序号与年份之间应使用一字线“—”（U+2014），如 GB/T 1.1—2020。",
        )


def _modal_informative(f: _File, line: _Line) -> Iterator[Problem]:
    """No 应/宜/可 in a note, an example or a 资料性 annex (the first one of a line)."""
    if f.kind not in ("chapter", "annex") or not (line.quote or f.informative) or not line.body:
        return
    if line.quote:
        what = "示例" if line.body.lstrip("> ").startswith("示例") else "注"
    else:
        what = "资料性附录"
    for _, verb in modal_hits(line.body)[:1]:
        yield problem(
            f.rel,
            line.n,
            "std-modal-informative",
            f"{what}中出现了助动词“{verb}”。",
            "注、示例和资料性附录只能给出附加信息，不应包含要求（应）、推荐（宜）或允许（可）；请改写为陈述。",
        )


def _list_depth(f: _File, line: _Line) -> Iterator[Problem]:
    if line.entry and len(line.entry.group(1)) >= 4:
        yield problem(
            f.rel,
            line.n,
            "std-list-depth",
            "列项超过两层。",
            "GB/T 1.1—2020 规定列项最多两层；请拆分为条或合并。",
        )


def _generic_laws(f: _File, line: _Line) -> Iterator[Problem]:
    if generic := GENERIC_LAWS.search(line.body):
        yield problem(
            f.rel,
            line.n,
            "std-generic-laws",
            f"出现“{generic.group()}”这类泛泛要求。",
            "标准不写“应符合国家有关法律法规”：遵守法律是当然要求，请删去或写出具体的技术要求。",
        )


def _law_normative(f: _File, line: _Line) -> Iterator[Problem]:
    """A law or policy document listed among the 规范性引用文件, or cited normatively by a provision."""
    if f.kind == "chapter" and f.role == "normrefs" and line.entry:
        item = line.entry.group(2).strip()
        if not STD_NUMBER.match(item) or LAW_TITLE.search(item):
            yield problem(
                f.rel,
                line.n,
                "std-law-normative",
                f"规范性引用文件中列入了非标准文件“{item}”。",
                "法律法规和政策文件不作规范性引用，可列入参考文献。",
            )
    elif (
        f.kind in ("chapter", "annex")
        and not line.quote
        and not f.informative
        and (cited := LAW_CITED.search(line.body))
        and (law := LAW_TITLE.search(cited.group()))
    ):
        yield problem(
            f.rel,
            line.n,
            "std-law-normative",
            f"条款规范性引用了法律或政策文件（{law.group()}）。",
            "标准不规范性引用法律法规和政策文件；请写出具体要求，把文件列入参考文献。",
        )


# Rules checked on every line of a file's text, in this order.
LINE_RULES = (_dash_numbers, _modal_informative, _list_depth, _generic_laws, _law_normative)


def _unidentified(f: _File, out: list[Problem]) -> None:
    """A provision (a paragraph with 应/宜/可) without an id, in a technical chapter or normative annex."""
    lines = f.lines
    para: list[tuple[int, str]] = []
    for n in range(f.start, len(lines) + 1):
        text = lines[n] if n < len(lines) else ""
        st = text.strip()
        if st and not st.startswith(("#", ">", "!", "|", "- ")) and not LIST.match(text):
            para.append((n + 1, st))
            continue
        if para:
            joined = "".join(t for _, t in para)
            if modal_hits(JINJA.sub("", joined)) and "{#" not in joined:  # bad {#…}: markup.scan
                out.append(
                    problem(
                        f.rel,
                        para[0][0],
                        "std-requirement-id",
                        "条款含“应/宜/可”但没有编号 {#编号}。",
                        "在段末写 {#英文短编号}（如 {#county-hall-layout}），符合性检查用它对应到检查项。",
                    )
                )
            para = []


def _fixed_wordings(f: _File, where: str, out: list[Problem]) -> None:
    """The fixed sentences of the 前言, 规范性引用文件 and 术语和定义 (or their accepted alternatives): missing,
    or altered (located at the line that attempts it)."""
    by_line = {ln: JINJA.sub("", t).strip() for ln, t in enumerate(f.lines[f.start :], f.start + 1)}
    for w, key, fragment, name in FIXED_RULES:
        if w != where:
            continue
        sentence = FIXED[key]
        if any(sentence in t for t in by_line.values()):
            continue
        if (key == "normrefs" and any(NO_NORMREFS in t for t in by_line.values())) or (
            key == "terms"
            and any(
                NO_TERMS in t or t.endswith("界定的以及下列术语和定义适用于本文件。")
                for t in by_line.values()
            )
        ):
            continue
        near = next((ln for ln, t in by_line.items() if fragment in t and not t.startswith("#")), None)
        if near:
            out.append(
                problem(f.rel, near, "std-fixed-wording", f"{name}的固定表述被改动。", f"应为：{sentence}")
            )
        else:
            out.append(
                problem(
                    f.rel,
                    f.start + 1 if f.start else 1,
                    "std-fixed-wording",
                    f"缺少{name}的固定表述。",
                    f"应写：{sentence}",
                )
            )


def _terms(rel: str, lines: list[str], start: int, out: list[Problem]) -> None:
    """Terms defined in a circle: A's definition uses B (by name or [[ref:]]) and B's uses A."""
    terms: list[tuple[str, str, int, str]] = []  # (id, title, line, definition)
    for n in range(start, len(lines)):
        m = HEADING.match(lines[n])
        if m and lines[n].startswith("##"):
            title = m.group(2).split("|", 1)[0].strip()
            terms.append((m.group(3) or "", title, n + 1, ""))
        elif terms and lines[n].strip() and not lines[n].lstrip().startswith(">"):
            tid, title, line, text = terms[-1]
            terms[-1] = (tid, title, line, text + lines[n].strip())
    uses: dict[str, set[str]] = {}
    for tid, title, _, text in terms:
        refs = set(REF.findall(text))
        uses[title] = {
            t for i, t, _, _ in terms if t != title and (t in REF.sub("", text) or (i and i in refs))
        }
    reported: set[frozenset[str]] = set()
    for _, title, line, _ in terms:
        for other in sorted(uses[title]):
            pair = frozenset((title, other))
            if title in uses.get(other, set()) and pair not in reported:
                reported.add(pair)
                out.append(
                    problem(
                        rel,
                        line,
                        "std-term-circular",
                        f"术语“{title}”和“{other}”相互定义（循环定义）。",
                        "改写其中一个定义，使它不依赖另一个术语，只用通用词语界定。",
                    )
                )


def _provisions(rel: str, lines: list[str], start: int, kind: str, out: list[Problem]) -> None:
    """Normative chapters and annexes: no county data in a provision, and an annex has a 应 provision."""
    shall = False
    for n in range(start, len(lines)):
        st = LEADING_TAGS.sub("", lines[n].strip())  # `{% if x %}> 示例：…` is an example
        if not st or st.startswith((">", "#")):
            continue
        if st.startswith("!table") and "gen=" in st and f"gen={verification.TABLE}" not in st:
            out.append(
                problem(
                    rel,
                    n + 1,
                    "std-county-data",
                    "规范性的章或附录中的表由县数据生成：规范性内容只规定要素和规则，不列某一个县的数据。",
                    "把数据表移到资料性附录（示例），在规范性内容中写出清单应有的要素。",
                )
            )
        elif JINJA.search(st) and not st.startswith("!"):
            out.append(
                problem(
                    rel,
                    n + 1,
                    "std-county-data",
                    "条款中引用了县数据（{{ … }}）：条款适用于每个县，不写某一个县的数。",
                    "把数据写进“> 示例：”或资料性附录；条款写规则（最少数量、范围、时限、频次）。",
                )
            )
        shall = shall or level_of(JINJA.sub("", st)) == "应"
    if kind == "annex" and not shall:
        out.append(
            problem(
                rel,
                1,
                "std-annex-no-requirement",
                "规范性附录中没有一条“应”类要求。",
                "规范性附录是标准的要求；没有要求的内容应标为资料性附录（annex: 资料性）。",
            )
        )


def _guides(texts: dict[str, list[str]], out: list[Problem]) -> None:
    """ "应符合" a 指南-type standard (its title in 规范性引用文件 says 指南): a guide sets no requirements."""
    titles: dict[str, str] = {}
    for lines in texts.values():
        fm, start = _front(lines)
        if fm.get("role") == "normrefs":
            for line in lines[start:]:
                if (li := LIST.match(line)) and "　" in li.group(2):
                    number, title = li.group(2).strip().split("　", 1)
                    titles[re.sub(r"\s+", " ", number.split("—")[0])] = title
    for path, lines in texts.items():
        fm, start = _front(lines)
        if fm.get("kind", "chapter") not in ("chapter", "annex") or fm.get("annex") == "资料性":
            continue
        for n in range(start, len(lines)):
            if lines[n].lstrip().startswith(">"):
                continue
            for m in GUIDE_CITED.finditer(lines[n]):
                number = re.sub(r"\s+", " ", m.group(3)).rstrip(".")
                if "指南" in titles.get(number, ""):
                    out.append(
                        problem(
                            path,
                            n + 1,
                            "std-guide-normative",
                            f"要求“{m.group(1)}{m.group(2)}”指南类标准{number}（{titles[number]}）。",
                            "指南只给出指导，不能作为符合性要求：引用规范类标准，或写成“可参照”并列入参考文献。",
                        )
                    )


def _explanation(folder: Folder, out: list[Problem]) -> None:
    """The 编制说明 speaks of the standard and its evidence, never of the tooling."""
    if not folder.has("standard/explanation.md"):
        return
    try:
        raw = folder.text("standard/explanation.md")
    except StdkitError as exc:
        out.extend(exc.problems)
        return
    text = JINJA_COMMENT.sub(lambda m: "\n" * m.group().count("\n"), raw)
    for n, line in enumerate(text.splitlines(), 1):
        plain = JINJA.sub("", line).lower()
        for word in TOOLKIT_WORDS:
            if word.lower() in plain:
                out.append(
                    problem(
                        "standard/explanation.md",
                        n,
                        "std-explanation-tooling",
                        f"编制说明中出现了“{word}”。",
                        "编制说明只说明标准及其依据（数据、试验、文件），不提生成它的软件或工具。",
                    )
                )


def _county_counts(folder: Folder, out: list[Problem], project) -> bool:
    """A number in normative text equal to a count of the county's data. True when the standard parsed
    with the data (then the lenient structural parse has nothing to add)."""
    if project is None:
        return False
    try:
        std = load_standard(folder, project)
    except StdkitError:
        return False  # reported by the structural pass
    counts = data_counts(project)
    for file, line, text in normative_texts(std):
        for number in quoted_numbers(text):
            if number in counts:
                out.append(
                    problem(
                        file,
                        line,
                        "std-county-count",
                        f"规范性文字中的数“{number}”等于本县数据中的一个统计数。",
                        "条款写规则（最少数量、范围、时限、频次），县的统计数写进“> 示例：”或资料性附录。",
                    )
                )
    return True


def lint(source: Folder | Path, project=None) -> list[Problem]:
    """Every problem in <folder>/standard (empty list: the sources follow the rules that are checked). Data
    names in {{ … }} are checked against `project`, or the folder's own data when it loads."""
    folder = as_folder(source)
    out: list[Problem] = []
    try:
        files = source_files(folder)
        texts = {rel: folder.text(rel) for rel in files}
    except StdkitError as exc:  # a link out of the folder, a FIFO, a bad encoding: located problems
        return exc.problems
    if not files:
        return [problem("standard/", 1, "std-missing", "standard/ 文件夹中没有标准文本源文件（*.md）。")]
    for rel in files:
        lint_file(rel, texts[rel], out)
    if project is None and folder.is_dir("items"):
        project = project_or_none(folder)
    _guides({rel: text.splitlines() for rel, text in texts.items()}, out)
    _explanation(folder, out)
    out.extend(check_evidence(folder))
    parsed = _county_counts(folder, out, project)
    _whole(folder, project, out)
    if folder.path("standard/metadata.yaml").is_file():
        try:
            meta_text = folder.text("standard/metadata.yaml")
        except StdkitError as exc:
            return out + exc.problems
        _number_dashes(meta_text, out)
    if not parsed:  # the standard did not parse with the data: say where its structure is wrong
        _lenient_parse(folder, project, out)
    return sorted(set(out))


def _whole(folder: Folder, project, out: list[Problem]) -> None:
    """The rules over all provisions at once (lint_provisions), on whichever parse succeeds."""
    try:
        std = load_standard(folder, project) if project is not None else None
    except StdkitError:
        std = None
    if std is None:
        try:
            std = load_standard(folder, project, strict=False, generate=False)
        except StdkitError:
            return  # the structural problems are reported by the lenient parse
    out.extend(lint_provisions.bindings(folder, std.requirements))
    out.extend(lint_provisions.negatives(std))
    out.extend(lint_provisions.undefined(std))


def _number_dashes(meta_text: str, out: list[Problem]) -> None:
    for n, line in enumerate(meta_text.splitlines(), 1):
        for m in DASH_NUMBER.finditer(line):
            out.append(
                problem(
                    "standard/metadata.yaml",
                    n,
                    "std-number-dash",
                    f"标准编号“{m.group()}”的年份前用了连字符或短横线。",
                    "顺序号与年份之间应使用一字线“—”（U+2014）。",
                )
            )


def _lenient_parse(folder: Folder, project, out: list[Problem]) -> None:
    """The lenient parse (no data names, nothing generated): the problems of the text's structure."""
    try:
        load_standard(folder, project, strict=False, generate=False)
    except StdkitError as err:
        seen = {(p.file, p.line, p.code) for p in out}
        out.extend(
            p
            for p in err.problems
            if (p.file, p.line, p.code) not in seen
            and not (
                p.code == "std-metadata"
                and p.path == "number"
                and any(q.code == "std-number-dash" for q in out)
            )
        )

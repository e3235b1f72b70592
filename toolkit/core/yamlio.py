"""Safe YAML reading with positions: every value keeps its file line and column.

Rejects what PyYAML would silently accept or choke on: duplicate keys, tabs in indentation,
non-UTF-8 files (GBK is named), BOMs, custom tags (!!python/object), aliases (no "billion
laughs"), absurd nesting and oversized files. Uses libyaml (CSafeLoader) for speed.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from .errors import Problem, StdkitError, format_path
from .safefs import read_bytes as safe_read

_Loader: type[yaml.CSafeLoader | yaml.SafeLoader]
try:
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml is part of the PyYAML wheels
    _Loader = yaml.SafeLoader

MAX_BYTES = 2 * 1024 * 1024  # per data file (Jianshi's largest is 50 KB); see toolkit.core.safefs
MAX_DEPTH = 64
_STD_TAG = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {_STD_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")}
Positions = dict[tuple, tuple[int, int]]

_SYNTAX_ZH = [
    ("could not find expected ':'", "缺少冒号“:”（键和值之间要有“: ”）"),
    ("mapping values are not allowed", "此处不能出现“键: 值”（检查缩进或在值两侧加引号）"),
    ("did not find expected key", "缩进不一致，找不到预期的键"),
    ("did not find expected '-' indicator", "列表项缩进不一致，缺少“- ”"),
    ("found character that cannot start any token", "出现了不能作为开头的字符（常见原因：制表符或特殊符号）"),
    ("found undefined alias", "使用了未定义的别名“*”"),
    ("found unexpected end of stream", "文件意外结束（引号或括号未闭合）"),
    ("found unexpected ':'", "出现了多余的冒号"),
    ("did not find expected node content", "缺少值"),
    ("expected a single document", "文件中只能有一个YAML文档（不要使用“---”分隔多个文档）"),
    ("while scanning a quoted scalar", "引号未闭合"),
    ("found unknown escape character", "双引号字符串中有无效的转义字符“\\”"),
    ("control characters are not allowed", "文件中有不允许的控制字符"),
    ("expected <document start>", "文档结构错误"),
    ("while parsing a flow", "方括号或花括号未正确闭合"),
    ("block sequence entries are not allowed", "此处不能出现列表项“- ”（检查缩进）"),
]


def _problem(
    rel: str, line: int, col: int, code: str, message: str, hint: str = "", path: str = ""
) -> Problem:
    return Problem(file=rel, line=line, column=col, path=path, code=code, message=message, hint=hint)


def _looks_utf16(raw: bytes) -> bool:
    """UTF-16 without a BOM: ASCII text leaves a NUL in every other byte."""
    head = raw[:4096]
    if len(head) < 4:
        return False
    even, odd = head[0::2].count(0), head[1::2].count(0)
    return max(even, odd) >= len(head) // 4 and min(even, odd) <= len(head) // 64


_SAVE_AS_UTF8 = "请在编辑器中“另存为”，编码选择“UTF-8”（不带BOM）。"


def _encoding_fault(raw: bytes) -> tuple[int, str, str, str] | None:
    """(line, code, message, hint) when the bytes are not text that may be UTF-8: empty, UTF-16, a BOM,
    NUL bytes."""
    if not raw.strip():
        return 1, "yaml-empty", "文件为空。", "每个数据文件至少要有一个顶层字段；不需要的文件请删除。"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return 1, "encoding-utf16", "文件是UTF-16编码，应为UTF-8。", _SAVE_AS_UTF8
    if raw.startswith(b"\xef\xbb\xbf"):
        return (
            1,
            "encoding-bom",
            "文件开头有BOM（字节顺序标记），应为不带BOM的UTF-8。",
            "请在编辑器中“另存为”，编码选择“UTF-8”（不要选“UTF-8 with BOM”）。",
        )
    if b"\x00" in raw and _looks_utf16(raw):
        return 1, "encoding-utf16", "文件是UTF-16编码（无BOM），应为UTF-8。", _SAVE_AS_UTF8
    if b"\x00" in raw:
        return (
            raw[: raw.index(b"\x00")].count(b"\n") + 1,
            "encoding-binary",
            "文件包含空字节，不是文本文件。",
            "请确认这是YAML文本文件，而不是Excel、Word或其他二进制文件。",
        )
    return None


def _not_utf8(raw: bytes, exc: UnicodeDecodeError, rel: str) -> Problem:
    """Where UTF-8 decoding failed, and whether the file looks like GBK (Windows' Chinese default)."""
    line = raw[: exc.start].count(b"\n") + 1
    col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
    try:
        raw.decode("gbk")
        msg, hint = (
            "文件不是UTF-8编码，看起来是GBK（Windows中文系统默认）编码。",
            "请在编辑器中“另存为”，编码选择“UTF-8”。",
        )
    except UnicodeDecodeError:
        msg, hint = "文件不是UTF-8编码。", "请确认是文本文件，并以UTF-8编码保存。"
    return _problem(rel, line, col, "encoding", msg, hint)


def decode(raw: bytes, rel: str) -> str:
    """Bytes of a source file -> text, or a located Chinese problem about its encoding."""
    fault = _encoding_fault(raw)
    if fault is not None:
        line, code, msg, hint = fault
        raise StdkitError([_problem(rel, line, 1, code, msg, hint)])
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise StdkitError([_not_utf8(raw, exc, rel)]) from None


_DEEP_INDENT = re.compile(rf"^[ \t]{{{2 * MAX_DEPTH + 1}}}", re.MULTILINE)


def _pre_scan(text: str, rel: str) -> list[Problem]:
    """Tabs in indentation and absurd nesting, found before libyaml sees the text (C-speed searches first)."""
    problems: list[Problem] = []
    if "\t" in text or _DEEP_INDENT.search(text):
        for no, line in enumerate(text.split("\n"), 1):
            indent = line[: len(line) - len(line.lstrip(" \t"))]
            if "\t" in indent and line.strip():
                problems.append(
                    _problem(
                        rel,
                        no,
                        indent.index("\t") + 1,
                        "yaml-tab",
                        "缩进中使用了制表符（Tab）。",
                        "YAML只允许用空格缩进；请把制表符替换为空格（建议每级2个空格）。",
                    )
                )
                if len(problems) >= 5:
                    break
            elif len(indent) > 2 * MAX_DEPTH:
                problems.append(
                    _problem(
                        rel,
                        no,
                        1,
                        "yaml-nesting",
                        f"嵌套层级过深（缩进超过{2 * MAX_DEPTH}个空格）。",
                        "数据文件不需要这么深的嵌套，请检查缩进。",
                    )
                )
                break
    if problems or text.count("[") + text.count("{") <= MAX_DEPTH:
        return problems
    depth = 0
    for idx, ch in enumerate(text):
        if ch in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                line_no = text.count("\n", 0, idx) + 1
                return [
                    _problem(
                        rel,
                        line_no,
                        idx - text.rfind("\n", 0, idx),
                        "yaml-nesting",
                        f"括号嵌套层级过深（超过{MAX_DEPTH}层）。",
                        "数据文件不需要这么深的嵌套，请检查括号。",
                    )
                ]
        elif ch in "]}":
            depth = max(0, depth - 1)
    return []


def _syntax_problem(exc: yaml.YAMLError, rel: str, text: str = "") -> Problem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    context = getattr(exc, "context", None) or ""
    context_mark = getattr(exc, "context_mark", None)
    if ("quoted scalar" in context or "flow" in context) and context_mark:
        mark = (
            context_mark  # an unclosed quote or bracket: point at where it opens, not at the end of the file
        )
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    position = getattr(exc, "position", None)  # ReaderError (control characters) has no mark
    if mark is None and isinstance(position, int) and text:
        head = text.encode("utf-8")[:position]  # libyaml counts bytes
        line, col = head.count(b"\n") + 1, len(head[head.rfind(b"\n") + 1 :].decode("utf-8", "ignore")) + 1
    raw = " ".join(filter(None, [getattr(exc, "context", None), getattr(exc, "problem", None)])) or str(exc)
    if "maximum nesting depth" in raw:  # libyaml's own limit (1000 levels of block nesting)
        return _problem(
            rel, line, col, "yaml-nesting", "嵌套层级过深。", "数据文件不需要这么深的嵌套，请检查缩进。"
        )
    zh = next((z for en, z in _SYNTAX_ZH if en in raw), None)
    msg = f"YAML语法错误：{zh}。" if zh else f"YAML语法错误（{raw}）。"
    return _problem(rel, line, col, "yaml-syntax", msg, "检查该行及上一行的缩进、冒号和引号。")


class _Builder:
    """Walks the composed node tree once: checks keys, tags and aliases, builds Python values."""

    def __init__(self, loader: Any, rel: str):
        self.loader = loader
        self.rel = rel
        self.positions: Positions = {}
        self.problems: list[Problem] = []
        self.seen: set[int] = set()

    def build(self, node: yaml.Node, path: tuple, depth: int = 0) -> Any:
        if id(node) in self.seen:
            self._add(node, path, "yaml-alias", "不支持YAML锚点和别名（&、*）。", "请直接写出重复的内容。")
            return None
        self.seen.add(id(node))
        if depth > MAX_DEPTH:
            self._add(node, path, "yaml-nesting", f"嵌套层级过深（超过{MAX_DEPTH}层）。", "请检查缩进。")
            return None
        tag = node.tag or ""
        if tag not in _ALLOWED_TAGS:
            self._add(
                node,
                path,
                "yaml-tag",
                f"不允许的YAML标签“{tag}”。",
                "数据文件只能包含普通的文本、数字、列表和键值对；请删除“!”开头的标签。",
            )
            return None
        if isinstance(node, yaml.MappingNode):
            out: dict[str, Any] = {}
            key_nodes: dict[str, yaml.Node] = {}
            for knode, vnode in node.value:
                if knode.tag == _STD_TAG + "merge":
                    self._add(knode, path, "yaml-alias", "不支持YAML合并键（<<）。", "请直接写出字段。")
                    continue
                if not isinstance(knode, yaml.ScalarNode) or knode.tag not in _ALLOWED_TAGS:
                    self._add(knode, path, "yaml-key", "键必须是简单的文本。", "")
                    continue
                key = knode.value
                if key in key_nodes:
                    first = key_nodes[key].start_mark.line + 1
                    self._add(
                        knode,
                        path + (key,),
                        "yaml-duplicate-key",
                        f"键“{key}”重复出现（第一次在第{first}行）。",
                        "同一层级的键只能出现一次；请删除或合并重复的键。",
                    )
                    continue
                key_nodes[key] = knode
                self.positions[path + (key,)] = (knode.start_mark.line + 1, knode.start_mark.column + 1)
                out[key] = self.build(vnode, path + (key,), depth + 1)
            return out
        if isinstance(node, yaml.SequenceNode):
            items = []
            for i, child in enumerate(node.value):
                self.positions[path + (i,)] = (child.start_mark.line + 1, child.start_mark.column + 1)
                items.append(self.build(child, path + (i,), depth + 1))
            return items
        if tag == _STD_TAG + "str":
            return node.value
        try:
            return self.loader.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, OverflowError) as exc:  # e.g. 2020-13-45, a 5,000-digit number
            shown = node.value if len(node.value) <= 40 else node.value[:40] + "…"
            self._add(
                node,
                path,
                "yaml-value",
                f"无法解析的值“{shown}”（{getattr(exc, 'problem', exc)}）。",
                "日期请写成有效的 2026-01-01 形式；过长的数字请加引号作为文本。",
            )
            return None

    def _add(self, node: yaml.Node, path: tuple, code: str, msg: str, hint: str) -> None:

        self.problems.append(
            Problem(
                file=self.rel,
                line=node.start_mark.line + 1,
                column=node.start_mark.column + 1,
                path=format_path(path),
                code=code,
                message=msg,
                hint=hint,
            )
        )


def _loader_for(text: str, rel: str) -> Any:
    """A libyaml loader for text that passed the pre-scan (tabs, nesting)."""
    problems = _pre_scan(text, rel)
    if problems:
        raise StdkitError(problems)
    return _Loader(text)


def parse_text(text: str, rel: str) -> tuple[Any, Positions]:
    """Parse with every value's position; bad input raises StdkitError with located problems."""
    loader = _loader_for(text, rel)
    try:
        node = loader.get_single_node()
    except yaml.YAMLError as exc:
        raise StdkitError([_syntax_problem(exc, rel, text)]) from None
    except RecursionError:
        raise StdkitError(
            [_problem(rel, 1, 1, "yaml-nesting", "嵌套层级过深。", "请检查缩进和括号。")]
        ) from None
    finally:
        loader.dispose()
    if node is None:
        raise StdkitError([_problem(rel, 1, 1, "yaml-empty", "文件中没有数据（只有注释或空白）。", "")])
    builder = _Builder(loader, rel)
    builder.positions[()] = (node.start_mark.line + 1, node.start_mark.column + 1)
    data = builder.build(node, ())
    if builder.problems:
        raise StdkitError(builder.problems)
    return data, builder.positions


class _Unusual(Exception):
    """Something the quick path does not judge; the located path (parse_text) explains it."""


def _plain(loader: Any, node: yaml.Node, seen: set[int], depth: int) -> Any:
    """The same values as _Builder.build, without recording positions (the common, valid case)."""
    if depth > MAX_DEPTH or id(node) in seen or node.tag not in _ALLOWED_TAGS:
        raise _Unusual
    seen.add(id(node))
    cls = node.__class__
    if cls is yaml.MappingNode:
        out: dict[str, Any] = {}
        for knode, vnode in node.value:
            if knode.__class__ is not yaml.ScalarNode or knode.tag not in _ALLOWED_TAGS or knode.value in out:
                raise _Unusual
            out[knode.value] = _plain(loader, vnode, seen, depth + 1)
        return out
    if cls is yaml.SequenceNode:
        return [_plain(loader, child, seen, depth + 1) for child in node.value]
    if node.tag == _STR_TAG:
        return node.value
    try:
        return loader.construct_object(node, deep=True)
    except Exception:  # noqa: BLE001 -- any constructor failure: the located path parses and reports it
        raise _Unusual from None


_STR_TAG = _STD_TAG + "str"


def parse_quick(text: str, rel: str) -> tuple[Any, Positions | None]:
    """Parse without positions (None) when the file is ordinary; otherwise the located path's answer."""
    loader = _loader_for(text, rel)
    try:
        node = loader.get_single_node()
        if node is None:
            raise _Unusual
        return _plain(loader, node, set(), 0), None
    except (yaml.YAMLError, _Unusual, RecursionError, ValueError):
        pass
    finally:
        loader.dispose()
    return parse_text(text, rel)


def read_bytes(path: Path, rel: str) -> bytes:
    """A data file's bytes: a regular file within the size limit (toolkit.core.safefs)."""

    return safe_read(path, rel, MAX_BYTES)


def load_yaml(path: Path, rel: str) -> tuple[Any, Positions]:
    """Read one YAML file safely; raises StdkitError with located problems."""
    return parse_text(decode(read_bytes(path, rel), rel), rel)

"""The clause labels a comment may name (全文、前言、5、5.2.1、表1、附录A、A.1 …) and their stable ids."""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..standard.load import load_standard
from ..standard.model import Standard

# Pseudo-ids for places without an {#id}: "~" cannot start a real id (toolkit/standard/source.py ID_RE).
WHOLE, FOREWORD, BIBLIOGRAPHY = "~whole", "~foreword", "~bibliography"
_DOTTED = re.compile(r"^[A-Z0-9]+(?:\.[0-9]+)*$")


@dataclass(frozen=True)
class ClauseIndex:
    """Labels in document order, label -> id and id -> label for one draft."""

    labels: tuple[str, ...]
    ids: dict[str, str]  # label -> id
    by_id: dict[str, str]  # id -> label
    order: dict[str, int]  # id -> position in the document

    def label(self, ident: str) -> str | None:
        return self.by_id.get(ident)

    def resolve(self, raw: str) -> str | None:
        """The id of the clause a filled-in 章条编号 names, or None."""
        return self.ids.get(normalise(raw))

    def nearest(self, raw: str) -> str:
        """The real label closest to an unknown one (same chapter and depth first)."""
        text = normalise(raw)
        if _DOTTED.match(text):
            want = text.split(".")
            best, score = None, None
            for label in self.labels:
                if not _DOTTED.match(label):
                    continue
                have = label.split(".")
                common = 0
                while common < min(len(want), len(have)) and want[common] == have[common]:
                    common += 1
                gap = 0
                if common < min(len(want), len(have)) and want[common].isdigit() and have[common].isdigit():
                    gap = abs(int(want[common]) - int(have[common]))
                s = (common, len(have) == len(want), -gap)
                if score is None or s > score:
                    best, score = label, s
            if best is not None:
                return best
        found = difflib.get_close_matches(text, self.labels, n=1, cutoff=0)
        return found[0] if found else self.labels[0]


def normalise(raw: object) -> str:
    """ "第５．２条" -> "5.2", "第5章" -> "5", "附录 a" -> "附录A", "A" -> "附录A", "表 A.1" -> "表A.1"."""
    text = unicodedata.normalize("NFKC", "" if raw is None else str(raw))
    text = re.sub(r"\s+", "", text).replace("。", ".").replace("、", ".").strip(".")
    if isinstance(raw, float) and text.endswith(".0"):
        text = text[:-2]  # a spreadsheet turned "5" into 5.0
    m = re.fullmatch(r"第?(.+?)(?:章|条)?", text)
    if m and m.group(1):
        text = m.group(1)
    if re.fullmatch(r"附录[a-zA-Z]", text):
        return "附录" + text[-1].upper()
    if re.fullmatch(r"[a-zA-Z]", text):
        return "附录" + text.upper()
    if re.fullmatch(r"[a-zA-Z](?:\.[0-9]+)+", text):
        return text[0].upper() + text[1:]
    if re.fullmatch(r"表[a-zA-Z]\.[0-9]+", text):
        return "表" + text[1].upper() + text[2:]
    return {"全部": "全文", "总体": "全文", "整体": "全文", "通篇": "全文"}.get(text, text)


def index(std: Standard) -> ClauseIndex:
    pairs: list[tuple[str, str]] = [("全文", WHOLE)]
    for part in std.parts:
        if part.kind == "foreword":
            pairs.append(("前言", FOREWORD))
            continue
        if part.kind == "bibliography":
            pairs.append(("参考文献", BIBLIOGRAPHY))
            continue
        for clause in part.clause.walk():
            if clause.id is None:
                continue
            label = f"附录{part.letter}" if clause is part.clause and part.kind == "annex" else clause.number
            pairs.append((label, clause.id))
            for b in clause.blocks:
                if b.kind == "table" and b.id:
                    pairs.append((b.number, b.id))
    labels = tuple(label for label, _ in pairs)
    return ClauseIndex(
        labels,
        dict(pairs),
        {i: label for label, i in pairs},
        {i: n for n, (_, i) in enumerate(pairs)},
    )


def load_index(root: Path) -> ClauseIndex:
    """The clause index of the draft in root/standard (numbers do not depend on county data)."""
    return index(load_standard(Path(root), None, strict=False))

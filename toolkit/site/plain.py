"""Plain wording for citizens, from the glossary toolkit/assets/site/plain-words.yaml: how an item is
handled in a township or village, and how a material is handed in ("出示原件核验" for a certificate that is
only shown)."""

from __future__ import annotations

from functools import cache

import yaml

from ..core.models.bundle import BundleMaterial
from ..core.models.item import Material
from .mkdocs_config import ASSETS

GLOSSARY = ASSETS / "plain-words.yaml"
_HANDED_IN = ("书", "表", "证明", "协议", "合同", "复印")  # documents that are handed in, never only shown


@cache
def _glossary() -> dict:
    data = yaml.safe_load(GLOSSARY.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not all(k in data for k in ("township-modes", "village-modes")):
        raise ValueError(f"{GLOSSARY.name}: expected township-modes, village-modes and shown-originals")
    return data


def mode(level: str, code: str) -> str:
    """What a township/village handling mode means for the citizen (level: 'township' or 'village')."""
    return str(_glossary()[f"{level}-modes"].get(code, ""))


def staff_words(text: str) -> str:
    """`text` (a flow step's actor, a chart label) with the window's internal role names in plain words."""
    for old, new in _glossary().get("staff-words", []):
        text = text.replace(old, new)
    return text


def staff_only() -> tuple[str, ...]:
    """Words of the window's internal organisation that no citizen page shows."""
    return tuple(_glossary().get("staff-only", []))


def source(code: str) -> str:
    """Where a material comes from, in the citizen's words ("" for 申请人自备: nothing to say)."""
    if code == "申请人自备":
        return ""
    return str(_glossary().get("material-sources", {}).get(code, code))


def handing_in(m: Material | BundleMaterial) -> str:
    """How the material is handed in, in the citizen's words."""
    words = _glossary().get("shown-originals", [])
    shown = any(w in m.name for w in words) and not any(w in m.name for w in _HANDED_IN)
    if m.form == "原件" and shown:
        return "出示原件核验（当场退还）"
    if m.form == "原件":
        return f"原件 {m.copies} 份" if m.copies else "原件"
    if m.form == "复印件":
        return f"复印件 {m.copies} 份" if m.copies else "复印件"
    if m.form == "原件和复印件":
        return f"出示原件核验，交复印件 {m.copies} 份" if m.copies else "出示原件核验"
    if m.form == "电子证照":
        return "不用带：窗口从电子证照库调取"
    return m.form

"""Every committed JSON Schema (schemas/): one per kind of YAML file (toolkit/core/schemas.py) and the
conformance report's; written and checked for freshness."""

from __future__ import annotations

import json
from pathlib import Path

from ..conformance.document import SCHEMA_NAME
from ..conformance.document import schema as report_schema
from ..core.layout import DRAFTING_KINDS, KINDS, Kind
from ..core.models.attestation import AttestationsFile
from ..core.schemas import render
from ..drafting.rounds import FOLDER as DRAFTING_ROUNDS
from ..drafting.rounds import RoundRecord
from ..province.keyring import KeysFile
from ..province.reviews import ReviewsFile
from ..province.rounds import RoundsFile

# Files outside a county's items/: the county's attestations, the standard's drafting rounds, and the
# province's own data (its folder).
OTHER_KINDS = (
    Kind(
        "drafting-round",
        f"{DRAFTING_ROUNDS}/*.yaml",
        RoundRecord,
        "起草轮次记录（征求意见、专家审查）",
        many=True,
        required=False,
    ),
    Kind("attestations", "conformance/attestations.yaml", AttestationsFile, "县自行核查记录", required=False),
    Kind("keys", "keys.yaml", KeysFile, "各县公钥登记表（省）", required=False),
    Kind("rounds", "rounds.yaml", RoundsFile, "收集轮次（省）", required=False),
    Kind("reviews", "reviews.yaml", ReviewsFile, "自行核查审核（省）", required=False),
)


def rendered() -> dict[str, str]:
    """Every committed schema by file name: one per kind of YAML file, and the conformance report's."""
    out = {f"{k.name}.schema.json": render(k) for k in KINDS + DRAFTING_KINDS + OTHER_KINDS}
    out[SCHEMA_NAME] = json.dumps(report_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    return out


def write_all(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in rendered().items():
        path = folder / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def stale(folder: Path) -> list[str]:
    """Names of schema files that differ from what the models generate (or are missing / extra)."""
    out = []
    expected = rendered()
    for name, text in expected.items():
        path = folder / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            out.append(name)
    for path in folder.glob("*.schema.json"):
        if path.name not in expected:
            out.append(path.name)
    return sorted(out)

"""Reading a county's conformance/attestations.yaml (optional) through its folder: located problems,
one record per requirement."""

from __future__ import annotations

from .errors import Problem, StdkitError
from .folder import Folder
from .models.attestation import Attestation, AttestationsFile
from .validation import validate
from .yamlio import MAX_BYTES, decode, parse_text

ATTESTATIONS = "conformance/attestations.yaml"


def load_attestations(folder: Folder) -> dict[str, Attestation]:
    if not folder.has(ATTESTATIONS):
        return {}
    data, positions = parse_text(decode(folder.read(ATTESTATIONS, MAX_BYTES), ATTESTATIONS), ATTESTATIONS)
    doc: AttestationsFile = validate(AttestationsFile, data or {}, positions, ATTESTATIONS)
    out: dict[str, Attestation] = {}
    for i, a in enumerate(doc.attestations):
        if a.requirement in out:
            line = positions.get(("attestations", i), (1, 1))[0]
            raise StdkitError(
                [
                    Problem(
                        file=ATTESTATIONS,
                        line=line,
                        column=1,
                        path=f"attestations[{i}].requirement",
                        code="attestation-duplicate",
                        message=f"要求“{a.requirement}”有两条核查记录。",
                        hint="每条要求只写一条，删去较旧的一条。",
                    )
                ]
            )
        out[a.requirement] = a
    return out

"""The province's decisions on counties' self-attested manual checks (reviews.yaml):

    reviews:
      - {county: "422822", requirement: county-window-staff-shown, decision: 采纳, note: 照片清楚}
      - {county: "422823", requirement: county-window-staff-shown, decision: 不采纳, note: 照片看不出姓名}

Only an accepted attestation counts in a county's score; the rest stay shown as 自述 or 不采纳."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ..core.validation import validate
from ..core.yamlio import load_yaml

ACCEPTED, REJECTED = "采纳", "不采纳"


class Review(BaseModel):
    model_config = ConfigDict(extra="forbid")
    county: str = Field(pattern=r"^[0-9]{6}$", title="区划代码")
    requirement: str = Field(min_length=1, title="要求编号")
    decision: Literal["采纳", "不采纳"] = Field(title="审核结论")
    note: str = Field("", title="说明")


class ReviewsFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reviews: list[Review] = Field(default_factory=list)


def load_reviews(path: Path | None) -> dict[tuple[str, str], Review]:
    if path is None:
        return {}
    data, positions = load_yaml(Path(path), str(path))
    doc: ReviewsFile = validate(ReviewsFile, data or {}, positions, str(path))
    return {(r.county, r.requirement): r for r in doc.reviews}

"""Province profiles (toolkit/codelists/provinces.csv, the 31 provincial-level divisions): the province's
division-code prefix and its online platforms (浙江政务服务网/浙里办, 四川政务服务网/天府通办 …), the
defaults `stdkit init` writes into county.yaml's `platforms`. From then on the platforms are the county's
data: an item may name a national platform (codelists/platforms.csv) or one of its county's."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .codelists import codelist, codes

if TYPE_CHECKING:
    from .models.county import County


@dataclass(frozen=True)
class Province:
    name: str
    division_prefix: str
    web_platform: str
    app_platform: str

    @property
    def platforms(self) -> list[str]:
        """The province's own platforms, web first; empty names (not yet recorded) left out."""
        return [p for p in (self.web_platform, self.app_platform) if p]


def provinces() -> dict[str, Province]:
    return {
        c.code: Province(c.code, c.extra["division_prefix"], c.extra["web_platform"], c.extra["app_platform"])
        for c in codelist("provinces")
    }


def profile(name: str | None) -> Province | None:
    return provinces().get(name or "")


def names() -> list[str]:
    return list(provinces())


def by_prefix(prefix: str) -> Province | None:
    return next((p for p in provinces().values() if p.division_prefix == prefix), None)


def national_platforms() -> list[str]:
    return codes("platforms")


def county_platforms(county: County) -> list[str]:
    """The county's platforms as county.yaml lists them, or its province's when it lists none."""
    if county.platforms:
        return list(county.platforms)
    prof = profile(county.province)
    return prof.platforms if prof else []


def main_platform(county: County) -> str:
    """The platform an online item names when the catalogue does not say: the county's first."""
    return next(iter(county_platforms(county)), national_platforms()[0])


__all__ = [
    "Province",
    "by_prefix",
    "county_platforms",
    "main_platform",
    "names",
    "national_platforms",
    "profile",
    "provinces",
]

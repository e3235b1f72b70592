"""Province profiles (toolkit/codelists/provinces.csv): what differs between provinces — the province's
division-code prefix and its online platforms (湖北政务服务网/鄂汇办, 四川政务服务网/天府通办 …).
`stdkit init --province` chooses one; the importer and the checks read it from county.yaml's province."""

from __future__ import annotations

from dataclasses import dataclass

from .codelists import codelist


@dataclass(frozen=True)
class Province:
    name: str
    division_prefix: str
    web_platform: str
    app_platform: str


def provinces() -> dict[str, Province]:
    return {
        c.code: Province(c.code, c.extra["division_prefix"], c.extra["web_platform"], c.extra["app_platform"])
        for c in codelist("provinces")
    }


def profile(name: str | None) -> Province | None:
    return provinces().get(name or "")


def names() -> list[str]:
    return list(provinces())


__all__ = ["Province", "names", "profile", "provinces"]

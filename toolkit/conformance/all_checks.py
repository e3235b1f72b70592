"""Every automated conformance check, listed explicitly: the runner, the bindings and the reports find a
check here by its name (the name used in standard/requirements.yaml). A new check is written in
checks.py with `@check(名称, 标题)` and added to this list; importing a module registers nothing."""

from __future__ import annotations

from . import checks
from .registry import Check

LISTED: tuple[Check, ...] = (
    checks.county_hall_layout,
    checks.county_special_zones,
    checks.township_police_window,
    checks.township_comprehensive_windows,
    checks.township_stations,
    checks.village_window,
    checks.village_coverage,
    checks.level_lists_in_catalogue,
    checks.devolved_offered,
    checks.item_guide,
    checks.item_notice,
    checks.item_flowchart,
    checks.item_qrcode,
    checks.item_online_channel,
    checks.promised_within_legal,
    checks.bundle_merged,
    checks.bundle_window,
    checks.lifecycle_catalogues,
    checks.service_teams,
    checks.team_records,
    checks.satisfaction_recorded,
    checks.data_consistency,
    checks.init_placeholders,
    checks.county_identity,
    checks.venue_contacts,
    checks.departments_in_hall,
    checks.item_codes,
)


def by_name(listed: tuple[Check, ...]) -> dict[str, Check]:
    """The checks by name; two checks with one name are a programming error."""
    out: dict[str, Check] = {}
    for c in listed:
        if c.name in out:
            raise ValueError(f"duplicate check name {c.name}")
        out[c.name] = c
    return out


CHECKS: dict[str, Check] = by_name(LISTED)

__all__ = ["CHECKS", "LISTED"]

"""Where each page and file of the site lives: docs-relative source paths and site URLs.

Every id in a path has already been validated against a safe pattern ([a-z0-9-]); `safe_id` checks again
so that no path can leave the output folder whatever reaches here.
"""

from __future__ import annotations

import re

_SAFE = re.compile(r"^[a-z0-9][a-z0-9-]{0,59}$")  # ids (≤ 40) plus suffixes such as "-villages"


# Page and file names the site itself uses inside the folders that data ids share (venues/, print/,
# bundles/, items/, departments/): no id may take one of them (checked at validation, crosscheck.py).
ALL_TOWNSHIPS, ALL_VILLAGES = "all-townships", "all-villages"
RESERVED = ("index", ALL_TOWNSHIPS, ALL_VILLAGES)
VILLAGES_SUFFIX = "-villages"  # a township's group of village stations: venues/<township>-villages.md


def safe_id(value: str) -> str:
    if not _SAFE.match(value or ""):
        raise ValueError(f"unsafe id for a path: {value!r}")
    return value


def _at(folder: str, key: str, suffix: str) -> str:
    return f"{folder}/{safe_id(key)}{suffix}"


def item_md(item_id: str) -> str:
    return _at("items", item_id, ".md")


def item_dir(item_id: str) -> str:
    return _at("items", item_id, "/")


def short_dir(item_id: str) -> str:
    """The permanent short URL printed in QR codes."""
    return _at("g", item_id, "/")


def short_url(site_url: str, item_id: str) -> str:
    return site_url.rstrip("/") + "/" + short_dir(item_id)


def qr_file(item_id: str) -> str:
    return _at("qr", item_id, ".svg")


def department_md(code: str) -> str:
    return _at("departments", code, ".md")


def bundle_md(bundle_id: str) -> str:
    return _at("bundles", bundle_id, ".md")


def bundle_url(site_url: str, bundle_id: str) -> str:
    """A bundle's guide page (printed as a QR code on its application form and 告知单)."""
    return site_url.rstrip("/") + "/" + _at("bundles", bundle_id, "/")


def venue_md(venue_id: str) -> str:
    return _at("venues", venue_id, ".md")


def station_md(station_id: str) -> str:
    """A village station's own page (its name, 代办员, phone, hours and items)."""
    return _at("stations", station_id, ".md")


def station_dir(station_id: str) -> str:
    return _at("stations", station_id, "/")


def station_url(site_url: str, station_id: str) -> str:
    """A station's own page, printed as a QR code on its list and registered in the QR ledger."""
    return site_url.rstrip("/") + "/" + station_dir(station_id)


def poster_html(venue_id: str) -> str:
    return _at("print", venue_id, ".html")


def poster_pdf(venue_id: str) -> str:
    return _at("print", venue_id, ".pdf")


def rel(from_md: str, target: str) -> str:
    """Relative link from one docs file to another docs path (both docs-relative, forward slashes)."""
    return "../" * from_md.count("/") + target

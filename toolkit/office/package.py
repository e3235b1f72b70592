"""Office packages (DOCX, XLSX: zip files) made byte-for-byte reproducible: fixed entry dates and core
properties, from SOURCE_DATE_EPOCH or a fixed moment."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

from ..core.settings import current

# Used when SOURCE_DATE_EPOCH is not set: a fixed moment, so that the same data gives the same bytes.
DEFAULT_MOMENT = dt.datetime(2024, 1, 1, 0, 0, 0)


def moment() -> dt.datetime:
    epoch = current().epoch
    if epoch is not None:
        return dt.datetime.fromtimestamp(epoch, dt.UTC).replace(tzinfo=None)
    return DEFAULT_MOMENT


def normalise_zip(data: bytes, when: dt.datetime | None = None) -> bytes:
    """Rewrite an Office file with fixed entry dates and fixed created/modified core properties."""
    when = when or moment()
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    date_time = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(
                    rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:)",
                    lambda m: m.group(1) + stamp.encode() + m.group(3),
                    body,
                )
            entry = zipfile.ZipInfo(info.filename, date_time=date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, body)
    return out.getvalue()


def workbook_bytes(wb, title: str, when: dt.datetime) -> bytes:
    """An openpyxl workbook as reproducible bytes: fixed creator, title and dates."""
    wb.properties.creator = "stdkit"
    wb.properties.title = title
    wb.properties.created = when
    buf = io.BytesIO()
    wb.save(buf)
    return normalise_zip(buf.getvalue(), when)

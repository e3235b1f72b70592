"""Writing the reports: all-or-nothing (atomic.write_all) and byte-for-byte reproducible."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

from ..atomic import write_all
from ..errors import file_error
from ..settings import current

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


def write_files(out_dir: Path, files: dict[str, bytes]) -> list[Path]:
    """Write every file or none (atomic.write_all); a failure is a located error naming the folder."""
    try:
        return write_all(Path(out_dir), files)
    except OSError as exc:
        raise file_error(
            file=str(out_dir),
            code="write-failed",
            message=f"无法写入输出文件夹“{out_dir}”（{exc.strerror or exc}）。",
            hint="请换一个可写的文件夹。",
        ) from None

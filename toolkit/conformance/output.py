"""Writing the reports: all-or-nothing (atomic.write_all) and byte-for-byte reproducible."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

from ..core.atomic import write_all
from ..core.errors import file_error
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


def check_out(root: Path, out_dir: Path) -> None:
    """The report folder is never the county folder, a folder above it, or one of its data folders
    (the same data folders `stdkit build --out` refuses)."""
    from ..build import DATA_DIRS

    root, out = Path(root).resolve(), Path(out_dir).resolve()
    inside = out.is_relative_to(root) and out != root and out.relative_to(root).parts[0] in DATA_DIRS
    if out == root or root.is_relative_to(out) or inside:
        raise file_error(
            str(out_dir),
            "out-in-data",
            f"--out 指定的报告输出文件夹“{out_dir}”是数据文件夹、其上级或其中存放数据的文件夹，报告会混入数据。",
            "请指定数据文件夹之外的文件夹，或数据文件夹中的新文件夹，如 conformance-report/。",
        )

"""DOCX → PDF through LibreOffice: python3-uno (TOC filled) or, without uno, `soffice --convert-to pdf`;
neither installed → a notice, not a failure."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import re
import shutil
import subprocess
import tempfile
import time
from functools import cache
from pathlib import Path

from ..core.atomic import write_atomic
from ..core.cachedir import cache_home
from ..core.procs import OFFICE_TIMEOUT, finish_bounded, run_bounded, start_bounded
from .pdf_fonts import renumber_fonts

SCRIPT = Path(__file__).with_name("uno_pdf.py")
SYSTEM_PYTHON = "/usr/bin/python3"
FONTS = "fonts-renumbered-1"  # cached PDFs made before the font ids were fixed are not reused


@cache
def _has_uno() -> bool:
    if not Path(SYSTEM_PYTHON).exists():
        return False
    return (
        subprocess.run([SYSTEM_PYTHON, "-c", "import uno"], capture_output=True, check=False).returncode == 0
    )


_DATE = re.compile(rb"/(CreationDate|ModDate)\(D:(\d{14})")
_ID = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]")
_SUM = re.compile(rb"/DocChecksum\s*/([0-9A-Fa-f]+)")


def reproducible_pdf(data: bytes, when: dt.datetime) -> bytes:
    """What LibreOffice varies between runs and sessions, made fixed: the fonts' ids (pdf_fonts), the
    creation date (set to `when`), the document /ID and /DocChecksum (digests of the rest)."""
    stamp = when.strftime("%Y%m%d%H%M%S").encode()
    data = _DATE.sub(lambda m: b"/" + m.group(1) + b"(D:" + stamp, renumber_fonts(data))
    zero = lambda m: (
        m.group(0)
        .replace(m.group(1), b"0" * len(m.group(1)))
        .replace(m.group(m.lastindex), b"0" * len(m.group(m.lastindex)))
    )
    blank = _SUM.sub(zero, _ID.sub(zero, data))
    digest = hashlib.md5(blank).hexdigest().upper().encode() * 4

    def fill(m):
        out = m.group(0)
        for g in range(1, m.lastindex + 1):
            out = out.replace(m.group(g), digest[: len(m.group(g))])
        return out

    return _SUM.sub(fill, _ID.sub(fill, blank))


def docx_to_pdf(docx: Path, pdf: Path, when: dt.datetime | None = None) -> tuple[bool, str]:
    """(written, message). With `when`, the PDF is made byte-reproducible (see reproducible_pdf) and kept in
    the user's cache under a hash of the DOCX, so an unchanged DOCX is not converted again (~2.5 s)."""
    return docx_to_pdfs([(docx, pdf)], when)


def _cache_key(docx: Path, when: dt.datetime) -> str:
    route = "uno" if _has_uno() else "soffice"
    return hashlib.sha256(
        docx.read_bytes() + SCRIPT.read_bytes() + f"|{when.isoformat()}|{route}|{FONTS}".encode()
    ).hexdigest()


def _copy(src: Path, dst: Path) -> None:
    """A PDF and, when there is one, the 目次 LibreOffice laid out beside it."""
    dst.write_bytes(src.read_bytes())
    if toc_file(src).is_file():
        toc_file(dst).write_bytes(toc_file(src).read_bytes())


def docx_to_pdfs(pairs: list[tuple[Path, Path]], when: dt.datetime | None = None) -> tuple[bool, str]:
    """Many DOCX → PDF in one LibreOffice session (starting it costs ~2 s; a short document then takes
    ~0.1 s); with `when`, reproducible and cached per DOCX as in docx_to_pdf."""
    return Conversion(pairs, when).wait()


SPLIT_BYTES = 1_000_000  # less Word than this to convert: a second LibreOffice costs more than it saves


class Conversion:
    """DOCX → PDF (as docx_to_pdfs) started at once in the background: LibreOffice runs in its own process
    while the caller goes on, in up to `sessions` processes for much work (each uses a core of its own);
    `wait()` gives (written, message)."""

    def __init__(self, pairs: list[tuple[Path, Path]], when: dt.datetime | None = None, *, sessions: int = 1):
        self.when = when
        self.pdfs = [pdf for _, pdf in pairs]
        self.keys: dict[Path, Path] = {}  # pdf -> its file in the cache
        self.todo: list[tuple[Path, Path]] = []
        have_office = bool(shutil.which("soffice") or shutil.which("libreoffice"))
        for docx, pdf in pairs:
            if when is not None:
                cached = cache_home() / "standard-pdf" / f"{_cache_key(docx, when)}.pdf"
                self.keys[pdf] = cached
                if cached.is_file() and have_office:
                    try:
                        _copy(cached, pdf)
                        continue
                    except OSError:
                        pass
            self.todo.append((docx, pdf))
        self.timeout = OFFICE_TIMEOUT * (
            1 + len(self.todo) // 10
        )  # a bound against hangs, scaled for a batch
        self.deadline = time.monotonic() + self.timeout
        self.groups = _groups(self.todo, sessions) if self.todo else []
        self.procs: list[subprocess.Popen | None] = [None] * len(self.groups)
        if self.todo and have_office and _has_uno():
            self.procs = [
                start_bounded(
                    [SYSTEM_PYTHON, str(SCRIPT), *(str(x) for pair in group for x in pair)],
                    text=True,
                    env=_env(),
                )
                for group in self.groups
            ]

    def wait(self) -> tuple[bool, str]:
        if not self.todo:
            return True, "已用 LibreOffice 生成 PDF（与上次相同，取自缓存）。"
        answers = [self._finish(n) for n in range(len(self.groups))]
        ok, message = next((a for a in answers if not a[0]), answers[0])
        if ok and self.when is not None:
            for _docx, pdf in self.todo:
                pdf.write_bytes(reproducible_pdf(pdf.read_bytes(), self.when))
                _keep(pdf, self.keys[pdf])
        return ok, message

    def stop(self) -> None:
        """End LibreOffice if it still runs (the caller failed before waiting)."""
        for proc in self.procs:
            if proc is not None and proc.poll() is None:
                with contextlib.suppress(subprocess.TimeoutExpired):
                    finish_bounded(proc, 0.01)

    def _finish(self, n: int) -> tuple[bool, str]:
        group, started = self.groups[n], self.procs[n]
        if started is not None:
            self.procs[n] = None
            try:
                proc = finish_bounded(started, max(self.deadline - time.monotonic(), 1.0))
            except subprocess.TimeoutExpired:
                return False, f"LibreOffice 转换超时（{self.timeout} 秒），未生成 PDF。"
            if proc.returncode == 0 and all(pdf.is_file() for _, pdf in group):
                return True, "已用 LibreOffice 生成 PDF（目次已更新）。"
        return _convert(group, self.timeout)


def _groups(todo: list[tuple[Path, Path]], sessions: int) -> list[list[tuple[Path, Path]]]:
    """The files in order, cut into up to `sessions` runs of about equal Word size (≈ pages to lay out)."""
    sizes = [docx.stat().st_size for docx, _ in todo]
    total = sum(sizes)
    if sessions < 2 or total < SPLIT_BYTES:
        return [todo]
    groups: list[list[tuple[Path, Path]]] = [[]]
    done = 0
    for pair, size in zip(todo, sizes):
        if done >= total * len(groups) / sessions and len(groups) < sessions:
            groups.append([])
        groups[-1].append(pair)
        done += size
    return [g for g in groups if g]


def _keep(pdf: Path, cached: Path) -> None:
    """A converted PDF (and its 目次) into the cache."""
    try:
        if toc_file(pdf).is_file():
            write_atomic(toc_file(cached), toc_file(pdf).read_bytes())
        write_atomic(cached, pdf.read_bytes())
    except OSError:
        pass  # a cache that cannot be written only costs time


def toc_file(pdf: Path) -> Path:
    """Where the uno route leaves the 目次 as LibreOffice laid it out (beside the PDF)."""
    return pdf.with_name(pdf.name + ".toc.txt")


def toc_pages(pdf: Path) -> list[str] | None:
    """The page number of every 目次 line, in order (None when LibreOffice did not lay it out)."""
    path = toc_file(pdf)
    if not path.is_file():
        return None
    lines = [ln for ln in path.read_text(encoding="utf-8").replace("\r", "\n").split("\n") if "\t" in ln]
    return [ln.rsplit("\t", 1)[1].strip() for ln in lines] or None


def _env() -> dict:
    return {**os.environ, "TZ": "UTC"}  # the date suffix LibreOffice writes has one fixed length


def _convert(pairs: list[tuple[Path, Path]], timeout: float) -> tuple[bool, str]:
    """Without python3-uno (or when it failed): `soffice --convert-to pdf` (the 目次 is not updated)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return False, (
            "未安装 LibreOffice，未生成 PDF。Debian/Ubuntu 可运行 sudo apt-get install libreoffice-writer-nogui "
            "python3-uno（或 bash scripts/setup.sh）后重新生成。"
        )
    with tempfile.TemporaryDirectory(prefix="stdkit-pdf-") as tmp:
        inputs = []
        for n, (docx, _pdf) in enumerate(pairs):  # unique names: equal stems in different folders
            inputs.append(Path(tmp) / f"d{n}.docx")
            shutil.copyfile(docx, inputs[-1])
        try:
            proc = run_bounded(
                [
                    soffice,
                    "--headless",
                    f"-env:UserInstallation=file://{tmp}/profile",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    tmp,
                    *(str(x) for x in inputs),
                ],
                timeout,
                text=True,
                env=_env(),
            )
        except subprocess.TimeoutExpired:
            return False, f"LibreOffice 转换超时（{timeout} 秒），未生成 PDF。"
        outs = [x.with_suffix(".pdf") for x in inputs]
        if proc.returncode == 0 and all(o.is_file() for o in outs):
            for out, (_docx, pdf) in zip(outs, pairs):
                shutil.move(str(out), pdf)
            return True, "已用 LibreOffice 生成 PDF（未安装 python3-uno，目次未更新）。"
    return False, "LibreOffice 转换 PDF 失败，未生成 PDF。"

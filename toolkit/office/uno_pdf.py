"""Standalone script run by the SYSTEM python3 (which has LibreOffice's `uno`), not by the toolkit's venv:

    /usr/bin/python3 uno_pdf.py in.docx out.pdf [in2.docx out2.pdf ...]

Starts a headless soffice with its own temporary profile, opens each DOCX in turn, updates every index (so
the 目次 TOC field is filled) and all fields, exports writer_pdf_Export, writes a document's 目次 as laid out
(entries with page numbers) to out.pdf.toc.txt when it has one, and stops soffice. Many documents share one
soffice session (starting soffice costs ~2 s; a one-page document then converts in ~0.1 s). Exit 0 when every
document was converted.
"""

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time


def _unblock_term() -> None:
    """In the child before exec: soffice takes SIGTERM as usual (the caller starts it with SIGTERM blocked;
    a signal mask survives exec). This script has no threads, so a preexec function is safe here."""
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})


def _start(soffice: str, profile: str, pipe: str) -> subprocess.Popen:
    """soffice, headless, with its own profile, listening on a named pipe (in a process group of its own)."""
    return subprocess.Popen(
        [
            soffice,
            "--headless",
            "--invisible",
            "--nologo",
            "--norestore",
            "--nodefault",
            "-env:UserInstallation=file://" + profile,
            f"--accept=pipe,name={pipe};urp;",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        preexec_fn=_unblock_term,  # noqa: PLW1509 - this script runs no threads (see _unblock_term)
    )


def _stop(proc: subprocess.Popen, profile: str) -> None:
    """Wait for soffice to exit (killed after 20 s) and remove its profile."""
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
    shutil.rmtree(profile, ignore_errors=True)


def _connect(proc: subprocess.Popen, pipe: str):
    """The desktop of the soffice started on `pipe`, or an exit code: 3 it ended, 4 it never answered."""
    import uno
    from com.sun.star.connection import NoConnectException

    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(200):
        try:
            ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except NoConnectException:  # soffice is still starting
            if proc.poll() is not None:
                return 3
            time.sleep(0.1)
            continue
        return ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    return 4


def _prop(name: str, value):
    from com.sun.star.beans import PropertyValue

    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def _convert(desktop, src: str, dst: str) -> None:
    """One DOCX: indexes and fields updated (twice: page numbers settle after the first update), its 目次
    as laid out written to dst + ".toc.txt", exported as PDF."""
    import uno

    doc = desktop.loadComponentFromURL(
        uno.systemPathToFileUrl(os.path.abspath(src)), "_blank", 0, (_prop("Hidden", True),)
    )
    indexes = doc.getDocumentIndexes()
    for i in range(indexes.getCount()):
        indexes.getByIndex(i).update()
    doc.getTextFields().refresh()
    for i in range(indexes.getCount()):
        indexes.getByIndex(i).update()
    toc = [
        indexes.getByIndex(i).getAnchor().getString()
        for i in range(indexes.getCount())
        if indexes.getByIndex(i).supportsService("com.sun.star.text.ContentIndex")
    ]
    if toc:
        with open(dst + ".toc.txt", "w", encoding="utf-8") as fh:
            fh.write("\n".join(toc))
    doc.storeToURL(uno.systemPathToFileUrl(os.path.abspath(dst)), (_prop("FilterName", "writer_pdf_Export"),))
    doc.close(True)


def main(pairs) -> int:
    import uno  # noqa: F401 — importing uno is what makes the com.sun.star modules importable
    from com.sun.star.lang import DisposedException

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return 2
    # SIGTERM (the toolkit stopped the conversion, or ended: PR_SET_PDEATHSIG) waits while soffice starts:
    # arriving between the start and the handler, it would end this script and leave soffice (a session
    # of its own) running with nobody to stop it. Once `end` is in place, a pending SIGTERM reaches it.
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})
    try:
        profile, pipe = tempfile.mkdtemp(prefix="stdkit-lo-"), "stdkit" + str(os.getpid())
        proc = _start(soffice, profile, pipe)

        def end(signum, frame):  # LibreOffice goes with this script
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            shutil.rmtree(profile, ignore_errors=True)
            os._exit(1)

        signal.signal(signal.SIGTERM, end)
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})
    try:
        desktop = _connect(proc, pipe)
        if isinstance(desktop, int):
            return desktop
        for src, dst in pairs:
            _convert(desktop, src, dst)
        with contextlib.suppress(DisposedException):  # the bridge closes as soffice exits
            desktop.terminate()
        return 0
    finally:
        _stop(proc, profile)


if __name__ == "__main__":
    args = sys.argv[1:]
    if not args or len(args) % 2:
        sys.exit(2)
    sys.exit(main(list(zip(args[0::2], args[1::2]))))

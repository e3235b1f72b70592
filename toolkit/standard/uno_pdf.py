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


def main(pairs) -> int:
    import uno
    from com.sun.star.beans import PropertyValue
    from com.sun.star.connection import NoConnectException
    from com.sun.star.lang import DisposedException

    def prop(name, value):
        p = PropertyValue()
        p.Name, p.Value = name, value
        return p

    profile = tempfile.mkdtemp(prefix="stdkit-lo-")
    pipe = "stdkit" + str(os.getpid())
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return 2
    proc = subprocess.Popen(
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
    )

    def end(signum, frame):  # the toolkit ended (PR_SET_PDEATHSIG) or a timeout: LibreOffice goes too
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        shutil.rmtree(profile, ignore_errors=True)
        os._exit(1)

    signal.signal(signal.SIGTERM, end)
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        ctx = None
        for _ in range(200):
            try:
                ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                break
            except NoConnectException:  # soffice is still starting
                if proc.poll() is not None:
                    return 3
                time.sleep(0.1)
        if ctx is None:
            return 4
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        for src, dst in pairs:
            doc = desktop.loadComponentFromURL(
                uno.systemPathToFileUrl(os.path.abspath(src)), "_blank", 0, (prop("Hidden", True),)
            )
            indexes = doc.getDocumentIndexes()
            for i in range(indexes.getCount()):
                indexes.getByIndex(i).update()
            doc.getTextFields().refresh()
            for i in range(indexes.getCount()):  # page numbers settle after the first update
                indexes.getByIndex(i).update()
            toc = [
                indexes.getByIndex(i).getAnchor().getString()
                for i in range(indexes.getCount())
                if indexes.getByIndex(i).supportsService("com.sun.star.text.ContentIndex")
            ]
            if toc:
                with open(dst + ".toc.txt", "w", encoding="utf-8") as fh:  # the 目次 as laid out
                    fh.write("\n".join(toc))
            doc.storeToURL(
                uno.systemPathToFileUrl(os.path.abspath(dst)), (prop("FilterName", "writer_pdf_Export"),)
            )
            doc.close(True)
        with contextlib.suppress(DisposedException):  # the bridge closes as soffice exits
            desktop.terminate()
        return 0
    finally:
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    args = sys.argv[1:]
    if not args or len(args) % 2:
        sys.exit(2)
    sys.exit(main(list(zip(args[0::2], args[1::2]))))

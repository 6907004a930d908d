"""A .docx turned into PDF by LibreOffice in headless mode: the same layout, no second renderer.

Each conversion runs with its own throw-away profile (``-env:UserInstallation``), so that
parallel workers never share LibreOffice's lock, and is killed after ``timeout`` seconds.
Knows no request: the caller passes the program's path (``SOFFICE`` in the configuration).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path


class PdfUnavailable(RuntimeError):
    """LibreOffice is not installed (or not where the configuration says)."""


class PdfFailed(RuntimeError):
    """LibreOffice ran but gave no PDF (or took too long)."""


def available(soffice: str) -> bool:
    return shutil.which(soffice) is not None


def to_pdf(docx: bytes, soffice: str = "soffice", timeout: float = 60) -> bytes:
    """The PDF of ``docx``."""
    program = shutil.which(soffice)
    if program is None:
        raise PdfUnavailable(soffice)
    with tempfile.TemporaryDirectory(prefix="minutes-pdf-") as work:
        folder = Path(work)
        source = folder / "document.docx"
        source.write_bytes(docx)
        profile = folder / "profile"
        command = [
            program,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--nologo",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(source),
        ]
        # Its own process group: on a timeout the whole of LibreOffice (soffice.bin too) goes.
        process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
        )
        try:
            out, err = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired as error:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise PdfFailed(f"LibreOffice took more than {timeout:g} s") from error
        result = folder / "document.pdf"
        if process.returncode != 0 or not result.exists() or result.stat().st_size == 0:
            tail = (err or out or b"").decode("utf-8", "replace").strip()[-300:]
            raise PdfFailed(f"LibreOffice gave no PDF (exit {process.returncode}): {tail}")
        return result.read_bytes()

"""Word to PDF through LibreOffice in headless mode (the renderer `make visual` checks pages with).

LibreOffice runs with a fresh profile in a temporary folder (so that it neither
collides with a LibreOffice the user has open nor reads their settings), in its
own process group, and is stopped — with every process it started — after
`TIMEOUT` seconds.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from kehoach.errors import ProgramError

TIMEOUT = 180  # seconds; a first start builds LibreOffice's profile
PACKAGE = "libreoffice-writer-nogui"  # the Debian/Ubuntu package that provides soffice
MISSING = (
    "Cần LibreOffice để xuất PDF nhưng máy này chưa có; hãy cài gói libreoffice-writer "
    f"(Debian/Ubuntu: sudo apt-get install {PACKAGE}) hoặc xuất --format docx rồi lưu thành PDF trong Word."
)


def find_soffice() -> str | None:
    """LibreOffice's command on this machine, if any."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(content: bytes, timeout: float = TIMEOUT) -> bytes:
    """The PDF LibreOffice makes of the Word document `content`."""
    program = find_soffice()
    if program is None:
        raise ProgramError(MISSING)
    with tempfile.TemporaryDirectory(prefix="kehoach-pdf-") as folder:
        work = Path(folder)
        source = work / "bao-cao.docx"
        source.write_bytes(content)
        command = [
            program,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nologo",
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            str(work),
            str(source),
        ]
        env = {**os.environ, "HOME": str(work)}
        try:
            process = subprocess.Popen(
                command,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                stdin=subprocess.DEVNULL,
                env=env,
                start_new_session=True,
            )
        except OSError as exc:
            raise ProgramError(f"Không chạy được LibreOffice ({program}): {exc.strerror or exc}.") from None
        try:
            _, errors = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise ProgramError(
                f"LibreOffice không xuất xong PDF trong {timeout:g} giây; "
                "hãy thử lại hoặc xuất --format docx."
            ) from None
        pdf = work / "bao-cao.pdf"
        if not pdf.is_file():
            said = errors.decode("utf-8", "replace").strip().splitlines()
            detail = f" ({said[-1][:200]})" if said else ""
            raise ProgramError(f"LibreOffice không xuất được PDF{detail}; hãy xuất --format docx.")
        return pdf.read_bytes()

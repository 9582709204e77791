"""System programs some checks need (LibreOffice and poppler for the report, Chromium for the site).

A missing program is installed with apt-get when running as root (as CI does; `apt-get update` first).
Elsewhere the caller is told the command to run: pytest skips with it on a developer's machine and
fails in CI (the CI environment variable set), so these checks never skip in CI.
"""

from __future__ import annotations

import os
import shutil
import subprocess

# program -> the Debian packages that provide it (and what it needs to render Vietnamese)
PACKAGES = {
    "soffice": ("libreoffice-writer-nogui", "fonts-liberation2"),
    # LibreOffice Calc, to open the report forms as an office would (soffice is the program that runs it)
    "calc": ("libreoffice-writer-nogui", "libreoffice-calc-nogui", "fonts-liberation2"),
    "pdftotext": ("poppler-utils",),
    "pdftoppm": ("poppler-utils",),
    "chromium": ("chromium", "fonts-liberation2"),
    "chromedriver": ("chromium-driver",),
}


# a component that is not a program of its own: the file that says it is installed, and its program
COMPONENTS = {"calc": ("/usr/lib/libreoffice/program/libsclo.so", "soffice")}


def _which(program: str) -> str | None:
    if program in COMPONENTS:
        marker, runs = COMPONENTS[program]
        return shutil.which(runs) if os.path.exists(marker) else None
    return shutil.which(program)


def ensure(program: str) -> str | None:
    """The path of `program`, installing its packages first when missing and allowed (root with apt-get)."""
    found = _which(program)
    if found or os.geteuid() != 0 or shutil.which("apt-get") is None:
        return found
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env, timeout=900)
    subprocess.run(
        ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *PACKAGES[program]],
        check=True,
        env=env,
        timeout=1800,
    )
    return _which(program)


def install_hint(program: str) -> str:
    return f"{program} chưa có: sudo apt-get install {' '.join(PACKAGES[program])}"


def in_ci() -> bool:
    return bool(os.environ.get("CI"))

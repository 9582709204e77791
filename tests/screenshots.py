"""`make screenshots`: the manual's pictures (docs/hinh/), made again from the frozen test data.

- the web site's home page and an agency's page, in headless Chromium;
- a report form as an agency opens it, and two pages of the consolidated Word report, through
  LibreOffice and pdftoppm (the report's pages are those `make visual` reads);
- a terminal answer: the text `kehoach` prints, drawn by Chromium in a monospace font (nothing retyped).

Chromium, LibreOffice and poppler are installed when missing and running as root (tests/system.py).
A test (tests/test_manual.py) checks that every picture the manual shows is one this script makes.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from system import ensure, install_hint  # noqa: E402

DATA = ROOT / "tests" / "data"
OUT = ROOT / "docs" / "hinh"
AS_OF = "30/09/2025"

# every picture this script makes, and what it shows (the manual's alt text says it in Vietnamese)
PICTURES = {
    "site-home.png": "the register's home page",
    "site-agency.png": "Sở Du lịch's page",
    "bieu-mau.png": "Sở Du lịch's report form for 2025, page 1",
    "report-page-1.png": "the consolidated report 2025 (illustrative data), page 1",
    "report-page-3.png": "the same report, page 3",
    "terminal-tasks.png": 'kehoach tasks --agency "Sở Du lịch"',
}


def kehoach(*args: str, cwd: Path | None = None) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "kehoach", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "COLUMNS": "100", "PYTHONIOENCODING": "utf-8", "LANG": "C.UTF-8"},
        timeout=600,
        check=True,
    )
    return done.stdout


def shoot(page: Path, target: Path, width: int = 1200, height: int = 900) -> None:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                "chromium",
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
                f"--user-data-dir={profile}",
                f"--window-size={width},{height}",
                f"--screenshot={target}",
                page.as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )


def first_page(document: Path, target: Path, page: int = 1, dpi: int = 80) -> None:
    """`document` (.xlsx, .docx or .pdf) → its page `page` as a PNG, `dpi` dots per inch."""
    from kehoach.show.pdf import docx_to_pdf

    pdf = document if document.suffix == ".pdf" else document.with_suffix(".pdf")
    if document.suffix == ".docx":
        pdf.write_bytes(docx_to_pdf(document.read_bytes()))
    elif document.suffix != ".pdf":
        subprocess.run(
            ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(document.parent), str(document)],
            check=True,
            capture_output=True,
            timeout=300,
        )
    stem = target.with_suffix("")
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            str(dpi),
            "-png",
            "-singlefile",
            "-f",
            str(page),
            "-l",
            str(page),
            str(pdf),
            str(stem),
        ],
        check=True,
        timeout=120,
    )


def terminal(command: list[str], target: Path, work: Path) -> None:
    """What `kehoach COMMAND` prints, drawn as a terminal window shows it (text escaped, never run)."""
    import html

    printed = kehoach(*command, cwd=DATA / "manual")  # where plan/ is, as a clerk runs it
    shown = "$ kehoach " + " ".join(_quoted(w) for w in command) + "\n" + printed.rstrip("\n")
    rows = shown.count("\n") + 1
    page = work / "terminal.html"
    page.write_text(
        '<!doctype html><html lang="vi"><meta charset="utf-8"><body style="margin:0;background:#1e1e1e">'
        "<pre style=\"margin:0;padding:12px 16px;color:#e6e6e6;font:15px/1.35 'Liberation Mono',"
        f'monospace">{html.escape(shown)}</pre></body></html>',
        encoding="utf-8",
    )
    shoot(page, target, width=960, height=int(rows * 15 * 1.35) + 26)


def _quoted(word: str) -> str:
    return f'"{word}"' if " " in word else word


def main() -> int:
    missing = [p for p in ("chromium", "soffice", "pdftoppm", "calc") if ensure(p) is None]
    if missing:
        print("make screenshots: " + "; ".join(install_hint(p) for p in missing), file=sys.stderr)
        return 1
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        site = work / "site"
        kehoach("--data", str(DATA / "register"), "site", "-o", str(site), "--as-of", AS_OF)
        shoot(site / "index.html", OUT / "site-home.png")
        shoot(site / "co-quan" / "so-du-lich.html", OUT / "site-agency.png")
        form = work / "bieu-mau-2025-so-du-lich.xlsx"
        kehoach(
            "--data",
            str(DATA / "real"),  # no report yet: the form as it leaves the office, empty
            "form",
            "--year",
            "2025",
            "--agency",
            "Sở Du lịch",
            "-o",
            str(form),
        )
        first_page(form, OUT / "bieu-mau.png", dpi=110)  # a landscape A4 of small print
        report = work / "bao-cao-2025.pdf"
        kehoach(
            "--data",
            str(DATA / "examples"),
            "report",
            "--year",
            "2025",
            "--as-of",
            "24/09/2025",
            "-o",
            str(report),
        )
        first_page(report, OUT / "report-page-1.png", 1)
        first_page(report, OUT / "report-page-3.png", 3)
        terminal(
            ["tasks", "--agency", "Sở Du lịch", "--as-of", "01/01/2026"], OUT / "terminal-tasks.png", work
        )
    for name in PICTURES:
        print(f"docs/hinh/{name}: {(OUT / name).stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())

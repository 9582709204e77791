"""`make visual`: the consolidated report rendered to PDF and PNG, and read page by page.

For the examples (a year with reports), an empty year and a year before the 2025 reorganisation, the
Word report goes through LibreOffice (as `kehoach report --format pdf` does) and pdftotext, and:

- the signer's title and name are on the page of "Nơi nhận", and that page holds more than the
  signature (the closing line at least);
- no page ends with a heading and no page holds only headings;
- every page after the first has its number, and every page the fictitious mark when the data is;
- the page count is what tests/data/golden/visual-pages.json says (`--update` records it).

Pages are written as PNG under build/visual/ to look at; the manual's pictures are `make screenshots`.
LibreOffice and poppler are installed when missing and running as root (CI); see tests/system.py.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from system import ensure, in_ci, install_hint  # noqa: E402

GOLDEN = ROOT / "tests" / "data" / "golden" / "visual-pages.json"
OUT = ROOT / "build" / "visual"
MARK = "DỮ LIỆU MINH HỌA — KHÔNG PHẢI BÁO CÁO THẬT"
HEADING = re.compile(r"^(?:[IVX]+\. [A-ZÀ-Ỹ0-9 ,.\-]+|\d\. .+|PHỤ LỤC|Khó khăn, vướng mắc:)$")

# name -> (data folder, year, document date)
CASES = {
    "vi-du-2025": (ROOT / "tests" / "data" / "examples", 2025, None),
    "chua-co-bao-cao-2025": (ROOT / "tests" / "data" / "real", 2025, dt.date(2025, 9, 24)),
    "cap-huyen-2024": (ROOT / "tests" / "data" / "real", 2024, dt.date(2024, 9, 24)),
}


def render(name: str, folder: Path, year: int, dated: dt.date | None) -> tuple[dict[str, Any], Path]:
    from kehoach import api
    from kehoach.show.pdf import docx_to_pdf
    from kehoach.show.templates import DOCX_TEMPLATE, find_template, render_docx

    context = api.report_context(api.load(folder), year, dated=dated)
    pdf = OUT / name / "bao-cao.pdf"
    pdf.parent.mkdir(parents=True, exist_ok=True)
    pdf.write_bytes(docx_to_pdf(render_docx(context, find_template(DOCX_TEMPLATE, None))))
    for old in pdf.parent.glob("trang-*.png"):
        old.unlink()
    subprocess.run(
        ["pdftoppm", "-r", "80", "-png", str(pdf), str(pdf.parent / "trang")], check=True, timeout=120
    )
    return context, pdf


def pages(pdf: Path) -> list[list[str]]:
    """Each page's non-empty lines, as pdftotext reads them in reading order."""
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True, capture_output=True, timeout=120
    ).stdout.decode("utf-8")
    return [[line.strip() for line in page.splitlines() if line.strip()] for page in text.split("\f")[:-1]]


def check(name: str, context: dict[str, Any], found: list[list[str]]) -> list[str]:
    """What is wrong with the pages of one report, each as one line."""
    problems = []
    fictitious = context["fictitious"]
    body: list[list[str]] = []
    for number, lines in enumerate(found, 1):
        rest = list(lines)
        if number > 1:
            if str(number) not in rest[:3]:
                problems.append(f"{name}: trang {number} không có số trang ở đầu trang")
            rest = [line for line in rest if line != str(number)]
        if fictitious:
            if MARK not in rest[:3]:
                problems.append(f"{name}: trang {number} thiếu dòng «{MARK}»")
            rest = [line for line in rest if line != MARK]
        body.append(rest)
    signature = context["signature"]
    with_recipients = [i for i, lines in enumerate(body) if "Nơi nhận:" in lines]
    if len(with_recipients) != 1:
        problems.append(f"{name}: «Nơi nhận:» ở {len(with_recipients)} trang (cần đúng 1)")
    else:
        i = with_recipients[0]
        page = body[i]
        for what in (signature["title"], signature["name"], "- Lưu: VT."):
            if what not in page:
                problems.append(f"{name}: «{what}» không cùng trang {i + 1} với «Nơi nhận:»")
        before = page[: page.index("Nơi nhận:")]
        if not before:
            problems.append(f"{name}: trang {i + 1} chỉ có phần ký (cần ít nhất một đoạn nội dung đi kèm)")
    for number, lines in enumerate(body, 1):
        if not lines:
            problems.append(f"{name}: trang {number} trống")
        elif all(HEADING.match(line) for line in lines):
            problems.append(f"{name}: trang {number} chỉ có đề mục: {lines}")
        elif HEADING.match(lines[-1]) and lines[-1] != "PHỤ LỤC":
            problems.append(f"{name}: đề mục «{lines[-1]}» nằm cuối trang {number}, tách khỏi nội dung")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update", action="store_true", help="record the page counts found")
    args = parser.parse_args()
    missing = [p for p in ("soffice", "pdftotext", "pdftoppm") if ensure(p) is None]
    if missing:
        hints = "; ".join(install_hint(p) for p in missing)
        if in_ci():
            print(f"make visual: {hints}", file=sys.stderr)
            return 1
        print(f"make visual: BỎ QUA trên máy này ({hints}); CI luôn chạy.", file=sys.stderr)
        return 0
    expected = json.loads(GOLDEN.read_text(encoding="utf-8")) if GOLDEN.exists() else {}
    counts, problems = {}, []
    for name, (folder, year, dated) in CASES.items():
        context, pdf = render(name, folder, year, dated)
        found = pages(pdf)
        counts[name] = len(found)
        problems += check(name, context, found)
        if not args.update and expected.get(name) != len(found):
            problems.append(
                f"{name}: {len(found)} trang, đã ghi nhận {expected.get(name)} trang; "
                f"xem build/visual/{name}/ "
                "rồi chạy `python tests/visual.py --update` nếu thay đổi là đúng"
            )
        print(f"{name}: {len(found)} trang → {pdf.parent.relative_to(ROOT)}/")
    if args.update:
        GOLDEN.write_text(json.dumps(counts, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

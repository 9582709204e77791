"""Issue 22: importing a 200-task plan from its text export and from Word takes ≤ 2 s.

Run with the rest by `make bench`, or alone: `.venv/bin/python bench/plan_import.py`.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench import KEHOACH, ONE_PLAN, Timing, measure

TASKS = 200
SEED = (
    Path(__file__).resolve().parent.parent
    / "tests"
    / "data"
    / "reference"
    / "ke-hoach-hop-tac-ha-noi-tphcm.txt"
)
LEADS = ("Sở Du lịch", "Sở Y tế", "Sở Xây dựng", "Sở Tài chính", "Sở Giáo dục và Đào tạo")


def big_plan(folder: Path) -> tuple[Path, Path]:
    """The seed with its appendix grown to TASKS tasks (every lead and coordinator cell of the real
    one, in turn), as text and as a Word document with one table."""
    import docx

    text = SEED.read_text(encoding="utf-8")
    head = text.index("TT\tNỘI DUNG")
    body, appendix = text[:head], text[head:]
    rows = [
        line.split("\t") for line in appendix.split("\n") if "\t" in line and line.split("\t")[0].isdigit()
    ]
    out = ["TT\tNỘI DUNG\tCƠ QUAN CHỦ TRÌ\tCƠ QUAN PHỐI HỢP\tTHỜI GIAN HOÀN THÀNH"]
    for n in range(1, TASKS + 1):
        if n % 40 == 1:
            out.append(f"{['I', 'II', 'III', 'IV', 'V'][n // 40]}\tLĨNH VỰC THỬ {n // 40 + 1}\t\t\t")
        row = rows[n % len(rows)]
        lead = LEADS[n % len(LEADS)]
        coordinators = row[3] if len(row) > 3 and lead not in row[3] else ""
        out.append(f"{n}\t{row[1]}\t{lead}\t{coordinators}\tQuý {n % 4 + 1}/2026")
    source = folder / "ke-hoach-200.txt"
    source.write_text(body + "\n".join(out) + "\n", encoding="utf-8")
    document = docx.Document()
    for line in body.split("\n"):
        if line.strip():
            document.add_paragraph(line)
    table = document.add_table(rows=0, cols=5)
    for line in out:
        cells = table.add_row().cells
        for cell, value in zip(cells, line.split("\t"), strict=False):
            cell.text = value
    word = folder / "ke-hoach-200.docx"
    document.save(str(word))
    return source, word


GROUP = (
    "các Sở, ban, ngành Thành phố và đơn vị có liên quan của Thành phố=cac-so-ban-nganh-va-don-vi-lien-quan"
)


def plan_import_bench(
    _small: Path, row: Callable[..., None], target: Callable[..., None], _startup: Timing
) -> None:
    work = Path(tempfile.mkdtemp(prefix="kehoach-plan-import-"))
    try:
        data = work / "data"
        (data / "plan").mkdir(parents=True)
        shutil.copy(ONE_PLAN / "agencies.yaml", data / "plan" / "agencies.yaml")
        text, word = big_plan(work)
        for label, source in (("text", text), ("Word", word)):
            cmd = [
                KEHOACH,
                "--data",
                str(data),
                "plan",
                "import",
                str(source),
                "--id",
                "k",
                "--dry-run",
                "--map",
                GROUP,
            ]
            done = subprocess.run(cmd, capture_output=True, text=True, check=False)
            if done.returncode != 0:  # a benchmark of a refusal measures nothing: say why instead
                target(f"plan import, {TASKS} tasks, {label}", done.stderr.strip()[:200], False)
                continue
            timed = measure(cmd, 3)
            row(f"plan import, {TASKS} tasks, {label} (--dry-run)", timed)
            target(f"plan import, {TASKS} tasks, {label} ≤ 2 s", f"{timed.median:.2f} s", timed.median <= 2)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    from bench import run_alone

    run_alone(plan_import_bench)

"""The manual's console examples, read and run: every ```console block of docs/ and README.md.

A block holds commands (`$ kehoach …`, `$ echo $?`, `$ ls FOLDER`, `$ cd FOLDER` for the rest of the
block) each followed by what it prints,
stdout and stderr as a terminal shows them. Each page runs in a world of its own, a temporary folder
holding `plan/` (tests/data/manual/plan, a frozen copy of plan/) and `examples/` (tests/data/register,
the illustrative register), 100 columns wide; its blocks run in order, so a page can record a report
and then show the status it makes. A comment `<!-- ví-dụ: TÊN -->` before a block prepares the world
with PREPARE[TÊN] first: a git history for the versions page, filled forms for the import example.

`python tests/manual_examples.py` rewrites every block with what the commands print now (review the
diff); the tests (tests/test_manual.py) fail on any difference.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
PAGES = [*sorted((ROOT / "docs").rglob("*.md")), ROOT / "README.md"]
BLOCK = re.compile(
    r"^(?P<indent>[ \t]*)(?:<!-- ví-dụ: (?P<prepare>[\w-]+) -->\n+(?P=indent))?```console\n"
    r"(?P<body>.*?)^(?P=indent)```",
    re.S | re.M,
)
ELIDED = "…"  # an output line of its own (indented or not): any number of lines the manual leaves out
COLUMNS = "100"


class Step(NamedTuple):
    written: str  # the command as the page writes it (continuation lines included)
    expected: str

    @property
    def command(self) -> str:
        return re.sub(r"\\\n\s*", "", self.written)


class Block(NamedTuple):
    page: Path
    line: int
    indent: str
    prepare: str | None
    steps: list[Step]
    span: tuple[int, int]  # the body's place in the page's text


def blocks(page: Path) -> list[Block]:
    text = page.read_text(encoding="utf-8")
    found = []
    for match in BLOCK.finditer(text):
        indent, line = match.group("indent"), text.count("\n", 0, match.start()) + 1
        steps: list[Step] = []
        going_on = False
        for raw in match.group("body").splitlines():
            row = raw[len(indent) :] if raw.startswith(indent) else raw.lstrip()
            if going_on:
                steps[-1] = steps[-1]._replace(written=steps[-1].written + "\n" + row)
            elif row.startswith("$ "):
                steps.append(Step(row[2:], ""))
            elif steps:
                steps[-1] = steps[-1]._replace(expected=steps[-1].expected + row + "\n")
            else:
                raise ValueError(f"{page}:{line}: a console block must start with `$ ` and a command")
            going_on = row.endswith("\\") and not steps[-1].expected
        found.append(Block(page, line, indent, match.group("prepare"), steps, match.span("body")))
    return found


def matches(expected: str, printed: str) -> bool:
    """Whether `printed` is `expected`, where a line `…` stands for any lines left out."""
    if ELIDED not in (line.strip() for line in expected.splitlines()):
        return expected == printed
    parts = [re.escape(part) for part in re.split(rf"(?m)^[ \t]*{ELIDED}\n", expected)]
    return re.fullmatch(r"(?:.*\n)*?".join(parts), printed) is not None


def world(folder: Path) -> dict[str, str]:
    """A fresh world in `folder`, and the environment its commands run in: plan/ and examples/ in a git
    repository of one commit (dated, so that its hash never changes), as the data lives in git."""
    shutil.copytree(DATA / "manual" / "plan", folder / "plan")
    shutil.copytree(DATA / "register", folder / "examples")
    (folder / "cache").mkdir()
    (folder / "config").mkdir()
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(folder),
        "LANG": "C.UTF-8",
        "COLUMNS": COLUMNS,
        "PYTHONUNBUFFERED": "1",  # stdout and stderr in the order they were written
        "PYTHONIOENCODING": "utf-8",
        "KEHOACH_CACHE_DIR": str(folder / "cache"),
        "KEHOACH_CONFIG_DIR": str(folder / "config"),
        "KEHOACH_FORM_KEY": "khoa-ky-bieu-mau-cua-vi-du-trong-huong-dan-0123456789",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    _git(folder, env, "init", "-q", "-b", "main")
    _git(folder, env, "add", "plan", "examples")
    _git(folder, env, "commit", "-q", "-m", "Kế hoạch ban đầu", when="2026-01-05T09:00:00+07:00")
    return env


def _git(folder: Path, env: dict[str, str], *args: str, when: str = "") -> None:
    stamp = {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when} if when else {}
    people = {"GIT_AUTHOR_NAME": "Thư ký", "GIT_AUTHOR_EMAIL": "thu-ky@example.invalid"}
    people |= {"GIT_COMMITTER_NAME": "Thư ký", "GIT_COMMITTER_EMAIL": "thu-ky@example.invalid"}
    subprocess.run(
        ["git", *args],
        cwd=folder,
        env={**env, **stamp, **people},
        check=True,
        capture_output=True,
        timeout=60,
    )


def _git_history(folder: Path, env: dict[str, str]) -> None:
    """Two commits, dated, so their hashes never change: the world as it began (tag v1), then Sở Y tế
    made a lead of task 17 for medical tourism, with words added to the task."""
    _git(folder, env, "tag", "v1")
    tasks = folder / "plan" / "plans" / "hop-tac-hn-hcm-2024" / "tasks.yaml"
    text = tasks.read_text(encoding="utf-8")
    assert TASK_17 in text, "task 17, which the example edits, is no longer written as the example expects"
    tasks.write_text(text.replace(TASK_17, TASK_17_EDITED), encoding="utf-8")
    _git(
        folder,
        env,
        "commit",
        "-q",
        "-am",
        "Sở Y tế cùng chủ trì nhiệm vụ 17",
        when="2026-02-10T09:00:00+07:00",
    )


TASK_17 = """\
      Hợp tác, chia sẻ kinh nghiệm phát triển du lịch y tế gắn với du lịch sinh thái.
    lead:
      - agency: so-du-lich
    coordinators:
      - agency: so-y-te
"""
TASK_17_EDITED = """\
      Hợp tác, chia sẻ kinh nghiệm phát triển du lịch y tế gắn với du lịch sinh thái, nghỉ dưỡng.
    lead:
      - agency: so-du-lich
      - agency: so-y-te
        scope: du lịch y tế
"""


def _filled_forms(folder: Path, env: dict[str, str]) -> None:
    """Two forms as agencies send them back: Sở Du lịch's well filled, Sở Y tế's with two mistakes."""
    from openpyxl import load_workbook

    def form(agency: str, name: str, cells: dict[str, object]) -> None:
        run(folder, env, f'kehoach form --year 2025 --agency "{agency}" -o {name}')
        book = load_workbook(folder / name)
        sheet = book["Báo cáo"]
        rows = {sheet.cell(row=r, column=1).value: r for r in range(13, 60)}
        for ref, value in cells.items():
            sheet[re.sub(r"\{(\d+)\}", lambda m: str(rows[int(m.group(1))]), ref)] = value
        book.save(folder / name)

    form(
        "Sở Du lịch",
        "so-du-lich-da-dien.xlsx",
        {
            "C8": "05/BC-SDL",
            "C9": dt.datetime(2025, 9, 10),
            "E{12}": "Đang triển khai",
            "F{12}": "Phối hợp quảng bá du lịch chung",
        },
    )
    form("Sở Y tế", "so-y-te-da-dien.xlsx", {"E17": "xong", "F17": "=1+1"})


def _plan_text(folder: Path, env: dict[str, str]) -> None:
    """The seed's text beside the data, and the register without the plan it holds, to import it anew."""
    shutil.copyfile(
        DATA / "reference" / "ke-hoach-hop-tac-ha-noi-tphcm.txt", folder / "ke-hoach-hop-tac-ha-noi-tphcm.txt"
    )
    shutil.rmtree(folder / "plan" / "plans" / "hop-tac-hn-hcm-2024")


def _broken_data(folder: Path, env: dict[str, str]) -> None:
    """Mistakes people make: a task's `content` misspelt, an agency's id mistyped, two spaces in a name."""
    tasks = folder / "plan" / "plans" / "hop-tac-hn-hcm-2024" / "tasks.yaml"
    text = tasks.read_text(encoding="utf-8")
    text = text.replace("    content: >-", "    contents: >-", 1).replace(
        "agency: so-du-lich\n", "agency: so-du-lick\n", 1
    )
    tasks.write_text(text, encoding="utf-8")
    agencies = folder / "plan" / "agencies.yaml"
    agencies.write_text(
        agencies.read_text(encoding="utf-8").replace("name: Sở Y tế\n", "name: Sở  Y tế\n", 1),
        encoding="utf-8",
    )


def _template_with_a_slip(folder: Path, env: dict[str, str]) -> None:
    """A report template whose third line names a variable the report does not have."""
    (folder / "mau.md.j2").write_text("# Báo cáo năm {{ year }}\n\n{{ khong_co }}\n", encoding="utf-8")


def _no_libreoffice(folder: Path, env: dict[str, str]) -> None:
    """A PATH with git and nothing else (from here to the end of the page), as on an office PC without
    LibreOffice, whatever this machine has."""
    tools = folder / "bin"
    tools.mkdir(exist_ok=True)
    git = shutil.which("git")
    assert git is not None, "git is needed for the manual's examples"
    (tools / "git").symlink_to(git)
    env["PATH"] = str(tools)


PREPARE: dict[str, Callable[[Path, dict[str, str]], None]] = {
    "khong-libreoffice": _no_libreoffice,
    "du-lieu-loi": _broken_data,
    "mau-thieu-bien": _template_with_a_slip,
    "kho-git": _git_history,
    "van-ban-ke-hoach": _plan_text,
    "bieu-mau-da-dien": _filled_forms,
}


def run(
    folder: Path, env: dict[str, str], command: str, last: list[int] | None = None, cwd: Path | None = None
) -> str:
    """What `command` prints in `folder` (or in `cwd`), as a terminal would show it; the world's own
    path shows as `~`, its home."""
    words = shlex.split(command)
    if words == ["echo", "$?"]:
        return f"{(last or [0])[-1]}\n"
    if words[0] == "ls" and len(words) == 2:
        return "".join(f"{p.name}\n" for p in sorted((folder / words[1]).iterdir()))
    if words[0] != "kehoach":
        raise ValueError(f"the manual's examples run kehoach, echo $? and ls; not: {command}")
    done = subprocess.run(
        [sys.executable, "-m", "kehoach", *words[1:]],
        cwd=cwd or folder,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        timeout=300,
    )
    if last is not None:
        last.append(done.returncode)
    return done.stdout.decode("utf-8").replace(str(folder), "~")


def tidy(text: str) -> str:
    """Output as the manual shows it: no trailing spaces, no blank lines at the end, no byte-order mark
    (a CSV's, for Excel: a terminal shows nothing of it)."""
    text = text.removeprefix("\ufeff")
    return "\n".join(line.rstrip() for line in text.rstrip("\n").split("\n")) + "\n" if text.strip() else ""


def run_page(page: Path, folder: Path) -> list[tuple[Block, Step, str]]:
    """Every step of every block of `page`, in order, with what it printed."""
    env = world(folder)
    last: list[int] = []
    results = []
    for block in blocks(page):
        if block.prepare:
            PREPARE[block.prepare](folder, env)
        here = folder  # `$ cd DIR` lasts to the end of its block
        for step in block.steps:
            if step.command.startswith("cd "):
                here = (here / step.command[3:].strip()).resolve()
                printed = ""
            else:
                printed = tidy(run(folder, env, step.command, last, here))
            results.append((block, step, printed))
    return results


def refresh(page: Path, folder: Path) -> bool:
    """Rewrite `page`'s blocks with what their commands print now; True when something changed."""
    text = page.read_text(encoding="utf-8")
    results = run_page(page, folder)
    bodies: dict[tuple[int, int], str] = {}
    for block, step, printed in results:
        shown = step.expected if matches(step.expected, printed) else printed
        lines = f"$ {step.written}\n{shown}".splitlines()
        bodies[block.span] = bodies.get(block.span, "") + "".join(
            f"{block.indent}{x}".rstrip() + "\n" for x in lines
        )
    fresh = text
    for (start, end), body in sorted(bodies.items(), reverse=True):
        fresh = fresh[:start] + body + fresh[end:]
    if fresh != text:
        page.write_text(fresh, encoding="utf-8", newline="")
    return fresh != text


def main() -> int:
    import tempfile

    sys.path.insert(0, str(ROOT / "src"))
    chosen = [Path(a).resolve() for a in sys.argv[1:]] or [p for p in PAGES if blocks(p)]
    for page in chosen:
        with tempfile.TemporaryDirectory() as tmp:
            if refresh(page, Path(tmp)):
                print(f"{page.relative_to(ROOT)}: đã cập nhật ví dụ.")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Nothing is lost, nothing is left behind: `record` and `import` killed (SIGKILL) at random points.

Each round forks a writer from this process (so that it starts in a millisecond, not Python's start-up
time), kills it after a random delay spread over a whole write, then runs the next command to the end.
After every round: no temporary file of a killed write survives the next write to the same file, every
report parses and validates (never half-written), and nothing recorded before is lost (issue 24).
"""

from __future__ import annotations

import os
import random
import signal
import sys
import time
from pathlib import Path

import pytest

from conftest import run
from kehoach.cli import entry

ROUNDS = 200
# (agency, its report file, a task of its own); round n writes AGENCIES[n % 4], the last one by import
AGENCIES = (
    ("Sở Du lịch", "so-du-lich", "12"),
    ("Sở Y tế", "so-y-te", "16"),
    ("Sở Tài chính", "so-tai-chinh", "2"),
)
FORM_AGENCY = "so-noi-vu"


def _target(n: int) -> str:
    return AGENCIES[n % 4][1] if n % 4 < 3 else FORM_AGENCY


def _command(root: Path, n: int, form: Path) -> list[str]:
    if n % 4 == 3:
        return ["--data", str(root), "import", str(form), "--received", "12/09/2025", "--force"]
    agency, _, task = AGENCIES[n % 4]
    status = ("Đang triển khai", "Đã hoàn thành")[n % 2]
    return ["--data", str(root), "record", "-y", "2025", "-a", agency, "--received", "10/09/2025",
            "--task", task, "--status", status, "--result", f"lần {n}", "--force"]  # fmt: skip


def _in_child(args: list[str]) -> None:
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    try:
        entry.run(args)
    finally:
        os._exit(0)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="fork is what makes 200 rounds take seconds")
def test_killed_writes_lose_nothing_and_leave_nothing(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KEHOACH_CACHE_DIR", str(tmp_path / "cache"))  # killed cache writes too
    form = tmp_path / "form.xlsx"
    assert run(["--data", str(data), "form", "-y", "2025", "-a", "Sở Nội vụ", "-o", str(form)]).exit_code == 0
    rng = random.Random(24)
    start = time.perf_counter()
    assert run(_command(data, 0, form)).exit_code == 0
    span = max(time.perf_counter() - start, 0.05)  # one whole write, measured: kills fall all along it
    folder = data / "plan" / "reports" / "2025"
    sys.stdout.flush()
    sys.stderr.flush()
    for n in range(1, ROUNDS + 1):
        pid = os.fork()
        if pid == 0:
            _in_child(_command(data, n, form))
        time.sleep(rng.uniform(0, span * 1.2))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        result = run(_command(data, n, form))  # the same write again, to the end
        assert result.exit_code == 0, (n, result.stdout, result.stderr)
        name = _target(n) + ".yaml"
        assert not list(folder.glob(f".{name}.*.tmp")), (n, "a killed write's temporary file survived")
        assert f"lần {n}" in (folder / name).read_text(encoding="utf-8") or n % 4 == 3
    assert run(["--data", str(data), "validate"]).exit_code == 0  # every report whole and valid
    for agency in [a[1] for a in AGENCIES] + [FORM_AGENCY]:
        assert (folder / f"{agency}.yaml").is_file(), agency  # nothing recorded was lost
    assert ".*.tmp" in (data / "plan" / "reports" / ".gitignore").read_text(encoding="utf-8").splitlines()


def test_git_ignores_the_temporary_files_and_an_existing_gitignore_is_kept(tmp_path: Path) -> None:
    import subprocess

    from kehoach.files.atomic import ignore_temporary_files

    reports = tmp_path / "plan" / "reports"
    (reports / "2025").mkdir(parents=True)
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (reports / ".gitignore").write_bytes(
        b"# do\xcc\x81 ng cu\xcc\x89a ngu\xcc\x9bo\xcc\x9bi giu\xcc\x9b\r\n*.bak"
    )
    ignore_temporary_files(reports)
    ignore_temporary_files(reports)  # once only
    text = (reports / ".gitignore").read_bytes()
    assert text.startswith(b"# do\xcc\x81 ng cu\xcc\x89a ngu\xcc\x9bo\xcc\x9bi giu\xcc\x9b\r\n*.bak\r\n")
    assert text.count(b".*.tmp") == 1 and text.endswith(b".*.tmp\r\n")
    leftover = reports / "2025" / ".so-du-lich.yaml.a1b2c3.tmp"
    leftover.write_text("agency: so-du", encoding="utf-8")
    checked = subprocess.run(["git", "-C", str(tmp_path), "check-ignore", "-q", str(leftover)], check=False)
    assert checked.returncode == 0  # hidden from git status
    report = reports / "2025" / "so-du-lich.yaml"
    report.write_text("agency: so-du-lich\n", encoding="utf-8")
    assert (
        subprocess.run(
            ["git", "-C", str(tmp_path), "check-ignore", "-q", str(report)], check=False
        ).returncode
        == 1
    )

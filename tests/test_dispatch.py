"""The light dispatcher: declared by the typer app, answers queries and help alike, without typer."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import DATA, ROOT, run
from kehoach.cli import dispatch
from kehoach.cli.app import spec_source


def test_spec_is_the_typer_apps() -> None:
    committed = (ROOT / "src" / "kehoach" / "cli" / "spec.py").read_text(encoding="utf-8")
    assert committed == spec_source(), "cli/spec.py is stale: run `make spec`"


@pytest.mark.parametrize(
    "args",
    [
        ["tasks", "--agency", "Sở Du lịch"],
        ["tasks", "-a", "so ke hoach va dau tu", "--as-of", "2024-12-31"],
        ["tasks", "--agency=Sở Y tế", "--format=json"],
        ["tasks", "-a", "Sở Du lịch", "--direct", "--role", "lead", "--sector", "IV", "-f", "md"],
        ["tasks", "--format", "csv"],
        ["tasks", "-a", "khong co"],
        ["tasks", "--as-of", "32/1/2025"],
        ["tasks", "--direct"],
        ["task", "12", "--as-of", "01/01/2026"],
        ["task", "99"],
        ["agencies", "--kind", "ward", "-f", "csv"],
        ["agencies", "--kind", "ministry"],
        ["agency", "HPA", "-f", "json"],
        ["matrix", "--as-written", "-f", "md"],
        ["status", "-y", "2025", "--as-of", "2025-10-01", "-f", "json"],
        ["status", "-y", "2025", "--fail-on", "overdue"],
        ["status", "-y", "2025", "--tasks", "-a", "x"],
    ],
)
def test_the_light_path_answers_as_typer_does(args: list[str]) -> None:
    light = run(["--data", str(DATA), *args])
    typer = run(["--data", str(DATA), *args], fast=False)
    assert (light.exit_code, light.stdout, light.stderr) == (typer.exit_code, typer.stdout, typer.stderr)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["taks"], "Không có lệnh «taks». Có phải ý bạn là: tasks"),
        (
            ["tasks", "--agancy", "x"],
            "Không có tùy chọn --agancy của lệnh tasks. Có phải ý bạn là: --agency?",
        ),
        (["tasks", "-a", "A", "--agency", "B"], "Tùy chọn --agency được ghi nhiều lần («A», «B»)"),
        (["status", "-y", "2025", "-y", "2024"], "Tùy chọn -y được ghi nhiều lần («2025», «2024»)"),
        (
            ["record", "-y", "2025", "-a", "x", "--received", "1/9/2025", "--received", "2/9/2025"],
            "ghi nhiều lần",
        ),
        (["tasks", "--direct=yes"], "Tùy chọn --direct không nhận giá trị."),
        (["tasks", "--data", "x"], "--data là tùy chọn chung, ghi trước tên lệnh"),
        (["status", "-y", "năm nay"], "Giá trị không hợp lệ cho -y: «năm nay» không phải số nguyên."),
    ],
)
def test_usage_errors_are_one_vietnamese_line(args: list[str], message: str) -> None:
    result = run(args)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1].startswith("Lỗi: ") and message in result.stderr
    assert result.stderr.splitlines()[0].startswith("Cách dùng: kehoach")


@pytest.mark.parametrize("command", [None, *dispatch.SPEC["commands"]])
def test_every_help_page_is_vietnamese(command: str | None) -> None:
    result = run([command, "--help"] if command else ["--help"])
    assert result.exit_code == 0
    assert result.stdout.startswith("Cách dùng: kehoach")
    for english in ("Usage", "OPTIONS", "COMMAND", "ARGS", "Options", "[default", "<int>", "TEXT", "INTEGER"):
        assert english not in result.stdout, english


QUERIES = [
    ["tasks", "--agency", "Sở Du lịch"],
    ["task", "12"],
    ["agencies"],
    ["agency", "Sở Du lịch"],
    ["matrix"],
    ["status", "--year", "2025"],
    ["--help"],
    ["status", "--help"],
]


@pytest.mark.parametrize("args", QUERIES, ids=lambda a: " ".join(a))
def test_queries_and_help_load_no_heavy_module(args: list[str]) -> None:
    code = (
        "import sys\n"
        "from kehoach.cli.entry import main\n"
        f"try:\n    main({['--data', str(DATA), *args]!r})\nexcept SystemExit as exc:\n    code = exc.code\n"
        "heavy = ('typer', 'click', 'pydantic', 'ruamel.yaml', 'jinja2', 'rapidfuzz', 'docxtpl')\n"
        "print(code, [m for m in heavy if m in sys.modules], file=sys.stderr)\n"
    )
    warm = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )  # fills the cache
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert warm.stderr.splitlines()[-1].startswith("0 ")
    assert done.stderr.splitlines()[-1] == "0 []"


def test_completion_goes_to_typer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("_KEHOACH_COMPLETE", "complete_bash")
    assert dispatch.run(["tasks"]) is None

"""The fast path for `kehoach tasks` accepts exactly typer's options and prints the same."""

from __future__ import annotations

import pytest
import typer.main

from conftest import DATA, run
from kehoach.cli import fastpath
from kehoach.cli.app import app


def typer_options(command: object) -> dict[str, tuple[str, bool]]:
    options = {}
    for param in command.params:  # type: ignore[attr-defined]
        if param.name in ("help", "version", "install_completion", "show_completion"):
            continue
        for opt in param.opts:
            options[opt] = (param.name, not param.is_flag)
    return options


def test_spec_is_typers() -> None:
    group = typer.main.get_command(app)
    assert typer_options(group) == fastpath.GLOBAL
    for name, spec in fastpath.SPEC.items():
        assert spec == typer_options(group.commands[name]), name  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "args",
    [
        ["tasks", "--agency", "Sở Du lịch"],
        ["tasks", "-a", "so ke hoach va dau tu", "--as-of", "2024-12-31"],
        ["tasks", "--agency=Sở Y tế", "--format=json"],
        ["tasks", "-a", "Sở Du lịch", "--direct", "--role", "lead", "--sector", "IV", "-f", "md"],
        ["tasks", "--format", "csv"],
        ["tasks", "-a", "du lich"],
        ["tasks", "-a", "khong co"],
        ["tasks", "--as-of", "32/1/2025"],
        ["tasks", "--direct"],
        ["tasks", "-f", "xml"],
    ],
)
def test_both_paths_answer_alike(args: list[str]) -> None:
    assert fastpath.parse(["--data", str(DATA), *args]) is not None
    fast = run(["--data", str(DATA), *args])
    slow = run(["--data", str(DATA), *args], fast=False)
    assert (fast.exit_code, fast.stdout, fast.stderr) == (slow.exit_code, slow.stdout, slow.stderr)


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["tasks", "--help"],
        ["tasks", "-h"],
        ["--version"],
        ["validate"],
        ["task", "1"],
        ["tasks", "--agency"],
        ["tasks", "--agency", "a", "--agency", "b"],
        ["tasks", "--direct=yes"],
        ["tasks", "--unknown"],
        ["tasks", "extra"],
        ["--data", "x"],
    ],
)
def test_anything_else_goes_to_typer(args: list[str]) -> None:
    assert fastpath.parse(args) is None


def test_completion_goes_to_typer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("_KEHOACH_COMPLETE", "complete_bash")
    assert fastpath.parse(["tasks"]) is None

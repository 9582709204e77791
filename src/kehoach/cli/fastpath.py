"""The most-run query, answered without loading the CLI framework.

`kehoach tasks …` is what staff run most, and typer with its standard-library
imports costs more than the answer itself. For a command line that is plainly a
`tasks` query (known options, each once, no help, no completion), this module
parses it and calls the same `commands.run_tasks` as the typer command; any
other command line returns None and goes to typer, which owns help, errors and
every other command. tests/test_fastpath.py keeps SPEC equal to the typer
options and checks that both paths print the same.
"""

from __future__ import annotations

import os
from typing import Any

# option -> (parameter, takes a value); the global option comes before the command
GLOBAL = {"--data": ("data", True), "--rev": ("rev", True)}
SPEC: dict[str, dict[str, tuple[str, bool]]] = {
    "tasks": {
        "--agency": ("agency", True),
        "-a": ("agency", True),
        "--role": ("role", True),
        "--sector": ("sector", True),
        "--direct": ("direct", False),
        "--as-of": ("as_of", True),
        "--format": ("fmt", True),
        "-f": ("fmt", True),
    }
}


def parse(args: list[str]) -> tuple[str, dict[str, Any]] | None:
    """(command, options) for a plain query, or None to leave it to typer."""
    if any(name.endswith("_COMPLETE") for name in os.environ if name.startswith("_KEHOACH")):
        return None  # shell completion is typer's
    options: dict[str, Any] = {}
    command: str | None = None
    i = 0
    while i < len(args):
        word = args[i]
        spec = GLOBAL if command is None else SPEC[command]
        if command is None and word in SPEC:
            command = word
            i += 1
            continue
        name, _, inline = word.partition("=") if word.startswith("--") else (word, "", "")
        if name not in spec:
            return None
        param, takes_value = spec[name]
        if param in options:
            return None
        if not takes_value:
            if inline:
                return None
            options[param] = True
            i += 1
            continue
        if inline:
            value = inline
            i += 1
        elif i + 1 < len(args) and not args[i + 1].startswith("-"):
            value = args[i + 1]
            i += 2
        else:
            return None
        options[param] = value
    if command is None:
        return None
    return command, options


def run(args: list[str]) -> bool:
    """Answer `args` here if it is a plain query; False to hand it to typer."""
    parsed = parse(args)
    if parsed is None:
        return False
    _, options = parsed
    from kehoach.cli.commands import run_tasks
    from kehoach.errors import KehoachError

    data = options.pop("data", None) or os.environ.get("KEHOACH_DATA") or None
    try:
        run_tasks(data, **options)
    except KehoachError as exc:
        exc.report()
    return True

"""The `kehoach` script: the light dispatcher for help and queries, typer for everything else."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    from kehoach.cli import dispatch

    code = dispatch.run(args)
    if code is not None:
        sys.exit(code)
    from kehoach.cli.app import main as cli_main

    cli_main(args)

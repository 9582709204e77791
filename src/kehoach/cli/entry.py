"""The `kehoach` script: the fast path for plain queries, typer for everything else."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    from kehoach.cli import fastpath

    if fastpath.run(args):
        sys.exit(0)
    from kehoach.cli.app import main as cli_main

    cli_main(args)

"""The `kehoach` script: the light dispatcher for help and queries, typer for everything else.

Whatever the machine refuses (a full disk, /dev/full as stdout, a folder that
cannot be read) ends in one `Lỗi:` line and exit 1, not a traceback; a reader
that goes away (`kehoach tasks | head`) ends quietly.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    try:
        try:
            code = _run(args)
        except SystemExit as done:
            code = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
        sys.exit(141)
    except OSError as exc:
        _silence_stdout()
        from kehoach.errors import os_message
        from kehoach.escape import log_safe

        where = f" ({exc.filename})" if exc.filename else ""
        what = os_message(exc)
        sys.stderr.write(log_safe(f"Lỗi: {what[:1].upper()}{what[1:]}{where}.") + "\n")
        sys.exit(1)
    sys.exit(code)


def _run(args: list[str]) -> int:
    from kehoach.cli import dispatch

    code = dispatch.run(args)
    if code is not None:
        return code
    from kehoach.cli.app import main as cli_main

    cli_main(args)
    return 0


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so that Python's own flush at exit fails no more."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass

"""The `kehoach` script, and the one error boundary: parse, run, and turn every known failure into a line.

`main` parses the command line once (cli/dispatch.py), prints help or runs the
command (cli/commands.py), and is the only place that ends the process. A
KehoachError becomes one `Lỗi:` line on stderr with its exit code (a command
line that does not parse: under the command's usage line, exit 2); whatever the
machine refuses (a full disk, /dev/full as stdout, a folder that cannot be read)
becomes one line and exit 1; Ctrl-C, "Đã dừng." and exit 130; a reader that
goes away (`kehoach tasks | head`) ends quietly. Anything else is a bug and shows
its traceback. Shell completion (Tab) is typer's, from the same declarations.
"""

from __future__ import annotations

import os
import sys

from kehoach.tuples import TYPE_CHECKING

if TYPE_CHECKING:
    from kehoach.errors import KehoachError

EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141


def main(argv: list[str] | None = None) -> None:
    """Entry point of the `kehoach` script."""
    _speak_vietnamese()
    sys.exit(run(sys.argv[1:] if argv is None else argv))


def _speak_vietnamese() -> None:
    """Standard output and error in UTF-8 when their encoding cannot write Vietnamese: on Windows, output
    sent to a file or a pipe (`kehoach tasks > viec.txt`, CI logs) is in the ANSI code page (cp1252),
    where "Sở" cannot be written; the console itself already takes Unicode."""
    for stream in (sys.stdout, sys.stderr):
        encoding = getattr(stream, "encoding", None) or "ascii"
        try:
            "Sở Du lịch".encode(encoding)
        except (LookupError, UnicodeEncodeError):
            reconfigure = getattr(stream, "reconfigure", None)
            if reconfigure is not None:
                reconfigure(encoding="utf-8")


def run(args: list[str]) -> int:
    """Run one command line; its exit code (messages already written)."""
    from kehoach.errors import KehoachError

    try:
        try:
            code = _run(args)
        except KehoachError as exc:
            code = _refused(exc)
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_BROKEN_PIPE
    except KeyboardInterrupt:
        from kehoach.terminal import tell

        tell("Đã dừng.")
        return EXIT_INTERRUPTED
    except OSError as exc:
        _silence_stdout()
        from kehoach.errors import EXIT_PROBLEMS, os_message
        from kehoach.terminal import tell

        where = f" ({exc.filename})" if exc.filename else ""
        what = os_message(exc)
        tell(f"Lỗi: {what[:1].upper()}{what[1:]}{where}.")
        return EXIT_PROBLEMS
    return code


def _run(args: list[str]) -> int:
    from kehoach.cli import dispatch

    if dispatch.is_completion(args):
        return _complete(args)
    parsed = dispatch.parse(args)
    if parsed.options.get("version"):
        from kehoach import __version__
        from kehoach.terminal import say

        say(f"{dispatch.PROG} {__version__}")
        return 0
    if parsed.help or parsed.command is None:
        from kehoach.terminal import say

        say(dispatch.help_text(parsed.command), end="")
        from kehoach.errors import EXIT_USAGE

        return 0 if parsed.help else EXIT_USAGE  # no command: the help, as a usage error
    from kehoach.cli.commands import run as run_command

    return run_command(parsed.command, parsed.options)


def _refused(exc: KehoachError) -> int:
    """Print a known failure; its exit code."""
    from kehoach.cli.dispatch import PROG, usage_line
    from kehoach.errors import CommandLineError
    from kehoach.terminal import tell

    if isinstance(exc, CommandLineError):
        where = f"{PROG} {exc.command}" if exc.command else PROG
        tell(f"{usage_line(exc.command)}\nXem: {where} --help")
    tell(f"Lỗi: {exc.message}")
    return exc.exit_code


def _complete(args: list[str]) -> int:
    """Shell completion: typer reads the declarations (cli/app.py) and answers the shell."""
    from kehoach.cli.app import app

    try:
        app(args, prog_name="kehoach")
    except SystemExit as done:
        return done.code if isinstance(done.code, int) else 0
    return 0


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so that Python's own flush at exit fails no more."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass

"""The light dispatcher: every help page and every read-only query, without loading typer.

The command line is declared once, in the typer app (cli/app.py); cli/spec.py is
that declaration as plain data (`make spec`, kept equal by a test). From it this
module parses any command line, prints help in Vietnamese, refuses what is wrong
(unknown command or option, a repeated option, a missing or bad value) with one
`Lỗi:` line and exit 2, and runs the read-only queries (tasks, task, agencies,
agency, matrix, status) through the same functions as the typer commands
(cli/commands.py). Writing commands and shell completion go on to typer.
"""

from __future__ import annotations

import os
import sys
from typing import Any, NamedTuple

from kehoach.cli.spec import SPEC
from kehoach.errors import EXIT_USAGE, UsageError

PROG = "kehoach"
# command -> the function of cli/commands.py that answers it (same as the typer command calls)
QUERIES = {
    "tasks": "run_tasks",
    "task": "run_task",
    "agencies": "run_agencies",
    "agency": "run_agency",
    "matrix": "run_matrix",
    "status": "run_status",
}
HELP = ("-h", "--help")
_HELP_LINE = "Hiện hướng dẫn này rồi thoát."
_COMPLETION = (
    ("--install-completion", "Cài gợi ý hoàn thành lệnh (Tab) cho shell đang dùng."),
    ("--show-completion", "In đoạn mã gợi ý hoàn thành lệnh cho shell đang dùng, để sao chép, tùy chỉnh."),
)


class Parsed(NamedTuple):
    command: str | None
    options: dict[str, Any]  # dest -> value, global options included
    help: bool
    order: tuple[tuple[str, Any], ...] = ()  # (dest, value) as typed: what `record` groups by


class Usage(UsageError):
    """Bad usage of one command: the message, after the command's usage line."""

    def __init__(self, message: str, command: str | None) -> None:
        super().__init__(message)
        self.command = command

    def report(self) -> Any:
        where = f"{PROG} {self.command}" if self.command else PROG
        sys.stderr.write(f"{usage_line(self.command)}\nXem: {where} --help\n")
        sys.stderr.write(f"Lỗi: {self.message}\n")
        sys.exit(EXIT_USAGE)


def run(args: list[str]) -> int | None:
    """Answer `args` here (the exit code), or None to hand them to typer."""
    if any(name.startswith("_KEHOACH") and name.endswith("_COMPLETE") for name in os.environ):
        return None  # shell completion is typer's
    if any(arg in ("--install-completion", "--show-completion") for arg in args):
        return None
    try:
        parsed = parse(args)
    except Usage as exc:
        exc.report()
    if parsed.options.get("version"):
        from kehoach import __version__

        sys.stdout.write(f"{PROG} {__version__}\n")
        return 0
    if parsed.help or parsed.command is None:
        sys.stdout.write(help_text(parsed.command))
        return 0 if parsed.help else EXIT_USAGE  # no command: the help, as a usage error
    if parsed.command not in QUERIES:
        return None
    from kehoach.cli import commands
    from kehoach.errors import KehoachError

    options = dict(parsed.options)
    data = options.pop("data", None)
    options.pop("version", None)
    try:
        code: int = getattr(commands, QUERIES[parsed.command])(data, **options)
    except KehoachError as exc:
        exc.report()
    return code


# --- parsing -------------------------------------------------------------------------


def _index(options: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {name: option for option in options for name in option["names"]}


def parse(args: list[str]) -> Parsed:
    """The command and its options, checked against the declaration; Usage on any mistake."""
    commands: dict[str, Any] = SPEC["commands"]
    values: dict[str, Any] = {}
    command: str | None = None
    known = _index(SPEC["options"])
    positional: list[str] = []
    order: list[tuple[str, Any]] = []
    i = 0
    only_positional = False
    while i < len(args):
        word = args[i]
        i += 1
        if only_positional or not word.startswith("-") or word == "-":
            if command is None:
                if word not in commands:
                    raise Usage(f"Không có lệnh «{word}».{_near(word, commands)}", None)
                command = word
                known = _index(commands[command]["options"])
            else:
                positional.append(word)
            continue
        if word == "--":
            only_positional = True
            continue
        if word in HELP:
            return Parsed(command, values, True)
        name, inline = _split(word)
        option = known.get(name)
        if option is None and command is not None and name in _index(SPEC["options"]):
            raise Usage(f"{name} là tùy chọn chung, ghi trước tên lệnh: {PROG} {name} … {command} …", command)
        if option is None:
            where = f" của lệnh {command}" if command else ""
            raise Usage(f"Không có tùy chọn {name}{where}.{_near(name, known)}", command)
        dest = option["dest"]
        if option["flag"]:
            if inline is not None:
                raise Usage(f"Tùy chọn {name} không nhận giá trị.", command)
            value: Any = True
        else:
            if inline is None:
                if i >= len(args) or (args[i].startswith("-") and args[i] != "-"):
                    raise Usage(f"Tùy chọn {name} cần một giá trị.", command)
                inline = args[i]
                i += 1
            value = _convert(inline, name, option, command)
        order.append((dest, value))
        if option["many"]:
            values.setdefault(dest, []).append(value)
        elif dest in values:
            raise Usage(
                f"Tùy chọn {name} được ghi nhiều lần («{values[dest]}», «{value}»); mỗi lần chạy chỉ nhận "
                "một giá trị — hãy chạy lệnh nhiều lần.",
                command,
            )
        else:
            values[dest] = value
    if command is None:
        return Parsed(None, values, False)
    spec = commands[command]
    for option in spec["options"]:
        if option["required"] and option["dest"] not in values:
            raise Usage(f"Thiếu {option['names'][0]}.", command)
    arguments = spec["arguments"]
    for argument in arguments:
        if argument["many"]:
            metavar = argument["metavar"]
            values[argument["dest"]] = [_convert(p, metavar, argument, command) for p in positional]
            positional = []
        elif positional:
            values[argument["dest"]] = _convert(positional.pop(0), argument["metavar"], argument, command)
        elif argument["required"]:
            raise Usage(f"Thiếu {argument['metavar']}.", command)
    if positional:
        raise Usage(f"Thừa tham số: {' '.join(positional)}.", command)
    return Parsed(command, values, False, tuple(order))


def _split(word: str) -> tuple[str, str | None]:
    """ "--agency=X" -> ("--agency", "X"); "-aX" -> ("-a", "X"); "--direct" -> ("--direct", None)."""
    if word.startswith("--"):
        name, equals, value = word.partition("=")
        return name, value if equals else None
    return word[:2], word[2:] or None


def _convert(text: str, name: str, option: dict[str, Any], command: str | None) -> Any:
    if not option["int"]:
        return text
    try:
        return int(text)
    except ValueError:
        raise Usage(f"Giá trị không hợp lệ cho {name}: «{text}» không phải số nguyên.", command) from None


def _near(word: str, choices: Any) -> str:
    import difflib

    close = difflib.get_close_matches(word, sorted(choices), n=3, cutoff=0.6)
    return f" Có phải ý bạn là: {', '.join(close)}?" if close else ""


# --- help ----------------------------------------------------------------------------


def usage_line(command: str | None) -> str:
    if command is None:
        return f"Cách dùng: {PROG} [TÙY_CHỌN_CHUNG] LỆNH [TÙY_CHỌN] [THAM_SỐ]…"
    spec = SPEC["commands"][command]
    words = [f"Cách dùng: {PROG} {command}"]
    if spec["options"]:
        words.append("[TÙY_CHỌN]")
    for argument in spec["arguments"]:
        words.append(argument["metavar"] if argument["required"] else f"[{argument['metavar']}]")
    return " ".join(words)


def help_text(command: str | None) -> str:
    """The help page of `command` (or of kehoach), in Vietnamese, wrapped to the terminal."""
    width = _width()
    out = [usage_line(command), ""]
    if command is None:
        out += [*_wrap(SPEC["help"], width), "", "Tùy chọn chung:"]
        rows = [_option_row(o) for o in SPEC["options"]]
        rows += [("-h, --help", _HELP_LINE), *_COMPLETION]
        out += _table(rows, width)
        out += ["", "Lệnh:"]
        out += _table([(name, c["help"].split("\n", 1)[0]) for name, c in SPEC["commands"].items()], width)
        out += ["", f"Hướng dẫn từng lệnh: {PROG} LỆNH --help"]
        return "\n".join(out) + "\n"
    spec = SPEC["commands"][command]
    for paragraph in spec["help"].split("\n\n"):
        out += [*_wrap(paragraph, width), ""]
    if spec["arguments"]:
        out.append("Tham số:")
        out += _table([(a["metavar"], a["help"]) for a in spec["arguments"]], width)
        out.append("")
    out.append("Tùy chọn:")
    rows = [_option_row(o) for o in spec["options"]] + [("-h, --help", _HELP_LINE)]
    out += _table(rows, width)
    out += ["", f"Tùy chọn chung (--data, --rev) ghi trước tên lệnh: {PROG} --help."]
    return "\n".join(out) + "\n"


def _option_row(option: dict[str, Any]) -> tuple[str, str]:
    names = sorted(option["names"], key=len)
    label = ", ".join(names) + (f" {option['metavar']}" if not option["flag"] and option["metavar"] else "")
    text = option["help"]
    if option["required"]:
        text += " [bắt buộc]"
    if option["many"]:
        text += " [lặp lại được]"
    if option.get("envvar"):
        text += f" [biến môi trường: {option['envvar']}]"
    return label, text


def _width() -> int:
    try:
        columns = int(os.environ.get("COLUMNS", "0")) or os.get_terminal_size().columns
    except (OSError, ValueError):
        columns = 80
    return max(40, min(columns, 100))


def _wrap(text: str, width: int, indent: str = "  ") -> list[str]:
    import textwrap

    lines = textwrap.wrap(" ".join(text.split()), width, initial_indent=indent, subsequent_indent=indent)
    return lines or [""]


def _table(rows: list[tuple[str, str]], width: int) -> list[str]:
    """Two columns: the name, and its text wrapped beside it (below it when the name is long)."""
    import textwrap

    left = min(max(len(name) for name, _ in rows) + 4, 30)
    out = []
    for name, text in rows:
        lines = textwrap.wrap(" ".join(text.split()), max(width - left, 20)) or [""]
        if len(name) + 4 > left:
            out.append(f"  {name}")
            out += [" " * left + line for line in lines]
        else:
            out.append(f"  {name}".ljust(left) + lines[0])
            out += [" " * left + line for line in lines[1:]]
    return out

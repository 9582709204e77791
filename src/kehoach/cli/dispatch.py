"""The one command-line parser: every command, reading or writing, parsed once, without typer.

The command line is declared once, in typer (cli/app.py); cli/spec.py is that
declaration as plain data (`make spec`, kept equal by a test). From it this
module parses any command line, prints help in Vietnamese, and refuses what is
wrong with one `Lỗi:` line under the command's usage line and exit 2: an unknown
command or option, a repeated option, a missing or bad value (a whole number, one
of fixed choices, a path that must be a folder or an existing file), a value of a
repeated group (`record --task 8 --status …`) with no group to go to. It returns a
`Parsed` value; cli/entry.py hands it to the command's function in cli/commands.py.
typer runs only for shell completion, from the same declarations.
"""

from __future__ import annotations

import os

from kehoach.cli.spec import SPEC
from kehoach.errors import CommandLineError
from kehoach.tuples import Any, NamedTuple

PROG = "kehoach"
HELP = ("-h", "--help")
COMPLETION = ("--install-completion", "--show-completion")
_HELP_LINE = "Hiện hướng dẫn này rồi thoát."
_COMPLETION = (
    ("--install-completion", "Cài gợi ý hoàn thành lệnh (Tab) cho shell đang dùng."),
    ("--show-completion", "In đoạn mã gợi ý hoàn thành lệnh cho shell đang dùng, để sao chép, tùy chỉnh."),
)


class Parsed(NamedTuple):
    """A command line, checked: the command (None: none given) and a value for every option."""

    command: str | None
    options: dict[str, Any]  # dest -> value: every option of the command and the global ones
    help: bool = False


def is_completion(args: list[str]) -> bool:
    """Whether this run is shell completion (typer's), not a command."""
    return any(a in COMPLETION for a in args) or any(
        name.startswith("_KEHOACH") and name.endswith("_COMPLETE") for name in os.environ
    )


def _index(options: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {name: option for option in options for name in option["names"]}


class _Reader:
    """Reads the words of one command line in order; knows which command they are for."""

    def __init__(self, args: list[str]) -> None:
        self.args = args
        self.command: str | None = None
        self.known = _index(SPEC["options"])
        self.positional: list[str] = []
        self.typed: list[tuple[dict[str, Any], str, Any]] = []  # (option, name as typed, value) in order

    def refuse(self, message: str) -> CommandLineError:
        return CommandLineError(message, self.command)

    def read(self) -> bool:
        """Sort every word into the command, options and positional words; True when help is asked."""
        args, i, only_positional = self.args, 0, False
        while i < len(args):
            word = args[i]
            i += 1
            if only_positional or not word.startswith("-") or word == "-":
                self._word(word)
            elif word == "--":
                only_positional = True
            elif word in HELP:
                return True
            else:
                i = self._option(word, i)
        return False

    def _word(self, word: str) -> None:
        if self.command is not None:
            self.positional.append(word)
            return
        commands = SPEC["commands"]
        if word not in commands:
            raise self.refuse(f"Không có lệnh «{word}».{_near(word, commands)}")
        self.command = word
        self.known = _index(commands[word]["options"])

    def _option(self, word: str, i: int) -> int:
        name, inline = _split(word)
        option = self.known.get(name)
        if option is None and self.command is not None and name in _index(SPEC["options"]):
            raise self.refuse(
                f"{name} là tùy chọn chung, ghi trước tên lệnh: {PROG} {name} … {self.command} …"
            )
        if option is None:
            where = f" của lệnh {self.command}" if self.command else ""
            raise self.refuse(f"Không có tùy chọn {name}{where}.{_near(name, self.known)}")
        if option["flag"]:
            if inline is not None:
                raise self.refuse(f"Tùy chọn {name} không nhận giá trị.")
            self.typed.append((option, name, True))
            return i
        if inline is None:
            if i >= len(self.args) or (self.args[i].startswith("-") and self.args[i] != "-"):
                raise self.refuse(f"Tùy chọn {name} cần một giá trị.")
            inline = self.args[i]
            i += 1
        self.typed.append((option, name, _convert(inline, name, option, self.command)))
        return i


def parse(args: list[str]) -> Parsed:
    """The command and its options, checked against the declaration; CommandLineError on any mistake."""
    reader = _Reader(args)
    if reader.read():
        return Parsed(reader.command, {}, True)
    command = reader.command
    declared = SPEC["options"] + (SPEC["commands"][command]["options"] if command else [])
    values: dict[str, Any] = {o["dest"]: [] if o["many"] else o["default"] for o in declared}
    spec = SPEC["commands"][command] if command else {"groups": [], "arguments": []}
    grouped = _groups(reader, spec["groups"], values)
    seen: dict[str, str] = {}
    for option, name, value in reader.typed:
        dest = option["dest"]
        if dest in grouped:
            continue
        if option["many"]:
            values[dest].append(value)
        elif dest in seen:
            raise reader.refuse(
                f"Tùy chọn {name} được ghi nhiều lần («{seen[dest]}», «{value}»); mỗi lần chạy chỉ nhận "
                "một giá trị — hãy chạy lệnh nhiều lần."
            )
        else:
            seen[dest] = value
            values[dest] = value
    _environment(reader, declared, seen, values)
    if command is None:
        return Parsed(None, values)
    for option in spec["options"]:
        if option["required"] and option["dest"] not in seen and not values[option["dest"]]:
            raise reader.refuse(f"Thiếu {option['names'][0]}.")
    _arguments(reader, spec["arguments"], values)
    if spec["no_rev"] and values.get("rev") is not None:
        raise reader.refuse(spec["no_rev"])
    return Parsed(command, values)


def _groups(reader: _Reader, groups: list[dict[str, Any]], values: dict[str, Any]) -> set[str]:
    """Gather each declared group's members under the opener before them; the options groups own."""
    openers = {g["opener"]: g for g in groups}
    member_of = {m: g for g in groups for m in g["members"]}
    current: tuple[dict[str, Any], dict[str, Any]] | None = None  # (its declaration, the group's values)
    top: dict[str, Any] = {}
    for option, name, value in reader.typed:
        dest = option["dest"]
        if dest in openers:
            current = (openers[dest], {dest: value})
            values[dest].append(current[1])
            continue
        group = member_of.get(dest)
        if group is None:
            continue
        if current is not None and current[0] is group:
            where, target = group["label"].format(current[1][group["opener"]]), current[1]
        elif group["alone"]:
            where, target = "lệnh", top
        else:
            opener = _option_named(reader, group["opener"])
            raise reader.refuse(f"{name} phải đứng sau {opener} (nhóm mà nó thuộc về).")
        if dest in target:
            raise reader.refuse(
                f"{name} được ghi nhiều lần cho {where} («{target[dest]}», «{value}»); "
                "mỗi chỗ chỉ nhận một giá trị."
            )
        target[dest] = value
    for group in groups:
        for member in group["members"]:
            if group["alone"]:  # also the command's own, before any opener
                values[member] = top.get(member)
            else:  # only ever inside its groups
                values.pop(member, None)
        for opened in values[group["opener"]]:
            for needed in group.get("required", ()):
                if needed not in opened:
                    label = group["label"].format(opened[group["opener"]])
                    missing, after = _option_named(reader, needed), _option_named(reader, group["opener"])
                    raise reader.refuse(f"{label[:1].upper()}{label[1:]}: thiếu {missing} sau {after}.")
    return set(openers) | set(member_of)


def _option_named(reader: _Reader, dest: str) -> str:
    names: list[str] = next(o["names"] for o in reader.known.values() if o["dest"] == dest)
    return max(names, key=len)


def _environment(
    reader: _Reader, declared: list[dict[str, Any]], seen: dict[str, str], values: dict[str, Any]
) -> None:
    """Options not typed but set in their environment variable (KEHOACH_DATA), checked the same way."""
    for option in declared:
        variable = option.get("envvar")
        if variable and option["dest"] not in seen and os.environ.get(variable):
            values[option["dest"]] = _convert(
                os.environ[variable],
                f"{option['names'][0]} (biến môi trường {variable})",
                option,
                reader.command,
            )


def _arguments(reader: _Reader, arguments: list[dict[str, Any]], values: dict[str, Any]) -> None:
    positional = reader.positional
    for argument in arguments:
        metavar = argument["metavar"]
        if argument["many"]:
            values[argument["dest"]] = [_convert(p, metavar, argument, reader.command) for p in positional]
            positional = []
            if argument["required"] and not values[argument["dest"]]:
                raise reader.refuse(f"Thiếu {metavar.rstrip('…')} (một hoặc nhiều).")
        elif positional:
            values[argument["dest"]] = _convert(positional.pop(0), metavar, argument, reader.command)
        elif argument["required"]:
            raise reader.refuse(f"Thiếu {metavar}.")
        else:
            values[argument["dest"]] = None
    if positional:
        raise reader.refuse(f"Thừa tham số: {' '.join(positional)}.")


def _split(word: str) -> tuple[str, str | None]:
    """ "--agency=X" -> ("--agency", "X"); "-aX" -> ("-a", "X"); "--direct" -> ("--direct", None)."""
    if word.startswith("--"):
        name, equals, value = word.partition("=")
        return name, value if equals else None
    return word[:2], word[2:] or None


def _convert(text: str, name: str, option: dict[str, Any], command: str | None) -> Any:
    """The value as the declaration wants it: a whole number, one of the choices, a path of the right kind."""
    bad = f"Giá trị không hợp lệ cho {name}: «{text}»"
    if option["int"]:
        try:
            return int(text)
        except ValueError:
            raise CommandLineError(f"{bad} không phải số nguyên.", command) from None
    choices = option.get("choices")
    if choices is not None and text not in choices:
        raise CommandLineError(f"{bad}. Chọn một trong: {', '.join(choices)}.", command)
    path = option.get("path")
    if path is not None:
        problem = _path_problem(text, path)
        if problem:
            raise CommandLineError(f"{bad} {problem}", command)
    return text


def _path_problem(text: str, kind: dict[str, bool]) -> str | None:
    """What is wrong with a path given where the declaration wants a folder, a file, or one that exists."""
    if os.path.isdir(text):
        return None if kind["dir"] else "là một thư mục; cần một tệp."
    if os.path.exists(text):
        return None if kind["file"] else "là một tệp; cần một thư mục."
    if kind["exists"]:
        return "không tồn tại."
    return None


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


def summary(help_text: str) -> str:
    """A command's line in `kehoach --help`: the first paragraph of its help, whole (a docstring's first
    line would end mid-phrase)."""
    return " ".join(help_text.split("\n\n", 1)[0].split())


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
        out += _table([(name, summary(c["help"])) for name, c in SPEC["commands"].items()], width)
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

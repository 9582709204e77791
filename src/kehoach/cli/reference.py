"""The manual's command reference (docs/tham-khao/lenh.md), written from cli/spec.py: every command,
argument, option, default, choice and environment variable, as the parser knows them (`make manual`;
a test keeps the page current)."""

from __future__ import annotations

from kehoach.cli.dispatch import PROG, summary, usage_line
from kehoach.cli.spec import SPEC
from kehoach.tuples import Any


def _cell(text: str) -> str:
    """`text` as one Markdown table cell: one line, no column break, no HTML."""
    text = " ".join(text.split())
    return text.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")


def _default(option: dict[str, Any]) -> str:
    value = option["default"]
    if option["flag"] or value in (None, False, [], ()):
        return ""
    return f"`{value}`"


def _values(option: dict[str, Any]) -> str:
    if option["choices"]:
        return ", ".join(f"`{c}`" for c in option["choices"])
    if option["int"]:
        return "số nguyên"
    path = option["path"]
    if path:
        kind = (
            "thư mục"
            if path["dir"] and not path["file"]
            else "tệp"
            if not path["dir"]
            else "tệp hoặc thư mục"
        )
        return f"{kind}{' có sẵn' if path['exists'] else ''}"
    return ""


def _options_table(options: list[dict[str, Any]]) -> list[str]:
    lines = ["| tùy chọn | ý nghĩa | giá trị | mặc định |", "| --- | --- | --- | --- |"]
    for option in options:
        names = ", ".join(f"`{n}`" for n in sorted(option["names"], key=len))
        if not option["flag"] and option["metavar"]:
            names += f" {_cell(option['metavar'])}"
        notes = []
        if option["required"]:
            notes.append("bắt buộc")
        if option["many"]:
            notes.append("lặp lại được")
        if option.get("envvar"):
            notes.append(f"biến môi trường `{option['envvar']}`")
        meaning = _cell(option["help"]) + (f" ({'; '.join(notes)})" if notes else "")
        lines.append(f"| {names} | {meaning} | {_values(option)} | {_default(option)} |")
    return lines


def _groups(command: dict[str, Any]) -> list[str]:
    by_dest = {o["dest"]: o for o in command["options"]}
    lines = []
    for group in command["groups"]:
        opener = sorted(by_dest[group["opener"]]["names"], key=len)[-1]
        members = ", ".join(f"`{sorted(by_dest[m]['names'], key=len)[-1]}`" for m in group["members"])
        lines.append(f"- Mỗi `{opener}` mở một nhóm; {members} ghi sau nó thuộc về nhóm đó.")
    return ["", *lines] if lines else []


def command_section(name: str) -> list[str]:
    command = SPEC["commands"][name]
    usage = usage_line(name).split(": ", 1)[1]
    lines = [f"## `{PROG} {name}`", "", f"`{usage}`", ""]
    for paragraph in command["help"].split("\n\n"):
        lines += [" ".join(paragraph.split()), ""]
    if command["arguments"]:
        lines += ["| tham số | ý nghĩa | giá trị |", "| --- | --- | --- |"]
        for argument in command["arguments"]:
            values = ", ".join(f"`{c}`" for c in argument["choices"] or ()) or _values(
                {**argument, "path": None}
            )
            many = " (một hoặc nhiều)" if argument["many"] else ""
            optional = "" if argument["required"] else " (không bắt buộc)"
            lines.append(
                f"| {_cell(argument['metavar'])} | {_cell(argument['help'])}{many}{optional} | {values} |"
            )
        lines.append("")
    lines += _options_table(command["options"])
    lines += _groups(command)
    if command.get("no_rev"):
        lines += ["", f"Lệnh này không nhận `--rev`: {_cell(command['no_rev'])}"]
    return [*lines, ""]


def command_reference() -> str:
    """The generated part of docs/tham-khao/lenh.md: the global options, then every command."""
    lines = [f"`{usage_line(None).split(': ', 1)[1]}`", "", "## Tùy chọn chung", ""]
    lines += [" ".join(SPEC["help"].split()), ""]
    lines += _options_table(SPEC["options"])
    lines += ["", "## Các lệnh", "", "| lệnh | việc |", "| --- | --- |"]
    for name, command in SPEC["commands"].items():
        anchor = f"kehoach-{name}"
        lines.append(f"| [`{PROG} {name}`](#{anchor}) | {_cell(summary(command['help']))} |")
    lines.append("")
    for name in SPEC["commands"]:
        lines += command_section(name)
    return "\n".join(lines)

"""Vietnamese for the parts of typer's help that it writes itself.

Applied only when help is shown, so that no other command pays for importing
typer's rich help module.
"""

from __future__ import annotations

from typing import Any

_OPTION_HELP = {
    "help": "Hiện hướng dẫn này rồi thoát.",
    "install_completion": "Cài gợi ý hoàn thành lệnh (Tab) cho shell đang dùng.",
    "show_completion": "In đoạn mã gợi ý hoàn thành lệnh cho shell đang dùng, để sao chép hoặc tùy chỉnh.",
}


def localize_usage() -> None:
    """ "Cách dùng:" for click's "Usage:" (the usage line of help and of usage errors)."""
    from typer._click.formatting import HelpFormatter

    original = HelpFormatter.write_usage
    if getattr(original, "_kehoach", False):
        return

    def write_usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        original(self, prog, args, "Cách dùng: " if prefix is None else prefix)

    write_usage._kehoach = True  # type: ignore[attr-defined]
    HelpFormatter.write_usage = write_usage  # type: ignore[method-assign]


def localize(command: Any) -> None:
    """Translate panel titles and the help of built-in options, for `command` and its subcommands."""
    from typer import rich_utils

    localize_usage()

    rich_utils.OPTIONS_PANEL_TITLE = "Tùy chọn"
    rich_utils.COMMANDS_PANEL_TITLE = "Lệnh"
    rich_utils.ARGUMENTS_PANEL_TITLE = "Tham số"
    rich_utils.ERRORS_PANEL_TITLE = "Lỗi"
    rich_utils.DEFAULT_STRING = "[mặc định: {}]"
    rich_utils.ENVVAR_STRING = "[biến môi trường: {}]"
    rich_utils.REQUIRED_LONG_STRING = "[bắt buộc]"
    stack = [command]
    while stack:
        current = stack.pop()
        for param in current.params:
            if param.name in _OPTION_HELP:
                param.help = _OPTION_HELP[param.name]
        current.get_help_option = _translated_help_option(current.get_help_option)
        stack.extend(getattr(current, "commands", {}).values())


def _translated_help_option(make: Any) -> Any:
    def get_help_option(ctx: Any) -> Any:
        option = make(ctx)
        if option is not None:
            option.help = _OPTION_HELP["help"]
        return option

    return get_help_option

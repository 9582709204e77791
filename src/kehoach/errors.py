"""The one error hierarchy: what a user did wrong, as a message and an exit code.

Errors are values: library code raises them and never ends the process; the one
boundary that prints them and exits is the `kehoach` script (cli/entry.py).
Anything else that escapes is a bug and shows its traceback.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2


_OS_MESSAGES = {
    "ENOSPC": "hết chỗ trên đĩa",
    "EDQUOT": "hết hạn mức đĩa",
    "EACCES": "không có quyền",
    "EPERM": "không được phép",
    "EROFS": "hệ thống tệp chỉ đọc",
    "ENOENT": "không tìm thấy",
    "EISDIR": "là một thư mục",
    "ENOTDIR": "không phải thư mục",
    "ELOOP": "vòng liên kết tượng trưng",
    "EIO": "lỗi vào/ra của thiết bị",
    "ENXIO": "không có chương trình nào đọc ở đầu kia",
    "EMFILE": "mở quá nhiều tệp",
    "ENAMETOOLONG": "tên tệp quá dài",
}


def os_message(exc: OSError) -> str:
    """What the operating system refused, in Vietnamese (`hết chỗ trên đĩa`), else as it says it."""
    import errno

    name = errno.errorcode.get(exc.errno or 0, "")
    return _OS_MESSAGES.get(name) or exc.strerror or str(exc)


class KehoachError(Exception):
    """A known failure with a Vietnamese message for the user."""

    exit_code = EXIT_PROBLEMS

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UsageError(KehoachError):
    """A bad option, a bad name, or a data folder that is not there (exit 2)."""

    exit_code = EXIT_USAGE


class CommandLineError(UsageError):
    """A command line that does not parse (exit 2): shown under the usage line of `command`."""

    def __init__(self, message: str, command: str | None = None) -> None:
        super().__init__(message)
        self.command = command


class WriteError(KehoachError):
    """A file that could not be written (disk full, read-only, no permission): nothing was lost (exit 1)."""

    exit_code = EXIT_PROBLEMS


class TemplateError(KehoachError):
    """A report template that cannot render the data (exit 1): names the template and line."""

    exit_code = EXIT_PROBLEMS


class DataError(KehoachError):
    """The plan data cannot answer: it does not validate (exit 1)."""

    exit_code = EXIT_PROBLEMS


class ProgramError(KehoachError):
    """A program kehoach hands work to (LibreOffice for PDF) is missing, failed or timed out (exit 1)."""

    exit_code = EXIT_PROBLEMS

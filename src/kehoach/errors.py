"""The one error hierarchy: what a user did wrong, as a message and an exit code.

Anything else that escapes is a bug and shows its traceback.
"""

from __future__ import annotations

import sys
from typing import NoReturn

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2


class KehoachError(Exception):
    """A known failure with a Vietnamese message for the user."""

    exit_code = EXIT_PROBLEMS

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def report(self) -> NoReturn:
        """Print the message on stderr and exit with this error's code."""
        from kehoach.escape import log_safe

        sys.stderr.write(log_safe(f"Lỗi: {self.message}") + "\n")
        sys.exit(self.exit_code)


class UsageError(KehoachError):
    """A bad option, a bad name, or a data folder that is not there (exit 2)."""

    exit_code = EXIT_USAGE


class TemplateError(KehoachError):
    """A report template that cannot render the data (exit 1): names the template and line."""

    exit_code = EXIT_PROBLEMS


class DataError(KehoachError):
    """The plan data cannot answer: it does not validate (exit 1)."""

    exit_code = EXIT_PROBLEMS

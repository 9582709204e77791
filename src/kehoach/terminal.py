"""The one way out to a terminal or a log: every line kehoach prints, on stdout and stderr.

A CI runner reads what a command prints and obeys lines that look like workflow
commands (`::error file=…::`, `::stop-commands::`, `##[…]`); a terminal obeys
control characters. Data reaches both — a task's text in a table, an agency's name
in a message — so nothing is written to either except through `say` and `tell`,
which pass the text through `escape.log_safe` (controls made visible, a line that
would start a command prefixed with a backslash, `##[` broken). JSON is already
safe with the same meaning (show/jsondoc.py), so log_safe leaves it unchanged. A
test keeps every other `sys.stdout.write`/`sys.stderr.write`/`print` out of src/.
"""

from __future__ import annotations

import sys

from kehoach.escape import log_safe

ANNOTATIONS = ("::error file=", "::warning file=")
# While check/answers.py remembers an answer: every say and tell, as [stream, text, end, annotations]
heard: list[list[object]] | None = None


def say(text: str, end: str = "\n", *, annotations: bool = False) -> None:
    """The answer, on stdout. With `annotations` (validate --format github), the lines that
    show/problems.py wrote as GitHub annotations — their data percent-encoded there, so that each
    stays one command — are kept; every other line is made log-safe as always."""
    if heard is not None:
        heard.append(["say", text, end, annotations])
    if annotations:
        text = "\n".join(
            line if line.startswith(ANNOTATIONS) else log_safe(line) for line in text.split("\n")
        )
        sys.stdout.write(text + end)
        return
    sys.stdout.write(log_safe(text) + end)


def tell(text: str, end: str = "\n") -> None:
    """What is said about the answer (written files, notes, warnings, errors), on stderr."""
    if heard is not None:
        heard.append(["tell", text, end, False])
    sys.stderr.write(log_safe(text) + end)

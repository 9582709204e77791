"""Problems as text, JSON or GitHub annotations (yamllint's formats, in Vietnamese)."""

from __future__ import annotations

import os
from collections.abc import Sequence

from kehoach.escape import log_safe, visible
from kehoach.problems import Problem
from kehoach.show.jsondoc import json_document

FORMATS = ("auto", "text", "json", "github")


def resolve_format(name: str) -> str:
    """`auto` is GitHub annotations under GitHub Actions, plain text elsewhere."""
    if name == "auto":
        return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    return name


def text_line(problem: Problem) -> str:
    """`plan/tasks.yaml:42:7: error[unknown-agency]: …`, the form editors jump to."""
    message = " ".join(problem.message.split("\n"))
    return log_safe(
        f"{problem.file}:{problem.line}:{problem.column}: {problem.severity}[{problem.code}]: {message}"
    )


def github_line(problem: Problem) -> str:
    """A workflow command that GitHub shows on the changed line."""
    level = "error" if problem.severity == "error" else "warning"
    props = f"file={_prop(problem.file)},line={problem.line},col={problem.column},title={_prop(problem.code)}"
    return f"::{level} {props}::{_data(problem.message)}"


def summary(problems: Sequence[Problem]) -> str:
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    if not problems:
        return "Dữ liệu hợp lệ: không có lỗi hay cảnh báo."
    return f"Tìm thấy {errors} lỗi, {warnings} cảnh báo."


def render(problems: Sequence[Problem], fmt: str, *, valid: bool) -> str:
    """All problems in one format; text and github end with a one-line summary."""
    fmt = resolve_format(fmt)
    if fmt == "json":
        body = {"valid": valid, "problems": [p.to_dict() for p in problems]}
        return json_document(body)
    lines: list[str] = []
    for problem in problems:
        if fmt == "github":
            lines.append(github_line(problem))
        lines.append(text_line(problem))  # kept in GitHub mode too: people read logs
    lines.append(summary(problems))
    return "\n".join(lines)


def _data(text: str) -> str:
    escaped = visible(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return escaped.replace("##[", "#\\#[")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


_CHECK_LABELS = {"syntax": "(cú pháp và tệp, luôn chạy)", "schema": "`schema` (luôn chạy)"}


def checks_table() -> str:
    """The manual's table of checks and codes (docs/loi.md, kept current by a test), made from the check
    modules' own codes."""
    from kehoach.check.registry import CHECKS  # importing it registers each check's codes
    from kehoach.problems import CODES

    lines = ["| kiểm tra | mã | mức | nghĩa |", "| --- | --- | --- | --- |"]
    for check in ("syntax", "schema", *CHECKS):
        label = _CHECK_LABELS.get(check, f"`{check}`")
        for code, (owner, severity, title) in CODES.items():
            if owner == check:
                lines.append(f"| {label} | `{code}` | {severity} | {title} |")
                label = ""
    return "\n".join(lines) + "\n"

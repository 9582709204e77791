"""`record`'s options in the order typed: each `--task` and `--ad-hoc` opens a group.

    record -y 2025 -a "Sở NN&MT" --received 14/09/2025 \
        --task 8 --status "Thường xuyên" --result "…" \
        --task 18 --status "Đang triển khai" --result "…"

`--status`, `--result`, `--difficulty` and `--proposal` belong to the `--task`
before them; `--dated`, `--received`, `--number`, `--document` and `--notes` typed
after `--ad-hoc CHỦ_ĐỀ` belong to that ad-hoc report, and before any `--ad-hoc` to
the yearly report. Nothing is ever dropped: a value with no group to go to, or
given twice where one is expected, is refused with a message (exit 2).
"""

from __future__ import annotations

from typing import Any

from kehoach.answer.record import AdHocEntry, TaskEntry
from kehoach.cli.dispatch import Usage

# option dest -> TaskEntry field
TASK_OPTIONS = {
    "status_key": "status",
    "result": "results",
    "difficulty": "difficulties",
    "proposal": "proposals",
}
AD_HOC_OPTIONS = ("dated", "received", "number", "document", "notes")
REPORT_OPTIONS = ("year", "agency", "received", "sent", "number", "dated", "document", "notes", "reason")
_NAMES = {"status_key": "--status"}


def record_arguments(order: tuple[tuple[str, Any], ...]) -> dict[str, Any]:
    """Keyword arguments of `kehoach.answer.record.record` from the options as typed."""
    report: dict[str, Any] = {}
    tasks: list[dict[str, Any]] = []
    ad_hoc: list[dict[str, Any]] = []
    group: dict[str, Any] | None = None  # the open group: a task's fields or an ad-hoc report's
    for dest, value in order:
        if dest == "task":
            group = {"task": value}
            tasks.append(group)
        elif dest == "ad_hoc":
            group = {"subject": value}
            ad_hoc.append(group)
        elif dest in TASK_OPTIONS:
            if group is None or "task" not in group:
                raise _refused(f"{_option(dest)} phải đứng sau --task SỐ (nhiệm vụ nó thuộc về).")
            _put(group, TASK_OPTIONS[dest], value, f"nhiệm vụ {group['task']}", dest)
        elif dest in AD_HOC_OPTIONS and group is not None and "subject" in group:
            _put(group, dest, value, f"báo cáo đột xuất «{group['subject']}»", dest)
        elif dest in REPORT_OPTIONS:
            _put(report, dest, value, "báo cáo năm", dest)
        else:  # a flag (--force, --consolidated) or a global option: typer passes those itself
            report[dest] = value
    entries = []
    for item in ad_hoc:
        if "dated" not in item:
            raise _refused(f"Báo cáo đột xuất «{item['subject']}»: thiếu --dated NGÀY sau --ad-hoc.")
        entries.append(AdHocEntry(**item))
    return report | {"tasks": [TaskEntry(**t) for t in tasks], "ad_hoc": entries}


def _put(group: dict[str, Any], key: str, value: Any, where: str, dest: str) -> None:
    if key in group:
        raise _refused(
            f"{_option(dest)} được ghi nhiều lần cho {where} («{group[key]}», «{value}»); "
            "mỗi chỗ chỉ nhận một giá trị."
        )
    group[key] = value


def _refused(message: str) -> Usage:
    return Usage(message, "record")


def _option(dest: str) -> str:
    return _NAMES.get(dest, "--" + dest.replace("_", "-"))

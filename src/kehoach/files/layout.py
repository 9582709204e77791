"""Where a plan's files are inside its data folder."""

from __future__ import annotations

import os

from kehoach.errors import os_message
from kehoach.files.read import DataFileError

PLAN_FILES = ("plan/plan.yaml", "plan/tasks.yaml", "plan/agencies.yaml")
REPORTS_DIR = "plan/reports"
CONSOLIDATED = "consolidated"  # plan/reports/<year>/consolidated.yaml: the focal agency's report


def report_names(root: str | os.PathLike[str], errors: list[DataFileError] | None = None) -> list[str]:
    """Every YAML file under plan/reports/, as "plan/reports/2025/so-du-lich.yaml", sorted.

    What cannot be listed is never skipped in silence: an unreadable folder, a folder that is a link,
    a file name with control characters go to `errors` (when given) as DataFileError.
    """
    found: list[str] = []
    base = os.path.join(root, REPORTS_DIR)

    def relative(path: str) -> str:
        return os.path.relpath(path, root).replace(os.sep, "/")

    def failed(exc: OSError) -> None:
        if errors is not None and not isinstance(exc, FileNotFoundError):
            name = relative(exc.filename or base)
            errors.append(
                DataFileError("unreadable-file", name, f"không đọc được thư mục ({os_message(exc)})")
            )

    for folder, dirs, files in os.walk(base, onerror=failed):
        rel = relative(folder)
        kept = []
        for name in sorted(dirs):
            if name.startswith("."):
                continue
            if os.path.islink(os.path.join(folder, name)):
                if errors is not None:
                    errors.append(
                        DataFileError(
                            "not-a-file",
                            f"{rel}/{name}",
                            "là liên kết tới một thư mục; báo cáo phải nằm ngay trong plan/reports/",
                        )
                    )
                continue
            kept.append(name)
        dirs[:] = kept
        for name in files:
            if not name.endswith((".yaml", ".yml")) or name.startswith("."):
                continue
            if not name.isprintable():
                if errors is not None:
                    errors.append(
                        DataFileError(
                            "bad-file-name", f"{rel}/{name}", "tên tệp có ký tự điều khiển; hãy đổi tên"
                        )
                    )
                continue
            found.append(f"{rel}/{name}")
    return sorted(found)

"""Where a plan's files are inside its data folder."""

from __future__ import annotations

import os

PLAN_FILES = ("plan/plan.yaml", "plan/tasks.yaml", "plan/agencies.yaml")
REPORTS_DIR = "plan/reports"
CONSOLIDATED = "consolidated"  # plan/reports/<year>/consolidated.yaml: the focal agency's report


def report_names(root: str | os.PathLike[str]) -> list[str]:
    """Every YAML file under plan/reports/, as "plan/reports/2025/so-du-lich.yaml", sorted."""
    found = []
    base = os.path.join(root, REPORTS_DIR)
    for folder, dirs, files in os.walk(base):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        rel = os.path.relpath(folder, root).replace(os.sep, "/")
        found += [
            f"{rel}/{name}" for name in files if name.endswith((".yaml", ".yml")) and not name.startswith(".")
        ]
    return sorted(found)

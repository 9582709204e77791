"""Where a plan's files are inside its data folder."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping

from kehoach.errors import os_message
from kehoach.files.read import DataFileError, read_data_file
from kehoach.tuples import NamedTuple

# A plan's files as every check and answer names them. In a register they live elsewhere (PlanFiles).
PLAN_FILES = ("plan/plan.yaml", "plan/tasks.yaml", "plan/agencies.yaml")
REPORTS_DIR = "plan/reports"
CONSOLIDATED = "consolidated"  # plan/reports/<year>/consolidated.yaml: the focal agency's report
ROSTER = PLAN_FILES[2]  # one roster for every plan, in both layouts
CHASES = "plan/chases.yaml"  # the reminders sent about a plan's overdue tasks (optional)
PLANS_DIR = "plan/plans"  # a register: plan/plans/<plan id>/{plan.yaml, tasks.yaml, reports/}
ONE_PLAN = "plan"  # the id of the plan of a data folder in the one-plan layout: its folder's name


class PlanFiles(NamedTuple):
    """Where one plan's files are: `folder` is "plan" (one-plan layout) or "plan/plans/<id>".

    Inside kehoach a plan's files keep the one-plan names (PLAN_FILES, REPORTS_DIR); `physical` and
    `logical` translate at the edges — reading, writing, and what a person is told."""

    id: str
    folder: str

    @property
    def register(self) -> bool:
        return self.folder != ONE_PLAN

    @property
    def reports_dir(self) -> str:
        return self.physical(REPORTS_DIR)

    def physical(self, name: str) -> str:
        """The file's name in the data folder, from its name inside kehoach."""
        if not self.register or name == ROSTER or not name.startswith("plan/"):
            return name
        return self.folder + name[len("plan") :]

    def logical(self, name: str) -> str | None:
        """The file's name inside kehoach, or None when it is not one of this plan's files."""
        if name == ROSTER:
            return name
        if not self.register:
            return name if name.startswith("plan/") and not name.startswith(PLANS_DIR + "/") else None
        if not name.startswith(self.folder + "/"):
            return None
        return "plan" + name[len(self.folder) :]

    def own(self, sources: Mapping[str, bytes | None]) -> dict[str, bytes | None]:
        """This plan's files out of a data folder's `sources` (by their names in the data folder), by
        their names inside kehoach; a plan file missing there is None."""
        found: dict[str, bytes | None] = dict.fromkeys(PLAN_FILES)
        for name, content in sources.items():
            logical = self.logical(name)
            if logical is not None:
                found[logical] = content
        return found

    def read_plan_files(self, root: str | os.PathLike[str]) -> dict[str, bytes | None]:
        """The bytes of this plan's plan.yaml and tasks.yaml and of the roster, None for a missing one,
        by their names inside kehoach (what a writer validates a new report or chase against)."""
        found: dict[str, bytes | None] = {}
        for name in PLAN_FILES:
            try:
                found[name] = read_data_file(root, self.physical(name))
            except FileNotFoundError:
                found[name] = None
        return found

    def translate(self, text: str) -> str:
        """`text` (a message) with this plan's file names as they are in the data folder."""
        if not self.register:
            return text
        for name in (PLAN_FILES[0], PLAN_FILES[1], CHASES, REPORTS_DIR + "/"):
            text = text.replace(name, self.physical(name))
        return text


def one_plan() -> PlanFiles:
    return PlanFiles(ONE_PLAN, ONE_PLAN)


def in_register(plan_id: str) -> PlanFiles:
    return PlanFiles(plan_id, f"{PLANS_DIR}/{plan_id}")


def is_plan_id(name: str) -> bool:
    """Whether a folder name is a plan id: lowercase ASCII letters and digits in words joined by "-"."""
    words = name.split("-")
    return len(name) <= 120 and all(w and w.isascii() and w.isalnum() and w == w.lower() for w in words)


def is_data_file(name: str) -> bool:
    """Whether `name` (under the data folder) is a file kehoach reads: the roster, a plan's plan.yaml or
    tasks.yaml, or a report, in either layout."""
    if name.startswith(PLANS_DIR + "/"):
        parts = name.split("/")  # plan, plans, <id>, ...
        if len(parts) == 4:
            return parts[3] in ("plan.yaml", "tasks.yaml", "chases.yaml")
        return len(parts) > 4 and parts[3] == "reports" and name.endswith((".yaml", ".yml"))
    return name in (*PLAN_FILES, CHASES) or (
        name.startswith(REPORTS_DIR + "/") and name.endswith((".yaml", ".yml"))
    )


def plan_ids(names: Iterable[str]) -> list[str] | None:
    """The plan ids of a register from the names of its files ("plan/plans/<id>/…"), sorted; None when
    the names are in the one-plan layout. A folder whose name is not an id is listed too: validation
    says what is wrong with it."""
    found = set()
    register = False
    for name in names:
        if name.startswith(PLANS_DIR + "/"):
            register = True
            rest = name[len(PLANS_DIR) + 1 :]
            if "/" in rest:
                found.add(rest.split("/", 1)[0])
    return sorted(found) if register else None


def register_ids(
    root: str | os.PathLike[str],
    sources: Mapping[str, bytes | None] | None = None,
    errors: list[DataFileError] | None = None,
) -> list[str] | None:
    """The plan ids of the data folder: from `sources` (a git revision's files) when given, else from
    its folders; None in the one-plan layout."""
    return plan_ids(sources) if sources is not None else plan_folders(root, errors)


def plan_folders(root: str | os.PathLike[str], errors: list[DataFileError] | None = None) -> list[str] | None:
    """The plan ids of the register under `root` (its folders under plan/plans/), or None in the
    one-plan layout. Links and hidden folders are not plans; a link is reported."""
    base = os.path.join(root, PLANS_DIR)
    try:
        entries = sorted(os.scandir(base), key=lambda e: e.name)
    except FileNotFoundError:
        return None
    except NotADirectoryError:
        return None
    except OSError as exc:
        if errors is not None:
            errors.append(
                DataFileError("unreadable-file", PLANS_DIR, f"không đọc được thư mục ({os_message(exc)})")
            )
        return []
    found = []
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_symlink():
            if errors is not None:
                errors.append(
                    DataFileError(
                        "not-a-file",
                        f"{PLANS_DIR}/{entry.name}",
                        "là liên kết; mỗi kế hoạch là một thư mục thật",
                    )
                )
            continue
        if entry.is_dir(follow_symlinks=False):
            found.append(entry.name)
    return found


def report_names(
    root: str | os.PathLike[str], errors: list[DataFileError] | None = None, reports_dir: str = REPORTS_DIR
) -> list[str]:
    """Every YAML file under `reports_dir`, as "plan/reports/2025/so-du-lich.yaml", sorted.

    What cannot be listed is never skipped in silence: an unreadable folder, a folder that is a link,
    a file name with control characters go to `errors` (when given) as DataFileError.
    """
    found: list[str] = []
    base = os.path.join(root, reports_dir)

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

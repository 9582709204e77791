"""Open data written out: the SQLite database to one file, the data package to one folder (`kehoach
export`), each only once whole — the file in one step, the folder built beside its place and renamed
into it — and the same files for the site's `du-lieu/` (show/site.py)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import tempfile
from pathlib import Path

from kehoach import __version__
from kehoach.errors import WriteError, os_message
from kehoach.files.git import data_commit
from kehoach.model.register import Register
from kehoach.model.views import Plan

PACKAGE_MARK = "datapackage.json"


def publisher(plans: list[Plan]) -> str:
    """Who issued the plans (the first plan's issuer, by name): the data's publisher and source."""
    issuer = plans[0].agencies.get(plans[0].info.issuer) if plans else None
    return issuer.name if issuer else "UBND Thành phố Hà Nội"


def sources(plans: list[Plan]) -> str:
    """Where the data comes from, in words: the plans, as issued."""
    return f"{len(plans)} kế hoạch của {publisher(plans)}, chép nguyên văn từ văn bản (kehoach {__version__})"


def meta(found: Register, on: dt.date, commit: str | None) -> dict[str, str]:
    """The `meta` table: kehoach version, the data's last commit, the as-of date, the sources."""
    from kehoach.show.datapackage import LICENSE

    plans = list(found.plans.values())
    return {
        "kehoach_version": __version__,
        "data_commit": commit or "",
        "as_of": on.isoformat(),
        "plans": str(len(plans)),
        "source": sources(plans),
        "license": LICENSE["title"],
    }


def database(found: Register, on: dt.date, commit: str | None) -> bytes:
    """The SQLite database of the register on `on`; `commit`: the data's last commit (files/git.py)."""
    from kehoach.show.sqlite import database_bytes

    try:
        return database_bytes(list(found.plans.values()), on, meta(found, on, commit))
    except (OSError, sqlite3.Error) as exc:
        message = os_message(exc) if isinstance(exc, OSError) else str(exc)
        raise WriteError(f"Không tạo được cơ sở dữ liệu SQLite tạm: {message}.") from None


def package(found: Register, on: dt.date, commit: str | None) -> dict[str, bytes]:
    """The data package of the register on `on`, by file name; `commit`: the data's last commit."""
    from kehoach.show.datapackage import package_files

    plans = list(found.plans.values())
    return package_files(plans, on, sources(plans), commit)


def write_database(found: Register, output: Path, on: dt.date) -> int:
    """The database, written to `output` in one step; its size."""
    from kehoach.files.atomic import check_parent, write_atomic

    check_parent(output)
    content = database(found, on, data_commit(found.root))
    write_atomic(output, content)
    return len(content)


def write_package(found: Register, output: Path, on: dt.date) -> int:
    """The data package, put at the folder `output` whole (a folder kehoach wrote before is replaced; any
    other that is not empty is refused); the number of tables."""
    from kehoach.files.atomic import folder_parent, put_folder

    parent = folder_parent(
        output,
        PACKAGE_MARK,
        f"Thư mục «{output}» đã có nội dung không phải gói dữ liệu; chọn thư mục trống hoặc thư mục mới.",
    )
    files = package(found, on, data_commit(found.root))
    work: Path | None = None
    try:
        work = Path(tempfile.mkdtemp(prefix=".kehoach-package-", dir=parent))
        os.chmod(work, 0o755)  # a folder to publish, not a private temporary one
        for name, content in files.items():
            (work / name).write_bytes(content)
        put_folder(work, output)
    except OSError as exc:
        if work is not None:
            shutil.rmtree(work, ignore_errors=True)
        raise WriteError(
            f"Không ghi được gói dữ liệu vào «{output}»: {os_message(exc)}; không có gì bị ghi dở."
        ) from None
    return len(files) - 1

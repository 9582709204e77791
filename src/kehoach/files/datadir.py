"""Where the plan data is: `--data`, then KEHOACH_DATA, then the nearest parent with plan/.

Plain os.path (no pathlib): this runs on every query, where start-up time counts.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from kehoach.errors import UsageError

ENV = "KEHOACH_DATA"


def nearest(start: str, wanted: Callable[[str], bool]) -> str | None:
    """`start` or its nearest parent folder for which `wanted` holds, the way git finds .git."""
    folder = start
    while True:
        if wanted(folder):
            return folder
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def find_data_dir(option: str | os.PathLike[str] | None = None, cwd: str | None = None) -> str:
    """The folder that holds plan/, found the way git finds .git."""
    given = os.fspath(option) if option else os.environ.get(ENV) or None
    if given is not None:
        if os.path.isdir(os.path.join(given, "plan")):
            return given
        source = "--data" if option else ENV
        raise UsageError(f"Thư mục {given} ({source}) không có thư mục con plan/.")
    start = os.path.abspath(cwd or os.getcwd())
    found = nearest(start, lambda folder: os.path.isdir(os.path.join(folder, "plan")))
    if found is not None:
        return found
    raise UsageError(
        f"Không tìm thấy thư mục plan/ trong {start} hay các thư mục cha; "
        "hãy chạy trong kho dữ liệu hoặc dùng --data THƯ_MỤC."
    )

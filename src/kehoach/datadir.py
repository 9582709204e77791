"""Where the plan data is: `--data`, then KEHOACH_DATA, then the nearest parent with plan/."""

from __future__ import annotations

import os
from pathlib import Path

from kehoach.errors import UsageError

ENV = "KEHOACH_DATA"


def find_data_dir(option: Path | None = None, cwd: Path | None = None) -> Path:
    """The folder that holds plan/, found the way git finds .git."""
    given = option or (Path(os.environ[ENV]) if os.environ.get(ENV) else None)
    if given is not None:
        if (given / "plan").is_dir():
            return given
        source = "--data" if option else ENV
        raise UsageError(f"Thư mục {given} ({source}) không có thư mục con plan/.")
    start = (cwd or Path.cwd()).resolve()
    for folder in (start, *start.parents):
        if (folder / "plan").is_dir():
            return folder
    raise UsageError(
        f"Không tìm thấy thư mục plan/ trong {start} hay các thư mục cha; "
        "hãy chạy trong kho dữ liệu hoặc dùng --data THƯ_MỤC."
    )

"""A folder another tool built (the manual, from MkDocs), read to be copied into the site: regular files
only, no link that could point outside, bounded in count and size, so that nothing but its own pages
ends up on the published site."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from kehoach.errors import UsageError, os_message
from kehoach.escape import visible

MAX_FILES = 2_000
MAX_BYTES = 64 * 1024 * 1024


def read_built_folder(folder: Path, first_page: str = "index.html") -> dict[str, bytes]:
    """Every file under `folder` by its path inside it ("/"-separated); refused (UsageError) when it
    holds a link, a device or a FIFO, more than MAX_FILES files or MAX_BYTES, or no `first_page`."""
    found: dict[str, bytes] = {}
    total = 0
    shown = visible(str(folder))
    try:
        for top, folders, names in os.walk(folder, followlinks=False):
            for name in sorted(folders + names):
                path = Path(top) / name
                info = os.lstat(path)
                mode = info.st_mode
                if stat.S_ISDIR(mode):
                    continue
                where = path.relative_to(folder).as_posix()
                if not stat.S_ISREG(mode):
                    raise UsageError(
                        f"«{shown}»: «{visible(where)}» không phải tệp thường (liên kết, thiết bị…); "
                        "thư mục hướng dẫn chỉ được chứa tệp do MkDocs dựng (make manual)."
                    )
                total += info.st_size
                if len(found) >= MAX_FILES or total > MAX_BYTES:
                    raise UsageError(
                        f"«{shown}»: quá {MAX_FILES} tệp hoặc {MAX_BYTES // 1024 // 1024} MB; đây không phải "
                        "một hướng dẫn do make manual dựng."
                    )
                found[where] = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"Không đọc được thư mục hướng dẫn «{shown}»: {os_message(exc)}.") from None
    if first_page not in found:
        raise UsageError(f"«{shown}» không có {first_page}: hãy dựng hướng dẫn trước (make manual).")
    return found

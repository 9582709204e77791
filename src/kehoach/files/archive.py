"""Opening an Office file (a zip of XML parts) that came from outside, before anything reads its parts.

A returned form (.xlsx) and a plan's Word document (.docx) are both zip archives
made elsewhere: they may be a renamed macro file, an archive that expands to
gigabytes, or not an archive at all. `open_archive` reads only a regular file of
at most MAX_FILE bytes whose zip directory is small and sane: at most MAX_MEMBERS
entries, MAX_EXPANDED bytes once expanded, no member more than MAX_RATIO times
its compressed size, no VBA project, none of the parts that link to other files,
and the parts the kind of document must have. Every refusal is an `ArchiveError`
naming the file, with the kind's own wording ("Excel .xlsx", "Word .docx").
"""

from __future__ import annotations

import io
import os
import stat
import zipfile
from collections.abc import Collection
from pathlib import Path

from kehoach.errors import DataError, os_message

MAX_FILE = 10 * 1024 * 1024
MAX_MEMBERS = 500
MAX_EXPANDED = 100 * 1024 * 1024
MAX_RATIO = 200


class ArchiveError(DataError):
    """A file that is not an archive kehoach will read, and why."""

    def __init__(self, path: Path | str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = str(path)
        self.reason = message


def open_archive(
    path: Path, kind: str, required: Collection[str], links: Collection[str] = ()
) -> zipfile.ZipFile:
    """The zip archive at `path`, in memory, after the checks above. `kind`: how a person names the
    format ("Excel .xlsx"); `required`: parts it must have (lower case); `links`: prefixes of parts that
    point at other files (refused)."""
    try:
        info = os.stat(path)
    except OSError as exc:
        raise ArchiveError(path, f"không đọc được ({os_message(exc)}).") from None
    if not stat.S_ISREG(info.st_mode):
        raise ArchiveError(path, "không phải tệp thường.")
    if info.st_size > MAX_FILE:
        raise ArchiveError(
            path, f"tệp quá lớn ({info.st_size // 1024} KB; tối đa {MAX_FILE // 1024 // 1024} MB)."
        )
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_FILE + 1)
    except OSError as exc:
        raise ArchiveError(path, f"không đọc được ({os_message(exc)}).") from None
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        # NotImplementedError: a header that claims a zip version or feature Python does not read
        raise ArchiveError(
            path, f"tệp hỏng hoặc không phải {kind} (không mở được như một tệp nén)."
        ) from None
    _check_members(path, members, kind, required, links)
    return archive


def _check_members(
    path: Path, members: list[zipfile.ZipInfo], kind: str, required: Collection[str], links: Collection[str]
) -> None:
    if len(members) > MAX_MEMBERS:
        raise ArchiveError(path, f"tệp nén có quá nhiều thành phần ({len(members)}).")
    total = 0
    names = set()
    for member in members:
        name = member.filename.lower()
        names.add(name)
        if name.endswith("vbaproject.bin") or (name.endswith(".bin") and "vba" in name):
            raise ArchiveError(path, f"tệp có macro (VBA) không được nhận; hãy lưu lại dạng {kind}.")
        if any(name.startswith(prefix) for prefix in links):
            raise ArchiveError(path, "tệp có liên kết tới tệp khác; hãy xóa liên kết rồi lưu lại.")
        total += member.file_size
        if member.file_size > MAX_RATIO * max(member.compress_size, 1024):
            raise ArchiveError(path, "tệp nén bất thường (tỉ lệ nén quá cao); không mở.")
    if total > MAX_EXPANDED:
        raise ArchiveError(path, f"tệp giải nén quá lớn ({total // 1024 // 1024} MB).")
    if not all(part in names for part in required):
        raise ArchiveError(path, f"không phải {kind} (thiếu thành phần bắt buộc).")

"""Reading a data folder that may have been written by someone who means harm.

A data file must be a regular file, no bigger than MAX_FILE, inside the data
folder — or, through a symbolic link, inside the same git work tree (the
examples/ folder links to plan/): a link to /etc/passwd, to a token in the home
folder or to /dev/zero is refused, and so is a FIFO (opened without blocking, so
it cannot hang), a device, a directory or a link loop. Every refusal is a
`DataFileError` with a stable code and a Vietnamese message; nothing is read
from a file that is refused.
"""

from __future__ import annotations

import os
import stat

from kehoach.errors import DataError, os_message
from kehoach.escape import visible
from kehoach.files.datadir import nearest

MAX_FILE = 64 * 1024 * 1024  # bytes of one data file (100,000 tasks take about 35 MB)


class DataFileError(DataError):
    """A data file that cannot be read as data: its code (a problem code) and a message."""

    def __init__(self, code: str, name: str, message: str) -> None:
        super().__init__(f"{visible(name)}: {message}")
        self.code = code
        self.name = name
        self.detail = message


def boundary(root: str | os.PathLike[str]) -> str:
    """Where data files may live: the git work tree holding `root`, else `root` itself (real paths)."""
    real = os.path.realpath(root)
    return nearest(real, lambda folder: os.path.lexists(os.path.join(folder, ".git"))) or real


def inside(path: str, folder: str) -> bool:
    """Whether real path `path` is `folder` or lies under it."""
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def read_data_file(root: str | os.PathLike[str], name: str, limit: str | None = None) -> bytes:
    """The bytes of data file `name` (relative to `root`); FileNotFoundError when it is not there."""
    path = os.path.join(root, name)
    try:
        os.lstat(path)
        outside = not inside(os.path.realpath(path), limit or boundary(root))
        fd = (
            None
            if outside
            else os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
        )
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise _unreadable(name, exc) from None
    if fd is None:
        raise DataFileError(
            "outside-data-folder",
            name,
            "là liên kết tới một tệp ngoài thư mục dữ liệu; hãy thay liên kết bằng chính tệp dữ liệu",
        )
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise DataFileError(
                "not-a-file",
                name,
                "không phải tệp thường (thư mục, FIFO hay thiết bị); hãy đặt tệp YAML ở đây",
            )
        # refused before reading when the size says so, and counted while reading (a file may grow)
        chunks: list[bytes] = []
        read = 0
        while info.st_size <= MAX_FILE and read <= MAX_FILE and (chunk := os.read(fd, 1 << 20)):
            chunks.append(chunk)
            read += len(chunk)
        if max(info.st_size, read) > MAX_FILE:
            raise DataFileError(
                "file-too-large", name, f"lớn hơn {MAX_FILE // 1024 // 1024} MB, giới hạn của một tệp dữ liệu"
            )
        return b"".join(chunks)
    except OSError as exc:
        raise _unreadable(name, exc) from None
    finally:
        os.close(fd)


def _unreadable(name: str, exc: OSError) -> DataFileError:
    return DataFileError("unreadable-file", name, f"không đọc được ({os_message(exc)}); hãy kiểm tra quyền")

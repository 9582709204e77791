"""Writing files so that nothing is lost: temporary file, fsync, rename.

A crash, a full disk or a read-only folder leaves the old file as it was and no
temporary file behind; the failure is a `WriteError` (one Vietnamese line, exit
1). An output that is not a regular file is never replaced: a device or a FIFO
(`-o /dev/null`, `-o /dev/stdout`) is written to directly, a folder is refused.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import tempfile
from pathlib import Path

from kehoach.errors import UsageError, WriteError, os_message

TMP_SUFFIX = ".tmp"


def check_parent(path: Path) -> None:
    """A UsageError (exit 2) unless the folder that `path` goes into exists: an output is never
    written into a folder created by mistake."""
    if path.parent and not path.parent.is_dir():
        raise UsageError(f"Thư mục {path.parent} không tồn tại.")


def make_folder(folder: Path) -> None:
    """Create `folder` and its parents if missing; a WriteError when the machine refuses."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WriteError(f"Không tạo được thư mục {folder}: {os_message(exc)}.") from None


def write_atomic(path: Path, data: str | bytes, *, mode: int | None = None) -> None:
    """Replace `path` with `data` in one step; a failure leaves the old file or the new one, never half.
    The file keeps its permissions (a new one: 0644, or `mode`)."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    try:
        info = path.stat()
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise WriteError(f"Không ghi được {path}: {os_message(exc)}.") from None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise UsageError(f"{path} là một thư mục; hãy ghi tên tệp, ví dụ {path / 'bao-cao.docx'}.")
    if info is not None and not stat.S_ISREG(info.st_mode):
        _write_directly(path, raw)
        return
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=TMP_SUFFIX)
    except OSError as exc:
        raise WriteError(f"Không ghi được {path}: {os_message(exc)} (thư mục {path.parent}).") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(raw)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode if mode is not None else info.st_mode & 0o777 if info is not None else 0o644)
        os.replace(tmp, path)
    except OSError as exc:
        _remove(tmp)
        raise WriteError(
            f"Không ghi được {path}: {os_message(exc)}; tệp cũ (nếu có) vẫn nguyên vẹn."
        ) from None
    except BaseException:
        _remove(tmp)
        raise


def _write_directly(path: Path, raw: bytes) -> None:
    """A device or FIFO: written as it is (it cannot be replaced, and must not be)."""
    try:
        fd = os.open(path, os.O_WRONLY | getattr(os, "O_NONBLOCK", 0))
        try:
            view = memoryview(raw)
            while view:
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)
    except OSError as exc:
        raise WriteError(f"Không ghi được {path}: {os_message(exc)}.") from None


def _remove(tmp: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(tmp)


IGNORE = ".*" + TMP_SUFFIX  # the .gitignore line: temporary files (".NAME.XXXX.tmp") here and below
IGNORE_NOTE = "# kehoach: tệp tạm của một lần ghi bị ngắt (xóa ở lần ghi sau)"


def ignore_temporary_files(folder: Path) -> None:
    """A .gitignore in `folder` that hides the temporary files of an interrupted write from `git status`:
    created when missing; an existing one gets the line appended once (its lines and endings kept)."""
    path = folder / ".gitignore"
    try:
        old = path.read_bytes() if path.is_file() else None
    except OSError:
        return  # not readable: leave it, writing the report matters more
    if old is not None and IGNORE.encode() in old.splitlines():
        return
    newline = b"\r\n" if old and b"\r\n" in old else b"\n"
    lines = (IGNORE_NOTE.encode("utf-8"), IGNORE.encode())
    prefix = old + (b"" if old.endswith((b"\n", b"\r")) else newline) if old else b""
    write_atomic(path, prefix + newline.join(lines) + newline)


def remove_stale(folder: Path, name: str, older_than: float = 3600) -> None:
    """Temporary files of `name` that a crash left in `folder` more than `older_than` seconds ago."""
    import time

    now = time.time()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if (
            entry.name.startswith(f".{name}.")
            and entry.name.endswith(TMP_SUFFIX)
            and entry.is_file(follow_symlinks=False)
        ):
            try:
                if now - entry.stat(follow_symlinks=False).st_mtime > older_than:
                    os.unlink(entry.path)
            except OSError:
                continue


def folder_parent(output: Path, marker: str, refused: str) -> Path:
    """The folder that the output folder `output` goes into, once it is known that `output` may be
    replaced: missing, empty, or holding `marker` (kehoach wrote it). `refused`: what to say otherwise."""
    if output.exists() and not output.is_dir():
        raise UsageError(f"«{output}» là một tệp; -o phải là một thư mục.")
    if output.is_dir() and any(output.iterdir()) and not (output / marker).is_file():
        raise UsageError(refused)
    parent = output.resolve().parent
    if not parent.is_dir():
        raise UsageError(f"Thư mục «{parent}» không tồn tại.")
    return parent


def put_folder(work: Path, output: Path) -> None:
    """Put the folder `work` (built whole beside `output`) at `output` in one rename, the old one moved
    aside first and removed after; an OSError leaves the old folder or the new one."""
    if output.exists():
        old = Path(tempfile.mkdtemp(prefix=".kehoach-old-", dir=work.parent))
        os.replace(output, old / "old")
        os.replace(work, output)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(work, output)

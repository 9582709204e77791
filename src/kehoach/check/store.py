"""The cache folder: where it is, whether it is safe, and how its entries are read, written and pruned.

check/cache.py (validated plans), check/freshness.py (the stat manifest) and check/answers.py
(remembered answers) keep their entries here. The folder is input too: it is used only when it is a
real folder owned by the user and writable by nobody else (else one warning, and no cache); an entry
is read only when it is a regular file owned by the user; reading an entry refreshes it; the folder is
capped by size and pruning removes only files this cache wrote (`plan-`, `roster-`, `stat-` and
`answer-<32 hex>.json`, and their temporary files). Set KEHOACH_CACHE_DIR to move the cache, or to
"off". Nothing here imports the data model: a remembered answer is replayed without it.
"""

from __future__ import annotations

import os
import stat
import sys
import time

from kehoach import __version__
from kehoach.errors import WriteError
from kehoach.tuples import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pathlib import Path

ENV = "KEHOACH_CACHE_DIR"
MAX_BYTES = 64 * 1024 * 1024  # the whole folder; the oldest entries go first
MAX_ENTRY = 512 * 1024 * 1024  # a bigger entry is not read (the cache is not trusted blindly)
FORMAT = "7"  # bump when the stored data's shape changes
# Exactly the names this cache writes: entries, and write_atomic's temporary files for them.
_NAMES = r"(?:plan|roster|stat|answer)-[0-9a-f]{32}\.json"
OWN = rf"{_NAMES}|\.{_NAMES}\.[A-Za-z0-9_]+\.tmp"
_STALE_TMP = 3600  # seconds after which a temporary file is left over from a crash
# The libraries whose versions decide what is valid (their dist-info names carry the version).
_LIBRARIES = ("pydantic", "pydantic_core", "ruamel_yaml", "ruamel.yaml")
_warned: set[str] = set()


_SHA256: list[Any] = []  # found once per process: a failed import searches sys.path every time


def _sha256() -> Any:
    """SHA-256 without hashlib, which loads OpenSSL (a few ms on every query)."""
    if _SHA256:
        return _SHA256[0]
    from importlib import import_module

    for name in ("_sha2", "_sha256", "hashlib"):  # CPython 3.12+, 3.11, anything else
        try:
            _SHA256.append(import_module(name).sha256)
            return _SHA256[0]
        except (ImportError, AttributeError):
            continue
    raise ImportError("sha256")  # pragma: no cover


def cache_dir() -> str | None:
    configured = os.environ.get(ENV)
    if configured == "off":
        return None
    if configured:
        return configured
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "kehoach")


def code_fingerprint() -> str:
    """What decides validity besides the data: this package's modules and the validating libraries."""
    parts = [FORMAT, __version__]
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    for folder, dirs, files in os.walk(package):
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "__")))
        relative = folder[len(package) + 1 :] or "."  # os.path.relpath, without its cost on every query
        for name in sorted(files):
            if name.endswith(".py"):
                info = os.stat(os.path.join(folder, name))
                parts.append(f"{relative}/{name}:{info.st_size}:{info.st_mtime_ns}")
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        parts += sorted(
            n for n in names if n.endswith(".dist-info") and n.split("-", 1)[0].lower() in _LIBRARIES
        )
    return "\n".join(parts)


_CODE: list[str] = []  # the code's digest, once per process


def _code_digest() -> str:
    if not _CODE:
        _CODE.append(_sha256()(code_fingerprint().encode()).hexdigest())
    return _CODE[0]


def usable_folder(folder: str | None) -> str | None:
    """`folder` if it is safe to read and prune: a real folder of this user that nobody else can write."""
    if folder is None:
        return None
    try:
        if not os.path.lexists(folder):
            os.makedirs(folder, mode=0o700, exist_ok=True)
        info = os.lstat(folder)
    except OSError:
        return None  # cannot be created or read: no cache, the answer is the same
    problem = None
    if stat.S_ISLNK(info.st_mode):
        problem = "là liên kết tượng trưng"
    elif not stat.S_ISDIR(info.st_mode):
        problem = "không phải thư mục"
    elif hasattr(os, "geteuid") and info.st_uid != os.geteuid():
        problem = "thuộc về người dùng khác"
    elif info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        problem = "người khác cũng ghi được"
    if problem is None:
        return folder
    if folder not in _warned:
        _warned.add(folder)
        from kehoach.terminal import tell

        tell(
            f"Cảnh báo: không dùng bộ nhớ đệm {folder!r} vì thư mục {problem}; hãy đặt {ENV} tới một thư "
            "mục riêng của bạn (hoặc off)."
        )
    return None


def _loads(data: bytes) -> Any:
    """A cache entry as JSON values, read with the json module's own C scanner when there is one:
    importing `json` (and with it `re`, `enum`) costs a query more than reading the entry."""
    text = data.decode("utf-8")
    try:
        from _json import make_scanner
    except ImportError:  # pragma: no cover - not CPython
        import json

        return json.loads(text)
    value, end = make_scanner(_JsonOptions())(text, 0)  # type: ignore[arg-type]  # it reads these attributes
    if end != len(text):
        raise ValueError("extra data after the cache entry")
    return value


class _JsonOptions:
    """What json.JSONDecoder hands its C scanner: the defaults of json.loads (strict strings)."""

    strict = True
    object_hook = None
    object_pairs_hook = None
    parse_float = float
    parse_int = int
    parse_constant = {"-Infinity": float("-inf"), "Infinity": float("inf"), "NaN": float("nan")}.__getitem__


def _read_entry(path: str) -> bytes | None:
    """The entry's bytes if it is a regular file of this user, not too big; refreshed for pruning."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if (
            not stat.S_ISREG(info.st_mode)
            or info.st_size > MAX_ENTRY
            or (hasattr(os, "geteuid") and info.st_uid != os.geteuid())
            or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
        ):
            return None
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(MAX_ENTRY + 1)
    except OSError:
        return None
    finally:
        os.close(fd)
    try:  # noqa: SIM105 (contextlib costs a query its import)
        os.utime(path)  # recently used: kept longest
    except OSError:
        pass
    return data


def _store(path: Path, data: dict[str, Any]) -> None:
    import json

    _store_text(path, json.dumps(data, ensure_ascii=False, separators=(",", ":")))


def _store_text(path: Path, text: str) -> None:
    from kehoach.files.atomic import write_atomic

    if len(text) > MAX_ENTRY:  # it would never be read
        return
    try:
        write_atomic(path, text)
        os.chmod(path, 0o600)
        prune(str(path.parent), keep=path.name)
    except (OSError, WriteError):
        pass  # a cache that cannot be written only costs time


def store_answer(path: str, value: Any) -> None:
    """A remembered answer (check/answers.py) written as a query can afford it: JSON without the json
    module, atomically without pathlib or tempfile (their imports cost a query ~20 ms), no fsync (an
    entry cut short by a crash is not JSON, so it is answered again), then the folder pruned."""
    try:
        raw = dumps(value).encode("utf-8")
    except (TypeError, UnicodeEncodeError):
        return  # not what this cache writes
    if len(raw) > MAX_ENTRY:
        return
    folder, name = os.path.split(path)
    tmp = os.path.join(folder, f".{name}.{os.getpid()}_{time.monotonic_ns()}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(tmp, flags, 0o600)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(raw)
            os.replace(tmp, path)
        except BaseException:
            try:  # noqa: SIM105 (contextlib costs a query its import)
                os.unlink(tmp)
            except OSError:
                pass
            raise
        prune(folder, keep=name)
    except OSError:
        pass  # a cache that cannot be written only costs time


def dumps(value: Any) -> str:
    """`value` (dicts, lists, strings, integers, booleans, None) as `json.dumps(value,
    ensure_ascii=False, separators=(",", ":"))` writes it, with the json module's own C string encoder
    when there is one (a test compares the two)."""
    try:
        from _json import encode_basestring as text
    except ImportError:  # pragma: no cover - not CPython
        import json

        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    def encoded(item: Any) -> str:
        if item is None:
            return "null"
        if item is True or item is False:
            return "true" if item else "false"
        if isinstance(item, int):
            return int.__repr__(item)
        if isinstance(item, str):
            return str(text(item))
        if isinstance(item, (list, tuple)):
            return "[" + ",".join(map(encoded, item)) + "]"
        if isinstance(item, dict) and all(isinstance(k, str) for k in item):
            return "{" + ",".join(f"{text(k)}:{encoded(v)}" for k, v in item.items()) + "}"
        raise TypeError(f"not a cache value: {type(item).__name__}")

    return encoded(value)


_KINDS = ("plan-", "roster-", "stat-", "answer-")
_HEX = frozenset("0123456789abcdef")
_SUFFIX = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")


def is_own(name: str) -> bool:
    """Whether `name` is one this cache writes (OWN, matched without `re`: a query writing an answer
    should not pay for importing it)."""
    if name.startswith(".") and name.endswith(".tmp"):
        entry, dot, suffix = name[1:-4].partition(".json.")
        return bool(dot and suffix) and set(suffix) <= _SUFFIX and is_own(entry + ".json")
    kind = next((k for k in _KINDS if name.startswith(k)), None)
    if kind is None:
        return False
    digest = name[len(kind) : len(kind) + 32]
    return len(digest) == 32 and set(digest) <= _HEX and name[len(kind) + 32 :] == ".json"


def prune(folder: str, *, keep: str, limit: int = MAX_BYTES) -> None:
    """Remove this cache's oldest entries until the folder holds at most `limit` bytes of them, and
    temporary files left by a crash; `keep` (the entry just used) and every file this cache did not
    write stay."""
    entries = []
    now = time.time()
    with os.scandir(folder) as found:
        for item in found:
            if not is_own(item.name) or not item.is_file(follow_symlinks=False):
                continue
            info = item.stat(follow_symlinks=False)
            if item.name.endswith(".tmp"):
                if now - info.st_mtime > _STALE_TMP:
                    os.unlink(item.path)
                continue
            entries.append((info.st_mtime, info.st_size, item))
    total = sum(size for _, size, _ in entries)
    for _, size, item in sorted(entries, key=lambda e: e[0]):
        if total <= limit:
            break
        if item.name != keep:
            os.unlink(item.path)
            total -= size

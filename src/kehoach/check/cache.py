"""The validated plan, cached, so that queries skip YAML and pydantic: the entry to the data.

A query reads the plan files' bytes and hashes them together with what decides
whether they are valid: kehoach's own code (each module's size and modification
time) and the versions of the libraries that validate (pydantic, ruamel.yaml).
The first query on given contents validates them fully and stores the validated
data as JSON under that hash; later ones load the JSON (a few milliseconds).
Change the data, the code or a library and the key changes, so the cache can
never answer what `validate` would refuse. Invalid data is never cached: a
query on it stops with exit 1 and points to `kehoach validate`.

The cache folder is input too: it is used only when it is a real folder owned
by the user and writable by nobody else (else one warning, and no cache); an
entry is read only when it is a regular file owned by the user; reading an
entry refreshes it; the folder is capped by size and pruning removes only files
this cache wrote (`plan-`, `roster-` and `stat-<32 hex>.json`, and their temporary
files). Set KEHOACH_CACHE_DIR to move the cache, or to "off".

In a register each plan has its own entry, keyed by its own files and the roster's,
so an edit to one plan revalidates that plan alone (an edit to the roster, every
plan); the roster's validated data is stored once (`roster-…`) and its views built
once per process. Before reading anything, a plan's files are compared by their
stats with the data folder's manifest (`stat-…`, one per data folder, read once
per query) of the last read (check/freshness.py): when nothing changed, no data
file is read at all. Cross-plan references (PLAN#N) are
checked by `validate` over the whole register, not by the per-plan validation of a
query (check/plans.py).
"""

from __future__ import annotations

import os
import stat
import sys
import time
from collections.abc import Collection, Mapping

from kehoach import __version__
from kehoach.errors import DataError, WriteError
from kehoach.files.layout import (
    CHASES,
    PLAN_FILES,
    ROSTER,
    PlanFiles,
    in_register,
    is_plan_id,
    one_plan,
    register_ids,
    report_names,
)
from kehoach.files.read import DataFileError, boundary, read_data_file
from kehoach.model.register import Register
from kehoach.model.views import Plan, build_file
from kehoach.tuples import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pathlib import Path

    from kehoach.check.freshness import Manifest

ENV = "KEHOACH_CACHE_DIR"
MAX_BYTES = 64 * 1024 * 1024  # the whole folder; the oldest entries go first
MAX_ENTRY = 512 * 1024 * 1024  # a bigger entry is not read (the cache is not trusted blindly)
FORMAT = "6"  # bump when the stored data's shape changes
ROSTER_KEY = "roster-digest"  # a plan's entry names the roster entry it was validated with
# Exactly the names this cache writes: entries, and write_atomic's temporary files for them.
OWN = r"(?:plan|roster|stat)-[0-9a-f]{32}\.json|\.(?:plan|roster|stat)-[0-9a-f]{32}\.json\.[A-Za-z0-9_]+\.tmp"
_STALE_TMP = 3600  # seconds after which a temporary file is left over from a crash
# The libraries whose versions decide what is valid (their dist-info names carry the version).
_LIBRARIES = ("pydantic", "pydantic_core", "ruamel_yaml", "ruamel.yaml")
_warned: set[str] = set()
ONE = one_plan()


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


def read_sources(root: str | os.PathLike[str], files: PlanFiles = ONE) -> dict[str, bytes | None]:
    """The bytes of one plan's files and the roster (None for a missing one) and of every report file,
    by their names inside kehoach."""
    sources: dict[str, bytes | None] = {}
    unlisted: list[DataFileError] = []
    names = report_names(root, unlisted, files.reports_dir)
    if unlisted:
        raise unlisted[0]
    limit = boundary(root)
    for name in (*(files.physical(n) for n in (*PLAN_FILES, CHASES)), *names):
        logical = files.logical(name) or name
        try:
            sources[logical] = read_data_file(root, name, limit)
        except FileNotFoundError:
            sources[logical] = None
    return sources


def load_plan(
    root: str | os.PathLike[str],
    sources: Mapping[str, bytes | None] | None = None,
    files: PlanFiles = ONE,
    manifest: Manifest | None = None,
) -> Plan:
    """The validated plan whose files are `files` under `root` (or in `sources`, by the names inside
    kehoach), from the cache when it can: read from the working tree, unchanged files are not even
    read (check/freshness.py); the roster's views are built once per process for every plan.
    `manifest`: the data folder's stat manifest, when the caller loads several plans and saves it once."""
    code = _code_digest()
    folder = usable_folder(cache_dir())
    stats = None
    known = None
    own_manifest = False
    if sources is None and folder is not None:
        from kehoach.check import freshness

        if manifest is None:
            manifest, own_manifest = freshness.Manifest(folder, root, code), True
        stats = freshness.plan_stats(root, files)
        known = manifest.known(files, stats)
    else:
        manifest = None
    read: dict[str, bytes | None] | None = None
    if known is not None:
        digest, roster_digest = known
    else:
        read = dict(sources) if sources is not None else read_sources(root, files)
        digest, roster_digest = _digests(code, files, read)
    path = os.path.join(folder, f"plan-{digest}.json") if folder else None
    cached = _read_entry(path) if path is not None else None
    plan = _cached_plan(cached, folder) if cached is not None else None
    if plan is None:
        from pathlib import Path

        if read is None:
            read = read_sources(root, files)
            digest, roster_digest = _digests(code, files, read)
            path = os.path.join(folder, f"plan-{digest}.json") if folder else None
        data = _validated(Path(root), read, files)
        if path is not None and folder is not None:
            _store(Path(path), _without_roster(data, roster_digest, Path(folder)))
        plan = _plan_from(data, roster_digest)
    if manifest is not None:
        manifest.keep(files, stats, digest, roster_digest)
        if own_manifest:
            manifest.save()
    plan.files = files
    return plan


_CODE: list[str] = []  # the code's digest, once per process
# roster digest -> (validated data, its view, the answers about it every plan of that roster shares)
_ROSTERS: dict[str, tuple[dict[str, Any], Any, dict[tuple[Any, ...], Any]]] = {}


def _code_digest() -> str:
    if not _CODE:
        _CODE.append(_sha256()(code_fingerprint().encode()).hexdigest())
    return _CODE[0]


def _digests(code: str, files: PlanFiles, sources: Mapping[str, bytes | None]) -> tuple[str, str]:
    """The digest of the plan's files with what decides their validity, and the roster's alone."""
    digest = _sha256()(code.encode())
    digest.update(f"\0{files.folder}".encode())  # the same files validate alike, but name other files
    for name in sorted(sources):
        content = sources.get(name)
        digest.update(f"\0{name}\0{-1 if content is None else len(content)}\0".encode())
        digest.update(content or b"")
    roster = _sha256()(code.encode())
    roster.update(sources.get(ROSTER) or b"")
    return digest.hexdigest()[:32], roster.hexdigest()[:32]


def _without_roster(data: dict[str, Any], roster_digest: str, folder: Path) -> dict[str, Any]:
    """The plan's entry names its roster by digest; the roster is stored once, for every plan."""
    roster_path = folder / f"roster-{roster_digest}.json"
    if not roster_path.exists():
        _store(roster_path, data[ROSTER])
    return {**{k: v for k, v in data.items() if k != ROSTER}, ROSTER_KEY: roster_digest}


def _plan_from(data: dict[str, Any], roster_digest: str) -> Plan:
    """The plan's views, with the roster's built once per process."""
    held = _ROSTERS.get(roster_digest)
    if held is None:
        held = _ROSTERS[roster_digest] = (data[ROSTER], build_file(ROSTER, data[ROSTER]), {})
    data = {**data, ROSTER: held[0]}
    parts = {
        name: build_file(name, data[name]) for name in (PLAN_FILES[0], PLAN_FILES[1], CHASES) if name in data
    }
    parts[ROSTER] = held[1]
    return Plan.lazily(data, parts, held[2])


def _cached_plan(cached: bytes, folder: str | None) -> Plan | None:
    try:
        data = _loads(cached)
        roster_digest = data.pop(ROSTER_KEY)
        if roster_digest not in _ROSTERS:
            entry = _read_entry(os.path.join(folder or "", f"roster-{roster_digest}.json"))
            if entry is None:
                return None
            data[ROSTER] = _loads(entry)
        return _plan_from(data, roster_digest)
    except (ValueError, KeyError, TypeError, AttributeError, StopIteration):
        return None  # not what this cache writes: validate again


def load_register(
    root: str | os.PathLike[str],
    sources: Mapping[str, bytes | None] | None = None,
    wanted: Collection[str] | None = None,
) -> Register:
    """The data folder's plans (only those `wanted`, by id, when given), each validated and cached on
    its own: a query pays for the plans it reads. `sources`: every data file by its name in the data
    folder (a git revision)."""
    ids = register_ids(root, sources)
    if ids is None:
        only = one_plan()
        one = {only.id: load_plan(root, sources, only)}
        return Register(os.fspath(root), one, [only.id], register=False)
    known = [i for i in ids if is_plan_id(i)]
    if not known:
        raise DataError(
            "Sổ kế hoạch (plan/plans/) chưa có kế hoạch nào hợp lệ. Chạy `kehoach validate` để xem vì sao."
        )
    chosen = known if wanted is None else [i for i in known if i in wanted]
    plans: dict[str, Plan] = {}
    folder = usable_folder(cache_dir()) if sources is None else None
    manifest = None
    if folder is not None:
        from kehoach.check.freshness import Manifest

        manifest = Manifest(folder, root, _code_digest())
    try:
        for plan_id in chosen:
            files = in_register(plan_id)
            own = files.own(sources) if sources is not None else None
            plans[plan_id] = load_plan(root, own, files, manifest)
    finally:
        if manifest is not None:
            manifest.save()  # what was learnt before a plan failed is kept
    return Register(os.fspath(root), plans, known, register=True)


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


def _validated(root: Path, sources: dict[str, bytes | None], files: PlanFiles) -> dict[str, Any]:
    from kehoach.check.validate import validate_plan

    result = validate_plan(root, sources, files)
    dump = result.loaded.dump()
    if not result.valid() or dump is None:
        errors = sum(p.severity == "error" for p in result.problems)
        first = next((p for p in result.problems if p.severity == "error"), None)
        where = f" (đầu tiên: {first.file}:{first.line}: {first.message})" if first else ""
        raise DataError(
            f"Dữ liệu kế hoạch có {errors} lỗi nên chưa thể trả lời{where}. "
            "Chạy `kehoach validate` để xem tất cả."
        )
    return dump


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


def prune(folder: str, *, keep: str, limit: int = MAX_BYTES) -> None:
    """Remove this cache's oldest entries until the folder holds at most `limit` bytes of them, and
    temporary files left by a crash; `keep` (the entry just used) and every file this cache did not
    write stay."""
    import re

    entries = []
    now = time.time()
    with os.scandir(folder) as found:
        for item in found:
            if not re.fullmatch(OWN, item.name) or not item.is_file(follow_symlinks=False):
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

"""The validated plan, cached by content, so that queries skip YAML and pydantic.

A query reads the plan files' bytes and hashes them with the tool's version. The
first query on given contents validates them fully and stores the validated
data as JSON under that hash; later ones load the JSON (a few milliseconds).
Invalid data is never cached: a query on it stops with exit 1 and points to
`kehoach validate`. Set KEHOACH_CACHE_DIR to move the cache, or to "off".
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from kehoach import __version__
from kehoach.errors import DataError
from kehoach.files.layout import PLAN_FILES, report_names
from kehoach.model.views import Plan

if TYPE_CHECKING:
    from pathlib import Path

ENV = "KEHOACH_CACHE_DIR"
_KEEP = 32  # cached versions kept; older ones are removed


def _sha256() -> Any:
    """SHA-256 without hashlib, which loads OpenSSL (a few ms on every query)."""
    from importlib import import_module

    for name in ("_sha2", "_sha256", "hashlib"):  # CPython 3.12+, 3.11, anything else
        try:
            return import_module(name).sha256
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


def read_sources(root: str | os.PathLike[str]) -> dict[str, bytes | None]:
    """The bytes of the plan files (None for a missing one) and of every report file."""
    sources: dict[str, bytes | None] = {}
    for name in (*PLAN_FILES, *report_names(root)):
        try:
            with open(os.path.join(root, name), "rb") as handle:
                sources[name] = handle.read()
        except FileNotFoundError:
            sources[name] = None
    return sources


def load_plan(root: str | os.PathLike[str], sources: Mapping[str, bytes | None] | None = None) -> Plan:
    """The validated plan under `root` (or in `sources`), from the cache when it can."""
    sources = dict(sources) if sources is not None else read_sources(root)
    digest = _sha256()(__version__.encode())
    for name in sorted(sources):
        content = sources.get(name)
        digest.update(f"\0{name}\0{-1 if content is None else len(content)}\0".encode())
        digest.update(content or b"")
    folder = cache_dir()
    path = os.path.join(folder, f"plan-{digest.hexdigest()[:32]}.json") if folder else None
    if path is not None:
        try:
            with open(path, "rb") as handle:
                return Plan(json.loads(handle.read()))
        except (OSError, ValueError, KeyError, TypeError):
            pass  # not cached yet, or unreadable: validate again
    from pathlib import Path

    data = _validated(Path(root), sources)
    if path is not None:
        _store(Path(path), data)
    return Plan(data)


def _validated(root: Path, sources: dict[str, bytes | None]) -> dict[str, Any]:
    from kehoach.check.validate import validate

    result = validate(root, sources=sources)
    dump = result.loaded.dump()
    if not result.valid() or dump is None:
        errors = sum(p.severity == "error" for p in result.problems)
        first = next(p for p in result.problems if p.severity == "error")
        raise DataError(
            f"Dữ liệu kế hoạch có {errors} lỗi nên chưa thể trả lời (đầu tiên: {first.file}:{first.line}: "
            f"{first.message}). Chạy `kehoach validate` để xem tất cả."
        )
    return dump


def _store(path: Path, data: dict[str, Any]) -> None:
    from kehoach.files.atomic import write_atomic

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, json.dumps(data, ensure_ascii=False, separators=(",", ":")))
        old = sorted(path.parent.glob("plan-*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
        for stale in old[_KEEP:]:
            stale.unlink(missing_ok=True)
    except OSError:
        pass  # a cache that cannot be written only costs time

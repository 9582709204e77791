"""The validated plan, cached by content, so that queries skip YAML and pydantic.

A query reads the plan files' bytes and hashes them with the tool's version. The
first query on given contents validates them fully and stores the validated
data as JSON under that hash; later ones load the JSON (a few milliseconds).
Invalid data is never cached: a query on it stops with exit 1 and points to
`kehoach validate`. Set KEHOACH_CACHE_DIR to move the cache, or to "off".
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from kehoach import __version__
from kehoach.errors import DataError
from kehoach.plan import PLAN_FILES, Plan

ENV = "KEHOACH_CACHE_DIR"
_KEEP = 32  # cached versions kept; older ones are removed


def cache_dir() -> Path | None:
    configured = os.environ.get(ENV)
    if configured == "off":
        return None
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "kehoach"


def read_sources(root: Path) -> dict[str, bytes | None]:
    """The plan files' bytes (None for a missing file)."""
    sources: dict[str, bytes | None] = {}
    for name in PLAN_FILES:
        try:
            sources[name] = (root / name).read_bytes()
        except FileNotFoundError:
            sources[name] = None
    return sources


def load_plan(root: Path, sources: Mapping[str, bytes | None] | None = None) -> Plan:
    """The validated plan under `root` (or in `sources`), from the cache when it can."""
    sources = dict(sources) if sources is not None else read_sources(root)
    digest = hashlib.sha256(__version__.encode())
    for name in PLAN_FILES:
        content = sources.get(name)
        digest.update(f"\0{name}\0{-1 if content is None else len(content)}\0".encode())
        digest.update(content or b"")
    folder = cache_dir()
    path = folder / f"plan-{digest.hexdigest()[:32]}.json" if folder else None
    if path is not None:
        try:
            return Plan(json.loads(path.read_bytes()))
        except (OSError, ValueError, KeyError, TypeError):
            pass  # not cached yet, or unreadable: validate again
    data = _validated(root, sources)
    if path is not None:
        _store(path, data)
    return Plan(data)


def _validated(root: Path, sources: dict[str, bytes | None]) -> dict[str, Any]:
    from kehoach.validate import validate

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
    from kehoach.writing import write_atomic

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, json.dumps(data, ensure_ascii=False, separators=(",", ":")))
        old = sorted(path.parent.glob("plan-*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
        for stale in old[_KEEP:]:
            stale.unlink(missing_ok=True)
    except OSError:
        pass  # a cache that cannot be written only costs time

"""Whether a plan's files are unchanged since the cache last read them, without reading them.

A query across 300 plans would otherwise read and hash every file of every plan (tens of thousands of
reports) to learn that nothing changed. The cache keeps, per data folder and plan, a manifest: the
`lstat` of each of the plan's files (and of the roster) — kind, size, modification time, inode — and
the digest their contents had. When the files listed now have exactly those stats, the digest is the
same and no file is read. As git does with its index, a file modified in the same second as the
manifest was written ("racily clean") is never trusted: such a manifest is rewritten only once the
files are older than a couple of seconds. A changed stat, a new or a removed file means the plan is
read in full again, and only that plan.
"""

from __future__ import annotations

import os
import time

from kehoach.files.layout import CHASES, PLAN_FILES, PlanFiles, report_names
from kehoach.files.read import DataFileError

RACY = 2.0  # seconds: a file modified this recently may change again without its stat showing it

Stats = dict[str, list[int]]


def plan_stats(root: str | os.PathLike[str], files: PlanFiles) -> Stats:
    """The lstat of every file of the plan (by its name in the data folder), missing ones left out;
    DataFileError when a folder cannot be listed (the full read says why)."""
    unlisted: list[DataFileError] = []
    names = report_names(root, unlisted, files.reports_dir)
    if unlisted:
        raise unlisted[0]
    stats: Stats = {}
    for name in (*(files.physical(n) for n in (*PLAN_FILES, CHASES)), *names):
        try:
            info = os.lstat(os.path.join(root, name))
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise DataFileError("unreadable-file", name, f"không đọc được ({exc.strerror})") from None
        stats[name] = [info.st_mode, info.st_size, info.st_mtime_ns, info.st_ino, info.st_dev]
    return stats


def manifest_name(root: str | os.PathLike[str], files: PlanFiles, code: str) -> str:
    """The manifest's file name in the cache folder: one per data folder, plan and code."""
    from kehoach.check.cache import _sha256

    key = _sha256()(f"{os.path.realpath(root)}\0{files.folder}\0{code}".encode()).hexdigest()[:32]
    return f"stat-{key}.json"


def stats_key(stats: Stats) -> str:
    """One digest of every file's stats: the manifest keeps this, not the stats themselves (a plan with
    a hundred reports would make every query parse a hundred entries to compare them)."""
    from kehoach.check.cache import _sha256

    digest = _sha256()()
    for name in sorted(stats):
        digest.update(f"{name}\0{stats[name]}\n".encode())
    return str(digest.hexdigest())


def known_digest(manifest: bytes | None, stats: Stats) -> tuple[str, str] | None:
    """(the plan's digest, the roster's) when the manifest says these very stats had them, else None."""
    if manifest is None:
        return None
    from kehoach.check.cache import _loads

    try:
        data = _loads(manifest)
        if data["stats"] != stats_key(stats):
            return None
        return str(data["digest"]), str(data["roster"])
    except (ValueError, KeyError, TypeError, AttributeError, StopIteration):
        return None


def manifest(stats: Stats, digest: str, roster: str) -> str | None:
    """The manifest to keep for `stats`, or None while a file is too recent to be trusted."""
    import json

    newest = max((s[2] for s in stats.values()), default=0) / 1e9
    if time.time() - newest < RACY:
        return None
    return json.dumps({"stats": stats_key(stats), "digest": digest, "roster": roster}, separators=(",", ":"))

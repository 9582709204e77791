"""Whether a plan's files are unchanged since the cache last read them, without reading them.

A query across 300 plans would otherwise read and hash every file of every plan (tens of thousands of
reports) to learn that nothing changed. The cache keeps, per data folder, one manifest (`stat-…`):
for each plan, one digest of the `lstat` of its plan files (plan, tasks, chases, and the roster) —
kind, size, modification time, inode —, one of its reports', and the digest their contents had.
When the plan files have exactly those stats, the plan's entry is used and no file is read; its
reports' stats are compared only when an answer first reads the reports (check/cache.py), so a
question that needs no report of a plan pays for none. As git does with its index, a file modified
within a couple of seconds before its stat was taken ("racily clean") is never trusted. A changed
stat, a new or a removed file means the plan is read in full again, and only that plan. Anything
unusual in a folder (a link, a name with control characters, a folder that cannot be listed) is not
judged here: the plan is read in full, and the full read says what is wrong.
"""

from __future__ import annotations

import os
import time

from kehoach.files.layout import CHASES, PLAN_FILES, PlanFiles
from kehoach.tuples import Any, NamedTuple

RACY = 2.0  # seconds: a file modified this recently may change again without its stat showing it


class Unusual(Exception):
    """Something in the plan's folders that only the full read can judge (and explain)."""


class Stats(NamedTuple):
    """One digest of the lstat of a set of files, the newest modification time among them, and when they
    were taken (a file modified within RACY seconds before that is not trusted by its stat)."""

    digest: str
    newest: float
    taken: float

    @property
    def trusted(self) -> bool:
        return self.taken - self.newest >= RACY


def plan_stats(
    root: str | os.PathLike[str], files: PlanFiles, *, reports: bool = True, plan: bool = True
) -> Stats | None:
    """The stats of the plan's files (by their names in the data folder; missing ones left out; with
    `plan`: plan, tasks, chases and the roster; with `reports`: every report); None when only a full read
    can tell."""
    from kehoach.check.store import _sha256

    root = os.fspath(root)
    taken = time.time()
    digest = _sha256()()
    newest = 0
    try:
        named = [files.physical(n) for n in (*PLAN_FILES, CHASES)] if plan else []
        for name in named:
            try:
                info = os.lstat(os.path.join(root, name))
            except FileNotFoundError:
                continue
            digest.update(
                f"{name}\0{info.st_mode},{info.st_size},{info.st_mtime_ns},{info.st_ino}\n".encode()
            )
            newest = max(newest, info.st_mtime_ns)
        if reports:
            newest = max(newest, _reports(root, files.reports_dir, digest))
    except (OSError, Unusual):
        return None
    return Stats(str(digest.hexdigest()), newest / 1e9, taken)


def report_stats(root: str | os.PathLike[str], files: PlanFiles) -> Stats | None:
    """The stats of the plan's reports alone (asked only when an answer reads them)."""
    return plan_stats(root, files, plan=False)


def _reports(root: str, folder: str, digest: Any) -> int:
    """Feed the stats of every report under `folder` (as report_names lists them) to `digest`, in a
    stable order; the newest modification time. Unusual when report_names would complain."""
    try:
        entries = sorted(os.scandir(os.path.join(root, folder)), key=lambda e: e.name)
    except FileNotFoundError:
        return 0
    newest = 0
    for entry in entries:
        name = entry.name
        if name.startswith("."):
            continue
        if not name.isprintable() or entry.is_symlink():
            raise Unusual(name)
        if entry.is_dir(follow_symlinks=False):
            newest = max(newest, _reports(root, f"{folder}/{name}", digest))
        elif name.endswith((".yaml", ".yml")):
            info = entry.stat(follow_symlinks=False)
            digest.update(
                f"{folder}/{name}\0{info.st_mode},{info.st_size},{info.st_mtime_ns},{info.st_ino}\n".encode()
            )
            newest = max(newest, info.st_mtime_ns)
    return newest


class Manifest:
    """The stat digests of one data folder's plans, as the cache last read them: one file per data
    folder and code, read once per query and written once when a plan's line changed. A plan's line
    holds the digest of its plan files' stats and, apart, of its reports' — asked only when an answer
    reads the reports (check/cache.py) — with the plan's digest and the roster's."""

    def __init__(self, folder: str, root: str | os.PathLike[str], code: str) -> None:
        from kehoach.check.store import _loads, _read_entry, _sha256

        key = _sha256()(f"{os.path.realpath(root)}\0{code}".encode()).hexdigest()[:32]
        self.path = os.path.join(folder, f"stat-{key}.json")
        # plan folder -> [plan files' stats, reports' stats, plan digest, roster digest]
        self.plans: dict[str, list[str]] = {}
        self.changed = False
        raw = _read_entry(self.path)
        try:
            data = _loads(raw) if raw is not None else {}
            plans = data.get("plans", {}) if isinstance(data, dict) else {}
            self.plans = {
                k: v
                for k, v in plans.items()
                if isinstance(v, list) and len(v) == 4 and all(isinstance(s, str) for s in v)
            }
        except (ValueError, AttributeError, StopIteration):
            self.plans = {}  # not what this cache writes: every plan is read again

    def known(self, files: PlanFiles, stats: Stats | None) -> tuple[str, str, str] | None:
        """(the plan's digest, the roster's, its reports' stats when it had them) when the manifest says
        these very stats of the plan files had them; the reports are checked when read."""
        line = self.plans.get(files.folder)
        if stats is None or line is None or line[0] != stats.digest:
            return None
        return line[2], line[3], line[1]

    def keep(
        self, files: PlanFiles, stats: Stats | None, reports: Stats | None, digest: str, roster: str
    ) -> None:
        """Remember the plan's digests for these stats, unless a file is too recent to be trusted."""
        if stats is None or reports is None or not stats.trusted or not reports.trusted:
            if self.plans.pop(files.folder, None) is not None:
                self.changed = True
            return
        line = [stats.digest, reports.digest, digest, roster]
        if self.plans.get(files.folder) != line:
            self.plans[files.folder] = line
            self.changed = True

    def save(self) -> None:
        """Write the manifest if a line changed (a cache that cannot be written only costs time)."""
        if not self.changed:
            return
        import json
        from pathlib import Path

        from kehoach.check.store import _store_text

        _store_text(Path(self.path), json.dumps({"plans": self.plans}, separators=(",", ":")))
        self.changed = False

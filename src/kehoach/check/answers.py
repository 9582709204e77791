"""A query's answer, remembered while the files it read stay unchanged: a query pays for what it asks.

Across 300 plans, even a warm `kehoach tasks --agency X` reads 300 cache entries and checks the stats
of every report (check/freshness.py): the whole register, for an answer about one agency. So the
queries that only read (`tasks`, `task`, `plans`, `overdue`, printing to the terminal from the working
tree) remember what they printed, keyed by everything that shapes it: kehoach's code, the data folder,
the command line as parsed, the day (answers are "as of today"), the environment and the terminal
(its width, whether it is one). With the answer goes what it read: the stats of the data folder's
layout (a plan added or removed), of each plan file it loaded (the roster with them) and, only for the
plans whose reports it read (a task's completion), of their reports — all taken before the files were
read, so that a file saved while the answer is computed makes it stale rather than seeming current.
The same query again checks those stats — no data file is read — and prints the remembered answer.

What this promises: an answer is replayed only while every file it was computed from has the same
stats (the "racily clean" rule of check/freshness.py applies: nothing younger than a couple of seconds
is trusted). What it does not promise: that files the answer never read are valid — a broken report of
an agency the answer does not concern does not stop it. `kehoach validate`, and CI on every change,
check the whole register. Only answers that succeeded are remembered; KEHOACH_CACHE_DIR=off turns this
off with the rest of the cache.
"""

from __future__ import annotations

import os
import sys
import time

from kehoach.tuples import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable

QUERIES = frozenset({"tasks", "task", "plans", "overdue"})  # commands that only read and print
MAX_SAID = 16 * 1024 * 1024  # a longer answer is not worth remembering
# Environment variables that change with the shell, never with an answer
_UNRELATED = frozenset({"PWD", "OLDPWD", "SHLVL", "_"})


def remembered(command: str, options: dict[str, Any], compute: Callable[[], int]) -> int:
    """`compute()`'s exit code — replayed with what it printed when the same query, on unchanged files,
    was answered before; else computed, and remembered when it succeeds."""
    if command not in QUERIES or options.get("rev") or options.get("output"):
        return compute()
    from kehoach.check import store
    from kehoach.errors import KehoachError
    from kehoach.files.datadir import find_data_dir

    folder = store.usable_folder(store.cache_dir())
    if folder is None:
        return compute()
    try:
        root = find_data_dir(options.get("data"))
    except KehoachError:
        return compute()  # the command says what is wrong
    path = os.path.join(folder, f"answer-{_key(command, options, root)}.json")
    entry = store._read_entry(path)
    if entry is not None:
        code = _replay(entry, root)
        if code is not None:
            return code
    return _remember(path, root, compute)


def _key(command: str, options: dict[str, Any], root: str) -> str:
    from kehoach import dates
    from kehoach.check.store import _code_digest, _sha256

    try:
        width: int | None = os.get_terminal_size().columns
    except (OSError, ValueError):
        width = None
    shape = [_tty(sys.stdout), _tty(sys.stderr), width, dates.today().isoformat()]
    asked = sorted((k, v) for k, v in options.items() if k != "data")
    env = sorted((k, v) for k, v in os.environ.items() if k not in _UNRELATED)
    text = repr([_code_digest(), os.path.realpath(root), command, asked, shape, env])
    return str(_sha256()(text.encode("utf-8", "surrogatepass")).hexdigest()[:32])


def _tty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False


def _layout(root: str) -> list[Any] | None:
    """The stats of the folders that say which plans the data folder holds (plan/, plan/plans/); None
    when one cannot be read (the command itself says what is wrong)."""
    from kehoach.files.layout import ONE_PLAN, PLANS_DIR

    found: list[Any] = []
    for name in (ONE_PLAN, PLANS_DIR):
        try:
            info = os.lstat(os.path.join(root, name))
        except FileNotFoundError:
            found.append(None)
            continue
        except OSError:
            return None
        found.append([info.st_mode, info.st_mtime_ns, info.st_ino])
    return found


def _depends(layout: list[Any], plans: list[Any], asked: float) -> dict[str, Any] | None:
    """What the answer read, as the stats taken before it was read (check/cache.py): per plan, of its
    plan files and, when it read them, of its reports; None when a stat is unusual, or too close to
    when it was taken to be trusted (a file saved in the same tick)."""
    from kehoach.check.freshness import RACY

    if any(asked - d[1] / 1e9 < RACY for d in layout if d is not None):
        return None
    lines = []
    for _, files, plan, plain in plans:
        reports = plan.report_stats if plan.reports_read else None
        if (
            plain is None
            or not plain.trusted
            or (plan.reports_read and (reports is None or not reports.trusted))
        ):
            return None
        lines.append([files.id, files.folder, plain.digest, reports.digest if reports else None])
    return {"layout": layout, "plans": lines}


def _fresh(root: str, depends: dict[str, Any]) -> bool:
    from kehoach.check.freshness import plan_stats, report_stats
    from kehoach.files.layout import ONE_PLAN, in_register, is_plan_id, one_plan

    layout = _layout(root)
    if layout is None or layout != depends["layout"]:
        return False
    for plan_id, folder, plain, reports in depends["plans"]:
        files = one_plan() if folder == ONE_PLAN else in_register(str(plan_id))
        if files.folder != folder or not is_plan_id(files.id):
            return False  # not a plan folder of this data folder: not what this cache writes
        now = plan_stats(root, files, reports=False)
        if now is None or now.digest != plain:
            return False
        if reports is not None:
            read = report_stats(root, files)
            if read is None or read.digest != reports:
                return False
    return True


def _replay(entry: bytes, root: str) -> int | None:
    """The remembered answer printed again, and its exit code; None when it is stale or not ours."""
    from kehoach import terminal
    from kehoach.check.store import _loads

    try:
        data = _loads(entry)
        said, code = data["said"], data["code"]
        if not isinstance(code, int) or not isinstance(said, list) or not _fresh(root, data["depends"]):
            return None
        lines = [(str(s), str(t), str(e), bool(a)) for s, t, e, a in said]
    except (ValueError, KeyError, TypeError, AttributeError, StopIteration):
        return None  # not what this cache writes: answer again
    for stream, text, end, github in lines:
        if stream == "say":
            terminal.say(text, end, annotations=github)
        else:
            terminal.tell(text, end)
    return code


def _remember(path: str, root: str, compute: Callable[[], int]) -> int:
    from kehoach import terminal
    from kehoach.check import cache

    said: list[list[object]] = []
    read: list[Any] = []
    asked, layout = time.time(), _layout(root)
    terminal.heard, cache.watched = said, read
    try:
        code = compute()
    finally:
        terminal.heard, cache.watched = None, None
    real = os.path.realpath(root)
    if any(os.path.realpath(entry[0]) != real for entry in read):
        return code  # it read another data folder too: not this cache's to promise
    depends = _depends(layout, read, asked) if read and layout is not None else None
    if depends is not None and sum(len(str(s[1])) for s in said) <= MAX_SAID:
        from kehoach.check.store import store_answer

        store_answer(path, {"depends": depends, "said": said, "code": code})
    return code

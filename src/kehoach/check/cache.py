"""The validated plan, cached, so that queries skip YAML and pydantic: the entry to the data.

A query reads the plan files' bytes and hashes them together with what decides
whether they are valid: kehoach's own code (each module's size and modification
time) and the versions of the libraries that validate (pydantic, ruamel.yaml).
The first query on given contents validates them fully and stores the validated
data as JSON under that hash; later ones load the JSON (a few milliseconds).
Change the data, the code or a library and the key changes, so the cache never
answers from data `validate` would refuse — of the files the answer reads (below:
the reports of a plan are checked when an answer first reads them). Invalid data
is never cached: a query on it stops with exit 1 and points to `kehoach validate`.

The cache folder is input too (check/store.py: used only when it is a real folder
of the user that nobody else can write; entries read only when they are the user's
regular files; capped by size). Set KEHOACH_CACHE_DIR to move the cache, or to "off".

In a register each plan has its own entry, keyed by its own files and the roster's,
so an edit to one plan revalidates that plan alone (an edit to the roster, every
plan); the roster's validated data is stored once (`roster-…`) and its views built
once per process. Before reading anything, a plan's files are compared by their
stats with the data folder's manifest (`stat-…`, one per data folder, read once
per query) of the last read (check/freshness.py): when nothing changed, no data
file is read at all. A plan's entry keeps its reports on a line of their own: when
an answer first reads them (Plan.report_data), their stats are compared with the
manifest's, and only then is that line parsed — or, if they changed, the plan read
and validated again. Cross-plan references (PLAN#N) are
checked by `validate` over the whole register, not by the per-plan validation of a
query (check/plans.py).
"""

from __future__ import annotations

import os
from collections.abc import Collection, Mapping

from kehoach.check.store import (
    _code_digest,
    _loads,
    _read_entry,
    _sha256,
    _store,
    _store_text,
    cache_dir,
    usable_folder,
)
from kehoach.errors import DataError
from kehoach.files.layout import (
    CHASES,
    PLAN_FILES,
    REPORTS_DIR,
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
    from collections.abc import Callable
    from pathlib import Path

    from kehoach.check.freshness import Manifest

ROSTER_KEY = "roster-digest"  # a plan's entry names the roster entry it was validated with
ONE = one_plan()
# While check/answers.py remembers an answer: every plan read from the working tree — its data folder,
# files, views, and the stats of its plan files taken before reading (its reports': plan.report_stats)
watched: list[tuple[str, PlanFiles, Plan, Any]] | None = None


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
    read (check/freshness.py), and its reports are checked and parsed only when an answer reads them;
    the roster's views are built once per process for every plan.
    `manifest`: the data folder's stat manifest, when the caller loads several plans and saves it once."""
    code = _code_digest()
    folder = usable_folder(cache_dir())
    plain = reports_seen = known = None
    own_manifest = False
    if sources is None and folder is not None:
        from kehoach.check import freshness

        if manifest is None:
            manifest, own_manifest = freshness.Manifest(folder, root, code), True
        plain = freshness.plan_stats(root, files, reports=False)  # before anything is read
        known = manifest.known(files, plain)
        if known is None:
            reports_seen = freshness.report_stats(root, files)
    else:
        manifest = None
    read: dict[str, bytes | None] | None = None
    if known is not None:
        digest, roster_digest, expected = known
    else:
        read = dict(sources) if sources is not None else read_sources(root, files)
        digest, roster_digest = _digests(code, files, read)
    path = os.path.join(folder, f"plan-{digest}.json") if folder else None
    cached = _cached_plan(_read_entry(path), folder) if path is not None else None
    if cached is None:
        if read is None:  # the manifest knew the files, but their entry is gone: read them again
            known = None
            reports_seen = freshness.report_stats(root, files)
            read = read_sources(root, files)
            digest, roster_digest = _digests(code, files, read)
        data = _fresh_plan(root, read, files, digest, roster_digest, folder)
        plan = _plan_from(data, roster_digest)
    else:
        plan, reports = cached
        if known is None:  # the entry of the very files just read: its reports are theirs
            plan.reports_from = _entry_reports(root, sources, files, folder, reports)
        else:
            plan.reports_from = _checked_reports(
                root, files, manifest, plan, plain, expected, reports, folder
            )
    plan.files = files
    if known is None:
        plan.report_stats = reports_seen
        if manifest is not None:
            manifest.keep(files, plain, reports_seen, digest, roster_digest)
    if manifest is not None and own_manifest:
        manifest.save()
    if watched is not None:  # without stats (a git revision, an unusual folder): nothing is remembered
        watched.append((os.fspath(root), files, plan, plain))
    return plan


def _fresh_plan(
    root: str | os.PathLike[str],
    read: dict[str, bytes | None],
    files: PlanFiles,
    digest: str,
    roster_digest: str,
    folder: str | None,
) -> dict[str, Any]:
    """The plan read just now, validated, and stored under its digest."""
    from pathlib import Path

    data = _validated(Path(root), read, files)
    if folder is not None:
        _store_plan(Path(folder) / f"plan-{digest}.json", _without_roster(data, roster_digest, Path(folder)))
    return data


def _checked_reports(
    root: str | os.PathLike[str],
    files: PlanFiles,
    manifest: Manifest | None,
    plan: Plan,
    plain: Any,
    expected: str,
    reports: bytes,
    folder: str | None,
) -> Callable[[], dict[str, Any]]:
    """How a plan known by its plan files' stats gets its reports when an answer first reads them: the
    entry's, while the reports keep the stats the manifest has for them; else the plan read and validated
    again (a broken report stops the answer there, as it would have before)."""

    def load() -> dict[str, Any]:
        from kehoach.check import freshness

        now = freshness.report_stats(root, files)
        plan.report_stats = now
        found = _reports_line(reports) if now is not None and now.digest == expected else None
        if found is not None:
            return found
        read = read_sources(root, files)
        again = freshness.plan_stats(root, files, reports=False)
        if again is None or plain is None or again.digest != plain.digest:
            raise DataError(
                f"Tệp của kế hoạch {files.id} vừa thay đổi trong lúc đang trả lời; hãy chạy lại lệnh."
            )
        found, digest, roster_digest = _reports_of(root, read, files, folder)
        if manifest is not None:
            manifest.keep(files, plain, now, digest, roster_digest)
            manifest.save()
        return found

    return load


def _entry_reports(
    root: str | os.PathLike[str],
    sources: Mapping[str, bytes | None] | None,
    files: PlanFiles,
    folder: str | None,
    reports: bytes,
) -> Callable[[], dict[str, Any]]:
    """The reports of the entry of files just read, parsed when first asked for (the plan read and
    validated again when the entry's line is not what this cache writes)."""

    def load() -> dict[str, Any]:
        found = _reports_line(reports)
        if found is None:
            read = dict(sources) if sources is not None else read_sources(root, files)
            found = _reports_of(root, read, files, folder)[0]
        return found

    return load


def _reports_of(
    root: str | os.PathLike[str], read: dict[str, bytes | None], files: PlanFiles, folder: str | None
) -> tuple[dict[str, Any], str, str]:
    """The reports of a plan's files just `read` — from the entry of those very files when it holds
    them, else validated (and stored) — with the plan's digest and the roster's."""
    digest, roster_digest = _digests(_code_digest(), files, read)
    entry = _read_entry(os.path.join(folder, f"plan-{digest}.json")) if folder is not None else None
    found = _reports_line(entry.partition(b"\n")[2]) if entry is not None else None
    if found is None:
        found = _fresh_plan(root, read, files, digest, roster_digest, folder)[REPORTS_DIR]
    return found, digest, roster_digest


def _reports_line(raw: bytes) -> dict[str, Any] | None:
    """The reports' line of a plan's entry, or None when it is not what this cache writes."""
    try:
        found = _loads(raw)
    except (ValueError, StopIteration):
        return None
    return found if isinstance(found, dict) else None


# roster digest -> (validated data, its view, the answers about it every plan of that roster shares)
_ROSTERS: dict[str, tuple[dict[str, Any], Any, dict[tuple[Any, ...], Any]]] = {}


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


def _cached_plan(cached: bytes | None, folder: str | None) -> tuple[Plan, bytes] | None:
    """The plan of an entry (its reports left as their JSON, parsed when first read), or None."""
    if cached is None:
        return None
    head, newline, reports = cached.partition(b"\n")
    if not newline:
        return None  # not what this cache writes: validate again
    try:
        data = _loads(head)
        roster_digest = data.pop(ROSTER_KEY)
        if roster_digest not in _ROSTERS:
            entry = _read_entry(os.path.join(folder or "", f"roster-{roster_digest}.json"))
            if entry is None:
                return None
            data[ROSTER] = _loads(entry)
        return _plan_from(data, roster_digest), reports
    except (ValueError, KeyError, TypeError, AttributeError, StopIteration):
        return None  # not what this cache writes: validate again


def _store_plan(path: Path, data: dict[str, Any]) -> None:
    """A plan's entry: its files' data on the first line, its reports' on the second (JSON never holds a
    raw line break), so that a query that does not read the reports does not parse them."""
    import json

    head = {k: v for k, v in data.items() if k != REPORTS_DIR}
    text = json.dumps(head, ensure_ascii=False, separators=(",", ":"))
    reports = json.dumps(data.get(REPORTS_DIR, {}), ensure_ascii=False, separators=(",", ":"))
    _store_text(path, f"{text}\n{reports}")


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

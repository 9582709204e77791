"""What each command does: one call to `kehoach.api`, then its answer shown or written.

cli/dispatch.py has parsed and checked the command line: each function here gets
every option of its command as a keyword (paths as text, so that a query never
imports pathlib), asks the library one question through `kehoach.api`, and
renders the answer through `kehoach.show`. It returns the exit code; a known
failure is a KehoachError, which cli/entry.py (the one error boundary) prints.
"""

from __future__ import annotations

import os

from kehoach.errors import UsageError
from kehoach.tuples import Any


def run(command: str, options: dict[str, Any]) -> int:
    """Run `command` with its parsed options; its exit code."""
    options = dict(options)
    options.pop("version", None)
    handler = globals()["run_" + command.replace("-", "_")]
    from kehoach.check.answers import remembered

    code: int = remembered(command, options, lambda: handler(**options))
    return code


def _listing_format(fmt: str | None, output: str | None) -> str:
    """The format of a listing: as asked, else from `-o`'s extension, else text; `table` is the old
    name of `text` (said once)."""
    from kehoach.show.formats import output_format

    if fmt == "table":
        _done("Lưu ý: --format table nay gọi là --format text.")
        fmt = "text"
    return output_format(fmt, output)


def _when(text: str | None, option: str = "--as-of") -> Any:
    """A date typed on the command line, or None."""
    from kehoach.dates import parse_date

    return parse_date(text, option) if text else None


def _marked(listing: Any, plan: Any, on: Any) -> Any:
    """`listing` with the names the roster marks unconfirmed on `on` (today when None), which every
    format then marks where they appear (show/marks.py)."""
    from kehoach import api
    from kehoach.answer.queries import unconfirmed_marks

    listing.marks = unconfirmed_marks(plan, api.day(on))
    return listing


def _echo(text: str, end: str = "\n") -> None:
    """The answer, on stdout (through the one output layer: terminal.py)."""
    from kehoach.terminal import say

    say(text, end)


def _done(message: str) -> None:
    """What was written, on stderr (stdout stays the answer)."""
    from kehoach.terminal import tell

    tell(message)


# --- checking the data --------------------------------------------------------------


def run_validate(*, data: str | None, rev: str | None, check: list[str], fmt: str, strict: bool) -> int:
    """`kehoach validate`: every problem, in the format asked; exit 1 unless valid."""
    from kehoach import api
    from kehoach.show.problems import render
    from kehoach.terminal import say

    result = api.validate(data, set(check) or None, rev=rev)
    valid = result.valid(strict=strict)
    say(render(result.problems, fmt, valid=valid), annotations=fmt in ("github", "auto"))
    return 0 if valid else 1


def run_schema(*, data: str | None, rev: str | None, output: str | None, check: bool) -> int:
    """`kehoach schema`: write the JSON Schemas (or, with --verify, say which are stale)."""
    from kehoach import api

    folder, stale = api.schemas(data, output, verify=check)
    for name in stale:
        _echo(f"{'Cần cập nhật' if check else 'Đã ghi'}: {folder}/{name}")
    if check and stale:
        _done("Chạy `kehoach schema` để cập nhật lược đồ.")
        return 1
    return 0


# --- who does what ------------------------------------------------------------------


def run_tasks(
    *,
    data: str | None,
    rev: str | None,
    plan_ids: list[str],
    agency: str | None,
    role: str | None,
    sector: str | None,
    direct: bool,
    as_of: str | None,
    fmt: str | None,
    output: str | None,
) -> int:
    """`kehoach tasks`: the tasks of the plans in scope, or everything they ask of one agency."""
    from kehoach import api
    from kehoach.answer import across, queries
    from kehoach.show.formats import render

    fmt = _listing_format(fmt, output)
    on = _when(as_of)
    if direct and agency is None:
        raise UsageError("--direct chỉ dùng cùng --agency.")
    found = api.register(data, rev, plan_ids or None)
    one = len(found.ids) == 1 or len(plan_ids) == 1
    plans = list(found.plans.values()) if one else across.chosen_plans(found, plan_ids, api.day(on))
    if one:  # one plan: the answer as it has always been
        plan = plans[0]
        if agency is None:
            listing = queries.tasks_listing(api.tasks(plan, sector=sector, role=role), plan, api.day(on))
        else:
            answer = api.tasks_of(plan, agency, on, sector=sector, role=role, direct=direct)
            listing = queries.agency_tasks_listing(plan, answer)
    elif agency is None:
        listing = across.tasks_listing(plans, sector=sector, role=role, on=api.day(on))
    else:
        who = queries.subject_named(next(iter(found.plans.values())), agency, api.day(on))
        pairs = api.tasks_across(
            found, agency, on, plans=[p.id for p in plans], sector=sector, role=role, direct=direct
        )
        listing = across.agency_tasks_listing(pairs, who)
    render(_marked(listing, next(iter(found.plans.values())), on), fmt, output=output)
    return 0


def run_plans(
    *, data: str | None, rev: str | None, as_of: str | None, fmt: str | None, output: str | None
) -> int:
    """`kehoach plans`: the plans of the data folder."""
    from kehoach import api
    from kehoach.answer import across
    from kehoach.show.formats import render

    fmt = _listing_format(fmt, output)
    found = api.register(data, rev)
    on = api.day(_when(as_of))
    render(_marked(across.plans_listing(found, on), next(iter(found.plans.values())), on), fmt, output=output)
    return 0


def run_overdue(
    *,
    data: str | None,
    rev: str | None,
    plan_ids: list[str],
    agency: str | None,
    by: str,
    as_of: str | None,
    fmt: str | None,
    output: str | None,
) -> int:
    """`kehoach overdue`: the four categories per agency or per plan."""
    from kehoach import api
    from kehoach.answer import across, queries
    from kehoach.show.formats import render

    fmt = _listing_format(fmt, output)
    on = api.day(_when(as_of))
    found = api.register(data, rev, plan_ids or None)
    counted = api.overdue(found, on, agency=agency, plans=plan_ids, by=by)
    who = queries.subject_named(next(iter(found.plans.values())), agency, on).agency if agency else None
    listing = across.overdue_listing(counted, on, by=by, agency=who)
    render(_marked(listing, next(iter(found.plans.values())), on), fmt, output=output)
    return 0


def run_task(
    *,
    data: str | None,
    rev: str | None,
    plan_id: str | None,
    number: str,
    as_of: str | None,
    fmt: str | None,
    output: str | None,
) -> int:
    """`kehoach task SỐ` (or PLAN#SỐ): one task in full, and who carries it on the date."""
    from kehoach import api
    from kehoach.answer import queries
    from kehoach.show.formats import render

    fmt = _listing_format(fmt, output)
    written, task_number = api.task_ref(number, plan_id)
    plan = api.load(data, rev, written)
    answer = api.task(plan, task_number, _when(as_of))
    render(_marked(queries.task_listing(plan, answer), plan, answer.as_of), fmt, output=output)
    return 0


def run_agencies(
    *,
    data: str | None,
    rev: str | None,
    kind: str | None,
    city: str | None,
    every: bool,
    as_of: str | None,
    fmt: str | None,
    output: str | None,
) -> int:
    """`kehoach agencies`: the roster on a date."""
    from kehoach import api
    from kehoach.answer import queries
    from kehoach.show.formats import render

    fmt = _listing_format(fmt, output)
    plan = api.load(data, rev)
    on = api.day(_when(as_of))
    found = api.agencies(plan, on, kind=kind, city=city, include_all=every)
    render(_marked(queries.agencies_listing(plan, found, on, every=every), plan, on), fmt, output=output)
    return 0


def run_agency(
    *,
    data: str | None,
    rev: str | None,
    plan_id: str | None,
    name: str,
    as_of: str | None,
    fmt: str | None,
    output: str | None,
) -> int:
    """`kehoach agency TÊN`: everything about one agency."""
    from kehoach import api
    from kehoach.answer import queries
    from kehoach.show.formats import render

    fmt = _listing_format(fmt, output)
    found = api.register(data, rev, [plan_id] if plan_id else None)
    first = next(iter(found.plans.values()))
    who = api.agency(first, name, _when(as_of))
    if len(found.plans) == 1:
        render(_marked(queries.agency_listing(first, who), first, who.on), fmt, output=output)
        return 0
    from kehoach.answer import across

    plans = across.chosen_plans(found, [], who.on)
    render(_marked(across.agency_listing(plans or [first], who), first, who.on), fmt, output=output)
    return 0


def run_matrix(
    *,
    data: str | None,
    rev: str | None,
    plan_id: str | None,
    as_written: bool,
    as_of: str | None,
    fmt: str | None,
    output: str | None,
) -> int:
    """`kehoach matrix`: agencies × tasks."""
    from kehoach import api
    from kehoach.answer import queries
    from kehoach.show.formats import render

    fmt = _listing_format(fmt, output)
    plan = api.load(data, rev, plan_id)
    on = api.day(_when(as_of))
    render(_marked(queries.matrix_listing(plan, on, as_written=as_written), plan, on), fmt, output=output)
    return 0


# --- the yearly reporting cycle ----------------------------------------------------


def run_status(
    *,
    data: str | None,
    rev: str | None,
    plan_id: str | None,
    year: int,
    agency: str | None,
    tasks_view: bool,
    every: bool,
    fail_on: str | None,
    as_of: str | None,
    fmt: str | None,
    output: str | None,
) -> int:
    """`kehoach status`: who reported for the year; exit 1 with --fail-on when some are late/overdue."""
    from kehoach import api
    from kehoach.answer import status
    from kehoach.show.formats import render

    fmt = _listing_format(fmt, output)
    plan = api.load(data, rev, plan_id)
    on = api.day(_when(as_of))
    if tasks_view:
        if agency is not None:
            raise UsageError("--tasks xem theo nhiệm vụ; không dùng cùng --agency.")
        render(_marked(status.task_progress_listing(plan, year, on), plan, on), fmt, output=output)
        return 0
    who = api.reporting_subject(plan, agency, year) if agency is not None else None
    # Machine formats list every agency; only the human table gathers communes by kind.
    full = every or fmt in ("json", "csv", "csv-semicolon", "xlsx")
    listing = status.status_listing(plan, year, on, who, every=full)
    render(_marked(listing, plan, on), fmt, output=output)
    if fail_on is not None and status.failing(plan, year, on, who.agency if who else None, fail_on):
        return 1
    return 0


def run_record(
    *,
    data: str | None,
    rev: str | None,
    plan_id: str | None,
    year: int,
    agency: str | None,
    received: str | None,
    number: str | None,
    dated: str | None,
    document: str | None,
    notes: str | None,
    task: list[dict[str, Any]],
    ad_hoc: list[dict[str, Any]],
    consolidated: bool,
    sent: str | None,
    force: bool,
    reason: str | None,
) -> int:
    """`kehoach record`: one report recorded; what changed, and the git commands to keep it."""
    from kehoach import api
    from kehoach.show.changes import describe

    tasks = [
        api.TaskEntry(
            g["task"],
            g.get("status_key"),
            g.get("result"),
            g.get("difficulty"),
            g.get("proposal"),
            g.get("completed_on"),
        )
        for g in task
    ]
    reports = [api.AdHocEntry(g["ad_hoc"], **{k: v for k, v in g.items() if k != "ad_hoc"}) for g in ad_hoc]
    plan = api.load(data, plan=plan_id)  # read before writing: afterwards the data would be checked again
    statuses, names = plan.statuses, {a.id: a.name for a in plan.agencies.values()}
    done = api.record(
        data,
        plan=plan_id,
        year=year,
        agency=agency,
        received=received,
        sent=sent,
        number=number,
        dated=dated,
        document=document,
        notes=notes,
        tasks=tasks,
        ad_hoc=reports,
        force=force,
        reason=reason,
        consolidated=consolidated,
    )
    _echo(describe(done, statuses, names))
    return 0


def run_form(
    *,
    data: str | None,
    rev: str | None,
    plan_id: str | None,
    year: int,
    agency: str | None,
    every: bool,
    output: str | None,
    new_key: bool,
) -> int:
    """`kehoach form`: one .xlsx per agency that must report, written only once all are built."""
    from kehoach import api
    from kehoach.files.formkey import ENV, key_file

    plan = api.load(data, rev, plan_id)
    first = not os.environ.get(ENV) and not key_file().exists()  # this run creates the key file
    if new_key:
        key = api.new_form_key()
        _done(f"Đã tạo khóa ký biểu mẫu mới {key.id} (khóa cũ vẫn dùng để nhập biểu mẫu đã gửi).")
    if agency is not None:
        for note in api.reporting_subject(plan, agency, year, "biểu mẫu").notes:
            _done(note)
    written, where = api.write_forms(plan, year, agency, every=every, output=output or ".")
    _done(f"Đã ghi {written} biểu mẫu năm {year}: {where}")
    if first and key_file().exists():
        _done(
            f"Đã tạo khóa ký biểu mẫu: {key_file()}. Giữ tệp này trên máy (không đưa vào kho, không gửi "
            "qua thư): thiếu nó, biểu mẫu gửi lại sẽ không nhập được."
        )
    return 0


def run_plan(
    *,
    data: str | None,
    rev: str | None,
    action: str,
    source: str,
    new_id: str,
    dated: str | None,
    year: int | None,
    maps: list[str] | None,
    focal: str | None,
    dry_run: bool,
    replace: bool,
) -> int:
    """`kehoach plan import`: the plan written (or, with --dry-run, shown), every decision said."""
    from kehoach import api
    from kehoach.show.plan_summary import plan_import_summary

    done = api.import_plan(
        data,
        source,
        new_id,
        dated=_when(dated, "--dated"),
        year=year,
        maps=maps or [],
        focal=focal,
        dry_run=dry_run,
        replace=replace,
    )
    if dry_run:
        for name, text in done.files.items():
            _echo(f"# --- {name} ---\n{text}")
    _done(plan_import_summary(done))
    return 0


def run_import(
    *,
    data: str | None,
    rev: str | None,
    plan_id: str | None,
    files: list[str],
    year: int | None,
    received: str | None,
    dry_run: bool,
    force: bool,
    accept_unsigned: bool,
    sender: str | None,
) -> int:
    """`kehoach import`: exit 0 when every form was taken, 1 when some had problems."""
    from kehoach import api
    from kehoach.errors import UsageError
    from kehoach.show.changes import commit_hint, import_summary

    if accept_unsigned != bool(sender and sender.strip()):
        raise UsageError('--accept-unsigned và --from "NGƯỜI GỬI" phải đi cùng nhau.')
    found = api.register(data, None, [plan_id] if plan_id else None)  # read before writing
    statuses = {k: v for p in found.plans.values() for k, v in p.statuses.items()}
    results = api.import_forms(
        data,
        files,
        plan=plan_id,
        received=received,
        year=year,
        force=force,
        dry_run=dry_run,
        accept_unsigned_from=sender if accept_unsigned else None,
    )
    text = import_summary(results, statuses)
    if dry_run:
        text += "\n(--dry-run: không ghi gì.)"
    _echo(text)
    recorded = [r.recorded for r in results if r.recorded is not None and r.recorded.changes]
    if recorded and not dry_run and recorded[0].git_path is not None:
        roster = next(iter(found.plans.values())).agencies  # one roster for every plan of the register
        names = {a.id: a.name for a in roster.values()}
        _echo(commit_hint(recorded, names))
    return 1 if any(r.problems for r in results) else 0


def run_remind(
    *,
    data: str | None,
    rev: str | None,
    plan_id: str | None,
    year: int | None,
    overdue: bool,
    keep: bool,
    escalate: int | None,
    as_of: str | None,
    agency: str | None,
    each: bool,
    fmt: str | None,
    output: str | None,
    number: str | None,
    dated: str | None,
    by: str | None,
    delegation: str | None,
    signer_title: str | None,
    signer: str | None,
    final: bool,
) -> int:
    """`kehoach remind`: the reminder letter(s), written only once every one is built; with --overdue,
    about the tasks not completed by their due date; with --escalate, the list of the most chased."""
    from kehoach import api

    if by is not None and (escalate is not None or overdue):
        raise UsageError("--by chỉ dùng với --year (hạn mới gửi báo cáo năm).")
    if escalate is not None or overdue:
        return _chase(
            data,
            rev,
            plan_id,
            year,
            escalate,
            keep,
            as_of,
            agency,
            each,
            fmt,
            output,
            number,
            dated,
            api.Signer(delegation, signer_title, signer),
            final,
        )
    if keep:
        raise UsageError("--record chỉ dùng với --overdue (số lần đôn đốc được đếm theo nhiệm vụ).")
    if year is None:
        raise UsageError("Cần --year NĂM (đôn đốc báo cáo năm) hoặc --overdue (đôn đốc nhiệm vụ quá hạn).")
    plan = api.load(data, rev, plan_id)
    letters = api.reminders(
        plan,
        year,
        _when(as_of),
        agency,
        each=each,
        fmt=fmt,
        output=output,
        number=number,
        dated=_when(dated, "--dated"),
        signer=api.Signer(delegation, signer_title, signer),
        by=_when(by, "--by"),
        final=final,
    )
    if output is None:
        _echo("\n".join(letter.decode("utf-8") for letter in letters.content), end="")
    else:
        _done(letters.written)
    _checklist(letters.review, final)
    return 0


def _checklist(review: Any, final: bool) -> None:
    """What the drafter checks before signing, on stderr (never in the letter); nothing with --final."""
    if not final and review:
        from kehoach.show.review import checklist

        _done(checklist(review))


def _chase(
    data: str | None,
    rev: str | None,
    plan_id: str | None,
    year: int | None,
    escalate: int | None,
    keep: bool,
    as_of: str | None,
    agency: str | None,
    each: bool,
    fmt: str | None,
    output: str | None,
    number: str | None,
    dated: str | None,
    signer: Any,
    final: bool,
) -> int:
    from kehoach import api

    if year is not None:
        raise UsageError(
            "--overdue và --escalate đếm nhiệm vụ theo thời hạn của chúng, không theo --year; hãy bỏ --year."
        )
    if keep and rev is not None:
        raise UsageError("--rev chỉ để đọc; --record ghi vào dữ liệu hiện tại, hãy bỏ --rev.")
    plans = [plan_id] if plan_id else None
    found = api.register(data, rev, plans)
    on = api.day(_when(as_of))
    if escalate is not None:
        if escalate < 1:
            raise UsageError("--escalate cần một số lần từ 1 trở lên.")
        from kehoach.answer.chasing import escalated_listing
        from kehoach.show.formats import render

        rows = api.escalated(found, escalate, on, agency=agency, plans=plans)
        render(escalated_listing(rows, on, escalate), "text" if fmt in (None, "text") else fmt, output=output)
        return 0
    letters, kept = api.chase(
        found,
        on,
        agency=agency,
        plans=plans,
        each=each,
        fmt=fmt,
        output=output,
        number=number,
        dated=_when(dated, "--dated"),
        signer=signer,
        keep=keep,
        final=final,
    )
    if output is None:
        _echo("\n".join(letter.decode("utf-8") for letter in letters.content), end="")
    else:
        _done(letters.written)
    _checklist(letters.review, final)
    for name in kept:
        _done(f"Đã ghi lần đôn đốc vào {name}")
    return 0


def run_calendar(
    *,
    data: str | None,
    rev: str | None,
    plan_id: str | None,
    output: str,
    year: int | None,
    agency: str | None,
) -> int:
    """`kehoach calendar`: the reporting deadlines as an .ics file."""
    from kehoach import api

    count = api.write_calendar(api.load(data, rev, plan_id), output, year, agency)
    _done(f"Đã ghi {output} ({count} hạn)")
    return 0


def run_site(
    *,
    data: str | None,
    rev: str | None,
    output: str,
    as_of: str | None,
    base_url: str | None,
    manual: str | None = None,
) -> int:
    """`kehoach site`: the static site, built whole in a temporary folder, then put in place."""
    from kehoach import api

    if base_url is not None and not base_url.startswith(("https://", "http://")):
        raise UsageError(
            "--base-url phải bắt đầu bằng https:// (hoặc http://), ví dụ https://example.gov.vn/ke-hoach/; "
            f"đã nhận «{base_url}»."
        )
    done = api.build_site(data, output, _when(as_of), rev=rev, base_url=base_url, manual=manual)
    _done(
        f"Đã ghi trang web vào {output}/: {done['pages']} trang, {done['files']} tệp tải về "
        f"(trang lớn nhất {done['largest'] // 1024} KB){', kèm hướng dẫn' if manual else ''}. "
        f"Mở {output}/index.html."
    )
    return 0


def run_export(*, data: str | None, rev: str | None, kind: str, output: str, as_of: str | None) -> int:
    """`kehoach export`: the register as open data, written only once whole."""
    from kehoach import api

    said, _ = api.export(api.register(data, rev), kind, output, _when(as_of))
    _done(said)
    return 0


# --- the consolidated report --------------------------------------------------------


def run_report(
    *,
    data: str | None,
    rev: str | None,
    plan_id: str | None,
    year: int,
    fmt: str | None,
    output: str | None,
    as_of: str | None,
    date: str | None,
    template: str | None,
    final: bool,
) -> int:
    """`kehoach report`: the consolidated report, rendered and written only once it is whole; what the
    drafter must check, on stderr (and in the document, unless --final)."""
    from kehoach import api

    if template is not None:
        _done(f"Mẫu: {template}")  # said first: the template's own errors follow
    done = api.write_report(
        api.load(data, rev, plan_id),
        year,
        fmt=fmt,
        output=output,
        as_of=_when(as_of),
        dated=_when(date, "--dated"),
        template=template,
        final=final,
    )
    if output is None:
        _echo(str(done.content), end="")
    else:
        _done(f"Đã ghi {output}")
    _checklist(done.review, final)
    return 0


# --- versions ---------------------------------------------------------------------


def run_diff(
    *, data: str | None, rev: str | None, plan_id: str | None, revs: list[str], fmt: str, exit_code: bool
) -> int:
    """`kehoach diff`: what changed between two versions, in the plan's words."""
    from kehoach import api
    from kehoach.show.changes import render_diff

    changes, old_label, new_label = api.diff(data, revs, plan_id)
    text = render_diff(changes, fmt, old_label=old_label, new_label=new_label)
    _echo(text)
    return 1 if exit_code and changes else 0


def run_history(
    *,
    data: str | None,
    rev: str | None,
    plan_id: str | None,
    task_id: int | None,
    agency: str | None,
    fmt: str,
) -> int:
    """`kehoach history`: the commits that changed one task or one agency's assignments."""
    from kehoach import api
    from kehoach.show.changes import render_history

    if (task_id is None) == (agency is None):
        raise UsageError("Cần đúng một trong --task SỐ hoặc --agency TÊN.")
    subject, entries = api.history(data, task=task_id, agency=agency, rev=rev, plan=plan_id)
    _echo(render_history(entries, fmt, subject))
    return 0

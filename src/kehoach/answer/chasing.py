"""Chasing overdue tasks: how many times each task was chased, the letter, and the record of it.

`remind --overdue` writes to the agencies that lead tasks not completed by their due date, across
every plan in force, from Văn phòng UBND Thành phố (the office that follows the City's assignments);
with `--record` each letter is kept in the plan's `chases.yaml` (one entry per agency: date, number,
tasks), from which `chased` counts. `--escalate N` lists the tasks chased N times or more.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from kehoach.answer.across import Counted, number_text
from kehoach.answer.categories import times_chased
from kehoach.answer.consolidated import review_notes
from kehoach.answer.listing import Column, Listing
from kehoach.answer.queries import deadline_cell
from kehoach.answer.reminder import letter_frame
from kehoach.dates import show
from kehoach.errors import UsageError
from kehoach.model.views import Agency, Plan, Signer

OFFICE = "van-phong-ubnd-thanh-pho"  # who writes to the agencies about the City's assignments
LIST_IN_LETTER = 8


def open_overdue(counted: list[Counted]) -> list[Counted]:
    """Only the agencies with tasks not completed by their due date, and only those tasks."""
    out = []
    for c in counted:
        late = [t for t in c.tasks if t.standing.category == "open_overdue"]
        if late:
            out.append(c._replace(tasks=late))
    return out


def escalated(counted: list[Counted], on: dt.date, times: int) -> list[dict[str, Any]]:
    """The overdue tasks chased `times` times or more by `on`: one row each, most chased first."""
    rows = []
    for c in open_overdue(counted):
        for item in c.tasks:
            plan, task = item.plan, item.standing.task
            chases = times_chased(plan, on, task.id, c.key)
            if len(chases) >= times and item.standing.due is not None:
                rows.append(
                    {
                        "agency": c.name,
                        "agency_id": c.key,
                        "plan": plan.id,
                        "id": task.id,
                        "content": task.content,
                        "deadline": deadline_cell(task),
                        "due": item.standing.due,
                        "days_overdue": (on - item.standing.due).days,
                        "chased": len(chases),
                        "last_chased": chases[-1].dated,
                    }
                )
    return sorted(rows, key=lambda r: (-r["chased"], -r["days_overdue"], r["plan"], r["id"]))


def chase_context(
    plans: list[Plan],
    counted: list[Counted],
    on: dt.date,
    *,
    number: str | None = None,
    dated: dt.date | None = None,
    signer: Signer | None = None,
) -> dict[str, Any]:
    """The letter to the agencies of `counted` about their overdue tasks, as data for the reminder's
    templates (the same layout: Nghị định 30)."""
    late = open_overdue(counted)
    if not late:
        raise UsageError(f"Không có nhiệm vụ nào chưa hoàn thành, quá hạn tính đến ngày {show(on)}.")
    roster = plans[0].agencies
    office = roster.get(OFFICE)
    if office is None:
        raise UsageError(f"Danh mục không có {OFFICE} (Văn phòng UBND Thành phố), nơi gửi công văn đôn đốc.")
    parent = roster.get(plans[0].info.issuer)
    agencies: list[Agency] = [c.agency for c in late if c.agency is not None]
    names = [a.name for a in agencies]
    in_letter = len(names) <= LIST_IN_LETTER
    them = (
        "Quý cơ quan"
        if len(names) == 1
        else "các cơ quan, đơn vị nêu trên"
        if in_letter
        else ("các cơ quan, đơn vị có tên tại danh sách kèm theo")
    )
    count = sum(len(c.tasks) for c in late)
    attached = []
    for c in late:
        for item in sorted(c.tasks, key=lambda i: (i.standing.due or on, i.plan.id, i.standing.task.id)):
            task, plan, due = item.standing.task, item.plan, item.standing.due
            times = len(times_chased(plan, on, task.id, c.key))
            again = f"; đã đôn đốc {times} lần" if times else ""
            attached.append(
                f"{c.name} — Kế hoạch số {number_text(plan)} ({plan.id}), nhiệm vụ {task.id}: {task.content} "
                f"Thời hạn: {task.deadline} ({show(due) if due else ''}), quá hạn "
                f"{(on - due).days if due else 0} ngày{again}."
            )
    body = [
        f"Theo dõi việc thực hiện các nhiệm vụ UBND Thành phố giao tại các kế hoạch, đến ngày {show(on)}, "
        f"{them} còn {count} nhiệm vụ chủ trì chưa hoàn thành và đã quá thời hạn (danh sách kèm theo).",
        f"{office.name} đề nghị {them} khẩn trương tổ chức thực hiện, hoàn thành các nhiệm vụ nêu trên; "
        "báo cáo kết quả, nêu rõ nguyên nhân chậm và khó khăn, vướng mắc (nếu có) về "
        f"{office.name} để tổng hợp, báo cáo UBND Thành phố.",
        f"{office.name} trân trọng đề nghị {them} quan tâm, thực hiện./.",
    ]
    frame = letter_frame(
        parent,
        office,
        number=number,
        dated=dated,
        place=plans[0].info.place,
        signer=signer,
        title="Đôn đốc thực hiện nhiệm vụ quá hạn",
    )
    whom = f"Các cơ quan, đơn vị có tên tại danh sách kèm theo ({len(names)} cơ quan, đơn vị)"
    return frame | {
        "year": on.year,
        "as_of": show(on),
        "subject": "V/v đôn đốc thực hiện các nhiệm vụ quá hạn được UBND Thành phố giao",
        "to": names if in_letter else [whom],
        "attached": attached,
        "attached_title": "DANH SÁCH NHIỆM VỤ CHƯA HOÀN THÀNH, QUÁ HẠN",
        "attached_ref": f"(Tính đến ngày {show(on)}; kèm theo Công văn số {frame['symbol']} "
        f"{frame['dated_words']} của {office.name})",
        "body": body,
        # what the drafter checks before signing (show/review.py): never in the letter's text
        "review": review_notes(plans[0], agencies, on, None),
    }


def record_chases(root: Path, late: Sequence[Counted], dated: dt.date, number: str | None) -> list[str]:
    """Keep that each agency of `late` was chased on `dated` about its overdue tasks: one entry per plan
    and agency in the plan's chases.yaml, comments and formatting kept, validated before writing,
    each file atomic; the files written (their names in the data folder)."""
    from kehoach.answer.record import locked
    from kehoach.files.atomic import write_atomic
    from kehoach.files.layout import CHASES

    per_plan: dict[str, tuple[Plan, list[tuple[str, list[int]]]]] = {}
    for c in open_overdue(list(late)):
        for item in c.tasks:
            plan = item.plan
            entry = per_plan.setdefault(plan.id, (plan, []))[1]
            mine = next((e for e in entry if e[0] == c.key), None)
            if mine is None:
                entry.append((c.key, [item.standing.task.id]))
            elif item.standing.task.id not in mine[1]:
                mine[1].append(item.standing.task.id)
    from contextlib import ExitStack

    folders = sorted({root / plan.files.physical(CHASES) for plan, _ in per_plan.values()})
    with ExitStack() as stack:  # every plan's folder locked, then all read and checked, then all written
        for path in folders:
            stack.enter_context(locked(path.parent))
        pending = [_appended(root, plan, entries, dated, number) for plan, entries in per_plan.values()]
        for path, content, _ in pending:
            write_atomic(path, content)
    return [name for _, _, name in pending]


def _appended(
    root: Path, plan: Plan, entries: list[tuple[str, list[int]]], dated: dt.date, number: str | None
) -> tuple[Path, str, str]:
    """The plan's chases.yaml with `entries` added, checked: (where, the new text, its name)."""
    import io

    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    from kehoach.answer.record import as_the_file_was, inside_data_folder, round_trip_yaml
    from kehoach.check.validate import validate_plan
    from kehoach.files.layout import CHASES
    from kehoach.files.read import read_data_file

    files = plan.files
    name = files.physical(CHASES)
    path = root / name
    inside_data_folder(root, path)
    raw = read_data_file(root, name) if path.exists() else None
    text = (
        raw.decode("utf-8-sig")
        if raw is not None
        else f"# yaml-language-server: $schema={'../' * name.count('/')}schema/chases.schema.json\n"
        "# Các lần đôn đốc nhiệm vụ quá hạn của kế hoạch (ghi bằng `kehoach remind --overdue --record`).\n"
        "chases: []\n"
    )
    yaml = round_trip_yaml()
    data = yaml.load(text)
    if not isinstance(data.get("chases"), CommentedSeq):
        data["chases"] = CommentedSeq(data.get("chases") or [])
    data["chases"].fa.set_block_style()
    for agency_id, tasks in entries:
        item = CommentedMap(dated=dated, agency=agency_id)
        item["tasks"] = CommentedSeq(sorted(tasks))
        item["tasks"].fa.set_flow_style()
        if number:
            item["number"] = number
        data["chases"].append(item)
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    checked = buffer.getvalue()
    sources = files.read_plan_files(root)
    sources[CHASES] = checked.encode("utf-8")
    problems = [p for p in validate_plan(root, sources, files).problems if p.severity == "error"]
    if problems:
        first = problems[0]
        raise UsageError(f"Không ghi {name}: {first.file}:{first.line}:{first.column}: {first.message}")
    return path, as_the_file_was(checked, raw), name


def escalated_listing(rows: list[dict[str, Any]], on: dt.date, times: int) -> Listing:
    """The tasks chased `times` times or more, to put before UBND Thành phố."""
    shown = [
        {
            **row,
            "due": show(row["due"]),
            "last_chased": show(row["last_chased"]),
            "days_overdue": f"{row['days_overdue']} ngày",
        }
        for row in rows
    ]
    data = {
        "as_of": on.isoformat(),
        "times": times,
        "tasks": [
            {**row, "due": row["due"].isoformat(), "last_chased": row["last_chased"].isoformat()}
            for row in rows
        ],
    }
    columns = [
        Column("agency", "Cơ quan chủ trì", shorten=30),
        Column("plan", "Kế hoạch", no_wrap=True),
        Column("id", "TT", justify="right"),
        Column("content", "Nội dung", shorten=50),
        Column("deadline", "Thời hạn"),
        Column("days_overdue", "Quá hạn", justify="right"),
        Column("chased", "Số lần đôn đốc", justify="right", kind="int"),
        Column("last_chased", "Lần gần nhất"),
    ]
    return Listing(
        columns,
        shown,
        title=f"Nhiệm vụ quá hạn đã đôn đốc từ {times} lần trở lên, tính đến ngày {show(on)} ({len(rows)})",
        data=data,
        empty=f"Không có nhiệm vụ quá hạn nào đã được đôn đốc từ {times} lần trở lên.",
    )

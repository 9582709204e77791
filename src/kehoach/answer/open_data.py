"""The register as tables: one description of every table (its columns, types, keys, Vietnamese titles)
and its rows on a date, from which the SQLite export, the data package and the catalogue are all written.

`assignments` is resolved on the date exactly as `kehoach tasks --agency` resolves it (model/roles.py):
each agency in force on the date, for each task of each plan in force on the date, with its strongest
role and how it reaches it — `direct` (the plan names it), `group` (through a group it belongs to) or
`successor` (it carries a former agency's work). `written_assignments` keeps what the plans wrote.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from kehoach import labels
from kehoach.answer.categories import CATEGORIES, LABEL, completions, standing
from kehoach.model.lineage import members
from kehoach.model.roles import Role, all_roles, roles_of
from kehoach.model.views import Agency, Plan
from kehoach.tuples import Any, NamedTuple

HOW = {None: "direct", "group": "group", "predecessor": "successor"}


class Field(NamedTuple):
    name: str
    type: str  # string | integer | date | boolean (Table Schema types; SQLite: TEXT/INTEGER)
    title: str  # Vietnamese, for people
    description: str = ""
    required: bool = False


class ForeignKey(NamedTuple):
    fields: tuple[str, ...]
    table: str
    columns: tuple[str, ...]


class Table(NamedTuple):
    name: str
    title: str
    description: str
    fields: tuple[Field, ...]
    key: tuple[str, ...]
    references: tuple[ForeignKey, ...] = ()
    indexes: tuple[tuple[str, ...], ...] = ()


def _f(name: str, kind: str, title: str, description: str = "", required: bool = False) -> Field:
    return Field(name, kind, title, description, required)


def _fk(fields: str, table: str, columns: str) -> ForeignKey:
    return ForeignKey(tuple(fields.split(",")), table, tuple(columns.split(",")))


PLAN = _f("plan", "string", "Mã kế hoạch", "Mã kế hoạch trong sổ (tên thư mục).", True)

TABLES: tuple[Table, ...] = (
    Table(
        "plans",
        "Kế hoạch",
        "Mỗi kế hoạch của sổ: văn bản, thời gian thực hiện, hiệu lực và cơ quan đầu mối.",
        (
            _f("id", "string", "Mã kế hoạch", required=True),
            _f("title", "string", "Trích yếu", required=True),
            _f("issuer", "string", "Cơ quan ban hành (mã)", required=True),
            _f("number", "string", "Số, ký hiệu", "Trống khi văn bản để trống."),
            _f("dated", "date", "Ngày ban hành", "Trống khi văn bản để trống."),
            _f("year", "integer", "Năm ban hành"),
            _f("period_start", "integer", "Năm bắt đầu thực hiện"),
            _f("period_end", "integer", "Năm kết thúc", "Trống: không hạn kết thúc."),
            _f("period_text", "string", "Thời gian thực hiện (nguyên văn)"),
            _f("state", "string", "Trạng thái", "in-force, ended hoặc replaced."),
            _f("ended_on", "date", "Ngày hết hiệu lực"),
            _f("replaced_by", "string", "Thay bằng kế hoạch (mã)"),
            _f("in_force", "boolean", "Còn hiệu lực vào ngày xuất"),
            _f("focal_agency", "string", "Cơ quan đầu mối (mã)"),
            _f("agency_report_due", "string", "Hạn báo cáo của cơ quan (ngày/tháng)"),
            _f("consolidated_report_due", "string", "Hạn báo cáo tổng hợp (ngày/tháng)"),
        ),
        ("id",),
        (_fk("issuer", "agencies", "id"), _fk("focal_agency", "agencies", "id")),
    ),
    Table(
        "sectors",
        "Lĩnh vực",
        "Các lĩnh vực (nhóm nhiệm vụ) của phụ lục mỗi kế hoạch.",
        (PLAN, _f("id", "string", "Mã lĩnh vực", required=True), _f("title", "string", "Tên lĩnh vực")),
        ("plan", "id"),
        (_fk("plan", "plans", "id"),),
    ),
    Table(
        "tasks",
        "Nhiệm vụ",
        "Các nhiệm vụ đánh số của phụ lục: nội dung nguyên văn, thời hạn như văn bản ghi và như một ngày, "
        "và một trong bốn nhóm của Văn phòng Chính phủ vào ngày xuất.",
        (
            PLAN,
            _f("id", "integer", "Số thứ tự nhiệm vụ", required=True),
            _f("sector", "string", "Mã lĩnh vực", required=True),
            _f("content", "string", "Nội dung", required=True),
            _f("deadline", "string", "Thời hạn (nguyên văn)"),
            _f("due", "date", "Hạn (ngày)", "Trống: nhiệm vụ thường xuyên hoặc không ghi thời hạn."),
            _f("product", "string", "Sản phẩm"),
            _f("category", "string", "Nhóm vào ngày xuất", "Mã trong bảng categories."),
            _f("completed_on", "date", "Ngày hoàn thành", "Theo báo cáo của cơ quan chủ trì."),
        ),
        ("plan", "id"),
        (
            _fk("plan", "plans", "id"),
            _fk("plan,sector", "sectors", "plan,id"),
            _fk("category", "categories", "id"),
        ),
        (("category",),),
    ),
    Table(
        "categories",
        "Nhóm tình trạng nhiệm vụ",
        "Bốn nhóm của Văn phòng Chính phủ, và nhóm không có thời hạn.",
        (_f("id", "string", "Mã nhóm", required=True), _f("label", "string", "Tên nhóm")),
        ("id",),
    ),
    Table(
        "agencies",
        "Cơ quan",
        "Danh mục cơ quan chung của mọi kế hoạch, với thời gian tồn tại và độ tin cậy.",
        (
            _f("id", "string", "Mã cơ quan", required=True),
            _f("name", "string", "Tên", required=True),
            _f("short_name", "string", "Tên viết tắt"),
            _f("kind", "string", "Loại (mã)"),
            _f("kind_label", "string", "Loại"),
            _f("code", "string", "Mã đơn vị hành chính", "Cấp xã: mã theo danh mục đơn vị hành chính."),
            _f("city", "string", "Thành phố"),
            _f("valid_from", "date", "Tồn tại từ"),
            _f("valid_until", "date", "Tồn tại đến"),
            _f("is_group", "boolean", "Là nhóm cơ quan"),
            _f("in_force", "boolean", "Tồn tại vào ngày xuất"),
            _f("confidence", "string", "Độ tin cậy", "confirmed hoặc unconfirmed (chưa xác nhận)."),
            _f("unconfirmed_from", "date", "Chưa xác nhận từ ngày"),
            _f("note", "string", "Ghi chú"),
        ),
        ("id",),
        indexes=(("kind",),),
    ),
    Table(
        "group_members",
        "Thành viên nhóm",
        "Các cơ quan thuộc mỗi nhóm vào ngày xuất.",
        (
            _f("group_id", "string", "Nhóm (mã)", required=True),
            _f("agency", "string", "Cơ quan (mã)", required=True),
        ),
        ("group_id", "agency"),
        (_fk("group_id", "agencies", "id"), _fk("agency", "agencies", "id")),
        (("agency",),),
    ),
    Table(
        "legal_bases",
        "Căn cứ pháp lý",
        "Các nghị quyết, quyết định mà việc sắp xếp cơ quan dựa vào.",
        (
            _f("id", "string", "Mã", required=True),
            _f("kind", "string", "Loại văn bản"),
            _f("number", "string", "Số hiệu", "Trống khi nguồn chưa xác nhận số hiệu."),
            _f("number_confidence", "string", "Độ tin cậy của số hiệu"),
            _f("dated", "date", "Ngày"),
            _f("issuer", "string", "Cơ quan ban hành"),
            _f("effective", "date", "Hiệu lực từ"),
            _f("summary", "string", "Trích yếu"),
        ),
        ("id",),
    ),
    Table(
        "lineage",
        "Kế thừa",
        "Cơ quan nào chuyển công việc cho cơ quan nào, từ ngày nào, theo căn cứ nào.",
        (
            _f("agency", "string", "Cơ quan trước (mã)", required=True),
            _f("successor", "string", "Cơ quan kế thừa (mã)", required=True),
            _f("event", "string", "Sự kiện", "merge, rename, convert hoặc transfer."),
            _f("effective", "date", "Từ ngày", required=True),
            _f("basis", "string", "Căn cứ (mã)"),
            _f("confidence", "string", "Độ tin cậy"),
            _f("note", "string", "Ghi chú"),
        ),
        ("agency", "successor", "effective"),
        (
            _fk("agency", "agencies", "id"),
            _fk("successor", "agencies", "id"),
            _fk("basis", "legal_bases", "id"),
        ),
        (("successor",),),
    ),
    Table(
        "written_assignments",
        "Phân công theo văn bản",
        "Chủ trì và phối hợp đúng như kế hoạch ghi (tên cơ quan lúc ban hành).",
        (
            PLAN,
            _f("task", "integer", "Nhiệm vụ", required=True),
            _f("agency", "string", "Cơ quan như văn bản ghi (mã)", required=True),
            _f("role", "string", "Vai trò", "lead (chủ trì) hoặc coordinator (phối hợp).", True),
            _f("scope", "string", "Phạm vi"),
        ),
        ("plan", "task", "agency", "role"),
        (_fk("plan,task", "tasks", "plan,id"), _fk("agency", "agencies", "id")),
        (("agency",),),
    ),
    Table(
        "assignments",
        "Phân công vào ngày xuất",
        "Cơ quan thực hiện mỗi nhiệm vụ của các kế hoạch còn hiệu lực vào ngày xuất, như lệnh "
        "«kehoach tasks --agency» trả lời: vai trò mạnh nhất, và cách đến: direct (được ghi tên), group "
        "(qua nhóm), successor (kế thừa cơ quan trước).",
        (
            PLAN,
            _f("task", "integer", "Nhiệm vụ", required=True),
            _f("agency", "string", "Cơ quan thực hiện (mã)", required=True),
            _f("role", "string", "Vai trò", "lead (chủ trì) hoặc coordinator (phối hợp).", True),
            _f("scope", "string", "Phạm vi"),
            _f("how", "string", "Cách đến", "direct, group hoặc successor.", True),
            _f(
                "named", "string", "Cơ quan văn bản ghi (mã)", "Nhóm hoặc cơ quan trước, khi không trực tiếp."
            ),
        ),
        ("plan", "task", "agency"),
        (
            _fk("plan,task", "tasks", "plan,id"),
            _fk("agency", "agencies", "id"),
            _fk("named", "agencies", "id"),
        ),
        (("agency",), ("role",)),
    ),
    Table(
        "duties",
        "Nhiệm vụ thường xuyên",
        "Các nhiệm vụ trong thân kế hoạch (không đánh số ở phụ lục).",
        (
            PLAN,
            _f("id", "string", "Mã", required=True),
            _f("section", "string", "Mục"),
            _f("title", "string", "Tên gọi"),
            _f("text", "string", "Nội dung (nguyên văn)"),
            _f("report", "string", "Quy tắc báo cáo", "agency_report hoặc consolidated_report."),
        ),
        ("plan", "id"),
        (_fk("plan", "plans", "id"),),
    ),
    Table(
        "duty_assignments",
        "Phân công nhiệm vụ thường xuyên vào ngày xuất",
        "Như bảng assignments, cho nhiệm vụ thường xuyên.",
        (
            PLAN,
            _f("duty", "string", "Nhiệm vụ thường xuyên (mã)", required=True),
            _f("agency", "string", "Cơ quan thực hiện (mã)", required=True),
            _f("role", "string", "Vai trò", required=True),
            _f("how", "string", "Cách đến", required=True),
            _f("named", "string", "Cơ quan văn bản ghi (mã)"),
        ),
        ("plan", "duty", "agency"),
        (
            _fk("plan,duty", "duties", "plan,id"),
            _fk("agency", "agencies", "id"),
            _fk("named", "agencies", "id"),
        ),
        (("agency",),),
    ),
    Table(
        "reports",
        "Báo cáo của cơ quan",
        "Báo cáo hằng năm đã nhận (ghi trong dữ liệu), kể cả báo cáo minh họa (fictitious).",
        (
            PLAN,
            _f("year", "integer", "Năm", required=True),
            _f("agency", "string", "Cơ quan (mã)", required=True),
            _f("number", "string", "Số, ký hiệu"),
            _f("dated", "date", "Ngày văn bản"),
            _f("received", "date", "Ngày nhận"),
            _f("document", "string", "Văn bản (liên kết hoặc số trên hệ thống)"),
            _f("fictitious", "boolean", "Minh họa (không phải báo cáo thật)"),
        ),
        ("plan", "year", "agency"),
        (_fk("plan", "plans", "id"), _fk("agency", "agencies", "id")),
        (("agency",),),
    ),
    Table(
        "report_entries",
        "Nội dung báo cáo theo nhiệm vụ",
        "Tiến độ, kết quả, khó khăn và đề xuất mà mỗi báo cáo ghi cho từng nhiệm vụ.",
        (
            PLAN,
            _f("year", "integer", "Năm", required=True),
            _f("agency", "string", "Cơ quan (mã)", required=True),
            _f("task", "integer", "Nhiệm vụ", required=True),
            _f("status", "string", "Tiến độ (mã)"),
            _f("status_label", "string", "Tiến độ"),
            _f("results", "string", "Kết quả"),
            _f("difficulties", "string", "Khó khăn, vướng mắc"),
            _f("proposals", "string", "Đề xuất, kiến nghị"),
            _f("completed_on", "date", "Ngày hoàn thành"),
        ),
        ("plan", "year", "agency", "task"),
        (_fk("plan,year,agency", "reports", "plan,year,agency"), _fk("plan,task", "tasks", "plan,id")),
    ),
)

BY_NAME = {t.name: t for t in TABLES}

# Named views for the common questions (SQLite only: a data package holds tables).
VIEWS = {
    "overdue_by_agency": (
        "Số nhiệm vụ chủ trì chưa hoàn thành, quá hạn của mỗi cơ quan",
        "select a.agency, g.name, count(*) as open_overdue from assignments a join tasks t "
        "on t.plan = a.plan and t.id = a.task join agencies g on g.id = a.agency "
        "where a.role = 'lead' and t.category = 'open_overdue' group by a.agency, g.name "
        "order by open_overdue desc, a.agency",
    ),
    "categories_by_agency": (
        "Bốn nhóm của mỗi cơ quan chủ trì (như lệnh kehoach overdue)",
        "select a.agency, g.name, "
        + ", ".join(f"sum(t.category = '{c}') as {c}" for c in CATEGORIES)
        + " from assignments a join tasks t on t.plan = a.plan and t.id = a.task "
        "join agencies g on g.id = a.agency where a.role = 'lead' "
        "group by a.agency, g.name order by a.agency",
    ),
    "inherited_open_tasks": (
        "Nhiệm vụ chưa hoàn thành (quá hạn, còn hạn hay không thời hạn) nhận từ cơ quan trước (kế thừa)",
        "select a.plan, a.task, a.named as written, a.agency as now, a.role, t.category, t.content "
        "from assignments a join tasks t on t.plan = a.plan and t.id = a.task "
        "where a.how = 'successor' and t.category not in ('on_time', 'late') "
        "order by a.plan, a.task, a.agency",
    ),
    "agency_workload": (
        "Số nhiệm vụ chủ trì và phối hợp của mỗi cơ quan, trên mọi kế hoạch còn hiệu lực",
        "select a.agency, g.name, g.kind, sum(a.role = 'lead') as lead, sum(a.role = 'coordinator') "
        "as coordinator, count(distinct a.plan) as plans from assignments a join agencies g "
        "on g.id = a.agency group by a.agency, g.name, g.kind order by lead desc, a.agency",
    ),
    "reports_received": (
        "Báo cáo đã nhận theo năm và cơ quan, với ngày nhận và hạn",
        "select r.plan, r.year, r.agency, g.name, r.received, r.number, r.fictitious, "
        "p.agency_report_due from reports r join agencies g on g.id = r.agency join plans p on p.id = r.plan "
        "order by r.plan, r.year, r.agency",
    ),
}


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _month_day(rule: Any) -> str:
    return f"{rule.due.day:02d}/{rule.due.month:02d}"


def rows(plans: list[Plan], on: dt.date) -> Iterator[tuple[Table, list[tuple[Any, ...]]]]:
    """Every table's rows on `on`, table by table, each in one stable order (plans by id, then as the files
    list them, or by key): the same data gives the same rows."""
    roster = plans[0].agencies if plans else {}
    first = plans[0] if plans else None
    yield BY_NAME["plans"], [_plan_row(p, on) for p in plans]
    yield BY_NAME["sectors"], [(p.id, s.id, s.title) for p in plans for s in p.sectors.values()]
    tasks = []
    for p in plans:
        done = completions(p, on)
        for t in p.tasks.values():
            where = standing(p, t, on)
            tasks.append((p.id, t.id, t.sector, t.content, t.deadline, _day(where.due), t.product,
                          where.category, _day(done.get(t.id))))  # fmt: skip
    yield BY_NAME["tasks"], tasks
    yield BY_NAME["categories"], [(c, LABEL[c]) for c in CATEGORIES]
    yield BY_NAME["agencies"], [_agency_row(a, on) for a in sorted(roster.values(), key=lambda a: a.id)]
    grouped = []
    if first is not None:
        for group in sorted((a for a in roster.values() if a.is_group), key=lambda a: a.id):
            grouped += sorted((group.id, m.id) for m in members(first, group, on))
    yield BY_NAME["group_members"], grouped
    bases = first.bases.values() if first is not None else ()
    yield (
        BY_NAME["legal_bases"],
        sorted(
            (
                b.id,
                b.kind,
                b.number,
                b.number_confidence,
                _day(b.dated),
                b.issuer,
                _day(b.effective),
                b.summary,
            )
            for b in bases
        ),
    )
    yield (
        BY_NAME["lineage"],
        sorted(
            (a.id, s.agency, s.event, _day(s.effective), s.basis, s.confidence, s.note)
            for a in roster.values()
            for s in a.successors
        ),
    )
    written = []
    for p in plans:
        for t in p.tasks.values():
            seen = set()
            for role, given in (("lead", t.lead), ("coordinator", t.coordinators)):
                for a in given:
                    if (a.agency, role) not in seen:
                        seen.add((a.agency, role))
                        written.append((p.id, t.id, a.agency, role, a.scope))
    yield BY_NAME["written_assignments"], sorted(written, key=lambda r: (r[0], r[1], r[2], r[3]))
    live = [p for p in plans if p.info.in_force(on)]
    yield BY_NAME["assignments"], _resolved(live, on, lambda p: list(p.tasks.values()), with_scope=True)
    yield (
        BY_NAME["duties"],
        [(p.id, d.id, d.section, d.title, d.text, d.report) for p in plans for d in p.duties],
    )
    yield BY_NAME["duty_assignments"], _resolved(live, on, lambda p: p.duties, with_scope=False)
    reports, entries = [], []
    for p in plans:
        for (year, agency_id), r in sorted(p.reports.items()):
            reports.append((p.id, year, agency_id, r.number, _day(r.dated), _day(r.received), r.document,
                            r.fictitious))  # fmt: skip
            for e in sorted(r.tasks, key=lambda e: e.task):
                label = p.statuses.get(e.status) if e.status else None
                entries.append((p.id, year, agency_id, e.task, e.status, label, e.results, e.difficulties,
                                e.proposals, _day(e.completed_on)))  # fmt: skip
    yield BY_NAME["reports"], reports
    yield BY_NAME["report_entries"], entries


def _plan_row(p: Plan, on: dt.date) -> tuple[Any, ...]:
    i = p.info
    return (
        p.id, i.title, i.issuer, i.number, _day(i.dated), i.year, i.period.start_year, i.period.end_year,
        i.period.text, i.state, _day(i.ended_on), i.replaced_by, i.in_force(on), p.reporting.focal_agency,
        _month_day(p.reporting.agency_report), _month_day(p.reporting.consolidated_report),
    )  # fmt: skip


def _agency_row(a: Agency, on: dt.date) -> tuple[Any, ...]:
    return (
        a.id, a.name, a.short_name, a.kind, labels.KIND.get(a.kind, a.kind), a.code, a.city,
        _day(a.valid_from), _day(a.valid_until), a.is_group, a.in_force(on), a.confidence,
        _day(a.unconfirmed_from), a.note,
    )  # fmt: skip


def _resolved(plans: list[Plan], on: dt.date, items_of: Any, *, with_scope: bool) -> list[tuple[Any, ...]]:
    """Who carries each item of each plan on `on`, as `tasks --agency` answers for each agency in force."""
    out: list[tuple[Any, ...]] = []
    for p in plans:
        items = items_of(p)
        found: dict[str, list[Role[Any]]] = {
            agency_id: held
            for agency_id, held in all_roles(p, on, items).items()
            if p.agencies[agency_id].in_force(on)
        }
        for group in (a for a in p.agencies.values() if a.is_group and a.in_force(on)):
            held = roles_of(p, group, on, items)
            if held:
                found[group.id] = held
        for agency_id, held in found.items():
            for r in held:
                named = r.via.agency.id if r.via is not None else None
                how = HOW[r.via.kind if r.via is not None else None]
                row = (p.id, r.item.id, agency_id, r.role, *((r.scope,) if with_scope else ()), how, named)
                out.append(row)
    return sorted(out, key=lambda r: (r[0], r[1], r[2]))

"""The domain model: the validated plan as plain, fast objects that every answer reads.

`schema.py` (pydantic) decides what is valid and nothing else; this module is
what answers read. One view per schema model, with the same name and the same
fields (names, types, optionality; lists become tuples, nested models their
views) — tests/test_views.py holds the two equal. Views are built from the
validated data (`model_dump`), or from the cache of it, by one generic function
(`build`), so a query never imports pydantic or ruamel.yaml. NamedTuples are
created in a fraction of a dataclass's start-up cost. Names follow GLOSSARY.md.
"""

from __future__ import annotations

import datetime as dt

from kehoach.dates import within
from kehoach.files.layout import CHASES, CONSOLIDATED, PLAN_FILES, REPORTS_DIR, one_plan
from kehoach.text import sort_key
from kehoach.tuples import TYPE_CHECKING, Any, NamedTuple

# --- agencies.yaml -------------------------------------------------------------


class LegalBasis(NamedTuple):
    """A resolution or decision that a lineage event comes from (căn cứ pháp lý)."""

    id: str
    kind: str
    number: str | None
    number_confidence: str
    dated: dt.date
    issuer: str
    session: str | None
    effective: dt.date | None
    summary: str | None

    def cite(self) -> str:
        """ "Nghị quyết số 1656/NQ-UBTVQH15 ngày 16/06/2025 của Ủy ban Thường vụ Quốc hội"; a number no
        source confirms is never printed as fact: "Nghị quyết của HĐND … ngày 25/02/2025, số hiệu chưa
        xác nhận"."""
        kind = {
            "resolution": "Nghị quyết",
            "decision": "Quyết định",
            "decree": "Nghị định",
            "law": "Luật",
        }.get(self.kind, "Văn bản")
        issuer = f"{self.issuer} {self.session}" if self.session else self.issuer
        if self.number is None:
            return f"{kind} của {issuer} ngày {self.dated:%d/%m/%Y}, số hiệu chưa xác nhận"
        unsure = ", số hiệu chưa xác nhận" if self.number_confidence == "unconfirmed" else ""
        return f"{kind} số {self.number} ngày {self.dated:%d/%m/%Y} của {issuer}{unsure}"


class Successor(NamedTuple):
    """Who carries an agency's work from `effective` on, and on what basis."""

    agency: str
    event: str  # merge | rename | convert | transfer
    effective: dt.date
    basis: str
    confidence: str
    note: str | None


class Members(NamedTuple):
    """Who belongs to a group: by explicit ids, by kind, or both; `note` is how the group is read."""

    agencies: tuple[str, ...]
    kinds: tuple[str, ...]
    note: str | None


class Counterpart(NamedTuple):
    """The matching agency in Hồ Chí Minh City (cơ quan tương ứng)."""

    name: str
    confidence: str
    source: str | None


class Contact(NamedTuple):
    """A leader's name, title and phone, only as a source publishes them."""

    name: str
    title: str | None
    phone: str | None
    email: str | None
    source: str


class Agency(NamedTuple):
    """One entry of the roster: an agency or a group, with its lineage."""

    id: str
    name: str
    short_name: str | None
    aliases: tuple[str, ...]
    kind: str
    code: str | None
    city: str
    valid_from: dt.date | None
    valid_until: dt.date | None
    basis: str | None
    confidence: str
    unconfirmed_from: dt.date | None
    successors: tuple[Successor, ...]
    members: Members | None
    counterpart: Counterpart | None
    contacts: tuple[Contact, ...]
    note: str | None

    @property
    def short(self) -> str:
        return self.short_name or self.name

    @property
    def names(self) -> tuple[str, ...]:
        """Every name staff may type for this agency: name, short name, aliases."""
        return (self.name, *((self.short_name,) if self.short_name else ()), *self.aliases)

    @property
    def is_group(self) -> bool:
        return self.kind == "group"

    def in_force(self, on: dt.date) -> bool:
        """Whether the agency exists on `on` (validity dates are inclusive)."""
        return within(self.valid_from, self.valid_until, on)

    def unconfirmed_on(self, on: dt.date) -> bool:
        """Whether what the roster says of the agency on `on` is unconfirmed (shown as such)."""
        return self.confidence == "unconfirmed" and (
            self.unconfirmed_from is None or self.unconfirmed_from <= on
        )

    @property
    def is_local(self) -> bool:
        """A commune-level People's Committee (phường, xã): counted one by one, shown by kind."""
        return self.kind in LOCAL_KINDS


# Commune-level kinds: 126 units from 01/07/2025, summarised by kind where a listing would drown in them.
LOCAL_KINDS = ("ward", "commune")

# The customary order of agencies in a Vietnamese administrative list: the City's offices, the
# departments, other bodies, then district level (quận, thị xã, huyện), then phường and xã.
_KIND_ORDER = (
    "city-government",
    "office",
    "inspectorate",
    "department",
    "board",
    "center",
    "district",
    "ward",
    "commune",
)
_DISTRICT_ORDER = ("ubnd quận", "ubnd thị xã", "ubnd huyện")


# (id, kind, name) -> the agency's sort key, once per process: every plan of a register sorts one roster
_ORDER: dict[tuple[str, str, str], Any] = {}


def roster_order(agency: Agency) -> tuple[int, int, tuple[tuple[int, ...], tuple[int, ...]]]:
    """Sort key: kind in the customary order, then quận before thị xã before huyện, then the name
    (computed once per kind and name: every plan of a register sorts the same roster)."""
    key = (agency.id, agency.kind, agency.name)
    found = _ORDER.get(key)
    if found is None:
        kind = _KIND_ORDER.index(agency.kind) if agency.kind in _KIND_ORDER else len(_KIND_ORDER)
        lowered = agency.name.casefold()
        level = next((i for i, p in enumerate(_DISTRICT_ORDER) if lowered.startswith(p)), 0)
        found = _ORDER[key] = (kind, level, sort_key(agency.name))
    return found


class Roster(NamedTuple):
    """plan/agencies.yaml."""

    legal_bases: tuple[LegalBasis, ...]
    agencies: tuple[Agency, ...]


# --- tasks.yaml ----------------------------------------------------------------


class Sector(NamedTuple):
    id: str
    title: str


class Assignment(NamedTuple):
    """One agency on a task or duty, limited to `scope` where the plan says so."""

    agency: str
    scope: str | None


class Task(NamedTuple):
    id: int
    sector: str
    content: str
    lead: tuple[Assignment, ...]
    coordinators: tuple[Assignment, ...]
    deadline: str | None  # as the plan writes it
    product: str | None
    related: tuple[str, ...]  # PLAN#N: tasks of other plans of the register

    @property
    def due(self) -> dt.date | None:
        """The date the deadline means (model/deadline.py); None without one, or when it recurs."""
        if self.deadline is None:
            return None
        from kehoach.model.deadline import read_deadline

        return read_deadline(self.deadline).due


class TaskList(NamedTuple):
    """plan/tasks.yaml."""

    sectors: tuple[Sector, ...]
    tasks: tuple[Task, ...]


# --- plan.yaml -----------------------------------------------------------------


class MonthDay(NamedTuple):
    """A yearly date such as 15/9."""

    month: int
    day: int

    def in_year(self, year: int) -> dt.date:
        return dt.date(year, self.month, self.day)


class DocumentRef(NamedTuple):
    kind: str
    title: str
    number: str | None
    dated: dt.date | None
    issuer: str | None
    plan: str | None  # a plan of the register


class Period(NamedTuple):
    start_year: int
    end_year: int | None
    text: str


class AgencyReportRule(NamedTuple):
    """The agencies' yearly report: due date and text (it goes to the focal agency)."""

    due: MonthDay
    to: str  # focal-agency
    text: str

    def deadline(self, year: int) -> dt.date:
        return self.due.in_year(year)


class ConsolidatedReportRule(NamedTuple):
    """The focal agency's consolidated report: due date, recipients and text."""

    due: MonthDay
    to: tuple[str, ...]
    text: str

    def deadline(self, year: int) -> dt.date:
        return self.due.in_year(year)


ReportRule = AgencyReportRule | ConsolidatedReportRule


class Reporting(NamedTuple):
    focal_agency: str
    agency_report: AgencyReportRule
    consolidated_report: ConsolidatedReportRule
    on_request: bool
    deadline_reading: str  # before | by

    def last_on_time(self, rule: ReportRule, year: int) -> dt.date:
        """The last day a report counts as on time under the plan's reading of "trước ngày"."""
        due = rule.deadline(year)
        return due - dt.timedelta(days=1) if self.deadline_reading == "before" else due


class ProgressStatus(NamedTuple):
    """One word of the progress vocabulary reports use (tiến độ)."""

    id: str
    label: str


class Duty(NamedTuple):
    """A standing duty from the plan's body (nhiệm vụ thường xuyên)."""

    id: str
    section: str
    text: str
    title: str | None  # a label for tables ("Bố trí kinh phí"); None: the text, shortened, is shown
    lead: tuple[Assignment, ...]
    coordinators: tuple[Assignment, ...]
    report: str | None  # agency_report | consolidated_report


class Signature(NamedTuple):
    authority: str
    delegation: str | None
    title: str
    name: str | None


class PlanInfo(NamedTuple):
    """plan/plan.yaml: the document itself and its standing rules."""

    issuer: str
    document_type: str
    type_code: str
    issuer_code: str
    number: str | None
    dated: dt.date | None
    year: int | None
    place: str
    title: str
    based_on: tuple[DocumentRef, ...]
    period: Period
    purposes: tuple[str, ...]
    reporting: Reporting
    progress_statuses: tuple[ProgressStatus, ...]
    duties: tuple[Duty, ...]
    signature: Signature
    recipients: tuple[str, ...]
    body: tuple[str, ...]  # the document's body as imported, paragraph by paragraph (may be empty)
    state: str  # in-force | ended | replaced
    ended_on: dt.date | None
    replaced_by: str | None

    @property
    def starts(self) -> dt.date:
        """The first day the plan is in force: its date, else 1 January of its first year."""
        return self.dated or dt.date(self.period.start_year, 1, 1)

    def in_force(self, on: dt.date) -> bool:
        """Whether the plan is in force on `on`: from its start, until it ends (an end without a
        date: no longer in force)."""
        if on < self.starts:
            return False
        return self.state == "in-force" or (self.ended_on is not None and on <= self.ended_on)


# --- reports/<year>/<agency>.yaml -------------------------------------------------


class TaskProgress(NamedTuple):
    """What an agency reported on one task for the year."""

    task: int
    status: str | None
    results: str | None
    difficulties: str | None
    proposals: str | None
    completed_on: dt.date | None  # when the task was completed, as its lead reported


class DutyProgress(NamedTuple):
    """What an agency reported on one standing duty for the year."""

    duty: str
    status: str | None
    results: str | None
    difficulties: str | None
    proposals: str | None


class AdHocReport(NamedTuple):
    """A report asked for outside the yearly cycle (báo cáo đột xuất)."""

    subject: str
    dated: dt.date
    received: dt.date | None
    number: str | None
    document: str | None
    notes: str | None


class AgencyReport(NamedTuple):
    """plan/reports/<year>/<agency>.yaml: one agency's yearly report as received."""

    agency: str
    year: int
    number: str | None
    dated: dt.date | None
    received: dt.date | None  # empty while only ad-hoc reports have arrived
    document: str | None
    override: str | None
    unverified_sender: str | None  # who sent a form the office did not sign, as stated on import
    tasks: tuple[TaskProgress, ...]
    duties: tuple[DutyProgress, ...]
    notes: str | None
    ad_hoc: tuple[AdHocReport, ...]
    fictitious: bool

    @property
    def arrived(self) -> dt.date | None:
        """When the report reached its recipient (the focal agency)."""
        return self.received


class Signer(NamedTuple):
    """Who signs a document the focal agency issues: what was given, blanks otherwise."""

    delegation: str | None = None  # "KT. GIÁM ĐỐC"
    title: str | None = None  # "PHÓ GIÁM ĐỐC"
    name: str | None = None


class ConsolidatedReport(NamedTuple):
    """plan/reports/<year>/consolidated.yaml: the focal agency's report to the City."""

    agency: str
    year: int
    number: str | None
    dated: dt.date | None
    sent: dt.date | None
    document: str | None
    override: str | None
    notes: str | None
    issuer_code: str | None
    assessment: str | None
    direction: str | None
    proposals: tuple[str, ...]
    signature: Signer | None
    recipients: tuple[str, ...]
    fictitious: bool

    @property
    def arrived(self) -> dt.date | None:
        """When the report reached its recipient (sent to the City)."""
        return self.sent


Report = AgencyReport | ConsolidatedReport


# --- chases.yaml ------------------------------------------------------------------


class Chase(NamedTuple):
    """One reminder sent to an agency about tasks of the plan it leads that are overdue (đôn đốc)."""

    dated: dt.date
    agency: str
    tasks: tuple[int, ...]
    number: str | None
    notes: str | None


class ChaseLog(NamedTuple):
    """plan/chases.yaml: every reminder about the plan's overdue tasks."""

    chases: tuple[Chase, ...]


# Every view, by the name of the schema model it mirrors (tests/test_views.py).
VIEWS: tuple[type, ...] = (
    LegalBasis,
    Successor,
    Members,
    Counterpart,
    Contact,
    Agency,
    Roster,
    Sector,
    Assignment,
    Task,
    TaskList,
    MonthDay,
    DocumentRef,
    Period,
    AgencyReportRule,
    ConsolidatedReportRule,
    Reporting,
    ProgressStatus,
    Duty,
    Signature,
    PlanInfo,
    TaskProgress,
    DutyProgress,
    AdHocReport,
    AgencyReport,
    Signer,
    ConsolidatedReport,
    Chase,
    ChaseLog,
)


# --- building views from validated data ---------------------------------------------

if TYPE_CHECKING:
    from collections.abc import Callable

    Convert = Callable[[Any], Any]
_BUILDERS: dict[type, list[tuple[str, Convert]]] = {}
_new = tuple.__new__  # a view's fields in order, without the namedtuple's own __new__ (one frame fewer)


def build(view: Any, data: dict[str, Any]) -> Any:
    """`view` from validated data (every field present, as `model_dump(mode="json")` writes it)."""
    fields = _BUILDERS.get(view)
    if fields is None:
        hints = view.__annotations__
        fields = _BUILDERS[view] = [(name, _converter(hints[name])) for name in view._fields]
    return _new(view, [convert(data[name]) for name, convert in fields])


def _identity(value: Any) -> Any:
    return value


def _day(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def _converter(hint: str) -> Convert:
    """How one field's JSON value becomes the view's value, decided once per field from its annotation
    as written (`from __future__ import annotations`): `T`, `T | None` or `tuple[T, ...]`, where T is
    str, int, bool, dt.date or a view of this module — the only forms views use (tests/test_views.py
    checks every field against its type)."""
    text = hint.replace(" ", "")
    if text.endswith("|None"):
        convert = _converter(text[: -len("|None")])
        return _identity if convert is _identity else lambda v: None if v is None else convert(v)
    if text.startswith("tuple[") and text.endswith(",...]"):
        item = _converter(text[len("tuple[") : -len(",...]")])
        return tuple if item is _identity else lambda v: tuple(item(x) for x in v)
    if text == "dt.date":
        return _day
    view = globals().get(text)
    if isinstance(view, type) and issubclass(view, tuple) and hasattr(view, "_fields"):
        return lambda v: build(view, v)
    if text not in ("str", "int", "bool", "Any"):
        raise TypeError(f"views: no conversion for the annotation {hint!r}")
    return _identity


class Plan:
    """The plan files together, as views, with the lookups every answer needs."""

    def __init__(self, data: dict[str, dict[str, Any]]) -> None:
        parts = {name: build_file(name, data[name]) for name in (*PLAN_FILES, CHASES) if name in data}
        parts |= {name: build_file(name, report) for name, report in data.get(REPORTS_DIR, {}).items()}
        self._assemble(data, parts)

    @classmethod
    def from_parts(cls, data: dict[str, Any], parts: dict[str, Any]) -> Plan:
        """A plan from views already built per file (history builds each file version once)."""
        plan = cls.__new__(cls)
        plan._assemble(data, parts)
        return plan

    @classmethod
    def lazily(cls, data: dict[str, Any], parts: dict[str, Any], shared: dict[tuple[Any, ...], Any]) -> Plan:
        """A plan whose reports become views only when first asked for (`parts` holds the other files'),
        and whose roster-level answers are `shared` with every plan of the same roster (check/cache.py):
        a question across 300 plans builds the views it reads, and the lineage of the roster once."""
        plan = cls.__new__(cls)
        plan._assemble(data, parts, lazy=True)
        plan.shared = shared
        return plan

    def _assemble(self, data: dict[str, Any], parts: dict[str, Any], lazy: bool = False) -> None:
        self.data = data
        self.files = one_plan()  # where its files are; the register's loader places it (check/cache.py)
        self.memo: dict[tuple[Any, ...], Any] = {}  # answers about this plan per date (roles, categories)
        self.shared = self.memo  # answers about the roster alone (lineage, names): shared in a register
        info, task_list, roster = (parts[name] for name in PLAN_FILES)
        self.info: PlanInfo = info
        self.sectors = {s.id: s for s in task_list.sectors}
        self.tasks = {t.id: t for t in task_list.tasks}
        self.agencies = {a.id: a for a in roster.agencies}
        self.bases = {b.id: b for b in roster.legal_bases}
        self.reporting = self.info.reporting
        self.duties = list(self.info.duties)
        self.statuses: dict[str, str] = {s.id: s.label for s in self.info.progress_statuses}
        self._parts = parts  # file name -> its view (identical objects mean an unchanged file)
        log = parts.get(CHASES)
        self.chases: tuple[Chase, ...] = log.chases if isinstance(log, ChaseLog) else ()
        self._reports: dict[tuple[int, str], AgencyReport] | None = None
        self._consolidated: dict[int, ConsolidatedReport] = {}
        self._lazy = lazy
        self.reports_read = False  # whether an answer read the reports (check/answers.py: what it depends on)
        # check/cache.py: where the reports' data comes from when first read (their stats checked then),
        # and the stats they had (check/freshness.py)
        self.reports_from: Callable[[], dict[str, Any]] | None = None
        self.report_stats: Any = None
        if not lazy:
            self._index_reports()

    def report_data(self) -> dict[str, Any]:
        """The reports' validated data by file name, without building their views."""
        self.reports_read = True
        if self.reports_from is not None:
            self.data[REPORTS_DIR] = self.reports_from()
            self.reports_from = None
        return self.data.get(REPORTS_DIR, {})  # type: ignore[no-any-return]

    def _index_reports(self) -> None:
        self.reports_read = True
        if self._lazy:
            self._lazy = False
            for name, report in self.report_data().items():
                self._parts.setdefault(name, build_file(name, report))
        self._reports = {}
        for report in self._parts.values():
            if isinstance(report, ConsolidatedReport):
                self._consolidated[report.year] = report
            elif isinstance(report, AgencyReport):
                self._reports[(report.year, report.agency)] = report

    @property
    def parts(self) -> dict[str, Any]:
        """File name -> its view (identical objects mean an unchanged file)."""
        if self._reports is None:
            self._index_reports()
        return self._parts

    @property
    def reports(self) -> dict[tuple[int, str], AgencyReport]:
        """The agencies' reports by (year, agency id)."""
        if self._reports is None:
            self._index_reports()
        assert self._reports is not None
        return self._reports

    @property
    def consolidated(self) -> dict[int, ConsolidatedReport]:
        """The focal agency's consolidated reports by year."""
        if self._reports is None:
            self._index_reports()
        return self._consolidated

    @property
    def id(self) -> str:
        """The plan's id: its folder's name in a register, "plan" in the one-plan layout."""
        return self.files.id


def build_file(name: str, data: dict[str, Any]) -> Any:
    """The view of one file's validated data, by the file's name."""
    if name in PLAN_FILES:
        return build((PlanInfo, TaskList, Roster)[PLAN_FILES.index(name)], data)
    if name == CHASES:
        return build(ChaseLog, data)
    if name.rsplit("/", 1)[-1] == f"{CONSOLIDATED}.yaml":
        return build(ConsolidatedReport, data)
    return build(AgencyReport, data)

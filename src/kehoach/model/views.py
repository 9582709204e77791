"""The validated plan as plain, fast objects for queries and reports.

`model.py` (pydantic) decides what is valid; this module is what answers read.
It is built from the validated data (`model_dump`), or from the cache of it, so
a query never imports pydantic or ruamel.yaml. The classes are NamedTuples:
created in a fraction of a dataclass's start-up cost. Field names are those of the
models (a test keeps the two in step) and of shared/GLOSSARY.md.
"""

import datetime as dt
from typing import Any, NamedTuple

from kehoach.dates import within
from kehoach.files.layout import PLAN_FILES, REPORTS_DIR
from kehoach.text import sort_key


def _date(value: Any) -> dt.date | None:
    return None if value is None else _day(value)


def _day(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


class LegalBasis(NamedTuple):
    id: str
    kind: str
    number: str | None
    number_confidence: str
    dated: dt.date
    issuer: str
    session: str | None
    effective: dt.date | None
    summary: str | None

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "LegalBasis":
        return cls(
            d["id"],
            d["kind"],
            d.get("number"),
            d.get("number_confidence", "confirmed"),
            _day(d["dated"]),
            d["issuer"],
            d.get("session"),
            _date(d.get("effective")),
            d.get("summary"),
        )

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
    agency: str
    event: str  # merge | rename | transfer
    effective: dt.date
    basis: str
    confidence: str
    note: str | None

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Successor":
        return cls(
            d["agency"],
            d["event"],
            _day(d["effective"]),
            d["basis"],
            d.get("confidence", "confirmed"),
            d.get("note"),
        )


class Members(NamedTuple):
    agencies: tuple[str, ...]
    kinds: tuple[str, ...]
    note: str | None

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Members":
        return cls(tuple(d.get("agencies", ())), tuple(d.get("kinds", ())), d.get("note"))


class Agency(NamedTuple):
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
    counterpart: dict[str, Any] | None
    contacts: tuple[dict[str, Any], ...]
    note: str | None

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Agency":
        members = d.get("members")
        return cls(
            d["id"],
            d["name"],
            d.get("short_name"),
            tuple(d.get("aliases", ())),
            d["kind"],
            d.get("code"),
            d["city"],
            _date(d.get("valid_from")),
            _date(d.get("valid_until")),
            d.get("basis"),
            d.get("confidence", "confirmed"),
            _date(d.get("unconfirmed_from")),
            tuple(Successor.from_dict(s) for s in d.get("successors", ())),
            Members.from_dict(members) if members is not None else None,
            d.get("counterpart"),
            tuple(d.get("contacts", ())),
            d.get("note"),
        )

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


def roster_order(agency: Agency) -> tuple[int, int, tuple[tuple[int, ...], tuple[int, ...]]]:
    """Sort key: kind in the customary order, then quận before thị xã before huyện, then the name."""
    kind = _KIND_ORDER.index(agency.kind) if agency.kind in _KIND_ORDER else len(_KIND_ORDER)
    lowered = agency.name.casefold()
    level = next((i for i, p in enumerate(_DISTRICT_ORDER) if lowered.startswith(p)), 0)
    return kind, level, sort_key(agency.name)


class Assignment(NamedTuple):
    agency: str
    scope: str | None

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Assignment":
        return cls(d["agency"], d.get("scope"))


class Sector(NamedTuple):
    id: str
    title: str

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Sector":
        return cls(d["id"], d["title"])


class Task(NamedTuple):
    id: int
    sector: str
    content: str
    lead: tuple[Assignment, ...]
    coordinators: tuple[Assignment, ...]

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Task":
        return cls(
            d["id"],
            d["sector"],
            d["content"],
            tuple(Assignment.from_dict(a) for a in d["lead"]),
            tuple(Assignment.from_dict(a) for a in d.get("coordinators", ())),
        )


class Duty(NamedTuple):
    id: str
    section: str
    text: str
    lead: tuple[Assignment, ...]
    coordinators: tuple[Assignment, ...]
    report: str | None  # agency_report | consolidated_report

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Duty":
        return cls(
            d["id"],
            d["section"],
            d["text"],
            tuple(Assignment.from_dict(a) for a in d["lead"]),
            tuple(Assignment.from_dict(a) for a in d.get("coordinators", ())),
            d.get("report"),
        )


class ReportRule(NamedTuple):
    """A yearly reporting deadline (month, day) and who receives the report."""

    month: int
    day: int
    to: tuple[str, ...]  # ("focal-agency",) or agency ids
    text: str

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "ReportRule":
        to = d["to"]
        return cls(d["due"]["month"], d["due"]["day"], (to,) if isinstance(to, str) else tuple(to), d["text"])

    def due(self, year: int) -> dt.date:
        return dt.date(year, self.month, self.day)


class Reporting(NamedTuple):
    focal_agency: str
    agency_report: ReportRule
    consolidated_report: ReportRule
    on_request: bool
    deadline_reading: str  # before | by

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Reporting":
        return cls(
            d["focal_agency"],
            ReportRule.from_dict(d["agency_report"]),
            ReportRule.from_dict(d["consolidated_report"]),
            d.get("on_request", True),
            d.get("deadline_reading", "before"),
        )

    def last_on_time(self, rule: ReportRule, year: int) -> dt.date:
        """The last day a report counts as on time under the plan's reading of "trước ngày"."""
        due = rule.due(year)
        return due - dt.timedelta(days=1) if self.deadline_reading == "before" else due


class TaskProgress(NamedTuple):
    task: int
    status: str | None
    results: str | None
    difficulties: str | None
    proposals: str | None

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "TaskProgress":
        return cls(d["task"], d.get("status"), d.get("results"), d.get("difficulties"), d.get("proposals"))


class Report(NamedTuple):
    """An agency's yearly report as received (or, with `consolidated`, the focal agency's report,
    where `received` is the date it was sent to the City)."""

    file: str
    agency: str
    year: int
    number: str | None
    dated: dt.date | None
    received: dt.date | None
    tasks: tuple[TaskProgress, ...]
    notes: str | None
    fictitious: bool
    consolidated: bool

    @classmethod
    def from_dict(cls, file: str, d: dict[str, Any]) -> "Report":
        consolidated = "sent" in d
        return cls(
            file,
            d["agency"],
            d["year"],
            d.get("number"),
            _date(d.get("dated")),
            _date(d.get("sent") if consolidated else d.get("received")),
            tuple(TaskProgress.from_dict(t) for t in d.get("tasks", ())),
            d.get("notes"),
            d.get("fictitious", False),
            consolidated,
        )


class Plan:
    """The three plan files together, with the lookups every query needs.

    `info` keeps plan.yaml as validated data (a dict) for the parts that are
    only printed (title, purposes, signature, recipients).
    """

    def __init__(self, data: dict[str, dict[str, Any]]) -> None:
        self.data = data
        self.memo: dict[tuple[Any, ...], Any] = {}  # lineage answers per date (lineage.py)
        info, tasks, roster = (data[name] for name in PLAN_FILES)
        self.info: dict[str, Any] = info
        self.sectors = {s["id"]: Sector.from_dict(s) for s in tasks["sectors"]}
        self.tasks = {t["id"]: Task.from_dict(t) for t in tasks["tasks"]}
        self.agencies = {a["id"]: Agency.from_dict(a) for a in roster["agencies"]}
        self.bases = {b["id"]: LegalBasis.from_dict(b) for b in roster.get("legal_bases", ())}
        self.reporting = Reporting.from_dict(self.info["reporting"])
        self.duties = [Duty.from_dict(d) for d in self.info.get("duties", ())]
        self.statuses: dict[str, str] = {s["id"]: s["label"] for s in self.info.get("progress_statuses", ())}
        reports = [Report.from_dict(name, d) for name, d in data.get(REPORTS_DIR, {}).items()]
        self.reports = {(r.year, r.agency): r for r in reports if not r.consolidated}
        self.consolidated = {r.year: r for r in reports if r.consolidated}

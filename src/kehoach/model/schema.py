"""The plan as typed data: one pydantic model per plan file, and the whole `Plan`.

Unknown keys are errors (a misspelt key must not pass silently) and every text
is normalised to NFC on the way in. Names follow shared/GLOSSARY.md.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from kehoach.dates import within
from kehoach.files.layout import CHASES, CONSOLIDATED, PLAN_FILES
from kehoach.text import nfc

# Every text has a bound (a validation error with the limit, not a 60 MB page): a paragraph of a plan or
# a report's answer, and a name. The longest text of the real plan is 565 characters.
TEXT_LIMIT = 10_000
NAME_LIMIT = 300
Text = Annotated[str, AfterValidator(nfc), Field(min_length=1, max_length=TEXT_LIMIT)]
Name = Annotated[str, AfterValidator(nfc), Field(min_length=1, max_length=NAME_LIMIT)]
ID_LIMIT = 120
Id = Annotated[
    str, Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=ID_LIMIT, examples=["so-du-lich"])
]
SectorId = Annotated[str, Field(pattern=r"^[IVX]+$", max_length=12, examples=["II"])]
# A task of a plan of the register, written PLAN#N ("hop-tac-hn-hcm-2024#5")
TaskRef = Annotated[
    str,
    Field(
        pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*#[1-9][0-9]{0,5}$",
        max_length=ID_LIMIT + 7,
        examples=["hop-tac-hn-hcm-2024#5"],
    ),
]
PlanState = Literal["in-force", "ended", "replaced"]

AgencyKind = Literal[
    "city-government",  # UBND Thành phố
    "party-committee",  # Thành ủy
    "council",  # Hội đồng nhân dân
    "front",  # Ủy ban Mặt trận Tổ quốc
    "office",  # Văn phòng UBND Thành phố
    "inspectorate",  # Thanh tra Thành phố
    "department",  # sở (and the Ban Dân tộc, a specialised agency of the same rank)
    "board",  # ban quản lý (tổ chức hành chính khác)
    "center",  # trung tâm
    "district",  # UBND quận, huyện, thị xã (until 30/06/2025)
    "ward",  # UBND phường (from 01/07/2025)
    "commune",  # UBND xã (from 01/07/2025)
    "group",  # a set of agencies the plan assigns work to as one
]
City = Literal["hanoi", "hcmc"]
LineageEvent = Literal["merge", "rename", "convert", "transfer"]
Confidence = Literal["confirmed", "unconfirmed"]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --- agencies.yaml -------------------------------------------------------------


class LegalBasis(Model):
    """A resolution or decision that a lineage event comes from (căn cứ pháp lý)."""

    id: Id
    kind: Literal["resolution", "decision", "decree", "law", "other"]
    number: Text | None = None  # null when no source gives it: outputs never make one up
    number_confidence: Confidence = "confirmed"
    dated: dt.date
    issuer: Text
    session: Text | None = None  # "khóa XVI, kỳ họp thứ 21 (chuyên đề)"
    effective: dt.date | None = None
    summary: Text | None = None


class Successor(Model):
    """Who carries an agency's work from `effective` on, and on what basis."""

    agency: Id
    event: LineageEvent
    effective: dt.date
    basis: Id
    confidence: Confidence = "confirmed"
    note: Text | None = None


class Members(Model):
    """Who belongs to a group: by explicit ids, by kind, or both."""

    agencies: list[Id] = []
    kinds: list[AgencyKind] = []
    note: Text | None = None


class Counterpart(Model):
    """The matching agency in Hồ Chí Minh City (cơ quan tương ứng)."""

    name: Text
    confidence: Confidence = "confirmed"
    source: Text | None = None


class Contact(Model):
    """A leader's name, title and phone, only as a source publishes them."""

    name: Text
    title: Text | None = None
    phone: Text | None = None
    email: Text | None = None
    source: Text


class Agency(Model):
    """One entry of the roster: an agency or a group, with its lineage."""

    id: Id
    name: Name
    short_name: Name | None = None  # the abbreviation shown where space is short (matrix headers)
    aliases: list[Name] = []
    kind: AgencyKind
    code: Annotated[str, Field(pattern=r"^[0-9]{5}$")] | None = None  # statistics office code (communes)
    city: City
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    basis: Id | None = None  # the legal basis the agency was set up by (from valid_from)
    # What the sources could not confirm: the agency's existence or form, from
    # `unconfirmed_from` (or always when that is empty); `note` says what.
    confidence: Confidence = "confirmed"
    unconfirmed_from: dt.date | None = None
    successors: list[Successor] = []
    members: Members | None = None
    counterpart: Counterpart | None = None
    contacts: list[Contact] = []
    note: Text | None = None

    @model_validator(mode="after")
    def _members_only_for_groups(self) -> Agency:
        if (self.kind == "group") != (self.members is not None):
            raise ValueError("nhóm (kind: group) phải có members; cơ quan khác không có members")
        if self.unconfirmed_from is not None and self.confidence != "unconfirmed":
            raise ValueError("unconfirmed_from chỉ dùng cùng confidence: unconfirmed")
        if self.confidence == "unconfirmed" and self.note is None:
            raise ValueError("confidence: unconfirmed cần note nói điều gì chưa xác nhận")
        return self

    def in_force(self, on: dt.date) -> bool:
        """Whether the agency exists on `on` (validity dates are inclusive)."""
        return within(self.valid_from, self.valid_until, on)


class Roster(Model):
    """plan/agencies.yaml."""

    legal_bases: list[LegalBasis] = []
    agencies: list[Agency]


# --- tasks.yaml ----------------------------------------------------------------


class Sector(Model):
    id: SectorId
    title: Text


class Assignment(Model):
    """One agency on a task or duty, limited to `scope` where the plan says so."""

    agency: Id
    scope: Text | None = None


def _readable_deadline(text: str) -> str:
    from kehoach.model.deadline import read_deadline

    read_deadline(text)  # ValueError (a validation error at the key) when the rule cannot read it
    return text


class Task(Model):
    id: Annotated[int, Field(ge=1)]
    sector: SectorId
    content: Text
    lead: Annotated[list[Assignment], Field(min_length=1)]
    coordinators: list[Assignment] = []
    # "Thời gian hoàn thành" exactly as the plan writes it ("Quý II/2026", "Thường xuyên"); the date it
    # means is computed by one rule (model/deadline.py), never typed
    deadline: Annotated[Text, AfterValidator(_readable_deadline)] | None = None
    product: Text | None = None  # "Sản phẩm": what the task must deliver, when the plan names it
    related: list[TaskRef] = []  # tasks of other plans of the register this one continues or serves


class TaskList(Model):
    """plan/tasks.yaml."""

    sectors: Annotated[list[Sector], Field(min_length=1)]
    tasks: list[Task]


# --- plan.yaml -----------------------------------------------------------------


class MonthDay(Model):
    """A yearly date such as 15/9."""

    month: Annotated[int, Field(ge=1, le=12)]
    day: Annotated[int, Field(ge=1, le=31)]

    @model_validator(mode="after")
    def _real_day(self) -> MonthDay:
        # every year must have it: 29/2 would not exist in three years out of four
        try:
            dt.date(2025, self.month, self.day)
        except ValueError:
            raise ValueError(
                f"ngày {self.day}/{self.month} không có trong mọi năm; hãy chọn ngày khác"
            ) from None
        return self

    def in_year(self, year: int) -> dt.date:
        return dt.date(year, self.month, self.day)


class DocumentRef(Model):
    kind: Literal["memorandum", "plan", "resolution", "decision", "other"]
    title: Text
    number: Text | None = None
    dated: dt.date | None = None
    issuer: Text | None = None
    plan: Id | None = None  # the document is a plan of this register (its id), checked


class Period(Model):
    start_year: int
    end_year: int | None = None
    text: Text


class AgencyReportRule(Model):
    due: MonthDay
    to: Literal["focal-agency"]
    text: Text


class ConsolidatedReportRule(Model):
    due: MonthDay
    to: list[Id]
    text: Text


class Reporting(Model):
    focal_agency: Id
    agency_report: AgencyReportRule
    consolidated_report: ConsolidatedReportRule
    on_request: bool = True
    # How "trước ngày 15/9" is read: "before" = the last day on time is 14/9;
    # "by" = 15/9 itself is still on time.
    deadline_reading: Literal["before", "by"] = "before"


class ProgressStatus(Model):
    """One word of the progress vocabulary reports use (tiến độ)."""

    id: Id
    label: Text


class Duty(Model):
    """A standing duty from the plan's body (nhiệm vụ thường xuyên)."""

    id: Id
    section: Text
    text: Text
    # a few words of the text naming the duty where space is short ("Bố trí kinh phí"); the text is
    # what the plan says, the title only a label for tables and lists
    title: Name | None = None
    lead: Annotated[list[Assignment], Field(min_length=1)]
    coordinators: list[Assignment] = []
    report: Literal["agency_report", "consolidated_report"] | None = None


class Signature(Model):
    authority: Text
    delegation: Text | None = None
    title: Text
    name: Text | None = None


class PlanInfo(Model):
    """plan/plan.yaml: the document itself and its standing rules."""

    issuer: Id
    document_type: Text
    type_code: Text
    issuer_code: Text
    number: Text | None = None
    dated: dt.date | None = None
    year: int | None = None
    place: Text
    title: Text
    based_on: list[DocumentRef] = []
    period: Period
    purposes: list[Text]
    reporting: Reporting
    progress_statuses: Annotated[list[ProgressStatus], Field(min_length=1)]
    duties: list[Duty] = []
    signature: Signature
    recipients: list[Text]
    # The document's body between the bases and "Nơi nhận", paragraph by paragraph, verbatim, as
    # `kehoach plan import` read it (a plan transcribed by hand may leave it out)
    body: list[Text] = []
    # In force until it ends or another plan of the register replaces it (on `ended_on`, when a source
    # gives the date; without one the plan is taken as no longer in force).
    state: PlanState = "in-force"
    ended_on: dt.date | None = None
    replaced_by: Id | None = None

    @model_validator(mode="after")
    def _state_fits(self) -> PlanInfo:
        if (self.state == "replaced") != (self.replaced_by is not None):
            raise ValueError("state: replaced cần replaced_by (mã kế hoạch thay thế), và chỉ khi đó")
        if self.ended_on is not None and self.state == "in-force":
            raise ValueError("ended_on chỉ dùng với state: ended hoặc replaced")
        return self


# --- reports/<year>/<agency>.yaml -------------------------------------------------


class TaskProgress(Model):
    """What an agency reported on one task for the year; `completed_on` when its lead completed it."""

    task: Annotated[int, Field(ge=1)]
    status: Id | None = None
    results: Text | None = None
    difficulties: Text | None = None
    proposals: Text | None = None
    completed_on: dt.date | None = None


class DutyProgress(Model):
    """What an agency reported on one standing duty (nhiệm vụ thường xuyên, e.g. II.2 or III.3)."""

    duty: Id
    status: Id | None = None
    results: Text | None = None
    difficulties: Text | None = None
    proposals: Text | None = None


class AdHocReport(Model):
    """A report asked for outside the yearly cycle (báo cáo đột xuất), with its own date and subject."""

    subject: Text
    dated: dt.date
    received: dt.date | None = None
    number: Text | None = None
    document: Text | None = None  # a link, or the number in the e-office system
    notes: Text | None = None


class AgencyReport(Model):
    """plan/reports/<year>/<agency>.yaml: one agency's yearly report as received.

    `received` is empty while only ad-hoc reports have arrived; `override` says why a
    received date outside the usual checks (before the report year, after the day it
    was recorded) was accepted; `unverified_sender` who sent a form the office did not
    sign (or whose signature this machine cannot check), as the secretariat stated it.
    """

    agency: Id
    year: Annotated[int, Field(ge=2000, le=2100)]
    number: Text | None = None  # số, ký hiệu, e.g. "05/BC-SDL"
    dated: dt.date | None = None  # the document's own date
    received: dt.date | None = None  # when the focal agency received it
    document: Text | None = None  # a link, or the number in the e-office system
    override: Text | None = None
    # who sent a form that carried no valid signature of the office (import --accept-unsigned --from)
    unverified_sender: Text | None = None
    tasks: list[TaskProgress] = []
    duties: list[DutyProgress] = []
    notes: Text | None = None
    ad_hoc: list[AdHocReport] = []
    fictitious: bool = False  # example data: never a real record


class Signer(Model):
    """Who signs a document the focal agency issues: what the secretariat writes, "…" otherwise."""

    delegation: Text | None = None  # "KT. GIÁM ĐỐC", "Q. GIÁM ĐỐC", "TL. GIÁM ĐỐC"
    title: Text | None = None  # "PHÓ GIÁM ĐỐC"
    name: Text | None = None


class ConsolidatedReport(Model):
    """plan/reports/<year>/consolidated.yaml: the focal agency's report to the City.

    Before it is sent, the secretariat writes here what only it can: the overall
    assessment, next year's direction, its own proposals, who signs and the
    issuer's symbol; `kehoach report` puts "…" where these are empty.
    """

    agency: Id
    year: Annotated[int, Field(ge=2000, le=2100)]
    number: Text | None = None
    dated: dt.date | None = None
    sent: dt.date | None = None  # when it was sent to the City
    document: Text | None = None  # a link, or the number in the e-office system
    override: Text | None = None
    notes: Text | None = None
    issuer_code: Text | None = None  # the symbol after "BC-" in "Số: 12/BC-STC"
    assessment: Text | None = None  # đánh giá chung
    direction: Text | None = None  # phương hướng, nhiệm vụ năm sau
    proposals: list[Text] = []  # the focal agency's own proposals
    signature: Signer | None = None
    recipients: list[Text] = []  # besides UBND Thành phố (part III.4), when the report goes further
    fictitious: bool = False


# --- chases.yaml ------------------------------------------------------------------


class Chase(Model):
    """One reminder sent to an agency about tasks of the plan it leads that are overdue (đôn đốc)."""

    dated: dt.date  # the letter's date, or the day it was recorded when the letter has none yet
    agency: Id
    tasks: Annotated[list[Annotated[int, Field(ge=1)]], Field(min_length=1)]
    number: Text | None = None  # the letter's số, ký hiệu, when it has one
    notes: Text | None = None


class ChaseLog(Model):
    """plan/chases.yaml: every reminder about the plan's overdue tasks, as `remind --overdue --record`
    writes them; how many times a task was chased is counted from here."""

    chases: list[Chase] = []


def report_model(name: str) -> type[Model]:
    """The model of a report file, by its name."""
    return ConsolidatedReport if name.rsplit("/", 1)[-1] == f"{CONSOLIDATED}.yaml" else AgencyReport


# The files of a plan and their models, in the order they are read and reported.
FILES: dict[str, type[Model]] = dict(zip(PLAN_FILES, (PlanInfo, TaskList, Roster), strict=True))

# Files a plan may have or not.
OPTIONAL: dict[str, type[Model]] = {CHASES: ChaseLog}

# JSON Schema file (under schema/) -> model; plan files point to theirs in their first line.
SCHEMAS: dict[str, type[Model]] = {
    "chases.schema.json": ChaseLog,
    "plan.schema.json": PlanInfo,
    "tasks.schema.json": TaskList,
    "agencies.schema.json": Roster,
    "report.schema.json": AgencyReport,
    "consolidated.schema.json": ConsolidatedReport,
}

"""The Python API answers what the command line answers, as typed values."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import DATA, EXAMPLES
from kehoach import api
from kehoach.errors import UsageError
from kehoach.model.views import Agency, Plan

ON = dt.date(2026, 1, 1)


@pytest.fixture(scope="module")
def plan() -> Plan:
    return api.load(DATA)


def test_tasks_of_an_agency(plan: Plan) -> None:
    mine = api.tasks_of(plan, "Sở Du lịch Hà Nội", ON)
    assert mine.agency.id == "so-du-lich" and mine.as_of == ON
    assert [(r.item.id, r.role) for r in mine.tasks if r.via is None] == [
        (12, "lead"),
        (14, "lead"),
        (17, "lead"),
    ]
    assert [r.item.section for r in mine.duties][-1] == "III.2"


def test_a_former_agency_answers_for_its_heir(plan: Plan) -> None:
    answer = api.tasks_of(plan, "Sở KH&ĐT", ON)
    assert answer.agency.id == "so-tai-chinh" and "hợp nhất vào Sở Tài chính" in answer.notes[0]


def test_task_and_who_carries_it(plan: Plan) -> None:
    answer = api.task(plan, 8, ON)
    assert [a.id for a in answer.carried_by["so-tai-nguyen-va-moi-truong"]] == [
        "so-nong-nghiep-va-moi-truong"
    ]
    with pytest.raises(UsageError):
        api.task(plan, 99)


def test_agencies_and_resolve(plan: Plan) -> None:
    wards = api.agencies(plan, ON, kind="ward")
    assert len(wards) == 51 and all(isinstance(a, Agency) for a in wards)
    assert api.resolve(plan, "Hoàn Kiếm", dt.date(2025, 6, 30)).id == "ubnd-quan-hoan-kiem"


def test_status_of_a_year() -> None:
    year = api.status(api.load(EXAMPLES), 2025, dt.date(2025, 10, 1))
    required = [s for s in year.agencies if s.required]
    assert len(required) == 143 and sum(s.state == "on_time" for s in required) == 5
    assert year.consolidated is not None and year.consolidated.state == "late"


def test_report_context(plan: Plan) -> None:
    context = api.report_context(plan, 2025, dated=dt.date(2025, 9, 24))
    assert context["as_of"] == "24/09/2025" and context["overview"]["required"] == 143


def test_the_reporting_cycle_through_the_api(tmp_path: Path) -> None:
    import shutil

    from openpyxl import load_workbook

    root = tmp_path / "data"
    shutil.copytree(DATA / "plan", root / "plan", ignore=shutil.ignore_patterns("reports"))
    plan = api.load(root)
    assert (
        len(api.late(plan, 2025, dt.date(2025, 10, 1))) == 142
    )  # every agency that must report, but the focal agency (Sở Tài chính)
    due = api.deadlines(plan, [2025], "Sở Tài chính")
    # the focal agency's calendar: the consolidated report only (it sends no yearly report to itself)
    assert [d.day for d in due] == [dt.date(2025, 9, 24)]
    assert [d.day for d in api.deadlines(plan, [2025], "Sở Du lịch")] == [dt.date(2025, 9, 14)]
    path = tmp_path / "f.xlsx"
    path.write_bytes(api.form(plan, 2025, "Sở Du lịch"))
    book = load_workbook(path)
    book["Báo cáo"]["C8"] = "05/BC-SDL"
    book.save(path)
    (done,) = api.import_forms(root, [path], received="12/09/2025")
    assert done.problems == () and done.recorded is not None and done.recorded.created
    again = api.record(
        root, year=2025, agency="Sở Du lịch", tasks=[api.TaskEntry(12, status="Đã hoàn thành")]
    )
    # completed: dated by the report's received date (12/09/2025)
    assert [c.field for c in again.changes] == ["Nhiệm vụ 12 – Tiến độ", "Nhiệm vụ 12 – Ngày hoàn thành"]
    assert again.changes[1].new == dt.date(2025, 9, 12)
    assert len(api.late(api.load(root), 2025, dt.date(2025, 10, 1))) == 141
    budget = api.record(
        root,
        year=2025,
        agency="Sở Tài chính",
        received="13/09/2025",
        duties=[api.DutyEntry("budget", status="thuc hien thuong xuyen", results="Đã bố trí kinh phí.")],
    )
    assert [c.field for c in budget.changes][-2:] == [
        "Nhiệm vụ thường xuyên mục III.3 (Bố trí kinh phí) – Tiến độ",
        "Nhiệm vụ thường xuyên mục III.3 (Bố trí kinh phí) – Kết quả",
    ]
    assert api.load(root).reports[(2025, "so-tai-chinh")].duties[0].status == "ongoing"
    with pytest.raises(UsageError, match="Không có nhiệm vụ thường xuyên «ngan-sach»; Kế hoạch có: "):
        api.record(root, year=2025, agency="Sở Tài chính", duties=[api.DutyEntry("ngan-sach", results="x")])
    with pytest.raises(UsageError, match="đã có giá trị khác"):
        api.record(root, year=2025, agency="Sở Tài chính", duties=[api.DutyEntry("budget", results="khác")])


def test_manual_documents_every_api_name() -> None:
    from conftest import ROOT
    from kehoach import api

    section = (ROOT / "docs" / "phat-trien" / "api.md").read_text(encoding="utf-8")
    missing = [name for name in api.__all__ if f"`{name}(" not in section and f"`{name}`" not in section]
    assert missing == []
    for name in api.__all__:
        assert getattr(api, name) is not None  # every exported name resolves (some load on first use)

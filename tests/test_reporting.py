"""The yearly reporting cycle: who must report, states around both deadlines, `status`."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

import pytest

from conftest import DATA, EXAMPLES, run
from kehoach.answer.status import agency_standings, consolidated_standing, must_report, state_on
from kehoach.check.cache import load_plan

PLAN = load_plan(DATA)
D = dt.date


@pytest.mark.parametrize(
    ("received", "as_of", "expected"),
    [
        (D(2025, 9, 13), D(2025, 10, 1), ("on_time", 0)),
        (D(2025, 9, 14), D(2025, 10, 1), ("on_time", 0)),  # the last day before 15/9
        (D(2025, 9, 15), D(2025, 10, 1), ("late", 1)),  # "trước ngày 15/9": the day itself is late
        (D(2025, 9, 22), D(2025, 10, 1), ("late", 8)),
        (None, D(2025, 9, 13), ("pending", 2)),
        (None, D(2025, 9, 14), ("pending", 1)),
        (None, D(2025, 9, 15), ("overdue", 1)),
        (None, D(2025, 10, 1), ("overdue", 17)),
        (D(2025, 9, 20), D(2025, 9, 16), ("overdue", 2)),  # not yet received on the date asked about
    ],
)
def test_states_around_the_agency_deadline(
    received: dt.date | None, as_of: dt.date, expected: tuple[str, int]
) -> None:
    last = PLAN.reporting.last_on_time(PLAN.reporting.agency_report, 2025)
    assert last == D(2025, 9, 14)
    assert state_on(last, received, as_of) == expected


def test_states_around_the_consolidated_deadline() -> None:
    last = PLAN.reporting.last_on_time(PLAN.reporting.consolidated_report, 2025)
    assert last == D(2025, 9, 24)
    assert state_on(last, D(2025, 9, 24), D(2025, 10, 1)) == ("on_time", 0)
    assert state_on(last, D(2025, 9, 25), D(2025, 10, 1)) == ("late", 1)
    assert state_on(last, None, D(2025, 9, 25)) == ("overdue", 1)


def test_the_reading_of_the_deadline_is_data() -> None:
    inclusive = PLAN.reporting._replace(deadline_reading="by")
    assert inclusive.last_on_time(PLAN.reporting.agency_report, 2025) == D(2025, 9, 15)


def test_who_must_report_follows_lineage() -> None:
    y2024 = {a.id for a in must_report(PLAN, 2024)}
    y2025 = {a.id for a in must_report(PLAN, 2025)}
    assert "so-ke-hoach-va-dau-tu" in y2024 and "so-ke-hoach-va-dau-tu" not in y2025
    assert "so-tai-chinh" in y2024 and "so-tai-chinh" in y2025
    assert "so-nong-nghiep-va-moi-truong" in y2025 and "so-nong-nghiep-va-moi-truong" not in y2024
    assert sum(a.startswith("ubnd-") and a != "ubnd-thanh-pho" for a in y2024) == 30
    assert not any(a.startswith(("ubnd-quan", "ubnd-huyen", "ubnd-thi-xa")) for a in y2025)
    # 21 specialised agencies + the Trung tâm + 30 districts; 15 + the board + the Trung tâm + 126 communes
    assert len(y2024) == 52 and len(y2025) == 143
    assert sum(a.startswith(("ubnd-phuong-", "ubnd-xa-")) for a in y2025) == 126
    assert "ubnd-thanh-pho" not in y2025 and "thanh-uy-ha-noi" not in y2025


def test_focal_agency_of_the_consolidated_report() -> None:
    first, second = (
        consolidated_standing(PLAN, 2024, D(2024, 1, 1)),
        consolidated_standing(PLAN, 2025, D(2025, 1, 1)),
    )
    assert first is not None and first.agency.id == "so-ke-hoach-va-dau-tu"
    assert second is not None and second.agency.id == "so-tai-chinh"


def test_real_plan_without_reports() -> None:
    past = agency_standings(PLAN, 2024, D(2026, 1, 1))
    assert {s.state for s in past} == {"overdue"}
    future = agency_standings(PLAN, 2027, D(2026, 11, 27))
    assert {s.state for s in future} == {"pending"}


def test_status_json_contract_on_examples() -> None:
    result = run(["--data", str(EXAMPLES), "status", "--year", "2025", "--as-of", "2025-10-01", "-f", "json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert set(data) == {
        "schema_version",
        "year",
        "as_of",
        "scope",
        "agencies",
        "consolidated",
        "unconfirmed",
    }
    states = {a["id"]: (a["state"], a["days"]) for a in data["agencies"]}
    assert states["so-du-lich"] == ("on_time", 0)
    assert states["so-xay-dung"] == ("late", 1)
    assert states["so-y-te"] == ("late", 8)
    assert states["so-giao-duc-va-dao-tao"] == ("overdue", 17)
    assert sorted(s for s, _ in states.values()).count("on_time") == 5
    first = data["agencies"][0]
    assert set(first) == {"id", "name", "due", "received", "state", "days", "document", "required"}
    du_lich = next(a for a in data["agencies"] if a["id"] == "so-du-lich")
    assert du_lich["document"] == {"number": "MH-01/BC-SDL", "dated": "2025-09-10"}
    assert du_lich["due"] == "2025-09-15" and du_lich["received"] == "2025-09-12"
    assert data["consolidated"] == {
        "agency": {"id": "so-tai-chinh", "name": "Sở Tài chính"},
        "due": "2025-09-25",
        "received": "2025-09-26",
        "state": "late",
        "days": 2,
        "document": {"number": "MH-08/BC-STC", "dated": "2025-09-26"},
    }


def test_status_as_of_an_earlier_date_ignores_later_reports() -> None:
    data = json.loads(
        run(["--data", str(EXAMPLES), "status", "-y", "2025", "--as-of", "2025-09-11", "-f", "json"]).stdout
    )
    states = {a["id"]: a["state"] for a in data["agencies"]}
    assert states["so-du-lich"] == "pending"  # received on 12/09
    assert states["so-van-hoa-va-the-thao"] == "on_time"


def test_status_for_one_agency_follows_lineage() -> None:
    result = run(
        [
            "--data",
            str(EXAMPLES),
            "status",
            "-y",
            "2025",
            "-a",
            "Sở KH&ĐT",
            "--as-of",
            "2025-10-01",
            "-f",
            "json",
        ]
    )
    data = json.loads(result.stdout)
    assert [a["id"] for a in data["agencies"]] == ["so-tai-chinh"]
    assert "hợp nhất vào Sở Tài chính" in result.stderr


def test_status_tasks_flags_conflicts_and_silence() -> None:
    result = run(
        ["--data", str(EXAMPLES), "status", "-y", "2025", "--tasks", "--as-of", "2025-10-01", "-f", "json"]
    )
    tasks = {t["id"]: t for t in json.loads(result.stdout)["tasks"]}
    assert tasks[8]["conflict"] and tasks[8]["statuses"] == ["in-progress", "ongoing"]
    assert tasks[15]["unreported"] and not tasks[15]["conflict"]
    assert tasks[1]["unreported"]
    assert tasks[12]["statuses"] == ["in-progress"] and not tasks[12]["conflict"]


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["--fail-on", "overdue", "--as-of", "2025-10-01"], 1),
        (["--fail-on", "late", "--as-of", "2025-10-01"], 1),
        (["--fail-on", "overdue", "--as-of", "2025-09-01"], 0),
    ],
)
def test_fail_on(args: list[str], code: int) -> None:
    assert run(["--data", str(EXAMPLES), "status", "-y", "2025", *args]).exit_code == code


def test_fail_on_late_only_when_late(tmp_path: object) -> None:
    # the real plan in a future year: everything pending, nothing late
    assert (
        run(
            ["--data", str(DATA), "status", "-y", "2027", "--fail-on", "late", "--as-of", "2026-11-27"]
        ).exit_code
        == 0
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["status", "-y", "2019"], "Lỗi: Năm 2019 ngoài thời gian thực hiện Kế hoạch (từ 2024)."),
        (["status", "-y", "2025", "--fail-on", "soon"], "Lỗi: Giá trị không hợp lệ cho --fail-on: «soon»."),
        (["status", "-y", "2025", "--tasks", "-a", "Sở Y tế"], "Lỗi: --tasks xem theo nhiệm vụ"),
        (
            ["status", "-y", "2025", "-a", "UBND Thành phố"],
            "Lỗi: UBND Thành phố Hà Nội không phải báo cáo năm 2025",
        ),
        (["status"], "Lỗi: Thiếu"),
    ],
)
def test_status_usage_errors(args: list[str], message: str) -> None:
    result = run(["--data", str(DATA), *args])
    assert result.exit_code == 2
    assert message in result.stderr


@pytest.mark.parametrize("fmt", ["text", "json", "csv", "md"])
def test_status_golden(fmt: str, golden: Callable[[str, str], None]) -> None:
    result = run(["--data", str(EXAMPLES), "status", "--year", "2025", "--as-of", "2025-10-01", "-f", fmt])
    assert result.exit_code == 0
    golden(
        f"status-examples.{ {'text': 'txt', 'json': 'json', 'csv': 'csv', 'md': 'md'}[fmt] }", result.stdout
    )


def test_status_tasks_golden(golden: Callable[[str, str], None]) -> None:
    result = run(["--data", str(EXAMPLES), "status", "--year", "2025", "--tasks", "--as-of", "2025-10-01"])
    golden("status-tasks-examples.txt", result.stdout)


def test_examples_are_marked_fictitious() -> None:
    for path in sorted((EXAMPLES / "plan" / "reports").rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        assert "fictitious: true" in text and "MINH HỌA" in text, path
    assert run(["--data", str(EXAMPLES), "validate"]).exit_code == 0


def test_status_counts_the_whole_roster_with_its_scope() -> None:
    result = run(["--data", str(DATA), "status", "-y", "2025", "--as-of", "2025-10-01"])
    assert result.exit_code == 0
    assert (
        "143 cơ quan, đơn vị phải báo cáo (17 cơ quan, đơn vị cấp thành phố; 126 UBND cấp xã: 51 phường, "
        "75 xã)" in " ".join(result.stdout.split())
    )
    assert "Cách hiểu nhóm «Các sở, ban, ngành" in result.stdout  # the count depends on it: said
    assert "UBND xã (75 đơn vị)" in result.stdout and "UBND xã Ba Vì" not in result.stdout
    every = run(["--data", str(DATA), "status", "-y", "2025", "--all", "--as-of", "2025-10-01"])
    assert "UBND xã Ba Vì" in every.stdout and "UBND xã (75 đơn vị)" not in every.stdout
    data = json.loads(run(["--data", str(DATA), "status", "-y", "2025", "-f", "json"]).stdout)
    assert len(data["agencies"]) == 143  # machine formats list every agency
    assert data["scope"]["by_kind"]["ward"] == 51 and data["scope"]["by_kind"]["commune"] == 75


def test_status_of_a_former_district_is_its_communes() -> None:
    """Before, the header said the commune group had tasks while the row said it need not report."""
    args = ["--data", str(DATA), "status", "-y", "2025", "--agency", "Quận Ba Đình", "-f", "json"]
    result = run(args)
    assert result.exit_code == 0, result.stderr
    assert len(json.loads(result.stdout)["agencies"]) == 126
    table = run(args[:-2])
    assert "chuyển nhiệm vụ cho UBND các xã, phường từ 01/07/2025" in " ".join(table.stdout.split())
    y2024 = run(["--data", str(DATA), "status", "-y", "2024", "-a", "Quận Ba Đình", "-f", "json"])
    assert [a["id"] for a in json.loads(y2024.stdout)["agencies"]] == ["ubnd-quan-ba-dinh"]


def test_the_yearly_report_states_the_scope_of_its_count() -> None:
    text = run(["--data", str(DATA), "report", "-y", "2025", "--as-of", "2025-10-01"]).stdout
    assert "Có 143 cơ quan, đơn vị[^1] phải báo cáo trước ngày 15/09/2025 (17 cơ quan" in text
    assert "[^1]: Ghi chú rà soát — Số này dựa trên cách hiểu nhóm" in text  # issue 23: beside, not in it
    final = run(["--data", str(DATA), "report", "-y", "2025", "--as-of", "2025-10-01", "--final"])
    assert "Có 143 cơ quan, đơn vị phải báo cáo" in final.stdout and "[^" not in final.stdout
    assert "Cách hiểu" not in final.stdout and "Chưa xác nhận" not in final.stdout and not final.stderr
    assert "51 UBND phường, 75 UBND xã" in text  # not 126 names

"""A task's deadline as written, and the one rule for the date it means (model/deadline.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import run
from kehoach.model.deadline import read_deadline

DAYS = st.dates(min_value=dt.date(2000, 1, 2), max_value=dt.date(2100, 12, 31))


def _last_day(year: int, month: int) -> dt.date:
    return (dt.date(year + month // 12, month % 12 + 1, 1)) - dt.timedelta(days=1)


@given(
    DAYS, st.sampled_from(["{d}/{m}/{y}", "{d:02}/{m:02}/{y}", "ngày {d}/{m}/{y}", "Chậm nhất {d}/{m}/{y}"])
)
def test_a_date_means_that_day(day: dt.date, form: str) -> None:
    text = form.format(d=day.day, m=day.month, y=day.year)
    assert read_deadline(text) == (text, day, False)


@given(DAYS)
def test_before_a_date_means_the_day_before(day: dt.date) -> None:
    assert read_deadline(f"Trước ngày {day.day}/{day.month}/{day.year}").due == day - dt.timedelta(days=1)


@given(DAYS)
def test_a_month_quarter_half_and_year_mean_their_last_day(day: dt.date) -> None:
    y, m = day.year, day.month
    quarter = (m - 1) // 3 + 1
    assert read_deadline(f"Tháng {m}/{y}").due == _last_day(y, m)
    assert read_deadline(f"Quý {['I', 'II', 'III', 'IV'][quarter - 1]}/{y}").due == _last_day(y, 3 * quarter)
    assert read_deadline(f"quý {quarter}/{y}").due == _last_day(y, 3 * quarter)
    assert read_deadline(f"6 tháng {'đầu' if m <= 6 else 'cuối'} năm {y}").due == _last_day(
        y, 6 if m <= 6 else 12
    )
    assert read_deadline(f"Năm {y}").due == dt.date(y, 12, 31) == read_deadline(f"{y}.").due
    if y < 2100:
        assert read_deadline(f"Năm {y} - {y + 1}").due == dt.date(y + 1, 12, 31)
    # the date a deadline means is never before the day the period names
    assert read_deadline(f"Tháng {m}/{y}").due >= day  # type: ignore[operator]


@pytest.mark.parametrize(
    "text", ["Thường xuyên", "thường  xuyên.", "Hằng năm", "Hàng năm", "Định kỳ hằng năm"]
)
def test_recurring_tasks_have_no_due_date(text: str) -> None:
    assert read_deadline(text) == (text, None, True)


@pytest.mark.parametrize(
    "text",
    [
        "31/2/2026",
        "Tháng 13/2026",
        "Quý V/2026",
        "sớm",
        "Năm 2026 - 2025",
        "2026-09-30",
        "Quý II",
        "1/1/1999",
    ],
)
def test_anything_else_is_not_guessed(text: str) -> None:
    with pytest.raises(ValueError, match="không đọc được thời hạn"):
        read_deadline(text)


def test_a_deadline_is_kept_as_written_shown_and_checked(minimal: Callable[..., Path]) -> None:
    import json

    root = minimal(
        tasks=(
            "content: Nội dung một.",
            "content: Nội dung một.\n    deadline: Quý II/2026\n    product: Báo cáo",
        )
    )
    shown = run(["--data", str(root), "task", "1"])
    assert shown.exit_code == 0, shown.stderr
    assert (
        "Thời hạn: Quý II/2026 (đến hết ngày 30/06/2026)" in shown.stdout
        and "Sản phẩm: Báo cáo" in shown.stdout
    )
    data = json.loads(run(["--data", str(root), "task", "1", "--format", "json"]).stdout)
    assert (data["deadline"], data["due"], data["product"]) == ("Quý II/2026", "2026-06-30", "Báo cáo")
    other = json.loads(run(["--data", str(root), "task", "2", "--format", "json"]).stdout)
    assert (other["deadline"], other["due"], other["product"]) == (None, None, None)
    bad = minimal(tasks=("content: Nội dung một.", "content: Nội dung một.\n    deadline: sớm nhất có thể"))
    result = run(["--data", str(bad), "validate"])
    assert result.exit_code == 1
    assert (
        "plan/tasks.yaml:10:15: error[invalid-value]: «deadline»: không đọc được thời hạn «sớm nhất có thể»"
        in result.stdout
    )


def test_listings_show_a_deadline_column_only_when_the_plan_has_deadlines(
    minimal: Callable[..., Path],
) -> None:
    root = minimal(tasks=("content: Nội dung hai.", "content: Nội dung hai.\n    deadline: Tháng 6/2026"))
    listed = run(["--data", str(root), "tasks"]).stdout
    assert "Thời hạn" in listed and "Tháng 6/2026 (30/06/2026)" in listed
    own = run(["--data", str(root), "tasks", "--agency", "Sở Tài chính", "--format", "csv"]).stdout
    assert "Thời hạn" in own.splitlines()[0] and "Tháng 6/2026 (30/06/2026)" in own
    plain = minimal()
    assert "Thời hạn" not in run(["--data", str(plain), "tasks"]).stdout

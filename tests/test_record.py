"""`kehoach record`: validated first, round-trip, atomic, never loses a change."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Run, run, snapshot

Tree = Callable[..., Path]


def rec(root: Path, *args: str) -> Run:
    return run(["--data", str(root), "record", *args])


def test_create_then_update(data: Path) -> None:
    first = rec(
        data,
        "--year",
        "2025",
        "--agency",
        "so du lich",
        "--received",
        "12/09/2025",
        "--number",
        "05/BC-SDL",
        "--dated",
        "2025-09-10",
        "--task",
        "12",
        "--status",
        "in-progress",
        "--result",
        "Kết quả: tốt & đủ",
    )
    assert first.exit_code == 0, first.stderr
    assert first.stdout == (
        "Đã tạo plan/reports/2025/so-du-lich.yaml:\n"
        "  Ngày nhận: (trống) → 12/09/2025\n"
        "  Ngày văn bản: (trống) → 10/09/2025\n"
        "  Số, ký hiệu: (trống) → «05/BC-SDL»\n"
        "  Nhiệm vụ 12 – Tiến độ: (trống) → «Đang triển khai»\n"
        "  Nhiệm vụ 12 – Kết quả: (trống) → «Kết quả: tốt & đủ»\n"
    )
    path = data / "plan/reports/2025/so-du-lich.yaml"
    assert path.read_text(encoding="utf-8") == (
        "# yaml-language-server: $schema=../../../schema/report.schema.json\n"
        "# Báo cáo năm 2025 của Sở Du lịch gửi cơ quan đầu mối (ghi bằng `kehoach record`).\n"
        "agency: so-du-lich\n"
        "year: 2025\n"
        "received: 2025-09-12\n"
        "dated: 2025-09-10\n"
        "number: 05/BC-SDL\n"
        "tasks:\n"
        "  - task: 12\n"
        "    status: in-progress\n"
        "    results: 'Kết quả: tốt & đủ'\n"
    )
    again = rec(data, "--year", "2025", "-a", "Sở Du lịch", "--received", "12/09/2025")
    assert (
        again.stdout
        == "Không có gì thay đổi: plan/reports/2025/so-du-lich.yaml đã có đúng các giá trị này.\n"
    )
    assert run(["--data", str(data), "validate"]).exit_code == 0


def test_hand_comments_and_quoting_survive(data: Path) -> None:
    rec(data, "--year", "2025", "-a", "Sở Y tế", "--received", "13/09/2025", "--number", "7/BC-SYT")
    path = data / "plan/reports/2025/so-y-te.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "number: 7/BC-SYT", 'number: "7/BC-SYT"  # theo sổ công văn\n# đã gọi điện nhắc'
    )
    path.write_text(text, encoding="utf-8")
    result = rec(
        data,
        "--year",
        "2025",
        "-a",
        "Sở Y tế",
        "--received",
        "13/09/2025",
        "--task",
        "16",
        "--status",
        "completed",
        "--difficulty",
        "Dòng một.\nDòng hai.",
    )
    assert result.exit_code == 0
    after = path.read_text(encoding="utf-8")
    assert after.startswith(text)  # everything written by hand is untouched, new lines come after
    assert after[len(text) :] == (
        "tasks:\n  - task: 16\n    status: completed\n"
        "    difficulties: |-\n      Dòng một.\n      Dòng hai.\n"
        "    completed_on: 2025-09-13\n"  # completed: dated by the report's received date
    )


def test_different_value_needs_force(data: Path) -> None:
    rec(data, "--year", "2025", "-a", "Sở Y tế", "--received", "13/09/2025")
    before = snapshot(data)
    refused = rec(data, "--year", "2025", "-a", "Sở Y tế", "--received", "14/09/2025")
    assert refused.exit_code == 2
    assert "Ngày nhận: 13/09/2025 → 14/09/2025" in refused.stderr and "--force" in refused.stderr
    assert snapshot(data) == before
    forced = rec(data, "--year", "2025", "-a", "Sở Y tế", "--received", "14/09/2025", "--force")
    assert (
        forced.stdout == "Đã cập nhật plan/reports/2025/so-y-te.yaml:\n  Ngày nhận: 13/09/2025 → 14/09/2025\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--received", "31/09/2025"], "Ngày không tồn tại cho --received"),
        (["--received", "12/09/2025", "--dated", "hôm qua"], "Ngày không hợp lệ cho --dated"),
        (["--received", "12/09/2025", "--task", "19"], "Không có nhiệm vụ số 19"),
        (
            ["--received", "12/09/2025", "--task", "12", "--status", "done"],
            "Tiến độ «done» không có trong danh mục",
        ),
        (["--received", "12/09/2025", "--status", "completed"], "phải đứng sau --task"),
        (["--received", "10/09/2025", "--dated", "12/09/2025"], "trước ngày văn bản 12/09/2025"),
    ],
)
def test_refusals_write_nothing(data: Path, args: list[str], message: str) -> None:
    before = snapshot(data)
    result = rec(data, "--year", "2025", "-a", "Sở Du lịch", *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert snapshot(data) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--year", "2025", "-a", "Sở KH&ĐT", "--received", "12/09/2025"],
            "không tồn tại vào ngày 12/09/2025",
        ),
        (
            ["--year", "2023", "-a", "Sở Du lịch", "--received", "12/09/2023"],
            "Năm 2023 ngoài thời gian thực hiện",
        ),
        (["--year", "2025", "-a", "khong co ai", "--received", "12/09/2025"], "Không tìm thấy cơ quan"),
        (["--year", "2025", "-a", "Các Sở, ngành", "--received", "12/09/2025"], "là nhóm cơ quan"),
        (["--year", "2025", "-a", "Sở Y tế"], "cần --received NGÀY"),
    ],
)
def test_refusals_about_who_and_when(data: Path, args: list[str], message: str) -> None:
    before = snapshot(data)
    result = rec(data, *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert snapshot(data) == before


def test_consolidated(data: Path) -> None:
    result = rec(data, "--year", "2025", "--consolidated", "--sent", "24/09/2025", "--number", "12/BC-STC")
    assert result.exit_code == 0, result.stderr
    text = (data / "plan/reports/2025/consolidated.yaml").read_text(encoding="utf-8")
    assert "agency: so-tai-chinh\n" in text and "sent: 2025-09-24\n" in text
    status = run(["--data", str(data), "status", "-y", "2025", "--as-of", "2025-10-01", "-f", "json"])
    assert '"state": "on_time"' in status.stdout.split('"consolidated"')[1]


def test_concurrent_records_both_land(data: Path) -> None:
    env = {**os.environ, "KEHOACH_CACHE_DIR": "off"}
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "kehoach",
                "--data",
                str(data),
                "record",
                "--year",
                "2025",
                "-a",
                "Sở Văn hóa và Thể thao",
                "--received",
                "10/09/2025",
                "--task",
                str(task),
                "--status",
                "ongoing",
            ],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for task in (9, 10, 11, 13)
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.decode()
    text = (data / "plan/reports/2025/so-van-hoa-va-the-thao.yaml").read_text(encoding="utf-8")
    assert sorted(int(line.split(":")[1]) for line in text.splitlines() if line.startswith("  - task:")) == [
        9,
        10,
        11,
        13,
    ]
    assert not [
        p for p in (data / "plan/reports/2025").iterdir() if p.name.startswith(".")
    ]  # no temp files left


def test_a_commune_reports_and_is_counted(data: Path) -> None:
    done = rec(data, "-y", "2025", "--agency", "phường Hoàn Kiếm", "--received", "10/09/2025", "--task", "2")
    assert done.exit_code == 0, done.stderr
    assert (data / "plan/reports/2025/ubnd-phuong-hoan-kiem.yaml").exists()
    status = run(["--data", str(data), "status", "-y", "2025", "--as-of", "2025-10-01"])
    assert status.exit_code == 0
    assert "UBND phường (51 đơn vị)" in status.stdout
    table = run(["--data", str(data), "status", "-y", "2025", "--as-of", "2025-10-01", "-f", "md"]).stdout
    assert "Đúng hạn: 1 đơn vị; quá hạn: 50 đơn vị" in table  # units, never read as days
    one = run(["--data", str(data), "status", "-y", "2025", "-a", "P. Hoàn Kiếm", "--as-of", "2025-10-01"])
    assert "UBND phường Hoàn Kiếm" in one.stdout and "Đúng hạn" in one.stdout


# --- the yearly cycle: groups, dates, labels, clearing, ad-hoc reports ------------------


def test_each_task_opens_a_group_and_nothing_is_misfiled(data: Path) -> None:
    done = rec(
        data,
        *("-y", "2025", "-a", "Sở NN&MT", "--received", "14/09/2025"),
        *("--task", "8", "--status", "Thực hiện thường xuyên", "--result", "Kết quả 8"),
        *("--task", "18", "--status", "dang trien khai", "--result", "Kết quả 18"),
    )
    assert done.exit_code == 0, done.stderr
    text = (data / "plan/reports/2025/so-nong-nghiep-va-moi-truong.yaml").read_text(encoding="utf-8")
    assert (
        "  - task: 8\n    status: ongoing\n    results: Kết quả 8\n"
        "  - task: 18\n    status: in-progress\n    results: Kết quả 18\n"
    ) in text
    assert "Nhiệm vụ 8 – Tiến độ: (trống) → «Thực hiện thường xuyên»" in done.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--task", "8", "--status", "ongoing", "--status", "completed"], "--status được ghi nhiều lần"),
        (["--result", "x", "--task", "8"], "--result phải đứng sau --task"),
        (["--received", "1/9/2025", "--received", "2/9/2025"], "--received được ghi nhiều lần"),
        (["--ad-hoc", "Quý I"], "thiếu --dated"),
        (["--task", "8", "--status", "xong rồi"], "Tiến độ «xong rồi» không có"),
    ],
)
def test_a_value_is_never_silently_dropped(data: Path, args: list[str], message: str) -> None:
    before = snapshot(data)
    result = rec(data, "-y", "2025", "-a", "Sở NN&MT", "--received", "14/09/2025", *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert snapshot(data) == before


@pytest.mark.parametrize("typed", ["Đang triển khai", "ĐANG TRIỂN KHAI", "dang trien khai", "in-progress"])
def test_status_in_vietnamese_any_case(data: Path, typed: str) -> None:
    done = rec(
        data, "-y", "2025", "-a", "Sở Du lịch", "--received", "12/09/2025", "--task", "12", "--status", typed
    )
    assert done.exit_code == 0, done.stderr
    assert "status: in-progress" in (data / "plan/reports/2025/so-du-lich.yaml").read_text(encoding="utf-8")


def test_an_update_needs_no_received_and_a_field_can_be_cleared(data: Path) -> None:
    rec(data, "-y", "2025", "-a", "Sở Du lịch", "--received", "12/09/2025", "--task", "12", "--result", "Sai")
    added = rec(data, "-y", "2025", "-a", "Sở Du lịch", "--task", "14", "--status", "ongoing")
    assert added.exit_code == 0, added.stderr
    before = snapshot(data)
    refused = rec(data, "-y", "2025", "-a", "Sở Du lịch", "--task", "12", "--result", "")
    assert refused.exit_code == 2 and "«Sai» → (xóa)" in refused.stderr
    assert snapshot(data) == before
    cleared = rec(data, "-y", "2025", "-a", "Sở Du lịch", "--task", "12", "--result", "", "--force")
    assert "Nhiệm vụ 12 – Kết quả: «Sai» → (xóa)" in cleared.stdout
    text = (data / "plan/reports/2025/so-du-lich.yaml").read_text(encoding="utf-8")
    assert "Sai" not in text and "received: 2025-09-12" in text


@pytest.mark.parametrize(
    ("received", "message"),
    [("10/09/2024", "trước năm báo cáo 2025"), ("01/01/2099", "sau hôm nay")],
)
def test_unlikely_received_dates_need_force_and_a_reason(data: Path, received: str, message: str) -> None:
    base = ("-y", "2025", "-a", "Sở Y tế", "--received", received)
    before = snapshot(data)
    for extra in ((), ("--force",)):
        refused = rec(data, *base, *extra)
        assert refused.exit_code == 2 and message in refused.stderr
        assert "--reason" in refused.stderr
    assert snapshot(data) == before
    if received.endswith("2024"):
        done = rec(data, *base, "--force", "--reason", "Gửi sớm theo chỉ đạo")
        assert done.exit_code == 0, done.stderr
        text = (data / "plan/reports/2025/so-y-te.yaml").read_text(encoding="utf-8")
        assert "override: Gửi sớm theo chỉ đạo" in text
        assert run(["--data", str(data), "validate", "--strict"]).exit_code == 0


def test_the_consolidated_agency_can_be_corrected(data: Path) -> None:
    rec(data, "-y", "2025", "--consolidated", "-a", "Sở Du lịch", "--sent", "24/09/2025")
    path = data / "plan/reports/2025/consolidated.yaml"
    assert "agency: so-du-lich" in path.read_text(encoding="utf-8")
    fixed = rec(data, "-y", "2025", "--consolidated", "-a", "Sở Tài chính", "--force")
    assert fixed.exit_code == 0, fixed.stderr
    assert "Cơ quan: «so-du-lich» → «so-tai-chinh»" in fixed.stdout
    assert "agency: so-tai-chinh" in path.read_text(encoding="utf-8")


def test_notes_document_and_ad_hoc_reports(data: Path) -> None:
    done = rec(
        data,
        *("-y", "2025", "-a", "Sở Du lịch", "--document", "https://vanban.example/05", "--notes", "Bản giấy"),
        *("--ad-hoc", "Hợp tác du lịch quý I", "--dated", "01/04/2025", "--received", "03/04/2025"),
        *("--number", "12/BC-SDL"),
    )
    assert done.exit_code == 0, done.stderr
    text = (data / "plan/reports/2025/so-du-lich.yaml").read_text(encoding="utf-8")
    assert "received:" not in text.split("ad_hoc:")[0]  # only the ad-hoc report has arrived
    assert "document: https://vanban.example/05\nnotes: Bản giấy\n" in text
    assert (
        "ad_hoc:\n  - subject: Hợp tác du lịch quý I\n    dated: 2025-04-01\n    received: 2025-04-03\n"
        in text
    )
    assert run(["--data", str(data), "validate"]).exit_code == 0
    status = run(["--data", str(data), "status", "-y", "2025", "-a", "Sở Du lịch", "--as-of", "2025-10-01"])
    assert "Quá hạn" in status.stdout  # the yearly report itself has not arrived


def test_a_task_outside_the_agency_roles_is_a_warning(data: Path) -> None:
    done = rec(data, "-y", "2025", "-a", "Sở Y tế", "--received", "12/09/2025", "--task", "12")
    assert done.exit_code == 0, done.stderr
    assert "Cảnh báo: Sở Y tế không có vai trò trong nhiệm vụ 12" in done.stdout


def test_inside_git_the_summary_says_what_to_commit(data: Path) -> None:
    subprocess.run(["git", "init", "-q", str(data)], check=True)
    done = rec(data, "-y", "2025", "-a", "Sở Y tế", "--received", "12/09/2025")
    lines = done.stdout.splitlines()
    assert lines[-3] == "Thay đổi chưa được lưu vào lịch sử (git); hãy chạy:"
    assert lines[-2].startswith("  git add ") and lines[-2].endswith("plan/reports/2025/so-y-te.yaml")
    assert lines[-1] == '  git commit -m "Thêm báo cáo năm 2025 của Sở Y tế"'


def test_a_completion_is_dated_by_its_lead_and_checked(data: Path) -> None:
    """Issue 21: `--completed-on` (default: the report's received date), never before the plan's date,
    after the report was received, in the future, or for a task that is not completed."""
    done = rec(
        data,
        "-y",
        "2025",
        "-a",
        "Sở Du lịch",
        "--received",
        "12/09/2025",
        "--task",
        "12",
        "--status",
        "Đã hoàn thành",
    )
    assert done.exit_code == 0, done.stderr
    text = (data / "plan/reports/2025/so-du-lich.yaml").read_text(encoding="utf-8")
    assert "    status: completed\n    completed_on: 2025-09-12\n" in text
    assert "Ngày hoàn thành: (trống) → 12/09/2025" in done.stdout
    moved = rec(
        data, "-y", "2025", "-a", "Sở Du lịch", "--task", "12", "--completed-on", "30/08/2025", "--force"
    )
    assert moved.exit_code == 0, moved.stderr
    assert "completed_on: 2025-08-30" in (data / "plan/reports/2025/so-du-lich.yaml").read_text("utf-8")
    for args, message in (
        (["--task", "12", "--completed-on", "13/09/2025"], "sau ngày nhận báo cáo"),
        (["--task", "12", "--completed-on", "01/01/2020"], "trước ngày của Kế hoạch"),
        (
            ["--task", "14", "--status", "Đang triển khai", "--completed-on", "01/09/2025"],
            "chỉ ghi cho nhiệm vụ",
        ),
    ):
        refused = rec(data, "-y", "2025", "-a", "Sở Du lịch", *args, "--force")
        assert refused.exit_code == 2 and message in refused.stderr, (args, refused.stderr)
    future = rec(data, "-y", "2026", "-a", "Sở Du lịch", "--received", "01/01/2026", "--task", "12",
                 "--status", "completed", "--completed-on", "31/12/2999")  # fmt: skip
    assert future.exit_code == 2 and "sau hôm nay" in future.stderr
    reopened = rec(
        data, "-y", "2025", "-a", "Sở Du lịch", "--task", "12", "--status", "Đang triển khai", "--force"
    )
    assert reopened.exit_code == 0 and "Ngày hoàn thành: 30/08/2025 → (xóa)" in reopened.stdout, (
        reopened.stdout
    )
    assert "completed_on" not in (data / "plan/reports/2025/so-du-lich.yaml").read_text("utf-8")
    assert run(["--data", str(data), "validate"]).exit_code == 0

"""`kehoach record`: validated first, round-trip, atomic, never loses a change."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import DATA, build_tree, run

Tree = Callable[..., Path]


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A copy of the real plan to write reports into."""
    files = {
        f"plan/{n}": (DATA / "plan" / n).read_text(encoding="utf-8")
        for n in ("plan.yaml", "tasks.yaml", "agencies.yaml")
    }
    return build_tree(tmp_path / "data", files)


def snapshot(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def rec(root: Path, *args: str) -> object:
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
    assert first.exit_code == 0, first.stderr  # type: ignore[attr-defined]
    assert first.stdout == (  # type: ignore[attr-defined]
        "Đã tạo plan/reports/2025/so-du-lich.yaml:\n"
        "  received: (trống) → 12/09/2025\n"
        "  dated: (trống) → 10/09/2025\n"
        "  number: (trống) → «05/BC-SDL»\n"
        "  tasks[12].status: (trống) → «in-progress»\n"
        "  tasks[12].results: (trống) → «Kết quả: tốt & đủ»\n"
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
    )  # type: ignore[attr-defined]
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
    assert result.exit_code == 0  # type: ignore[attr-defined]
    after = path.read_text(encoding="utf-8")
    assert after.startswith(text)  # everything written by hand is untouched, new lines come after
    assert after[len(text) :] == (
        "tasks:\n  - task: 16\n    status: completed\n"
        "    difficulties: |-\n      Dòng một.\n      Dòng hai.\n"
    )


def test_different_value_needs_force(data: Path) -> None:
    rec(data, "--year", "2025", "-a", "Sở Y tế", "--received", "13/09/2025")
    before = snapshot(data)
    refused = rec(data, "--year", "2025", "-a", "Sở Y tế", "--received", "14/09/2025")
    assert refused.exit_code == 2  # type: ignore[attr-defined]
    assert "received: 13/09/2025 → 14/09/2025" in refused.stderr and "--force" in refused.stderr  # type: ignore[attr-defined]
    assert snapshot(data) == before
    forced = rec(data, "--year", "2025", "-a", "Sở Y tế", "--received", "14/09/2025", "--force")
    assert (
        forced.stdout == "Đã cập nhật plan/reports/2025/so-y-te.yaml:\n  received: 13/09/2025 → 14/09/2025\n"
    )  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--received", "31/09/2025"], "Ngày không tồn tại cho --received"),
        (["--received", "12/09/2025", "--dated", "hôm qua"], "Ngày không hợp lệ cho --dated"),
        (["--received", "12/09/2025", "--task", "19"], "Không có nhiệm vụ số 19"),
        (
            ["--received", "12/09/2025", "--task", "12", "--status", "done"],
            "Trạng thái «done» không có trong danh mục",
        ),
        (["--received", "12/09/2025", "--status", "completed"], "cần --task"),
        (["--received", "10/09/2025", "--dated", "12/09/2025"], "trước ngày văn bản 12/09/2025"),
    ],
)
def test_refusals_write_nothing(data: Path, args: list[str], message: str) -> None:
    before = snapshot(data)
    result = rec(data, "--year", "2025", "-a", "Sở Du lịch", *args)
    assert result.exit_code == 2  # type: ignore[attr-defined]
    assert message in result.stderr  # type: ignore[attr-defined]
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
        (["--year", "2025", "-a", "Sở Y tế"], "Thiếu --received"),
    ],
)
def test_refusals_about_who_and_when(data: Path, args: list[str], message: str) -> None:
    before = snapshot(data)
    result = rec(data, *args)
    assert result.exit_code == 2  # type: ignore[attr-defined]
    assert message in result.stderr  # type: ignore[attr-defined]
    assert snapshot(data) == before


def test_consolidated(data: Path) -> None:
    result = rec(data, "--year", "2025", "--consolidated", "--sent", "24/09/2025", "--number", "12/BC-STC")
    assert result.exit_code == 0, result.stderr  # type: ignore[attr-defined]
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
    assert done.exit_code == 0, done.stderr  # type: ignore[attr-defined]
    assert (data / "plan/reports/2025/ubnd-phuong-hoan-kiem.yaml").exists()
    status = run(["--data", str(data), "status", "-y", "2025", "--as-of", "2025-10-01"])
    assert status.exit_code == 0
    assert "UBND phường (51 đơn vị)" in status.stdout
    assert "Đúng hạn 1, quá hạn 50" in status.stdout
    one = run(["--data", str(data), "status", "-y", "2025", "-a", "P. Hoàn Kiếm", "--as-of", "2025-10-01"])
    assert "UBND phường Hoàn Kiếm" in one.stdout and "Đúng hạn" in one.stdout

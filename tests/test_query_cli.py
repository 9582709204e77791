"""The query commands end to end: golden output in every format, every error path."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import DATA as FROZEN
from conftest import run

DATA = ["--data", str(FROZEN)]
ON = ["--as-of", "2026-01-01"]
Golden = Callable[[str, str], None]

CASES = {
    "tasks-agency": ["tasks", "--agency", "Sở Du lịch", *ON],
    "tasks-agency-inherited": ["tasks", "--agency", "so ke hoach va dau tu", *ON],
    "tasks": ["tasks", *ON],
    "task-8": ["task", "8", *ON],
    "agencies": ["agencies", *ON],
    "agency": ["agency", "Sở Tài chính", *ON],
    "matrix": ["matrix", *ON],
}


@pytest.mark.parametrize("fmt", ["text", "json", "csv", "md"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_golden(case: str, fmt: str, golden: Golden) -> None:
    result = run([*DATA, *CASES[case], "--format", fmt])
    assert result.exit_code == 0, result.stderr
    ext = {"text": "txt", "json": "json", "csv": "csv", "md": "md"}[fmt]
    golden(f"{case}.{ext}", result.stdout)
    if fmt == "json":
        json.loads(result.stdout)


def test_tasks_json_contract() -> None:
    data = json.loads(run([*DATA, "tasks", "--agency", "Sở Tài chính", *ON, "-f", "json"]).stdout)
    assert data["schema_version"] == 1 and data["agency"]["id"] == "so-tai-chinh"
    assert [d["section"] for d in data["duties"]][-1] == "III.4"
    by_id = {task["id"]: task for task in data["tasks"]}
    assert set(by_id[2]) == {
        *("plan", "id", "sector", "content", "lead", "coordinators", "deadline", "due", "product", "related"),
        *("role", "scope", "via", "category", "completed_on"),
    }
    assert (by_id[2]["plan"], by_id[2]["category"]) == ("plan", "no_deadline")  # the one-plan layout's id
    assert (by_id[2]["deadline"], by_id[2]["due"]) == (None, None)  # this plan gives no task a deadline
    assert by_id[2]["lead"] == [
        {"id": "so-ke-hoach-va-dau-tu", "name": "Sở Kế hoạch và Đầu tư", "scope": None}
    ]
    assert by_id[2]["role"] == "lead"
    assert by_id[2]["via"] == {
        "kind": "predecessor",
        "id": "so-ke-hoach-va-dau-tu",
        "name": "Sở Kế hoạch và Đầu tư",
        "effective": "2025-03-01",
        "group": None,
    }
    assert by_id[4]["via"] is None
    assert by_id[5]["via"]["kind"] == "group"
    plain = json.loads(run([*DATA, "tasks", *ON, "-f", "json"]).stdout)
    assert list(plain) == ["schema_version", "tasks", "as_of", "unconfirmed"]
    assert [u["name"] for u in plain["unconfirmed"]] == [
        "Trung tâm Xúc tiến Đầu tư, Thương mại, Du lịch thành phố Hà Nội"
    ]
    assert len(plain["tasks"]) == 18 and "role" not in plain["tasks"][0]
    # issue 23: who carries an ended lead's work on the date, beside the lead as the plan names it
    two = next(t for t in plain["tasks"] if t["id"] == 2)
    assert two["lead"] == [
        {
            "id": "so-ke-hoach-va-dau-tu",
            "name": "Sở Kế hoạch và Đầu tư",
            "scope": None,
            "carried_by": [{"id": "so-tai-chinh", "name": "Sở Tài chính"}],
        }
    ]


def test_notes_go_to_stderr_for_machine_formats() -> None:
    result = run([*DATA, "tasks", "-a", "Sở KH&ĐT", *ON, "-f", "json"])
    assert result.stderr.startswith("Sở Kế hoạch và Đầu tư hợp nhất vào Sở Tài chính từ 01/03/2025")
    json.loads(result.stdout)


def test_csv_is_excel_ready() -> None:
    out = run([*DATA, "tasks", *ON, "-f", "csv"]).stdout
    # issue 23: a last column names the unconfirmed bodies each row mentions
    assert out.startswith("\ufeffTT,Lĩnh vực,Nội dung,Chủ trì,Phối hợp,Chưa xác nhận\r\n")


def test_options_filter() -> None:
    rows = json.loads(run([*DATA, "tasks", "-a", "Sở Du lịch", "--direct", *ON, "-f", "json"]).stdout)[
        "tasks"
    ]
    assert [t["id"] for t in rows] == [12, 14, 17]
    rows = json.loads(
        run([*DATA, "tasks", "-a", "Sở Du lịch", "--role", "phối hợp", *ON, "-f", "json"]).stdout
    )["tasks"]
    assert [t["id"] for t in rows] == [2, 3, 5]
    rows = json.loads(run([*DATA, "tasks", "--sector", "V", *ON, "-f", "json"]).stdout)["tasks"]
    assert [t["id"] for t in rows] == [15, 16, 17]
    rows = json.loads(run([*DATA, "tasks", "--role", "coordinator", *ON, "-f", "json"]).stdout)["tasks"]
    assert 1 not in [t["id"] for t in rows]
    listed = json.loads(
        run([*DATA, "agencies", "--kind", "district", "--as-of", "2025-06-30", "-f", "json"]).stdout
    )["agencies"]
    assert len(listed) == 30
    assert (
        json.loads(run([*DATA, "agencies", "--kind", "district", *ON, "-f", "json"]).stdout)["agencies"] == []
    )
    every = json.loads(run([*DATA, "agencies", "--kind", "district", "--all", *ON, "-f", "json"]).stdout)[
        "agencies"
    ]
    assert len(every) == 30 and not any(a["in_force"] for a in every)
    hcmc = json.loads(run([*DATA, "agencies", "--city", "hcmc", *ON, "-f", "json"]).stdout)["agencies"]
    assert [a["id"] for a in hcmc] == ["ban-thuong-vu-thanh-uy-tp-hcm"]


def test_agencies_sorted_in_vietnamese_order() -> None:
    names = [
        a["name"] for a in json.loads(run([*DATA, "agencies", "--all", *ON, "-f", "json"]).stdout)["agencies"]
    ]
    assert names.index("UBND huyện Đông Anh") > names.index("UBND huyện Đan Phượng")
    assert names.index("UBND huyện Đông Anh") < names.index("UBND huyện Gia Lâm")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["tasks", "--agency", "Sở Du lich va lu hanh"],
            "Lỗi: Không tìm thấy cơ quan «Sở Du lich va lu hanh».",
        ),
        (
            ["tasks", "--agency", "ban thuong vu", *ON],
            "Lỗi: «ban thuong vu» khớp với 2 cơ quan vào ngày 01/01/2026; hãy ghi rõ hơn:",
        ),
        (["tasks", "--as-of", "31/02/2025"], "Lỗi: Ngày không tồn tại cho --as-of: «31/02/2025»."),
        (["tasks", "--as-of", "hôm qua"], "Lỗi: Ngày không hợp lệ cho --as-of: «hôm qua»"),
        (["tasks", "--format", "pdf"], "Lỗi: Giá trị không hợp lệ cho --format: «pdf»."),
        (["tasks", "--role", "boss"], "Lỗi: Vai trò không hợp lệ: «boss»"),
        (["tasks", "--sector", "IX"], "Lỗi: Không có lĩnh vực «IX»"),
        (["tasks", "--direct"], "Lỗi: --direct chỉ dùng cùng --agency."),
        (["task", "99"], "Lỗi: Không có nhiệm vụ số 99; Kế hoạch có các nhiệm vụ 1–18."),
        (["task", "sáu"], "Lỗi: "),
        (
            ["agencies", "--kind", "ministry"],
            "Lỗi: Giá trị không hợp lệ cho --kind: «ministry». Chọn một trong:",
        ),
        (
            ["agencies", "--city", "hue"],
            "Lỗi: Giá trị không hợp lệ cho --city: «hue». Chọn một trong: hanoi, hcmc.",
        ),
        (["agency", "zzz qqq"], "Lỗi: Không tìm thấy cơ quan «zzz qqq»."),
        (["agency"], "Lỗi: Thiếu"),
    ],
)
def test_bad_usage_exits_two_with_a_message(args: list[str], message: str) -> None:
    result = run([*DATA, *args])
    assert result.exit_code == 2, result
    assert message in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_invalid_data_exits_one_and_points_to_validate(minimal: Callable[..., Path]) -> None:
    root = minimal(tasks=("  - agency: so-tai-chinh\n", "  - agency: so-tai-chnh\n"))
    result = run(["--data", str(root), "tasks"])
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "Lỗi: Dữ liệu kế hoạch có 1 lỗi nên chưa thể trả lời (đầu tiên: plan/tasks.yaml:18:"
    )
    assert "kehoach validate" in result.stderr


def test_cache_is_used_and_follows_content(minimal: Callable[..., Path], tmp_path: Path) -> None:
    root = minimal()
    first = run(["--data", str(root), "tasks", "-f", "json"])
    assert [t["id"] for t in json.loads(first.stdout)["tasks"]] == [1, 2]
    tasks = root / "plan/tasks.yaml"
    tasks.write_text(
        tasks.read_text(encoding="utf-8").replace("content: Nội dung hai.", "content: Nội dung 2."),
        encoding="utf-8",
    )
    second = json.loads(run(["--data", str(root), "tasks", "-f", "json"]).stdout)["tasks"]
    assert second[1]["content"] == "Nội dung 2."


def test_cache_off(minimal: Callable[..., Path]) -> None:
    result = run(["--data", str(minimal()), "tasks", "-f", "json"], env={"KEHOACH_CACHE_DIR": "off"})
    assert result.exit_code == 0


def complete(words: str) -> list[str]:
    """What Tab offers after `words` in bash: typer's completion, run by the script as the shell does."""
    typed = f"kehoach --data {FROZEN} {words}"
    env = {
        "_KEHOACH_COMPLETE": "complete_bash",
        "COMP_WORDS": typed,
        "COMP_CWORD": str(len(typed.split()) - 1),
    }
    return run([], env=env).stdout.splitlines()


def test_agency_completion() -> None:
    assert complete("tasks --agency so-du") == ["so-du-lich"]
    assert "so-van-hoa-va-the-thao" in complete("agency so-van")
    assert complete("tasks -f cs") == ["csv", "csv-semicolon"]
    assert complete("validate --check uni") == ["unique-ids", "unique-names"]

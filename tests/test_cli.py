"""The command line as a whole: help, start-up cost, and the README as its manual."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import DATA, ROOT, run
from kehoach.cli.app import app


def command_names() -> list[str]:
    return [c.name or (c.callback.__name__ if c.callback else "") for c in app.registered_commands]


def test_every_command_has_help_and_a_readme_section() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in app.registered_commands:
        assert command.callback is not None and command.callback.__doc__, command
    for name in command_names():
        assert f"kehoach {name}" in readme, f"README does not show `kehoach {name}`"


def test_help_is_vietnamese_and_lists_commands() -> None:
    result = run(["--help"])
    assert result.exit_code == 0
    assert "Tra cứu và kiểm tra Kế hoạch" in result.stdout
    for name in command_names():
        assert name in result.stdout


def test_no_arguments_shows_help_and_exits_two() -> None:
    result = run([])
    assert result.exit_code == 2


def test_version() -> None:
    result = run(["--version"])
    assert (result.exit_code, result.stdout.startswith("kehoach ")) == (0, True)


def test_pre_commit_hook_and_workflows() -> None:
    from kehoach.files import yamlread

    hooks = yamlread.load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hooks == [
        {
            "id": "kehoach-validate",
            "name": "kehoach validate",
            "description": hooks[0]["description"],
            "entry": "kehoach validate --format text",
            "language": "python",
            "pass_filenames": False,
            "files": "^plan/",
        }
    ]
    plan = yamlread.load((ROOT / ".github/workflows/plan.yml").read_text(encoding="utf-8"))
    steps = plan["jobs"]["validate"]["steps"]
    assert plan["permissions"] == {"contents": "read"} and plan["on"]["push"] == {"branches": ["main"]}
    assert steps[0]["with"]["path"] == "trusted" and "base_ref" in steps[0]["with"]["ref"]
    assert [s.get("run") for s in steps if "Install" in s.get("name", "")] == [
        "python -m pip install -c trusted/constraints.txt ./trusted"
    ]
    assert any("kehoach --data data validate --format github" in s.get("run", "") for s in steps)
    assert any(
        'kehoach --data data diff "origin/${BASE_REF}" HEAD --format md' in s.get("run", "") for s in steps
    )
    assert steps[2]["with"]["cache"] == "pip"
    reminder = (ROOT / ".github/workflows/reports-reminder.yml").read_text(encoding="utf-8")
    assert 'kehoach status --year "$year" --fail-on overdue' in reminder
    assert "0915" not in reminder and "60 days" in reminder


def test_check_names_are_the_checks() -> None:
    from kehoach.check.registry import CHECKS as implemented
    from kehoach.check.registry import MODULES
    from kehoach.cli.spec import SPEC
    from kehoach.problems import CHECKS as names
    from kehoach.problems import CODES

    assert names == ("schema", *implemented)
    assert [m.NAME for m in MODULES] == list(names[1:])  # each module is the check of its name
    assert {check for check, _, _ in CODES.values()} == {"syntax", *names}
    option = next(o for o in SPEC["commands"]["validate"]["options"] if o["dest"] == "check")
    assert option["choices"] == list(names) and ", ".join(names) in option["help"]


def test_readme_generated_blocks_are_current() -> None:
    from readme_blocks import README, expected

    text = README.read_text(encoding="utf-8")
    assert text == expected(text), "README.md's generated blocks are stale: run `make readme`"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["task", "sáu"], "Lỗi: Giá trị không hợp lệ cho SỐ: «sáu» không phải số nguyên."),
        (["agency"], "Lỗi: Thiếu CƠ_QUAN."),
        (["status"], "Lỗi: Thiếu --year."),
        (["tasks", "--agency"], "Lỗi: Tùy chọn --agency cần một giá trị."),
        (["khong-co-lenh"], "Lỗi: Không có lệnh «khong-co-lenh»"),
        (["task", "1", "2"], "Lỗi: Thừa tham số: 2."),
    ],
)
def test_usage_errors_in_vietnamese(args: list[str], message: str) -> None:
    result = run(["--data", str(DATA), *args])
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Usage:" not in result.stderr


def test_help_usage_line_is_vietnamese() -> None:
    result = run(["task", "--help"])
    assert result.exit_code == 0
    assert "Cách dùng: kehoach task [TÙY_CHỌN] SỐ" in result.stdout and "Usage:" not in result.stdout


def test_stdout_to_a_full_device_is_one_line_not_a_traceback() -> None:
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "kehoach", "--data", str(DATA), "tasks"],
            stdout=full,
            stderr=subprocess.PIPE,
            check=False,
        )
    assert done.returncode == 1
    assert done.stderr.decode().strip() == "Lỗi: Hết chỗ trên đĩa."

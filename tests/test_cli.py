"""The command line as a whole: help, start-up cost, and the README as its manual."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import DATA, ROOT, run
from kehoach.cli.app import app


def command_names() -> list[str]:
    return [c.name or (c.callback.__name__ if c.callback else "") for c in app.registered_commands]


def test_every_command_has_help_and_a_page_of_the_manual() -> None:
    for command in app.registered_commands:
        assert command.callback is not None and command.callback.__doc__, command
    pages = {
        page: page.read_text(encoding="utf-8")
        for page in (ROOT / "docs").rglob("*.md")
        if page.parent.name != "tham-khao"  # the generated reference names every command anyway
    }
    for name in command_names():
        shown = [
            page for page, text in pages.items() if f"$ kehoach {name}" in text or f"kehoach {name}`" in text
        ]
        assert shown, f"no page of the manual (docs/) shows `kehoach {name}`"


def test_help_is_vietnamese_and_lists_commands() -> None:
    result = run(["--help"])
    assert result.exit_code == 0
    assert "Sổ kế hoạch của UBND Thành phố Hà Nội" in result.stdout
    for name in command_names():
        assert name in result.stdout


def test_no_arguments_shows_help_and_exits_two() -> None:
    result = run([])
    assert result.exit_code == 2


def test_version() -> None:
    result = run(["--version"])
    assert (result.exit_code, result.stdout.startswith("kehoach ")) == (0, True)


def _runtime_closure() -> set[str]:
    """Every distribution kehoach needs at run time (its requirements, theirs, …; no extras)."""
    import importlib.metadata as md

    from packaging.requirements import Requirement

    found: set[str] = set()
    todo = ["kehoach"]
    while todo:
        for text in md.requires(todo.pop()) or []:
            req = Requirement(text)
            key = re.sub(r"[-_.]+", "-", req.name).lower()
            if (req.marker is None or req.marker.evaluate({"extra": ""})) and key not in found:
                found.add(key)
                todo.append(req.name)
    return found


def test_pre_commit_hook_installs_exactly_what_constraints_pin() -> None:
    from kehoach.files import yamlread

    hooks = yamlread.load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (hook,) = hooks
    assert {k: hook[k] for k in ("id", "entry", "language", "pass_filenames", "files")} == {
        "id": "kehoach-validate",
        "entry": "kehoach validate --format text",
        "language": "python",
        "pass_filenames": False,
        "files": "^plan/",
    }
    pins = {
        re.sub(r"[-_.]+", "-", line.split("==")[0]).lower(): line
        for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines()
        if "==" in line and not line.startswith("#")
    }
    assert sorted(hook["additional_dependencies"]) == sorted(pins[d] for d in _runtime_closure())


def _workflow(name: str) -> Any:
    from kehoach.files import yamlread

    return yamlread.load((ROOT / ".github" / "workflows" / name).read_text(encoding="utf-8"))


WORKFLOWS = ("plan.yml", "site.yml", "test.yml", "reports-reminder.yml")


@pytest.mark.parametrize("name", WORKFLOWS)
def test_workflows_pin_actions_by_commit_name_steps_in_vietnamese_and_read_only(name: str) -> None:
    workflow = _workflow(name)
    text = (ROOT / ".github" / "workflows" / name).read_text(encoding="utf-8")
    assert workflow["permissions"] == {"contents": "read"}
    assert re.search(r"[à-ỹÀ-Ỹ]", workflow["name"]), workflow["name"]  # the Actions page lists it by name
    for line in text.splitlines():
        if "uses:" in line:  # owner/action@<40 hex> # vX.Y.Z
            assert re.search(r"uses: [\w-]+/[\w-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$", line), line
    for job in workflow["jobs"].values():
        assert re.search(r"[à-ỹ]", job["name"]), job["name"]
        for step in job["steps"]:
            assert re.search(r"[à-ỹÀ-Ỹ]", step.get("name", "")), step
        if "permissions" in job:  # a write permission: only in a job that runs no code of the repository
            assert not any("checkout" in s.get("uses", "") or "pip" in s.get("run", "") for s in job["steps"])


def test_the_tests_run_on_every_pull_request_and_push_as_ci_runs_them() -> None:
    test = _workflow("test.yml")
    assert set(test["on"]) == {"pull_request", "push"} and test["on"]["pull_request"] is None
    job = test["jobs"]["test"]
    assert any(s.get("run") == "bash .ci/run" for s in job["steps"])
    assert (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().endswith("make test")


def test_a_windows_runner_installs_the_wheel_and_runs_kehoach() -> None:
    """Issue 26: the wheel installs on Windows without make and answers (validate, a query to a file)."""
    job = _workflow("test.yml")["jobs"]["windows"]
    assert job["runs-on"].startswith("windows")
    runs = " ".join(s.get("run", "") for s in job["steps"])
    assert "pip wheel" in runs and "dist\\*.whl" in runs and "make" not in runs
    assert "kehoach validate" in runs and "tasks --agency" in runs


@pytest.mark.parametrize(("name", "job"), [("plan.yml", "validate"), ("site.yml", "build")])
def test_pull_request_data_is_read_by_the_base_branchs_code(name: str, job: str) -> None:
    steps = _workflow(name)["jobs"][job]["steps"]
    assert steps[0]["with"]["path"] == "trusted" and "base_ref" in steps[0]["with"]["ref"]
    assert steps[1]["with"]["path"] == "data"
    installs = [s["run"] for s in steps if "pip install" in s.get("run", "")]
    extra = '"./trusted[docs]"' if name == "site.yml" else "./trusted"  # the site also builds the manual
    assert installs == [f"python -m pip install -c trusted/constraints.txt {extra}"]
    assert all("--data data" in s["run"] for s in steps if s.get("run", "").startswith("kehoach"))


def test_the_published_site_carries_the_manual_built_by_trusted_code() -> None:
    """Issue 26: the manual is built strictly from the trusted checkout, and the site links it."""
    runs = [s.get("run", "") for s in _workflow("site.yml")["jobs"]["build"]["steps"]]
    build = next(r for r in runs if r.startswith("mkdocs build"))
    assert "--strict" in build and "-f trusted/mkdocs.yml" in build and '-d "$PWD/huong-dan"' in build
    assert runs.index(build) < next(i for i, r in enumerate(runs) if r.startswith("kehoach --data data site"))
    assert any("site -o _site --manual huong-dan" in r for r in runs)


def test_plan_and_reminder_workflows_say_what_they_do() -> None:
    steps = _workflow("plan.yml")["jobs"]["validate"]["steps"]
    assert any("kehoach --data data validate --format github" in s.get("run", "") for s in steps)
    assert any(
        'kehoach --data data diff "origin/${BASE_REF}" HEAD --format md' in s.get("run", "") for s in steps
    )
    reminder = (ROOT / ".github/workflows/reports-reminder.yml").read_text(encoding="utf-8")
    assert 'kehoach status --plan "$plan" --year "$year" --fail-on overdue' in reminder
    assert "0915" not in reminder and "60 days" in reminder
    jobs = _workflow("reports-reminder.yml")["jobs"]
    assert jobs["keep-enabled"]["permissions"] == {"actions": "write"} and "permissions" not in jobs["status"]


def test_the_reminder_checks_every_plan_of_the_register(tmp_path: Path) -> None:
    """The reminder's own script, run on the three-plan register: every plan's status in the summary,
    and a failure because reports are overdue."""
    import os
    import subprocess
    import sys

    from conftest import REGISTER

    step = next(
        s
        for s in _workflow("reports-reminder.yml")["jobs"]["status"]["steps"]
        if "--fail-on" in s.get("run", "")
    )
    summary = tmp_path / "summary.md"
    env = {**os.environ, "KEHOACH_DATA": str(REGISTER), "GITHUB_STEP_SUMMARY": str(summary)}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}"
    env["KEHOACH_CACHE_DIR"] = "off"
    done = subprocess.run(
        ["bash", "-e", "-c", step["run"]], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 1, done.stderr  # this year's reports of the cooperation plan are overdue
    text = summary.read_text(encoding="utf-8")
    assert text.count("Tình hình báo cáo năm") >= 2  # more than one plan reported on


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


def test_manual_generated_blocks_are_current() -> None:
    from manual_blocks import BLOCKS, expected

    for page in BLOCKS:
        text = page.read_text(encoding="utf-8")
        assert text == expected(page, text), f"{page.name}: generated blocks are stale: run `make manual`"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["task", "sáu"], "Lỗi: «sáu» không phải một nhiệm vụ: ghi số thứ tự (ví dụ 5) hoặc MÃ_KẾ_HOẠCH#SỐ"),
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


@pytest.mark.parametrize("encoding", ["cp1252", "ascii"])
def test_output_to_a_file_on_windows_is_utf8_not_a_traceback(encoding: str) -> None:
    """On Windows, output sent to a file or a pipe is in the ANSI code page, which has no "ệ": kehoach
    writes UTF-8 there instead of failing (simulated with PYTHONIOENCODING)."""
    import os

    env = {**os.environ, "PYTHONIOENCODING": encoding}
    script = Path(sys.executable).parent / "kehoach"
    answer = subprocess.run(
        [str(script), "--data", str(DATA), "tasks", "--agency", "Sở Du lịch", "--as-of", "01/01/2026"],
        capture_output=True,
        env=env,
        check=False,
    )
    assert answer.returncode == 0, answer.stderr.decode("utf-8", "replace")
    assert answer.stdout.decode("utf-8").startswith("Nhiệm vụ của Sở Du lịch")
    refused = subprocess.run(
        [str(script), "--data", str(DATA), "tasks", "--agency", "Sở Ngoại giao"], capture_output=True, env=env
    )
    assert refused.returncode == 2 and "Traceback" not in refused.stderr.decode("utf-8")
    assert "Sở Ngoại giao" in refused.stderr.decode("utf-8")

"""The one command-line parser: declared in typer, parses every command without it, in Vietnamese."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import DATA, ROOT, Run, run
from kehoach.cli import dispatch
from kehoach.cli.app import spec_source
from kehoach.cli.spec import SPEC


def test_spec_is_the_typer_apps() -> None:
    committed = (ROOT / "src" / "kehoach" / "cli" / "spec.py").read_text(encoding="utf-8")
    assert committed == spec_source(), "cli/spec.py is stale: run `make spec`"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["taks"], "Không có lệnh «taks». Có phải ý bạn là: tasks"),
        (
            ["tasks", "--agancy", "x"],
            "Không có tùy chọn --agancy của lệnh tasks. Có phải ý bạn là: --agency?",
        ),
        (["tasks", "-a", "A", "--agency", "B"], "Tùy chọn --agency được ghi nhiều lần («A», «B»)"),
        (["status", "-y", "2025", "-y", "2024"], "Tùy chọn -y được ghi nhiều lần («2025», «2024»)"),
        (
            ["record", "-y", "2025", "-a", "x", "--received", "1/9/2025", "--received", "2/9/2025"],
            "ghi nhiều lần",
        ),
        (["tasks", "--direct=yes"], "Tùy chọn --direct không nhận giá trị."),
        (["tasks", "--data", "x"], "--data là tùy chọn chung, ghi trước tên lệnh"),
        (["status", "-y", "năm nay"], "Giá trị không hợp lệ cho -y: «năm nay» không phải số nguyên."),
    ],
)
def test_usage_errors_are_one_vietnamese_line(args: list[str], message: str) -> None:
    result = run(args)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1].startswith("Lỗi: ") and message in result.stderr
    assert result.stderr.splitlines()[0].startswith("Cách dùng: kehoach")


@pytest.mark.parametrize("command", [None, *SPEC["commands"]])
def test_every_help_page_is_vietnamese(command: str | None) -> None:
    result = run([command, "--help"] if command else ["--help"])
    assert result.exit_code == 0
    assert result.stdout.startswith("Cách dùng: kehoach")
    for english in ("Usage", "OPTIONS", "COMMAND", "ARGS", "Options", "[default", "<int>", "TEXT", "INTEGER"):
        assert english not in result.stdout, english


QUERIES = [
    ["tasks", "--agency", "Sở Du lịch"],
    ["task", "12"],
    ["agencies"],
    ["agency", "Sở Du lịch"],
    ["matrix"],
    ["status", "--year", "2025"],
    ["--help"],
    ["status", "--help"],
]


@pytest.mark.parametrize("args", QUERIES, ids=lambda a: " ".join(a))
def test_queries_and_help_load_no_heavy_module(args: list[str]) -> None:
    """Start-up is most of a query (issue 20: within 4x python -c pass): `typing` costs ~15 ms and `re`
    with `json` ~13 ms, so the modules a query runs take NamedTuple from kehoach.tuples, read the cache
    with json's C scanner and find control characters with a set; the rest loads on demand. Help pages
    wrap text with textwrap, which needs `re`."""
    heavy = ["typer", "click", "pydantic", "ruamel.yaml", "jinja2", "rapidfuzz", "docxtpl", "openpyxl"]
    heavy += ["typing", "dataclasses", "pathlib", "csv", "contextlib", "hashlib", "difflib"]
    if "--help" not in args:
        heavy += ["re", "json", "enum", "textwrap"]
    code = (
        "import sys\n"
        "from kehoach.cli.entry import main\n"
        f"try:\n    main({['--data', str(DATA), *args]!r})\nexcept SystemExit as exc:\n    code = exc.code\n"
        f"print(code, [m for m in {heavy!r} if m in sys.modules], file=sys.stderr)\n"
    )
    # `make coverage` starts coverage.py in every subprocess: not what a user's query imports
    env = {k: v for k, v in os.environ.items() if not k.startswith("COVERAGE")}
    warm = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )  # fills the cache
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    # a first question with the plans cached: computed and remembered (check/answers.py keys by the
    # environment), not replayed — the path of most questions, which must not import them either
    first = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**env, "KEHOACH_RUN": "1"},
    )
    assert warm.stderr.splitlines()[-1].startswith("0 ")
    assert done.stderr.splitlines()[-1] == "0 []"
    assert first.stderr.splitlines()[-1] == "0 []"


def test_completion_is_told_apart(monkeypatch: pytest.MonkeyPatch) -> None:
    assert not dispatch.is_completion(["tasks"])
    assert dispatch.is_completion(["--show-completion"])
    monkeypatch.setenv("_KEHOACH_COMPLETE", "complete_bash")
    assert dispatch.is_completion(["tasks"])


COMMANDS = SPEC["commands"]


def _required(command: str) -> list[str]:
    """The least a command needs to get past its own required options and arguments."""
    words = []
    for option in COMMANDS[command]["options"]:
        if option["required"]:
            words += [option["names"][0], "2025" if option["int"] else "x.ics"]
    for argument in COMMANDS[command]["arguments"]:
        if argument["required"]:
            words.append("1" if argument["int"] else "x")
    return words


def _same_shape(result: Run, command: str | None) -> None:
    """Exit 2; the usage line, where to read more, and one `Lỗi:` line, all Vietnamese (no click or typer)."""
    lines = result.stderr.splitlines()
    assert result.exit_code == 2, result
    assert lines[0].startswith(f"Cách dùng: kehoach {command or ''}".rstrip()), lines
    assert lines[1] == f"Xem: kehoach {command + ' ' if command else ''}--help"
    assert len(lines) == 3 and lines[2].startswith("Lỗi: "), lines
    for english in ("Usage", "Error", "Invalid value", "Missing", "No such", "is a file", "does not exist"):
        assert english not in result.stderr, english


@pytest.mark.parametrize("command", list(COMMANDS))
def test_every_command_refuses_bad_usage_in_one_shape(command: str, tmp_path: Path) -> None:
    spec = COMMANDS[command]
    _same_shape(run([command, *_required(command), "--khong-co"]), command)
    if any(o["required"] for o in spec["options"]) or any(a["required"] for a in spec["arguments"]):
        _same_shape(run([command]), command)
    for option in spec["options"]:
        if option["choices"]:
            _same_shape(run([command, *_required(command), option["names"][0], "khong-co"]), command)
        if option["path"] and not option["path"]["file"]:
            a_file = tmp_path / "tep.txt"
            a_file.write_text("x", encoding="utf-8")
            result = run([command, *_required(command), option["names"][0], str(a_file)])
            _same_shape(result, command)
            assert "là một tệp; cần một thư mục" in result.stderr
    result = run(["--data", str(ROOT / "README.md"), command, *_required(command)])
    _same_shape(result, None)
    assert "«" + str(ROOT / "README.md") + "» là một tệp; cần một thư mục." in result.stderr
    result = run([command, *_required(command)], env={"KEHOACH_DATA": str(ROOT / "README.md")})
    assert "--data (biến môi trường KEHOACH_DATA)" in result.stderr and result.exit_code == 2


def test_record_groups_follow_their_opener() -> None:
    parsed = dispatch.parse(
        [
            "record",
            "-y",
            "2025",
            "-a",
            "x",
            "--received",
            "1/9/2025",
            "--task",
            "8",
            "--status",
            "ongoing",
            "--task",
            "18",
            "--result",
            "r",
            "--ad-hoc",
            "Hội nghị",
            "--dated",
            "2/3/2025",
        ]
    )
    assert parsed.options["received"] == "1/9/2025" and parsed.options["dated"] is None
    assert parsed.options["task"] == [{"task": 8, "status_key": "ongoing"}, {"task": 18, "result": "r"}]
    assert parsed.options["ad_hoc"] == [{"ad_hoc": "Hội nghị", "dated": "2/3/2025"}]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--status", "ongoing"], "Lỗi: --status phải đứng sau --task (nhóm mà nó thuộc về)."),
        (["--task", "1", "--result", "a", "--result", "b"], "--result được ghi nhiều lần cho nhiệm vụ 1"),
        (
            ["--ad-hoc", "Hội nghị Ba Đình"],
            "Lỗi: Báo cáo đột xuất «Hội nghị Ba Đình»: thiếu --dated sau --ad-hoc.",
        ),
        (["--task", "một"], "Lỗi: Giá trị không hợp lệ cho --task: «một» không phải số nguyên."),
    ],
)
def test_record_groups_refused(args: list[str], message: str) -> None:
    result = run(["record", "-y", "2025", "-a", "x", *args])
    _same_shape(result, "record")
    assert message in result.stderr


def test_nothing_below_the_entry_point_exits() -> None:
    """Errors are values: only cli/entry.py ends the process (and cli/app.py never runs a command)."""
    found = []
    for path in sorted((ROOT / "src" / "kehoach").rglob("*.py")):
        if path.name == "entry.py" and path.parent.name == "cli":
            continue
        text = path.read_text(encoding="utf-8")
        for word in ("sys.exit", "SystemExit", "os._exit", "typer.Exit", "raise Exit"):
            if word in text:
                found.append(f"{path.relative_to(ROOT)}: {word}")
    assert found == []

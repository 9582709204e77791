"""Input from people who may mean harm: nothing in the data, its templates or its folder runs,
leaks, escapes the data folder, hangs or drives a terminal or a CI log."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from conftest import DATA, Run, run

PAYLOAD = "{{ cycler.__init__.__globals__.os.system('touch PWNED') }}"
ARGS = ["report", "--year", "2025", "--as-of", "2025-10-01"]


def _data_copy(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    shutil.copytree(DATA / "plan", root / "plan")
    return root


def test_a_data_folders_templates_are_never_picked_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _data_copy(tmp_path)
    (root / "templates").mkdir()
    (root / "templates" / "report.md.j2").write_text(PAYLOAD, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run(["--data", str(root), *ARGS])
    assert result.exit_code == 0 and "BÁO CÁO" in result.stdout
    assert not (tmp_path / "PWNED").exists()


@pytest.mark.parametrize("kind", ["md", "docx"])
def test_a_named_template_cannot_run_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str) -> None:
    monkeypatch.chdir(tmp_path)
    if kind == "md":
        template = tmp_path / "mau.md.j2"
        template.write_text(PAYLOAD, encoding="utf-8")
    else:
        template = tmp_path / "mau.docx"
        document = Document()
        document.add_paragraph(PAYLOAD)
        document.save(str(template))
    out = tmp_path / f"ra.{kind}"
    result = run(["--data", str(DATA), *ARGS, "--template", str(template), "-o", str(out)])
    assert result.exit_code == 1
    assert "thao tác không được phép" in result.stderr
    assert not (tmp_path / "PWNED").exists() and not out.exists()


def test_a_named_template_cannot_include_other_files(tmp_path: Path) -> None:
    template = tmp_path / "mau.md.j2"
    (tmp_path / "secret.txt").write_text("BÍ MẬT", encoding="utf-8")
    template.write_text('{% include "secret.txt" %}', encoding="utf-8")
    result = run(["--data", str(DATA), *ARGS, "--template", str(template)])
    assert result.exit_code == 1 and "BÍ MẬT" not in result.stdout + result.stderr


def test_a_macro_enabled_or_broken_docx_template_is_refused(tmp_path: Path) -> None:
    import zipfile

    fake = tmp_path / "mau.docx"
    fake.write_bytes(b"not a zip")
    assert "không phải tệp Word" in run(["--data", str(DATA), *ARGS, "--template", str(fake)]).stderr
    macro = tmp_path / "macro.docx"
    with zipfile.ZipFile(macro, "w") as archive:
        archive.writestr("word/vbaProject.bin", b"x")
    assert "có macro" in run(["--data", str(DATA), *ARGS, "--template", str(macro)]).stderr


def test_git_never_runs_a_program_the_data_folders_config_names(tmp_path: Path) -> None:
    import subprocess

    repo = _data_copy(tmp_path)

    def git(*args: str, stdin: bytes | None = None) -> str:
        done = subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-C", str(repo), *args],
            input=stdin,
            capture_output=True,
            check=True,
        )
        return done.stdout.decode().strip()

    git("init", "-q")
    git("add", "-A")
    git("commit", "-qm", "init")
    tree = git("rev-parse", "HEAD^{tree}")
    signed = (
        f"tree {tree}\nauthor t <t@t> 1700000000 +0000\ncommitter t <t@t> 1700000000 +0000\n"
        "gpgsig -----BEGIN PGP SIGNATURE-----\n \n AAAA\n -----END PGP SIGNATURE-----\n\nsigned\n"
    )
    commit = git("hash-object", "-t", "commit", "-w", "--stdin", stdin=signed.encode())
    git("update-ref", "HEAD", commit)
    evil = tmp_path / "evil.sh"
    evil.write_text(f"#!/bin/sh\ntouch {tmp_path / 'PWNED'}\n", encoding="utf-8")
    evil.chmod(0o755)
    for setting in (
        "log.showSignature true",
        f"gpg.program {evil}",
        f"core.fsmonitor {evil}",
        f"core.pager {evil}",
    ):
        git("config", *setting.split(" ", 1))
    for args in (["history", "--task", "2"], ["--rev", "HEAD", "tasks"], ["diff", "HEAD", "HEAD"]):
        run(["--data", str(repo), *args])
    assert not (tmp_path / "PWNED").exists()


INJECTION = "x\n::error file=a::fake\n::add-mask::secret\n::stop-commands::token ##[warning]w\x1b[2J"


@pytest.mark.parametrize("fmt", ["github", "text"])
def test_no_line_can_start_a_workflow_command(minimal: Callable[..., Path], fmt: str) -> None:
    import kehoach.check.registry  # noqa: F401  (the codes' severities, also when this test runs alone)
    from kehoach.problems import Problem
    from kehoach.show.problems import render

    problem = Problem("unknown-agency", "plan/tasks.yaml\n::warning::x", INJECTION, (), 3, 4)
    text = render([problem], fmt, valid=False)
    for line in text.splitlines():
        if fmt == "github" and line.startswith("::error file=plan/tasks.yaml"):
            # the annotation itself: its properties and data escaped, so it stays one command
            assert line.startswith("::error file=plan/tasks.yaml%0A%3A%3Awarning%3A%3Ax,line=3,col=4,")
            continue
        assert not line.lstrip().startswith("::"), line
        assert "##[" not in line and "\x1b" not in line, line


COMMAND_TEXT = "Nội dung một.\\n::error file=a::fake\\n  ::stop-commands::t ##[warning]w"
QUERIES = [
    ["task", "1"],
    ["tasks"],
    ["tasks", "--agency", "Sở Kế hoạch và Đầu tư", "--as-of", "01/01/2025"],
    ["tasks", "--agency", "Sở Tài chính"],
    ["matrix"],
    ["status", "--year", "2024", "--tasks"],
]


@pytest.mark.parametrize("fmt", ["text", "json", "csv", "md"])
@pytest.mark.parametrize("query", QUERIES, ids=lambda q: "-".join(q[:2]))
def test_query_output_cannot_drive_the_log_in_any_format(
    minimal: Callable[..., Path], query: list[str], fmt: str
) -> None:
    """A task text that validate accepts, with lines that would be workflow commands (issue 24)."""
    root = minimal(tasks=("content: Nội dung một.", f'content: "{COMMAND_TEXT}"'))
    assert _validate(root).exit_code == 0
    result = run(["--data", str(root), *query, "--format", fmt])
    assert result.exit_code == 0, result.stderr
    shown = query[0] not in ("matrix", "status") and (query[0], fmt) != ("task", "csv")  # csv: agencies only
    assert "fake" in result.stdout + result.stderr or not shown
    for line in (result.stdout + result.stderr).splitlines():
        assert not line.lstrip().startswith("::"), line
        assert "##[" not in line, line
    if fmt == "json" and query[0] == "task":  # escaped with the same meaning: the data comes back whole
        assert json.loads(result.stdout)["content"] == COMMAND_TEXT.replace("\\n", "\n")


def test_every_line_reaches_the_terminal_through_one_layer() -> None:
    """terminal.py is the only writer of stdout and stderr in src/ (issue 24)."""
    src = Path(__file__).resolve().parent.parent / "src" / "kehoach"
    writers = re.compile(r"sys\.(stdout|stderr)\.write|\bprint\(|typer\.echo|console\.print")
    found = [
        f"{path.relative_to(src)}:{n}"
        for path in src.rglob("*.py")
        if path.name != "terminal.py"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if writers.search(line)
    ]
    assert found == []


def test_an_error_message_cannot_drive_the_log() -> None:
    result = run(["tasks", "--agency", "x\n::add-mask::y ##[error]z"])
    assert result.exit_code == 2
    for line in result.stderr.splitlines():
        assert not line.lstrip().startswith("::") and "##[" not in line


# --- files that are not what they seem -------------------------------------------------

TOKEN = "ghp_0123456789abcdefghijklmnopqrstuvwxyzAB"


def _validate(root: Path) -> Run:
    return run(["--data", str(root), "validate", "-f", "text"])


def test_a_link_to_a_secret_outside_is_refused_without_quoting_it(tmp_path: Path) -> None:
    root = _data_copy(tmp_path)
    secret = tmp_path / ".env"
    secret.write_text(f"TOKEN={TOKEN}\n", encoding="utf-8")
    (root / "plan" / "tasks.yaml").unlink()
    (root / "plan" / "tasks.yaml").symlink_to(secret)
    for args in (["validate", "-f", "github"], ["tasks"], ["validate", "-f", "json"]):
        result = run(["--data", str(root), *args], {"GITHUB_ACTIONS": "true"})
        assert result.exit_code == 1
        said = result.stdout + result.stderr
        assert TOKEN not in said
        assert "outside-data-folder" in said or "ngoài thư mục dữ liệu" in said


@pytest.mark.parametrize("target", ["/dev/zero", "/etc/passwd"])
def test_a_link_to_a_system_file_is_refused_at_once(tmp_path: Path, target: str) -> None:
    root = _data_copy(tmp_path)
    (root / "plan" / "agencies.yaml").unlink()
    (root / "plan" / "agencies.yaml").symlink_to(target)
    result = _validate(root)
    assert result.exit_code == 1
    assert "outside-data-folder" in result.stdout and "root:" not in result.stdout


def test_a_fifo_or_a_folder_is_not_a_file_and_does_not_hang(tmp_path: Path) -> None:
    import os

    root = _data_copy(tmp_path)
    (root / "plan" / "tasks.yaml").unlink()
    os.mkfifo(root / "plan" / "tasks.yaml")
    (root / "plan" / "plan.yaml").unlink()
    (root / "plan" / "plan.yaml").mkdir()
    result = _validate(root)
    assert result.exit_code == 1
    assert result.stdout.count("not-a-file") == 2
    assert run(["--data", str(root), "tasks"]).exit_code == 1


def test_a_linked_reports_folder_is_refused_and_record_never_writes_outside(tmp_path: Path) -> None:
    root = _data_copy(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    (root / "plan" / "reports").mkdir(exist_ok=True)
    (root / "plan" / "reports" / "2025").symlink_to(outside, target_is_directory=True)
    result = _validate(root)
    assert result.exit_code == 1 and "not-a-file" in result.stdout
    recorded = run(
        ["--data", str(root), "record", "-y", "2025", "-a", "Sở Du lịch", "--received", "10/09/2025"]
    )
    assert recorded.exit_code != 0 and list(outside.iterdir()) == []


def test_an_unreadable_reports_folder_is_a_problem_not_silence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    root = _data_copy(tmp_path)
    year = root / "plan" / "reports" / "2025"
    year.mkdir(parents=True)
    real_scandir = os.scandir

    def scandir(path: str = ".") -> Any:
        if str(path) == str(year):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    result = _validate(root)
    assert result.exit_code == 1 and "unreadable-file" in result.stdout


def test_record_never_writes_through_a_link_out_of_the_data_folder(tmp_path: Path) -> None:
    root = _data_copy(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    shutil.rmtree(root / "plan" / "reports")
    (root / "plan" / "reports").symlink_to(outside, target_is_directory=True)
    result = run(
        ["--data", str(root), "record", "-y", "2025", "-a", "Sở Du lịch", "--received", "10/09/2025"]
    )
    assert result.exit_code == 2 and "liên kết ra ngoài thư mục dữ liệu" in result.stderr
    assert list(outside.iterdir()) == []


@pytest.mark.parametrize(
    "text",
    ['"a\\e[2Jb"', "a\u202eb", '"a\\u0085b"', '"\\e]8;;http://x\\e\\\\y"', '"a\\u2028b"', '"a\\u2029b"'],
)
def test_control_characters_in_data_are_errors(minimal: Callable[..., Path], text: str) -> None:
    root = minimal(tasks=("content: Nội dung một.", f"content: {text}"))
    result = _validate(root)
    assert result.exit_code == 1 and "control-character" in result.stdout
    assert "\x1b" not in result.stdout and "\u202e" not in result.stdout


def test_a_leap_day_deadline_is_a_validation_error(minimal: Callable[..., Path]) -> None:
    root = minimal(plan=("due: {month: 9, day: 15}", "due: {month: 2, day: 29}"))
    result = _validate(root)
    assert result.exit_code == 1 and "29/2 không có trong mọi năm" in result.stdout


def test_an_integer_of_5000_digits_is_a_problem(minimal: Callable[..., Path]) -> None:
    root = minimal(tasks=("  - id: 2", "  - id: " + "9" * 5000))
    result = _validate(root)
    assert result.exit_code == 1 and "số quá dài (5000 chữ số)" in result.stdout


def test_csv_cells_with_spaces_before_a_formula_are_neutralised() -> None:
    from kehoach.escape import safe_cell

    assert safe_cell(" =HYPERLINK(1)") == "' =HYPERLINK(1)" and safe_cell("\u00a0@x") == "'\u00a0@x"
    assert safe_cell("Sở Du lịch") == "Sở Du lịch"


# --- writing: nothing lost, nothing left behind ------------------------------------------


def _record(root: Path, *extra: str) -> Run:
    return run(
        ["--data", str(root), "record", "-y", "2025", "-a", "Sở Du lịch", "--received", "10/09/2025", *extra]
    )


def test_record_keeps_crlf_and_bom(tmp_path: Path) -> None:
    root = _data_copy(tmp_path)
    assert _record(root, "--number", "01/BC").exit_code == 0
    path = root / "plan/reports/2025/so-du-lich.yaml"
    original = path.read_bytes()
    path.write_bytes(b"\xef\xbb\xbf" + original.replace(b"\n", b"\r\n"))
    assert _record(root, "--task", "12", "--status", "ongoing").exit_code == 0
    after = path.read_bytes()
    assert after.startswith(b"\xef\xbb\xbf") and after.count(b"\r\n") == after.count(b"\n")
    assert b"status: ongoing" in after


@pytest.mark.parametrize("text", ["a\u0085b", "a\x1b[2Jb", "a\u2028b", "a\u202eb"])
def test_record_refuses_control_characters(tmp_path: Path, text: str) -> None:
    root = _data_copy(tmp_path)
    result = _record(root, "--task", "12", "--result", text)
    assert result.exit_code == 2 and "ký tự điều khiển" in result.stderr
    assert not (root / "plan/reports/2025").exists()


def test_record_on_a_read_only_folder_or_full_disk_loses_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    root = _data_copy(tmp_path)
    assert _record(root, "--number", "01/BC").exit_code == 0
    path = root / "plan/reports/2025/so-du-lich.yaml"
    before = path.read_bytes()

    def full(fd: int, data: bytes) -> int:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", lambda fd: full(fd, b""))
    result = _record(root, "--number", "02/BC", "--force")
    assert result.exit_code == 1
    assert result.stderr.strip().endswith("hết chỗ trên đĩa; tệp cũ (nếu có) vẫn nguyên vẹn.")
    assert path.read_bytes() == before
    assert [p.name for p in path.parent.iterdir()] == ["so-du-lich.yaml"]  # no temporary file left
    monkeypatch.undo()
    stale = path.parent / ".so-du-lich.yaml.abc123.tmp"
    stale.write_text("nửa chừng", encoding="utf-8")
    os.utime(stale, (1, 1))
    assert _record(root, "--number", "03/BC", "--force").exit_code == 0
    assert not stale.exists()


def test_output_to_a_folder_or_a_device(tmp_path: Path) -> None:
    folder = run(["--data", str(DATA), *ARGS, "-f", "md", "-o", str(tmp_path)])
    assert folder.exit_code == 2 and "là một thư mục" in folder.stderr
    null = run(["--data", str(DATA), *ARGS, "-f", "md", "-o", "/dev/null"])
    assert null.exit_code == 0
    from pathlib import Path as P

    assert P("/dev/null").is_char_device()
    full = run(["--data", str(DATA), *ARGS, "-f", "md", "-o", "/dev/full"])
    assert full.exit_code == 1 and "hết chỗ trên đĩa" in full.stderr and P("/dev/full").is_char_device()


# --- small files that would exhaust time or memory ---------------------------------------


def test_a_bracket_bomb_is_refused_by_depth(tmp_path: Path) -> None:
    root = _data_copy(tmp_path)
    depth = 40_000  # 80 KB: took 68 s and 7.7 GB when positions were computed for every level
    (root / "plan" / "tasks.yaml").write_text("sectors: " + "[" * depth + "]" * depth + "\ntasks: []\n")
    result = _validate(root)
    assert result.exit_code == 1 and "yaml-too-deep" in result.stdout


def test_thousands_of_unknown_references_are_each_reported(tmp_path: Path) -> None:
    root = _data_copy(tmp_path)
    tasks = (root / "plan" / "tasks.yaml").read_text(encoding="utf-8")
    head = tasks[: tasks.index("\ntasks:")]
    body = "".join(
        f"  - id: {n}\n    sector: I\n    content: Nội dung.\n    lead:\n      - agency: khong-co-{n}\n"
        for n in range(1, 3001)
    )
    (root / "plan" / "tasks.yaml").write_text(f"{head}\ntasks:\n{body}", encoding="utf-8")
    result = _validate(root)
    assert result.stdout.count("error[unknown-agency]") == 3000


# --- any bytes at all ---------------------------------------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

FILES = ["plan/plan.yaml", "plan/tasks.yaml", "plan/agencies.yaml", "plan/reports/2025/so-du-lich.yaml"]
_YAML_BITS = st.sampled_from(
    [
        b"a: 1\n",
        b"- x\n",
        b"[",
        b"{",
        b"]",
        b"}",
        b"&a ",
        b"*a",
        b"!!python/object ",
        b"\t",
        b"\xff",
        b"\xef\xbb\xbf",
        b"\x00",
        b"\x1b[2J",
        b": ",
        b"'",
        b'"',
        b"\n",
        b"  ",
        b"id: 1\n",
        b"tasks:\n",
        b"9" * 40,
        b"2025-02-29",
    ]
)


# derandomize: the same examples on every run, so that CI is not red by chance; run with
# --hypothesis-seed=N and a larger max_examples by hand to search further.
@settings(max_examples=60, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.sampled_from(FILES),
    st.one_of(st.binary(max_size=300), st.lists(_YAML_BITS, max_size=40).map(b"".join)),
)
def test_arbitrary_bytes_give_problems_or_a_clean_exit(
    tmp_path_factory: pytest.TempPathFactory, name: str, data: bytes
) -> None:
    root = tmp_path_factory.mktemp("fuzz")
    shutil.copytree(DATA / "plan", root / "plan", dirs_exist_ok=True)
    (root / name).parent.mkdir(parents=True, exist_ok=True)
    (root / name).write_bytes(data)
    for args in (["validate"], ["tasks", "-a", "Sở Du lịch"], ["status", "-y", "2025"]):
        result = run(["--data", str(root), *args])
        assert result.exit_code in (0, 1), (args, result)
        assert "Traceback" not in result.stderr


@pytest.mark.parametrize("text", ["&0", "~", "null\n", "--- \n"])
def test_a_file_of_nothing_is_a_problem_never_skipped(tmp_path: Path, text: str) -> None:
    """Found by the hypothesis test: "&0" (an anchor on nothing) was silently skipped as a file."""
    root = _data_copy(tmp_path)
    (root / "plan" / "plan.yaml").write_text(text, encoding="utf-8")
    assert "empty-file" in _validate(root).stdout
    assert run(["--data", str(root), "tasks"]).exit_code == 1


def test_a_file_name_with_a_newline_is_refused_and_printed_safely(tmp_path: Path) -> None:
    root = _data_copy(tmp_path)
    year = root / "plan" / "reports" / "2025"
    year.mkdir(parents=True)
    (year / "so-du-lich\n::error file=x::pwned\n.yaml").write_text("agency: so-du-lich\n", encoding="utf-8")
    result = run(["--data", str(root), "validate", "-f", "github"])
    assert result.exit_code == 1 and "bad-file-name" in result.stdout
    assert not any(line.startswith("::error file=x") for line in result.stdout.splitlines())


def test_a_whole_file_of_the_wrong_type_shows_a_short_escaped_excerpt(tmp_path: Path) -> None:
    root = _data_copy(tmp_path)
    for text in (f"TOKEN={TOKEN}\n", f"TOKEN={TOKEN}\x1b[2J\n"):
        (root / "plan" / "plan.yaml").write_text(text, encoding="utf-8")
        result = _validate(root)
        assert result.exit_code == 1
        assert "TOKEN" not in result.stdout and "ghp_" not in result.stdout
        assert "\x1b" not in result.stdout


def test_a_file_over_the_size_cap_is_refused_unread(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kehoach.files import read

    monkeypatch.setattr(read, "MAX_FILE", 100)
    result = _validate(_data_copy(tmp_path))
    assert result.exit_code == 1 and result.stdout.count("file-too-large") == 3


# --- bounds and Markdown (issue 24) ----------------------------------------------------


def test_a_text_over_its_fields_limit_is_a_validation_error(minimal: Callable[..., Path]) -> None:
    from kehoach.model.schema import NAME_LIMIT, TEXT_LIMIT

    long_task = minimal(tasks=("content: Nội dung một.", "content: " + "a" * (TEXT_LIMIT + 1)))
    result = _validate(long_task)
    assert result.exit_code == 1
    assert "plan/tasks.yaml:9:14: error[invalid-value]: «content»" in result.stdout
    assert f"dài {TEXT_LIMIT + 1} ký tự, quá giới hạn {TEXT_LIMIT} ký tự" in result.stdout
    long_name = minimal(agencies=("name: Sở Tài chính", "name: " + "Sở " * NAME_LIMIT))
    assert f"quá giới hạn {NAME_LIMIT} ký tự" in _validate(long_name).stdout
    long_id = minimal(tasks=("sector: I", "sector: " + "I" * 13))
    assert "quá giới hạn 12 ký tự" in _validate(long_id).stdout


def test_the_matrix_legend_in_markdown_is_text_not_markup(minimal: Callable[..., Path]) -> None:
    evil = (
        "[bấm](http://e.xyz) ![ảnh](http://e.xyz/i.png) <http://e.xyz> **đậm** | cột"  # validate accepts it
    )
    root = minimal(
        agencies=(
            "name: Sở Tài chính\n",
            f'name: "Sở Tài chính {evil}"\n    short_name: STC\n',
        )
    )
    assert _validate(root).exit_code == 0, _validate(root).stdout
    out = run(["--data", str(root), "matrix", "--format", "md"]).stdout
    legend = out[out.index("STC:") :]
    assert "](http" not in out.replace("\\](http", "") and "<http" not in out.replace("\\<http", "")
    assert "\\[bấm\\](http://e.xyz)" in legend and "\\*\\*đậm\\*\\*" in legend and "\\| cột" in legend

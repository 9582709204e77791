"""`kehoach validate`: every check on a small broken tree, every format, every exit."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import ROOT, run
from kehoach.check.validate import validate

Tree = Callable[..., Path]


def problems(root: Path, *checks: str) -> list[tuple[str, str, int | None, int | None]]:
    result = validate(root, set(checks) if checks else None)
    return [(p.code, p.file, p.line, p.column) for p in result.problems]


def test_real_plan_is_valid() -> None:
    result = validate(ROOT)
    assert result.problems == []
    assert result.valid(strict=True)


def test_minimal_tree_is_valid(minimal: Tree) -> None:
    assert problems(minimal()) == []


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        # schema
        ({"tasks": ("    content: Nội dung hai.\n", "")}, ("missing-field", "plan/tasks.yaml", 14, 5)),
        (
            {"tasks": ("    sector: II\n", "    sector: II\n    leed: []\n")},
            ("unknown-field", "plan/tasks.yaml", 16, 5),
        ),
        ({"tasks": ("  - id: 2\n", "  - id: hai\n")}, ("wrong-type", "plan/tasks.yaml", 14, 9)),
        (
            {
                "agencies": (
                    "    kind: department\n    city: hanoi\n    valid_until",
                    "    kind: ministry\n    city: hanoi\n    valid_until",
                )
            },
            ("invalid-value", "plan/agencies.yaml", 15, 11),
        ),
        (
            {"plan": ("    due: {month: 9, day: 15}", "    due: {month: 2, day: 30}")},
            ("invalid-value", "plan/plan.yaml", 18, 10),
        ),
        # references
        (
            {"tasks": ("  - agency: so-tai-chinh\n", "  - agency: so-tai-chnh\n")},
            ("unknown-agency", "plan/tasks.yaml", 18, 17),
        ),
        (
            {"plan": ("focal_agency: so-ke-hoach-va-dau-tu", "focal_agency: so-khdt")},
            ("unknown-agency", "plan/plan.yaml", 16, 17),
        ),
        ({"tasks": ("    sector: II\n", "    sector: III\n")}, ("unknown-sector", "plan/tasks.yaml", 15, 13)),
        (
            {"agencies": ("    basis: nq-06", "    basis: nq-6")},
            ("unknown-basis", "plan/agencies.yaml", 22, 16),
        ),
        (
            {"tasks": ("      - agency: cac-so-nganh", "      - agency: so-ke-hoach-va-dau-tu")},
            ("duplicate-assignment", "plan/tasks.yaml", 13, 17),
        ),
        # unique ids
        ({"tasks": ("  - id: 2\n", "  - id: 1\n")}, ("duplicate-task-id", "plan/tasks.yaml", 14, 9)),
        (
            {"tasks": ("tasks:\n", "  - id: I\n    title: LẶP\ntasks:\n")},
            ("duplicate-sector-id", "plan/tasks.yaml", 6, 9),
        ),
        (
            {
                "agencies": (
                    "  - id: so-tai-chinh\n",
                    "  - id: so-tai-chinh\n    name: Sở Tài chính (lặp)\n"
                    "    kind: department\n    city: hanoi\n  - id: so-tai-chinh\n",
                )
            },
            ("duplicate-agency-id", "plan/agencies.yaml", 27, 9),
        ),
        # unique names
        (
            {"agencies": ("    name: Sở Tài chính\n", "    name: Sở Tài chính\n    aliases: [so kh dt]\n")},
            ("duplicate-name", "plan/agencies.yaml", 25, 15),
        ),
        (
            {"agencies": ("aliases: [Sở KH&ĐT]", "aliases: [Sở KH&ĐT, sở kh-đt]")},
            ("redundant-alias", "plan/agencies.yaml", 14, 25),
        ),
        # lineage
        (
            {"agencies": ("  - agency: so-tai-chinh", "  - agency: so-tai-chinh-moi")},
            ("unknown-successor", "plan/agencies.yaml", 19, 17),
        ),
        (
            {"agencies": ("effective: 2025-03-01", "effective: 2025-03-02")},
            ("lineage-date-order", "plan/agencies.yaml", 21, 20),
        ),
        (
            {"agencies": ("    valid_until: 2025-02-28\n", "")},
            ("successor-without-end", "plan/agencies.yaml", 18, 9),
        ),
        (
            {
                "agencies": (
                    "    name: Sở Tài chính\n",
                    "    name: Sở Tài chính\n    valid_from: 2026-01-01\n",
                )
            },
            ("successor-not-in-force", "plan/agencies.yaml", 21, 20),
        ),
        # text hygiene
        (
            {"tasks": ("content: Nội dung một.", "content: Nội dung <i>một</i>.")},
            ("html-remnant", "plan/tasks.yaml", 9, 14),
        ),
        (
            {"tasks": ("content: Nội dung một.", "content: 'Nội dung  một.'")},
            ("stray-whitespace", "plan/tasks.yaml", 9, 14),
        ),
        (
            {"tasks": ("content: Nội dung một.", "content: Nội dung mo\u0302\u0323t.")},
            ("not-nfc", "plan/tasks.yaml", 9, 14),
        ),
    ],
)
def test_each_problem_is_found_where_it_is(
    minimal: Tree, edit: dict[str, tuple[str, str]], expected: tuple[str, str, int, int]
) -> None:
    found = problems(minimal(**edit))
    if expected[0].startswith("duplicate-") and expected[0].endswith("-id"):
        # a duplicate id is said at both places: the first, then the one `expected` names
        assert len(found) == 2 and found[1] == expected and found[0][:2] == expected[:2]
        assert (found[0][2] or 0) < expected[2]
    else:
        assert found == [expected]


def test_lineage_cycle(minimal: Tree) -> None:
    root = minimal(
        agencies=(
            "    name: Sở Tài chính\n",
            """\
    name: Sở Tài chính
    valid_until: 2025-02-28
    successors:
      - agency: so-ke-hoach-va-dau-tu
        event: merge
        effective: 2025-03-01
        basis: nq-06
""",
        )
    )
    found = problems(root, "lineage")
    assert ("lineage-cycle", "plan/agencies.yaml", 27, 7) in found


@pytest.mark.parametrize(
    ("content", "code", "line", "column"),
    [
        (b"", "empty-file", 1, 1),
        (b"# only a comment\n", "empty-file", 1, 1),
        (b"sectors:\n  - id: I\n\ttitle: x\n", "yaml-tab", 3, 1),
        (b"sectors: [\n", "yaml-syntax", 2, 1),
        (b"sectors: []\ntasks: []\nsectors: []\n", "duplicate-key", 3, 1),
        (b"a: &x [1]\nb: *x\n", "yaml-alias", 2, 4),
        (b"tasks: !!python/object:os.system {}\n", "yaml-tag", 1, 8),
        ("sectors: []\ntasks: 'Hà'\n".encode("latin-1"), "not-utf8", 2, 10),
    ],
)
def test_unreadable_files_are_problems(
    minimal: Tree, content: bytes, code: str, line: int, column: int
) -> None:
    assert problems(minimal(tasks=content)) == [(code, "plan/tasks.yaml", line, column)]


def test_utf8_bom_is_fine(minimal: Tree) -> None:
    root = minimal()
    path = root / "plan/tasks.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert problems(root) == []


def test_billion_laughs_is_refused_quickly(minimal: Tree) -> None:
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 12)]
    root = minimal(tasks="\n".join(lines) + "\n")
    assert problems(root) == [("yaml-alias", "plan/tasks.yaml", 2, 10)]


def test_missing_file(minimal: Tree) -> None:
    root = minimal()
    (root / "plan/agencies.yaml").unlink()
    assert problems(root) == [("missing-file", "plan/agencies.yaml", 1, 1)]


def test_root_that_is_not_a_mapping(minimal: Tree) -> None:
    assert problems(minimal(tasks="- 1\n- 2\n")) == [("wrong-type", "plan/tasks.yaml", 1, 1)]


def test_every_problem_in_one_run(minimal: Tree) -> None:
    root = minimal(
        tasks=("  - agency: so-tai-chinh\n", "  - agency: so-tai-chnh\n"),
        agencies=("    basis: nq-06", "    basis: nq-6"),
    )
    (root / "plan/plan.yaml").write_text("issuer: [\n", encoding="utf-8")
    assert [code for code, *_ in problems(root)] == ["yaml-syntax", "unknown-agency", "unknown-basis"]


def test_a_broken_task_hides_no_other_problem(minimal: Tree) -> None:
    root = minimal(
        tasks=[("    content: Nội dung hai.\n", ""), ("agency: cac-so-nganh", "agency: cac-so-ngnh")]
    )
    assert problems(root) == [
        ("unknown-agency", "plan/tasks.yaml", 13, 17),
        ("missing-field", "plan/tasks.yaml", 14, 5),
    ]


def test_check_selects(minimal: Tree) -> None:
    root = minimal(
        tasks=("content: Nội dung một.", "content: Nội dung <i>một</i>."),
        agencies=("    basis: nq-06", "    basis: nq-6"),
    )
    assert [p[0] for p in problems(root, "text")] == ["html-remnant"]
    assert [p[0] for p in problems(root, "references")] == ["unknown-basis"]


# --- the command: formats and exit codes -------------------------------------------

UNKNOWN = {"tasks": ("  - agency: so-tai-chinh\n", "  - agency: so-tai-chnh\n")}
MESSAGE = (
    "mã cơ quan «so-tai-chnh» không có trong plan/agencies.yaml (có phải ý bạn là "
    "«so-tai-chinh»?); hãy dùng mã (id) của cơ quan trong danh mục hoặc thêm cơ quan vào "
    "danh mục"
)


def test_format_text(minimal: Tree) -> None:
    result = run(["--data", str(minimal(**UNKNOWN)), "validate", "--format", "text"])
    assert result.exit_code == 1
    assert result.stdout == (
        f"plan/tasks.yaml:18:17: error[unknown-agency]: {MESSAGE}\nTìm thấy 1 lỗi, 0 cảnh báo.\n"
    )


def test_format_github(minimal: Tree) -> None:
    result = run(["--data", str(minimal(**UNKNOWN)), "validate", "--format", "github"])
    assert result.exit_code == 1
    assert result.stdout == (
        f"::error file=plan/tasks.yaml,line=18,col=17,title=unknown-agency::{MESSAGE}\n"
        f"plan/tasks.yaml:18:17: error[unknown-agency]: {MESSAGE}\n"
        "Tìm thấy 1 lỗi, 0 cảnh báo.\n"
    )


def test_format_auto_is_github_under_actions(minimal: Tree) -> None:
    result = run(["--data", str(minimal(**UNKNOWN)), "validate"], env={"GITHUB_ACTIONS": "true"})
    assert result.stdout.startswith("::error file=plan/tasks.yaml,line=18,col=17,title=unknown-agency::")
    plain = run(["--data", str(minimal(**UNKNOWN)), "validate"])
    assert plain.stdout.startswith("plan/tasks.yaml:18:17: error[unknown-agency]")


def test_format_json(minimal: Tree) -> None:
    result = run(["--data", str(minimal(**UNKNOWN)), "validate", "--format", "json"])
    assert result.exit_code == 1
    assert json.loads(result.stdout) == {
        "schema_version": 1,
        "valid": False,
        "problems": [
            {
                "code": "unknown-agency",
                "severity": "error",
                "file": "plan/tasks.yaml",
                "line": 18,
                "column": 17,
                "message": MESSAGE,
            }
        ],
    }


def test_valid_exit_zero(minimal: Tree) -> None:
    result = run(["--data", str(minimal()), "validate"])
    assert (result.exit_code, result.stdout) == (0, "Dữ liệu hợp lệ: không có lỗi hay cảnh báo.\n")


def test_warnings_pass_unless_strict(minimal: Tree) -> None:
    root = minimal(tasks=("content: Nội dung một.", "content: 'Nội dung  một.'"))
    assert run(["--data", str(root), "validate"]).exit_code == 0
    strict = run(["--data", str(root), "validate", "--strict", "--format", "json"])
    assert strict.exit_code == 1
    assert json.loads(strict.stdout)["valid"] is False


def test_bad_options_exit_two(minimal: Tree) -> None:
    root = str(minimal())
    bad_format = run(["--data", root, "validate", "--format", "xml"])
    assert bad_format.exit_code == 2
    assert "Giá trị không hợp lệ cho --format: «xml»" in bad_format.stderr
    bad_check = run(["--data", root, "validate", "--check", "spelling"])
    assert bad_check.exit_code == 2
    assert "--check" in bad_check.stderr
    unknown = run(["--data", root, "validate", "--strikt"])
    assert unknown.exit_code == 2
    assert "Không có tùy chọn --strikt của lệnh validate. Có phải ý bạn là: --strict?" in unknown.stderr
    assert "Traceback" not in unknown.stderr + unknown.stdout


def test_data_folder_discovery(minimal: Tree, monkeypatch: pytest.MonkeyPatch) -> None:
    root = minimal()
    sub = root / "plan" / "reports"
    sub.mkdir()
    monkeypatch.chdir(sub)
    assert run(["validate"]).exit_code == 0
    assert run(["validate"], env={"KEHOACH_DATA": str(root)}).exit_code == 0


def test_no_plan_folder_is_one_line_exit_two(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run(["validate"])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("Lỗi: Không tìm thấy thư mục plan/")
    given = run(["--data", str(tmp_path), "validate"])
    assert (given.exit_code, given.stderr) == (
        2,
        f"Lỗi: Thư mục {tmp_path} (--data) không có thư mục con plan/.\n",
    )


GOOD_REPORT = """\
agency: so-tai-chinh
year: 2025
number: 01/BC-STC
dated: 2025-09-10
received: 2025-09-12
tasks:
  - task: 2
    status: in-progress
"""


@pytest.mark.parametrize(
    ("name", "edit", "expected"),
    [
        ("2025/so-tai-chinh", None, []),
        ("2025/stc", None, [("report-path-mismatch", 1, 9)]),
        ("2024/so-tai-chinh", None, [("report-path-mismatch", 2, 7)]),
        ("2025/so-tai-chinh", ("task: 2", "task: 3"), [("unknown-task", 7, 11)]),
        ("2025/so-tai-chinh", ("status: in-progress", "status: done"), [("unknown-status", 8, 13)]),
        (
            "2025/so-tai-chinh",
            ("received: 2025-09-12", "received: 2025-09-01"),
            [("received-before-dated", 5, 11)],
        ),
        ("2025/so-tai-chinh", ("tasks:\n", "tasks:\n  - task: 2\n"), [("duplicate-task-entry", 8, 11)]),
        ("2025/so-tai-chinh", ("tasks:\n", "duties:\n  - duty: budget\ntasks:\n"), []),
        ("2025/so-tai-chinh", ("tasks:\n", "duties:\n  - duty: budgt\ntasks:\n"), [("unknown-duty", 7, 11)]),
        (
            "2025/so-tai-chinh",
            ("tasks:\n", "duties:\n  - duty: budget\n  - duty: budget\n    status: done\ntasks:\n"),
            [("duplicate-task-entry", 8, 11), ("unknown-status", 9, 13)],
        ),
        ("2023/so-tai-chinh", ("year: 2025", "year: 2023"), [("year-out-of-period", 2, 7)]),
        (
            "2025/so-ke-hoach-va-dau-tu",
            ("agency: so-tai-chinh", "agency: so-ke-hoach-va-dau-tu"),
            [("agency-not-in-force", 1, 9)],
        ),
        ("2025/so-tai-chin", ("agency: so-tai-chinh", "agency: so-tai-chin"), [("unknown-agency", 1, 9)]),
        ("2025/so-tai-chinh", ("received: 2025-09-12", "received: 12/09/2025"), [("wrong-type", 5, 11)]),
    ],
)
def test_report_problems(
    minimal: Tree, name: str, edit: tuple[str, str] | None, expected: list[tuple[str, int, int]]
) -> None:
    text = GOOD_REPORT if edit is None else GOOD_REPORT.replace(*edit, 1)
    root = minimal(**{f"reports/{name}": text})
    assert problems(root) == [(code, f"plan/reports/{name}.yaml", line, col) for code, line, col in expected]


def test_entry_problems_name_the_task_or_the_duty(minimal: Tree) -> None:
    edit = "duties:\n  - duty: budget\n  - duty: budget\n  - duty: budgt\ntasks:\n  - task: 2\n  - task: 99\n"
    root = minimal(**{"reports/2025/so-tai-chinh": GOOD_REPORT.replace("tasks:\n", edit, 1)})
    said = [p.message for p in validate(root).problems]
    assert "nhiệm vụ thường xuyên «budget» đã có trong báo cáo này; hãy gộp hai mục làm một" in said
    assert "nhiệm vụ 2 đã có trong báo cáo này; hãy gộp hai mục làm một" in said
    assert any(
        m.startswith("Kế hoạch không có nhiệm vụ thường xuyên «budgt» (có phải ý bạn là «budget»?)")
        for m in said
    )
    assert "Kế hoạch không có nhiệm vụ số 99; các nhiệm vụ: 1–2" in said  # the minimal plan has two


def test_consolidated_report_from_another_agency_is_a_warning(minimal: Tree) -> None:
    text = "agency: ubnd-thanh-pho\nyear: 2025\nsent: 2025-09-24\n"
    root = minimal(**{"reports/2025/consolidated": text})
    assert problems(root) == [("not-focal-agency", "plan/reports/2025/consolidated.yaml", 1, 9)]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("", ""),  # valid: the same model, ids and text check
        ("name: Sở Du lịch\n", "name: So\u031b\u0309 Du lịch\n"),  # NFD text: the warning survives
        ("name: Sở Du lịch\n", "name: Sở Du lịch\n    colour: red\n"),  # an unknown field
        ("kind: department\n    city: hanoi\n", "kind: department\n    city: paris\n"),  # a bad value
    ],
)
def test_big_lists_validated_in_parts_find_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, old: str, new: str
) -> None:
    """Lists longer than BIG_LIST (100,000 tasks) are validated item by item to save memory; what
    validate finds must not change (the roster's 193 agencies stand in for a big list here)."""
    import kehoach.model.load as load_module
    from conftest import DATA, build_tree

    files = {
        f"plan/{n}": (DATA / "plan" / n).read_text(encoding="utf-8") for n in ("plan.yaml", "tasks.yaml")
    }
    roster = (DATA / "plan" / "agencies.yaml").read_text(encoding="utf-8")
    assert old in roster
    files["plan/agencies.yaml"] = roster.replace(old, new, 1)
    root = build_tree(tmp_path, files)
    whole = [(p.code, p.file, p.line, p.column, p.message) for p in validate(root).problems]
    monkeypatch.setattr(load_module, "BIG_LIST", 10)
    parts = [(p.code, p.file, p.line, p.column, p.message) for p in validate(root).problems]
    assert parts == whole
    assert bool(whole) == bool(old)
    in_parts = not isinstance(load_module.load(root).raw["plan/agencies.yaml"], dict)
    assert in_parts == (not old)  # valid: built in parts; otherwise the whole file reports its problems

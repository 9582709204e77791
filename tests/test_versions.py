"""A versioned dataset: --rev, diff and history on real temporary git repositories."""

from __future__ import annotations

import json
import subprocess
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import MINIMAL, build_tree, run

ENV = {
    "GIT_AUTHOR_NAME": "Thư ký",
    "GIT_AUTHOR_EMAIL": "thu-ky@example.invalid",
    "GIT_COMMITTER_NAME": "Thư ký",
    "GIT_COMMITTER_EMAIL": "thu-ky@example.invalid",
    "GIT_AUTHOR_DATE": "2026-01-05T09:00:00+07:00",
    "GIT_COMMITTER_DATE": "2026-01-05T09:00:00+07:00",
}


def git(root: Path, *args: str) -> str:
    import os

    done = subprocess.run(
        ["git", "-C", str(root), *args], env={**os.environ, **ENV}, capture_output=True, text=True, check=True
    )
    return done.stdout


def edit(root: Path, name: str, old: str, new: str) -> None:
    path = root / name
    text = path.read_text(encoding="utf-8")
    assert old in text, (old, name)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def commit(root: Path, message: str, tag: str | None = None) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)
    if tag:
        git(root, "tag", tag)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = build_tree(tmp_path / "repo", {k: textwrap.dedent(v) for k, v in MINIMAL.items()})
    git(root, "init", "-q", "-b", "main")
    commit(root, "Kế hoạch ban đầu", "v1")
    return root


Run = Callable[..., object]


def kinds(result: Any) -> list[str]:
    return [c["kind"] for c in json.loads(result.stdout)["changes"]]


def test_rev_reads_the_past_without_touching_the_work_tree(repo: Path) -> None:
    edit(repo, "plan/tasks.yaml", "content: Nội dung hai.", "content: Nội dung hai, đã sửa.")
    commit(repo, "Sửa nhiệm vụ 2", "v2")
    edit(repo, "plan/tasks.yaml", "content: Nội dung một.", "content: Nội dung một (chưa commit).")
    index = (repo / ".git" / "index").read_bytes()
    status = git(repo, "status", "--porcelain")
    for rev in ("v1", "HEAD~1", git(repo, "rev-parse", "v1").strip()):
        old = json.loads(run(["--data", str(repo), "--rev", rev, "tasks", "-f", "json"]).stdout)["tasks"]
        assert [t["content"] for t in old] == ["Nội dung một.", "Nội dung hai."]
    tagged = json.loads(run(["--data", str(repo), "--rev", "v2", "tasks", "-f", "json"]).stdout)["tasks"]
    assert tagged[1]["content"] == "Nội dung hai, đã sửa." and tagged[0]["content"] == "Nội dung một."
    now = json.loads(run(["--data", str(repo), "tasks", "-f", "json"]).stdout)["tasks"]
    assert now[0]["content"] == "Nội dung một (chưa commit)."
    assert run(["--data", str(repo), "--rev", "v1", "validate"]).exit_code == 0
    assert (repo / ".git" / "index").read_bytes() == index
    assert git(repo, "status", "--porcelain") == status


def test_rev_errors(repo: Path, tmp_path: Path) -> None:
    bad = run(["--data", str(repo), "--rev", "v9", "tasks"])
    assert (bad.exit_code, bad.stderr) == (2, "Lỗi: Không có phiên bản git «v9» trong kho.\n")
    outside = build_tree(tmp_path / "outside", {k: textwrap.dedent(v) for k, v in MINIMAL.items()})
    result = run(["--data", str(outside), "--rev", "HEAD", "tasks"])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "không nằm trong một kho git" in result.stderr
    assert run(["--data", str(outside), "diff"]).exit_code == 2
    assert (
        run(
            [
                "--data",
                str(repo),
                "--rev",
                "v1",
                "record",
                "--year",
                "2025",
                "-a",
                "Sở Tài chính",
                "--received",
                "12/09/2025",
            ]
        ).exit_code
        == 2
    )


def test_diff_tasks_and_assignments(repo: Path) -> None:
    edit(repo, "plan/tasks.yaml", "content: Nội dung hai.", "content: Nội dung thứ hai, sửa lại.")
    edit(
        repo,
        "plan/tasks.yaml",
        "      - agency: cac-so-nganh\n",
        "      - agency: cac-so-nganh\n      - agency: so-tai-chinh\n",
    )
    edit(repo, "plan/tasks.yaml", "        scope: phần tài chính", "        scope: phần ngân sách")
    edit(
        repo,
        "plan/tasks.yaml",
        "    coordinators:\n      - agency: cac-so-nganh",
        "    coordinators:\n      - agency: ubnd-thanh-pho",
    )
    task3 = "  - id: 3\n    sector: II\n    content: Nội dung ba.\n    lead:\n      - agency: so-tai-chinh\n"
    (repo / "plan/tasks.yaml").write_text(
        (repo / "plan/tasks.yaml").read_text(encoding="utf-8") + task3, encoding="utf-8"
    )
    result = run(["--data", str(repo), "diff", "v1", "-f", "json"])
    assert result.exit_code == 0
    assert sorted(kinds(result)) == sorted(
        [
            "task-added",
            "task-content-changed",
            "assignment-added",
            "assignment-added",
            "assignment-removed",
            "assignment-scope-changed",
        ]
    )
    data = json.loads(result.stdout)
    assert data["from"] == "v1" and data["to"] == "thư mục làm việc"
    content = next(c for c in data["changes"] if c["kind"] == "task-content-changed")
    assert content["words"] == [
        {"op": "equal", "text": "Nội dung"},
        {"op": "delete", "text": "hai."},
        {"op": "insert", "text": "thứ hai, sửa lại."},
    ]
    added = next(c for c in data["changes"] if c["kind"] == "assignment-added")
    assert (
        added["agency"] == {"id": "ubnd-thanh-pho", "name": "UBND Thành phố Hà Nội"}
        and added["role"] == "coordinator"
    )
    text = run(["--data", str(repo), "diff", "v1"]).stdout
    assert "Nhiệm vụ 2: sửa nội dung\n      Nội dung [-hai.-] {+thứ hai, sửa lại.+}" in text
    assert "Nhiệm vụ 1: thêm UBND Thành phố Hà Nội — phối hợp" in text
    assert "Nhiệm vụ 1: bỏ Các Sở, ngành (phối hợp)" in text
    md = run(["--data", str(repo), "diff", "v1", "-f", "md"]).stdout
    assert "### Nhiệm vụ (2)" in md and "> Nội dung ~~hai.~~ **thứ hai, sửa lại.**" in md
    assert "- Nhiệm vụ 2: phạm vi của Sở Tài chính: «phần tài chính» → «phần ngân sách»" in md


def test_diff_role_change_and_removal(repo: Path) -> None:
    edit(
        repo,
        "plan/tasks.yaml",
        "    lead:\n      - agency: so-ke-hoach-va-dau-tu\n    coordinators:\n      - agency: cac-so-nganh",
        "    lead:\n      - agency: cac-so-nganh\n    coordinators:\n      - agency: so-ke-hoach-va-dau-tu",
    )
    result = run(["--data", str(repo), "diff", "v1", "-f", "json"])
    assert kinds(result) == ["assignment-role-changed", "assignment-role-changed"]
    text = run(["--data", str(repo), "diff", "v1"]).stdout
    assert "Nhiệm vụ 1: Các Sở, ngành từ phối hợp thành chủ trì" in text
    assert "Nhiệm vụ 1: Sở Kế hoạch và Đầu tư từ chủ trì thành phối hợp" in text


def test_diff_agencies(repo: Path) -> None:
    edit(
        repo,
        "plan/agencies.yaml",
        "    name: Sở Tài chính\n",
        "    name: Sở Tài chính Hà Nội\n    aliases: [Sở TC]\n",
    )
    edit(
        repo,
        "plan/agencies.yaml",
        "  - id: cac-so-nganh\n",
        "  - id: so-du-lich\n    name: Sở Du lịch\n    kind: department\n    city: hanoi\n"
        "  - id: cac-so-nganh\n",
    )
    commit(repo, "Danh mục", "v2")
    result = run(["--data", str(repo), "diff", "v1", "v2", "-f", "json"])
    assert kinds(result) == ["agency-added", "agency-renamed", "agency-aliases-changed"]
    text = run(["--data", str(repo), "diff", "v1", "v2"]).stdout
    assert "Thêm cơ quan Sở Du lịch" in text and "Đổi tên Sở Tài chính thành Sở Tài chính Hà Nội" in text
    assert "Sở Tài chính Hà Nội: tên gọi khác — thêm Sở TC" in text


def test_diff_merge(repo: Path) -> None:
    two = (
        "  - id: so-a\n    name: Sở A\n    kind: department\n    city: hanoi\n"
        "  - id: so-b\n    name: Sở B\n    kind: department\n    city: hanoi\n"
    )
    edit(repo, "plan/agencies.yaml", "  - id: cac-so-nganh\n", two + "  - id: cac-so-nganh\n")
    commit(repo, "Thêm hai sở", "v2")
    assert kinds(run(["--data", str(repo), "diff", "v1", "v2", "-f", "json"])) == [
        "agency-added",
        "agency-added",
    ]
    merged = (
        "    name: Sở A\n    kind: department\n    city: hanoi\n    valid_until: 2025-02-28\n"
        "    successors:\n      - agency: so-b\n        event: merge\n"
        "        effective: 2025-03-01\n        basis: nq-06\n"
    )
    edit(repo, "plan/agencies.yaml", "    name: Sở A\n    kind: department\n    city: hanoi\n", merged)
    result = run(["--data", str(repo), "diff", "v2", "-f", "json"])
    assert result.exit_code == 0, result.stderr
    assert kinds(result) == ["agency-merged", "agency-validity-changed"]
    text = run(["--data", str(repo), "diff", "v2"]).stdout
    assert (
        "Sở A hợp nhất vào Sở B từ 01/03/2025 (Nghị quyết số 06/NQ-HĐND ngày 25/02/2025 của HĐND Thành phố)"
        in text
    )
    assert "Sở A: hiệu lực …–… → …–28/02/2025" in text


def test_diff_reports_and_metadata(repo: Path) -> None:
    assert (
        run(
            [
                "--data",
                str(repo),
                "record",
                "--year",
                "2025",
                "-a",
                "Sở Tài chính",
                "--received",
                "12/09/2025",
            ]
        ).exit_code
        == 0
    )
    commit(repo, "Nhận báo cáo", "v2")
    assert (
        run(
            [
                "--data",
                str(repo),
                "record",
                "--year",
                "2025",
                "-a",
                "Sở Tài chính",
                "--received",
                "12/09/2025",
                "--task",
                "2",
                "--status",
                "completed",
            ]
        ).exit_code
        == 0
    )
    edit(repo, "plan/plan.yaml", "    due: {month: 9, day: 15}", "    due: {month: 9, day: 20}")
    edit(
        repo,
        "plan/plan.yaml",
        "  - id: completed\n",
        "  - id: paused\n    label: Tạm dừng\n  - id: completed\n",
    )
    edit(repo, "plan/plan.yaml", "  - Lưu VT\n", "  - Sở Tài chính\n  - Lưu VT\n")
    recorded = run(["--data", str(repo), "diff", "v1", "v2", "-f", "json"])
    assert kinds(recorded) == ["report-recorded"]
    assert (
        "Ghi báo cáo năm 2025 của Sở Tài chính (nhận 12/09/2025)"
        in run(["--data", str(repo), "diff", "v1", "v2"]).stdout
    )
    changed = run(["--data", str(repo), "diff", "v2", "-f", "json"])
    assert kinds(changed) == ["report-changed", "plan-changed", "plan-changed", "plan-changed"]
    text = run(["--data", str(repo), "diff", "v2"]).stdout
    assert "Sửa báo cáo năm 2025 của Sở Tài chính: nhiệm vụ 2" in text
    assert "Sửa quy định báo cáo (hạn, cơ quan đầu mối): reporting.agency_report.due.day: «15» → «20»" in text
    assert "Sửa danh mục tiến độ: progress_statuses[paused]: (trống) → «id=paused, label=Tạm dừng»" in text
    assert "Sửa nơi nhận: recipients[+]: (trống) → «Sở Tài chính»" in text
    md = run(["--data", str(repo), "diff", "v2", "-f", "md"]).stdout
    assert "### Báo cáo (1)" in md and "### Thông tin kế hoạch (3)" in md


def test_diff_exit_code_and_no_change(repo: Path) -> None:
    same = run(["--data", str(repo), "diff", "v1", "--exit-code"])
    assert (same.exit_code, same.stdout) == (
        0,
        "Thay đổi của kế hoạch: v1 → thư mục làm việc\n\nKhông có thay đổi nào về nội dung kế hoạch.\n",
    )
    edit(repo, "plan/tasks.yaml", "content: Nội dung hai.", "content: Nội dung hai!")
    assert run(["--data", str(repo), "diff", "v1", "--exit-code"]).exit_code == 1
    assert run(["--data", str(repo), "diff", "v1"]).exit_code == 0
    assert run(["--data", str(repo), "diff", "a", "b", "c"]).exit_code == 2


def test_diff_default_is_merge_base_against_work_tree(repo: Path) -> None:
    git(repo, "checkout", "-q", "-b", "sua-du-lieu")
    edit(repo, "plan/tasks.yaml", "content: Nội dung hai.", "content: Nội dung 2.")
    commit(repo, "Sửa trên nhánh")
    edit(repo, "plan/tasks.yaml", "content: Nội dung một.", "content: Nội dung 1.")
    data = json.loads(run(["--data", str(repo), "diff", "-f", "json"]).stdout)
    assert data["from"].startswith("điểm rẽ nhánh ") and data["to"] == "thư mục làm việc"
    assert sorted(c["task"] for c in data["changes"]) == [1, 2]


def test_history_of_a_task_reassigned_twice(repo: Path) -> None:
    for lead, message in (
        ("so-ke-hoach-va-dau-tu", "Giao lại nhiệm vụ 2"),
        ("ubnd-thanh-pho", "Giao lại lần nữa"),
    ):
        text = (repo / "plan/tasks.yaml").read_text(encoding="utf-8")
        current = "so-tai-chinh" if "agency: so-tai-chinh\n        scope" in text else "so-ke-hoach-va-dau-tu"
        edit(
            repo,
            "plan/tasks.yaml",
            f"      - agency: {current}\n        scope",
            f"      - agency: {lead}\n        scope",
        )
        commit(repo, message)
    edit(repo, "plan/tasks.yaml", "content: Nội dung một.", "content: Nội dung 1.")
    commit(repo, "Sửa nhiệm vụ 1")
    data = json.loads(run(["--data", str(repo), "history", "--task", "2", "-f", "json"]).stdout)["entries"]
    assert [e["message"] for e in data] == ["Giao lại lần nữa", "Giao lại nhiệm vụ 2", "Kế hoạch ban đầu"]
    assert [sorted(c["kind"] for c in e["changes"]) for e in data] == [
        ["assignment-added", "assignment-removed"],
        ["assignment-added", "assignment-removed"],
        ["task-added"],
    ]
    assert data[0]["date"] == "2026-01-05" and data[0]["author"] == "Thư ký"
    text = run(["--data", str(repo), "history", "--task", "2"]).stdout
    assert (
        "Giao lại lần nữa\n  - Nhiệm vụ 2: thêm UBND Thành phố Hà Nội — chủ trì (phạm vi: phần tài chính)\n"
        in text
    )
    agency = json.loads(
        run(["--data", str(repo), "history", "--agency", "UBND Thành phố", "-f", "json"]).stdout
    )["entries"]
    assert [e["message"] for e in agency] == ["Giao lại lần nữa", "Kế hoạch ban đầu"]
    md = run(["--data", str(repo), "history", "--task", "1", "-f", "md"]).stdout
    assert md.startswith("## Lịch sử: nhiệm vụ 1\n\n- **")


def test_history_needs_one_subject(repo: Path) -> None:
    assert run(["--data", str(repo), "history"]).exit_code == 2
    assert run(["--data", str(repo), "history", "--task", "1", "--agency", "Sở Tài chính"]).exit_code == 2


def test_a_task_is_found_by_its_lines_or_compared_in_full() -> None:
    from kehoach.answer.history import _task_block

    text = b"tasks:\n  - id: 1\n    content: a\n  - id: 12\n    content: b\n    lead: []\nnotes: x\n"
    assert _task_block(text, 1) == b"\n  - id: 1\n    content: a\n"
    assert (
        _task_block(text, 12) == b"\n  - id: 12\n    content: b\n    lead: []\n"
    )  # stops at a top-level key
    assert _task_block(text, 3) is None  # not there: compared in full
    assert _task_block(text + b"  - id: 1\n", 1) is None  # twice: compared in full
    assert _task_block(b"tasks: [{id: 1, content: a}]\n", 1) is None  # another style: compared in full


def test_history_is_the_same_when_the_file_changes_style(repo: Path) -> None:
    """A commit that rewrites tasks.yaml in another style changes no task: the full comparison says so."""
    path = repo / "plan/tasks.yaml"
    text = path.read_text(encoding="utf-8")
    head = text[: text.index("  - id: 2\n")]
    flow = (
        "  - {id: 2, sector: II, content: Nội dung hai., "
        "lead: [{agency: so-tai-chinh, scope: phần tài chính}]}\n"
    )
    path.write_text(head + flow, encoding="utf-8")  # the same task, on one line: its block is not found
    commit(repo, "Đổi cách viết")
    edit(repo, "plan/tasks.yaml", "content: Nội dung hai.", "content: Nội dung 2.")
    commit(repo, "Sửa nhiệm vụ 2")
    data = json.loads(run(["--data", str(repo), "history", "--task", "2", "-f", "json"]).stdout)["entries"]
    assert [e["message"] for e in data] == ["Sửa nhiệm vụ 2", "Kế hoạch ban đầu"]


def test_history_reads_an_older_schema_leniently_and_says_so(tmp_path: Path) -> None:
    """Issue 23, friction 8: a version written before today's schema (a field since removed, one since
    required) is still compared, and the entry says how it was read; a task's first appearance shows."""
    files = {k: textwrap.dedent(v) for k, v in MINIMAL.items()}
    old = files["plan/plan.yaml"]
    start = old.index("progress_statuses:")
    end = old.index("duties:")
    files["plan/plan.yaml"] = old[:start] + "obsolete_field: có trong lược đồ cũ\n" + old[end:]
    root = build_tree(tmp_path / "repo", files)
    git(root, "init", "-q", "-b", "main")
    commit(root, "Kế hoạch theo lược đồ cũ")
    (root / "plan" / "plan.yaml").write_text(old, encoding="utf-8")
    edit(root, "plan/tasks.yaml", "content: Nội dung hai.", "content: Nội dung hai, đã sửa.")
    commit(root, "Theo lược đồ mới, sửa nhiệm vụ 2")
    result = run(["--data", str(root), "history", "--task", "2", "-f", "json"])
    assert result.exit_code == 0, result.stderr
    entries = json.loads(result.stdout)["entries"]
    assert [e["message"] for e in entries] == ["Theo lược đồ mới, sửa nhiệm vụ 2", "Kế hoạch theo lược đồ cũ"]
    assert [c["kind"] for c in entries[1]["changes"]] == ["task-added"]  # the first appearance
    assert "bỏ trường obsolete_field" in entries[1]["note"] and "lấy progress_statuses" in entries[1]["note"]
    assert "không hợp lệ" not in result.stdout

"""The register: one roster, several plans, answers across them (frozen three-plan register)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import DATA, REGISTER, run
from kehoach import api
from kehoach.answer.categories import category
from kehoach.errors import UsageError

REG = ["--data", str(REGISTER)]
ON = ["--as-of", "02/12/2026"]
SO_HOA = "mh-so-hoa-ho-so-2024"
DU_LICH = "mh-du-lich-2025"
HOP_TAC = "hop-tac-hn-hcm-2024"


@pytest.fixture
def register(tmp_path: Path) -> Path:
    """A writable copy of the three-plan register."""
    shutil.copytree(REGISTER, tmp_path / "register")
    return tmp_path / "register"


def _json(args: list[str]) -> dict:  # type: ignore[type-arg]
    result = run([*REG, *args, "-f", "json"])
    assert result.exit_code == 0, result.stderr
    data: dict = json.loads(result.stdout)  # type: ignore[type-arg]
    return data


# --- the four categories -------------------------------------------------------------------


def test_categories_at_the_boundaries() -> None:
    due = dt.date(2025, 6, 30)
    assert category(due, None, due) == "open_in_time"  # the due day itself is still in time
    assert category(due, None, due + dt.timedelta(days=1)) == "open_overdue"
    assert category(due, due, due) == "on_time"  # completed on the due day
    assert category(due, due + dt.timedelta(days=1), dt.date(2026, 1, 1)) == "late"
    assert category(due, due + dt.timedelta(days=5), due + dt.timedelta(days=2)) == "open_overdue"  # not yet
    assert category(None, None, due) == category(None, due, due) == "no_deadline"


@given(
    due=st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)),
    done=st.none() | st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)),
    on=st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)),
)
def test_categories_follow_the_rule(due: dt.date, done: dt.date | None, on: dt.date) -> None:
    found = category(due, done, on)
    completed = done is not None and done <= on
    if completed:
        assert found == ("on_time" if done <= due else "late")  # type: ignore[operator]
    else:
        assert found == ("open_in_time" if on <= due else "open_overdue")


# --- validate ----------------------------------------------------------------------------


def test_the_register_is_valid_in_one_run() -> None:
    result = run([*REG, "validate"])
    assert result.exit_code == 0, result.stdout
    assert "hợp lệ" in result.stdout


def test_problems_name_the_plans_own_files(register: Path) -> None:
    tasks = register / "plan" / "plans" / SO_HOA / "tasks.yaml"
    tasks.write_text(
        tasks.read_text(encoding="utf-8").replace("agency: so-y-te", "agency: so-y-tee"), "utf-8"
    )
    du_lich = register / "plan" / "plans" / DU_LICH / "tasks.yaml"
    text = du_lich.read_text(encoding="utf-8")
    du_lich.write_text(text.replace(f"[{HOP_TAC}#12]", f"[{HOP_TAC}#99, khong-co#1]"), "utf-8")
    info = register / "plan" / "plans" / DU_LICH / "plan.yaml"
    info.write_text(
        info.read_text(encoding="utf-8").replace(f"plan: {HOP_TAC}", "plan: hop-tac-hn-hcm-2042"), "utf-8"
    )
    roster = register / "plan" / "agencies.yaml"
    roster.write_text(
        roster.read_text(encoding="utf-8").replace(
            "short_name: Sở TC\n", "short_name: Sở TC\n    bogus: 1\n"
        ),
        "utf-8",
    )
    result = run(["--data", str(register), "validate", "-f", "json"])
    assert result.exit_code == 1
    found = {(p["code"], p["file"]) for p in json.loads(result.stdout)["problems"]}
    assert ("unknown-agency", f"plan/plans/{SO_HOA}/tasks.yaml") in found
    assert ("unknown-task-ref", f"plan/plans/{DU_LICH}/tasks.yaml") in found
    assert ("unknown-plan", f"plan/plans/{DU_LICH}/tasks.yaml") in found
    assert ("unknown-plan", f"plan/plans/{DU_LICH}/plan.yaml") in found
    problems = json.loads(result.stdout)["problems"]
    roster_problems = [p for p in problems if p["file"] == "plan/agencies.yaml"]
    assert len(roster_problems) == 1  # the roster is checked once, not once per plan
    near = next(p for p in problems if p["code"] == "unknown-plan" and p["file"].endswith("plan.yaml"))
    assert HOP_TAC in near["message"] and near["line"] > 1 and near["column"] > 1  # suggested, and placed
    text_out = run(["--data", str(register), "validate"]).stdout
    assert f"plan/plans/{SO_HOA}/tasks.yaml:" in text_out and "so-y-tee" in text_out


def test_layout_problems(register: Path) -> None:
    plans = register / "plan" / "plans"
    (plans / "Sai_Ten").mkdir()
    (register / "plan" / "plan.yaml").write_text("title: x\n", encoding="utf-8")
    result = run(["--data", str(register), "validate", "-f", "json"])
    codes = {(p["code"], p["file"]) for p in json.loads(result.stdout)["problems"]}
    assert ("bad-plan-id", "plan/plans/Sai_Ten") in codes
    assert ("mixed-layout", "plan/plan.yaml") in codes
    for folder in plans.iterdir():
        shutil.rmtree(folder)
    (register / "plan" / "plan.yaml").unlink()
    result = run(["--data", str(register), "validate", "-f", "json"])
    assert [p["code"] for p in json.loads(result.stdout)["problems"]] == ["empty-register"]
    query = run(["--data", str(register), "plans"])
    assert query.exit_code == 1 and "chưa có kế hoạch nào" in query.stderr


def test_a_replaced_plan_is_checked_and_leaves_force(register: Path) -> None:
    info = register / "plan" / "plans" / SO_HOA / "plan.yaml"
    info.write_text(
        info.read_text(encoding="utf-8") + f"state: replaced\nreplaced_by: {DU_LICH}\nended_on: 2025-12-31\n",
        encoding="utf-8",
    )
    assert run(["--data", str(register), "validate"]).exit_code == 0
    plans = {
        p["id"]: p
        for p in json.loads(run(["--data", str(register), "plans", *ON, "-f", "json"]).stdout)["plans"]
    }
    assert plans[SO_HOA]["state"] == "replaced" and plans[SO_HOA]["in_force"] is False
    text = run(["--data", str(register), "plans", *ON]).stdout
    assert f"Đã được thay thế bởi {DU_LICH} từ 31/12/2025" in " ".join(text.split())
    counted = json.loads(run(["--data", str(register), "overdue", *ON, "--by", "plan", "-f", "json"]).stdout)
    assert SO_HOA not in {p["id"] for p in counted["plans"]}  # no longer in force: not counted by default
    before = json.loads(
        run(
            ["--data", str(register), "overdue", "--as-of", "30/12/2025", "--by", "plan", "-f", "json"]
        ).stdout
    )
    assert SO_HOA in {p["id"] for p in before["plans"]}
    info.write_text(
        info.read_text(encoding="utf-8").replace(f"replaced_by: {DU_LICH}", "replaced_by: khong-co"), "utf-8"
    )
    result = run(["--data", str(register), "validate", "-f", "json"])
    assert [p["code"] for p in json.loads(result.stdout)["problems"]] == ["unknown-plan"]


# --- plans, tasks, task -------------------------------------------------------------------------


def test_plans_lists_every_plan() -> None:
    data = _json(["plans", *ON])
    assert data["schema_version"] == 1
    by_id = {p["id"]: p for p in data["plans"]}
    assert list(by_id) == [HOP_TAC, DU_LICH, SO_HOA]
    assert by_id[HOP_TAC]["number"] is None and by_id[HOP_TAC]["dated"] is None  # blank in the source
    assert (by_id[SO_HOA]["number"], by_id[SO_HOA]["dated"], by_id[SO_HOA]["tasks"]) == (
        "MH-01",
        "2024-06-10",
        8,
    )
    assert by_id[SO_HOA]["next_deadline"] == {"task": 6, "deadline": "Năm 2026", "due": "2026-12-31"}
    assert by_id[DU_LICH]["implements"][0]["plan"] == HOP_TAC
    assert all(p["state"] == "in-force" and p["in_force"] for p in data["plans"])


def test_tasks_of_an_agency_across_plans() -> None:
    data = _json(["tasks", "--agency", "Sở Du lịch", *ON])
    plans = [t["plan"] for t in data["tasks"]]
    assert plans == sorted(plans) and set(plans) == {HOP_TAC, DU_LICH, SO_HOA}  # grouped by plan
    by_key = {(t["plan"], t["id"]): t for t in data["tasks"]}
    assert by_key[(DU_LICH, 1)]["category"] == "on_time"
    assert by_key[(DU_LICH, 1)]["completed_on"] == "2025-06-30"  # on the due day itself
    assert by_key[(DU_LICH, 3)]["category"] == "open_in_time"
    assert by_key[(SO_HOA, 5)]["category"] == "no_deadline"
    assert by_key[(HOP_TAC, 12)]["category"] == "no_deadline"
    only = _json(["tasks", "--agency", "Sở Du lịch", "--plan", DU_LICH, *ON])
    assert {t["plan"] for t in only["tasks"]} == {DU_LICH}
    text = run([*REG, "tasks", "--agency", "Sở Du lịch", *ON]).stdout
    assert "Tình trạng" in text and "trong 3 kế hoạch" in text


def test_across_plans_the_terminal_shows_a_table_per_plan() -> None:
    """In text, each plan's tasks sit under its own heading (said once, not also as a legend above),
    and the tables leave the plan column out; CSV and JSON stay one flat table naming the plan."""
    result = run([*REG, "tasks", "--agency", "Sở Du lịch", *ON], env={"COLUMNS": "200"})
    lines = result.stdout.splitlines()
    headings = [
        n for n, line in enumerate(lines) if line.startswith((f"{HOP_TAC}:", f"{DU_LICH}:", f"{SO_HOA}:"))
    ]
    assert [lines[n].split(":")[0] for n in headings] == [HOP_TAC, DU_LICH, SO_HOA]  # once each, in order
    title = next(n for n, line in enumerate(lines) if line.startswith("Nhiệm vụ của Sở Du lịch"))
    assert title < headings[0]  # the answer's title first, then plan after plan
    for n in headings:
        assert lines[n + 2].split()[:2] == ["TT", "Lĩnh"]  # its own table, without a plan column
    assert not any(line.split()[:1] == ["Kế"] for line in lines)
    assert "Kế hoạch,TT" in run([*REG, "tasks", "--agency", "Sở Du lịch", *ON, "-f", "csv"]).stdout
    machine = run([*REG, "tasks", "--agency", "Sở Du lịch", *ON, "-f", "json"])
    assert HOP_TAC in machine.stdout and f"{HOP_TAC}:" not in machine.stderr  # the legend is no caveat
    every = run([*REG, "tasks", *ON], env={"COLUMNS": "200"}).stdout
    assert sum(line.startswith(f"{DU_LICH}:") for line in every.splitlines()) == 1


def test_standing_duties_that_read_alike_in_several_plans_are_shown_once(tmp_path: Path) -> None:
    """Most plans repeat the same standing duties: across plans the terminal shows them once, under a
    heading naming the plans (or, for most of them, the others); JSON keeps one item per plan."""
    data = tmp_path / "data"
    shutil.copytree(REGISTER, data)
    plans = data / "plan" / "plans"
    copies = ["hop-tac-ban-sao-1", "hop-tac-ban-sao-2"]
    for copy in copies:
        shutil.copytree(plans / HOP_TAC, plans / copy)
    ask = ["--data", str(data), "tasks", "--agency", "Sở Du lịch", *ON]
    text = run(ask, env={"COLUMNS": "250"}).stdout
    titles = [line for line in text.splitlines() if line.startswith("Nhiệm vụ thường xuyên")]
    assert titles == [
        "Nhiệm vụ thường xuyên (phần II.2, III của Kế hoạch) — giống nhau ở 3 kế hoạch, mọi kế hoạch trừ "
        f"{DU_LICH}, {SO_HOA}"
    ]
    duties = json.loads(run([*ask, "-f", "json"]).stdout)["duties"]
    assert len(duties) % 3 == 0 and {d["plan"] for d in duties} == {HOP_TAC, *copies}
    two = run([*ask, "--plan", HOP_TAC, "--plan", copies[0]], env={"COLUMNS": "250"}).stdout
    assert [line for line in two.splitlines() if line.startswith("Nhiệm vụ thường xuyên")] == [
        "Nhiệm vụ thường xuyên (phần II.2, III của Kế hoạch) — giống nhau ở cả 2 kế hoạch"
    ]
    one = run([*ask, "--plan", HOP_TAC, "--plan", DU_LICH], env={"COLUMNS": "250"}).stdout
    assert f"Nhiệm vụ thường xuyên (phần II.2, III của Kế hoạch) — {HOP_TAC}" in one.splitlines()


def test_before_a_plan_starts_it_is_not_asked() -> None:
    data = _json(["tasks", "--agency", "Sở Du lịch", "--as-of", "01/01/2025"])
    assert DU_LICH not in {t["plan"] for t in data["tasks"]}  # dated 01/04/2025


def test_task_by_plan_and_number() -> None:
    result = run([*REG, "task", f"{DU_LICH}#1", *ON])
    assert result.exit_code == 0, result.stderr
    text = " ".join(result.stdout.split())
    assert f"Kế hoạch {DU_LICH}" in text and "Tình trạng ngày 02/12/2026: Hoàn thành đúng hạn" in text
    assert f"Liên quan: {HOP_TAC}#12" in text
    same = run([*REG, "task", "1", "--plan", DU_LICH, *ON])
    assert same.stdout == result.stdout
    many = run([*REG, "task", "1"])
    assert many.exit_code == 2 and "--plan" in many.stderr and HOP_TAC in many.stderr
    unknown = run([*REG, "task", "mh-du-lich-2052#1"])
    assert unknown.exit_code == 2 and f"Có phải ý bạn là «{DU_LICH}»" in unknown.stderr


def test_commands_of_one_plan_take_plan() -> None:
    assert run([*REG, "status", "--year", "2025"]).exit_code == 2
    result = run([*REG, "status", "--year", "2025", "--plan", DU_LICH, "-f", "json"])
    assert result.exit_code == 0, result.stderr
    matrix = run([*REG, "matrix", "--plan", SO_HOA, *ON, "-f", "csv"])
    assert matrix.exit_code == 0 and "Sở Xây dựng" in matrix.stdout


def test_the_one_plan_layout_answers_as_ever() -> None:
    one = run(["--data", str(DATA), "tasks", "--agency", "Sở Du lịch", "--as-of", "01/01/2026"])
    assert one.exit_code == 0 and "Kế hoạch  " not in one.stdout  # no plan column
    data = json.loads(run(["--data", str(DATA), "plans", "-f", "json"]).stdout)
    assert [p["id"] for p in data["plans"]] == ["plan"]
    assert run(["--data", str(DATA), "task", "plan#5"]).exit_code == 0


# --- overdue --------------------------------------------------------------------------------------


def test_overdue_counts_through_lineage() -> None:
    data = _json(["overdue", *ON])
    assert set(data) == {"schema_version", "as_of", "by", "totals", "agencies", "unconfirmed"}
    by_id = {a["id"]: a for a in data["agencies"]}
    xd = by_id["so-xay-dung"]
    assert {k: xd[k] for k in ("on_time", "late", "open_in_time", "open_overdue")} == {
        "on_time": 0,
        "late": 0,
        "open_in_time": 1,  # its own task 6, due 31/12/2026
        "open_overdue": 1,  # task 2 of Sở GTVT, carried from 01/03/2025
    }
    carried = next(t for t in xd["tasks"] if (t["plan"], t["id"]) == (SO_HOA, 2))
    assert carried["via"]["id"] == "so-giao-thong-van-tai" and carried["via"]["effective"] == "2025-03-01"
    assert carried["days_overdue"] == (dt.date(2026, 12, 2) - dt.date(2025, 6, 30)).days
    tc = by_id["so-tai-chinh"]
    assert (tc["on_time"], tc["late"]) == (
        1,
        1,
    )  # task 1 of Sở KH&ĐT done on time (2024), its own task 4 late
    assert "so-giao-thong-van-tai" not in by_id and "so-ke-hoach-va-dau-tu" not in by_id  # gone by then
    assert all(a["tasks"] for a in data["agencies"])
    first = data["agencies"][0]
    assert first["open_overdue"] == max(a["open_overdue"] for a in data["agencies"])  # worst first


def test_overdue_before_the_2025_changes() -> None:
    early = _json(["overdue", "--as-of", "01/02/2025", "--plan", SO_HOA])
    ids = {a["id"] for a in early["agencies"]}
    assert {"so-giao-thong-van-tai", "so-ke-hoach-va-dau-tu", "ubnd-quan-hoan-kiem"} <= ids
    assert "so-xay-dung" not in ids or all(t["id"] != 2 for t in early["agencies"][0]["tasks"])
    kh = next(a for a in early["agencies"] if a["id"] == "so-ke-hoach-va-dau-tu")
    assert kh["on_time"] == 1  # completed 15/12/2024, reported 20/12/2024
    mid = _json(["overdue", "--as-of", "15/08/2025", "--plan", SO_HOA])
    communes = [a for a in mid["agencies"] if any(t["id"] == 3 for t in a["tasks"])]
    assert len(communes) == 126  # the district's task passed to every commune on 01/07/2025
    assert all(t["via"]["kind"] == "group" for a in communes for t in a["tasks"] if t["id"] == 3)
    assert "ubnd-quan-hoan-kiem" not in {a["id"] for a in mid["agencies"]}


def test_a_completion_counts_from_the_day_its_report_arrives() -> None:
    before = _json(["overdue", "--agency", "Sở Tài chính", "--plan", SO_HOA, "--as-of", "09/09/2026"])
    task4 = next(t for t in before["agencies"][0]["tasks"] if t["id"] == 4)
    assert task4["category"] == "open_overdue" and task4["completed_on"] is None  # report received 10/09
    after = _json(["overdue", "--agency", "Sở Tài chính", "--plan", SO_HOA, "--as-of", "10/09/2026"])
    task4 = next(t for t in after["agencies"][0]["tasks"] if t["id"] == 4)
    assert (task4["category"], task4["completed_on"]) == ("late", "2026-07-10")


def test_overdue_by_plan_and_formats(tmp_path: Path) -> None:
    data = _json(["overdue", *ON, "--by", "plan"])
    by_id = {p["id"]: p for p in data["plans"]}
    assert {
        k: by_id[SO_HOA][k] for k in ("on_time", "late", "open_in_time", "open_overdue", "no_deadline")
    } == {
        "on_time": 1,
        "late": 1,
        "open_in_time": 1,
        "open_overdue": 3,
        "no_deadline": 2,
    }
    assert by_id[HOP_TAC]["no_deadline"] == 18
    assert (
        sum(by_id[SO_HOA][k] for k in ("on_time", "late", "open_in_time", "open_overdue", "no_deadline")) == 8
    )
    csv = run([*REG, "overdue", *ON, "-f", "csv"]).stdout
    assert csv.splitlines()[0].lstrip("\ufeff").startswith("Cơ quan,Xong đúng hạn,Xong quá hạn")
    out = tmp_path / "ton-dong.xlsx"
    assert run([*REG, "overdue", *ON, "-o", str(out)]).exit_code == 0
    from openpyxl import load_workbook

    sheet = load_workbook(out).active
    assert sheet is not None and sheet["B1"].value == "Xong đúng hạn"
    text = run([*REG, "overdue", *ON, "--agency", "Sở Xây dựng"]).stdout
    assert "Kế thừa Sở GTVT" in text and "không phải số ngày" in " ".join(text.split())


def test_api_across_plans() -> None:
    found = api.register(REGISTER)
    assert found.ids == [HOP_TAC, DU_LICH, SO_HOA] and found.is_register
    pairs = api.tasks_across(found, "so du lich", dt.date(2026, 12, 2))
    assert [plan.id for plan, _ in pairs] == [HOP_TAC, DU_LICH, SO_HOA]
    counted = api.overdue(found, dt.date(2026, 12, 2), agency="Sở Xây dựng")
    assert [c.key for c in counted] == ["so-xay-dung"] and counted[0].counts["open_overdue"] == 1
    one = api.register(REGISTER, plans=[DU_LICH])
    assert list(one.plans) == [DU_LICH] and one.ids == found.ids  # only what was asked is read
    with pytest.raises(UsageError, match="--plan"):
        api.load(REGISTER)  # several plans: which one?


# --- writing into a plan of the register ------------------------------------------------


def test_record_into_a_plan_of_the_register(register: Path) -> None:
    args = [
        "--data",
        str(register),
        "record",
        "--year",
        "2026",
        "--agency",
        "Sở Du lịch",
        "--received",
        "01/10/2026",
    ]
    assert run([*args, "--task", "3", "--status", "in-progress"]).exit_code == 2  # which plan?
    result = run([*args, "--plan", DU_LICH, "--task", "3", "--status", "in-progress"])
    assert result.exit_code == 0, result.stderr
    written = register / "plan" / "plans" / DU_LICH / "reports" / "2026" / "so-du-lich.yaml"
    assert written.exists() and f"plan/plans/{DU_LICH}/reports/2026/so-du-lich.yaml" in result.stdout
    first = written.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../../../../schema/report.schema.json"
    assert run(["--data", str(register), "validate"]).exit_code == 0


# --- diff and history follow a plan into the register ---------------------------------------------


def _git(root: Path, *args: str) -> None:
    import os

    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid"}
    env |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid"}
    subprocess.run(["git", "-C", str(root), *args], env=env, check=True, capture_output=True)


def test_diff_and_history_follow_the_move(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(DATA, root)
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "one plan")
    tasks = root / "plan" / "tasks.yaml"
    tasks.write_text(
        tasks.read_text(encoding="utf-8").replace("Quảng bá du lịch", "Quảng bá mạnh du lịch", 1), "utf-8"
    )
    _git(root, "commit", "-q", "-am", "edit task 12 before the move")
    folder = root / "plan" / "plans" / HOP_TAC
    folder.mkdir(parents=True)
    _git(root, "mv", "plan/plan.yaml", "plan/tasks.yaml", f"plan/plans/{HOP_TAC}/")
    _git(root, "commit", "-q", "-m", "move into the register")
    assert run(["--data", str(root), "diff", "HEAD~1", "HEAD", "-f", "json"]).exit_code == 0
    moved = json.loads(run(["--data", str(root), "diff", "HEAD~1", "HEAD", "-f", "json"]).stdout)
    assert moved["changes"] == []  # the move itself changes nothing in the plan
    moved_tasks = folder / "tasks.yaml"
    moved_tasks.write_text(
        moved_tasks.read_text(encoding="utf-8").replace("Quảng bá mạnh", "Quảng bá rất mạnh"), "utf-8"
    )
    _git(root, "commit", "-q", "-am", "edit task 12 after the move")
    across = json.loads(run(["--data", str(root), "diff", "HEAD~3", "HEAD", "-f", "json"]).stdout)
    assert [c["kind"] for c in across["changes"]] == ["task-content-changed"]
    history = json.loads(run(["--data", str(root), "history", "--task", "12", "-f", "json"]).stdout)
    messages = [e["message"] for e in history["entries"] if e["changes"]]
    assert messages[:2] == ["edit task 12 after the move", "edit task 12 before the move"]


# --- chasing overdue tasks ----------------------------------------------------------------------


def test_chasing_overdue_tasks_is_counted_and_escalated(register: Path, tmp_path: Path) -> None:
    base = ["--data", str(register), "remind", "--overdue", *ON]
    letter = run([*base, "--agency", "Sở Xây dựng"])
    assert letter.exit_code == 0, letter.stderr
    text = " ".join(letter.stdout.split())
    assert "VĂN PHÒNG UBND THÀNH PHỐ" in text and "Kính gửi: Sở Xây dựng." in text
    assert f"Kế hoạch số MH-01/KH-UBND ({SO_HOA}), nhiệm vụ 2" in text and "quá hạn 520 ngày" in text
    assert "đã đôn đốc" not in text  # never chased yet
    chases = register / "plan" / "plans" / SO_HOA / "chases.yaml"
    assert not chases.exists()  # printing a draft records nothing
    for day in ("01/10/2026", "15/10/2026", "01/11/2026"):
        done = run(
            [*base, "--agency", "Sở Xây dựng", "--dated", day, "--record", "-o", str(tmp_path / "l.docx")]
        )
        assert done.exit_code == 0, done.stderr
        assert f"plan/plans/{SO_HOA}/chases.yaml" in done.stderr
    assert chases.read_text(encoding="utf-8").count("agency: so-xay-dung") == 3
    assert "*id" not in chases.read_text(encoding="utf-8")  # no YAML aliases for the repeated values
    assert run(["--data", str(register), "validate"]).exit_code == 0
    again = " ".join(run([*base, "--agency", "Sở Xây dựng"]).stdout.split())
    assert "đã đôn đốc 3 lần" in again
    counted = _json_at(register, ["overdue", "--agency", "Sở Xây dựng", *ON])
    task2 = next(t for t in counted["agencies"][0]["tasks"] if t["id"] == 2)
    assert task2["chased"] == 3
    escalate = run(["--data", str(register), "remind", "--escalate", "3", *ON])
    assert escalate.exit_code == 0 and "Sở Xây dựng" in escalate.stdout and "Sở Y tế" not in escalate.stdout
    none = run(["--data", str(register), "remind", "--escalate", "4", *ON])
    assert "Không có nhiệm vụ quá hạn nào" in none.stdout
    # a comment the secretariat wrote is kept when the next chase is added
    chases.write_text(chases.read_text(encoding="utf-8") + "# ghi chú của văn phòng\n", encoding="utf-8")
    assert run([*base, "--agency", "Sở Y tế", "--record", "-f", "text"]).exit_code == 0
    kept = chases.read_text(encoding="utf-8")
    assert "# ghi chú của văn phòng" in kept and "agency: so-y-te" in kept


def test_remind_overdue_refuses_what_does_not_fit(register: Path) -> None:
    base = ["--data", str(register), "remind"]
    assert run([*base, "--overdue", "--year", "2026"]).exit_code == 2
    assert run([*base, "--year", "2026", "--plan", HOP_TAC, "--record"]).exit_code == 2
    assert run([*base]).exit_code == 2
    nothing = run([*base, "--overdue", "--as-of", "01/01/2025", "--agency", "Sở Du lịch"])
    assert nothing.exit_code == 2 and "Không có nhiệm vụ nào chưa hoàn thành, quá hạn" in nothing.stderr
    broken = register / "plan" / "plans" / SO_HOA / "chases.yaml"
    broken.write_text(
        "chases:\n  - dated: 2026-10-01\n    agency: so-khong-co\n    tasks: [2, 99]\n", "utf-8"
    )
    result = run(["--data", str(register), "validate", "-f", "json"])
    found = {(p["code"], p["line"]) for p in json.loads(result.stdout)["problems"]}
    assert found == {("unknown-agency", 3), ("unknown-task", 4)}


def _json_at(root: Path, args: list[str]) -> dict:  # type: ignore[type-arg]
    result = run(["--data", str(root), *args, "-f", "json"])
    assert result.exit_code == 0, result.stderr
    data: dict = json.loads(result.stdout)  # type: ignore[type-arg]
    return data


def test_one_agency_across_plans() -> None:
    data = _json(["agency", "Sở Du lịch", *ON])
    assert data["plans"] == [HOP_TAC, DU_LICH, SO_HOA]
    assert {(t["plan"], t["id"]) for t in data["tasks"] if t["role"] == "lead"} >= {(DU_LICH, 1), (SO_HOA, 5)}
    text = " ".join(run([*REG, "agency", "Sở Du lịch", *ON]).stdout.split())
    assert f"{DU_LICH}: 1, 3" in text and "Người ký Kế hoạch" not in text  # no one plan's signer
    one = _json(["agency", "Sở Du lịch", "--plan", DU_LICH, *ON])
    assert "plans" not in one and {t["id"] for t in one["tasks"]} == {1, 3}


def test_a_returned_form_goes_to_the_plan_it_was_made_for(register: Path, tmp_path: Path) -> None:
    import zipfile

    base = ["--data", str(register)]
    form = tmp_path / "du-lich.xlsx"
    made = run([*base, "form", "--plan", DU_LICH, "-y", "2026", "-a", "Sở Du lịch", "-o", str(form)])
    assert made.exit_code == 0, made.stderr
    marker = zipfile.ZipFile(form).read("xl/worksheets/sheet3.xml").decode()
    assert DU_LICH in marker  # B8: the plan it was made for
    done = run([*base, "import", str(form), "--received", "01/10/2026"])  # no --plan: the form says
    assert done.exit_code == 0, done.stdout + done.stderr
    assert (register / "plan" / "plans" / DU_LICH / "reports" / "2026" / "so-du-lich.yaml").exists()
    assert not (register / "plan" / "plans" / SO_HOA / "reports" / "2026" / "so-du-lich.yaml").exists()
    # the same form filed under another plan: its signature covers the plan, so it is refused
    wrong = run([*base, "import", str(form), "--received", "01/10/2026", "--plan", SO_HOA, "--force"])
    assert wrong.exit_code == 1

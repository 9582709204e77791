"""Remembered answers (check/answers.py): the same query on unchanged files is replayed, reading no data
file; a change to anything the answer read is answered again; nothing young, broken or foreign is
trusted."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest

from conftest import REGISTER, run

ASK = ["overdue", "--agency", "Sở Y tế", "--as-of", "02/12/2026"]


def _aged(tmp_path: Path, seconds: int = 60) -> Path:
    """A copy of the three-plan register whose files and folders are `seconds` old."""
    data = tmp_path / "data"
    shutil.copytree(REGISTER, data)
    past = time.time() - seconds
    for folder, dirs, files in os.walk(data, topdown=False):
        for name in [*files, *dirs]:
            os.utime(os.path.join(folder, name), (past, past), follow_symlinks=False)
    os.utime(data, (past, past))
    return data


def _answers(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.name.startswith("answer-"))


def _no_data_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """From here on, loading any plan fails the test: an answer must come from what was remembered."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a plan was loaded")

    monkeypatch.setattr("kehoach.check.cache.load_register", refuse)


def test_the_same_query_again_is_replayed_without_reading_the_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = _aged(tmp_path)
    env = {"KEHOACH_CACHE_DIR": str(tmp_path / "c")}
    first = run(["--data", str(data), *ASK], env)
    assert first.exit_code == 0 and "Sở Y tế" in first.stdout
    (entry,) = _answers(tmp_path / "c")
    _no_data_read(monkeypatch)
    again = run(["--data", str(data), *ASK], env)
    assert (again.exit_code, again.stdout, again.stderr) == (first.exit_code, first.stdout, first.stderr)
    depends = json.loads(entry.read_text("utf-8"))["depends"]
    read = {plan: reports is not None for plan, _, _, reports in depends["plans"]}
    # Sở Y tế leads tasks in two plans: their reports (completions) were read; the third plan's were not
    assert read == {"hop-tac-hn-hcm-2024": True, "mh-so-hoa-ho-so-2024": True, "mh-du-lich-2025": False}


def test_an_edit_to_what_the_answer_read_is_answered_again(tmp_path: Path) -> None:
    data = _aged(tmp_path)
    env = {"KEHOACH_CACHE_DIR": str(tmp_path / "c")}
    ask = ["--data", str(data), "tasks", "--agency", "Sở Y tế", "--as-of", "02/12/2026", "-f", "json"]
    first = json.loads(run(ask, env).stdout)
    tasks = data / "plan" / "plans" / "mh-so-hoa-ho-so-2024" / "tasks.yaml"
    text = tasks.read_text(encoding="utf-8")
    content = next(t["content"] for t in first["tasks"] if t["plan"] == "mh-so-hoa-ho-so-2024")
    assert f"content: {content}\n" in text
    tasks.write_text(text.replace(content, content.upper(), 1), encoding="utf-8")  # the same size
    again = json.loads(run(ask, env).stdout)
    assert content.upper() in [t["content"] for t in again["tasks"]]


def test_a_completion_reported_in_a_plan_the_answer_read_is_seen(tmp_path: Path) -> None:
    data = _aged(tmp_path)
    env = {"KEHOACH_CACHE_DIR": str(tmp_path / "c")}
    ask = ["--data", str(data), *ASK, "-f", "json"]
    (before,) = json.loads(run(ask, env).stdout)["agencies"]
    task = next(
        t for t in before["tasks"] if t["plan"] == "mh-so-hoa-ho-so-2024" and t["category"] != "on_time"
    )
    report = data / "plan" / "plans" / "mh-so-hoa-ho-so-2024" / "reports" / "2026" / "so-y-te.yaml"
    report.write_text(
        f"agency: so-y-te\nyear: 2026\nreceived: 2026-09-10\ntasks:\n"
        f"  - task: {task['id']}\n    status: completed\n    completed_on: 2026-09-01\n",
        encoding="utf-8",
    )
    (after,) = json.loads(run(ask, env).stdout)["agencies"]
    done = next(t for t in after["tasks"] if (t["plan"], t["id"]) == (task["plan"], task["id"]))
    assert done["category"] != task["category"] and done["category"] in ("on_time", "late")


def test_a_new_plan_is_seen(tmp_path: Path) -> None:
    data = _aged(tmp_path)
    env = {"KEHOACH_CACHE_DIR": str(tmp_path / "c")}
    ask = ["--data", str(data), "plans", "--as-of", "02/12/2026", "-f", "json"]
    before = [p["id"] for p in json.loads(run(ask, env).stdout)["plans"]]
    plans = data / "plan" / "plans"
    shutil.copytree(plans / "mh-du-lich-2025", plans / "mh-du-lich-2026")
    after = [p["id"] for p in json.loads(run(ask, env).stdout)["plans"]]
    assert after == sorted([*before, "mh-du-lich-2026"])


def test_what_the_answer_did_not_read_does_not_stop_it_but_validate_does(tmp_path: Path) -> None:
    """The promise is about the files an answer read: a broken report of a plan whose reports this answer
    never needed leaves it as it was; `kehoach validate` (and CI) still refuse the register."""
    data = _aged(tmp_path)
    env = {"KEHOACH_CACHE_DIR": str(tmp_path / "c")}
    first = run(["--data", str(data), *ASK], env)
    broken = data / "plan" / "plans" / "mh-du-lich-2025" / "reports" / "2025" / "so-du-lich.yaml"
    broken.write_text("agency: [không đóng\n", encoding="utf-8")
    assert run(["--data", str(data), *ASK], env).stdout == first.stdout
    checked = run(["--data", str(data), "validate"], env)
    assert checked.exit_code == 1 and "mh-du-lich-2025/reports/2025/so-du-lich.yaml" in checked.stdout


def test_the_answer_is_kept_per_day_and_per_terminal_width(tmp_path: Path) -> None:
    data = _aged(tmp_path)
    folder = tmp_path / "c"
    for columns, day in (("100", "02/12/2026"), ("60", "02/12/2026"), ("100", "03/12/2026")):
        asked = ["--data", str(data), "tasks", "--agency", "Sở Y tế", "--as-of", day]
        assert run(asked, {"KEHOACH_CACHE_DIR": str(folder), "COLUMNS": columns}).exit_code == 0
    narrow = run(
        ["--data", str(data), "tasks", "--agency", "Sở Y tế", "--as-of", "02/12/2026"],
        {"KEHOACH_CACHE_DIR": str(folder), "COLUMNS": "60"},
    )
    assert len(_answers(folder)) == 3
    assert max(len(line) for line in narrow.stdout.splitlines()) <= 60


def test_files_written_just_now_are_not_remembered(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(REGISTER, data, copy_function=shutil.copy)  # every file written just now
    folder = tmp_path / "c"
    assert run(["--data", str(data), *ASK], {"KEHOACH_CACHE_DIR": str(folder)}).exit_code == 0
    assert _answers(folder) == []


def test_only_queries_to_the_terminal_from_the_working_tree_are_remembered(tmp_path: Path) -> None:
    data = _aged(tmp_path)
    folder = tmp_path / "c"
    env = {"KEHOACH_CACHE_DIR": str(folder)}
    out = tmp_path / "qua-han.csv"
    assert run(["--data", str(data), *ASK, "-o", str(out)], env).exit_code == 0
    assert run(["--data", str(data), "validate"], env).exit_code == 0
    assert _answers(folder) == [] and out.is_file()


@pytest.mark.parametrize("damage", [b"", b"{", b'{"said": 1, "code": 0, "depends": {}}', b'{"said": [[1]]}'])
def test_a_damaged_entry_is_answered_again(tmp_path: Path, damage: bytes) -> None:
    data = _aged(tmp_path)
    folder = tmp_path / "c"
    env = {"KEHOACH_CACHE_DIR": str(folder)}
    first = run(["--data", str(data), *ASK], env)
    (entry,) = _answers(folder)
    entry.write_bytes(damage)
    again = run(["--data", str(data), *ASK], env)
    assert (again.exit_code, again.stdout, again.stderr) == (0, first.stdout, first.stderr)
    assert json.loads(entry.read_text("utf-8"))["code"] == 0  # remembered again, whole


def test_a_file_saved_while_the_answer_is_computed_is_read_next_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The stats remembered are those taken before the files were read: a save in between (an hour-long
    first validation, say) makes the remembered answer stale, never the new stats beside the old answer."""
    from kehoach.show import formats

    data = _aged(tmp_path)
    env = {"KEHOACH_CACHE_DIR": str(tmp_path / "c")}
    ask = ["--data", str(data), "tasks", "--agency", "Sở Y tế", "--as-of", "02/12/2026", "-f", "json"]
    tasks = data / "plan" / "plans" / "mh-so-hoa-ho-so-2024" / "tasks.yaml"
    old = "(minh họa) Số hóa hồ sơ khám chữa bệnh."
    render = formats.render

    def saved_meanwhile(*args: object, **kwargs: object) -> None:
        tasks.write_text(tasks.read_text(encoding="utf-8").replace(old, old.upper()), encoding="utf-8")
        past = time.time() - 30
        os.utime(tasks, (past, past))
        render(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(formats, "render", saved_meanwhile)
    first = json.loads(run(ask, env).stdout)
    assert old in [t["content"] for t in first["tasks"]]  # computed from what was read before the save
    monkeypatch.setattr(formats, "render", render)
    again = json.loads(run(ask, env).stdout)
    assert old.upper() in [t["content"] for t in again["tasks"]]

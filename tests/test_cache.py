"""The query cache: keyed by data, code and libraries; a folder it does not trust is not used."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import ROOT, run
from kehoach.check import store

Tree = Callable[..., Path]


def _entries(folder: Path) -> list[str]:
    """The plan entries (not the roster entry nor the stat manifests they come with)."""
    return sorted(
        p.name for p in folder.iterdir() if re.fullmatch(store.OWN, p.name) and p.name.startswith("plan-")
    )


def test_a_query_fills_the_cache_and_reading_refreshes_it(minimal: Tree, tmp_path: Path) -> None:
    folder = tmp_path / "c"
    env = {"KEHOACH_CACHE_DIR": str(folder)}
    assert run(["--data", str(minimal()), "tasks", "-f", "json"], env).exit_code == 0
    (entry,) = _entries(folder)
    os.utime(folder / entry, (1, 1))
    assert run(["--data", str(minimal()), "tasks", "-f", "json"], env).exit_code == 0
    assert (folder / entry).stat().st_mtime > 1  # used: kept longest
    assert (folder.stat().st_mode & 0o777) == 0o700 and ((folder / entry).stat().st_mode & 0o777) == 0o600


def test_the_key_covers_the_code(monkeypatch: pytest.MonkeyPatch) -> None:
    before = store.code_fingerprint()
    assert "model/schema.py:" in before and "pydantic-" in before
    module = ROOT / "src" / "kehoach" / "model" / "schema.py"
    stat = module.stat()
    os.utime(module, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    try:
        assert store.code_fingerprint() != before
    finally:
        os.utime(module, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def test_a_changed_constraint_is_refused_by_queries_as_by_validate(minimal: Tree, tmp_path: Path) -> None:
    """Fill the cache, then tighten the schema in a copy of the package: the query must refuse."""
    src = tmp_path / "src"
    shutil.copytree(ROOT / "src" / "kehoach", src / "kehoach", ignore=shutil.ignore_patterns("__pycache__"))
    root = minimal()
    env = {**os.environ, "PYTHONPATH": str(src), "KEHOACH_CACHE_DIR": str(tmp_path / "cache")}
    query = [sys.executable, "-m", "kehoach", "--data", str(root), "tasks", "-f", "json"]
    validate = [sys.executable, "-m", "kehoach", "--data", str(root), "validate"]
    assert subprocess.run(query, env=env, capture_output=True, check=False).returncode == 0
    schema = src / "kehoach" / "model" / "schema.py"
    text = schema.read_text(encoding="utf-8")
    tightened = text.replace("    content: Text\n", "    content: Annotated[Text, Field(max_length=5)]\n", 1)
    assert tightened != text
    schema.write_text(tightened, encoding="utf-8")
    refused = subprocess.run(query, env=env, capture_output=True, text=True, check=False)
    checked = subprocess.run(validate, env=env, capture_output=True, text=True, check=False)
    assert (refused.returncode, checked.returncode) == (1, 1)
    assert "plan/tasks.yaml" in refused.stderr and "plan/tasks.yaml" in checked.stdout


def test_a_folder_others_can_write_is_not_used(minimal: Tree, tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    folder.chmod(0o777)
    result = run(["--data", str(minimal()), "tasks", "-f", "json"], {"KEHOACH_CACHE_DIR": str(folder)})
    assert result.exit_code == 0
    assert "Cảnh báo: không dùng bộ nhớ đệm" in result.stderr and "người khác cũng ghi được" in result.stderr
    assert _entries(folder) == []


def test_a_symlinked_folder_is_not_used(minimal: Tree, tmp_path: Path) -> None:
    victim = tmp_path / "victim"
    victim.mkdir(mode=0o700)
    (victim / "plan-0123456789abcdef0123456789abcdef.json").write_text("{}", encoding="utf-8")
    link = tmp_path / "link"
    link.symlink_to(victim)
    result = run(["--data", str(minimal()), "tasks"], {"KEHOACH_CACHE_DIR": str(link)})
    assert result.exit_code == 0 and "liên kết tượng trưng" in result.stderr
    assert _entries(victim) == ["plan-0123456789abcdef0123456789abcdef.json"]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to plant a file")
def test_a_planted_entry_of_another_user_is_not_served(minimal: Tree, tmp_path: Path) -> None:
    folder = tmp_path / "c"
    env = {"KEHOACH_CACHE_DIR": str(folder)}
    root = minimal()
    assert run(["--data", str(root), "tasks", "-f", "json"], env).exit_code == 0
    (entry,) = _entries(folder)
    head, reports = (folder / entry).read_text(encoding="utf-8").split("\n", 1)
    planted = json.loads(head)
    planted["plan/tasks.yaml"]["tasks"][0]["content"] = "CÀI CẮM"
    (folder / entry).write_text(f"{json.dumps(planted)}\n{reports}", encoding="utf-8")
    os.chown(folder / entry, 65534, 65534)
    answer = json.loads(run(["--data", str(root), "tasks", "-f", "json"], env).stdout)["tasks"]
    assert answer[0]["content"] == "Nội dung một."


def test_pruning_removes_only_this_caches_files(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    folder.mkdir(mode=0o700)
    mine = [f"plan-{n:032x}.json" for n in range(5)]
    others = ["plan-victim.json", "notes.txt", "plan-0123.json"]
    for age, name in enumerate([*mine, *others]):
        (folder / name).write_bytes(b"x" * 100)
        os.utime(folder / name, (1000 + age, 1000 + age))
    stale = folder / f".{mine[0]}.abc_123.tmp"
    stale.write_bytes(b"half")
    os.utime(stale, (1, 1))
    store.prune(str(folder), keep=mine[0], limit=250)
    # 500 bytes of entries over a 250-byte cap: the oldest go, except the one in use; the rest stay
    assert sorted(p.name for p in folder.iterdir()) == sorted([mine[0], mine[4], *others])


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)


@given(_JSON)
def test_entries_are_read_as_json_reads_them(value: object) -> None:
    """The cache reads entries with json's C scanner (no `import json` on a query): same values."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    assert store._loads(text.encode()) == json.loads(text)


_ANSWER = st.recursive(  # what a remembered answer holds: no floats
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)


@given(_ANSWER)
def test_answers_are_written_as_json_writes_them(value: object) -> None:
    """Remembered answers are written without `import json` (check/store.py dumps): the same text."""
    assert store.dumps(value) == json.dumps(value, ensure_ascii=False, separators=(",", ":"))


_NAMES = st.one_of(
    st.text(max_size=60),
    st.builds(
        lambda dot, kind, digest, tail: f"{dot}{kind}{digest}{tail}",
        st.sampled_from(["", "."]),
        st.sampled_from(["plan-", "roster-", "stat-", "answer-", "plans-", "Plan-"]),
        st.text("0123456789abcdefA", min_size=31, max_size=33),
        st.sampled_from(
            [".json", ".json.", ".json.tmp", ".json.ab_9.tmp", ".json.a.b.tmp", ".json\n", ".jsonx"]
        ),
    ),
)


@given(_NAMES)
def test_the_cache_knows_its_own_files_without_re(name: str) -> None:
    assert store.is_own(name) == bool(re.fullmatch(store.OWN, name))


@pytest.mark.parametrize("entry", [b"", b"{", b'{"a":1} x', b"\xff\xfe", b'{"a":"\x01"}', b"[1,]"])
def test_an_entry_that_is_not_json_is_refused(entry: bytes) -> None:
    with pytest.raises((ValueError, StopIteration)):
        store._loads(entry)


# --- a register: one entry per plan, the roster once, unchanged files not read ------------------------


def _age(root: Path, seconds: int = 60) -> None:
    """Make every data file `seconds` old, as files are once an editor is done with them."""
    import os
    import time

    past = time.time() - seconds
    for path in (root / "plan").rglob("*.yaml"):
        os.utime(path, (past, past), follow_symlinks=False)


def _aged_register(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A copy of the three-plan register whose data files are a minute old, and its own cache."""
    from conftest import REGISTER

    data = tmp_path / "data"
    shutil.copytree(REGISTER, data)
    _age(data)
    return data, {"KEHOACH_CACHE_DIR": str(tmp_path / "c")}


def test_a_register_keeps_one_entry_per_plan_and_the_roster_once(tmp_path: Path) -> None:
    import json

    data, env = _aged_register(tmp_path)
    folder = tmp_path / "c"
    first = run(["--data", str(data), "overdue", "--as-of", "02/12/2026", "-f", "json"], env)
    assert first.exit_code == 0, first.stderr
    names = sorted(p.name for p in folder.iterdir())
    assert sum(n.startswith("plan-") for n in names) == 3
    assert sum(n.startswith("roster-") for n in names) == 1
    stat_files = [p for p in folder.iterdir() if p.name.startswith("stat-")]
    assert len(stat_files) == 1  # one manifest for the data folder, a line per plan
    lines = json.loads(stat_files[0].read_text("utf-8"))["plans"]
    assert sorted(lines) == [
        "plan/plans/hop-tac-hn-hcm-2024",
        "plan/plans/mh-du-lich-2025",
        "plan/plans/mh-so-hoa-ho-so-2024",
    ]
    text = next(p for p in folder.iterdir() if p.name.startswith("plan-")).read_text("utf-8")
    entry, reports = (json.loads(line) for line in text.split("\n"))  # the reports on a line of their own
    assert all(name.startswith("plan/reports/") for name in reports)
    assert (
        "plan/agencies.yaml" not in entry and len(entry["roster-digest"]) == 32
    )  # the roster is stored once
    # an edit to one plan: that plan alone is validated again
    tasks = data / "plan" / "plans" / "mh-du-lich-2025" / "tasks.yaml"
    tasks.write_text(tasks.read_text(encoding="utf-8").replace("15/10/2026", "30/12/2026"), encoding="utf-8")
    again = run(["--data", str(data), "overdue", "--as-of", "02/12/2026", "-f", "json"], env)
    assert again.exit_code == 0 and again.stdout != first.stdout
    assert sum(p.name.startswith("plan-") for p in folder.iterdir()) == 4


def test_unchanged_files_are_not_read_and_a_changed_stat_is_seen(tmp_path: Path) -> None:
    import os
    import shutil

    from conftest import DATA

    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    _age(data)
    env = {"KEHOACH_CACHE_DIR": str(tmp_path / "c")}
    ask = ["--data", str(data), "task", "12", "-f", "json"]
    assert "Quảng bá du lịch" in run(ask, env).stdout
    tasks = data / "plan" / "tasks.yaml"
    info = os.stat(tasks)
    text = tasks.read_text(encoding="utf-8")
    tasks.write_text(text.replace("Quảng bá du lịch", "Quảng bá DU LỊCH", 1), encoding="utf-8")  # same size
    os.utime(tasks, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert os.stat(tasks).st_size == info.st_size
    # the same stats: the manifest answers, nothing is read (as git trusts its index)
    assert "Quảng bá du lịch" in run(ask, env).stdout
    os.utime(tasks, ns=(info.st_atime_ns, info.st_mtime_ns - 5_000_000_000))  # a stat that differs
    assert "Quảng bá DU LỊCH" in run(ask, env).stdout


def test_a_file_changed_just_now_is_never_trusted_by_its_stat(tmp_path: Path) -> None:
    import shutil

    from conftest import DATA

    data = tmp_path / "data"
    shutil.copytree(DATA, data, copy_function=shutil.copy)  # every file written just now
    folder = tmp_path / "c"
    assert run(["--data", str(data), "tasks"], {"KEHOACH_CACHE_DIR": str(folder)}).exit_code == 0
    assert not [p for p in folder.iterdir() if p.name.startswith("stat-")]  # racily clean: no manifest yet
    assert [p for p in folder.iterdir() if p.name.startswith("plan-")]


@pytest.mark.parametrize("unusual", ["link", "control"])
def test_what_the_manifest_cannot_judge_is_read_in_full(tmp_path: Path, unusual: str) -> None:
    """A reports folder that is a link, or a report whose name has a control character, appearing after
    the manifest was kept: the query does not trust the manifest, and the full read says what is wrong."""
    data, env = _aged_register(tmp_path)
    ask = ["--data", str(data), "overdue", "--as-of", "02/12/2026"]
    assert run(ask, env).exit_code == 0
    assert [p for p in (tmp_path / "c").iterdir() if p.name.startswith("stat-")]
    reports = data / "plan" / "plans" / "mh-du-lich-2025" / "reports"
    reports.mkdir(exist_ok=True)
    if unusual == "link":
        outside = tmp_path / "outside"
        outside.mkdir()
        (reports / "2031").symlink_to(outside, target_is_directory=True)
    else:
        (reports / "2026").mkdir(exist_ok=True)
        (reports / "2026" / "so\x1bdu-lich.yaml").write_text("agency: so-du-lich\n", encoding="utf-8")
    refused = run(ask, env)
    assert refused.exit_code == 1, refused.stdout
    assert ("liên kết" if unusual == "link" else "ký tự điều khiển") in refused.stderr


def test_reports_are_checked_only_by_the_answers_that_read_them(tmp_path: Path) -> None:
    """A plan known by its plan files' stats gets its reports checked when an answer first reads them:
    Sở Y tế leads no task of mh-du-lich-2025, so a report of that plan broken after the manifest neither
    costs its answer a full read nor stops it; the whole city's `overdue` reads them, and refuses as
    `validate` does."""
    data, env = _aged_register(tmp_path)
    assert run(["--data", str(data), "overdue", "--as-of", "02/12/2026"], env).exit_code == 0
    broken = data / "plan" / "plans" / "mh-du-lich-2025" / "reports" / "2025" / "so-du-lich.yaml"
    broken.write_text("agency: [không đóng\n", encoding="utf-8")
    one = run(["--data", str(data), "overdue", "--agency", "Sở Y tế", "--as-of", "03/12/2026"], env)
    assert one.exit_code == 0 and "Sở Y tế" in one.stdout
    refused = run(["--data", str(data), "overdue", "--as-of", "03/12/2026"], env)
    assert refused.exit_code == 1 and "kehoach validate" in refused.stderr
    assert "mh-du-lich-2025/reports/2025/so-du-lich.yaml" in refused.stderr


def test_plan_files_changed_while_their_reports_are_read_stop_the_answer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kehoach.check import cache as plan_cache

    data, env = _aged_register(tmp_path)
    ask = ["--data", str(data), "overdue", "--as-of", "02/12/2026"]
    assert run(ask, env).exit_code == 0
    plan = data / "plan" / "plans" / "mh-du-lich-2025"
    report = plan / "reports" / "2025" / "so-du-lich.yaml"
    report.write_text(report.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # valid, new stats
    read = plan_cache.read_sources

    def saved_meanwhile(root: object, files: object = plan_cache.ONE) -> object:
        os.utime(plan / "tasks.yaml", (1_000_000, 1_000_000))  # plan files saved as the reports are read
        return read(root, files)  # type: ignore[arg-type]

    monkeypatch.setattr(plan_cache, "read_sources", saved_meanwhile)
    stopped = run([*ask[:-1], "03/12/2026"], env)
    assert stopped.exit_code == 1 and "vừa thay đổi trong lúc đang trả lời" in stopped.stderr
    monkeypatch.setattr(plan_cache, "read_sources", read)
    assert run([*ask[:-1], "03/12/2026"], env).exit_code == 0


def test_a_plan_entry_whose_reports_line_is_damaged_is_validated_again(tmp_path: Path) -> None:
    data, env = _aged_register(tmp_path)
    ask = ["--data", str(data), "overdue", "--as-of", "02/12/2026", "-f", "json"]
    first = run(ask, env)
    assert first.exit_code == 0
    for entry in (tmp_path / "c").glob("plan-*.json"):
        head, _ = entry.read_bytes().split(b"\n", 1)
        entry.write_bytes(head + b'\n{"plan/reports/2025/')  # cut short
    later = [*ask[:-3], "03/12/2026", "-f", "json"]  # a new question: the plans' entries, not the answer
    again = run(later, env)
    assert again.exit_code == 0, again.stderr
    assert again.stdout == run(later, {"KEHOACH_CACHE_DIR": "off"}).stdout

"""Open data (issue 25): the SQLite export, a real database server on it (Datasette), the Frictionless
data package validated by `frictionless`, and the site's DCAT catalogue parsed by rdflib — all on the
frozen three-plan register."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from conftest import REGISTER, run
from kehoach import api
from kehoach.answer.open_data import TABLES, VIEWS

ON = dt.date(2026, 12, 1)
AS_OF = ["--as-of", "01/12/2026"]
BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sqlite") / "kehoach.sqlite"
    done = run(["--data", str(REGISTER), "export", "sqlite", "-o", str(out), *AS_OF])
    assert done.exit_code == 0, done.stderr
    assert done.stderr.startswith(f"Đã ghi {out} (")
    return out


def test_every_agency_has_the_assignments_tasks_agency_gives(database: Path) -> None:
    """`select count(*) from assignments where agency = ?` is what `tasks --agency` answers, for every
    agency in force on the date (one that has ended carries nothing: its successor answers for it)."""
    found = api.register(REGISTER)
    with sqlite3.connect(database) as db:
        compared = 0
        for agency in found.agencies.values():
            (count,) = db.execute(
                "select count(*) from assignments where agency = ?", (agency.id,)
            ).fetchone()
            if not agency.in_force(ON):
                assert count == 0, agency.id
                continue
            answered = sum(len(a.tasks) for _, a in api.tasks_across(found, agency.id, ON))
            assert count == answered, agency.id
            compared += 1
    assert compared > 150  # the city's agencies, the communes and the groups


def test_the_schema_keys_views_and_meta(database: Path) -> None:
    with sqlite3.connect(database) as db:
        names = {r[0] for r in db.execute("select name from sqlite_master where type = 'table'")}
        assert names == {t.name for t in TABLES} | {"meta"}
        meta = dict(db.execute("select key, value from meta"))
        assert meta["as_of"] == "2026-12-01" and meta["kehoach_version"] and meta["plans"] == "3"
        keys = db.execute("select * from pragma_foreign_key_list('assignments')").fetchall()
        assert {(k[2], k[3]) for k in keys} >= {("tasks", "plan"), ("tasks", "task"), ("agencies", "agency")}
        assert db.execute("pragma foreign_key_check").fetchall() == []
        for view in VIEWS:
            assert db.execute(f'select count(*) from "{view}"').fetchone()[0] > 0, view
        moved = db.execute(
            "select plan, task, written, now from inherited_open_tasks where written = ?",
            ("so-giao-thong-van-tai",),
        ).fetchall()
        assert moved == [  # task 7 has no deadline, task 2 is overdue: neither completed
            ("hop-tac-hn-hcm-2024", 7, "so-giao-thong-van-tai", "so-xay-dung"),
            ("mh-so-hoa-ho-so-2024", 2, "so-giao-thong-van-tai", "so-xay-dung"),
        ]
        (due, deadline) = db.execute(
            "select due, deadline from tasks where plan = 'mh-du-lich-2025' and id = 4"
        ).fetchone()
        assert (due, deadline) == ("2026-12-31", "Năm 2025 - 2026")  # as written and as a date
        how = {r[0] for r in db.execute("select distinct how from assignments")}
        assert how == {"direct", "group", "successor"}


def test_the_same_data_gives_the_same_bytes(database: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.sqlite"
    assert run(["--data", str(REGISTER), "export", "sqlite", "-o", str(again), *AS_OF]).exit_code == 0
    assert again.read_bytes() == database.read_bytes()


def test_bad_outputs_are_answers(tmp_path: Path) -> None:
    missing = run(["--data", str(REGISTER), "export", "sqlite", "-o", str(tmp_path / "khong" / "x.sqlite")])
    assert missing.exit_code == 2 and "không tồn tại" in missing.stderr and "Traceback" not in missing.stderr
    (tmp_path / "cua-toi").mkdir()
    (tmp_path / "cua-toi" / "ghi-chu.txt").write_text("x", encoding="utf-8")
    refused = run(["--data", str(REGISTER), "export", "datapackage", "-o", str(tmp_path / "cua-toi")])
    assert refused.exit_code == 2 and "không phải gói dữ liệu" in refused.stderr
    assert (tmp_path / "cua-toi" / "ghi-chu.txt").read_text(encoding="utf-8") == "x"
    wrong = run(["--data", str(REGISTER), "export", "excel", "-o", str(tmp_path / "x")])
    assert wrong.exit_code == 2 and "sqlite" in wrong.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_datasette_answers_as_kehoach_does(database: Path) -> None:
    """A real database server on the export: Datasette's JSON API, asked one question, agrees."""
    port = _free_port()
    server = subprocess.Popen(
        [str(BIN / "datasette"), "serve", str(database), "-h", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        sql = "select count(*) as n from assignments where agency = 'so-du-lich'"
        url = f"http://127.0.0.1:{port}/kehoach.json?" + urllib.parse.urlencode(
            {"sql": sql, "_shape": "array"}
        )
        answer = None
        for _ in range(100):  # up to 20 s for the server to start
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    answer = json.loads(response.read())
                break
            except OSError:
                time.sleep(0.2)
        assert answer is not None, "Datasette did not answer"
        found = api.register(REGISTER)
        assert answer == [{"n": sum(len(a.tasks) for _, a in api.tasks_across(found, "Sở Du lịch", ON))}]
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_the_data_package_is_valid_and_stable(tmp_path: Path) -> None:
    out = tmp_path / "goi"
    done = run(["--data", str(REGISTER), "export", "datapackage", "-o", str(out), *AS_OF])
    assert done.exit_code == 0 and "14 bảng CSV" in done.stderr
    checked = subprocess.run(
        [str(BIN / "frictionless"), "validate", "--json", str(out / "datapackage.json")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = json.loads(checked.stdout)
    assert report["valid"] is True and report["stats"]["errors"] == 0, checked.stdout[:2000]
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    by_name = {r["name"]: r for r in package["resources"]}
    keys = {
        (fk["reference"]["resource"], tuple(fk["fields"]))
        for fk in by_name["assignments"]["schema"]["foreignKeys"]
    }
    assert {("tasks", ("plan", "task")), ("agencies", ("agency",))} <= keys
    assert {fk["reference"]["resource"] for fk in by_name["lineage"]["schema"]["foreignKeys"]} >= {"agencies"}
    assert package["title"].startswith("Sổ kế hoạch") and package["licenses"][0]["name"] == "other-at"
    again = tmp_path / "lan-2"
    assert run(["--data", str(REGISTER), "export", "datapackage", "-o", str(again), *AS_OF]).exit_code == 0
    assert {p.name: p.read_bytes() for p in out.iterdir()} == {
        p.name: p.read_bytes() for p in again.iterdir()
    }
    again_in_place = run(["--data", str(REGISTER), "export", "datapackage", "-o", str(out), *AS_OF])
    assert again_in_place.exit_code == 0  # a folder kehoach wrote is replaced


def test_a_broken_package_fails_frictionless(tmp_path: Path) -> None:
    """The validation above could fail: a task number no task has breaks a foreign key."""
    out = tmp_path / "goi"
    assert run(["--data", str(REGISTER), "export", "datapackage", "-o", str(out), *AS_OF]).exit_code == 0
    rows = (out / "assignments.csv").read_bytes().decode("utf-8").split("\r\n")
    first = rows[1].split(",")
    first[1] = "999"
    rows[1] = ",".join(first)
    (out / "assignments.csv").write_text("\r\n".join(rows), encoding="utf-8", newline="")
    checked = subprocess.run(
        [str(BIN / "frictionless"), "validate", "--json", str(out / "datapackage.json")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert json.loads(checked.stdout)["valid"] is False


def test_the_site_publishes_a_catalogue_whose_every_file_exists(tmp_path: Path) -> None:
    import rdflib
    from rdflib.namespace import DCAT, DCTERMS, RDF

    data = tmp_path / "data"
    shutil.copytree(REGISTER, data)
    out = tmp_path / "site"
    assert run(["--data", str(data), "site", "-o", str(out), *AS_OF]).exit_code == 0
    assert (out / "du-lieu" / "kehoach.sqlite").is_file()
    page = (out / "du-lieu" / "index.html").read_text(encoding="utf-8")
    assert "Dữ liệu mở" in page and 'href="catalog.jsonld"' in page
    assert 'href="../du-lieu/index.html">Dữ liệu mở</a>' in (out / "co-quan" / "so-du-lich.html").read_text(
        encoding="utf-8"
    )
    catalogue = out / "du-lieu" / "catalog.jsonld"
    graph = rdflib.Graph().parse(catalogue, format="json-ld", publicID=catalogue.as_uri())
    datasets = set(graph.subjects(RDF.type, DCAT.Dataset))
    assert len(datasets) == 4  # the register and each of its three plans
    urls = list(graph.objects(None, DCAT.downloadURL))
    assert len(urls) >= 16 and all(Path(urllib.parse.urlparse(str(u)).path).is_file() for u in urls)
    tables = {Path(str(u)).name for u in urls}
    assert {f"{t.name}.csv" for t in TABLES} | {"kehoach.sqlite", "datapackage.json"} <= tables
    assert all(graph.value(d, DCTERMS.title) for d in datasets)
    absolute = tmp_path / "site-2"
    with_base = ["--data", str(data), "site", "-o", str(absolute), "--base-url", "https://vi.du/ke-hoach/"]
    assert run([*with_base, *AS_OF]).exit_code == 0
    moved = absolute / "du-lieu" / "catalog.jsonld"
    urls = list(rdflib.Graph().parse(moved, format="json-ld").objects(None, DCAT.downloadURL))
    base = "https://vi.du/ke-hoach/"
    assert urls and all(str(u).startswith(base) and (absolute / str(u)[len(base) :]).is_file() for u in urls)
    bad = run(["--data", str(data), "site", "-o", str(tmp_path / "x"), "--base-url", "javascript:alert(1)"])
    assert bad.exit_code == 2 and "--base-url" in bad.stderr


def test_the_catalogue_dates_each_plan_by_its_last_commit(tmp_path: Path) -> None:
    """dct:modified is the date of the last commit that changed the plan's folder (the data as a whole for
    the register), read from git."""
    import os

    import rdflib
    from rdflib.namespace import DCTERMS

    data = tmp_path / "data"
    shutil.copytree(REGISTER, data)

    def commit(day: str, message: str) -> None:
        env = dict(
            os.environ, GIT_AUTHOR_DATE=f"{day}T09:00:00+07:00", GIT_COMMITTER_DATE=f"{day}T09:00:00+07:00"
        )
        env |= {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org"}
        env |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
        for args in (["add", "-A"], ["commit", "-q", "-m", message]):
            subprocess.run(["git", "-C", str(data), *args], check=True, env=env, capture_output=True)

    subprocess.run(["git", "init", "-q", str(data)], check=True)
    commit("2026-01-05", "dữ liệu đầu tiên")
    tasks = data / "plan" / "plans" / "mh-du-lich-2025" / "tasks.yaml"
    tasks.write_text(tasks.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    commit("2026-03-02", "sửa một kế hoạch")
    out = tmp_path / "site"
    assert run(["--data", str(data), "site", "-o", str(out), *AS_OF]).exit_code == 0
    catalogue = out / "du-lieu" / "catalog.jsonld"
    graph = rdflib.Graph().parse(catalogue, format="json-ld", publicID=catalogue.as_uri())
    modified = {
        str(s).rsplit("#", 1)[-1]: str(o) for s, o in graph.subject_objects(DCTERMS.modified) if "#" in str(s)
    }
    assert modified == {
        "so-ke-hoach": "2026-03-02",
        "mh-du-lich-2025": "2026-03-02",
        "hop-tac-hn-hcm-2024": "2026-01-05",
        "mh-so-hoa-ho-so-2024": "2026-01-05",
    }

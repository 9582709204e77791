"""The register as one SQLite database (`kehoach export sqlite`): the tables of answer/open_data.py with
their primary and foreign keys and indexes, the named views, and a `meta` table. Built in a temporary
file beside nothing the user owns, compacted (VACUUM) so that the same data gives the same bytes."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import tempfile

from kehoach.answer.open_data import TABLES, VIEWS, Table, rows
from kehoach.model.views import Plan
from kehoach.tuples import Any

SQL_TYPE = {"string": "TEXT", "integer": "INTEGER", "date": "TEXT", "boolean": "INTEGER"}


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def create_table(table: Table) -> str:
    """The CREATE TABLE statement of `table`: typed columns, primary key, foreign keys."""
    parts = []
    for f in table.fields:
        check = f" CHECK ({_quote(f.name)} IN (0, 1))" if f.type == "boolean" else ""
        parts.append(f"{_quote(f.name)} {SQL_TYPE[f.type]}{' NOT NULL' if f.required else ''}{check}")
    parts.append(f"PRIMARY KEY ({', '.join(map(_quote, table.key))})")
    for fk in table.references:
        parts.append(
            f"FOREIGN KEY ({', '.join(map(_quote, fk.fields))}) REFERENCES {_quote(fk.table)} "
            f"({', '.join(map(_quote, fk.columns))})"
        )
    return f"CREATE TABLE {_quote(table.name)} (\n  " + ",\n  ".join(parts) + "\n)"


def database_bytes(plans: list[Plan], on: dt.date, meta: dict[str, str]) -> bytes:
    """The SQLite database of `plans` on `on`, with `meta` (kehoach version, data commit, as-of date)."""
    handle, path = tempfile.mkstemp(prefix=".kehoach-", suffix=".sqlite")
    os.close(handle)
    try:
        db = sqlite3.connect(path, isolation_level=None)
        try:
            _fill(db, plans, on, meta)
        finally:
            db.close()
        with open(path, "rb") as built:
            return built.read()
    finally:
        os.unlink(path)


def _fill(db: sqlite3.Connection, plans: list[Plan], on: dt.date, meta: dict[str, str]) -> None:
    db.execute("PRAGMA page_size = 4096")
    db.execute("PRAGMA journal_mode = OFF")
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("BEGIN")
    db.execute('CREATE TABLE "meta" ("key" TEXT PRIMARY KEY, "value" TEXT)')
    db.executemany('INSERT INTO "meta" VALUES (?, ?)', sorted(meta.items()))
    for table in TABLES:
        db.execute(create_table(table))
    filled: dict[str, list[tuple[Any, ...]]] = {}
    for table, found in rows(plans, on):
        filled[table.name] = found
    for table in _insert_order():
        marks = ", ".join("?" * len(table.fields))
        db.executemany(f"INSERT INTO {_quote(table.name)} VALUES ({marks})", filled[table.name])
    for table in TABLES:  # after the rows: one sort per index instead of one insertion per row
        for columns in table.indexes:
            name = f"{table.name}_by_{'_'.join(columns)}"
            columns_sql = ", ".join(map(_quote, columns))
            db.execute(f"CREATE INDEX {_quote(name)} ON {_quote(table.name)} ({columns_sql})")
    for name, (_, select) in VIEWS.items():
        db.execute(f"CREATE VIEW {_quote(name)} AS {select}")
    problems = db.execute("PRAGMA foreign_key_check").fetchall()
    if problems:  # a bug, not bad data: the data was validated
        raise AssertionError(f"foreign keys: {problems[:5]}")
    db.execute("COMMIT")
    db.execute("VACUUM")


def _insert_order() -> list[Table]:
    """The tables, each after the tables it refers to."""
    done: list[Table] = []
    waiting = list(TABLES)
    while waiting:
        for table in waiting:
            if all(fk.table in {t.name for t in done} or fk.table == table.name for fk in table.references):
                done.append(table)
                waiting.remove(table)
                break
        else:
            raise AssertionError("open_data.TABLES refer to each other in a cycle")
    return done

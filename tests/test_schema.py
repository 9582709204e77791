"""JSON Schemas under schema/ are current and the plan files point editors to them."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import DATA, ROOT, run
from kehoach.model.json_schema import schema_files
from kehoach.model.schema import FILES


def test_committed_schemas_are_current() -> None:
    for name, text in schema_files().items():
        assert (ROOT / "schema" / name).read_text(encoding="utf-8") == text, (
            f"schema/{name} is stale: run `make schema`"
        )


def test_plan_files_point_to_their_schema() -> None:
    for data_file in FILES:
        first = (ROOT / data_file).read_text(encoding="utf-8").splitlines()[0]
        target = Path(data_file).name.replace(".yaml", ".schema.json")
        assert first == f"# yaml-language-server: $schema=../schema/{target}"


def test_schema_forbids_unknown_keys() -> None:
    tasks = json.loads(schema_files()["tasks.schema.json"])
    assert tasks["additionalProperties"] is False
    assert tasks["$defs"]["Task"]["additionalProperties"] is False


def test_schema_command_writes_and_checks(tmp_path: Path) -> None:
    out = tmp_path / "schema"
    stale = run(["--data", str(DATA), "schema", "--output", str(out), "--verify"])
    assert stale.exit_code == 1
    assert not out.exists()
    written = run(["--data", str(DATA), "schema", "--output", str(out)])
    assert written.exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == sorted(schema_files())
    again = run(["--data", str(DATA), "schema", "--output", str(out), "--verify"])
    assert (again.exit_code, again.stdout) == (0, "")

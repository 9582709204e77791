"""JSON Schemas under schema/ are current and the plan files point editors to them."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import DATA, ROOT, run
from kehoach.model.json_schema import schema_files


def test_committed_schemas_are_current() -> None:
    for name, text in schema_files().items():
        assert (ROOT / "schema" / name).read_text(encoding="utf-8") == text, (
            f"schema/{name} is stale: run `make schema`"
        )


def test_data_files_point_to_their_schema() -> None:
    """Every YAML file of plan/ and examples/ names, relative to itself, the schema that exists for it."""
    names = {
        "agencies.yaml": "agencies",
        "plan.yaml": "plan",
        "tasks.yaml": "tasks",
        "consolidated.yaml": "consolidated",
    }
    checked = 0
    for top in ("plan", "examples/plan"):
        for path in sorted((ROOT / top).rglob("*.yaml")):
            if path.is_symlink():  # the linked file itself is checked where it is
                continue
            first = path.read_text(encoding="utf-8").splitlines()[0]
            kind = names.get(path.name, "report")
            prefix = "# yaml-language-server: $schema="
            assert first.startswith(prefix), path
            target = (path.parent / first[len(prefix) :]).resolve()
            assert target == (ROOT / "schema" / f"{kind}.schema.json").resolve(), path
            checked += 1
    assert checked >= 1 + 3 * 2  # the roster, three plans' files


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

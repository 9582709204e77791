"""JSON Schema of each plan file, from the pydantic models, for editors and review."""

from __future__ import annotations

import json
from pathlib import Path

from kehoach.files.atomic import write_atomic
from kehoach.model.schema import SCHEMAS


def schema_files() -> dict[str, str]:
    """File name under schema/ -> JSON text, for every plan file."""
    out = {}
    for name, model in SCHEMAS.items():
        schema = model.model_json_schema()
        schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": name, **schema}
        out[name] = json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
    return out


def write_schemas(folder: Path, *, check: bool = False) -> list[str]:
    """Write the schemas that differ from what is on disk; return their names.

    With `check`, write nothing and only return the stale names.
    """
    stale = []
    for name, text in schema_files().items():
        path = folder / name
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current != text:
            stale.append(name)
            if not check:
                folder.mkdir(parents=True, exist_ok=True)
                write_atomic(path, text)
    return stale

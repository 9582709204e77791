"""kehoach: a government implementation plan kept as versioned data, and the answers it gives."""

from __future__ import annotations

from kehoach.tuples import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Mapping

__version__ = "0.1.0"

# Every JSON output is an object whose first key is "schema_version"; bump it when a shape changes
# in a way that breaks readers (the manual, docs/phat-trien/json.md, describes every shape).
JSON_SCHEMA_VERSION = 1


def versioned(body: Mapping[str, Any]) -> dict[str, Any]:
    """`body` as a JSON document of this tool: {"schema_version": …, **body}."""
    return {"schema_version": JSON_SCHEMA_VERSION, **body}

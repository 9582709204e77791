"""The one JSON writer: every JSON answer is a document of this tool, {"schema_version": …, …}."""

from __future__ import annotations

from collections.abc import Mapping

from kehoach import versioned
from kehoach.tuples import Any


def json_document(body: Mapping[str, Any]) -> str:
    """`body` as kehoach's JSON: versioned, UTF-8 as it is (not \\u escapes), indented, dates as text;
    log-safe with the same meaning (escape.json_safe: "##[" and control characters as \\u escapes)."""
    import json  # with it `re`: only the commands that write JSON pay for it

    from kehoach.escape import json_safe

    return json_safe(json.dumps(versioned(body), ensure_ascii=False, indent=2, default=str))

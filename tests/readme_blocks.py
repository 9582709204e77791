"""README's generated blocks: written by kehoach's own code, kept current by `make readme` and a test."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"


def _checks() -> str:
    from kehoach.show.problems import checks_table

    return checks_table()


BLOCKS: dict[str, Callable[[], str]] = {"checks": _checks}


def expected(text: str) -> str:
    """`text` (README) with every generated block as the code writes it now."""
    for name, make in BLOCKS.items():
        pattern = re.compile(rf"(<!-- {name}:[^\n]*-->\n)(.*?)(<!-- /{name} -->)", re.S)
        if not pattern.search(text):
            raise SystemExit(f"README.md has no <!-- {name}: … --> block")
        text = pattern.sub(lambda m: m.group(1) + make() + m.group(3), text)  # noqa: B023
    return text


def main() -> int:
    text = README.read_text(encoding="utf-8")
    fresh = expected(text)
    if fresh != text:
        README.write_text(fresh, encoding="utf-8", newline="")
        print("README.md: đã cập nhật các khối sinh tự động.")
    return 0


if __name__ == "__main__":
    sys.exit(main())

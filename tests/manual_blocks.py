"""The manual's generated blocks, written by kehoach's own code: the table of checks and codes (from the
check modules) and the command reference (from the command declarations). `make manual` rewrites
them; a test fails when one is stale."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


def _checks() -> str:
    from kehoach.show.problems import checks_table

    return checks_table()


def _commands() -> str:
    from kehoach.cli.reference import command_reference

    return command_reference()


# page -> {block name -> what writes it}
BLOCKS: dict[Path, dict[str, Callable[[], str]]] = {
    DOCS / "loi.md": {"checks": _checks},
    DOCS / "tham-khao" / "lenh.md": {"commands": _commands},
}


def expected(page: Path, text: str) -> str:
    """`text` (of `page`) with every generated block as the code writes it now."""
    for name, make in BLOCKS[page].items():
        pattern = re.compile(rf"(<!-- {name}:[^\n]*-->\n)(.*?)(<!-- /{name} -->)", re.S)
        if not pattern.search(text):
            raise SystemExit(f"{page.relative_to(ROOT)} has no <!-- {name}: … --> block")
        text = pattern.sub(lambda m: m.group(1) + make() + m.group(3), text)  # noqa: B023
    return text


def main() -> int:
    for page in BLOCKS:
        text = page.read_text(encoding="utf-8")
        fresh = expected(page, text)
        if fresh != text:
            page.write_text(fresh, encoding="utf-8", newline="")
            print(f"{page.relative_to(ROOT)}: đã cập nhật các khối sinh tự động.")
    return 0


if __name__ == "__main__":
    sys.exit(main())

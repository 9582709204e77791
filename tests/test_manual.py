"""The manual is true: every console example prints what the page says, and the manual builds strictly."""

from __future__ import annotations

import difflib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from manual_examples import PAGES, PREPARE, ROOT, blocks, matches, run_page

WITH_EXAMPLES = [page for page in PAGES if blocks(page)]


def _name(page: Path) -> str:
    return str(page.relative_to(ROOT))


@pytest.mark.parametrize("page", WITH_EXAMPLES, ids=_name)
def test_every_console_example_prints_what_the_page_shows(page: Path, tmp_path: Path) -> None:
    wrong = []
    for block, step, printed in run_page(page, tmp_path):
        if not matches(step.expected, printed):
            diff = difflib.unified_diff(
                step.expected.splitlines(), printed.splitlines(), "trang", "lệnh in", lineterm=""
            )
            wrong.append(f"{_name(page)}:{block.line}: $ {step.command}\n" + "\n".join(diff))
    assert not wrong, (
        "\n\n".join(wrong)
        + f"\n\nNếu đầu ra mới là đúng: python tests/manual_examples.py {_name(page)} rồi xem git diff"
    )


def test_the_pages_that_matter_have_examples() -> None:
    names = {_name(page) for page in WITH_EXAMPLES}
    for page in ("README.md", "docs/tra-cuu.md", "docs/sua-du-lieu.md", "docs/bao-cao-nam/theo-doi.md"):
        assert page in names
    assert sum(len(b.steps) for page in WITH_EXAMPLES for b in blocks(page)) >= 50


def test_every_preparation_is_known_and_used() -> None:
    used = {b.prepare for page in WITH_EXAMPLES for b in blocks(page) if b.prepare}
    assert used == set(PREPARE)


def test_a_changed_line_or_a_missing_line_is_caught(tmp_path: Path) -> None:
    page = ROOT / "docs" / "tra-cuu.md"
    text = page.read_text(encoding="utf-8")
    first = blocks(page)[0].steps[0]
    line = first.expected.splitlines()[0]
    changed = tmp_path / "doc" / "tra-cuu.md"
    changed.parent.mkdir()
    changed.write_text(text.replace(line, line + " (sửa)", 1), encoding="utf-8")
    (_, step, printed), *_ = run_page(changed, tmp_path / "world")
    assert step.expected != first.expected and not matches(step.expected, printed)
    assert matches(first.expected, printed)
    # `…` stands for lines, never for a changed line around it
    assert matches("a\n…\nd\n", "a\nb\nc\nd\n") and matches("a\n…\nd\n", "a\nd\n")
    assert not matches("a\n…\nd\n", "a\nb\nc\nd!\n") and not matches("a\nb\n", "a\nb\nc\n")


def test_console_blocks_are_well_formed() -> None:
    """A block whose output comes before any command could not be run: the reader gets told."""
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        opened = len(re.findall(r"(?m)^[ \t]*```console$", text))
        assert opened == len(blocks(page)), f"{_name(page)}: a ```console block the tests do not read"


def test_the_manual_builds_in_strict_mode(tmp_path: Path) -> None:
    """MkDocs with the Material theme, strict: a broken link, an unknown anchor or a page missing from
    the navigation fails the build (mkdocs.yml: validation)."""
    out = tmp_path / "huong-dan"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "-q",
            "-f",
            str(ROOT / "mkdocs.yml"),
            "-d",
            str(out),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "WARNING" not in done.stderr, done.stderr
    home = (out / "index.html").read_text(encoding="utf-8")
    assert '<html lang="vi"' in home
    assert (out / "tham-khao" / "lenh.html").exists()
    assert (out / "bao-cao-nam" / "theo-doi.html").exists()
    search = (out / "search" / "search_index.json").read_text(encoding="utf-8")
    assert '"lang":["vi"]' in search.replace(" ", "")
    assert "kehoach tasks --agency" in search
    # nothing is fetched from elsewhere (theme.font: false): the manual reads offline, as the site does
    for page in out.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert not re.search(r'\bsrc="https?://', text) and "googleapis" not in text, page
    # code is drawn in fonts that hold every Vietnamese letter (the default Linux monospace does not)
    assert 'href="css/huong-dan.css"' in home
    fonts = re.search(r"--md-code-font:([^;]+);", (out / "css" / "huong-dan.css").read_text(encoding="utf-8"))
    assert fonts and "Consolas" in fonts[1] and "Liberation Mono" in fonts[1]


def test_every_picture_of_the_manual_is_made_by_make_screenshots() -> None:
    from screenshots import PICTURES

    shown = set()
    for page in PAGES:
        for link in re.findall(r"!\[[^\]]+\]\(([^)]+)\)", page.read_text(encoding="utf-8")):
            shown.add(Path(link).name)
            assert (page.parent / link).resolve().is_file(), f"{_name(page)}: {link}"
    assert shown == set(PICTURES)
    on_disk = {p.name for p in (ROOT / "docs" / "hinh").iterdir()}
    assert on_disk == set(PICTURES), "docs/hinh/ holds a picture nothing makes or shows"

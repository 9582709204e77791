"""One output implementation: CSV safe for Excel, Markdown that stays a table, tables as written."""

from __future__ import annotations

import csv
import io
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kehoach.answer.listing import Column, Listing
from kehoach.escape import md_cell, safe_cell
from kehoach.show.formats import render, to_csv, to_markdown
from kehoach.text import shorten


@pytest.mark.parametrize(
    ("text", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+84 912", "'+84 912"),
        ("-3", "'-3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("Sở Du lịch", "Sở Du lịch"),
        ("05/BC-SDL", "05/BC-SDL"),
    ],
)
def test_csv_cells_cannot_run_formulas(text: str, safe: str) -> None:
    assert safe_cell(text) == safe


def test_csv_has_bom_crlf_and_header() -> None:
    listing = Listing([Column("a", "Cột A"), Column("b", "Cột B")], [{"a": "=x", "b": 'có "nháy", phẩy'}])
    out = to_csv(listing)
    assert out.startswith("\ufeffCột A,Cột B\r\n")
    assert list(csv.reader(io.StringIO(out[1:]))) == [["Cột A", "Cột B"], ["'=x", 'có "nháy", phẩy']]


@given(st.text())
def test_markdown_cell_never_breaks_the_row(text: str) -> None:
    cell = md_cell(text)
    assert "\n" not in cell and "\r" not in cell
    unescaped = cell.replace("\\\\", "").replace("\\|", "")
    assert "|" not in unescaped


def test_markdown_table() -> None:
    listing = Listing(
        [Column("n", "TT", justify="right"), Column("t", "Nội dung")],
        [{"n": 1, "t": "a | b\nc *d*"}],
        title="Bảng",
    )
    assert to_markdown(listing) == "## Bảng\n\n| TT | Nội dung |\n| ---: | --- |\n| 1 | a \\| b c \\*d\\* |"


def test_table_shows_data_as_written(capsys: pytest.CaptureFixture[str]) -> None:
    listing = Listing(
        [Column("t", "Nội dung")],
        [{"t": "[bold]không đậm[/bold] :smile: <i>"}],
        notes=[":thumbs_up: [red]ghi chú[/red]"],
    )
    render(listing, "text")
    out = capsys.readouterr().out
    assert "[bold]không đậm[/bold] :smile: <i>" in out
    assert ":thumbs_up: [red]ghi chú[/red]" in out


def test_json_defaults_to_rows_by_column(capsys: pytest.CaptureFixture[str]) -> None:
    render(Listing([Column("a", "A")], [{"a": 1, "hidden": 2}]), "json")
    assert json.loads(capsys.readouterr().out) == {"schema_version": 1, "rows": [{"a": 1}]}


@given(st.text(alphabet="aăâ bcdđ,;.", max_size=200), st.integers(min_value=5, max_value=120))
def test_shorten(text: str, width: int) -> None:
    short = shorten(text, width)
    assert len(short) <= width
    assert short == text or short.endswith("…")


@pytest.mark.parametrize("width", [50, 70, 80])
def test_a_narrow_terminal_never_hides_a_column(width: int) -> None:
    from conftest import DATA, run

    result = run(["--data", str(DATA), "matrix", "--as-of", "2026-01-01"], {"COLUMNS": str(width)})
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert all(len(line) <= width for line in lines), max(lines, key=len)
    headers = [line for line in lines if line.startswith("Cơ quan")]
    shown = {word for line in headers for word in line.split()[2:]}
    assert shown == {str(n) for n in range(1, 19)}  # every task column, in one part or another
    assert sum(line.startswith("Sở TC ") for line in lines) == len(headers)  # each part repeats the rows
    if len(headers) > 1:
        assert f"(phần 1/{len(headers)} của bảng" in result.stdout


@pytest.mark.parametrize("width", [50, 70, 80])
def test_long_text_wraps_within_the_width(width: int) -> None:
    from conftest import DATA, run

    result = run(
        ["--data", str(DATA), "tasks", "-a", "Sở Y tế", "--as-of", "2026-01-01"], {"COLUMNS": str(width)}
    )
    assert all(len(line) <= width for line in result.stdout.splitlines())
    assert "Phối hợp" in result.stdout and "17" in result.stdout


def test_control_characters_are_shown_not_run() -> None:
    from kehoach.show.table import render_text

    listing = Listing(
        [Column("t", "Nội dung")], [{"t": "a\x1b[2Jb\u202ec\x9bd"}], notes=["\x1b]8;;http://x\x07y"]
    )
    text = render_text(listing, 80)
    assert "\x1b" not in text and "\u202e" not in text and "\x9b" not in text and "\x07" not in text
    assert "a\\x1b[2Jb\\u202ec\\x9bd" in text


@given(st.text(max_size=40))
def test_width_of_counts_cells_like_unicodedata(text: str) -> None:
    """The fast path for plain (Vietnamese, Latin, Greek, Cyrillic) text gives the per-character count."""
    import unicodedata

    from kehoach.show.table import width_of

    expected = sum(
        0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        for ch in text
    )
    assert width_of(text) == expected


def test_width_of_plain_ranges_are_one_cell_each() -> None:
    """Every character the fast path counts as one cell is one cell (checked one by one, not by sampling)."""
    import unicodedata

    from kehoach.show.table import width_of

    for code in (*range(0x300), *range(0x1E00, 0x1F00)):
        ch = chr(code)
        assert not unicodedata.combining(ch) and unicodedata.east_asian_width(ch) not in "WF", hex(code)
        assert width_of(ch) == 1


@given(
    st.lists(st.text(st.characters(blacklist_categories=("Zs", "Zl", "Zp", "Cc")), max_size=30), max_size=12),
    st.integers(1, 40),
)
def test_wrap_words_is_textwrap_for_single_spaced_text(words: list[str], width: int) -> None:
    import textwrap

    from kehoach.show.table import wrap_words

    text = " ".join(w for w in words if w)
    assert wrap_words(text, width) == textwrap.wrap(
        text, width, break_long_words=True, break_on_hyphens=False
    )

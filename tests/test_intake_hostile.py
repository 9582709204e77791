"""Returned forms from a hostile sender: a malformed workbook is one located message, never a traceback,
and never costs the other forms of the same run."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import DATA, run
from kehoach import api

SHEET = "xl/worksheets/sheet1.xml"
MARKER = "xl/worksheets/sheet3.xml"


@pytest.fixture(scope="module")
def blank(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real form of Sở Du lịch for 2025, as `kehoach form` writes it."""
    path = tmp_path_factory.mktemp("form") / "so-du-lich.xlsx"
    done = run(["--data", str(DATA), "form", "-y", "2025", "-a", "Sở Du lịch", "-o", str(path)])
    assert done.exit_code == 0, done.stderr
    return path


def _rewrite(source: Path, target: Path, part: str, change: object) -> Path:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = old.read(item)
            new.writestr(item.filename, change(data) if item.filename == part else data)  # type: ignore[operator]
    return target


# What the probe of issue 24 sent: each crashed `import` before; each is now one message with its place.
CASES = {
    "not-a-number": (SHEET, rb'(<c r="A13"[^>]*><v>)1<', rb"\1abc<", "Báo cáo!A13: ô kiểu số chứa «abc»"),
    "bad-date": (SHEET, rb"(<c r=.A13.[^>]*) t=.n.><v>1<", rb'\1 t="d"><v>2x<', "Báo cáo!A13: ô kiểu ngày"),
    "huge-column": (SHEET, rb'<c r="A13"', rb'<c r="ZZZZZ13"', "Báo cáo!ZZZZZ13: địa chỉ ô không hợp lệ"),
    "dtd": (SHEET, rb"^", rb'<!DOCTYPE x [<!ENTITY a "b">]>', "Báo cáo: tệp có khai báo DTD"),
    "entity": (SHEET, rb"<v>1</v>", rb"<v>&boom;</v>", "(undefined entity)"),
    "truncated": (SHEET, rb"<sheetData>.*", rb"<sheetData><row>", "Báo cáo: XML hỏng"),
    "broken-marker": (MARKER, rb"</sheetData>.*", rb"", "kehoach: XML hỏng"),
    "duplicate-cell": (
        SHEET,
        rb'(<c r="E13"[^>]*/>|<c r="E13"[^>]*>.*?</c>)',
        rb'\1<c r="E13" t="inlineStr"><is><t>x</t></is></c>',
        "Báo cáo!E13: ô xuất hiện hai lần",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_malformed_form_is_one_located_message_and_the_good_form_still_lands(
    data: Path, tmp_path: Path, blank: Path, case: str
) -> None:
    part, pattern, replacement, message = CASES[case]

    def change(xml: bytes) -> bytes:
        changed = re.sub(pattern, replacement, xml, count=1, flags=re.S)
        assert changed != xml, f"the mutation {case} found nothing to change"
        return changed

    bad = _rewrite(blank, tmp_path / f"{case}.xlsx", part, change)
    done = run(["--data", str(data), "import", str(bad), str(blank), "--received", "12/09/2025"])
    assert done.exit_code == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert message in done.stdout
    assert "1 nhận, 1 có lỗi" in done.stdout  # the valid form of the same run was recorded
    assert (data / "plan/reports/2025/so-du-lich.yaml").exists()


_PARTS = st.sampled_from([SHEET, MARKER, "xl/workbook.xml", "xl/styles.xml", "[Content_Types].xml"])


@st.composite
def _mutation(draw: st.DrawFn) -> tuple[str, str, int, bytes]:
    kind = draw(st.sampled_from(["flip", "insert", "truncate", "value", "type", "whole-file"]))
    return kind, draw(_PARTS), draw(st.integers(min_value=0, max_value=1 << 20)), draw(st.binary(max_size=12))


@settings(max_examples=120, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(mutation=_mutation())
def test_random_mutations_of_a_returned_form_never_give_a_traceback(
    tmp_path: Path, blank: Path, mutation: tuple[str, str, int, bytes]
) -> None:
    kind, part, at, junk = mutation

    def change(xml: bytes) -> bytes:
        i = at % max(len(xml), 1)
        if kind == "flip":
            return xml[:i] + bytes([xml[i] ^ (junk[:1] or b"\xff")[0]]) + xml[i + 1 :] if xml else xml
        if kind == "insert":
            return xml[:i] + junk + xml[i:]
        if kind == "truncate":
            return xml[:i]
        if kind == "value":
            return re.sub(rb"<v>[^<]*</v>", b"<v>" + junk.replace(b"<", b"") + b"</v>", xml, count=1 + at % 5)
        return re.sub(rb' t="[^"]*"', b' t="' + junk.replace(b'"', b"") + b'"', xml, count=1 + at % 5)

    path = tmp_path / "mutated.xlsx"
    if kind == "whole-file":
        raw = bytearray(blank.read_bytes())
        for n, byte in enumerate(junk or b"\0"):
            raw[(at + n * 997) % len(raw)] = byte
        path.write_bytes(bytes(raw))
    else:
        _rewrite(blank, path, part, change)
    results = api.import_forms(DATA, [path], received="12/09/2025", dry_run=True)
    assert len(results) == 1
    assert results[0].problems or results[0].recorded is not None


def test_a_zip_that_claims_a_version_python_cannot_read_is_refused(tmp_path: Path, blank: Path) -> None:
    """Found by the fuzzing in CI: a central directory asking for zip version 6.4 made zipfile raise
    NotImplementedError, a traceback; now it is one message like any broken file."""
    raw = bytearray(blank.read_bytes())
    at = raw.find(b"PK\x01\x02")  # the first central directory entry
    assert at > 0
    raw[at + 6 : at + 8] = (64).to_bytes(2, "little")  # "version needed to extract": 6.4
    path = tmp_path / "version.xlsx"
    path.write_bytes(bytes(raw))
    with pytest.raises(NotImplementedError):
        zipfile.ZipFile(path)  # what Python itself does with it
    (result,) = api.import_forms(DATA, [path], received="12/09/2025", dry_run=True)
    assert result.recorded is None and list(result.problems) == [
        "tệp hỏng hoặc không phải Excel .xlsx (không mở được như một tệp nén)."
    ]


def test_a_row_number_past_the_sheet_or_a_broken_relationship_part_is_refused(
    data: Path, tmp_path: Path, blank: Path
) -> None:
    rows = _rewrite(
        blank, tmp_path / "rows.xlsx", SHEET, lambda x: x.replace(b'<row r="13"', b'<row r="0000000013"', 1)
    )
    rels = tmp_path / "rels.xlsx"
    with zipfile.ZipFile(rows) as old, zipfile.ZipFile(rels, "w") as new:
        for item in old.infolist():
            new.writestr(
                item.filename,
                old.read(item) if item.filename != SHEET else zipfile.ZipFile(blank).read(SHEET),
            )
        new.writestr("xl/worksheets/_rels/sheet1.xml.rels", b'<!DOCTYPE x [<!ENTITY a "b">]><Relationships/>')
    done = run(["--data", str(data), "import", str(rows), str(rels)])
    assert done.exit_code == 1 and "Traceback" not in done.stdout + done.stderr
    assert "Báo cáo: dòng «0000000013» không hợp lệ" in done.stdout
    assert "xl/worksheets/_rels/sheet1.xml.rels: tệp có khai báo DTD" in done.stdout

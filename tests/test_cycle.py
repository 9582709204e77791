"""The yearly cycle: forms out, reports in, reminders, calendars, Excel exports."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from conftest import DATA, Run, run, snapshot, validated_plan
from kehoach.answer.forms import form_signature
from kehoach.files.formkey import SITE, Key, signing_key


def k(root: Path, *args: str) -> Run:
    return run(["--data", str(root), *args])


def form(root: Path, tmp_path: Path, agency: str = "Sở Du lịch", year: str = "2025") -> Path:
    out = tmp_path / f"form-{abs(hash(agency))}.xlsx"
    done = k(root, "form", "-y", year, "-a", agency, "-o", str(out))
    assert done.exit_code == 0, done.stderr
    return out


def fill(path: Path, cells: dict[str, object], out: Path | None = None) -> Path:
    """Fill the form like staff would; "E{12}" means column E of the row of task 12."""
    book = load_workbook(path)
    sheet = book["Báo cáo"]
    rows = {sheet.cell(row=r, column=1).value: r for r in range(13, 60)}
    for ref, value in cells.items():
        sheet[re.sub(r"\{(\d+)\}", lambda m: str(rows[int(m.group(1))]), ref)] = value
    target = out or path
    book.save(target)
    return target


def sign(book: Any, key: Key | None = None) -> None:
    """Sign the marker sheet again as `kehoach form` would (with this machine's key, by default)."""
    marker = book["kehoach"]
    key = key or signing_key(create=False)
    title = validated_plan(DATA).info.title
    values = [marker[f"B{i}"].value for i in range(2, 6)]
    tasks, duties = (str(v or "") for v in values[2:4])
    marker["B6"] = key.id
    marker["B7"] = form_signature(key.secret, title, int(values[0]), str(values[1]), tasks, duties)


# --- forms ---------------------------------------------------------------------------


def test_a_form_holds_what_the_agency_must_report_on(data: Path, tmp_path: Path) -> None:
    path = form(data, tmp_path)
    book = load_workbook(path)
    assert book.sheetnames == ["Báo cáo", "Hướng dẫn", "kehoach"]
    assert book["kehoach"].sheet_state == "veryHidden"
    marker = {r[0]: r[1] for r in book["kehoach"].iter_rows(values_only=True)}
    assert marker["kehoach-form"] == 1 and marker["year"] == 2025 and marker["agency"] == "so-du-lich"
    sheet = book["Báo cáo"]
    assert sheet["C4"].value == "Sở Du lịch"
    assert sheet["C6"].value == "trước ngày 15/09/2025"  # the plan's words, not how kehoach reads them
    assert sheet["C7"].value == "Sở Tài chính (cơ quan đầu mối)"
    tasks = [sheet.cell(row=r, column=1).value for r in range(13, 13 + 10)]
    assert [t for t in tasks if t] == [int(t) for t in marker["tasks"].split(",")]
    assert 12 in tasks and 14 in tasks and 17 in tasks
    # only the cells to fill are unlocked, on a protected sheet
    assert sheet.protection.sheet
    assert not sheet["E13"].protection.locked and not sheet["C8"].protection.locked
    assert sheet["A13"].protection.locked and sheet["C4"].protection.locked
    # every task row, not only the first, is styled alike: answers open and yellow, the rest locked, all boxed
    last = 12 + len(marker["tasks"].split(","))
    for row in range(13, last + 1):
        for col in "ABCDEFGH":
            cell = sheet[f"{col}{row}"]
            answer = col >= "E"
            assert cell.protection.locked is not answer, cell.coordinate
            assert (cell.fill.fgColor.rgb == "00FFF2CC") is answer, cell.coordinate
            assert cell.border.left.style == "thin" and cell.alignment.wrap_text, cell.coordinate
    assert sheet[f"E{last + 1}"].protection.locked and sheet[f"E{last + 1}"].border.left.style is None
    (validation,) = sheet.data_validations.dataValidation
    assert validation.type == "list" and validation.formula1 == "kehoach!$D$1:$D$4"
    labels = [c.value for (c,) in sheet.parent["kehoach"]["D1:D4"]]
    assert "Đang triển khai" in labels
    assert str(validation.sqref).startswith("E13:E")
    assert int(sheet.page_setup.paperSize) == 9 and sheet.page_setup.orientation == "landscape"


def test_form_all_writes_one_file_per_agency_that_must_report(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "forms"
    done = k(data, "form", "-y", "2025", "--all", "-o", str(out))
    assert done.exit_code == 0, done.stderr
    names = sorted(p.name for p in out.iterdir())
    assert len(names) == 143
    assert "bieu-mau-2025-so-du-lich.xlsx" in names and "bieu-mau-2025-ubnd-phuong-hoan-kiem.xlsx" in names
    assert "bieu-mau-2025-so-ke-hoach-va-dau-tu.xlsx" not in names  # merged before the deadline


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-y", "2025"], "Cần đúng một trong --agency"),
        # an agency that ended before the deadline gets its successor's form (tests/test_frictions.py)
        (["-y", "2025", "-a", "Ban Thường vụ Thành ủy Hà Nội"], "không phải báo cáo năm 2025"),
        (["-y", "2025", "--all", "-o", "x.xlsx"], "phải là một thư mục"),
        (["-y", "2020", "--all"], "ngoài thời gian"),
    ],
)
def test_form_refusals(data: Path, args: list[str], message: str) -> None:
    result = k(data, "form", *args)
    assert result.exit_code == 2 and message in result.stderr


# --- import: round trip and refusals ----------------------------------------------------


def test_round_trip_form_to_status_and_report(data: Path, tmp_path: Path) -> None:
    path = fill(
        form(data, tmp_path),
        {
            "C8": "05/BC-SDL",
            "C9": dt.datetime(2025, 9, 10),
            "E{12}": "Đang triển khai",
            "F{12}": "Đã tổ chức quảng bá du lịch chung tại hai Thành phố",
            "H{12}": "Bố trí kinh phí xúc tiến chung",
        },
    )
    done = k(data, "import", str(path), "--received", "12/09/2025")
    assert done.exit_code == 0, done.stdout
    assert "tạo plan/reports/2025/so-du-lich.yaml" in done.stdout
    assert "1 nhận, 0 có lỗi" in done.stdout
    text = (data / "plan/reports/2025/so-du-lich.yaml").read_text(encoding="utf-8")
    assert "number: 05/BC-SDL" in text and "dated: 2025-09-10" in text and "received: 2025-09-12" in text
    assert "status: in-progress" in text and "Bố trí kinh phí xúc tiến chung" in text
    status = k(data, "status", "-y", "2025", "-a", "Sở Du lịch", "--as-of", "2025-10-01")
    assert "Đúng hạn" in status.stdout
    report = k(data, "report", "-y", "2025", "--as-of", "2025-10-01")
    assert "Đã tổ chức quảng bá du lịch chung tại hai Thành phố" in report.stdout
    again = k(data, "import", str(path))
    assert "không có gì thay đổi" in again.stdout and again.exit_code == 0


def test_standing_duties_go_out_on_the_form_and_come_back_into_the_report(data: Path, tmp_path: Path) -> None:
    """Sở Tài chính carries II.2 (coordinating, as successor of Sở KH&ĐT) and leads III.3 (the budget): its
    form has a row for each after the tasks; what it writes there lands in `duties:` and in the report."""
    path = form(data, tmp_path, agency="Sở Tài chính")
    book = load_workbook(path)
    sheet, marker = book["Báo cáo"], {r[0]: r[1] for r in book["kehoach"].iter_rows(values_only=True)}
    assert marker["duties"] == "leaders-contact-list,budget"
    last = sheet.max_row
    assert [sheet[f"A{r}"].value for r in (last - 1, last)] == ["II.2", "III.3"]
    assert sheet[f"B{last}"].value == "Nhiệm vụ thường xuyên" and sheet[f"D{last}"].value == "Chủ trì"
    assert not sheet[f"F{last}"].protection.locked and str(
        sheet.data_validations.dataValidation[0].sqref
    ) == (f"E13:E{last}")
    sheet[f"E{last}"] = "Thực hiện thường xuyên"
    sheet[f"F{last}"] = "Đã bố trí kinh phí năm 2025 cho các hoạt động hợp tác"
    book.save(path)
    done = k(data, "import", str(path), "--received", "12/09/2025")
    assert done.exit_code == 0, done.stdout
    assert (
        "Nhiệm vụ thường xuyên mục III.3 (Bố trí kinh phí) – Tiến độ: (trống) → «Thực hiện thường xuyên»"
        in (done.stdout)
    )
    text = (data / "plan/reports/2025/so-tai-chinh.yaml").read_text(encoding="utf-8")
    assert "duties:\n  - duty: budget\n    status: ongoing\n    results: Đã bố trí kinh phí năm 2025" in text
    assert k(data, "validate").exit_code == 0
    report = k(data, "report", "-y", "2025", "--as-of", "2025-10-01").stdout
    assert "Sở Tài chính (chủ trì): Thực hiện thường xuyên. Đã bố trí kinh phí năm 2025" in report
    again = form(data, tmp_path, agency="Sở Tài chính")  # the next form comes pre-filled
    assert load_workbook(again)["Báo cáo"][f"F{last}"].value.startswith("Đã bố trí kinh phí")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"Báo cáo": {"A21": "III.2"}},
            "Báo cáo!A21: là «III.2», biểu mẫu ghi nhiệm vụ thường xuyên mục III.3;",
        ),
        (
            {"kehoach": {"B5": "budget,budget"}},
            "phần đánh dấu ẩn của biểu mẫu (ô kehoach!B5): danh sách nhiệm vụ thường xuyên",
        ),
        (
            {"kehoach": {"B5": "focal-agency"}},
            "Báo cáo!A20: là «II.2», biểu mẫu ghi nhiệm vụ thường xuyên mục III.4;",
        ),
        (
            {"kehoach": {"B5": "khong-co"}},
            "phần đánh dấu ẩn của biểu mẫu (ô kehoach!B5): danh sách nhiệm vụ thường xuyên",
        ),
        (
            {"kehoach": {"B5": "focal-agency,budget"}, "Báo cáo": {"A20": "III.4"}},
            "Báo cáo!A20: nhiệm vụ thường xuyên mục III.4 không phải nội dung biểu mẫu của Sở Tài chính",
        ),
    ],
)
def test_a_changed_duty_row_is_refused(
    data: Path, tmp_path: Path, change: dict[str, dict[str, str]], message: str
) -> None:
    path = form(data, tmp_path, agency="Sở Tài chính")
    book = load_workbook(path)
    for sheet, cells in change.items():
        for ref, value in cells.items():
            book[sheet][ref] = value
    sign(book)  # as if the office had issued it so: the rows are still checked against the plan
    book.save(path)
    before = snapshot(data)
    done = k(data, "import", str(path), "--received", "12/09/2025")
    assert done.exit_code == 1 and message in done.stdout, done.stdout
    assert snapshot(data) == before


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        ({"E{12}": "xong rồi"}, "Báo cáo!E17: tiến độ «xong rồi» không có trong danh sách"),
        ({"F{12}": '=HYPERLINK("http://x")'}, "Báo cáo!F17: ô chứa công thức"),
        ({"A13": 5}, "Báo cáo!A13: là «5», biểu mẫu ghi nhiệm vụ 1;"),
        ({"E12": "Tình trạng"}, "Báo cáo!E12: tiêu đề cột phải là «Tiến độ (chọn)»"),
        ({"C9": "mười tháng chín"}, "Báo cáo!C9: «mười tháng chín» không phải ngày"),
        ({"B30": "dòng thêm"}, "Báo cáo!B30: ô ngoài các dòng nhiệm vụ"),
    ],
)
def test_every_refusal_is_located_and_writes_nothing(
    data: Path, tmp_path: Path, cells: dict[str, object], message: str
) -> None:
    path = fill(form(data, tmp_path), cells)
    before = snapshot(data)
    done = k(data, "import", str(path), "--received", "12/09/2025")
    assert done.exit_code == 1
    assert f"{path}: {message}" in done.stdout or message in done.stdout, done.stdout
    assert snapshot(data) == before


def test_a_form_for_another_year_or_not_a_form(data: Path, tmp_path: Path) -> None:
    other = form(data, tmp_path, year="2024", agency="Sở Du lịch")
    book = load_workbook(other)
    book["kehoach"]["B2"] = 2031
    book.save(other)
    plain = tmp_path / "plain.xlsx"
    book = load_workbook(form(data, tmp_path, agency="Sở Y tế"))
    del book["kehoach"]
    book.save(plain)
    before = snapshot(data)
    done = k(data, "import", "--year", "2025", str(other), str(plain))
    assert done.exit_code == 1
    assert (
        f"{other}: phần đánh dấu ẩn của biểu mẫu (ô kehoach!B2): biểu mẫu năm 2031, không phải năm 2025"
        in done.stdout
    )
    assert "không phải biểu mẫu của kehoach" in done.stdout
    assert snapshot(data) == before


def test_a_form_longer_than_any_earlier_bound_comes_back_whole(data: Path, tmp_path: Path) -> None:
    """A large plan's form (Sở Du lịch leading 600 more tasks) imports to its last row: the rows read are
    bounded by the plan's tasks, not by a fixed number."""
    tasks = data / "plan" / "tasks.yaml"
    extra = "".join(
        f"  - id: {n}\n    sector: IV\n    content: Nhiệm vụ thử nghiệm số {n}.\n    lead:\n"
        "      - agency: so-du-lich\n"
        for n in range(19, 619)
    )
    tasks.write_text(tasks.read_text(encoding="utf-8") + extra, encoding="utf-8")
    path = form(data, tmp_path)
    book = load_workbook(path)
    sheet = book["Báo cáo"]
    last = sheet.max_row
    assert sheet[f"A{last}"].value == 618 and last > 13 + 500
    sheet[f"E{last}"] = "Đã hoàn thành"
    book.save(path)
    done = k(data, "import", str(path), "--received", "12/09/2025")
    assert done.exit_code == 0, done.stdout
    text = (data / "plan/reports/2025/so-du-lich.yaml").read_text(encoding="utf-8")
    assert "- task: 618\n    status: completed" in text


def test_a_tampered_task_list_is_refused(data: Path, tmp_path: Path) -> None:
    path = form(data, tmp_path)
    book = load_workbook(path)
    book["kehoach"]["B4"] = ",".join(["12"] * 5000)
    book.save(path)
    before = snapshot(data)
    done = k(data, "import", str(path))
    assert done.exit_code == 1
    assert (
        f"{path}: phần đánh dấu ẩn của biểu mẫu (ô kehoach!B4): danh sách nhiệm vụ của biểu mẫu không hợp lệ."
        in done.stdout
    )
    assert snapshot(data) == before


def test_hostile_files_are_refused_with_a_message(data: Path, tmp_path: Path) -> None:
    good = form(data, tmp_path)
    macro = tmp_path / "bao-cao.xlsm"
    shutil.copy(good, macro)
    with_vba = tmp_path / "vba.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(with_vba, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item))
        dst.writestr("xl/vbaProject.bin", b"\0" * 100)
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as dst:
        dst.writestr("[Content_Types].xml", "<x/>")
        dst.writestr("xl/workbook.xml", b"\0" * (50 * 1024 * 1024))
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"PK\3\4 not really a zip")
    before = snapshot(data)
    done = k(data, "import", *(str(p) for p in (macro, with_vba, bomb, junk, tmp_path / "missing.xlsx")))
    out = done.stdout
    assert done.exit_code == 1 and "Traceback" not in out + done.stderr
    assert "có macro (.xlsm)" in out and "có macro (VBA)" in out
    assert "tỉ lệ nén quá cao" in out and "không mở được như một tệp nén" in out
    assert "missing.xlsx: không ghi gì" in out
    assert "0 nhận, 5 có lỗi" in out
    assert snapshot(data) == before


def test_many_forms_each_all_or_nothing_and_dry_run(data: Path, tmp_path: Path) -> None:
    good = fill(form(data, tmp_path), {"E{12}": "Đã hoàn thành"})
    bad = fill(form(data, tmp_path, agency="Sở Y tế"), {"E{16}": "??"})
    before = snapshot(data)
    dry = k(data, "import", str(good), str(bad), "--received", "12/09/2025", "--dry-run")
    assert "(--dry-run: không ghi gì.)" in dry.stdout and snapshot(data) == before
    done = k(data, "import", str(good), str(bad), "--received", "12/09/2025")
    assert "1 nhận, 1 có lỗi" in done.stdout
    assert (data / "plan/reports/2025/so-du-lich.yaml").exists()
    assert not (data / "plan/reports/2025/so-y-te.yaml").exists()


# --- reminders -------------------------------------------------------------------------


def test_reminder_text_is_golden(data: Path, golden: Callable[[str, str], None]) -> None:
    k(data, "record", "-y", "2025", "-a", "Sở Du lịch", "--received", "12/09/2025")
    done = k(data, "remind", "-y", "2025", "--as-of", "2025-09-20", "-a", "Các Sở, ngành", "-f", "text")
    assert done.exit_code == 0, done.stderr
    assert "Sở Du lịch" not in done.stdout.split("Kính gửi")[1]
    golden("reminder.txt", done.stdout)


def test_reminder_in_word_and_one_per_agency(data: Path, tmp_path: Path) -> None:
    from docx import Document

    out = tmp_path / "don-doc.docx"
    done = k(data, "remind", "-y", "2025", "--as-of", "2025-09-20", "-o", str(out), "--number", "125/STC-KH")
    assert done.exit_code == 0, done.stderr
    document = Document(str(out))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "Số: 125/STC-KH" in cells and "V/v đôn đốc báo cáo" in cells and "SỞ TÀI CHÍNH" in cells
    assert "danh sách kèm theo (142 cơ quan, đơn vị)" in text  # all but Sở Tài chính, the sender
    assert "UBND xã Sóc Sơn" in text  # the attached list names every commune
    assert "GIÁM ĐỐC" in cells and "Nơi nhận:" in cells
    # the signature row never splits across pages
    assert b"w:cantSplit" in zipfile.ZipFile(out).read("word/document.xml")
    folder = tmp_path / "each"
    done = k(
        data,
        "remind",
        "-y",
        "2025",
        "--as-of",
        "2025-09-20",
        "-a",
        "Các Sở, ngành",
        "--each",
        "-o",
        str(folder),
    )
    assert done.exit_code == 0, done.stderr
    assert "don-doc-2025-so-du-lich.docx" in {p.name for p in folder.iterdir()}


# --- calendars -------------------------------------------------------------------------


def test_calendar_parses_back_with_alarms(data: Path, tmp_path: Path) -> None:
    from icalendar import Calendar

    out = tmp_path / "han.ics"
    done = k(data, "calendar", "-y", "2025", "-o", str(out))
    assert done.exit_code == 0, done.stderr
    calendar = Calendar.from_ical(out.read_bytes())
    events = calendar.walk("VEVENT")
    assert [e.decoded("dtstart") for e in events] == [dt.date(2025, 9, 14), dt.date(2025, 9, 24)]
    assert all(e.decoded("dtend") - e.decoded("dtstart") == dt.timedelta(days=1) for e in events)
    assert "trước ngày 15/09/2025" in str(events[0]["summary"])
    assert all(a.decoded("trigger") == -dt.timedelta(days=7) for e in events for a in e.walk("VALARM"))
    assert len({str(e["uid"]) for e in events}) == 2
    one = tmp_path / "sdl.ics"
    assert k(data, "calendar", "-a", "Sở Du lịch", "-y", "2025", "-o", str(one)).exit_code == 0
    (only,) = Calendar.from_ical(one.read_bytes()).walk("VEVENT")
    assert only.decoded("dtstart") == dt.date(2025, 9, 14)
    assert k(data, "calendar", "-o", str(tmp_path / "x.txt")).exit_code == 2


# --- Excel and CSV -----------------------------------------------------------------------


def test_status_in_excel_has_typed_state_and_days(data: Path, tmp_path: Path) -> None:
    k(data, "record", "-y", "2025", "-a", "Sở Du lịch", "--received", "16/09/2025", "--dated", "15/09/2025")
    out = tmp_path / "status.xlsx"
    done = k(data, "status", "-y", "2025", "--as-of", "2025-10-01", "-o", str(out))
    assert done.exit_code == 0, done.stderr
    sheet = load_workbook(out).worksheets[0]
    header = [c.value for c in sheet[1]]
    assert header == [
        "Cơ quan",
        "Trạng thái",
        "Số ngày (trễ, quá hạn, còn lại)",
        "Ngày nhận",
        "Số, ký hiệu",
        "Ngày văn bản",
        "Chưa xác nhận",  # issue 23: the unconfirmed bodies a row names (Thanh tra, Trung tâm Xúc tiến)
    ]
    rows = {r[0]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["Sở Du lịch"][1:4] == ("Trễ hạn", 2, dt.datetime(2025, 9, 16))
    assert rows["Sở Y tế"][1:3] == ("Quá hạn", 17)
    assert sheet.max_row == 144  # every agency, communes one by one
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:G144"
    assert sheet["A1"].font.bold
    # every body cell wraps; dates, wherever they are, show as dd/mm/yyyy (styles are copied row to row)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            assert cell.alignment.wrap_text and not cell.font.bold, cell.coordinate
            if isinstance(cell.value, dt.datetime):
                assert cell.number_format == "DD/MM/YYYY", cell.coordinate
    assert sum(isinstance(c.value, dt.datetime) for r in sheet.iter_rows(min_row=2) for c in r) >= 2


def test_matrix_in_excel_has_a_legend_sheet_and_text_stays_text(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "matrix.xlsx"
    assert k(data, "matrix", "-f", "xlsx", "-o", str(out)).exit_code == 0
    book = load_workbook(out)
    assert book.sheetnames[-1] == "Chú giải"
    assert book["Chú giải"]["A1"].value.startswith("C = chủ trì, P = phối hợp")
    from kehoach.answer.listing import Column, Listing
    from kehoach.show.xlsx import listing_workbook

    hostile = Listing([Column("a", "A")], [{"a": "=1+1"}, {"a": "@SUM(A1)"}])
    path = tmp_path / "h.xlsx"
    path.write_bytes(listing_workbook(hostile))
    sheet = load_workbook(path).worksheets[0]
    assert sheet["A2"].data_type == "s" and sheet["A2"].value == "=1+1"


@pytest.mark.parametrize("command", [["tasks"], ["task", "12"], ["agencies"], ["agency", "Sở Du lịch"]])
def test_every_listing_writes_excel(data: Path, tmp_path: Path, command: list[str]) -> None:
    out = tmp_path / "x.xlsx"
    done = k(data, *command, "-o", str(out))
    assert done.exit_code == 0, done.stderr
    assert load_workbook(out).worksheets[0].max_row > 1


def test_semicolon_csv_and_format_mismatch(data: Path, tmp_path: Path) -> None:
    done = k(data, "tasks", "--agency", "Sở Du lịch", "-f", "csv-semicolon")
    lines = done.stdout.splitlines()
    assert lines[0] == "\ufeffTT;Lĩnh vực;Nội dung;Vai trò;Nguồn"
    assert "Nhiệm vụ thường xuyên (phần II.2, III của Kế hoạch)" in done.stdout
    bad = k(data, "tasks", "-f", "csv", "-o", str(tmp_path / "x.xlsx"))
    assert bad.exit_code == 2 and "không khớp đuôi tệp" in bad.stderr
    assert k(data, "tasks", "-f", "xlsx").exit_code == 2


def test_reminder_signer_as_given_in_order(data: Path, tmp_path: Path) -> None:
    from docx import Document

    out = tmp_path / "one.docx"
    args = ("remind", "-y", "2025", "--as-of", "2025-09-20", "-a", "Sở Nội vụ", "-o", str(out))
    extra = ("--delegation", "KT. GIÁM ĐỐC", "--signer-title", "Phó Giám đốc", "--dated", "22/09/2025")
    assert k(data, *args, *extra).exit_code == 0
    document = Document(str(out))
    right = [p.text for p in document.tables[-1].rows[0].cells[1].paragraphs if p.text]
    assert right == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "…"]  # nobody's name is made up
    assert "Kính gửi: Sở Nội vụ." in [p.text for p in document.paragraphs]
    header = document.tables[0].rows[0].cells[1].text
    assert "Hà Nội, ngày 22 tháng 9 năm 2025" in header


# --- who issued a form -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("ref", "value"), [("B3", "so-y-te"), ("B2", 2024), ("B4", "1,2,3,5,12,14"), ("B7", "chữ ký giả")]
)
def test_a_form_retargeted_to_another_agency_year_or_rows_is_refused(
    data: Path, tmp_path: Path, ref: str, value: object
) -> None:
    path = form(data, tmp_path)
    book = load_workbook(path)
    book["kehoach"][ref] = value
    book.save(path)
    before = snapshot(data)
    done = k(data, "import", str(path), "--received", "12/09/2025")
    assert (
        done.exit_code == 1
        and "phần đánh dấu ẩn của biểu mẫu (ô kehoach!B7): chữ ký không khớp" in done.stdout
    ), done.stdout
    vouched = k(data, "import", str(path), "--accept-unsigned", "--from", "ai đó")
    assert vouched.exit_code == 1 and "chữ ký không khớp" in vouched.stdout  # a forgery is never vouched for
    assert snapshot(data) == before


def _unsigned(path: Path) -> Path:
    book = load_workbook(path)
    book["kehoach"]["B6"] = None
    book["kehoach"]["B7"] = None
    book.save(path)
    return path


def _site_signed(path: Path) -> Path:
    book = load_workbook(path)
    sign(book, SITE)
    book.save(path)
    return path


def _other_office(path: Path) -> Path:
    book = load_workbook(path)
    sign(book, Key("0123456789ab", b"x" * 40))
    book.save(path)
    return path


@pytest.mark.parametrize(
    ("change", "doubt"),
    [
        (_unsigned, "biểu mẫu không có chữ ký của văn phòng"),
        (_site_signed, "biểu mẫu tải từ trang web công khai"),
        (_other_office, "biểu mẫu ký bằng khóa 0123456789ab không có trên máy này"),
    ],
)
def test_a_form_the_office_did_not_sign_needs_a_named_sender(
    data: Path, tmp_path: Path, change: Callable[[Path], Path], doubt: str
) -> None:
    path = change(fill(form(data, tmp_path), {"E{12}": "Đã hoàn thành"}))
    before = snapshot(data)
    done = k(data, "import", str(path), "--received", "12/09/2025")
    assert (
        done.exit_code == 1 and doubt in done.stdout and '--accept-unsigned --from "NGƯỜI GỬI"' in done.stdout
    )
    assert snapshot(data) == before
    half = k(data, "import", str(path), "--accept-unsigned")
    assert half.exit_code == 2 and "phải đi cùng nhau" in half.stderr
    vouched = k(
        data, "import", str(path), "--received", "12/09/2025", "--accept-unsigned", "--from", "Chị Lan"
    )
    assert vouched.exit_code == 0, vouched.stdout
    text = (data / "plan/reports/2025/so-du-lich.yaml").read_text(encoding="utf-8")
    assert "unverified_sender: Chị Lan" in text and "status: completed" in text


def test_the_sites_blank_forms_are_signed_with_the_public_key(data: Path, tmp_path: Path) -> None:
    from kehoach.answer.forms import form_content
    from kehoach.show.site import _site_form

    plan = validated_plan(DATA)
    book = tmp_path / "tai-ve.xlsx"
    book.write_bytes(_site_form(form_content(plan, 2025, plan.agencies["so-du-lich"])))
    assert load_workbook(book)["kehoach"]["B6"].value == "site"
    done = k(data, "import", str(book), "--received", "12/09/2025")
    assert done.exit_code == 1 and "biểu mẫu tải từ trang web công khai" in done.stdout


def test_a_new_key_still_reads_the_forms_sent_with_the_old(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KEHOACH_CONFIG_DIR", str(tmp_path / "config"))
    made = k(data, "form", "-y", "2025", "-a", "Sở Du lịch", "-o", str(tmp_path / "old.xlsx"))
    assert f"Đã tạo khóa ký biểu mẫu: {tmp_path / 'config' / 'form-keys'}" in made.stderr
    old = fill(tmp_path / "old.xlsx", {"E{12}": "Đã hoàn thành"})
    first = signing_key(create=False)
    rotated = k(data, "form", "-y", "2025", "-a", "Sở Y tế", "-o", str(tmp_path / "new.xlsx"), "--new-key")
    assert rotated.exit_code == 0 and "Đã tạo khóa ký biểu mẫu mới" in rotated.stderr
    assert "Đã tạo khóa ký biểu mẫu:" not in rotated.stderr  # said once, when the file was made
    assert signing_key(create=False) != first
    assert load_workbook(tmp_path / "new.xlsx")["kehoach"]["B6"].value == signing_key(create=False).id
    assert (tmp_path / "config/form-keys").stat().st_mode & 0o077 == 0  # the owner's alone
    done = k(data, "import", str(old), "--received", "12/09/2025")
    assert done.exit_code == 0, done.stdout


@pytest.fixture(scope="session")
def calc() -> str:
    """LibreOffice Calc, installed when missing (root, as in CI); never skipped in CI."""
    from system import ensure, in_ci, install_hint

    found = ensure("calc")
    if found is None:
        (pytest.fail if in_ci() else pytest.skip)(install_hint("calc"))
    assert found is not None
    return found


def test_labels_with_quotes_and_commas_survive_libreoffice_and_come_back(
    data: Path, tmp_path: Path, calc: str
) -> None:
    """Issue 24: a progress label with `"` and `,` is one choice of the drop-down (a range, not a quoted
    list): LibreOffice keeps the list when it saves the form, and the chosen label imports as its code."""
    import subprocess

    plan = data / "plan" / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    label = 'Đang làm, "gấp"'
    assert "label: Đang triển khai" in text
    plan.write_text(text.replace("label: Đang triển khai", f"label: '{label}'", 1), encoding="utf-8")
    filled = fill(form(data, tmp_path), {"E{12}": label})
    out = tmp_path / "calc"
    profile = (tmp_path / "profile").as_uri()
    done = subprocess.run(
        [
            calc,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out),
            str(filled),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    saved = out / filled.name
    assert done.returncode == 0 and saved.exists(), done.stderr
    book = load_workbook(saved)
    (validation,) = book["Báo cáo"].data_validations.dataValidation
    assert validation.type == "list" and validation.formula1.replace("$", "").lower() == "kehoach!d1:d4"
    assert label in [c.value for (c,) in book["kehoach"]["D1:D4"]]
    imported = k(data, "import", str(saved), "--received", "12/09/2025")
    assert imported.exit_code == 0, imported.stdout
    assert "- task: 12\n    status: in-progress" in (data / "plan/reports/2025/so-du-lich.yaml").read_text(
        "utf-8"
    )

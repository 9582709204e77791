"""Issue 23: what staff and the secretariat found surprising, each reproduced first, then fixed."""

from __future__ import annotations

import pytest

from conftest import DATA, REGISTER, run


def _remind(*more: str) -> tuple[int, str, str]:
    result = run(["--data", str(DATA), "remind", "--year", "2025", "--as-of", "20/09/2025", *more])
    return result.exit_code, result.stdout, result.stderr


# 1. The focal agency is never a recipient of its own reminder.


def test_the_focal_agency_is_not_among_those_it_reminds() -> None:
    code, letter, _ = _remind()
    assert code == 0
    assert "SỞ TÀI CHÍNH" in letter  # the letter is Sở Tài chính's
    listed = [line for line in letter.splitlines() if line[:1].isdigit() and ". " in line]
    assert listed and not any(line.endswith(". Sở Tài chính") for line in listed)
    assert "(142 cơ quan, đơn vị)" in letter


def test_reminding_the_focal_agency_itself_is_refused() -> None:
    code, _, said = _remind("--agency", "Sở Tài chính")
    assert code == 2 and "cơ quan đầu mối năm 2025" in said and "không gửi cho chính mình" in said


# 6. The reminder asks for the reports by a date the drafter chooses, not by the consolidated deadline.


def test_the_reminder_asks_by_the_date_given_and_states_no_reading_as_fact() -> None:
    _, plain, _ = _remind()
    assert "trước ngày 25/09/2025;" not in plain  # the consolidated deadline is not the new one
    assert "khẩn trương gửi báo cáo kết quả thực hiện năm 2025 về Sở Tài chính; nội dung" in plain
    assert "hạn nhận chậm nhất" not in plain  # "trước ngày 15/9" read as 14/09 is a reading, not a fact
    code, dated, _ = _remind("--by", "30/09/2025")
    assert code == 0 and "về Sở Tài chính trước ngày 30/09/2025; nội dung" in dated
    code, _, said = _remind("--by", "10/09/2025")
    assert code == 2 and "--by 10/09/2025 phải sau ngày tính" in said
    refused = run(["--data", str(DATA), "remind", "--overdue", "--by", "30/09/2025"])
    assert refused.exit_code == 2 and "--by chỉ dùng với --year" in refused.stderr


# 3. Acronyms people write, dates with dots, and no commune suggested for a department's name.


def test_acronyms_people_write_find_the_agency() -> None:
    from kehoach import api

    plan = api.load(DATA)
    on = __import__("datetime").date(2024, 6, 1)
    found = {
        typed: api.resolve(plan, typed, on).id for typed in ("SDL", "Sở KHĐT", "Sở TNMT", "TTXT", "Sở VHTT")
    }
    assert found == {
        "SDL": "so-du-lich",
        "Sở KHĐT": "so-ke-hoach-va-dau-tu",
        "Sở TNMT": "so-tai-nguyen-va-moi-truong",
        "TTXT": "trung-tam-xuc-tien",
        "Sở VHTT": "so-van-hoa-va-the-thao",
    }
    assert (
        api.resolve(plan, "Sở NNMT", __import__("datetime").date(2025, 6, 1)).id
        == "so-nong-nghiep-va-moi-truong"
    )


def test_a_department_name_is_never_answered_with_a_commune() -> None:
    result = run(["--data", str(DATA), "agency", "Sở Văn hoá, Thể thao và Du lịch"])
    assert result.exit_code == 2
    assert "Sở Văn hóa và Thể thao, Sở Du lịch?" in result.stderr and "xã" not in result.stderr


def test_a_date_written_with_dots_or_dashes_is_read() -> None:
    dotted = run(["--data", str(DATA), "tasks", "--agency", "Sở Du lịch", "--as-of", "01.07.2025"])
    slashed = run(["--data", str(DATA), "tasks", "--agency", "Sở Du lịch", "--as-of", "01/07/2025"])
    assert dotted.exit_code == 0 and dotted.stdout == slashed.stdout
    assert run(["--data", str(DATA), "tasks", "--as-of", "01.07-2025"]).exit_code == 2


# 7. A form follows the successor, as tasks and status do.


def test_the_form_of_an_ended_agency_is_its_successors(tmp_path) -> None:  # type: ignore[no-untyped-def]
    result = run(["--data", str(DATA), "form", "--agency", "Sở KH&ĐT", "--year", "2025", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.stderr
    assert "biểu mẫu là của Sở Tài chính" in result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["bieu-mau-2025-so-tai-chinh.xlsx"]


# 10. `kehoach --help` gives each command's summary whole.


def test_help_gives_each_summary_whole() -> None:
    from kehoach.cli.spec import SPEC

    shown = " ".join(run(["--help"]).stdout.split())
    for name, command in SPEC["commands"].items():
        first = " ".join(command["help"].split("\n\n", 1)[0].split())
        assert f"{name} {first}" in shown, name
        assert first.endswith((".", ")")), name  # a sentence, not a phrase cut at the line's end


# 12. With --format json or csv, stderr carries only what qualifies the answer.


def test_a_machine_format_keeps_the_heading_off_stderr() -> None:
    result = run(["--data", str(DATA), "task", "12", "--format", "json"])
    assert result.exit_code == 0 and '"id": 12' in result.stdout
    assert "Nhiệm vụ 12 —" not in result.stderr and "Quảng bá du lịch" not in result.stderr
    assert "126 đơn vị hành chính cấp xã" in result.stderr  # the group reading the answer rests on
    lineage = run(
        ["--data", str(DATA), "tasks", "--agency", "Sở KH&ĐT", "--as-of", "01/01/2026", "-f", "csv"]
    )
    assert "kết quả dưới đây là của Sở Tài chính" in lineage.stderr


# 11. What people read is Vietnamese: commit messages suggested, duty names, workflow names.


def test_suggested_commit_messages_and_duty_names_are_vietnamese() -> None:
    from kehoach.answer.record import Change, Recorded, duty_name
    from kehoach.show.changes import change_lines, commit_hint

    one = Recorded("plan/reports/2025/so-y-te.yaml", True, [], (), "plan/reports/2025/so-y-te.yaml")
    assert 'git commit -m "Thêm báo cáo năm 2025 của Sở Y tế"' in commit_hint([one], {"so-y-te": "Sở Y tế"})
    two = [one, one._replace(file="plan/reports/2025/so-du-lich.yaml", created=False)]
    assert 'git commit -m "Nhập 2 báo cáo năm 2025"' in commit_hint(two)
    from kehoach import api

    assert duty_name(api.load(DATA), "budget") == "Nhiệm vụ thường xuyên mục III.3 (Bố trí kinh phí)"
    # 14. a value of several lines stays indented under its field
    lines = change_lines([Change("Nhiệm vụ 12 – Kết quả", None, "Dòng một.\nDòng hai.")], {})
    assert "\n".join(lines).splitlines()[1].startswith("      ")


# 14. No Markdown in a terminal; a hidden cell is named as such; one gap after "Kính gửi".


def test_the_matrix_legend_has_no_markdown_in_a_terminal() -> None:
    legend = run(["--data", str(DATA), "matrix"]).stdout
    assert "`" not in legend and "«kehoach task SỐ»" in " ".join(legend.split())


def test_one_gap_after_kinh_gui_in_the_letter(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import docx

    out = tmp_path / "r.docx"
    done = run(
        [
            "--data",
            str(DATA),
            "remind",
            "--year",
            "2025",
            "--as-of",
            "20/09/2025",
            "--agency",
            "Sở Y tế",
            "-o",
            str(out),
        ]
    )
    assert done.exit_code == 0, done.stderr
    paragraphs = docx.Document(str(out)).paragraphs
    at = next(i for i, p in enumerate(paragraphs) if p.text.startswith("Kính gửi"))
    gap = paragraphs[at].paragraph_format.space_after
    assert (gap is None or gap.pt == 0) and paragraphs[at + 1].text == "" and paragraphs[at + 2].text


# 13. validate says every place: both of a duplicate, every tab, every hidden line break; and the id
# a name written in its place would be.


def _broken(tmp_path, change) -> str:  # type: ignore[no-untyped-def]
    import shutil

    root = tmp_path / "data"
    shutil.copytree(DATA, root)
    tasks = root / "plan" / "tasks.yaml"
    tasks.write_text(change(tasks.read_text(encoding="utf-8")), encoding="utf-8")
    result = run(["--data", str(root), "validate"])
    assert result.exit_code == 1
    return result.stdout


def test_a_duplicate_id_is_reported_at_both_places(tmp_path) -> None:  # type: ignore[no-untyped-def]
    said = _broken(tmp_path, lambda t: t.replace("  - id: 2\n", "  - id: 1\n", 1))
    assert "tasks.yaml:27:9: error[duplicate-task-id]: mã «1» dùng lại ở mục thứ 2" in said
    assert "tasks.yaml:41:9: error[duplicate-task-id]: mã «1» đã dùng cho mục thứ 1" in said


def test_every_tab_indented_line_is_reported(tmp_path) -> None:  # type: ignore[no-untyped-def]
    def tabs(text: str) -> str:
        text = text.replace("  - id: 4\n    sector: II\n", "  - id: 4\n\tsector: II\n", 1)
        return text.replace("  - id: 7\n    sector: III\n", "  - id: 7\n\tsector: III\n", 1)

    said = _broken(tmp_path, tabs)
    assert said.count("error[yaml-tab]") == 2


def test_a_hidden_line_separator_is_flagged_where_it_is(tmp_path) -> None:  # type: ignore[no-untyped-def]
    for ch in ("\u2028", "\u2029"):
        said = _broken(
            tmp_path / ch.encode("unicode_escape").decode()[1:],
            lambda t, c=ch: t.replace("du lịch, xây", f"du lịch,{c} xây", 1),
        )
        assert "error[yaml-hidden-break]: có ký tự ngắt dòng ẩn" in said and "tasks.yaml:160:" in said


def test_a_name_written_instead_of_an_id_gets_the_id(tmp_path) -> None:  # type: ignore[no-untyped-def]
    said = _broken(tmp_path, lambda t: t.replace("      - agency: so-y-te\n", "      - agency: Sở Y tế\n", 1))
    assert "(có phải ý bạn là «so-y-te»?)" in said


# 2. `tasks --as-of` without --agency says who carries an ended agency's work on that day.


def test_the_task_list_on_a_date_says_who_carries_the_work_now() -> None:
    then = run(["--data", str(DATA), "tasks", "--as-of", "01/01/2024", "-f", "csv"]).stdout
    now = run(["--data", str(DATA), "tasks", "--as-of", "01/01/2026", "-f", "csv"]).stdout
    assert "nay là" not in then and then != now
    assert "Sở Kế hoạch và Đầu tư (nay là Sở Tài chính)" in now
    assert "UBND các quận, huyện, thị xã (nay là UBND các xã, phường)" in now


# 4. An ended district: the commune of the same name is pointed at, and its own roles are shown.


def test_an_ended_district_points_at_the_commune_of_the_same_name() -> None:
    ask = ["--data", str(DATA), "tasks", "--agency", "quận Hoàn Kiếm", "--as-of", "01/01/2026"]
    said = " ".join(run(ask).stdout.split())
    assert (
        "nay có UBND phường Hoàn Kiếm (từ 01/07/2025): xem việc của cơ quan này bằng "
        '--agency "phường Hoàn Kiếm"' in said
    )
    card = run(["--data", str(DATA), "agency", "quận Hoàn Kiếm", "--as-of", "01/01/2026", "-f", "json"])
    assert card.exit_code == 0
    shown = " ".join(
        run(["--data", str(DATA), "agency", "quận Hoàn Kiếm", "--as-of", "01/01/2026"]).stdout.split()
    )
    assert "khi còn hoạt động (đến 30/06/2025)" in shown
    assert "Chủ trì nhiệm vụ 1 (qua nhóm)" in shown and "Phối hợp nhiệm vụ —" not in shown


# Issue 23, "documents ready to sign": no modelling commentary in the text; what to check comes as Word
# review comments on the words concerned (a checklist on stderr); --final leaves a clean document.


def _comments(path) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """(the words each Word comment is anchored on, its text)."""
    import zipfile
    from xml.etree import ElementTree as ET

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    with zipfile.ZipFile(path) as archive:
        if "word/comments.xml" not in archive.namelist():
            return []
        body = ET.fromstring(archive.read("word/document.xml"))
        notes = ET.fromstring(archive.read("word/comments.xml"))
    texts = {
        c.get(f"{w}id"): "".join(t.text or "" for t in c.iter(f"{w}t")) for c in notes.iter(f"{w}comment")
    }
    anchored: dict[str, str] = {}
    inside: set[str] = set()
    for element in body.iter():
        if element.tag == f"{w}commentRangeStart":
            inside.add(element.get(f"{w}id", ""))
        elif element.tag == f"{w}commentRangeEnd":
            inside.discard(element.get(f"{w}id", ""))
        elif element.tag == f"{w}t":
            for key in inside:
                anchored[key] = anchored.get(key, "") + (element.text or "")
    return [(anchored.get(key or "", ""), text) for key, text in texts.items()]


def test_the_report_carries_review_comments_not_commentary(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import docx

    out = tmp_path / "bao-cao.docx"
    done = run(["--data", str(DATA), "report", "-y", "2025", "--as-of", "24/09/2025", "-o", str(out)])
    assert done.exit_code == 0, done.stderr
    assert "Cần rà soát trước khi ký (3;" in done.stderr
    words = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "Cách hiểu" not in words and "Chưa xác nhận" not in words
    assert (
        "Mục II.2 (Văn phòng UBND Thành phố): Chủ trì, phối hợp với Sở Kế hoạch và Đầu tư "
        "(nay là Sở Tài chính)" in words
    )
    anchored = dict(_comments(out))
    assert anchored["143 cơ quan, đơn vị"].startswith("Số này dựa trên cách hiểu nhóm")
    assert anchored["Thanh tra Thành phố"].startswith("Chưa xác nhận (từ 01/07/2025)")
    assert anchored["Trung tâm Xúc tiến Đầu tư, Thương mại, Du lịch thành phố Hà Nội"].startswith(
        "Chưa xác nhận"
    )
    final = tmp_path / "ky.docx"
    clean = run(
        ["--data", str(DATA), "report", "-y", "2025", "--as-of", "24/09/2025", "-o", str(final), "--final"]
    )
    assert clean.exit_code == 0 and "Cần rà soát" not in clean.stderr and _comments(final) == []


def test_the_reminder_carries_review_comments_on_its_list(tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "don-doc.docx"
    done = run(["--data", str(DATA), "remind", "-y", "2025", "--as-of", "20/09/2025", "-o", str(out)])
    assert done.exit_code == 0 and done.stderr.startswith(f"Đã ghi {out}")
    anchored = dict(_comments(out))
    assert set(anchored) == {
        "142 cơ quan, đơn vị",
        "Thanh tra Thành phố",
        "Trung tâm Xúc tiến Đầu tư, Thương mại, Du lịch thành phố Hà Nội",
    }


def test_the_chase_letter_carries_review_comments_not_marks(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The overdue-task letter names an unconfirmed body plainly; what to check is a review comment."""
    centre = "Trung tâm Xúc tiến Đầu tư, Thương mại, Du lịch thành phố Hà Nội"
    chase = [
        "--data",
        str(REGISTER),
        "remind",
        "--overdue",
        "--as-of",
        "15/01/2027",
        "--plan",
        "mh-du-lich-2025",
    ]
    text = run(chase)
    assert text.exit_code == 0 and f"- {centre}." in text.stdout
    assert "chưa xác nhận" not in text.stdout.lower()
    assert f"1. «{centre}»: Chưa xác nhận (từ 01/03/2025)" in text.stderr
    out = tmp_path / "don-doc.docx"
    assert run([*chase, "-o", str(out)]).exit_code == 0
    assert dict(_comments(out))[centre].startswith("Chưa xác nhận (từ 01/03/2025)")
    final = run([*chase, "-o", str(tmp_path / "ky.docx"), "--final"])
    assert (
        final.exit_code == 0 and "Cần rà soát" not in final.stderr and _comments(tmp_path / "ky.docx") == []
    )


def test_duties_are_named_by_their_titles_not_cut_mid_phrase(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Friction 5: a table names a duty by its title; the spreadsheet keeps the whole text beside it; a
    duty without a title shows its text, shortened."""
    import csv
    import io
    import shutil

    shown = run(["--data", str(DATA), "tasks", "--agency", "Sở Tài chính", "--as-of", "01/12/2025"]).stdout
    assert "III.3  Bố trí kinh phí" in shown and "Trên cơ sở đề xuất" not in shown
    table = run(
        ["--data", str(DATA), "tasks", "--agency", "Sở Tài chính", "--as-of", "01/12/2025", "-f", "csv"]
    )
    rows = [r for r in csv.reader(io.StringIO(table.stdout)) if r and r[0] == "III.3"]
    assert (
        rows
        and rows[0][1] == "Bố trí kinh phí"
        and rows[0][2].startswith("Trên cơ sở đề xuất của các đơn vị")
    )
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    info = data / "plan" / "plan.yaml"
    info.write_text(info.read_text(encoding="utf-8").replace("    title: Bố trí kinh phí\n", ""), "utf-8")
    untitled = run(["--data", str(data), "tasks", "--agency", "Sở Tài chính", "--as-of", "01/12/2025"])
    assert untitled.exit_code == 0 and "Bố trí kinh phí" not in untitled.stdout
    assert "III.3  Trên cơ sở đề xuất" in untitled.stdout


# Issue 23, "one rule for unconfirmed facts": every listing, every format, every mention marked.

UNCONFIRMED = ("Trung tâm Xúc tiến Đầu tư, Thương mại, Du lịch thành phố Hà Nội", "Thanh tra Thành phố")
LISTINGS = [
    ["tasks"],
    ["tasks", "--agency", "Trung tâm Xúc tiến"],
    ["task", "5"],
    ["agencies"],
    ["agency", "Thanh tra Thành phố"],
    ["matrix"],
    ["status", "--year", "2025"],
    ["status", "--year", "2025", "--tasks"],
    ["overdue"],
]


def _unmarked(text: str) -> list[str]:
    """The lines that name an unconfirmed body without the mark (legend lines aside)."""
    found = []
    for line in text.splitlines():
        if line.startswith("†") or "— chưa xác nhận" in line:
            continue
        for name in UNCONFIRMED:
            at = line.find(name)
            while at >= 0:
                end = at + len(name)
                if not line.startswith("†", end) and not line.startswith(" thành phố", end):
                    found.append(line)
                at = line.find(name, end)
    return found


@pytest.mark.parametrize("query", LISTINGS, ids=lambda q: "-".join(q[:2]))
def test_every_mention_of_an_unconfirmed_body_is_marked(query: list[str]) -> None:
    import csv
    import io
    import json

    on = ["--as-of", "01/12/2025"]
    md = run(["--data", str(DATA), *query, *on, "-f", "md"]).stdout
    assert not _unmarked(md), _unmarked(md)[:3]
    named = [n for n in UNCONFIRMED if n in md]
    legend = [line.removeprefix("- ") for line in md.splitlines() if line.removeprefix("- ").startswith("†")]
    assert all(any(f" {n} —" in line or f" {n}," in line for line in legend) for n in named), legend
    table = list(
        csv.reader(io.StringIO(run(["--data", str(DATA), *query, *on, "-f", "csv"]).stdout.lstrip("\ufeff")))
    )
    if table and table[0] and table[0][-1] == "Chưa xác nhận":
        cells = "\n".join(c for row in table for c in row[:-1])
        assert not _unmarked(cells)
    data = json.loads(run(["--data", str(DATA), *query, *on, "-f", "json"]).stdout)
    if isinstance(data, dict) and any(n in json.dumps(data, ensure_ascii=False) for n in named):
        assert {u["name"] for u in data["unconfirmed"]} >= set(named)


def test_every_page_of_the_site_marks_what_is_unconfirmed(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from html.parser import HTMLParser

    class Text(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.parts: list[str] = []
            self.skip = 0
            self.legend: list[str] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag in ("script", "style") or ("class", "unconfirmed") in attrs:
                self.skip += 1

        def handle_endtag(self, tag: str) -> None:
            if self.skip and tag in ("script", "style", "p"):
                self.skip -= 1

        def handle_data(self, data: str) -> None:
            (self.legend if self.skip else self.parts).append(data)

    out = tmp_path / "site"
    assert run(["--data", str(DATA), "site", "-o", str(out), "--as-of", "01/12/2025"]).exit_code == 0
    marked_pages = 0
    for page in out.rglob("*.html"):
        text = Text()
        text.feed(page.read_text(encoding="utf-8"))
        body = "\n".join(text.parts)
        assert not _unmarked(body), (page.name, _unmarked(body)[:2])
        named = [n for n in UNCONFIRMED if n in body]
        assert all(any(n in line for line in text.legend) for n in named), page.name
        marked_pages += bool(named)
    assert marked_pages >= 5  # the task, agency and year pages that name them
    footer = (out / "index.html").read_text(encoding="utf-8")
    assert "các nguồn đã xác nhận" not in footer and "lần sửa cuối thư mục plan/" not in footer


def test_the_form_gives_the_plans_words_and_marks_an_unconfirmed_body(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    out = tmp_path / "forms"
    out.mkdir()
    done = run(["--data", str(DATA), "form", "-y", "2025", "-a", "Trung tâm Xúc tiến", "-o", str(out)])
    assert done.exit_code == 0, done.stderr
    (path,) = out.iterdir()
    book = load_workbook(path)
    sheet = book["Báo cáo"]
    assert sheet["C4"].value == "Trung tâm Xúc tiến Đầu tư, Thương mại, Du lịch thành phố Hà Nội†"
    assert sheet["C6"].value == "trước ngày 15/09/2025"
    guide = "\n".join(str(c.value) for row in book["Hướng dẫn"].iter_rows() for c in row if c.value)
    assert (
        "† Trung tâm Xúc tiến Đầu tư, Thương mại, Du lịch thành phố Hà Nội — chưa xác nhận (từ 01/03/2025)"
        in guide
    )


# 5. The focal agency is never told to report to itself.


def test_the_focal_agency_is_not_told_to_report_to_itself(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    duties = run(
        ["--data", str(DATA), "tasks", "--agency", "Sở Tài chính", "--as-of", "01/01/2026", "-f", "md"]
    )
    line = next(x for x in duties.stdout.splitlines() if "Báo cáo kết quả hàng năm" in x)
    assert "gửi Sở Tài chính" not in line and "Không gửi: là cơ quan đầu mối" in line
    out = tmp_path / "f"
    out.mkdir()
    assert (
        run(["--data", str(DATA), "form", "-y", "2025", "-a", "Sở Tài chính", "-o", str(out)]).exit_code == 0
    )
    (path,) = out.iterdir()
    assert load_workbook(path)["Báo cáo"]["C7"].value.startswith("Không gửi: là cơ quan đầu mối")


# 9. Site: an ended agency's page lists what it had while it existed; difficulties and proposals labelled.


def test_an_ended_agencys_page_and_a_tasks_results_say_what_they_are(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import shutil

    out = tmp_path / "site"
    assert run(["--data", str(DATA), "site", "-o", str(out), "--as-of", "01/12/2026"]).exit_code == 0
    ended = (out / "co-quan" / "so-ke-hoach-va-dau-tu.html").read_text(encoding="utf-8")
    assert "Nhiệm vụ Kế hoạch giao khi còn hoạt động (đến 28/02/2025)" in ended
    assert "Nhiệm vụ ngày 01/12/2026" not in ended
    from conftest import EXAMPLES

    data = tmp_path / "examples"
    shutil.copytree(EXAMPLES, data)
    site = tmp_path / "site2"
    assert run(["--data", str(data), "site", "-o", str(site), "--as-of", "01/12/2026"]).exit_code == 0
    pages = "".join(p.read_text(encoding="utf-8") for p in (site / "nhiem-vu").glob("*.html"))
    assert "<strong>Khó khăn:</strong>" in pages and "<strong>Đề xuất:</strong>" in pages


def test_the_calendar_and_the_sites_counts_say_what_they_rest_on(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from kehoach import api

    plan = api.load(DATA)
    (event,) = api.deadlines(plan, [2025], "Thanh tra Thành phố")
    assert "† Thanh tra Thành phố — chưa xác nhận (từ 01/07/2025)" in event.description
    out = tmp_path / "site"
    assert run(["--data", str(DATA), "site", "-o", str(out), "--as-of", "01/12/2025"]).exit_code == 0
    home = (out / "index.html").read_text(encoding="utf-8")
    assert "phải báo cáo năm 2025" in home and "Số này dựa trên cách hiểu nhóm" in home


def test_the_year_page_says_the_days_once(tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "site"
    assert run(["--data", str(DATA), "site", "-o", str(out), "--as-of", "01/12/2026"]).exit_code == 0
    page = (out / "bao-cao" / "2025.html").read_text(encoding="utf-8")
    assert '<td class="state overdue">Quá hạn</td>' in page and "Quá hạn 443 ngày" not in page


def test_the_examples_consolidated_report_is_marked_as_illustrative_on_the_site(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from conftest import EXAMPLES

    out = tmp_path / "site"
    assert run(["--data", str(EXAMPLES), "site", "-o", str(out), "--as-of", "01/12/2026"]).exit_code == 0
    year = (out / "bao-cao" / "2025.html").read_text(encoding="utf-8")
    assert "(minh họa — không phải báo cáo thật)" in year

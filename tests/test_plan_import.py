"""Issue 22: `kehoach plan import` — a plan's Word document or text, into the register, every agency
resolved or asked about, nothing written until all is settled."""

from __future__ import annotations

import contextlib
import shutil
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import DATA, SEED, Run, run
from kehoach import api
from kehoach.answer import plan_import, plan_parse
from kehoach.files.document import Block

GROUP_III_2 = (
    "các Sở, ban, ngành Thành phố và đơn vị có liên quan của Thành phố=cac-so-ban-nganh-va-don-vi-lien-quan"
)


@pytest.fixture
def register(tmp_path: Path) -> Path:
    """An empty register: the roster of the real plan, no plan yet."""
    root = tmp_path / "data"
    (root / "plan").mkdir(parents=True)
    shutil.copy(DATA / "plan" / "agencies.yaml", root / "plan" / "agencies.yaml")
    return root


def _run_import(root: Path, source: Path, plan_id: str, *more: str) -> Run:
    """`kehoach --data ROOT plan import SOURCE --id PLAN_ID MORE…`."""
    return run(["--data", str(root), "plan", "import", str(source), "--id", plan_id, *more])


def _imported(root: Path, source: Path, plan_id: str = "hop-tac") -> api.Register:  # type: ignore[name-defined]
    done = api.import_plan(root, source, plan_id, maps=[GROUP_III_2])
    assert done.written and done.tasks == 18 and done.sectors == 6
    return api.register(root)


def _same_as_transcribed(imported: object) -> None:
    """The imported plan equals plan/ as transcribed by hand, field by field."""
    by_hand = api.load(DATA)
    new = imported.plan("hop-tac")  # type: ignore[attr-defined]
    assert [(s.id, s.title) for s in new.sectors.values()] == [
        (s.id, s.title) for s in by_hand.sectors.values()
    ]
    assert sorted(new.tasks) == sorted(by_hand.tasks) == list(range(1, 19))
    for task_id, task in by_hand.tasks.items():
        got = new.tasks[task_id]
        for field in ("sector", "content", "lead", "coordinators", "deadline", "product"):
            assert getattr(got, field) == getattr(task, field), (task_id, field)
    assert new.tasks[6].lead[1].scope == "mô hình chính quyền đô thị"
    assert new.tasks[8].lead[1].scope == "công tác bảo vệ môi trường, ứng phó biến đổi khí hậu"
    for field in ("issuer", "document_type", "type_code", "issuer_code", "number", "dated", "year", "title"):
        assert getattr(new.info, field) == getattr(by_hand.info, field), field
    for field in ("period", "purposes", "signature", "recipients"):
        assert getattr(new.info, field) == getattr(by_hand.info, field), field
    rules = new.info.reporting
    assert rules.focal_agency == by_hand.info.reporting.focal_agency == "so-ke-hoach-va-dau-tu"
    assert (rules.agency_report.due, rules.consolidated_report.due) == (
        by_hand.info.reporting.agency_report.due,
        by_hand.info.reporting.consolidated_report.due,
    )
    assert [(d.section, d.lead, d.report) for d in new.duties] == [
        (d.section, d.lead, d.report) for d in by_hand.duties
    ]
    assert [b.number for b in new.info.based_on] == [b.number for b in by_hand.info.based_on]
    assert new.info.body[0].startswith("Ủy ban nhân dân thành phố Hà Nội ban hành Kế hoạch")


def test_the_seed_text_imports_as_it_was_transcribed(register: Path) -> None:
    _same_as_transcribed(_imported(register, SEED))
    assert api.validate(register).valid()


# --- the same plan as a Word document ---------------------------------------------------------------


def _seed_docx(path: Path, *, repeat_header: bool = True, merge_down: bool = True) -> Path:
    """The seed as a plan's author lays it out in Word: the body as paragraphs, the appendix as one
    table with sector rows merged across, several agencies as paragraphs (bullets) in a cell, scopes
    in italics, the header row repeated after a page break, and a lead merged down over two tasks."""
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    lines = SEED.read_text(encoding="utf-8").split("\n")
    head = lines.index("TT\tNỘI DUNG\tCƠ QUAN CHỦ TRÌ\tCƠ QUAN PHỐI HỢP")
    document = docx.Document()
    for line in lines[:head]:
        if line.strip():
            document.add_paragraph(line.replace("**", ""))
    rows = [line.split("\t") for line in lines[head:] if "\t" in line]
    table = document.add_table(rows=0, cols=4)
    merged_from = None
    for cells in rows:
        row = table.add_row()
        if cells[0] == "TT":
            if repeat_header:
                tr_pr = row._tr.get_or_add_trPr()
                tr_pr.append(OxmlElement("w:tblHeader"))
            else:
                row._tr.getparent().remove(row._tr)
                continue
        if plan_parse._ROMAN.fullmatch(cells[0]):
            row.cells[0].text = cells[0]
            merged = row.cells[1].merge(row.cells[3])
            merged.text = cells[1]
            continue
        for n, text in enumerate(cells[:4]):
            cell = row.cells[n]
            if n < 2:
                cell.text = text
                continue
            names = plan_parse.agencies(text, "")
            cell.paragraphs[0].text = ""
            for k, named in enumerate(names):
                paragraph = cell.paragraphs[0] if k == 0 else cell.add_paragraph()
                paragraph.add_run(named.text)
                if named.scope:
                    paragraph.add_run(" ")
                    paragraph.add_run(f"({named.scope})").italic = True
        if merge_down and cells[0] == "10":
            merged_from = row.cells[2]
        if merge_down and cells[0] == "11" and merged_from is not None:
            row.cells[2].text = ""
            merged_from.merge(row.cells[2])
    assert qn("w:tbl")
    document.save(str(path))
    return path


def test_the_seed_as_a_word_document_imports_the_same(register: Path, tmp_path: Path) -> None:
    _same_as_transcribed(_imported(register, _seed_docx(tmp_path / "ke-hoach.docx")))


def test_word_reader_merges_and_italics(tmp_path: Path) -> None:
    from kehoach.files.docx import read_docx

    blocks = read_docx(_seed_docx(tmp_path / "k.docx"))
    rows = [b for b in blocks if b.row]
    assert sum(b.cells[0] == "TT" for b in rows) == 3  # the header, and again after each page break
    sector = next(b for b in rows if b.cells[0] == "III")
    assert sector.cells[1].startswith("PHÁT TRIỂN ĐÔ THỊ") and sector.cells[2:] == ("", "")
    six = next(b for b in rows if b.cells[0] == "6")
    assert six.cells[2] == "Sở Xây dựng\nSở Nội vụ <i>(mô hình chính quyền đô thị)</i>"
    eleven = next(b for b in rows if b.cells[0] == "11")
    assert eleven.cells[2] == "Sở Văn hóa và Thể thao"  # merged down from task 10
    assert six.where.startswith("bảng 1, hàng ")


# --- every agency resolved, or asked about --------------------------------------------------------------


def _text_plan(tmp_path: Path, replace: dict[str, str]) -> Path:
    text = SEED.read_text(encoding="utf-8")
    for old, new in replace.items():
        assert old in text
        text = text.replace(old, new)
    path = tmp_path / "ke-hoach.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_an_unknown_agency_stops_the_import_with_its_row(register: Path, tmp_path: Path) -> None:
    source = _text_plan(tmp_path, {"\tSở Y tế\n": "\tSở Hải sản\n"})
    result = _run_import(register, source, "moi", "--map", GROUP_III_2)
    assert result.exit_code == 1
    assert "[unknown-agency]" in result.stderr and "«Sở Hải sản»" in result.stderr
    assert "dòng 100" in result.stderr and "--map" in result.stderr
    assert not (register / "plan" / "plans").exists()  # nothing written
    settled = _run_import(register, source, "moi", "--map", GROUP_III_2, "--map", "Sở Hải sản=so-y-te")
    assert settled.exit_code == 0, settled.stderr
    assert "«Sở Hải sản» → so-y-te (theo --map" in settled.stderr


def test_a_name_several_agencies_have_is_asked_about(register: Path, tmp_path: Path) -> None:
    source = _text_plan(tmp_path, {"\tSở Giáo dục và Đào tạo\t": "\tSở\t"})
    result = _run_import(register, source, "moi", "--map", GROUP_III_2)
    assert result.exit_code == 1
    assert "[ambiguous-agency]" in result.stderr or "[unknown-agency]" in result.stderr
    assert "dòng 98" in result.stderr


def test_what_the_document_gets_wrong_is_each_a_message(register: Path, tmp_path: Path) -> None:
    source = _text_plan(
        tmp_path,
        {
            "\n7\tTrao đổi thông tin, kinh nghiệm": "\na)\tTrao đổi thông tin, kinh nghiệm",
            "\n16\tHợp tác": "\n15\tHợp tác",
        },
    )
    result = _run_import(register, source, "moi", "--map", GROUP_III_2)
    assert result.exit_code == 1
    assert "[not-a-task]" in result.stderr and "dòng 86" in result.stderr
    assert "[duplicate-task]" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (register / "plan" / "plans").exists()


def test_a_missing_column_is_named(register: Path, tmp_path: Path) -> None:
    source = _text_plan(
        tmp_path,
        {
            "TT\tNỘI DUNG\tCƠ QUAN CHỦ TRÌ\tCƠ QUAN PHỐI HỢP\nI\t": (
                "TT\tNỘI DUNG\tGHI CHÚ\tCƠ QUAN PHỐI HỢP\nI\t"
            )
        },
    )
    result = _run_import(register, source, "moi")
    assert result.exit_code == 1
    assert "[missing-column]" in result.stderr and "«CƠ QUAN CHỦ TRÌ»" in result.stderr


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (b"PK\x03\x04 not really a zip", "không mở được như một tệp nén"),
        (b"", "không mở được như một tệp nén"),
    ],
)
def test_a_damaged_word_file_is_a_message(register: Path, tmp_path: Path, content: bytes, said: str) -> None:
    source = tmp_path / "hong.docx"
    source.write_bytes(content)
    result = _run_import(register, source, "moi")
    assert result.exit_code == 1 and said in result.stderr and "Traceback" not in result.stderr


# --- hostile documents --------------------------------------------------------------------------------


def _docx_with(tmp_path: Path, name: str, parts: dict[str, bytes]) -> Path:
    base = _seed_docx(tmp_path / "base.docx")
    path = tmp_path / name
    with zipfile.ZipFile(base) as old, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            if item.filename not in parts:
                new.writestr(item, old.read(item))
        for part, data in parts.items():
            new.writestr(part, data)
    return path


RELS = (
    b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    b'attachedTemplate" Target="http://example.invalid/t.dotm" TargetMode="External"/></Relationships>'
)


@pytest.mark.parametrize(
    ("parts", "said"),
    [
        ({"word/document.xml": b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>'}, "DTD"),
        ({"word/document.xml": b"<w:document><w:body>"}, "XML hỏng"),
        ({"word/vbaProject.bin": b"macro"}, "macro"),
        ({"word/_rels/settings.xml.rels": RELS}, "liên kết tới tệp bên ngoài"),
        ({"word/media/bomb.bin": b"\0" * 5_000_000}, "tỉ lệ nén quá cao"),
    ],
)
def test_hostile_word_files_are_refused(
    register: Path, tmp_path: Path, parts: dict[str, bytes], said: str
) -> None:
    source = _docx_with(tmp_path, "x.docx", parts)
    result = _run_import(register, source, "moi")
    assert result.exit_code == 1, result.stdout
    assert said in result.stderr and "Traceback" not in result.stderr
    assert not (register / "plan" / "plans").exists()


def test_a_macro_document_or_an_old_word_file_is_refused(register: Path, tmp_path: Path) -> None:
    for name, said in (("k.docm", ".docm"), ("k.doc", ".doc"), ("k.pdf", ".pdf")):
        path = tmp_path / name
        path.write_bytes(b"x")
        result = _run_import(register, path, "moi")
        assert result.exit_code == 1 and said in result.stderr and ".docx" in result.stderr


def test_text_that_is_not_utf8_is_refused_with_its_line(register: Path, tmp_path: Path) -> None:
    path = tmp_path / "k.txt"
    path.write_bytes("KẾ HOẠCH\n".encode() + "Sở Y tế\n".encode("cp1258", errors="replace") + b"\xff\n")
    result = _run_import(register, path, "moi")
    assert result.exit_code == 1 and "UTF-8" in result.stderr and "dòng" in result.stderr


# --- writing: dry run, an existing plan, --replace -------------------------------------------------------


def test_dry_run_prints_the_yaml_and_every_decision_and_writes_nothing(register: Path) -> None:
    result = _run_import(register, SEED, "hop-tac", "--dry-run", "--map", GROUP_III_2)
    assert result.exit_code == 0, result.stderr
    assert "# --- plan/plans/hop-tac/tasks.yaml ---" in result.stdout and "  - id: 18" in result.stdout
    assert "«Sở Du lịch» → so-du-lich (trùng tên trong danh mục" in result.stderr
    assert "(--dry-run: chưa ghi gì.)" in result.stderr
    assert not (register / "plan" / "plans").exists()


def _imported_with_report(register: Path, task: int) -> Path:
    """The seed imported as plan hop-tac, with Sở Du lịch's 2025 report on `task`; the plan's folder."""
    assert _run_import(register, SEED, "hop-tac", "--map", GROUP_III_2).exit_code == 0
    folder = register / "plan" / "plans" / "hop-tac"
    (folder / "reports" / "2025").mkdir(parents=True)
    (folder / "reports" / "2025" / "so-du-lich.yaml").write_text(
        "agency: so-du-lich\nyear: 2025\nreceived: 2025-09-10\n"
        f"tasks:\n  - task: {task}\n    status: ongoing\n",
        encoding="utf-8",
    )
    return folder


def test_an_existing_plan_is_replaced_only_when_asked_and_keeps_its_reports(
    register: Path, tmp_path: Path
) -> None:
    folder = _imported_with_report(register, 17)
    again = _run_import(register, SEED, "hop-tac", "--map", GROUP_III_2)
    assert again.exit_code == 2 and "--replace" in again.stderr
    changed = _text_plan(tmp_path, {"Sở Du lịch\tSở Y tế": "Sở Du lịch\tSở Giáo dục và Đào tạo"})
    replaced = _run_import(register, changed, "hop-tac", "--map", GROUP_III_2, "--replace")
    assert replaced.exit_code == 0, replaced.stderr
    assert "Đã thay" in replaced.stderr
    assert (folder / "reports" / "2025" / "so-du-lich.yaml").exists()
    plan = api.register(register).plan("hop-tac")
    assert [a.agency for a in plan.tasks[17].coordinators] == ["so-giao-duc-va-dao-tao"]


def test_options_and_ids_that_do_not_fit_are_usage_errors(register: Path, tmp_path: Path) -> None:
    base = ["--data", str(register), "plan", "import", str(SEED)]
    assert run([*base, "--id", "Kế hoạch"]).exit_code == 2
    bad_map = run([*base, "--id", "k", "--map", "không có dấu bằng"])
    assert bad_map.exit_code == 2 and "--map" in bad_map.stderr
    conflict = run([*base, "--id", "k", "--year", "2030", "--map", GROUP_III_2])
    assert conflict.exit_code == 2 and "2024" in conflict.stderr
    one_plan = tmp_path / "one"
    shutil.copytree(DATA, one_plan)
    refused = _run_import(one_plan, SEED, "k")
    assert refused.exit_code == 2 and "plan/plans/" in refused.stderr


def test_a_map_that_names_no_agency_or_nothing_in_the_document_is_said(register: Path) -> None:
    result = _run_import(register, SEED, "k", "--map", GROUP_III_2, "--map", "Sở Mặt Trăng=so-y-te")
    assert result.exit_code == 1 and "[unused-map]" in result.stderr
    wrong = GROUP_III_2.replace("=cac-so-ban-nganh-va-don-vi-lien-quan", "=khong-co-ma-nay")
    result = _run_import(register, SEED, "k", "--map", wrong)
    assert result.exit_code == 1 and "khong-co-ma-nay" in result.stderr


# --- the cells -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "names"),
    [
        (
            "- Các Sở, ngành; - UBND các quận, huyện, thị xã",
            [("Các Sở, ngành", None), ("UBND các quận, huyện, thị xã", None)],
        ),
        (
            "- Sở Xây dựng - Sở Nội vụ <i>(mô hình chính quyền đô thị)</i>",
            [("Sở Xây dựng", None), ("Sở Nội vụ", "mô hình chính quyền đô thị")],
        ),
        (
            '<ul style="list-style-type: none"> - Trung tâm Xúc tiến - UBND các quận, huyện, thị xã',
            [("Trung tâm Xúc tiến", None), ("UBND các quận, huyện, thị xã", None)],
        ),
        ("<ul><li>Sở Y tế</li><li>Sở Du lịch</li></ul>", [("Sở Y tế", None), ("Sở Du lịch", None)]),
        ("Sở Y tế\nSở Du lịch <i>quảng bá</i>", [("Sở Y tế", None), ("Sở Du lịch", "quảng bá")]),
        ("", []),
    ],
)
def test_a_cell_names_its_agencies_and_scopes(cell: str, names: list[tuple[str, str | None]]) -> None:
    assert [(n.text, n.scope) for n in plan_parse.agencies(cell, "dòng 1")] == names


def test_a_name_with_a_dash_inside_stays_whole(register: Path, tmp_path: Path) -> None:
    source = _text_plan(
        tmp_path, {"\tSở Giáo dục và Đào tạo\t": "\t- Sở Lao động - Thương binh và Xã hội - Sở Y tế\t"}
    )
    done = api.import_plan(register, source, "k", maps=[GROUP_III_2], dry_run=True)
    assert "agency: so-lao-dong-thuong-binh-va-xa-hoi" in done.files["plan/plans/k/tasks.yaml"]


def test_blocks_without_an_appendix_say_so() -> None:
    draft = plan_parse.parse([Block(("KẾ HOẠCH",), False, "dòng 1"), Block(("Tên",), False, "dòng 2")])
    assert {t.code for t in draft.troubles} >= {"no-appendix", "no-signature"}


# --- the YAML written reads back as the same text ---------------------------------------------------------

_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\u2028\u2029\ufeff\x85"),
    min_size=1,
    max_size=300,
).map(lambda t: " ".join(t.split()) or "x")


@settings(max_examples=300, deadline=None)
@given(text=_TEXT, indent=st.sampled_from([0, 2, 4, 6]))
def test_every_text_written_reads_back_the_same(text: str, indent: int) -> None:
    from kehoach.files import yamlread

    yaml = " " * indent + "key:" + plan_import._scalar(text, indent, 80 - indent) + "\n"
    assert yamlread.load(yamlread.decode(yaml.encode()))["key"] == text


def test_text_with_line_breaks_reads_back_the_same() -> None:
    from kehoach.files import yamlread

    text = "Dòng một: có dấu hai chấm\n- dòng hai # không phải chú thích"
    yaml = "key:" + plan_import._scalar(text, 0, 80) + "\n"
    assert yamlread.load(yamlread.decode(yaml.encode()))["key"] == text


def test_the_header_gives_issuer_number_place_and_date() -> None:
    blocks = [
        Block(
            (
                "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HÀ NỘI\nSố: 125/KH-UBND",
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
                "Hà Nội, ngày 05 tháng 3 năm 2025",
            ),
            True,
            "bảng 1, hàng 1",
        ),
        Block(("KẾ HOẠCH",), False, "đoạn 1"),
        Block(("Về chuyển đổi số",), False, "đoạn 2"),
        Block(
            ("Căn cứ Quyết định số 12/QĐ-UBND ngày 02/01/2025 của UBND Thành phố về việc giao chỉ tiêu;",),
            False,
            "đoạn 3",
        ),
    ]
    draft = plan_parse.parse(blocks)
    assert draft.issuer is not None and draft.issuer.text == "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI"
    assert (draft.number, draft.issuer_code, draft.place, str(draft.dated)) == (
        "125",
        "UBND",
        "Hà Nội",
        "2025-03-05",
    )
    assert draft.title == "Về chuyển đổi số"
    basis = draft.bases[0]
    assert (basis["kind"], basis["number"], str(basis["dated"]), basis["issuer"]) == (
        "decision",
        "12/QĐ-UBND",
        "2025-01-02",
        "UBND Thành phố",
    )


def test_a_replacement_that_drops_a_reported_task_is_refused(register: Path, tmp_path: Path) -> None:
    folder = _imported_with_report(register, 18)
    text = SEED.read_text(encoding="utf-8")
    shorter = tmp_path / "k.txt"
    shorter.write_text(text[: text.index("\n18\t")] + "\n", encoding="utf-8")
    before = (folder / "tasks.yaml").read_bytes()
    refused = _run_import(register, shorter, "hop-tac", "--map", GROUP_III_2, "--replace")
    assert refused.exit_code == 1 and "chưa hợp lệ" in refused.stderr and "so-du-lich.yaml" in refused.stderr
    assert (folder / "tasks.yaml").read_bytes() == before


def test_word_bullets_numbered_by_word_are_lines_with_a_dash(tmp_path: Path) -> None:
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    from kehoach.files.docx import read_docx

    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    cell = table.rows[0].cells[1]
    cell.paragraphs[0].add_run("Sở Y tế")
    cell.add_paragraph().add_run("Sở Du lịch")
    for paragraph in cell.paragraphs:
        numbering = OxmlElement("w:numPr")
        level = OxmlElement("w:ilvl")
        level.set(qn("w:val"), "0")
        numbering.append(level)
        paragraph._p.get_or_add_pPr().append(numbering)
    document.save(str(tmp_path / "b.docx"))
    row = next(b for b in read_docx(tmp_path / "b.docx") if b.row)
    assert row.cells[1] == "- Sở Y tế\n- Sở Du lịch"
    assert [n.text for n in plan_parse.agencies(row.cells[1], "")] == ["Sở Y tế", "Sở Du lịch"]


def test_decomposed_text_imports_the_same(register: Path, tmp_path: Path) -> None:
    import unicodedata

    source = tmp_path / "nfd.txt"
    source.write_text(unicodedata.normalize("NFD", SEED.read_text(encoding="utf-8")), encoding="utf-8")
    _same_as_transcribed(_imported(register, source))


def test_deadline_and_product_columns_are_kept_as_written(register: Path, tmp_path: Path) -> None:
    text = SEED.read_text(encoding="utf-8")
    lines = []
    for line in text.split("\n"):
        if line.startswith("TT\t"):
            line += "\tTHỜI GIAN HOÀN THÀNH\tSẢN PHẨM"
        elif "\t" in line and line.split("\t")[0].isdigit():
            line += "\tQuý II/2026" + ("\tBáo cáo chuyên đề" if line.startswith("12\t") else "\t")
        lines.append(line)
    source = tmp_path / "k.txt"
    source.write_text("\n".join(lines), encoding="utf-8")
    api.import_plan(
        register, source, "hop-tac", maps=[GROUP_III_2], dated=__import__("datetime").date(2024, 8, 1)
    )
    plan = api.register(register).plan("hop-tac")
    assert plan.tasks[12].deadline == "Quý II/2026" and plan.tasks[12].product == "Báo cáo chuyên đề"
    assert str(plan.tasks[12].due) == "2026-06-30" and plan.tasks[11].product is None
    assert str(plan.info.dated) == "2024-08-01"  # --dated fills the blank "ngày / /2024"
    bad = tmp_path / "bad.txt"
    bad.write_text(
        "\n".join(lines).replace("Quý II/2026\tBáo cáo", "Sớm nhất có thể\tBáo cáo"), encoding="utf-8"
    )
    refused = _run_import(register, bad, "k2", "--map", GROUP_III_2)
    assert refused.exit_code == 1 and "[bad-deadline]" in refused.stderr and "nhiệm vụ 12" in refused.stderr


def test_a_document_made_to_be_slow_is_read_in_bounded_time(register: Path, tmp_path: Path) -> None:
    import time

    nasty = [
        "Số " + "*" * 5000 + " x",
        "ngày " + " / " * 3000,
        "1. Giao " + "Sở " * 5000,
        "- " + "của " * 5000,
        "TT\tNỘI DUNG\tCƠ QUAN CHỦ TRÌ\tCƠ QUAN PHỐI HỢP",
        "I\tLĨNH VỰC\t\t",
        "1\tNội dung\t" + "<i>" * 3000 + "Sở Y tế (" * 1000 + "\t" + " - " * 5000,
    ]
    source = tmp_path / "nasty.txt"
    source.write_text("KẾ HOẠCH\nTên\n" + "\n".join(nasty) + "\n", encoding="utf-8")
    start = time.perf_counter()
    result = _run_import(register, source, "k")
    assert time.perf_counter() - start < 5
    assert result.exit_code == 1 and "Traceback" not in result.stderr


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_a_damaged_word_document_is_a_message_never_a_traceback(data: st.DataObject) -> None:
    import tempfile

    from kehoach.errors import KehoachError

    work = Path(tempfile.mkdtemp(prefix="kehoach-docx-fuzz-"))
    try:
        root = work / "data"
        (root / "plan").mkdir(parents=True)
        shutil.copy(DATA / "plan" / "agencies.yaml", root / "plan" / "agencies.yaml")
        raw = bytearray(_seed_docx_bytes())
        for _ in range(data.draw(st.integers(1, 8))):
            at = data.draw(st.integers(0, len(raw) - 1))
            raw[at] = data.draw(st.integers(0, 255))
        source = work / "k.docx"
        source.write_bytes(bytes(raw))
        with contextlib.suppress(KehoachError):  # a message is fine; anything else fails the test
            api.import_plan(root, source, "k", maps=[GROUP_III_2], dry_run=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


_SEED_DOCX: list[bytes] = []


def _seed_docx_bytes() -> bytes:
    if not _SEED_DOCX:
        import tempfile

        folder = Path(tempfile.mkdtemp(prefix="kehoach-docx-"))
        _SEED_DOCX.append(_seed_docx(folder / "k.docx").read_bytes())
        shutil.rmtree(folder, ignore_errors=True)
    return _SEED_DOCX[0]


def test_a_name_that_does_not_resolve_is_one_message_with_every_place(register: Path, tmp_path: Path) -> None:
    text = SEED.read_text(encoding="utf-8").replace("\tSở Y tế\n", "\tSở Hải sản\n")
    text = text.replace("\tSở Y tế\t\n", "\t- Sở Hải sản - Sở Du lịch\t\n")
    source = tmp_path / "k.txt"
    source.write_text(text, encoding="utf-8")
    result = _run_import(register, source, "k", "--map", GROUP_III_2)
    assert result.exit_code == 1
    assert result.stderr.count("«Sở Hải sản»") == 1  # one message, not one per place
    assert "dòng 99 (và dòng 100) [unknown-agency]" in result.stderr
    assert "(cả ô: «- Sở Hải sản - Sở Du lịch»)" in result.stderr

"""`kehoach report`: golden Markdown, the Word layout, hostile text, strict templates."""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.shared import Pt
from lxml import etree  # type: ignore[import-untyped]

from conftest import DATA, EXAMPLES, ROOT, build_tree, run
from kehoach.answer.consolidated import document_date

ARGS = ["--year", "2025", "--dated", "2025-09-24"]  # counted up to the document date


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (dt.date(2026, 2, 5), "Hà Nội, ngày 05 tháng 02 năm 2026"),
        (dt.date(2026, 1, 31), "Hà Nội, ngày 31 tháng 01 năm 2026"),
        (dt.date(2025, 3, 5), "Hà Nội, ngày 05 tháng 3 năm 2025"),
        (dt.date(2025, 11, 15), "Hà Nội, ngày 15 tháng 11 năm 2025"),
        (None, "Hà Nội, ngày … tháng … năm …"),
    ],
)
def test_document_date_follows_nd30(day: dt.date | None, text: str) -> None:
    assert document_date("Hà Nội", day) == text


def test_markdown_golden_no_reports(golden: Callable[[str, str], None]) -> None:
    result = run(["--data", str(DATA), "report", *ARGS])
    assert result.exit_code == 0, result.stderr
    golden("report-2025-no-reports.md", result.stdout)


def test_markdown_golden_examples(golden: Callable[[str, str], None]) -> None:
    result = run(["--data", str(EXAMPLES), "report", *ARGS])
    assert result.exit_code == 0, result.stderr
    golden("report-2025-examples.md", result.stdout)


def test_issuer_is_the_focal_agency_of_the_year() -> None:
    y2024 = run(["--data", str(DATA), "report", "--year", "2024", "--as-of", "2024-10-01"]).stdout
    assert "| **SỞ KẾ HOẠCH VÀ ĐẦU TƯ** |" in y2024
    assert "| Số: …/BC-… | *Hà Nội, ngày … tháng … năm …* |" in y2024
    y2025 = run(["--data", str(DATA), "report", "--year", "2025", "--as-of", "2025-10-01"]).stdout
    assert "| **SỞ TÀI CHÍNH** |" in y2025


def _docx(tmp_path: Path, data: Path = EXAMPLES, *extra: str) -> Path:
    out = tmp_path / "bao-cao.docx"
    result = run(["--data", str(data), "report", *ARGS, "-o", str(out), *extra])
    assert result.exit_code == 0, result.stderr
    said, *checklist = result.stderr.split("\nCần rà soát trước khi ký", 1)
    assert said.rstrip("\n") == f"Đã ghi {out}" and ("--final" in extra) == (not checklist)
    return out


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _flag(element: Any, name: str) -> bool:
    """Whether a w:trPr / w:pPr holds `name` switched on."""
    found = element.find(f".//{W}{name}")
    return found is not None and found.get(f"{W}val", "true") not in ("false", "0")


def test_docx_layout(tmp_path: Path) -> None:
    document = Document(str(_docx(tmp_path)))
    section = document.sections[0]
    sizes = [
        section.page_width,
        section.page_height,
        section.top_margin,
        section.bottom_margin,
        section.left_margin,
        section.right_margin,
    ]
    assert [round(size.mm) if size is not None else None for size in sizes] == [
        210,
        297,
        20,
        20,
        30,
        15,
    ]  # stored in twips: ±0.1 mm
    assert section.different_first_page_header_footer
    assert "PAGE" in section.header._element.xml and "PAGE" not in section.first_page_header._element.xml
    mark = "DỮ LIỆU MINH HỌA — KHÔNG PHẢI BÁO CÁO THẬT"
    # the fictitious mark on every page: the first page's header and the others'
    assert [p.text for p in section.first_page_header.paragraphs] == [mark]
    assert [p.text for p in section.header.paragraphs][-1] == mark
    normal = document.styles["Normal"]
    assert (normal.font.name, normal.font.size) == ("Times New Roman", Pt(14))
    fonts = {run.font.name for p in document.paragraphs for run in p.runs if run.text.strip()}
    assert fonts == {"Times New Roman"}
    header, tasks, end, appendix = document.tables
    header_text = [c.text for c in header.rows[0].cells]
    assert header_text[0].split("\n") == ["UBND THÀNH PHỐ HÀ NỘI", "SỞ TÀI CHÍNH", "", "Số: MH-08/BC-STC"]
    assert header_text[1].split("\n") == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "",
        "Hà Nội, ngày 24 tháng 9 năm 2025",
    ]
    assert "w:tblBorders" in header._tbl.xml and 'w:val="nil"' in header._tbl.xml
    assert "w:pBdr" in header.rows[0].cells[0]._tc.xml  # drawn rules, not underscores
    texts = [p.text for p in document.paragraphs]
    assert "BÁO CÁO" in texts
    assert any(t.startswith("Kết quả thực hiện năm 2025 Kế hoạch số …/KH-UBND") for t in texts)
    assert len(tasks.rows) == 1 + 6 + 18
    assert [c.text for c in tasks.rows[0].cells] == [
        "TT",
        "Nhiệm vụ",
        "Cơ quan chủ trì",
        "Kết quả thực hiện theo báo cáo",
    ]
    assert "w:tblHeader" in tasks.rows[0]._tr.xml and "w:tblHeader" in appendix.rows[0]._tr.xml
    row12 = next(r for r in tasks.rows if r.cells[0].text == "12")
    assert row12.cells[2].text == "Sở Du lịch"
    assert row12.cells[3].text.startswith("- Sở Du lịch (chủ trì): Đang triển khai. Phối hợp quảng bá")
    # 17 city-level agencies one by one, then the communes that did not report, one row per kind
    assert len(appendix.rows) == 1 + 17 + 2
    assert [r.cells[1].text for r in appendix.rows[-2:]] == [
        "UBND phường chưa báo cáo: 51 đơn vị",
        "UBND xã chưa báo cáo: 75 đơn vị",
    ]
    row = next(r for r in appendix.rows if r.cells[1].text == "Sở Du lịch")
    assert [c.text for c in row.cells] == [
        "5",  # customary order: Văn phòng, Thanh tra, then the departments
        "Sở Du lịch",
        "MH-01/BC-SDL ngày 10/09/2025",
        "12/09/2025",
        "Đúng hạn. DỮ LIỆU MINH HỌA, không phải báo cáo thật.",  # the report's notes
    ]
    recipients = end.rows[0].cells[0].text.split("\n")
    assert recipients == ["Nơi nhận:", "- UBND Thành phố Hà Nội;", "- Lưu: VT."]  # part III.4 only
    assert end.rows[0].cells[1].text.split("\n")[:2] == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]  # from the data
    body = next(p for p in document.paragraphs if p.text.startswith("Thực hiện Kế hoạch"))
    assert body.alignment is None or body.alignment == 3  # justified through the Normal style
    assert body.paragraph_format.first_line_indent is not None and body.paragraph_format.first_line_indent > 0
    assert "(Kèm theo Báo cáo số MH-08/BC-STC ngày 24 tháng 9 năm 2025 của Sở Tài chính)" in texts


def test_docx_never_splits_rows_signature_or_headings(tmp_path: Path) -> None:
    """What keeps pages whole: rows that never split, the signature in one such row, headings kept with
    what follows, sector rows merged across the table with their numeral in TT."""
    document = Document(str(_docx(tmp_path)))
    _, tasks, end, appendix = document.tables
    for table in (tasks, appendix, end):
        for row in table.rows:
            assert _flag(row._tr, "cantSplit"), row.cells[0].text
    sectors = [r for r in tasks.rows if r.cells[0].text in ("I", "II", "III", "IV", "V", "VI")]
    assert [r.cells[0].text for r in sectors] == ["I", "II", "III", "IV", "V", "VI"]
    for row in sectors:
        span = row._tr.find(f".//{W}gridSpan")
        assert span is not None and span.get(f"{W}val") == "3"  # one cell across Nhiệm vụ … Kết quả
        assert not row.cells[1].text.lower().startswith("lĩnh vực lĩnh vực")
        assert all(_flag(p._p, "keepNext") for p in row.cells[1].paragraphs)  # kept with its first task
    headings = [p for p in document.paragraphs if p.text[:3] in ("I. ", "II.", "III", "IV.", "V. ")]
    assert [p.text.split(" ", 1)[0] for p in headings] == ["I.", "II.", "III.", "IV.", "V."]
    assert all(p.paragraph_format.keep_with_next for p in headings)
    closing = next(p for p in document.paragraphs if p.text.endswith("xem xét, chỉ đạo./."))
    assert closing.paragraph_format.keep_with_next  # the signature never stands alone on a page
    appendix_title = next(p for p in document.paragraphs if p.text == "PHỤ LỤC")
    assert (
        appendix_title.paragraph_format.page_break_before and appendix_title.paragraph_format.keep_with_next
    )


def test_docx_language_properties_and_words(tmp_path: Path) -> None:
    out = _docx(tmp_path)
    with zipfile.ZipFile(out) as archive:
        styles = archive.read("word/styles.xml").decode("utf-8")
        core = archive.read("docProps/core.xml").decode("utf-8")
    assert 'w:lang w:val="vi-VN"' in styles and "en-US" not in styles  # Word does not flag every word
    assert "python-docx" not in core and "2013" not in core
    document = Document(str(out))
    props = document.core_properties
    assert props.title.startswith("Báo cáo kết quả thực hiện năm 2025 Kế hoạch số")
    assert props.author == "Sở Tài chính"
    assert props.language == "vi-VN"
    assert props.created is not None and abs(props.created.timestamp() - dt.datetime.now().timestamp()) < 600
    import re

    text = " ".join(
        [p.text for p in document.paragraphs]
        + [c.text for t in document.tables for r in t.rows for c in r.cells]
    )
    doubled = re.findall(r"\b(\w{2,} \w{2,}) \1\b", text, flags=re.IGNORECASE)
    assert doubled == []


def test_every_result_difficulty_and_proposal_appears_attributed() -> None:
    md = run(["--data", str(EXAMPLES), "report", *ARGS]).stdout
    # Sở Y tế coordinates task 17: its results and its proposal, with its role
    assert (
        "Sở Y tế (phối hợp): Đang triển khai. Khảo sát cơ sở y tế có thể đón khách du lịch (minh họa)." in md
    )
    assert (
        "- Sở Y tế (phối hợp nhiệm vụ 17): Đề nghị Sở Du lịch chủ trì xây dựng sản phẩm du lịch y tế chung "
        "(minh họa)." in md
    )
    # a task with two leads: each one's progress, and who has not reported
    task6 = next(line for line in md.splitlines() if line.startswith("| 6 |"))
    assert (
        "- Sở Xây dựng (chủ trì): Đang triển khai." in task6
        and "- Sở Nội vụ (chủ trì): chưa báo cáo." in task6
    )
    task8 = next(line for line in md.splitlines() if line.startswith("| 8 |"))
    assert "Sở Nông nghiệp và Môi trường (chủ trì): Thực hiện thường xuyên." in task8
    assert "Sở Xây dựng (chủ trì): Đang triển khai." in task8
    # standing duties, ad-hoc reports, notes, and what the secretariat wrote
    assert "**Mục III.3** (Sở Tài chính chủ trì)" in md
    assert "- Sở Tài chính (chủ trì): Thực hiện thường xuyên. Tham mưu bố trí kinh phí" in md
    assert "- Báo cáo đột xuất của Sở Y tế: Tình hình hợp tác y tế sáu tháng đầu năm (minh họa)" in md
    assert "Một số cơ quan, đơn vị chưa gửi báo cáo đúng hạn (minh họa)." in md
    assert "## IV. Phương hướng, nhiệm vụ năm 2026\n\nTiếp tục triển khai" in md
    assert "- Đề nghị UBND Thành phố chỉ đạo các cơ quan, đơn vị gửi báo cáo đúng hạn (minh họa)." in md


def test_empty_year_says_nothing_was_received() -> None:
    md = run(["--data", str(DATA), "report", *ARGS]).stdout
    assert "không báo cáo khó khăn" not in md and "không có đề xuất" not in md
    assert (
        "Đến ngày 24/09/2025 chưa nhận được báo cáo nào của các cơ quan, đơn vị, "
        "nên chưa tổng hợp được khó khăn" in md
    )
    assert "## III. Đánh giá chung\n\n…\n" in md  # left for the secretariat
    assert "| Số: …/BC-… |" in md and "| ***Nơi nhận:*** | **GIÁM ĐỐC** |" in md
    assert "Thành ủy" not in md.split("***Nơi nhận:***")[1].split("## Phụ lục")[0]


def test_cutoff_follows_the_document_date() -> None:
    md = run(["--data", str(DATA), "report", "--year", "2025", "--dated", "24/09/2025"]).stdout
    assert "số liệu tính đến ngày 24/09/2025" in md
    assert "Quá hạn 10 ngày" in md
    late = run(
        ["--data", str(DATA), "report", "--year", "2025", "--as-of", "30/09/2025", "--dated", "24/09/2025"]
    )
    assert late.exit_code == 2
    assert late.stderr.startswith("Lỗi: Ngày tính số liệu 30/09/2025 sau ngày văn bản 24/09/2025")
    # the consolidated report's own date is the document date when --dated is not given
    own = run(["--data", str(EXAMPLES), "report", "--year", "2025"]).stdout
    assert "ngày 26 tháng 9 năm 2025" in own and "số liệu tính đến ngày 26/09/2025" in own


def test_lists_in_customary_order() -> None:
    md = run(["--data", str(DATA), "report", "--year", "2024", "--dated", "24/09/2024"]).stdout
    waiting = next(line for line in md.splitlines() if line.startswith("- Chưa báo cáo:"))
    assert (
        waiting.index("Sở Y tế") < waiting.index("UBND quận Ba Đình") < waiting.index("UBND quận Thanh Xuân")
    )
    assert (
        waiting.index("UBND quận Thanh Xuân")
        < waiting.index("UBND thị xã Sơn Tây")
        < waiting.index("UBND huyện Ba Vì")
    )


HOSTILE = "A & B < C > D \"q\" 'q' {{ plan }} {% if true %}X{% endif %} | pipe"


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    files: dict[str, str] = {}
    for name in ("plan.yaml", "tasks.yaml", "agencies.yaml"):
        files[f"plan/{name}"] = (DATA / "plan" / name).read_text(encoding="utf-8")
    files["plan/agencies.yaml"] = files["plan/agencies.yaml"].replace(
        "    name: Sở Du lịch\n", "    name: 'Sở Du lịch & {{ x }} | <Lữ hành>'\n"
    )
    files["plan/tasks.yaml"] = files["plan/tasks.yaml"].replace(
        "Quảng bá du lịch,", "Quảng bá du lịch {% raw %} & <> | {{ y }},", 1
    )
    text = HOSTILE.replace("'", "''")
    files["plan/reports/2025/so-du-lich.yaml"] = (
        f"agency: so-du-lich\nyear: 2025\nnumber: '{text}'\ndated: 2025-09-10\nreceived: 2025-09-12\n"
        f"tasks:\n  - task: 12\n    status: in-progress\n    results: '{text}'\n"
        f"    difficulties: \"dòng 1\\ndòng 2 | {{{{ z }}}}\"\n    proposals: '{text}'\n"
    )
    root = build_tree(tmp_path / "hostile", files)
    assert run(["--data", str(root), "validate"]).exit_code == 0
    return root


def test_hostile_text_in_docx_stays_literal(hostile: Path, tmp_path: Path) -> None:
    out = _docx(tmp_path, hostile)
    with zipfile.ZipFile(out) as archive:
        etree.fromstring(archive.read("word/document.xml"))  # well-formed XML
    document = Document(str(out))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    text = "\n".join([p.text for p in document.paragraphs] + cells)
    assert HOSTILE in text
    assert "Sở Du lịch & {{ x }} | <Lữ hành>" in text
    assert "Quảng bá du lịch {% raw %} & <> | {{ y }}," in text
    assert "dòng 1\ndòng 2 | {{ z }}" in text


def test_hostile_text_in_markdown_stays_literal(hostile: Path) -> None:
    md = run(["--data", str(hostile), "report", *ARGS]).stdout
    assert "{{ plan }}" not in md.replace("\\{\\{ plan \\}\\}", "")  # escaped, never evaluated or lost
    assert "\\{\\{ plan \\}\\} \\{% if true %\\}X\\{% endif %\\} \\| pipe" in md
    for line in md.splitlines():
        if line.startswith("| ") and "Sở Du lịch" in line:
            assert line.replace("\\|", "").count("|") in (5, 7), line  # the cells did not split


def test_strict_markdown_template_names_file_and_line(tmp_path: Path) -> None:
    template = tmp_path / "mau.md.j2"
    template.write_text("# {{ year }}\n\n{{ khong_co }}\n", encoding="utf-8")
    out = tmp_path / "ra.md"
    result = run(["--data", str(DATA), "report", *ARGS, "--template", str(template), "-o", str(out)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Mẫu: {template}\nLỗi: {template}:3: mẫu dùng biến «khong_co» mà dữ liệu không có; hãy sửa mẫu "
        "hoặc xem biến của mẫu trong hướng dẫn (trang «Báo cáo tổng hợp năm»)\n"
    )
    assert not out.exists()


def test_template_syntax_errors_in_vietnamese(tmp_path: Path) -> None:
    template = tmp_path / "mau.md.j2"
    template.write_text("# {{ year }\n", encoding="utf-8")
    result = run(["--data", str(DATA), "report", *ARGS, "--template", str(template)])
    assert result.exit_code == 1
    assert (
        result.stderr == f"Mẫu: {template}\nLỗi: {template}:1: lỗi cú pháp mẫu: ký tự «}}» không đúng chỗ\n"
    )


def test_strict_docx_template(tmp_path: Path) -> None:
    template = tmp_path / "mau.docx"
    document = Document()
    document.add_paragraph("{{ khong_co }}")
    document.save(str(template))
    result = run(
        ["--data", str(DATA), "report", *ARGS, "--template", str(template), "-o", str(tmp_path / "x.docx")]
    )
    assert result.exit_code == 1
    assert str(template) in result.stderr and "khong_co" in result.stderr
    assert not (tmp_path / "x.docx").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-o", "bao-cao.txt"], "Lỗi: Không đoán được định dạng từ «bao-cao.txt»"),
        (["--format", "docx"], "Lỗi: --format docx cần -o TỆP.docx"),
        (["--format", "pdf"], "Lỗi: --format pdf cần -o TỆP.pdf"),
        (["--format", "docx", "-o", "y.md"], "Lỗi: --format docx không khớp đuôi tệp «y.md» (md)"),
        (["--format", "html"], "Lỗi: Giá trị không hợp lệ cho --format: «html»."),
        (["--template", "khong-co.md.j2"], "Lỗi: Không tìm thấy mẫu khong-co.md.j2."),
        (["--date", "30/02/2025"], "Lỗi: Ngày không tồn tại cho --dated"),
    ],
)
def test_report_usage_errors(args: list[str], message: str) -> None:
    result = run(["--data", str(DATA), "report", "--year", "2025", *args])
    assert result.exit_code == 2
    assert message in result.stderr


def test_format_from_extension(tmp_path: Path) -> None:
    out = tmp_path / "bao-cao.md"
    assert run(["--data", str(DATA), "report", *ARGS, "-o", str(out)]).exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("| UBND THÀNH PHỐ HÀ NỘI |")


def test_shipped_docx_template_is_built_by_the_script(tmp_path: Path) -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("build", ROOT / "templates" / "build_docx_template.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for name, build in (("report.docx", module.build), ("reminder.docx", module.build_reminder)):
        fresh = tmp_path / name
        build(fresh)
        for part in ("word/document.xml", "word/styles.xml", "word/header1.xml"):
            with zipfile.ZipFile(fresh) as a, zipfile.ZipFile(ROOT / "templates" / name) as b:
                assert a.read(part) == b.read(part), (
                    f"templates/{name} differs from what build_docx_template.py builds ({part}): it is the "
                    "script's output — run make templates; restyle a copy and pass it with --template"
                )


@pytest.fixture(scope="session")
def libreoffice() -> None:
    """LibreOffice and pdftotext, installed when missing (root, as in CI); never skipped in CI."""
    from system import ensure, in_ci, install_hint

    for program in ("soffice", "pdftotext"):
        if ensure(program) is None:
            (pytest.fail if in_ci() else pytest.skip)(install_hint(program))


def test_pdf_through_libreoffice(tmp_path: Path, libreoffice: None) -> None:
    import subprocess

    out = tmp_path / "bao-cao.pdf"
    result = run(["--data", str(EXAMPLES), "report", *ARGS, "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert out.read_bytes().startswith(b"%PDF")
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, check=True).stdout.decode()
    assert "BÁO CÁO" in text and "PHÓ GIÁM ĐỐC" in text and "Sở Y tế (phối hợp)" in text
    assert list(tmp_path.iterdir()) == [out]  # LibreOffice's work stays in its own temporary folder


def test_pdf_without_libreoffice_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kehoach.show import pdf

    monkeypatch.setattr(pdf, "find_soffice", lambda: None)
    out = tmp_path / "bao-cao.pdf"
    result = run(["--data", str(DATA), "report", *ARGS, "--format", "pdf", "-o", str(out)])
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "apt-get install libreoffice-writer-nogui" in result.stderr
    assert not out.exists()


def test_visual_check_finds_split_signature_and_orphan_heading() -> None:
    """tests/visual.py (make visual) reads pages as pdftotext gives them: its checks can fail."""
    import visual

    context = {"fictitious": False, "signature": {"title": "GIÁM ĐỐC", "name": "…"}}
    good = [
        ["BÁO CÁO", "I. TÌNH HÌNH BÁO CÁO", "Có 143 cơ quan."],
        ["2", "Nội dung.", "Nơi nhận:", "GIÁM ĐỐC", "- Lưu: VT.", "…"],
    ]
    assert visual.check("x", context, good) == []
    split = [["BÁO CÁO", "Nội dung.", "Nơi nhận:", "GIÁM ĐỐC", "- Lưu: VT."], ["2", "…"]]
    assert any("«…» không cùng trang 1" in p for p in visual.check("x", context, split))
    alone = [["BÁO CÁO", "Nội dung."], ["2", "Nơi nhận:", "GIÁM ĐỐC", "- Lưu: VT.", "…"]]
    assert any("chỉ có phần ký" in p for p in visual.check("x", context, alone))
    orphan = [
        ["BÁO CÁO", "Nội dung.", "III. ĐÁNH GIÁ CHUNG"],
        ["2", "Nội dung.", "Nơi nhận:", "GIÁM ĐỐC", "- Lưu: VT.", "…"],
    ]
    assert any("nằm cuối trang 1" in p for p in visual.check("x", context, orphan))
    unnumbered = [good[0], good[1][1:]]
    assert any("không có số trang" in p for p in visual.check("x", context, unnumbered))

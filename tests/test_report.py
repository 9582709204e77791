"""`kehoach report`: golden Markdown, the Word layout, hostile text, strict templates."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.shared import Pt
from lxml import etree

from conftest import DATA, EXAMPLES, ROOT, build_tree, run
from kehoach.answer.consolidated import document_date

ARGS = ["--year", "2025", "--as-of", "2025-10-01", "--date", "2025-09-24"]


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


def test_markdown_golden_no_reports(golden: object) -> None:
    result = run(["--data", str(DATA), "report", *ARGS])
    assert result.exit_code == 0, result.stderr
    golden("report-2025-no-reports.md", result.stdout)  # type: ignore[operator]


def test_markdown_golden_examples(golden: object) -> None:
    result = run(["--data", str(EXAMPLES), "report", *ARGS])
    assert result.exit_code == 0, result.stderr
    golden("report-2025-examples.md", result.stdout)  # type: ignore[operator]


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
    assert result.stderr == f"Đã ghi {out}\n"
    return out


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
    assert [round(size.mm) for size in sizes] == [210, 297, 20, 20, 30, 15]  # stored in twips: ±0.1 mm
    assert section.different_first_page_header_footer
    assert "PAGE" in section.header._element.xml and section.first_page_header.paragraphs[0].text == ""
    normal = document.styles["Normal"]
    assert (normal.font.name, normal.font.size) == ("Times New Roman", Pt(14))
    fonts = {run.font.name for p in document.paragraphs for run in p.runs if run.text.strip()}
    assert fonts == {"Times New Roman"}
    header, tasks, end, appendix = document.tables
    header_text = [c.text for c in header.rows[0].cells]
    assert header_text[0].split("\n") == ["UBND THÀNH PHỐ HÀ NỘI", "SỞ TÀI CHÍNH", "", "Số: …/BC-…"]
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
    assert "DỮ LIỆU MINH HỌA — KHÔNG PHẢI BÁO CÁO THẬT" in texts
    assert len(tasks.rows) == 1 + 6 + 18
    assert [c.text for c in tasks.rows[0].cells] == [
        "TT",
        "Nhiệm vụ",
        "Cơ quan chủ trì",
        "Tiến độ",
        "Kết quả báo cáo",
    ]
    assert "w:tblHeader" in tasks.rows[0]._tr.xml and "w:tblHeader" in appendix.rows[0]._tr.xml
    row12 = next(r for r in tasks.rows if r.cells[0].text == "12")
    assert [c.text for c in row12.cells][2:4] == ["Sở Du lịch", "Đang triển khai"]
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
        "MH-01/BC-SDL",
        "10/09/2025",
        "12/09/2025",
        "Đúng hạn",
    ]
    assert end.rows[0].cells[0].text.split("\n")[:2] == ["Nơi nhận:", "- UBND Thành phố Hà Nội;"]
    assert end.rows[0].cells[0].text.split("\n")[-1] == "- Lưu: VT."
    body = next(p for p in document.paragraphs if p.text.startswith("Thực hiện Kế hoạch"))
    assert body.alignment is None or body.alignment == 3  # justified through the Normal style
    assert body.paragraph_format.first_line_indent is not None and body.paragraph_format.first_line_indent > 0


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
            assert line.replace("\\|", "").count("|") in (6, 7), line  # the cells did not split


def test_strict_markdown_template_names_file_and_line(tmp_path: Path) -> None:
    template = tmp_path / "mau.md.j2"
    template.write_text("# {{ year }}\n\n{{ khong_co }}\n", encoding="utf-8")
    out = tmp_path / "ra.md"
    result = run(["--data", str(DATA), "report", *ARGS, "--template", str(template), "-o", str(out)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Mẫu: {template}\nLỗi: {template}:3: mẫu dùng biến «khong_co» mà dữ liệu không có; hãy sửa mẫu "
        "hoặc xem tên biến trong README\n"
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
        (["--format", "docx"], "Lỗi: Báo cáo DOCX cần -o TỆP.docx."),
        (["--format", "pdf"], "Lỗi: Giá trị không hợp lệ cho --format: «pdf»."),
        (["--template", "khong-co.md.j2"], "Lỗi: Không tìm thấy mẫu khong-co.md.j2."),
        (["--date", "30/02/2025"], "Lỗi: Ngày không tồn tại cho --date"),
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
                assert a.read(part) == b.read(part), f"templates/{name} is stale: run make templates ({part})"

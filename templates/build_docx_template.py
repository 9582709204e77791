"""Build templates/report.docx, the Word template of the consolidated report.

This script owns kehoach's own templates: templates/report.docx and reminder.docx
are its output, never edited by hand (a test rebuilds them and compares). Run
`make templates` after changing it, and review the result in Word or LibreOffice.
A secretariat that wants its own letterhead or fonts restyles a copy in Word and
passes it with `kehoach report --template COPY.docx`: the jinja2 tags ({{ … }},
{%p … %}, {%tr … %}) are written here in one run each, so Word does not split them.

Layout follows Nghị định 30/2020/NĐ-CP, Phụ lục I (shared/reference/nd30-report-format.md):
A4 portrait; margins top/bottom 20 mm, left 30 mm, right 15 mm; Times New Roman;
body 14 pt, justified, first-line indent 1.27 cm, 6 pt after; header as a
borderless two-column table with drawn rules; page numbers centred at the top
from page 2; tables with a repeated header row.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

# Rules under the issuing body, short to long (cm); issuer_rule picks one by the name's length (⅓–½ of it).
from kehoach.show.templates import ISSUER_RULES

FONT = "Times New Roman"
LEFT_COLUMN, RIGHT_COLUMN = 6.5, 10.0  # cm: the letterhead's two columns (16.5 cm of text width)
CELL_PADDING = 0.38  # cm: Word's default left and right cell margins together
MOTTO_WIDTH = 5.6  # cm: "Độc lập - Tự do - Hạnh phúc" in Times New Roman 13 bold
TASK_COLUMNS = (1.0, 4.2, 3.3, 8.0)  # cm: TT, task (shortened), leads, results — the results get the width
# TT, agency, number and date, received, state and notes: wide enough for "MH-06/BC-SNNMT" and
# "UBND huyện Chương Mỹ" on one line at 12 pt
APPENDIX_COLUMNS = (1.0, 4.9, 4.0, 2.4, 4.2)
FICTITIOUS_MARK = "{% if fictitious %}DỮ LIỆU MINH HỌA — KHÔNG PHẢI BÁO CÁO THẬT{% endif %}"
OUT = Path(__file__).with_name("report.docx")
REMINDER = Path(__file__).with_name("reminder.docx")


def set_font(
    style_or_run: Any, size: float | None = None, bold: bool | None = None, italic: bool | None = None
) -> None:
    font = style_or_run.font
    font.name = FONT
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    if italic is not None:
        font.italic = italic
    element = style_or_run.element if hasattr(style_or_run, "element") else style_or_run._element
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)


def para(
    container: Any,
    text: str = "",
    *,
    size: float = 14,
    bold: bool = False,
    italic: bool = False,
    align: WD_ALIGN_PARAGRAPH | None = None,
    indent: bool = False,
    after: float = 6,
    before: float = 0,
) -> Any:
    p = container.add_paragraph()
    fmt = p.paragraph_format
    fmt.space_after = Pt(after)
    fmt.space_before = Pt(before)
    fmt.first_line_indent = Cm(1.27) if indent else Cm(0)
    if align is not None:
        p.alignment = align
    if text:
        set_font(p.add_run(text), size, bold, italic)
    return p


def tag(container: Any, text: str) -> None:
    """A paragraph that holds only a docxtpl paragraph tag ({%p … %}); docxtpl removes it."""
    para(container, text, after=0)


def rule(container: Any, left_cm: float, right_cm: float) -> Any:
    """A short solid line right under the paragraph above: an empty paragraph 2 pt high (its mark sized, so
    the height applies) whose bottom border runs between its indents."""
    paragraph = container.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.left_indent, fmt.right_indent = Cm(left_cm), Cm(right_cm)
    fmt.first_line_indent = Cm(0)
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing = Pt(2)  # exact: the rule sits 2 pt under the text, not a blank line below it
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "0"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    ppr.append(borders)
    mark = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "4")
    mark.append(size)
    ppr.append(mark)
    return paragraph


def keep_with_next(paragraph: Any) -> Any:
    """A heading (or the line introducing a table) never left alone at the foot of a page."""
    paragraph.paragraph_format.keep_with_next = True
    return paragraph


def no_borders(table: Any) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    tbl_pr.append(borders)


def grid(table: Any) -> None:
    table.style = "Table Grid"


def repeat_header(row: Any) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def widths(table: Any, *cm: float) -> None:
    """Column widths, in the grid (what LibreOffice reads) and in every cell (what Word reads)."""
    table.autofit = False
    for column, width in zip(table.columns, cm, strict=True):
        column.width = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, cm, strict=True):
            cell.width = Cm(width)


def cell_paragraph(cell: Any, text: str, **kwargs: Any) -> Any:
    """Write into the cell's first (empty) paragraph, then add more with `para`."""
    p = cell.paragraphs[0]
    if p.runs or p.text:
        return para(cell, text, **kwargs)
    p.paragraph_format.space_after = Pt(float(kwargs.get("after", 0)))
    if kwargs.get("align") is not None:
        p.alignment = kwargs["align"]
    set_font(p.add_run(text), kwargs.get("size", 13), kwargs.get("bold", False), kwargs.get("italic", False))
    return p


def page_number_header(section: Any, mark: str | None = None) -> None:
    """Centred page number in the header, not on the first page; `mark` (a template line) on every page."""
    section.different_first_page_header_footer = True
    p = section.header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run()
    set_font(run, 13)
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "2"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == " PAGE ":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._r.append(element)
    if mark:  # under the page number; alone on the first page
        for line in (section.first_page_header.paragraphs[0], section.header.add_paragraph()):
            line.alignment = WD_ALIGN_PARAGRAPH.CENTER
            set_font(line.add_run(mark), 11, bold=True)


def new_document(mark: str | None = None) -> Any:
    """An A4 document with NĐ30 margins, Times New Roman 14 body, vi-VN, page numbers from page 2 and
    `mark` (a template line) at the top of every page."""
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance, section.footer_distance = Mm(10), Mm(10)
    normal = doc.styles["Normal"]
    set_font(normal, 14)
    normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    language(normal, "vi-VN")
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    for lang in defaults.iter(qn("w:lang")) if defaults is not None else ():
        for attr in ("w:val", "w:eastAsia", "w:bidi"):
            lang.set(qn(attr), "vi-VN")
    page_number_header(section, mark)
    return doc


def language(style: Any, tag_name: str) -> None:
    """The proofing language of a style (Word underlines every word of another language)."""
    rpr = style.element.get_or_add_rPr()
    lang = OxmlElement("w:lang")
    for attr in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attr), tag_name)
    rpr.append(lang)


def letterhead(doc: Any, under_number: str | None = None) -> None:
    """The two-column header: issuing body, number (and the V/v line of a letter); motto and date."""
    header = doc.add_table(rows=1, cols=2)
    no_borders(header)
    header.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths(header, LEFT_COLUMN, RIGHT_COLUMN)
    left, right = header.rows[0].cells
    cell_paragraph(left, "{{ parent }}", size=13, align=WD_ALIGN_PARAGRAPH.CENTER)
    cell_paragraph(left, "{{ issuer }}", size=13, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    # ⅓–½ of the issuing body's name: the template picks the rule that fits the name's length
    for i, length in enumerate(ISSUER_RULES):
        tag(left, ("{%p if " if i == 0 else "{%p elif ") + f"layout.issuer_rule == {i} %}}")
        rule(left, (LEFT_COLUMN - CELL_PADDING - length) / 2, (LEFT_COLUMN - CELL_PADDING - length) / 2)
    tag(left, "{%p endif %}")
    para(left, "{{ number_line }}", size=13, align=WD_ALIGN_PARAGRAPH.CENTER, before=6, after=0)
    if under_number:
        para(left, under_number, size=12, align=WD_ALIGN_PARAGRAPH.CENTER, before=3, after=0)
    cell_paragraph(
        right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=12, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER
    )
    para(right, "Độc lập - Tự do - Hạnh phúc", size=13, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    motto = (RIGHT_COLUMN - CELL_PADDING - MOTTO_WIDTH) / 2  # as long as the motto
    rule(right, motto, motto)
    para(right, "{{ place_date }}", size=13, italic=True, align=WD_ALIGN_PARAGRAPH.CENTER, before=6, after=0)


def keep_row_whole(row: Any) -> None:
    """A table row that never splits across pages (w:cantSplit)."""
    tr_pr = row._tr.get_or_add_trPr()
    element = OxmlElement("w:cantSplit")
    element.set(qn("w:val"), "true")
    tr_pr.append(element)


def signature_block(doc: Any, recipients: str) -> None:
    """Nơi nhận on the left; on the right the delegation ("KT. GIÁM ĐỐC", when given), the title, room to
    sign and the name — one table row that never splits."""
    end = doc.add_table(rows=1, cols=2)
    no_borders(end)
    widths(end, 8.0, 8.5)
    keep_row_whole(end.rows[0])
    left, right = end.rows[0].cells
    cell_paragraph(left, "Nơi nhận:", size=12, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    tag(left, f"{{%p for recipient in {recipients} %}}")
    para(
        left,
        "- {{ recipient }}{% if loop.last %}.{% else %};{% endif %}",
        size=11,
        align=WD_ALIGN_PARAGRAPH.LEFT,
        after=0,
    )
    tag(left, "{%p endfor %}")
    cell_paragraph(right, "{%p if signature.delegation %}")  # the cell's first paragraph opens the condition
    para(right, "{{ signature.delegation }}", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    tag(right, "{%p endif %}")
    para(right, "{{ signature.title }}", size=14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    for _ in range(3):
        para(right, "", after=12)
    para(right, "{{ signature.name }}", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)


def heading(doc: Any, text: str) -> None:
    """A section heading ("I. TÌNH HÌNH BÁO CÁO"), kept with what follows it."""
    keep_with_next(para(doc, text, bold=True, indent=True, before=6))


def bullets(doc: Any, loop: str, line: str) -> None:
    """One indented paragraph per item of `loop` (a jinja2 for clause)."""
    tag(doc, f"{{%p for {loop} %}}")
    para(doc, line, indent=True)
    tag(doc, "{%p endfor %}")


def table_rows(table: Any, *first: str) -> None:
    """Header cells, bold and centred, repeated on every page."""
    for cell, text in zip(table.rows[0].cells, first, strict=True):
        cell_paragraph(cell, text, size=12, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    repeat_header(table.rows[0])
    keep_row_whole(table.rows[0])


def build(out: Path = OUT) -> None:
    doc = new_document(FICTITIOUS_MARK)

    # Header (quốc hiệu, tiêu ngữ, cơ quan ban hành, số, địa danh và ngày)
    letterhead(doc)

    # Title
    para(doc, "{{ doc_type }}", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, before=18, after=0)
    subject = para(doc, "{{ subject }}", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    subject.paragraph_format.left_indent = Cm(0.5)
    subject.paragraph_format.right_indent = Cm(0.5)
    rule(doc, 6.5, 6.5)
    para(doc, "", size=6, after=6)

    para(
        doc,
        "Thực hiện {{ plan_ref }}, {{ issuer_name }} tổng hợp kết quả thực hiện năm {{ year }} từ báo cáo "
        "của các cơ quan, đơn vị (số liệu tính đến ngày {{ as_of }}) như sau:",
        indent=True,
    )

    # I
    heading(doc, "I. TÌNH HÌNH BÁO CÁO")
    para(
        doc,
        "Có {{ overview.required }} cơ quan, đơn vị phải báo cáo trước ngày {{ due }} ({{ overview.scope }})."
        " Đúng hạn: {{ overview.on_time|sum(attribute='count') }}; trễ hạn: "
        "{{ overview.late|sum(attribute='count') }}; chưa báo cáo: "
        "{{ overview.overdue|sum(attribute='count') + overview.pending|sum(attribute='count') }}.",
        indent=True,
    )
    tag(doc, "{%p if overview.on_time %}")
    para(doc, "- Báo cáo đúng hạn: {{ overview.on_time|map(attribute='name')|join(', ') }}.", indent=True)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if overview.late %}")
    para(
        doc,
        "- Báo cáo trễ hạn: {% for a in overview.late %}{{ a.name }}"
        "{% if a.days is not none %} ({{ a.days }} ngày){% endif %}"
        "{% if not loop.last %}, {% endif %}{% endfor %}.",
        indent=True,
    )
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if overview.overdue or overview.pending %}")
    para(
        doc,
        "- Chưa báo cáo: {{ (overview.overdue + overview.pending)|map(attribute='name')|join(', ') }}.",
        indent=True,
    )
    tag(doc, "{%p endif %}")
    bullets(
        doc,
        "item in ad_hoc",
        "- Báo cáo đột xuất của {{ item.agency }}: {{ item.subject }} (số {{ item.number }}, ngày "
        "{{ item.dated }}, nhận ngày {{ item.received }}){% if item.notes %}; {{ item.notes }}{% endif %}.",
    )

    # II: the tasks (a row per sector, merged across, and per task) and the standing duties
    heading(doc, "II. KẾT QUẢ THỰC HIỆN")
    keep_with_next(para(doc, "1. Các nhiệm vụ tại Phụ lục Kế hoạch", italic=True, bold=True, indent=True))
    keep_with_next(
        para(
            doc,
            "(Nội dung nhiệm vụ được tóm tắt; toàn văn tại Phụ lục {{ plan_ref }}.)",
            size=12,
            indent=True,
        )
    )
    tasks = doc.add_table(rows=7, cols=4)
    grid(tasks)
    widths(tasks, *TASK_COLUMNS)
    table_rows(tasks, "TT", "Nhiệm vụ", "Cơ quan chủ trì", "Kết quả thực hiện theo báo cáo")
    cell_paragraph(tasks.rows[1].cells[0], "{%tr for sector in sectors %}", size=12)
    sector_row = tasks.rows[2]
    keep_row_whole(sector_row)
    keep_with_next(
        cell_paragraph(
            sector_row.cells[0], "{{ sector.id }}", size=12, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER
        )
    )
    title = sector_row.cells[1].merge(sector_row.cells[3])
    keep_with_next(
        cell_paragraph(title, "{{ sector.title }}", size=12, bold=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    )
    cell_paragraph(tasks.rows[3].cells[0], "{%tr for task in sector.tasks %}", size=12)
    row = tasks.rows[4]
    keep_row_whole(row)
    for cell, text in zip(
        row.cells[:3], ("{{ task.id }}", "{{ task.content }}", "{{ task.leads|join('; ') }}"), strict=True
    ):
        align = WD_ALIGN_PARAGRAPH.CENTER if text == "{{ task.id }}" else WD_ALIGN_PARAGRAPH.LEFT
        cell_paragraph(cell, text, size=12, align=align)
    results = row.cells[3]
    cell_paragraph(results, "{%p for line in task.lines %}", size=12)
    para(results, "- {{ line }}", size=12, align=WD_ALIGN_PARAGRAPH.LEFT, after=2)
    tag(results, "{%p endfor %}")
    cell_paragraph(tasks.rows[5].cells[0], "{%tr endfor %}", size=12)
    cell_paragraph(tasks.rows[6].cells[0], "{%tr endfor %}", size=12)
    para(doc, "", size=6, after=0)

    keep_with_next(para(doc, "2. Các nhiệm vụ thường xuyên", italic=True, bold=True, indent=True))
    tag(doc, "{%p for duty in duties %}")
    keep_with_next(
        para(
            doc,
            "Mục {{ duty.section }} ({{ duty.leads|join('; ') }}"
            "{% if not duty.lead_said %} chủ trì{% endif %}): {{ duty.text }}",
            indent=True,
        )
    )
    bullets(doc, "line in duty.lines", "- {{ line }}")
    tag(doc, "{%p endfor %}")

    # III–V
    heading(doc, "III. ĐÁNH GIÁ CHUNG")
    bullets(doc, "text in assessment", "{{ text }}")
    keep_with_next(para(doc, "Khó khăn, vướng mắc:", italic=True, bold=True, indent=True))
    tag(doc, "{%p for item in difficulties %}")
    para(doc, "- {{ item.agency }} ({{ item.about }}): {{ item.text }}", indent=True)
    tag(doc, "{%p else %}")
    para(doc, "{{ no_difficulties }}", indent=True)
    tag(doc, "{%p endfor %}")
    heading(doc, "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM {{ next_year }}")
    bullets(doc, "text in direction", "{{ text }}")
    heading(doc, "V. ĐỀ XUẤT, KIẾN NGHỊ")
    bullets(doc, "text in own_proposals", "- {{ text }}")
    tag(doc, "{%p if proposals %}")
    keep_with_next(para(doc, "Đề xuất, kiến nghị của các cơ quan, đơn vị:", italic=True, indent=True))
    bullets(doc, "item in proposals", "- {{ item.agency }} ({{ item.about }}): {{ item.text }}")
    tag(doc, "{%p elif not own_proposals %}")
    para(doc, "{{ no_proposals }}", indent=True)
    tag(doc, "{%p endif %}")
    # the closing line goes to the page of the signature: no page holds only the signature
    keep_with_next(para(doc, "{{ issuer_name }} báo cáo UBND Thành phố xem xét, chỉ đạo./.", indent=True))

    # Signature and recipients (one row that never splits)
    signature_block(doc, "recipients")

    # Appendix
    appendix_title = para(doc, "PHỤ LỤC", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, before=0, after=0)
    appendix_title.paragraph_format.page_break_before = True
    keep_with_next(appendix_title)
    keep_with_next(
        para(
            doc, "TÌNH HÌNH NHẬN BÁO CÁO NĂM {{ year }}", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=0
        )
    )
    keep_with_next(
        para(doc, "{{ appendix_ref }}", size=13, italic=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=12)
    )
    table = doc.add_table(rows=3, cols=5)
    grid(table)
    widths(table, *APPENDIX_COLUMNS)
    table_rows(
        table, "TT", "Cơ quan, đơn vị", "Số, ký hiệu, ngày văn bản", "Ngày nhận", "Tình trạng, ghi chú"
    )
    loop_row, end_row = table.rows[1], table.rows[2]
    keep_row_whole(loop_row)
    values = (
        "{{ loop.index }}",
        "{{ row.name }}",
        "{{ row.number }}{% if row.dated %} ngày {{ row.dated }}{% endif %}",
        "{{ row.received }}",
        "{{ row.state }}",
    )
    for cell, text in zip(loop_row.cells, values, strict=True):
        align = WD_ALIGN_PARAGRAPH.CENTER if text == "{{ loop.index }}" else WD_ALIGN_PARAGRAPH.LEFT
        cell_paragraph(cell, text, size=12, align=align)
    # docxtpl: a row that holds {%tr … %} is replaced by the tag; the rows in between repeat
    first_row = table.add_row()
    table._tbl.remove(first_row._tr)
    table._tbl.insert(table._tbl.index(loop_row._tr), first_row._tr)
    cell_paragraph(first_row.cells[0], "{%tr for row in appendix %}", size=12)
    cell_paragraph(end_row.cells[0], "{%tr endfor %}", size=12)
    properties(doc, "{{ properties.title }}", "{{ properties.author }}")
    doc.save(str(out))


def properties(doc: Any, title: str, author: str) -> None:
    """Core properties: rendered with the data (title, author = the issuer); `created` is set when the
    report is rendered, never python-docx's 2013 default."""
    core = doc.core_properties
    core.title, core.author, core.last_modified_by = title, author, "kehoach"
    core.comments, core.subject, core.keywords = "", "", ""
    core.language = "vi-VN"
    core.created = core.modified = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    core.revision = 1


def build_reminder(out: Path = REMINDER) -> None:
    """templates/reminder.docx: the công văn đôn đốc (a letter: "V/v" under the number, "Kính gửi")."""
    doc = new_document()
    letterhead(doc, "{{ subject }}")
    para(doc, "", after=6)
    tag(doc, "{%p if to|length == 1 %}")  # one gap after "Kính gửi": the empty paragraph below
    para(doc, "Kính gửi: {{ to[0] }}.", align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    tag(doc, "{%p else %}")
    to = para(doc, "Kính gửi:", after=0)
    to.paragraph_format.left_indent = Cm(3.0)
    tag(doc, "{%p for name in to %}")
    item = para(doc, "- {{ name }}{% if loop.last %}.{% else %};{% endif %}", after=0)
    item.paragraph_format.left_indent = Cm(4.5)
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")
    para(doc, "", after=6)
    tag(doc, "{%p for text in body %}")
    para(doc, "{{ text }}", indent=True)
    tag(doc, "{%p endfor %}")
    signature_block(doc, "cc")
    # the list of agencies, when too long for "Kính gửi"
    tag(doc, "{%p if attached %}")
    title = para(doc, "{{ attached_title }}", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    title.paragraph_format.page_break_before = True
    para(doc, "{{ attached_ref }}", italic=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=12)
    tag(doc, "{%p for name in attached %}")
    para(doc, "{{ loop.index }}. {{ name }}", after=0)
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")
    properties(doc, "{{ properties.title }}", "{{ properties.author }}")
    doc.save(str(out))


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT.parent
    build(target / OUT.name)
    build_reminder(target / REMINDER.name)
    print(f"Đã ghi {target / OUT.name}, {target / REMINDER.name}")

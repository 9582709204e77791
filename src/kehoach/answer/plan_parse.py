"""A plan's document (files/document.py's blocks) read into a draft: header, bases, body, appendix.

What a UBND plan writes, in its order: the issuer and number ("Số: 12/KH-UBND"), place and date
("Hà Nội, ngày 05 tháng 3 năm 2025", blanks kept blank as "ngày / /2024" writes them), the kind of
document ("KẾ HOẠCH") and its title, the bases ("Căn cứ …", "Thực hiện …"), the body (sections I., II.,
numbered items, bullets), "Nơi nhận:" and the signature, then the appendix ("Phụ lục") whose table is
`TT | NỘI DUNG | CƠ QUAN CHỦ TRÌ | CƠ QUAN PHỐI HỢP` and often `THỜI GIAN HOÀN THÀNH`, `SẢN PHẨM`.

Agencies stay as the document writes them (`Named`): the import (answer/plan_import.py) resolves them
against the roster on the plan's date. Nothing is guessed here: what the document does not say is
None, and what cannot be read is a `Trouble` naming the row or line.
"""

from __future__ import annotations

import datetime as dt
import re

from kehoach.files.document import Block
from kehoach.text import nfc
from kehoach.tuples import NamedTuple

# Conversion leftovers: HTML tags of a Word → web → text round trip. <i> marks a scope and is read
# before the tags go; <li> and <br> break lines.
_TAG = re.compile(r"</?(?:i|em|b|strong|u|ul|ol|li|br|p|span|div|sup|sub)\b[^<>]{0,300}/?>", re.IGNORECASE)
_BREAK = re.compile(r"<(?:li|br|p)\b[^<>]{0,300}/?>", re.IGNORECASE)
_ITALIC = re.compile(r"<(i|em)\b[^<>]{0,300}>(.{0,2000}?)</\1\s{0,3}>", re.IGNORECASE | re.DOTALL)
_ROMAN = re.compile(r"[IVX]{1,8}")
_BULLET = re.compile(r"^[-+•–]\s*")
_DATE = re.compile(r"ngày ?(\d{1,2}|…|\.{1,10})? ?/ ?(\d{1,2}|…|\.{1,10})? ?/ ?(\d{4})")
_WORDS_DATE = re.compile(r"ngày ?(\d{1,2}|…|\.{1,10})? tháng ?(\d{1,2}|…|\.{1,10})? năm (\d{4})")
_NUMBER = re.compile(r"[Ss]ố:? ?([0-9]{1,6}[A-Za-z]?)?[*….]{0,10} ?/? ?\*?([A-ZĐ]{1,6})?-([A-ZĐ]{2,10})\*?")
_DOCUMENT_TYPES = {"KẾ HOẠCH": ("Kế hoạch", "KH"), "QUYẾT ĐỊNH": ("Quyết định", "QĐ")}
_BASIS_START = ("căn cứ", "thực hiện", "theo đề nghị", "xét đề nghị", "triển khai")
_BASIS_KINDS = (
    ("biên bản", "memorandum"),
    ("kế hoạch", "plan"),
    ("nghị quyết", "resolution"),
    ("quyết định", "decision"),
)
HEADINGS = {  # the appendix's column heads, as a plan may word them (casefolded, NFC)
    "tt": ("tt", "stt", "số tt"),
    "content": ("nội dung", "nội dung công việc", "nội dung nhiệm vụ", "nhiệm vụ", "nhiệm vụ, giải pháp"),
    "lead": ("chủ trì",),
    "coordinators": ("phối hợp",),
    "deadline": ("thời gian", "thời hạn", "tiến độ"),
    "product": ("sản phẩm", "kết quả"),
}
COLUMN_NAMES = {
    "tt": "TT",
    "content": "NỘI DUNG",
    "lead": "CƠ QUAN CHỦ TRÌ",
    "coordinators": "CƠ QUAN PHỐI HỢP",
    "deadline": "THỜI GIAN HOÀN THÀNH",
    "product": "SẢN PHẨM",
}


class Trouble(NamedTuple):
    """Something in the document that stops the import: its code, where, and what to do."""

    code: str
    where: str
    message: str


class Named(NamedTuple):
    """An agency as the document writes it, with the scope it gives in brackets or italics."""

    text: str
    scope: str | None
    cell: str  # the whole cell, for messages
    where: str


class DraftTask(NamedTuple):
    id: int
    sector: str
    content: str
    lead: list[Named]
    coordinators: list[Named]
    deadline: str | None
    product: str | None
    where: str


class DraftDuty(NamedTuple):
    section: str
    lead: Named
    text: str
    report: str | None  # "consolidated_report" for the focal agency's item


class Draft:
    """Everything read from the document, agencies as written."""

    def __init__(self) -> None:
        self.troubles: list[Trouble] = []
        self.notes: list[str] = []  # what was read and how, for --dry-run
        self.issuer: Named | None = None
        self.document_type = "Kế hoạch"
        self.type_code = "KH"
        self.issuer_code = "UBND"
        self.number: str | None = None
        self.dated: dt.date | None = None
        self.year: int | None = None
        self.place: str | None = None
        self.title: str | None = None
        self.bases: list[dict[str, object]] = []
        self.body: list[str] = []
        self.purposes: list[str] = []
        self.period: tuple[int | None, int | None, str] | None = None
        self.agency_report: tuple[int, int, str] | None = None  # month, day, text
        self.consolidated: tuple[int, int, str] | None = None
        self.deadline_reading = "before"
        self.focal: Named | None = None
        self.duties: list[DraftDuty] = []
        self.left: list[str] = []  # body items kept in the body only (not read as duties)
        self.signature: dict[str, str | None] | None = None
        self.recipients: list[str] = []
        self.sectors: list[tuple[str, str]] = []
        self.tasks: list[DraftTask] = []


def clean(text: str) -> str:
    """A cell's or paragraph's text without conversion tags, each line single-spaced, NFC."""
    text = _BREAK.sub("\n", text)
    text = _TAG.sub("", text).replace("**", "").replace("\u00a0", " ")
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return nfc("\n".join(line for line in lines if line))


def parse(blocks: list[Block]) -> Draft:
    """The draft of the plan in `blocks`."""
    draft = Draft()
    start = _appendix_start(blocks)
    lines = [
        (clean(line), block.where)
        for block in blocks[:start]
        for cell in block.cells
        for line in cell.split("\n")
        if clean(line)
    ]
    _front(draft, lines)
    _appendix(draft, blocks[start:])
    return draft


def _appendix_start(blocks: list[Block]) -> int:
    for n, block in enumerate(blocks):
        first = clean(block.cells[0]).casefold() if block.cells else ""
        if not block.row and (first == "phụ lục" or (first.startswith("phụ lục") and len(first) < 40)):
            return n
        if block.row and _header_columns(block) is not None:
            return n
    return len(blocks)


# --- before the appendix: header, bases, body, recipients, signature ------------------------------


def _front(draft: Draft, lines: list[tuple[str, str]]) -> None:
    kind_at = next(
        (n for n, (line, _) in enumerate(lines) if line.upper() == line and line in _DOCUMENT_TYPES), None
    )
    if kind_at is None:
        draft.troubles.append(
            Trouble(
                "no-document-type",
                "đầu văn bản",
                "không thấy dòng tên loại văn bản («KẾ HOẠCH»); hãy chép cả phần đầu của văn bản.",
            )
        )
        kind_at = -1
    else:
        draft.document_type, draft.type_code = _DOCUMENT_TYPES[lines[kind_at][0]]
    _header(draft, [line for line, _ in lines[: max(kind_at, 0)]])
    rest = lines[kind_at + 1 :]
    title: list[str] = []
    while rest and not _is_basis(rest[0][0]) and not _is_section(rest[0][0]):
        title.append(rest.pop(0)[0])
        if len(title) == 3:
            break
    draft.title = " ".join(title) or None
    while rest and _is_basis(rest[0][0]):
        draft.bases.append(_basis(rest.pop(0)[0]))
    received = next(
        (n for n, (line, _) in enumerate(rest) if line.casefold().startswith("nơi nhận")), len(rest)
    )
    body = [line for line, _ in rest[:received]]
    draft.body = body
    _body(draft, body)
    _closing(draft, [line for line, _ in rest[received + 1 :]])


def _header(draft: Draft, lines: list[str]) -> None:
    issuer: list[str] = []
    for line in lines:
        upper = line.upper() == line
        number = _NUMBER.search(line)
        if line.casefold().startswith("số") and number:
            draft.number = number.group(1)
            draft.issuer_code = number.group(3)
            continue
        when = _WORDS_DATE.search(line) or _DATE.search(line)
        if when and "," in line:
            draft.place = line.split(",", 1)[0].strip() or None
            _date(draft, when)
            continue
        if (
            upper
            and not line.startswith(("CỘNG HÒA", "CỘNG HOÀ", "ĐỘC LẬP", "Độc lập"))
            and "Độc lập" not in line
        ):
            issuer.append(line)
    if issuer:
        text = " ".join(issuer)
        draft.issuer = Named(text, None, text, "đầu văn bản")


def _date(draft: Draft, found: re.Match[str]) -> None:
    day, month, year = (found.group(i) for i in (1, 2, 3))
    draft.year = int(year)
    if day and month and day.isdigit() and month.isdigit():
        try:
            draft.dated = dt.date(int(year), int(month), int(day))
        except ValueError:
            draft.troubles.append(
                Trouble("bad-date", "đầu văn bản", f"ngày {day}/{month}/{year} không có thật.")
            )


def _is_basis(line: str) -> bool:
    return line.casefold().startswith(_BASIS_START) and line.rstrip().endswith((";", ".", ":", ","))


def _is_section(line: str) -> bool:
    return re.match(r"^[IVX]{1,6}\.\s", line) is not None


def _basis(line: str) -> dict[str, object]:
    """A "Căn cứ …" or "Thực hiện …" line as a DocumentRef: its kind, number, date and issuer when
    written the usual way ("Kế hoạch số 250-KH/TU ngày 04/7/2024 của Thành ủy Hà Nội về việc …")."""
    text = line.rstrip(";.,: ")
    for lead in ("Căn cứ nội dung ", "Căn cứ ", "Thực hiện ", "Theo đề nghị của ", "Triển khai "):
        if text.startswith(lead):
            text = text[len(lead) :]
            break
    text = text[:1].upper() + text[1:]
    kind = next((k for word, k in _BASIS_KINDS if text.casefold().startswith(word)), "other")
    number = re.search(r"\bsố\s+([0-9][\w./-]*)", text)
    dated = re.search(r"\bngày\s+(\d{1,2})/(\d{1,2})/(\d{4})", text)
    issuer = re.search(r"\bcủa ([^;]{1,300}?)(?: (?:về|ban hành)\b|$)", text)
    day = None
    if dated:
        try:
            day = dt.date(int(dated.group(3)), int(dated.group(2)), int(dated.group(1)))
        except ValueError:
            day = None
    return {
        "kind": kind,
        "title": text,
        "number": number.group(1).rstrip(".,") if number else None,
        "dated": day,
        "issuer": issuer.group(1).strip() if issuer and kind != "memorandum" else None,
    }


def _body(draft: Draft, body: list[str]) -> None:
    section = ""
    heading = ""
    item: tuple[str, str] | None = None  # (number, the item's lead name) when inside "N. Giao X: …"
    owing: Named | None = None  # "…, các Sở, ban, ngành … có trách nhiệm:": who the bullets below bind
    count = 0
    for line in body:
        roman = re.match(r"^([IVX]{1,6})\.\s+(.*)$", line)
        numbered = re.match(r"^(\d{1,3})\.\s+(.*)$", line)
        bullet = _BULLET.match(line)
        text = _BULLET.sub("", line) if bullet else line
        if roman:
            section, heading, item = roman.group(1), roman.group(2).casefold(), None
            continue
        if heading.startswith("mục đích") and (bullet or not numbered):
            draft.purposes.append(text)
            continue
        if numbered:
            item, owing, count = None, None, 0
            rest = numbered.group(2)
            bound = re.search(r"(?:^|, )((?:các|Các|UBND|Ủy ban) [^;:]{1,300}?) có trách nhiệm: ?$", rest)
            if bound:
                owing = Named(bound.group(1), None, bound.group(1), f"mục {section}.{numbered.group(1)}")
                item = (numbered.group(1), "")
                continue
            period = re.match(r"^Thời gian thực hiện: ?(.{1,500})$", rest)
            if period:
                said = period.group(1).strip()  # as written, its full stop kept
                years = [int(y) for y in re.findall(r"\b(20\d\d)\b", said)]
                open_ended = "tiếp theo" in said
                end = None if open_ended or not years else years[-1]
                draft.period = (years[0] if years else None, end, said)
                continue
            given = re.match(r"^Giao ([^:]{1,300}?)(?:: ?(.+)| (chủ trì.+))$", rest)
            if given:
                name, said = given.group(1).strip(), (given.group(2) or given.group(3)).strip()
                named = Named(name, None, name, f"mục {section}.{numbered.group(1)}")
                item = (numbered.group(1), name)
                due = _due(said)
                report = None
                if "đầu mối" in said.casefold():
                    draft.focal = named
                    if due is not None and draft.consolidated is None:
                        draft.consolidated = (*due, said)
                        report = "consolidated_report"
                draft.duties.append(
                    DraftDuty(f"{section}.{numbered.group(1)}", named, said[:1].upper() + said[1:], report)
                )
                continue
            continue
        due = _due(text)
        report = None
        if due is not None and "báo cáo" in text.casefold() and draft.agency_report is None:
            draft.agency_report = (*due, text)
            report = "agency_report"
            if re.search(r"(chậm nhất|trước hoặc trong) ngày", text):
                draft.deadline_reading = "by"
        if bullet and owing is not None and item is not None:
            count += 1
            draft.duties.append(DraftDuty(f"{section}.{item[0]}", owing, text, report))
        elif bullet and report is None:
            draft.left.append(f"{section}: {text}")


def _due(text: str) -> tuple[int, int] | None:
    found = re.search(r"(?:trước|chậm nhất|trước hoặc trong)\s+ngày\s+(\d{1,2})/(\d{1,2})\b(?!/\d)", text)
    if not found:
        return None
    day, month = int(found.group(1)), int(found.group(2))
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return month, day


def _closing(draft: Draft, lines: list[str]) -> None:
    """ "Nơi nhận:" bullets, then the signature block: authority, delegation, title, name."""
    signature: list[str] = []
    for line in lines:
        if _BULLET.match(line) and not signature:
            draft.recipients.append(_BULLET.sub("", line).rstrip(";,. "))
        else:
            signature.append(line)
    if not signature:
        draft.troubles.append(
            Trouble(
                "no-signature", "cuối văn bản", "không thấy phần ký («TM. ỦY BAN NHÂN DÂN», chức vụ, họ tên)."
            )
        )
        return
    authority = signature[0] if signature[0].startswith(("TM.", "T.M.")) else None
    rest = signature[1:] if authority else signature
    delegation = rest.pop(0) if rest and rest[0].startswith(("KT.", "K.T.", "TL.", "TUQ.")) else None
    title = rest.pop(0) if rest else None
    name = rest[0] if rest else None
    if title is None:
        draft.troubles.append(Trouble("no-signature", "cuối văn bản", "phần ký thiếu chức vụ người ký."))
        return
    draft.signature = {
        "authority": authority or title,
        "delegation": delegation,
        "title": title,
        "name": name,
    }


# --- the appendix ---------------------------------------------------------------------------------


def _header_columns(block: Block) -> dict[str, int] | None:
    """Column role -> index when `block` is the appendix table's header row (TT, NỘI DUNG, …)."""
    found: dict[str, int] = {}
    for n, cell in enumerate(block.cells):
        text = " ".join(clean(cell).casefold().split())
        for role, words in HEADINGS.items():
            if role in found:
                continue
            if (role == "tt" and text in words) or (role != "tt" and any(w in text for w in words)):
                found[role] = n
                break
    if "tt" in found and "content" in found:
        return found
    return None


def _appendix(draft: Draft, blocks: list[Block]) -> None:
    columns: dict[str, int] | None = None
    header: tuple[str, ...] = ()
    sector: str | None = None
    for block in blocks:
        if not block.row:
            caption = clean(block.cells[0])
            if columns is None and caption.startswith("(Kèm theo"):
                _caption(draft, caption)
            continue
        if columns is None:
            columns = _header_columns(block)
            if columns is not None:
                header = tuple(clean(c) for c in block.cells)
                for role in ("lead",):
                    if role not in columns:
                        draft.troubles.append(
                            Trouble(
                                "missing-column",
                                block.where,
                                f"bảng phụ lục thiếu cột «{COLUMN_NAMES[role]}» (hàng tiêu đề có: "
                                f"{', '.join(c for c in header if c)}); thêm cột đó vào văn bản.",
                            )
                        )
                        return
            continue
        cells = tuple(clean(c) for c in block.cells)
        if cells == header or not any(cells):
            continue  # the header repeated on a new page, an empty row
        if _header_columns(block) is not None:
            continue
        number = _cell(cells, columns, "tt").rstrip(".")
        if _ROMAN.fullmatch(number):
            title = _cell(cells, columns, "content") or next((c for c in cells[columns["tt"] + 1 :] if c), "")
            sector = number
            if any(s == number for s, _ in draft.sectors):
                draft.troubles.append(
                    Trouble("duplicate-sector", block.where, f"lĩnh vực {number} ghi hai lần.")
                )
            draft.sectors.append((number, title.replace("\n", " ")))
            continue
        if not number.isdigit():
            shown = " | ".join(c for c in cells if c)[:120]
            draft.troubles.append(
                Trouble(
                    "not-a-task",
                    block.where,
                    f"hàng «{shown}» không phải nhiệm vụ: cột TT phải là số thứ tự nhiệm vụ (1, 2, …) "
                    "hoặc số La Mã của một lĩnh vực (I, II, …); sửa văn bản hoặc xóa hàng đó.",
                )
            )
            continue
        if sector is None:
            draft.troubles.append(
                Trouble(
                    "task-before-sector",
                    block.where,
                    f"nhiệm vụ {number} đứng trước mọi lĩnh vực; thêm hàng lĩnh vực (I, II, …) phía trên nó.",
                )
            )
            continue
        if any(t.id == int(number) for t in draft.tasks):
            draft.troubles.append(
                Trouble(
                    "duplicate-task",
                    block.where,
                    f"số thứ tự {number} đã dùng cho một nhiệm vụ khác; mỗi nhiệm vụ một số (đánh số liền "
                    "trong cả phụ lục).",
                )
            )
            continue
        content = _cell(cells, columns, "content")
        if not content:
            draft.troubles.append(
                Trouble("empty-content", block.where, f"nhiệm vụ {number} không có nội dung.")
            )
            continue
        draft.tasks.append(
            DraftTask(
                int(number),
                sector,
                content,
                agencies(_cell(block.cells, columns, "lead"), block.where),
                agencies(_cell(block.cells, columns, "coordinators"), block.where),
                _cell(cells, columns, "deadline").replace("\n", " ") or None,
                _cell(cells, columns, "product") or None,
                block.where,
            )
        )
    if columns is None:
        draft.troubles.append(
            Trouble(
                "no-appendix",
                "phụ lục",
                "không thấy bảng phụ lục (hàng tiêu đề «TT | NỘI DUNG | CƠ QUAN CHỦ TRÌ | "
                "CƠ QUAN PHỐI HỢP»); với văn bản thuần, các ô của một hàng cách nhau bằng phím Tab.",
            )
        )


def _cell(cells: tuple[str, ...], columns: dict[str, int], role: str) -> str:
    n = columns.get(role)
    return cells[n] if n is not None and n < len(cells) else ""


def _caption(draft: Draft, caption: str) -> None:
    """ "(Kèm theo Kế hoạch số …/KH-UBND ngày / /2024 của UBND Thành phố)": what the header left out."""
    when = _DATE.search(caption) or _WORDS_DATE.search(caption)
    if when and draft.year is None:
        _date(draft, when)
    number = _NUMBER.search(caption)
    if number and draft.number is None and number.group(1):
        draft.number = number.group(1)
    issuer = re.search(r"\bcủa ([^()]{1,300})\)?$", caption)
    if issuer and draft.issuer is None:
        name = issuer.group(1).rstrip(")").strip()
        draft.issuer = Named(name, None, caption, "chú thích phụ lục")


# --- agencies in a cell ---------------------------------------------------------------------------


def agencies(cell: str, where: str) -> list[Named]:
    """The agencies a lead or coordinator cell names, with their scopes: bullets ("- A - B"), one per
    line, or separated by ";"; a scope in brackets or italics after a name ("Sở Nội vụ <i>(mô hình
    chính quyền đô thị)</i>"). A name written with " - " inside ("Sở Lao động - Thương binh và Xã
    hội") is split by the import only where the roster knows both halves (answer/plan_import.py)."""
    shown = clean(cell)
    text = _BREAK.sub("\n", cell)
    text = _ITALIC.sub(lambda m: "\x01" + m.group(2) + "\x02", text)
    text = _TAG.sub("", text).replace("\u00a0", " ")
    found: list[Named] = []
    for line in text.split("\n"):
        line = line.strip()
        if not line:
            continue
        bulleted = _BULLET.match(line) is not None
        parts = re.split(r"\s+[-–•+]\s+", _BULLET.sub("", line)) if bulleted else [line]
        for part in parts:
            for piece in part.split(";"):
                named = _named(piece, shown, where)
                if named is not None:
                    found.append(named)
    return found


def _named(piece: str, cell: str, where: str) -> Named | None:
    piece = piece.strip().rstrip(",.; ")
    scope = None
    italic = re.search(r"\x01([^\x01\x02]{0,2000})\x02\s*$", piece)
    if italic:
        scope = italic.group(1).strip().strip("()").strip() or None
        piece = piece[: italic.start()].strip()
    else:
        bracket = re.search(r"\(([^()]{1,500})\)\s*$", piece)
        if bracket:
            scope = bracket.group(1).strip() or None
            piece = piece[: bracket.start()].strip()
    piece = nfc(" ".join(piece.replace("\x01", "").replace("\x02", "").split())).rstrip(",.; ")
    if not piece:
        return None
    return Named(piece, nfc(" ".join(scope.split())) if scope else None, cell, where)

"""The reminder (công văn đôn đốc): from the focal agency to those that have not reported.

`reminder_context` is plain data for the Word template (templates/reminder.docx)
and for the plain-text letter (`reminder_text`, for e-mail). Nothing is invented:
the letter's number, date and signer are blanks ("…") unless given; the dates
it names are the plan's deadlines; the agencies are those whose report had not
arrived on the date asked about (`as_of`). When more than a handful are late, they
are listed in a list attached to the letter instead of in "Kính gửi".
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from kehoach.answer.consolidated import PLACEHOLDER, day_words, document_date, review_notes, signature
from kehoach.answer.status import agency_standings, check_year
from kehoach.dates import show
from kehoach.errors import UsageError
from kehoach.model.lineage import focal_agency
from kehoach.model.views import Agency, Plan, Signer

LIST_IN_LETTER = 8  # more than this many agencies: "Kính gửi" names the attached list


def late_agencies(plan: Plan, year: int, as_of: dt.date) -> list[Agency]:
    """Agencies that must report for `year` and whose report had not arrived by `as_of`: never the
    focal agency itself (it consolidates the reports, it is not reminded to send one to itself)."""
    focal = year_focal(plan, year, as_of)
    return [
        s.agency
        for s in agency_standings(plan, year, as_of)
        if s.required and s.report is None and (focal is None or s.agency.id != focal.id)
    ]


def year_focal(plan: Plan, year: int, as_of: dt.date) -> Agency | None:
    """The focal agency a reminder about `year` is written from, on `as_of`: the one carrying the role
    on that day, or on the deadline when asked before it."""
    due = plan.reporting.agency_report.deadline(year)
    return focal_agency(plan, as_of if as_of >= due else due)


def reminder_context(
    plan: Plan,
    year: int,
    as_of: dt.date,
    agencies: list[Agency],
    *,
    number: str | None = None,
    dated: dt.date | None = None,
    signer: Signer | None = None,
    by: dt.date | None = None,
) -> dict[str, Any]:
    """The letter to `agencies` (all late, or one with --each) as data for the templates; `by`: the new
    date by which they are asked to send (none: "khẩn trương", the drafter's letter gives no date)."""
    check_year(plan, year)
    if not agencies:
        raise UsageError(f"Không có cơ quan nào chưa báo cáo năm {year} tính đến ngày {show(as_of)}.")
    info = plan.info
    rule = plan.reporting.agency_report
    due = rule.deadline(year)
    focal = year_focal(plan, year, as_of)
    if focal is None:
        raise UsageError(f"Không xác định được cơ quan đầu mối năm {year}.")
    parent = plan.agencies.get(info.issuer)
    consolidated_due = plan.reporting.consolidated_report.deadline(year)
    plan_number = info.number or PLACEHOLDER
    plan_dated = f"ngày {show(info.dated)}" if info.dated else f"ngày {PLACEHOLDER}"
    plan_ref = (
        f"Kế hoạch số {plan_number}/{info.type_code}-{info.issuer_code} {plan_dated} của UBND Thành phố "
        f"về {info.title[:1].lower()}{info.title[1:]}"
    )
    names = [a.name for a in agencies]
    in_letter = len(names) <= LIST_IN_LETTER
    whom = (
        names
        if in_letter
        else [f"Các cơ quan, đơn vị có tên tại danh sách kèm theo ({len(names)} cơ quan, đơn vị)"]
    )
    them = (
        "Quý cơ quan"
        if len(names) == 1
        else "các cơ quan, đơn vị nêu trên"
        if in_letter
        else "các cơ quan, đơn vị có tên tại danh sách kèm theo"
    )
    if by is not None and (by <= as_of or (dated is not None and by <= dated)):
        raise UsageError(f"--by {show(by)} phải sau ngày tính ({show(as_of)}) và sau ngày công văn.")
    body = [
        f"Thực hiện {plan_ref}, các cơ quan, đơn vị báo cáo kết quả thực hiện năm {year} trước ngày "
        f"{show(due)} gửi {focal.name} để tổng hợp, báo cáo UBND Thành phố trước ngày "
        f"{show(consolidated_due)}.",
        f"Đến ngày {show(as_of)}, {focal.name} chưa nhận được báo cáo năm {year} của {them}.",
        f"Để kịp tổng hợp, báo cáo UBND Thành phố theo đúng thời hạn, {focal.name} đề nghị {them} "
        f"khẩn trương gửi báo cáo kết quả thực hiện năm {year} về {focal.name}"
        + (f" trước ngày {show(by)}" if by is not None else "")
        + "; nội dung báo cáo theo biểu mẫu gửi kèm (nếu có).",
        f"{focal.name} trân trọng đề nghị {them} quan tâm, phối hợp thực hiện./.",
    ]
    frame = letter_frame(
        parent,
        focal,
        number=number,
        dated=dated,
        place=info.place,
        signer=signer,
        title=f"Đôn đốc báo cáo kết quả thực hiện năm {year}",
    )
    return frame | {
        "year": year,
        "as_of": show(as_of),
        "subject": f"V/v đôn đốc báo cáo kết quả thực hiện năm {year} Kế hoạch hợp tác giữa "
        "Ban Thường vụ Thành ủy Hà Nội và Ban Thường vụ Thành ủy Thành phố Hồ Chí Minh",
        "to": whom,
        "attached": [] if in_letter else names,
        "attached_title": f"DANH SÁCH CƠ QUAN, ĐƠN VỊ CHƯA GỬI BÁO CÁO NĂM {year}",
        "attached_ref": f"(Tính đến ngày {show(as_of)}; kèm theo Công văn số {frame['symbol']} "
        f"{frame['dated_words']} của {focal.name})",
        "body": body,
        # what the drafter checks before signing (show/review.py): never in the letter's text
        "review": review_notes(plan, agencies, as_of, None if in_letter else len(names)),
    }


def letter_frame(
    parent: Agency | None,
    issuer: Agency,
    *,
    number: str | None,
    dated: dt.date | None,
    place: str,
    signer: Signer | None,
    title: str,
) -> dict[str, Any]:
    """What every letter of the reminder's layout has around its body: the issuing body and the one
    above it, the number and date ("…" when not given), recipients for filing, the signature block."""
    symbol = f"{number}" if number else f"{PLACEHOLDER}/{PLACEHOLDER}"
    return {
        "parent": (parent.name if parent else "UBND Thành phố Hà Nội").upper(),
        "issuer": issuer.name.upper(),
        "issuer_name": issuer.name,
        "number_line": f"Số: {symbol}",
        "symbol": symbol,
        "dated_words": day_words(dated),
        "place_date": document_date(place, dated),
        "cc": ["Như trên", "Lưu: VT"],
        "signature": signature(signer, issuer),
        "properties": {"title": title, "author": issuer.name},
    }


def reminder_text(context: dict[str, Any]) -> str:
    """The letter as plain text, for e-mail."""
    lines = [
        context["parent"],
        context["issuer"],
        context["number_line"],
        context["subject"],
        "",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        context["place_date"],
        "",
    ]
    to = context["to"]
    if len(to) == 1:
        lines.append(f"Kính gửi: {to[0]}.")
    else:
        lines.append("Kính gửi:")
        lines += [f"- {name}{'.' if i == len(to) - 1 else ';'}" for i, name in enumerate(to)]
    lines.append("")
    for paragraph in context["body"]:
        lines += [paragraph, ""]
    signature = context["signature"]
    lines += [s for s in (signature["delegation"], signature["title"]) if s]
    lines += ["", "", signature["name"], "", "Nơi nhận:"]
    lines += [f"- {c}{'.' if i == len(context['cc']) - 1 else ';'}" for i, c in enumerate(context["cc"])]
    if context["attached"]:
        lines += ["", context["attached_title"], context["attached_ref"], ""]
        lines += [f"{i}. {name}" for i, name in enumerate(context["attached"], start=1)]
    return "\n".join(lines) + "\n"

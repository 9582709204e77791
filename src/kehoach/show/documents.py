"""The documents kehoach writes from templates: the consolidated report and the reminder letters.

Each is rendered whole (Markdown, Word through docxtpl, PDF through LibreOffice)
before anything is written, then written atomically: a failure leaves no file.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from typing import Any

from kehoach.errors import UsageError
from kehoach.model.views import Agency, Plan, Signer


def report_format(fmt: str | None, output: str | os.PathLike[str] | None) -> str:
    """md, docx or pdf: as asked, else from the output file's extension, else md; a mismatch is refused."""
    from kehoach.show.formats import REPORT_FORMATS, REPORT_SUFFIXES, output_format

    suffix = os.path.splitext(os.fspath(output))[1].lower() if output is not None else None
    if fmt is None and suffix is not None and suffix not in REPORT_SUFFIXES:
        raise UsageError(f"Không đoán được định dạng từ «{output}»; dùng --format md, docx hoặc pdf.")
    return output_format(fmt, output, REPORT_FORMATS, REPORT_SUFFIXES, files_only=("docx", "pdf"))


def write_report(
    context: dict[str, Any],
    *,
    fmt: str | None,
    output: str | os.PathLike[str] | None,
    template: str | os.PathLike[str] | None,
    final: bool = False,
) -> tuple[str | bytes, str]:
    """The report of `context` in its format, written to `output` when given; (content, template used).
    Unless `final`, its review notes go with it: Markdown footnotes, Word comments (show/review.py)."""
    from pathlib import Path

    from kehoach.files.atomic import check_parent, write_atomic
    from kehoach.show.templates import DOCX_TEMPLATE, MD_TEMPLATE, find_template, render_docx, render_markdown

    kind = report_format(fmt, output)
    path = Path(output) if output is not None else None
    if path is not None:
        check_parent(path)
    chosen = find_template(
        MD_TEMPLATE if kind == "md" else DOCX_TEMPLATE, Path(template) if template else None
    )
    content: str | bytes
    if kind == "md":
        content = render_markdown(context, chosen)
        if not final:
            from kehoach.show.review import notes_of, with_footnotes

            content = with_footnotes(content, notes_of(context))
    else:
        content = render_docx(context, chosen, final or kind == "pdf")  # a PDF shows no comments
        if kind == "pdf":
            from kehoach.show.pdf import docx_to_pdf

            content = docx_to_pdf(content)
    if path is not None:
        write_atomic(path, content)
    return content, str(chosen)


def write_reminders(
    plan: Plan,
    year: int,
    as_of: dt.date,
    late: list[Agency],
    *,
    each: bool,
    fmt: str | None,
    output: str | os.PathLike[str] | None,
    number: str | None,
    dated: dt.date | None,
    signer: Signer,
    by: dt.date | None = None,
    final: bool = False,
) -> tuple[list[bytes], str, tuple[Any, ...]]:
    """The letters to `late` (one, or one each), all built before any is written to `output`; (the
    letters, what was written, the review notes of them all)."""
    from kehoach.answer.reminder import reminder_context

    def context(group: list[Agency]) -> dict[str, Any]:
        return reminder_context(plan, year, as_of, group, number=number, dated=dated, signer=signer, by=by)

    return write_letters(
        late, context, stem=f"don-doc-{year}", each=each, fmt=fmt, output=output, final=final
    )


def write_letters(
    recipients: list[Agency],
    context: Callable[[list[Agency]], dict[str, Any]],
    *,
    stem: str,
    each: bool,
    fmt: str | None,
    output: str | os.PathLike[str] | None,
    final: bool = False,
) -> tuple[list[bytes], str, tuple[Any, ...]]:
    """Letters (the reminder's layout) to `recipients`, one or one each (`stem-<agency>` in the folder
    `output`), built from `context` of each group, all before any is written; (the letters, what was
    written, the review notes of them all: show/review.py, in the letters unless `final`)."""
    from pathlib import Path

    from kehoach.answer.reminder import reminder_text
    from kehoach.files.atomic import check_parent, make_folder, write_atomic
    from kehoach.show.review import notes_of
    from kehoach.show.templates import REMINDER_TEMPLATE, find_template, render_docx

    path = Path(output) if output is not None else None
    if fmt is None:
        suffix = path.suffix.lower() if path is not None and not each else ""
        fmt = {".docx": "docx", ".txt": "text"}.get(suffix, "text" if path is None else "docx")
    if fmt not in ("docx", "text"):
        raise UsageError(f"Giá trị không hợp lệ cho --format: «{fmt}». Chọn một trong: docx, text.")
    if fmt == "docx" and path is None:
        raise UsageError(
            "Công văn Word cần -o TỆP.docx (hoặc -o THƯ_MỤC với --each); --format text để in ra."
        )
    if each and path is None:
        raise UsageError("--each cần -o THƯ_MỤC (mỗi cơ quan một tệp).")
    groups = [[a] for a in recipients] if each else [recipients]
    letters = []
    review: list[Any] = []
    for group in groups:
        found = context(group)
        review.extend(n for n in notes_of(found) if n not in review)
        if fmt == "text":
            letters.append(reminder_text(found).encode("utf-8"))
        else:
            letters.append(render_docx(found, find_template(REMINDER_TEMPLATE, None), final))
    if path is None:
        return letters, "", tuple(review)
    suffix = ".docx" if fmt == "docx" else ".txt"
    if each:
        make_folder(path)
        for group, letter in zip(groups, letters, strict=True):
            write_atomic(path / f"{stem}-{group[0].id}{suffix}", letter)
        return letters, f"Đã ghi {len(letters)} công văn vào {path}/", tuple(review)
    check_parent(path)
    write_atomic(path, letters[0])
    return letters, f"Đã ghi {path} (gửi {len(recipients)} cơ quan, đơn vị)", tuple(review)

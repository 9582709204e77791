"""What changed, for people: `diff` and `history`, what `record` and `import` wrote, and how to keep it.

The changes themselves are found in answer/ (diff.py, history.py, record.py,
intake.py); this module only says them, as text, Markdown or JSON.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Sequence

from kehoach.answer.diff import SECTIONS, Change
from kehoach.answer.history import Entry
from kehoach.answer.intake import Imported
from kehoach.answer.record import Change as Written
from kehoach.answer.record import Recorded, show_value, shown_new
from kehoach.escape import md_text
from kehoach.show.jsondoc import json_document

# a problem that names its own place (`Báo cáo!E13: …`), not to be prefixed with the file's name
_LOCATED = re.compile(r"[^:!]+![A-Z]+\d+\)?:")  # "Báo cáo!E14: …", "phần đánh dấu ẩn … (ô kehoach!B2): …"


def _words_text(words: list[tuple[str, str]]) -> str:
    marks = {"equal": "{}", "delete": "[-{}-]", "insert": "{{+{}+}}"}
    return " ".join(marks[op].format(text) for op, text in words)


def _words_md(words: list[tuple[str, str]]) -> str:
    marks = {"equal": "{}", "delete": "~~{}~~", "insert": "**{}**"}
    return " ".join(marks[op].format(md_text(text)) for op, text in words)


def render_diff(changes: list[Change], fmt: str, *, old_label: str, new_label: str) -> str:
    """Changes as text, Markdown (for a pull request's job summary) or JSON."""
    if fmt == "json":
        body = {
            "from": old_label,
            "to": new_label,
            "changes": [
                {
                    "kind": c.kind,
                    "text": c.text,
                    **c.details,
                    **({"words": [{"op": op, "text": t} for op, t in c.words]} if c.words else {}),
                }
                for c in changes
            ],
        }
        return json_document(body)
    md = fmt == "md"
    title = f"Thay đổi của kế hoạch: {old_label} → {new_label}"
    lines = [f"## {md_text(title)}" if md else title, ""]
    if not changes:
        lines.append("Không có thay đổi nào về nội dung kế hoạch.")
        return "\n".join(lines)
    for section, heading in SECTIONS.items():
        group = [c for c in changes if c.section == section]
        if not group:
            continue
        lines.append(f"### {heading} ({len(group)})" if md else f"{heading} ({len(group)}):")
        for change in group:
            lines.append(f"- {md_text(change.text)}" if md else f"  - {change.text}")
            if change.words:
                lines.append(f"  > {_words_md(change.words)}" if md else f"      {_words_text(change.words)}")
        lines.append("")
    return "\n".join(lines).rstrip()


def render_history(entries: list[Entry], fmt: str, subject: str) -> str:
    if fmt == "json":
        return json_document(
            {
                "subject": subject,
                "entries": [
                    {
                        "commit": e.commit.sha,
                        "date": e.commit.date,
                        "author": e.commit.author,
                        "message": e.commit.message,
                        "note": e.note,
                        "changes": [{"kind": c.kind, "text": c.text, **c.details} for c in e.changes],
                    }
                    for e in entries
                ],
            }
        )
    md = fmt == "md"
    lines = [f"## Lịch sử: {md_text(subject)}" if md else f"Lịch sử: {subject}", ""]
    if not entries:
        lines.append("Không có commit nào thay đổi mục này.")
    for entry in entries:
        c = entry.commit
        head = f"{c.sha[:10]} {c.date} {c.author} — {c.message}"
        lines.append(f"- **{md_text(head)}**" if md else head)
        for change in entry.changes:
            lines.append(f"  - {md_text(change.text)}" if md else f"  - {change.text}")
        if entry.note:
            lines.append(f"  - ({entry.note})")
        if not md:
            lines.append("")
    return "\n".join(lines).rstrip()


def describe(
    result: Recorded, statuses: dict[str, str] | None = None, names: dict[str, str] | None = None
) -> str:
    """What `record` did, in Vietnamese, with the git commands that keep it (inside a repository);
    `names`: agency id -> name, for the commit message."""
    lines = [f"Cảnh báo: {w}" for w in result.warnings]
    if not result.changes:
        return "\n".join([*lines, f"Không có gì thay đổi: {result.file} đã có đúng các giá trị này."])
    lines.append(f"Đã {'tạo' if result.created else 'cập nhật'} {result.file}:")
    lines += change_lines(result.changes, statuses or {})
    if result.git_path is not None:
        lines.append(commit_hint([result], names))
    return "\n".join(lines)


def change_lines(changes: Sequence[Written], statuses: dict[str, str], indent: str = "  ") -> list[str]:
    """One line per change, progress codes shown as their Vietnamese labels."""
    lines = []
    for c in changes:
        old, new = (statuses.get(v, v) if isinstance(v, str) else v for v in (c.old, c.new))
        line = f"{indent}{c.field}: {show_value(old)} → {shown_new(new)}"
        lines.append(line.replace("\n", "\n" + indent + "    "))  # a value's own lines stay under it
    return lines


def commit_hint(results: Sequence[Recorded], names: dict[str, str] | None = None) -> str:
    """The git commands that keep what was recorded, with a commit message in the words of the people
    who keep the data ("Thêm báo cáo năm 2025 của Sở Du lịch"); `names`: agency id -> name."""
    paths = " ".join(shlex.quote(r.git_path or r.file) for r in results)
    if len(results) == 1:
        year, stem = results[0].file.rsplit("/", 2)[-2:]
        agency = stem.removesuffix(".yaml")
        verb = "Thêm" if results[0].created else "Cập nhật"
        whose = "tổng hợp" if agency == "consolidated" else f"của {(names or {}).get(agency, agency)}"
        message = f"{verb} báo cáo năm {year} {whose}"
    else:
        years = sorted({r.file.rsplit("/", 2)[-2] for r in results})
        message = f"Nhập {len(results)} báo cáo năm {', '.join(years)}"
    return (
        f'Thay đổi chưa được lưu vào lịch sử (git); hãy chạy:\n  git add {paths}\n  git commit -m "{message}"'
    )


def import_summary(results: list[Imported], statuses: dict[str, str] | None = None) -> str:
    """What the import did, form by form (what changed, or why nothing did), then in total."""
    lines = []
    for item in results:
        who = f" ({item.agency})" if item.agency else ""
        if item.problems:
            lines.append(f"{item.file}{who}: không ghi gì — {len(item.problems)} lỗi:")
            for problem in item.problems:
                first, *rest = problem.splitlines()
                where = f"{item.file}: " if _LOCATED.match(first) else ""
                lines.append(f"  {where}{first}")
                lines += [f"    {line.strip()}" for line in rest]
        elif item.recorded is not None and item.recorded.changes:
            verb = "tạo" if item.recorded.created else "cập nhật"
            lines.append(
                f"{item.file}{who}: {verb} {item.recorded.file} ({len(item.recorded.changes)} thay đổi)"
            )
            lines += [f"  Cảnh báo: {w}" for w in item.recorded.warnings]
            lines += change_lines(item.recorded.changes, statuses or {})
        else:
            lines.append(f"{item.file}{who}: không có gì thay đổi")
    ok = sum(not item.problems for item in results)
    lines.append(
        f"Đã đọc {len(results)} biểu mẫu: {ok} nhận, {len(results) - ok} có lỗi (không ghi gì từ chúng)."
    )
    return "\n".join(lines)

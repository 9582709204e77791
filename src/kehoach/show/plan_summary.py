"""What `kehoach plan import` says: where the plan went, which name became which agency and why, and
what the document left for a person to check."""

from __future__ import annotations

from kehoach.answer.plan_import import PlanImport
from kehoach.escape import visible


def plan_import_summary(done: PlanImport) -> str:
    verb = "Sẽ ghi" if not done.written else ("Đã thay" if done.replaced else "Đã ghi")
    lines = [
        f"{verb} kế hoạch «{done.plan_id}» vào {done.folder}/: "
        f"{done.sectors} lĩnh vực, {done.tasks} nhiệm vụ.",
        "",
        "Tên cơ quan trong văn bản → mã trong danh mục:",
    ]
    seen: set[tuple[str, str]] = set()
    for decision in done.decisions:
        key = (decision.written, decision.agency)
        if key in seen:
            continue
        seen.add(key)
        places = list(dict.fromkeys(d.where for d in done.decisions if (d.written, d.agency) == key))
        where = places[0] + (f" và {len(places) - 1} chỗ khác" if len(places) > 1 else "")
        lines.append(f"  «{visible(decision.written)}» → {decision.agency} ({decision.how}; {where})")
    if done.notes:
        lines += ["", "Cần biết:"] + [f"  - {visible(note)}" for note in done.notes]
    if not done.written:
        lines += ["", "(--dry-run: chưa ghi gì.)"]
    else:
        lines += [
            "",
            "Tiếp theo: kehoach validate; kehoach diff để xem thay đổi; "
            f"git add {done.folder} && git commit.",
        ]
    return "\n".join(lines)

"""The register: one roster and the plans of one data folder, by id.

A data folder in the one-plan layout (plan/plan.yaml, plan/tasks.yaml) is a register of one plan,
whose id is "plan"; one in the register layout holds plan/plans/<id>/ for each plan. The loader
(check/cache.py) reads only the plans a question needs; `ids` still names every plan there is.
"""

from __future__ import annotations

import datetime as dt

from kehoach.errors import UsageError
from kehoach.tuples import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

    from kehoach.files.layout import PlanFiles
    from kehoach.model.views import Agency, Plan


class Register:
    """The plans read from a data folder, in id order, and the ids of all of them."""

    def __init__(self, root: str, plans: dict[str, Plan], ids: list[str], *, register: bool) -> None:
        self.root = root  # the data folder
        self.plans = dict(sorted(plans.items()))
        self.ids = list(ids)
        self.is_register = register  # the register layout (plan/plans/), even when it holds one plan

    @property
    def agencies(self) -> dict[str, Agency]:
        """The roster, shared by every plan."""
        return next(iter(self.plans.values())).agencies if self.plans else {}

    def plan(self, plan_id: str) -> Plan:
        """The plan with id `plan_id` (it must have been read)."""
        if plan_id not in self.plans:
            raise UsageError(unknown_plan(plan_id, self.ids))
        return self.plans[plan_id]

    def in_force(self, on: dt.date) -> list[Plan]:
        """The plans in force on `on`."""
        return [plan for plan in self.plans.values() if plan.info.in_force(on)]


def check_wanted(ids: list[str], wanted: Iterable[str]) -> list[str]:
    """`wanted` plan ids, each one of `ids` (UsageError naming the closest otherwise), in order, once."""
    chosen: list[str] = []
    for plan_id in wanted:
        if plan_id not in ids:
            raise UsageError(unknown_plan(plan_id, ids))
        if plan_id not in chosen:
            chosen.append(plan_id)
    return chosen


def unknown_plan(plan_id: str, ids: list[str]) -> str:
    import difflib

    close = difflib.get_close_matches(plan_id, ids, n=1, cutoff=0.5)
    hint = f" Có phải ý bạn là «{close[0]}»?" if close else ""
    listed = ", ".join(ids[:10]) + (" …" if len(ids) > 10 else "")
    return f"Không có kế hoạch «{plan_id}» trong dữ liệu.{hint} Các kế hoạch: {listed} (xem `kehoach plans`)."


def choose_message(ids: list[str], what: str = "câu hỏi này", hint: str = "--plan MÃ") -> str:
    listed = ", ".join(ids[:10]) + (" …" if len(ids) > 10 else "")
    return (
        f"Dữ liệu có {len(ids)} kế hoạch; {what} cần chọn một kế hoạch bằng {hint} "
        f"(các kế hoạch: {listed}; xem `kehoach plans`)."
    )


def plan_files(root: str, plan_id: str | None = None) -> PlanFiles:
    """Where the files of plan `plan_id` are under data folder `root`; without an id, those of its only
    plan. UsageError for an unknown id, or for no id when there are several plans."""
    from kehoach.files.layout import ONE_PLAN, in_register, one_plan, plan_folders

    ids = plan_folders(root)
    if ids is None:
        if plan_id not in (None, ONE_PLAN):
            raise UsageError(unknown_plan(plan_id or "", [ONE_PLAN]))
        return one_plan()
    if plan_id is None:
        if len(ids) != 1:
            raise UsageError(choose_message(ids))
        plan_id = ids[0]
    return in_register(check_wanted(ids, [plan_id])[0])

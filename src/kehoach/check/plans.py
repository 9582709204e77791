"""References between the plans of a register are to plans and tasks that exist.

A plan names another plan of the register where it is replaced (`replaced_by`), where it implements
one (`based_on[].plan`), and a task names tasks of other plans as PLAN#N (`related`). These are
checked when the whole data folder is validated (`kehoach validate`), which knows every plan; a query
reads only the plans it asks about and leaves them to that run.
"""

from __future__ import annotations

from collections.abc import Iterator

from kehoach.check.common import PLAN, TASKS, suggest
from kehoach.model.load import Loaded
from kehoach.model.schema import PlanInfo, TaskList
from kehoach.problems import Problem, Severity

NAME = "plans"
CODES: dict[str, tuple[Severity, str]] = {
    "unknown-plan": ("error", "mã kế hoạch không có trong sổ"),
    "unknown-task-ref": ("error", "tham chiếu PLAN#N tới nhiệm vụ không có"),
}


def run(loaded: Loaded) -> Iterator[Problem]:
    """Every plan id and PLAN#N this plan writes is in the register (and is not itself)."""
    register = loaded.register
    if register is None:
        return
    own = loaded.plan_id or ""
    others = set(register) - {own}
    info = loaded.checkable.get(PLAN)
    if isinstance(info, PlanInfo):
        if info.replaced_by is not None and info.replaced_by not in others:
            yield _unknown_plan(info.replaced_by, others, ("replaced_by",))
        for i, ref in enumerate(info.based_on):
            if ref.plan is not None and ref.plan not in others:
                yield _unknown_plan(ref.plan, others, ("based_on", i, "plan"))
    tasks = loaded.checkable.get(TASKS)
    if isinstance(tasks, TaskList):
        for i, task in loaded.items(TASKS, "tasks", tasks.tasks):
            for j, ref in enumerate(task.related):
                plan_id, number = ref.rsplit("#", 1)
                path = ("tasks", i, "related", j)
                if plan_id not in others:
                    yield _unknown_plan(plan_id, others, path, TASKS, ref)
                elif int(number) not in register[plan_id]:
                    yield Problem(
                        "unknown-task-ref",
                        TASKS,
                        f"«{ref}»: kế hoạch {plan_id} không có nhiệm vụ {number}; hãy sửa số nhiệm vụ "
                        f"(xem `kehoach tasks --plan {plan_id}`)",
                        path,
                    )


def _unknown_plan(
    plan_id: str, others: set[str], path: tuple[str | int, ...], file: str = PLAN, ref: str | None = None
) -> Problem:
    where = f"«{ref}»: " if ref else ""
    hint = suggest(plan_id, others) if others else ""
    return Problem(
        "unknown-plan",
        file,
        f"{where}mã kế hoạch «{plan_id}» không có trong sổ kế hoạch (plan/plans/){hint}; hãy dùng tên "
        "thư mục của một kế hoạch khác trong sổ (xem `kehoach plans`)",
        path,
    )

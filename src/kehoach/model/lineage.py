"""Who exists on a date, who carries a former agency's work, and who is in a group.

Everything here is decided by the roster's data (validity dates, successors,
group members), never by names in code.
"""

from __future__ import annotations

import datetime as dt

from kehoach.model.views import Agency, Assignment, Duty, Plan, Successor, Task
from kehoach.tuples import NamedTuple


class Carrier(NamedTuple):
    """An agency that carries another's work on a date, and the events in between."""

    agency: Agency
    chain: tuple[Successor, ...] = ()  # empty: the agency itself


def carriers(plan: Plan, agency_id: str, on: dt.date) -> list[Carrier]:
    """Who carries `agency_id`'s work on `on`: itself while in force, else its successors.

    Empty when the agency has ended without a successor in force, or does not
    exist yet on `on`. Remembered per plan and date: queries ask it for every
    assignment of every task.
    """
    key = ("carriers", agency_id, on)
    if key not in plan.shared:
        plan.shared[key] = _carriers(plan, agency_id, on)
    return plan.shared[key]  # type: ignore[no-any-return]


def _carriers(plan: Plan, agency_id: str, on: dt.date) -> list[Carrier]:
    found: list[Carrier] = []
    seen: set[str] = set()

    def walk(current: str, chain: tuple[Successor, ...]) -> None:
        if current in seen or current not in plan.agencies:
            return
        seen.add(current)
        agency = plan.agencies[current]
        if agency.in_force(on):
            found.append(Carrier(agency, chain))
            return
        for successor in agency.successors:
            if successor.effective <= on:
                walk(successor.agency, (*chain, successor))

    walk(agency_id, ())
    return found


def predecessors(plan: Plan, agency_id: str, on: dt.date) -> list[Carrier]:
    """The former agencies whose work `agency_id` carries on `on` (each with its chain), in roster order.

    Only `agency_id`'s ancestors in the succession graph are looked at (an index of the
    roster built once per plan), so asking it of every agency stays linear in the roster."""
    ancestors: set[str] = set()
    stack = [agency_id]
    while stack:
        for other, _ in succeeded_by(plan, stack.pop()):
            if other.id not in ancestors and other.id != agency_id:
                ancestors.add(other.id)
                stack.append(other.id)
    rank = _roster_rank(plan)
    found = []
    for other_id in sorted(ancestors, key=rank.__getitem__):
        for carrier in carriers(plan, other_id, on):
            if carrier.agency.id == agency_id and carrier.chain:
                found.append(Carrier(plan.agencies[other_id], carrier.chain))
    return found


def succeeded_by(plan: Plan, agency_id: str) -> list[tuple[Agency, Successor]]:
    """The agencies whose successors name `agency_id`, each with that step, in roster order."""
    index = plan.shared.get(("succeeded-by",))
    if index is None:
        index = {}
        for other in plan.agencies.values():
            for step in other.successors:
                index.setdefault(step.agency, []).append((other, step))
        plan.shared[("succeeded-by",)] = index
    return index.get(agency_id, [])  # type: ignore[no-any-return]


def _roster_rank(plan: Plan) -> dict[str, int]:
    rank = plan.shared.get(("roster-rank",))
    if rank is None:
        rank = plan.shared[("roster-rank",)] = {agency_id: i for i, agency_id in enumerate(plan.agencies)}
    return rank


def members(plan: Plan, group: Agency, on: dt.date) -> list[Agency]:
    """The agencies of `group` that exist on `on` (groups themselves are not members)."""
    key = ("members", group.id, on)
    if key not in plan.shared:
        found = []
        if group.members is not None:
            ids, kinds = set(group.members.agencies), set(group.members.kinds)
            found = [
                agency
                for agency in plan.agencies.values()
                if not agency.is_group and (agency.id in ids or agency.kind in kinds) and agency.in_force(on)
            ]
        plan.shared[key] = found
        plan.shared[("member-ids", group.id, on)] = frozenset(a.id for a in found)
    return plan.shared[key]  # type: ignore[no-any-return]


def is_member(plan: Plan, agency_id: str, group: Agency, on: dt.date) -> bool:
    members(plan, group, on)
    return agency_id in plan.shared[("member-ids", group.id, on)]


def selects(plan: Plan, chosen: Agency, agency_id: str, on: dt.date) -> bool:
    """Whether asking about `chosen` covers `agency_id`: the agency itself, or a member of the group."""
    return agency_id == chosen.id or (chosen.is_group and is_member(plan, agency_id, chosen, on))


def lead_agencies(plan: Plan, task: Task | Duty, on: dt.date) -> list[tuple[Agency, str | None]]:
    """The agencies that lead `task` on `on` (after lineage, groups expanded), each with its scope."""
    return assigned_agencies(plan, task.lead, on)


def assigned_agencies(
    plan: Plan, assignments: tuple[Assignment, ...], on: dt.date
) -> list[tuple[Agency, str | None]]:
    """The agencies that carry `assignments` on `on` (after lineage, groups expanded), with each scope."""
    found: list[tuple[Agency, str | None]] = []
    seen: set[str] = set()
    for assignment in assignments:
        for carrier in carriers(plan, assignment.agency, on):
            group = carrier.agency
            for agency in members(plan, group, on) if group.is_group else [group]:
                if agency.id not in seen:
                    seen.add(agency.id)
                    found.append((agency, assignment.scope))
    return found


def with_roles(plan: Plan, on: dt.date) -> set[str]:
    """Every agency that carries an assignment of a task or duty on `on` (named, inherited or in a group).

    Remembered per plan and date: who must report and which groups go untracked both ask it.
    """
    key = ("with-roles", on)
    if key not in plan.memo:
        plan.memo[key] = _with_roles(plan, on)
    return plan.memo[key]  # type: ignore[no-any-return]


def _with_roles(plan: Plan, on: dt.date) -> set[str]:
    found: set[str] = set()
    items: list[Task | Duty] = [*plan.tasks.values(), *plan.duties]
    for item in items:
        for assignment in (*item.lead, *item.coordinators):
            if assignment.agency in plan.agencies and plan.agencies[assignment.agency].in_force(on):
                found.add(assignment.agency)
            for carrier in carriers(plan, assignment.agency, on):
                found.add(carrier.agency.id)
                if carrier.agency.is_group:
                    found.update(a.id for a in members(plan, carrier.agency, on))
    return found


def groups_of(plan: Plan, agency: Agency, on: dt.date) -> list[Agency]:
    """The groups in force on `on` that `agency` belongs to."""
    return [
        group
        for group in plan.agencies.values()
        if group.is_group and group.in_force(on) and is_member(plan, agency.id, group, on)
    ]


def focal_agency(plan: Plan, on: dt.date) -> Agency | None:
    """The focal agency (cơ quan đầu mối) in force on `on`, after lineage."""
    found = carriers(plan, plan.reporting.focal_agency, on)
    return found[0].agency if found else None

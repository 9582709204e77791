"""Roles: which role an agency has on a task or duty on a date, and how it reaches it.

An agency has a role on an item when the plan names it (direct), names a group
it belongs to on the date (via the group), or names an agency whose work it
carries on the date (via the predecessor). Beside lineage.py, whose answers
(carriers, members) these are built from.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from kehoach.model.lineage import carriers, is_member, members
from kehoach.model.views import Agency, Duty, LegalBasis, Plan, Task
from kehoach.tuples import Generic, NamedTuple, TypeVar

ROLES = ("lead", "coordinator")


class Via(NamedTuple):
    """How a role reaches an agency that the plan does not name itself."""

    kind: str  # group | predecessor
    agency: Agency  # the group, or the former agency, as the plan named it
    effective: dt.date | None = None  # when the work passed on (inherited)
    basis: LegalBasis | None = None
    group: Agency | None = None  # the group that carries it today, when not the one the plan named


Item = TypeVar("Item", Task, Duty)


class Role(NamedTuple, Generic[Item]):
    item: Item
    role: str  # lead | coordinator
    scope: str | None
    via: Via | None


def link(plan: Plan, named: Agency, target: Agency, on: dt.date) -> tuple[bool, Via | None]:
    """Whether `target` carries an assignment the plan gave `named`, on `on`, and how."""
    if named.id == target.id:
        return True, None
    if not target.is_group:
        reach = _reach(plan, named, on)
        return (True, reach[target.id]) if target.id in reach else (False, None)
    for carrier, inherited, through in _carried(plan, named, on):
        if carrier.id == target.id:
            return True, inherited
        if carrier.is_group and _in_group(plan, target, carrier, on):
            return True, through
    return False, None


def _carried(plan: Plan, named: Agency, on: dt.date) -> list[tuple[Agency, Via, Via]]:
    """Who carries `named`'s assignments on `on`, with the way it reaches that carrier (as a successor)
    and the way it reaches the carrier's members (through the group)."""
    out = []
    for carrier in carriers(plan, named.id, on):
        first = carrier.chain[0] if carrier.chain else None
        effective, basis = (first.effective, plan.bases.get(first.basis)) if first else (None, None)
        inherited = Via("predecessor", named, effective, basis)
        through = Via("group", named, effective, basis, carrier.agency if first else None)
        out.append((carrier.agency, inherited, through))
    return out


def _reach(plan: Plan, named: Agency, on: dt.date) -> dict[str, Via]:
    """Every agency (not a group) other than `named` that carries `named`'s assignments on `on`, and how;
    the first carrier wins, as in `link`. Remembered per plan and date: `roles_of` asks it for every
    assignment of every task, for every agency of the roster."""
    key = ("reach", named.id, on)
    if key not in plan.shared:
        reach: dict[str, Via] = {}
        for carrier, inherited, through in _carried(plan, named, on):
            if carrier.is_group:
                for agency in members(plan, carrier, on):
                    reach.setdefault(agency.id, through)
            elif carrier.id != named.id:
                reach.setdefault(carrier.id, inherited)
        plan.shared[key] = reach
    return plan.shared[key]  # type: ignore[no-any-return]


def _in_group(plan: Plan, target: Agency, group: Agency, on: dt.date) -> bool:
    """Whether `target` is in `group` on `on`; a group is when every one of its members is."""
    if not target.is_group:
        return is_member(plan, target.id, group, on)
    inside = members(plan, target, on)
    return bool(inside) and target.id != group.id and all(is_member(plan, a.id, group, on) for a in inside)


def roles_of(plan: Plan, target: Agency, on: dt.date, items: Iterable[Item]) -> list[Role[Item]]:
    """`target`'s role on each item, the strongest one when it has several.

    Lead beats coordinator (a lead is not also listed as coordinating through a
    group); within a role, named directly beats inherited beats through a group.
    Asked again on the same items and date (the site and the forms ask for every
    agency), the answer comes from an index of every agency's roles, built once.
    """
    items = tuple(items)
    key = ("roles", on, tuple(map(id, items)))
    held = plan.memo.get(key)  # (the items, kept so that their ids stay theirs; the index once built)
    if held is None or target.is_group:
        plan.memo.setdefault(key, (items, None))  # one query: the direct way costs less than the index
    else:
        index = held[1]
        if index is None:
            index = _role_index(plan, on, items)
            plan.memo[key] = (items, index)
        slot = index.get(target.id, {})
        return [slot[i][1] for i in sorted(slot)]
    found = []
    for item in items:
        best: tuple[int, int, Role[Item]] | None = None
        for role, assignments in (("lead", item.lead), ("coordinator", item.coordinators)):
            for assignment in assignments:
                named = plan.agencies[assignment.agency]
                ok, via = link(plan, named, target, on)
                if not ok:
                    continue
                rank: tuple[int, int] = (
                    ROLES.index(role),
                    0 if via is None else 1 if via.kind == "predecessor" else 2,
                )
                if best is None or rank < best[:2]:
                    best = (*rank, Role(item, role, assignment.scope, via))
        if best is not None:
            found.append(best[2])
    return found


def _role_index(
    plan: Plan, on: dt.date, items: tuple[Item, ...]
) -> dict[str, dict[int, tuple[tuple[int, int], Role[Item]]]]:
    """agency id → {position of the item: (rank, its strongest role)} for every agency that is not a group;
    the same choice as `link` for each assignment, and the first of equal ranks, as in `roles_of`."""
    index: dict[str, dict[int, tuple[tuple[int, int], Role[Item]]]] = {}
    for position, item in enumerate(items):
        for order, (role, assignments) in enumerate(
            (("lead", item.lead), ("coordinator", item.coordinators))
        ):
            for assignment in assignments:
                named: Agency = plan.agencies[assignment.agency]
                ways: list[tuple[str, Via | None]] = [(named.id, None), *_reach(plan, named, on).items()]
                for agency_id, via in ways:
                    rank = (order, 0 if via is None else 1 if via.kind == "predecessor" else 2)
                    slot = index.setdefault(agency_id, {})
                    held = slot.get(position)
                    if held is None or rank < held[0]:
                        slot[position] = (rank, Role(item, role, assignment.scope, via))
    return index


def all_roles(plan: Plan, on: dt.date, items: Iterable[Item]) -> dict[str, list[Role[Item]]]:
    """Every agency's (not a group's) strongest role on each of `items` on `on`, as `roles_of` gives it
    for one agency: agency id -> roles, in the order of the items. One pass over the assignments."""
    index = _role_index(plan, on, tuple(items))
    return {agency_id: [slot[i][1] for i in sorted(slot)] for agency_id, slot in index.items()}

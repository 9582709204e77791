"""Who does what: groups, inheritance around 01/03/2025 and 01/07/2025, duties."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from conftest import DATA
from kehoach.answer import queries
from kehoach.check.cache import load_plan
from kehoach.errors import UsageError
from kehoach.model.lineage import carriers, focal_agency, members
from kehoach.model.resolve import resolve_agency
from kehoach.model.roles import roles_of

PLAN = load_plan(DATA)
BEFORE = dt.date(2025, 2, 28)
MERGED = dt.date(2025, 3, 1)
COMMUNES = dt.date(2025, 7, 1)


def roles(agency_id: str, on: dt.date) -> dict[int, tuple[str, str | None, str | None]]:
    """task -> (role, via kind, via agency) for `agency_id` on `on`."""
    found = roles_of(PLAN, PLAN.agencies[agency_id], on, PLAN.tasks.values())
    return {
        r.item.id: (r.role, r.via.kind if r.via else None, r.via.agency.id if r.via else None) for r in found
    }


def test_department_through_groups_and_directly() -> None:
    assert roles("so-du-lich", dt.date(2024, 10, 1)) == {
        1: ("lead", "group", "cac-so-ban-nganh-va-don-vi-lien-quan"),
        2: ("coordinator", "group", "cac-so-nganh"),
        3: ("coordinator", "group", "cac-so-nganh"),
        5: ("coordinator", "group", "cac-so-nganh"),
        12: ("lead", None, None),
        14: ("lead", None, None),
        17: ("lead", None, None),
    }


def test_a_lead_is_not_also_a_coordinator_through_a_group() -> None:
    found = roles("so-ke-hoach-va-dau-tu", dt.date(2024, 10, 1))
    assert found[2] == ("lead", None, None)  # also a department among "Các Sở, ngành" coordinating task 2
    assert found[3] == ("lead", None, None)


def test_district_through_the_district_group_until_july_2025() -> None:
    found = roles("ubnd-quan-ba-dinh", dt.date(2025, 6, 30))
    assert found[10] == ("coordinator", "group", "ubnd-cac-quan-huyen-thi-xa")
    assert found[1] == ("lead", "group", "cac-so-ban-nganh-va-don-vi-lien-quan")
    assert 4 not in found
    assert roles("ubnd-quan-ba-dinh", COMMUNES) == {}


def test_inheritance_starts_on_the_effective_date() -> None:
    assert roles("so-tai-chinh", BEFORE) == {
        1: ("lead", "group", "cac-so-ban-nganh-va-don-vi-lien-quan"),
        2: ("coordinator", "group", "cac-so-nganh"),
        3: ("coordinator", "group", "cac-so-nganh"),
        4: ("lead", None, None),
        5: ("coordinator", "group", "cac-so-nganh"),
    }
    after = roles("so-tai-chinh", MERGED)
    assert after[2] == ("lead", "predecessor", "so-ke-hoach-va-dau-tu")
    assert after[9] == ("coordinator", "predecessor", "so-ke-hoach-va-dau-tu")
    assert after[18] == ("coordinator", "predecessor", "so-ke-hoach-va-dau-tu")
    assert roles("so-xay-dung", MERGED)[7] == ("lead", "predecessor", "so-giao-thong-van-tai")
    merged = roles("so-nong-nghiep-va-moi-truong", MERGED)
    assert merged[8] == ("lead", "predecessor", "so-tai-nguyen-va-moi-truong")
    assert merged[18] == ("lead", "predecessor", "so-nong-nghiep-va-phat-trien-nong-thon")
    assert roles("so-nong-nghiep-va-moi-truong", BEFORE) == {}


def test_scope_is_kept_on_an_inherited_role() -> None:
    found = roles_of(PLAN, PLAN.agencies["so-nong-nghiep-va-moi-truong"], MERGED, [PLAN.tasks[8]])
    assert found[0].scope == "công tác bảo vệ môi trường, ứng phó biến đổi khí hậu"


def test_commune_group_inherits_the_district_group() -> None:
    found = roles("ubnd-cac-xa-phuong", COMMUNES)
    assert found[10] == ("coordinator", "predecessor", "ubnd-cac-quan-huyen-thi-xa")
    # every member is in the group that leads task 1, so the group is too
    assert found[1] == ("lead", "group", "cac-so-ban-nganh-va-don-vi-lien-quan")
    assert sorted(found) == [1, 2, 3, 5, 10, 11, 12, 13, 14, 18]


def test_a_commune_carries_everything_the_districts_had() -> None:
    district = roles("ubnd-quan-hoan-kiem", dt.date(2025, 6, 30))
    commune = roles("ubnd-phuong-hoan-kiem", COMMUNES)
    assert sorted(commune) == sorted(district) == [1, 2, 3, 5, 10, 11, 12, 13, 14, 18]
    assert commune[1] == ("lead", "group", "cac-so-ban-nganh-va-don-vi-lien-quan")
    assert commune[2] == ("coordinator", "group", "ubnd-cac-quan-huyen-thi-xa")
    who = queries.Subject(PLAN.agencies["ubnd-phuong-hoan-kiem"], COMMUNES)
    listing = queries.agency_tasks_listing(PLAN, queries.agency_tasks(PLAN, who))
    assert listing.rows[1]["via"] == "Qua nhóm UBND cấp xã, kế thừa UBND cấp huyện (01/07/2025)"
    duties = [(r["section"], r["due"]) for r in listing.sections[0].rows]
    assert duties.count(("III.2", "Trước 15/9 hằng năm, gửi Sở Tài chính (cơ quan đầu mối)")) == 1
    assert len(duties) == 4
    assert roles("ubnd-phuong-hoan-kiem", dt.date(2025, 6, 30)) == {}


def test_group_members_by_kind_and_date() -> None:
    departments = PLAN.agencies["cac-so-nganh"]
    assert len(members(PLAN, departments, BEFORE)) == 21
    assert len(members(PLAN, departments, MERGED)) == 15
    assert len(members(PLAN, PLAN.agencies["ubnd-cac-quan-huyen-thi-xa"], BEFORE)) == 30
    assert len(members(PLAN, PLAN.agencies["ubnd-cac-xa-phuong"], COMMUNES)) == 126
    related = PLAN.agencies["cac-so-ban-nganh-va-don-vi-lien-quan"]
    assert len(members(PLAN, related, BEFORE)) == 21 + 1 + 30  # the centre, the districts
    assert len(members(PLAN, related, COMMUNES)) == 15 + 2 + 126  # the board and the centre, the communes


def test_focal_agency_by_date() -> None:
    before, merged = focal_agency(PLAN, BEFORE), focal_agency(PLAN, MERGED)
    assert before is not None and before.id == "so-ke-hoach-va-dau-tu"
    assert merged is not None and merged.id == "so-tai-chinh"


def test_carriers() -> None:
    assert [c.agency.id for c in carriers(PLAN, "so-giao-thong-van-tai", MERGED)] == ["so-xay-dung"]
    assert carriers(PLAN, "so-nong-nghiep-va-moi-truong", BEFORE) == []


def test_subject_follows_lineage_and_says_so() -> None:
    match = resolve_agency(PLAN, "Sở Kế hoạch và Đầu tư")
    who = queries.subject(PLAN, match, dt.date(2026, 1, 1), "Sở Kế hoạch và Đầu tư")
    assert who.agency.id == "so-tai-chinh"
    assert who.notes == (
        "Sở Kế hoạch và Đầu tư hợp nhất vào Sở Tài chính từ 01/03/2025 (Nghị quyết của Hội đồng nhân dân "
        "thành phố Hà Nội khóa XVI, kỳ họp thứ 21 (chuyên đề) ngày 25/02/2025, số hiệu chưa xác nhận); "
        "kết quả dưới đây là của Sở Tài chính.",
    )
    same = queries.subject(PLAN, match, BEFORE, "Sở Kế hoạch và Đầu tư")
    assert (same.agency.id, same.notes) == ("so-ke-hoach-va-dau-tu", ())


def test_a_district_after_july_2025_answers_for_the_communes() -> None:
    who = queries.subject(PLAN, resolve_agency(PLAN, "quan ba dinh"), COMMUNES, "quan ba dinh")
    assert who.agency.id == "ubnd-cac-xa-phuong"
    assert "chuyển nhiệm vụ cho UBND các xã, phường từ 01/07/2025" in who.notes[0]
    assert who.notes[1].startswith("Cùng tên địa bàn, nay có UBND phường Ba Đình")  # issue 23


def test_not_yet_founded() -> None:
    match = resolve_agency(PLAN, "Sở Nông nghiệp và Môi trường")
    who = queries.subject(PLAN, match, BEFORE, "x")
    assert who.notes == (
        "Sở Nông nghiệp và Môi trường chỉ tồn tại từ 01/03/2025; vào ngày 28/02/2025 chưa có nhiệm vụ.",
    )


def test_standing_duties_for_the_focal_agency() -> None:
    who = queries.Subject(PLAN.agencies["so-tai-chinh"], dt.date(2026, 1, 1))
    rows = queries.duties_listing(PLAN, queries.agency_tasks(PLAN, who).duties, who.on).rows
    assert [(r["section"], r["role"], r["via"]) for r in rows] == [
        ("II.2", "Phối hợp", "Kế thừa Sở KH&ĐT (01/03/2025)"),
        ("III.2", "Chủ trì", "Qua nhóm Các đơn vị liên quan"),
        ("III.2", "Chủ trì", "Qua nhóm Các đơn vị liên quan"),
        ("III.2", "Chủ trì", "Qua nhóm Các đơn vị liên quan"),
        ("III.2", "Chủ trì", "Qua nhóm Các đơn vị liên quan"),
        ("III.3", "Chủ trì", "Trực tiếp"),
        ("III.4", "Chủ trì", "Kế thừa Sở KH&ĐT (01/03/2025)"),
    ]
    assert rows[4]["due"] == "Trước 15/9 hằng năm, gửi Sở Tài chính (cơ quan đầu mối)"
    assert rows[6]["due"] == "Trước 25/9 hằng năm, gửi UBND Thành phố Hà Nội"


def test_yearly_report_goes_to_the_focal_agency_in_force() -> None:
    who = queries.Subject(PLAN.agencies["so-du-lich"], BEFORE)
    due = [
        r["due"]
        for r in queries.duties_listing(PLAN, queries.agency_tasks(PLAN, who).duties, who.on).rows
        if r["due"]
    ]
    assert due == ["Trước 15/9 hằng năm, gửi Sở Kế hoạch và Đầu tư (cơ quan đầu mối)"]


def test_filters() -> None:
    who = queries.Subject(PLAN.agencies["so-du-lich"], dt.date(2026, 1, 1))
    assert [
        r["id"] for r in queries.agency_tasks_listing(PLAN, queries.agency_tasks(PLAN, who, direct=True)).rows
    ] == [12, 14, 17]
    assert [
        r["id"]
        for r in queries.agency_tasks_listing(PLAN, queries.agency_tasks(PLAN, who, role="coordinator")).rows
    ] == [2, 3, 5]
    assert [
        r["id"] for r in queries.agency_tasks_listing(PLAN, queries.agency_tasks(PLAN, who, sector="IV")).rows
    ] == [12, 14]
    finance = queries.Subject(PLAN.agencies["so-tai-chinh"], dt.date(2026, 1, 1))
    assert [
        r["id"]
        for r in queries.agency_tasks_listing(PLAN, queries.agency_tasks(PLAN, finance, direct=True)).rows
    ] == [
        2,
        3,
        4,
        9,
        18,
    ]


def test_bad_role_and_sector() -> None:
    assert queries.parse_role("chủ trì") == "lead"
    assert queries.parse_role("phoi hop") == "coordinator"
    with pytest.raises(UsageError):
        queries.parse_role("owner")
    assert queries.check_sector(PLAN, "iv") == "IV"
    with pytest.raises(UsageError, match="Không có lĩnh vực «VII»"):
        queries.check_sector(PLAN, "VII")


def test_matrix_follows_lineage() -> None:
    data = queries.matrix_listing(PLAN, dt.date(2026, 1, 1)).data
    by_id = {a["id"]: a["roles"] for a in data["agencies"]}
    lead, coordinator = {"role": "lead", "scoped": False}, {"role": "coordinator", "scoped": False}
    assert by_id["so-tai-chinh"] == {"2": lead, "3": lead, "4": lead, "9": coordinator, "18": coordinator}
    assert by_id["so-noi-vu"] == {"6": {"role": "lead", "scoped": True}}
    assert "so-ke-hoach-va-dau-tu" not in by_id
    written = {
        a["id"]: a["roles"] for a in queries.matrix_listing(PLAN, BEFORE, as_written=True).data["agencies"]
    }
    assert written["so-ke-hoach-va-dau-tu"] == {"2": lead, "3": lead, "9": coordinator, "18": coordinator}


def _roles_by_definition(agency_id: str, on: dt.date, items: list[Any]) -> list[tuple[Any, ...]]:
    """The roles as the module's docstring defines them, straight from the lineage (no index): the
    plan names the agency, or a group it is in on the date, or an agency whose work it carries."""
    found = []
    for item in items:
        best = None
        for order, (role, assignments) in enumerate(
            (("lead", item.lead), ("coordinator", item.coordinators))
        ):
            for assignment in assignments:
                way: tuple[int, str | None, str | None] | None = None
                if assignment.agency == agency_id:
                    way = (0, None, None)
                else:
                    for carrier in carriers(PLAN, assignment.agency, on):
                        group = carrier.agency if carrier.chain else None
                        if carrier.agency.id == agency_id:
                            way = (1, "predecessor", None)
                        elif carrier.agency.is_group and agency_id in {
                            a.id for a in members(PLAN, carrier.agency, on)
                        }:
                            way = (2, "group", group.id if group else None)
                        if way:
                            break
                if way and (best is None or (order, way[0]) < best[0]):
                    best = ((order, way[0]), (item_key(item), role, way[1], assignment.agency, way[2]))
        if best:
            found.append(best[1])
    return found


def item_key(item: object) -> object:
    return getattr(item, "id", None) or getattr(item, "section", None)


@pytest.mark.parametrize("on", [BEFORE, MERGED, COMMUNES, dt.date(2026, 9, 15)])
def test_every_agency_s_roles_follow_the_definition(on: dt.date) -> None:
    """The index `roles_of` reads (built once per plan and date) gives, for every agency of the roster that
    is not a group, on tasks and on duties, what the definition gives: same roles, same way, same order.
    The first agency asked on a date takes the direct way (`link`), the others the index: both are checked."""
    checked = 0
    for agency in PLAN.agencies.values():
        if agency.is_group:
            continue
        for items in (list(PLAN.tasks.values()), list(PLAN.duties)):
            got = [
                (
                    item_key(r.item),
                    r.role,
                    r.via.kind if r.via else None,
                    r.via.agency.id if r.via else agency.id,
                    r.via.group.id if r.via and r.via.group else None,
                )
                for r in roles_of(PLAN, agency, on, items)
            ]
            assert got == _roles_by_definition(agency.id, on, items), (agency.id, on)
            checked += len(got)
    assert checked > 500  # the comparison covered real roles, not empty lists

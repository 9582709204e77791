"""Invariants of the live plan in plan/: what any data pull request must keep true.

The transcription itself (texts verbatim, assignments as the plan wrote them) is checked on the
frozen copy in tests/data (test_transcription.py), so that rewording a task by pull request breaks
no test while the copy proves what was transcribed."""

from __future__ import annotations

import csv
import datetime as dt
import re

import pytest

from conftest import COMMUNES_CSV, ROOT, validated_plan
from kehoach.model.lineage import members
from kehoach.model.views import Agency, Plan


@pytest.fixture(scope="module")
def plan() -> Plan:
    return validated_plan(ROOT)


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_the_seeds_eighteen_tasks_in_their_sectors(plan: Plan) -> None:
    """The appendix's 18 tasks stay, each in its sector (a data pull request may add or reword)."""
    assert [sid for sid in ("I", "II", "III", "IV", "V", "VI") if sid in plan.sectors] == list(plan.sectors)[
        :6
    ]
    seed = {1: "I", 2: "II", 3: "II", 4: "II", 5: "II", 6: "III", 7: "III", 8: "III", 9: "IV", 10: "IV"}
    seed |= {11: "IV", 12: "IV", 13: "IV", 14: "IV", 15: "V", 16: "V", 17: "V", 18: "VI"}
    assert {t: plan.tasks[t].sector for t in seed if t in plan.tasks} == seed


def test_no_html_left(plan: Plan) -> None:
    for task in plan.tasks.values():
        assert not re.search(r"<[a-z/]", task.content)


def _in_force(plan: Plan, on: dt.date, *kinds: str) -> list[Agency]:
    return [a for a in plan.agencies.values() if a.kind in kinds and a.in_force(on)]


CITY_LEVEL = ("office", "inspectorate", "department")  # the specialised agencies (cơ quan chuyên môn)


def test_twenty_one_city_agencies_then_fifteen(plan: Plan) -> None:
    before = {a.name for a in _in_force(plan, dt.date(2025, 1, 1), *CITY_LEVEL)}
    after = {a.name for a in _in_force(plan, dt.date(2026, 1, 1), *CITY_LEVEL)}
    assert len(before) == 21
    assert len(after) == 15
    assert after == {
        "Sở Nội vụ",
        "Sở Tư pháp",
        "Sở Tài chính",
        "Sở Công Thương",
        "Sở Nông nghiệp và Môi trường",
        "Sở Xây dựng",
        "Sở Khoa học và Công nghệ",
        "Sở Văn hóa và Thể thao",
        "Sở Giáo dục và Đào tạo",
        "Sở Y tế",
        "Thanh tra Thành phố",
        "Văn phòng UBND Thành phố",
        "Sở Dân tộc và Tôn giáo",
        "Sở Du lịch",
        "Sở Quy hoạch - Kiến trúc",
    }
    assert before - after == {
        "Sở Kế hoạch và Đầu tư",
        "Sở Nông nghiệp và Phát triển nông thôn",
        "Sở Tài nguyên và Môi trường",
        "Sở Giao thông vận tải",
        "Sở Thông tin và Truyền thông",
        "Sở Lao động - Thương binh và Xã hội",
        "Sở Ngoại vụ",
        "Ban Dân tộc thành phố Hà Nội",
    }


def test_the_group_of_departments_is_every_specialised_agency(plan: Plan) -> None:
    group = plan.agencies["cac-so-nganh"]
    for on, count in ((dt.date(2025, 1, 1), 21), (dt.date(2026, 1, 1), 15)):
        assert len(members(plan, group, on)) == count
    assert group.members is not None and group.members.note  # the interpretation is written down


def test_thirty_districts_until_mid_2025(plan: Plan) -> None:
    districts = [a for a in plan.agencies.values() if a.kind == "district"]
    assert len(districts) == 30
    assert sum(a.name.startswith("UBND quận") for a in districts) == 12
    assert sum(a.name.startswith("UBND thị xã") for a in districts) == 1
    assert sum(a.name.startswith("UBND huyện") for a in districts) == 17
    assert all(a.valid_until == dt.date(2025, 6, 30) for a in districts)
    assert len(_in_force(plan, dt.date(2025, 6, 30), "district")) == 30
    assert _in_force(plan, dt.date(2025, 7, 1), "district") == []
    group = plan.agencies["ubnd-cac-quan-huyen-thi-xa"]
    assert group.members is not None and group.members.kinds == ("district",)
    assert [s.agency for s in group.successors] == ["ubnd-cac-xa-phuong"]
    assert all([s.agency for s in a.successors] == ["ubnd-cac-xa-phuong"] for a in districts)


def test_126_communes_from_mid_2025_as_the_resolution_writes_them(plan: Plan) -> None:
    assert _in_force(plan, dt.date(2025, 6, 30), "ward", "commune") == []
    communes = _in_force(plan, dt.date(2025, 7, 1), "ward", "commune")
    assert len(communes) == 126
    assert sum(a.kind == "ward" for a in communes) == 51
    assert sum(a.kind == "commune" for a in communes) == 75
    with COMMUNES_CSV.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    kinds = {"phường": "ward", "xã": "commune"}
    expected = [(kinds[r["kind"]], f"UBND {r['kind']} {r['name']}", r["gso_code"]) for r in rows]
    by_kind = sorted(expected, key=lambda e: list(kinds.values()).index(e[0]))  # phường first, CSV order
    assert [(a.kind, a.name, a.code) for a in communes] == by_kind
    assert all(a.valid_from == dt.date(2025, 7, 1) and a.basis == "nq-1656-2025-ubtvqh15" for a in communes)
    group = plan.agencies["ubnd-cac-xa-phuong"]
    assert len(members(plan, group, dt.date(2025, 7, 1))) == 126


def test_every_2025_change_has_lineage(plan: Plan) -> None:
    merged = {
        a.id: [(s.agency, s.event, s.effective, s.basis) for s in a.successors]
        for a in plan.agencies.values()
        if a.kind in CITY_LEVEL and a.successors
    }
    basis = "nq-hdnd-hn-2025-02-25"
    first = dt.date(2025, 3, 1)
    assert merged == {
        "so-ke-hoach-va-dau-tu": [("so-tai-chinh", "merge", first, basis)],
        "so-giao-thong-van-tai": [("so-xay-dung", "merge", first, basis)],
        "so-tai-nguyen-va-moi-truong": [("so-nong-nghiep-va-moi-truong", "merge", first, basis)],
        "so-nong-nghiep-va-phat-trien-nong-thon": [("so-nong-nghiep-va-moi-truong", "merge", first, basis)],
        "so-thong-tin-va-truyen-thong": [("so-khoa-hoc-va-cong-nghe", "merge", first, basis)],
        "so-lao-dong-thuong-binh-va-xa-hoi": [("so-noi-vu", "merge", first, basis)],
        "so-ngoai-vu": [("van-phong-ubnd-thanh-pho", "merge", first, basis)],
        "ban-dan-toc": [("so-dan-toc-va-ton-giao", "convert", first, basis)],
    }


def test_the_unconfirmed_number_is_never_a_fact(plan: Plan) -> None:
    basis = plan.bases["nq-hdnd-hn-2025-02-25"]
    assert basis.number is None and basis.dated == dt.date(2025, 2, 25)
    assert "06/NQ" not in basis.cite() and "chưa xác nhận" in basis.cite()
    text = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "plan").glob("*.yaml"))
    assert "06/NQ" not in text


def test_unconfirmed_facts_are_marked(plan: Plan) -> None:
    unsure = {a.id: a.unconfirmed_from for a in plan.agencies.values() if a.confidence == "unconfirmed"}
    assert unsure == {"trung-tam-xuc-tien": dt.date(2025, 3, 1), "thanh-tra-thanh-pho": dt.date(2025, 7, 1)}
    centre = plan.agencies["trung-tam-xuc-tien"]
    assert centre.in_force(dt.date(2026, 1, 1)) and not centre.unconfirmed_on(dt.date(2024, 12, 31))


def test_no_person_without_a_source(plan: Plan) -> None:
    """Contacts and counterparts only as a source publishes them; the plan's 2024 signer is in the
    signature of plan.yaml, never a contact of today."""
    contacts = [c for a in plan.agencies.values() for c in a.contacts]
    assert all(c.source for c in contacts)
    assert "Nguyễn Mạnh Quyền" not in [c.name for c in contacts]
    assert all(a.counterpart is None or a.counterpart.source for a in plan.agencies.values())


def test_duty_titles_are_the_plans_own_words(plan: Plan) -> None:
    """A standing duty's title is a label made of its text's words (nothing the plan does not say)."""
    titled = [d for d in plan.duties if d.title]
    assert titled, "the duties have titles for the tables"
    for duty in titled:
        said = set(re.findall(r"\w+", duty.text.casefold()))
        assert set(re.findall(r"\w+", duty.title.casefold())) <= said, duty.id

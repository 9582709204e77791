"""The real plan in plan/: transcribed faithfully from the seed and the references."""

from __future__ import annotations

import csv
import datetime as dt
import re

import pytest

from conftest import COMMUNES_CSV, ROOT, SEED
from kehoach.model.lineage import members
from kehoach.model.load import load
from kehoach.model.views import Agency, Plan


@pytest.fixture(scope="module")
def plan() -> Plan:
    loaded = load(ROOT)
    assert loaded.problems == []
    data = loaded.dump()
    assert data is not None
    return Plan(data)


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_six_sectors_eighteen_tasks(plan: Plan) -> None:
    assert list(plan.sectors) == ["I", "II", "III", "IV", "V", "VI"]
    assert list(plan.tasks) == list(range(1, 19))
    by_sector = {s: [t.id for t in plan.tasks.values() if t.sector == s] for s in plan.sectors}
    assert by_sector == {
        "I": [1],
        "II": [2, 3, 4, 5],
        "III": [6, 7, 8],
        "IV": [9, 10, 11, 12, 13, 14],
        "V": [15, 16, 17],
        "VI": [18],
    }


def test_texts_are_verbatim_from_the_seed(plan: Plan) -> None:
    seed = _flat(SEED.read_text(encoding="utf-8").replace("**", ""))  # bold markers of the conversion
    texts = [t.content for t in plan.tasks.values()] + [s.title for s in plan.sectors.values()]
    texts += list(plan.info.purposes) + [d.text for d in plan.duties if d.id != "leaders-contact-list"]
    texts += [plan.info.title, str(plan.info.signature.name)]
    for text in texts:
        assert _flat(text) in seed, text


def test_no_html_left(plan: Plan) -> None:
    for task in plan.tasks.values():
        assert not re.search(r"<[a-z/]", task.content)


def test_scopes_on_the_assignment_they_qualify(plan: Plan) -> None:
    assert [(a.agency, a.scope) for a in plan.tasks[6].lead] == [
        ("so-xay-dung", None),
        ("so-noi-vu", "mô hình chính quyền đô thị"),
    ]
    assert [(a.agency, a.scope) for a in plan.tasks[8].lead] == [
        ("so-xay-dung", None),
        ("so-tai-nguyen-va-moi-truong", "công tác bảo vệ môi trường, ứng phó biến đổi khí hậu"),
    ]


def test_assignments_as_the_plan_wrote_them(plan: Plan) -> None:
    lead = {t.id: [a.agency for a in t.lead] for t in plan.tasks.values()}
    coordinators = {t.id: [a.agency for a in t.coordinators] for t in plan.tasks.values()}
    assert lead[1] == ["cac-so-ban-nganh-va-don-vi-lien-quan"]
    assert lead[5] == ["trung-tam-xuc-tien"]
    assert lead[18] == ["so-nong-nghiep-va-phat-trien-nong-thon"]
    assert coordinators[14] == ["trung-tam-xuc-tien", "ubnd-cac-quan-huyen-thi-xa"]
    assert coordinators[18] == ["so-ke-hoach-va-dau-tu", "trung-tam-xuc-tien", "ubnd-cac-quan-huyen-thi-xa"]
    assert coordinators[9] == ["so-ke-hoach-va-dau-tu"]
    assert coordinators[17] == ["so-y-te"]
    assert [t for t, c in coordinators.items() if not c] == [1, 4, 6, 7, 8, 15, 16]


def test_blanks_stay_blank(plan: Plan) -> None:
    assert plan.info.number is None
    assert plan.info.dated is None
    assert plan.info.year == 2024
    based = {doc.number: doc for doc in plan.info.based_on}
    assert based["250-KH/TU"].dated == dt.date(2024, 7, 4)


def test_reporting_rules_are_data(plan: Plan) -> None:
    rules = plan.reporting
    assert rules.focal_agency == "so-ke-hoach-va-dau-tu"
    assert rules.agency_report.deadline(2025) == dt.date(2025, 9, 15)
    assert rules.consolidated_report.deadline(2025) == dt.date(2025, 9, 25)
    duties = {d.id: d for d in plan.duties}
    assert duties["yearly-report"].report == "agency_report"
    assert duties["focal-agency"].report == "consolidated_report"
    assert [a.agency for a in duties["budget"].lead] == ["so-tai-chinh"]
    assert [a.agency for a in duties["leaders-contact-list"].lead] == ["van-phong-ubnd-thanh-pho"]
    assert [a.agency for a in duties["leaders-contact-list"].coordinators] == ["so-ke-hoach-va-dau-tu"]


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


def test_no_invented_people_or_phones(plan: Plan) -> None:
    # the plan's 2024 signer is in plan.yaml's signature, never a contact of today
    assert [c for a in plan.agencies.values() for c in a.contacts] == []
    assert all(a.counterpart is None for a in plan.agencies.values())
    assert plan.info.signature.name == "Nguyễn Mạnh Quyền"

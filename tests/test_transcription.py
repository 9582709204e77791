"""The transcription of the seed, checked on the frozen copy of plan/ (tests/data/real).

The seed is read from ../shared/seed where CI has it, else from the copy in tests/data/reference:
this test never skips.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from conftest import DATA, SEED, validated_plan
from kehoach.model.views import Plan


@pytest.fixture(scope="module")
def plan() -> Plan:
    return validated_plan(DATA)


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_six_sectors_eighteen_tasks(plan: Plan) -> None:
    assert list(plan.sectors) == ["I", "II", "III", "IV", "V", "VI"]
    assert list(plan.tasks) == list(range(1, 19))


def test_no_html_left(plan: Plan) -> None:
    for task in plan.tasks.values():
        assert not re.search(r"<[a-z/]", task.content)


def test_texts_are_verbatim_from_the_seed(plan: Plan) -> None:
    seed = _flat(SEED.read_text(encoding="utf-8").replace("**", ""))  # bold markers of the conversion
    texts = [t.content for t in plan.tasks.values()] + [s.title for s in plan.sectors.values()]
    texts += list(plan.info.purposes) + [d.text for d in plan.duties if d.id != "leaders-contact-list"]
    texts += [plan.info.title, str(plan.info.signature.name)]
    for text in texts:
        assert _flat(text) in seed, text


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

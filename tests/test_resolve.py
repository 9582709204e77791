"""Agency names however they are typed; lists instead of guesses; suggestions."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import DATA
from kehoach.cache import load_plan
from kehoach.errors import UsageError
from kehoach.plan import Plan
from kehoach.resolve import resolve_agency

PLAN = load_plan(DATA)


@pytest.mark.parametrize(
    "typed",
    [
        "Sở Văn hóa và Thể thao",
        unicodedata.normalize("NFD", "Sở Văn hóa và Thể thao"),
        "Sở Văn hoá và Thể thao",
        "so van hoa va the thao",
        "SỞ VĂN HÓA VÀ THỂ THAO",
        "  Sở  Văn\u00a0hóa và Thể thao ",
        "Sở VH&TT",
        "so vh&tt",
        "VH&TT",
        "Sở Văn hóa - Thể thao",
        "so-van-hoa-va-the-thao",
    ],
)
def test_every_way_of_typing_finds_the_agency(typed: str) -> None:
    assert resolve_agency(PLAN, typed).agency.id == "so-van-hoa-va-the-thao"


def test_d_with_stroke() -> None:
    assert resolve_agency(PLAN, "so ke hoach va dau tu").agency.id == "so-ke-hoach-va-dau-tu"
    assert resolve_agency(PLAN, "Sở Kế hoạch và Ðầu tư").agency.id == "so-ke-hoach-va-dau-tu"  # Ð (eth)


def test_words_of_one_agency_find_it() -> None:
    match = resolve_agency(PLAN, "xuc tien")
    assert (match.agency.id, match.how) == ("trung-tam-xuc-tien", "words")


def test_several_matches_are_listed_not_guessed() -> None:
    with pytest.raises(UsageError) as info:
        resolve_agency(PLAN, "ban thuong vu", dt.date(2026, 1, 1))
    assert info.value.exit_code == 2
    assert info.value.message == (
        "«ban thuong vu» khớp với 2 cơ quan vào ngày 01/01/2026; hãy ghi rõ hơn:\n"
        "  - Ban Thường vụ Thành ủy Hà Nội\n"
        "  - Ban Thường vụ Thành ủy Thành phố Hồ Chí Minh"
    )


def test_unknown_name_suggests_up_to_three() -> None:
    with pytest.raises(UsageError) as info:
        resolve_agency(PLAN, "Sở Du lich va lu hanh")
    message = info.value.message
    assert message.startswith("Không tìm thấy cơ quan «Sở Du lich va lu hanh». Có phải ý bạn là: Sở Du lịch")
    assert message.endswith("?")


def test_nonsense_has_no_suggestion() -> None:
    with pytest.raises(UsageError) as info:
        resolve_agency(PLAN, "qqqq zzzz")
    assert info.value.message == "Không tìm thấy cơ quan «qqqq zzzz»."


def test_empty_name() -> None:
    with pytest.raises(UsageError):
        resolve_agency(PLAN, " \u200b ")


def _strip_marks(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


NAMES = [(agency.id, name) for agency in PLAN.agencies.values() for name in agency.names]


@settings(max_examples=300)
@given(
    st.sampled_from(NAMES),
    st.sampled_from(["NFC", "NFD", "strip", "upper", "lower"]),
    st.sampled_from(["", " ", "\u00a0", "  "]),
    st.booleans(),
)
def test_every_name_written_any_way_finds_its_agency(
    entry: tuple[str, str], form: str, padding: str, double_spaces: bool
) -> None:
    agency_id, name = entry
    text = {
        "NFC": name,
        "NFD": unicodedata.normalize("NFD", name),
        "strip": _strip_marks(name),
        "upper": name.upper(),
        "lower": name.lower(),
    }[form]
    if double_spaces:
        text = text.replace(" ", "  ")
    assert resolve_agency(PLAN, padding + text + padding).agency.id == agency_id


def test_fixture_plan_is_the_real_one() -> None:
    assert isinstance(PLAN, Plan) and len(PLAN.tasks) == 18

"""Agency names however they are typed; lists instead of guesses; suggestions."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import DATA
from kehoach.check.cache import load_plan
from kehoach.errors import UsageError
from kehoach.model.resolve import resolve_agency
from kehoach.model.views import Plan

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


# --- names as staff write them (whole roster, by date) --------------------------------

D2026 = dt.date(2026, 1, 1)


@pytest.mark.parametrize(
    ("typed", "on", "expected"),
    [
        ("Sở Du lịch Hà Nội", D2026, "so-du-lich"),
        ("Sở Y tế Hà Nội", D2026, "so-y-te"),
        ("Sở Du lịch thành phố Hà Nội", D2026, "so-du-lich"),
        ("Sở Du lịch TP. Hà Nội", D2026, "so-du-lich"),
        ("Sở Du lịch TP Hà Nội", D2026, "so-du-lich"),
        ("Sở Du lịch Thành phố", D2026, "so-du-lich"),
        ("Sở Công Thương", D2026, "so-cong-thuong"),
        ("Sở Tư pháp", D2026, "so-tu-phap"),
        ("Sở Khoa học và Công nghệ", D2026, "so-khoa-hoc-va-cong-nghe"),
        ("Sở Thông tin và Truyền thông", dt.date(2024, 10, 1), "so-thong-tin-va-truyen-thong"),
        ("TT Xúc tiến", D2026, "trung-tam-xuc-tien"),
        ("HPA", D2026, "trung-tam-xuc-tien"),
        ("Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch thành phố Hà Nội", D2026, "trung-tam-xuc-tien"),
        ("phường Hoàn Kiếm", D2026, "ubnd-phuong-hoan-kiem"),
        ("P. Hoàn Kiếm", D2026, "ubnd-phuong-hoan-kiem"),
        ("xã Ba Vì", D2026, "ubnd-xa-ba-vi"),
        ("X. Ba Vì", D2026, "ubnd-xa-ba-vi"),
        ("H. Ba Vì", D2026, "ubnd-huyen-ba-vi"),
        ("Q. Ba Đình", D2026, "ubnd-quan-ba-dinh"),
        ("quận Ba Đình", D2026, "ubnd-quan-ba-dinh"),
        ("TX. Sơn Tây", D2026, "ubnd-thi-xa-son-tay"),
        ("Ủy ban nhân dân phường Hoàn Kiếm", D2026, "ubnd-phuong-hoan-kiem"),
        ("Hoàn Kiếm", dt.date(2025, 6, 30), "ubnd-quan-hoan-kiem"),
        ("Hoàn Kiếm", dt.date(2025, 7, 1), "ubnd-phuong-hoan-kiem"),
        ("Ba Vì", dt.date(2024, 10, 1), "ubnd-huyen-ba-vi"),
        ("Ba Vì", D2026, "ubnd-xa-ba-vi"),
        ("Du lịch", D2026, "so-du-lich"),  # all of Sở Du lịch's distinctive words; a part of the Trung tâm's
        ("Sở Nông nghiệp", D2026, "so-nong-nghiep-va-moi-truong"),
        ("Sở Nông nghiệp", dt.date(2024, 10, 1), "so-nong-nghiep-va-phat-trien-nong-thon"),
        ("Ban Dân tộc", dt.date(2024, 10, 1), "ban-dan-toc"),
    ],
)
def test_names_as_staff_write_them(typed: str, on: dt.date, expected: str) -> None:
    assert resolve_agency(PLAN, typed, on).agency.id == expected


def test_a_reused_name_is_chosen_by_date_and_said_so() -> None:
    match = resolve_agency(PLAN, "Hoàn Kiếm", dt.date(2025, 7, 1))
    assert match.how == "date"


@pytest.mark.parametrize(
    ("typed", "suggested"),
    [
        ("So Cong Thuog", "Sở Công Thương"),  # a typo
        ("Sở Du lcih", "Sở Du lịch"),
        ("Sở Du lich va lu hanh", "Sở Du lịch"),  # every distinctive word of Sở Du lịch is in it
    ],
)
def test_suggestions_are_near_spellings(typed: str, suggested: str) -> None:
    with pytest.raises(UsageError) as info:
        resolve_agency(PLAN, typed, D2026)
    assert f"Có phải ý bạn là: {suggested}" in info.value.message


@pytest.mark.parametrize("typed", ["Sở Ngoại giao", "Sở Công an Hà Nội", "UBND quận Hoàn Mai"])
def test_no_unrelated_suggestion(typed: str) -> None:
    """Sharing "Sở", "UBND", "quận" or "Hà Nội" with a name is no reason to suggest it."""
    with pytest.raises(UsageError) as info:
        resolve_agency(PLAN, typed, D2026)
    message = info.value.message
    assert "Sở Tài chính" not in message and "UBND Thành phố" not in message
    if "Có phải" in message:
        assert "Hoàng Mai" in message  # the one near spelling


AGENCIES = [a for a in PLAN.agencies.values() if a.city == "hanoi"]


def _a_day_in_force(agency_id: str) -> dt.date:
    agency = PLAN.agencies[agency_id]
    return agency.valid_until or agency.valid_from or D2026


@settings(max_examples=400)
@given(
    st.sampled_from([a.id for a in PLAN.agencies.values()]),
    st.sampled_from(["name", "short", "bare", "bare-short"]),
    st.sampled_from(["", " Hà Nội", " thành phố Hà Nội", " TP. Hà Nội", " TP Hà Nội", " ha noi"]),
)
def test_every_agency_by_its_names_and_the_ha_noi_suffix(agency_id: str, form: str, suffix: str) -> None:
    """Over the whole roster: the name, the short name, both without diacritics, each with or without a
    trailing "Hà Nội", finds the agency on a date when it exists."""
    agency = PLAN.agencies[agency_id]
    short = agency.short_name or agency.name
    text = {
        "name": agency.name,
        "short": short,
        "bare": _strip_marks(agency.name),
        "bare-short": _strip_marks(short),
    }[form]
    if agency.city == "hcmc" and suffix:
        return  # "… Hà Nội" does not name a body of Hồ Chí Minh City
    assert resolve_agency(PLAN, text + suffix, _a_day_in_force(agency_id)).agency.id == agency_id


def test_every_agency_every_name_every_suffix_exhaustively() -> None:
    """The same property over every combination (5,000 queries take a tenth of a second)."""
    wrong = []
    for agency in PLAN.agencies.values():
        short = agency.short_name or agency.name
        for text in (agency.name, short, _strip_marks(agency.name), _strip_marks(short), *agency.aliases):
            for suffix in ("", " Hà Nội", " thành phố Hà Nội", " TP. Hà Nội", " TP Hà Nội"):
                if agency.city == "hcmc" and suffix:
                    continue
                found = resolve_agency(PLAN, text + suffix, _a_day_in_force(agency.id)).agency.id
                if found != agency.id:
                    wrong.append((text + suffix, found))
    assert wrong == []

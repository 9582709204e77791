"""Vietnamese text: search keys and sort order (shared/reference/vietnamese-text.md)."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kehoach.text import clean_input, nfc, search_key, sort_key, whitespace_problem

OFFICIAL = "Sở Văn hóa và Thể thao"


@pytest.mark.parametrize(
    "typed",
    [
        OFFICIAL,
        unicodedata.normalize("NFD", OFFICIAL),
        "Sở Văn hoá và Thể thao",  # old tone placement
        "so van hoa va the thao",
        "SỞ VĂN HÓA VÀ THỂ THAO",
        "  Sở\u00a0Văn  hóa và\u200b Thể thao ",
    ],
)
def test_every_way_of_typing_has_one_key(typed: str) -> None:
    assert search_key(typed) == search_key(OFFICIAL)


def test_d_with_stroke_and_eth() -> None:
    assert search_key("Sở Kế hoạch và Đầu tư") == search_key("so ke hoach va dau tu")
    assert search_key("Ðầu tư") == search_key("Đầu tư")


def test_punctuation_is_ignored() -> None:
    assert search_key("Sở VH&TT") == search_key("so vhtt")


def test_sort_in_vietnamese_alphabet_order() -> None:
    names = ["Ứng Hòa", "Đống Đa", "Ân Thi", "Dương", "An Khánh", "Ba Vì", "Ăn", "Zô"]
    assert sorted(names, key=sort_key) == [
        "An Khánh",
        "Ăn",
        "Ân Thi",
        "Ba Vì",
        "Dương",
        "Đống Đa",
        "Ứng Hòa",
        "Zô",
    ]


def test_tones_sort_after_letters() -> None:
    assert sorted(["má", "mà", "ma", "mạ", "mả", "mã"], key=sort_key) == ["ma", "mà", "mả", "mã", "má", "mạ"]


def test_whitespace_problems() -> None:
    assert whitespace_problem("Sở Du lịch") is None
    assert whitespace_problem(" Sở") is not None
    assert whitespace_problem("Sở  Du") is not None
    assert whitespace_problem("Sở\u00a0Du") is not None
    assert whitespace_problem("Sở\u200bDu") is not None


VIETNAMESE = st.text(
    alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ ",
    max_size=40,
)


@given(VIETNAMESE)
def test_key_ignores_normal_form_and_case(text: str) -> None:
    key = search_key(text)
    assert search_key(unicodedata.normalize("NFD", text)) == key
    assert search_key(text.upper()) == key
    assert search_key(key) == key
    assert key.isascii()


@given(st.text())
def test_key_and_clean_input_never_fail(text: str) -> None:
    assert isinstance(search_key(text), str)
    cleaned = clean_input(text)
    assert cleaned == nfc(cleaned).strip()

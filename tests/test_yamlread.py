"""Reading YAML: what loads, what is refused, and that nothing else can happen."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kehoach.files import yamlread
from kehoach.files.yamlread import YamlError


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("a: 1", 1),
        ("a: -3", -3),
        ("a: 1.5", 1.5),
        ("a: true", True),
        ("a: false", False),
        ("a: null", None),
        ("a: ~", None),
        ("a:", None),
        ("a: 2025-03-01", dt.date(2025, 3, 1)),
        ("a: '2025-03-01'", "2025-03-01"),
        ("a: '1'", "1"),
        ("a: yes", "yes"),  # YAML 1.2: not a boolean
        ("a: 06/NQ-HĐND", "06/NQ-HĐND"),
        ("a: !!str 12", "12"),
        ("a: Sở VH&TT", "Sở VH&TT"),
        ("a: >-\n  hai\n  dòng", "hai dòng"),
    ],
)
def test_scalars(text: str, value: object) -> None:
    assert yamlread.load(text + "\n") == {"a": value}


def test_invalid_date_is_a_problem() -> None:
    with pytest.raises(YamlError) as info:
        yamlread.load("a: 2025-02-30\n")
    assert (info.value.code, info.value.line, info.value.column) == ("invalid-value", 1, 4)


def test_control_character_position_counts_characters() -> None:
    with pytest.raises(YamlError) as info:
        yamlread.load("ab\n  Sở Đầu \x08\n")
    assert (info.value.code, info.value.line, info.value.column) == ("yaml-syntax", 2, 10)


def test_complex_key_is_refused() -> None:
    with pytest.raises(YamlError) as info:
        yamlread.load("? [a, b]\n: 1\n")
    assert info.value.code == "yaml-syntax"


def test_decode_names_the_bad_byte() -> None:
    with pytest.raises(YamlError) as info:
        yamlread.decode("dòng 1\nSở \xff".encode().replace(b"\xc3\xbf", b"\xff"))
    assert (info.value.code, info.value.line, info.value.column) == ("not-utf8", 2, 4)
    assert yamlread.decode(b"\xef\xbb\xbfa: 1\n") == "a: 1\n"


def test_locate_key_value_and_missing() -> None:
    text = "a:\n  b: [1, 2]\n  c: x\n"
    locator = yamlread.Locator(text, [("a", "b", 1), ("a", "c"), ("a", "missing", 0)])
    assert locator.locate(("a", "b", 1)) == (2, 10)
    assert locator.locate(("a", "c"), key=True) == (3, 3)
    assert locator.locate(("a", "c")) == (3, 6)
    assert locator.locate(("a", "missing", 0)) == (2, 3)
    assert yamlread.Locator(None, [("a",)]).locate(("a",)) == (1, 1)


SAMPLE = """\
sectors:
  - id: I
    title: "LĨNH VỰC: MỘT"
tasks:
  - id: 1
    content: >-
      hai
      dòng
    lead: [{agency: so-du-lich, scope: null}]
    dated: 2025-03-01
    flag: true
    ratio: 1.5
    quoted: '12'
    tagged: !!str 12
"""


def test_pure_parser_gives_the_same_data() -> None:
    assert yamlread.load(SAMPLE, pure=True) == yamlread.load(SAMPLE)


@pytest.mark.parametrize("pure", [False, True])
def test_errors_are_the_same_for_both_parsers(pure: bool) -> None:
    for text, code in [
        ("a: [\n", "yaml-syntax"),
        ("a: 1\na: 2\n", "duplicate-key"),
        ("a: &x 1\nb: *x\n", "yaml-alias"),
        ("a: 1\n---\nb: 2\n", "yaml-syntax"),
        ("a: !!int 1\n", "yaml-tag"),
    ]:
        with pytest.raises(YamlError) as info:
            yamlread.load(text, pure=pure)
        assert info.value.code == code


# Characters YAML can carry in a double-quoted scalar unchanged (no line breaks
# that folding would turn into spaces, no controls, no surrogates).
YAML_TEXT = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs", "Cc", "Cn", "Zl", "Zp", "Co"), blacklist_characters="\ufeff\u0085"
    ),
)


@given(YAML_TEXT)
def test_any_quoted_text_loads_back_unchanged(text: str) -> None:
    assert yamlread.load(f"key: {json.dumps(text, ensure_ascii=False)}\n") == {"key": text}


@given(st.text())
def test_any_input_is_data_or_a_problem(text: str) -> None:
    try:
        yamlread.load(text)
    except YamlError as exc:
        assert exc.code in {
            "yaml-syntax",
            "yaml-tab",
            "yaml-hidden-break",
            "empty-file",
            "duplicate-key",
            "yaml-alias",
            "yaml-tag",
            "invalid-value",
        }
        assert exc.line >= 1 and exc.column >= 1


@given(st.binary())
def test_any_bytes_are_text_or_a_problem(data: bytes) -> None:
    try:
        assert isinstance(yamlread.decode(data), str)
    except YamlError as exc:
        assert exc.code == "not-utf8"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: [1, 2\nb: 3\n", "thiếu «,» hoặc «]» trong danh sách"),
        ("a: b\n  c: d\n", "không được có «:» ở đây"),
        ("a:\n  - x\n b: y\n", "không tìm thấy khóa ở chỗ cần có"),
        ('a: "open\n', "tệp hết giữa chừng"),
    ],
)
def test_common_syntax_errors_in_vietnamese(text: str, message: str) -> None:
    with pytest.raises(yamlread.YamlError) as info:
        yamlread.load(text)
    assert message in info.value.message and "libyaml" not in info.value.message

"""Henkilötunnus and Y-tunnus validation edge cases (notes/oidc.md §3)."""

from datetime import date

import pytest

from alusta.auth.identifiers import (
    InvalidIdentifierError,
    contains_real_hetu,
    hetu_check_char,
    is_valid_business_id,
    is_valid_hetu,
    parse_hetu,
    validate_business_id,
)

# DVV's fictional codes with the 2023 century signs, and Suomi.fi test-tool codes.
NEW_SIGNS = [
    "010594Y9032",
    "020594X903P",
    "030594W903B",
    "040594V9030",
    "050594U903M",
    "010516B903X",
    "020516C903K",
    "030516D9037",
    "010501E9032",
    "020503F9037",
]
CLASSIC = ["010280-952L", "010469-999W", "010675-9981", "261298-998X", "040265-9985", "260991-999R"]


@pytest.mark.parametrize("value", NEW_SIGNS + CLASSIC)
def test_synthetic_codes_accepted_when_allowed(value: str) -> None:
    assert parse_hetu(value, allow_synthetic=True).value == value


@pytest.mark.parametrize("value", NEW_SIGNS + CLASSIC)
def test_synthetic_codes_refused_in_production_mode(value: str) -> None:
    with pytest.raises(InvalidIdentifierError, match="synthetic"):
        parse_hetu(value, allow_synthetic=False)


def test_canonical_permanent_code_accepted_without_synthetic() -> None:
    hetu = parse_hetu("131052-308T", allow_synthetic=False)
    assert hetu.birth_date == date(1952, 10, 13)
    assert not hetu.is_synthetic


@pytest.mark.parametrize(
    ("value", "year"),
    [("010594Y9032", 1994), ("010516B903X", 2016), ("010501E9032", 2001), ("010594-9032", 1994)],
)
def test_century_signs(value: str, year: int) -> None:
    assert parse_hetu(value, allow_synthetic=True).birth_date.year == year


def test_plus_is_1800s() -> None:
    value = "010190+" + "903" + hetu_check_char("010190", "903")
    assert parse_hetu(value, allow_synthetic=True).birth_date == date(1890, 1, 1)


def test_century_sign_is_part_of_identity() -> None:
    a = parse_hetu("010594Y9032", allow_synthetic=True)
    b = parse_hetu("010594-9032", allow_synthetic=True)
    assert a.value != b.value
    assert a.birth_date == b.birth_date


@pytest.mark.parametrize(
    "value",
    [
        "010594Y9033",  # wrong control character
        "131052-308U",  # wrong control character, permanent code
        "010594Z9032",  # unknown century sign
        "010594y9032",  # lower-case sign
        "310294-9039",  # 31 Feb
        "290201A903J",  # 29 Feb 2001, not a leap year
        "010594Y903",  # too short
        " 010594Y9032",  # whitespace
        "010594Y9032 ",
        "010594-000" + hetu_check_char("010594", "000"),  # individual number 000 is never issued
        "010594-001" + hetu_check_char("010594", "001"),
        "010594-903G",  # G is not a control character
        "",
    ],
)
def test_invalid_hetu(value: str) -> None:
    assert not is_valid_hetu(value, allow_synthetic=True)


def test_leap_day_valid() -> None:
    value = "290200A903" + hetu_check_char("290200", "903")
    assert parse_hetu(value, allow_synthetic=True).birth_date == date(2000, 2, 29)


def test_non_string_and_error_text_has_no_value() -> None:
    assert not is_valid_hetu(None, allow_synthetic=True)
    assert not is_valid_hetu(10594, allow_synthetic=True)
    with pytest.raises(InvalidIdentifierError) as info:
        parse_hetu("010594Y9033", allow_synthetic=True)
    assert "010594" not in str(info.value)
    assert "010594" not in repr(parse_hetu("010594Y9032", allow_synthetic=True))


@pytest.mark.parametrize("value", ["1572860-0", "2077474-0", "1475607-9", "0737546-2"])
def test_valid_business_ids(value: str) -> None:
    assert validate_business_id(value) == value


def test_six_digit_business_id_is_zero_padded() -> None:
    assert validate_business_id("737546-2") == "0737546-2"


@pytest.mark.parametrize(
    "value",
    ["1572860-1", "15728600", "1572860", "1572860-", "A572860-0", "12345678-0", "", "1572860-00", None, 15728601],
)
def test_invalid_business_ids(value: object) -> None:
    assert not is_valid_business_id(value)


def test_remainder_one_is_never_issued() -> None:
    # find a number with weighted sum % 11 == 1 and check that no check digit makes it valid
    weights = (7, 9, 10, 5, 8, 4, 2)

    def remainder(n: int) -> int:
        return sum(int(d) * w for d, w in zip(f"{n:07d}", weights, strict=True)) % 11

    number = next(f"{n:07d}" for n in range(1_000_000, 2_000_000) if remainder(n) == 1)
    assert not any(is_valid_business_id(f"{number}-{t}") for t in range(10))


def test_birth_date_in_the_future_is_refused() -> None:
    # 3 Apr 2082 (century sign A): valid form and control character, but not born yet.
    assert hetu_check_char("030482", "977") == "U"
    with pytest.raises(InvalidIdentifierError, match="future"):
        parse_hetu("030482A977U", allow_synthetic=True)
    with pytest.raises(InvalidIdentifierError, match="future"):
        parse_hetu("030482A977U", allow_synthetic=False)
    assert parse_hetu("030482A977U", allow_synthetic=True, today=date(2082, 4, 3)).birth_date == date(2082, 4, 3)


def test_real_looking_codes_are_refused_outside_production() -> None:
    """Ground rule 7: outside production only synthetic numbers (900-999), everywhere."""
    with pytest.raises(InvalidIdentifierError, match="only synthetic"):
        parse_hetu("131052-308T", allow_synthetic=True)
    assert not is_valid_hetu("131052-308T", allow_synthetic=True)
    assert is_valid_hetu("131052-308T", allow_synthetic=False)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Soittaja kertoi tunnuksensa 131052-308T puhelimessa", True),
        ("tunnus:131052-308t.", True),  # lower case is still the code
        ("synteettinen 010594Y9032 käy", False),
        ("väärä tarkiste 131052-308U", False),
        ("tilausnumero 1310523308T", False),
        ("ei tunnusta", False),
    ],
)
def test_real_codes_are_found_in_free_text(text: str, found: bool) -> None:
    assert contains_real_hetu(text) is found

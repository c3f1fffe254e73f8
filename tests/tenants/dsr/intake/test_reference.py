"""Reference codes: unique, well-formed, typo-checked."""

from alusta.tenants.dsr.intake.reference import ALPHABET, check_symbol, new_reference, normalise_reference


def test_new_codes_are_well_formed_and_distinct() -> None:
    codes = {new_reference() for _ in range(500)}
    assert len(codes) == 500
    for code in codes:
        assert normalise_reference(code) == code


def test_common_misreadings_are_repaired() -> None:
    code = new_reference()
    assert normalise_reference(code.lower()) == code
    assert normalise_reference(" " + code.replace("0", "O") + " ") == code


def test_a_single_changed_character_is_detected() -> None:
    code = new_reference()
    body_index = 4  # first character of the first group
    for replacement in ALPHABET:
        if replacement != code[body_index]:
            tampered = code[:body_index] + replacement + code[body_index + 1 :]
            assert normalise_reference(tampered) is None


def test_adjacent_transposition_is_detected() -> None:
    valid = f"ALU-0123-4567-89AB-{check_symbol('0123456789AB')}"
    assert normalise_reference(valid) == valid
    swapped = f"ALU-1023-4567-89AB-{check_symbol('0123456789AB')}"
    assert normalise_reference(swapped) is None


def test_garbage_is_refused() -> None:
    for text in ("", "ALU", "ALU-1234-5678-9ABC", "XYZ-1234-5678-9ABC-0", "ALU-12!4-5678-9ABC-0"):
        assert normalise_reference(text) is None

"""Top-up codes: GBCS section 14's check digit, the value a code carries, and what is refused."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ihd.core import utrn
from ihd.core.utrn import Problem

VECTOR = "73947252416745201637"  # Smart DCC's published example: pennies class, 1234


def test_the_published_vector_is_well_formed_and_worth_1234_pence():
    assert utrn.problem(VECTOR) is None
    assert utrn.value(VECTOR) == utrn.TopUpValue(1234, in_pounds=False)
    assert utrn.check_digit(VECTOR[:-1]) == 7


def test_the_inverse_table_is_gbcs_not_the_textbook_one(monkeypatch):
    monkeypatch.setattr(utrn, "_INVERSE", (0, 4, 3, 2, 1, 5, 6, 7, 8, 9))  # Verhoeff's own
    assert utrn.problem(VECTOR) is Problem.MISTYPED


codes = st.builds(utrn.make, st.integers(0, utrn.MAX_VALUE), st.integers(0, 1023), st.integers(0, 2**32 - 1))


@settings(max_examples=300)
@given(codes)
def test_made_codes_are_well_formed_and_carry_their_value(code):
    assert len(code) == 20
    assert utrn.problem(code) is None
    assert code.startswith(("739", "74", "75"))


@settings(max_examples=300)
@given(codes, st.integers(0, 19), st.integers(1, 9))
def test_every_single_digit_substitution_is_caught(code, position, shift):
    digit = (int(code[position]) + shift) % 10
    changed = code[:position] + str(digit) + code[position + 1:]
    assert utrn.problem(changed) is not None


@settings(max_examples=300)
@given(codes, st.integers(0, 18))
def test_every_adjacent_transposition_is_caught(code, position):
    a, b = code[position], code[position + 1]
    swapped = code[:position] + b + a + code[position + 2:]
    if a != b:
        assert utrn.problem(swapped) is not None


def test_all_substitutions_and_transpositions_of_the_vector_are_caught():
    for position in range(20):
        for digit in "0123456789":
            if digit != VECTOR[position]:
                assert utrn.problem(VECTOR[:position] + digit + VECTOR[position + 1:]) is not None
    for position in range(19):
        a, b = VECTOR[position], VECTOR[position + 1]
        if a != b:
            assert utrn.problem(VECTOR[:position] + b + a + VECTOR[position + 2:]) is Problem.MISTYPED


@pytest.mark.parametrize(("typed", "problem"), [
    ("7394725241674520163", Problem.TOO_SHORT),
    ("739472524167452016377", Problem.TOO_LONG),
    ("7394725241674520163x", Problem.NOT_DIGITS),
    ("", Problem.NOT_DIGITS),
    ("73947252416745201638", Problem.MISTYPED),
])
def test_problems_are_named(typed, problem):
    assert utrn.problem(typed) is problem


def test_a_number_outside_the_utrn_range_is_not_a_top_up_code():
    low = str(utrn.PPTD_BASE - 1)
    assert utrn.problem(low + str(utrn.check_digit(low))) is Problem.NOT_A_TOP_UP_CODE
    high = str(utrn.PPTD_BASE + (1 << 57))
    assert utrn.problem(high + str(utrn.check_digit(high))) is Problem.NOT_A_TOP_UP_CODE
    undefined_class = str(utrn.PPTD_BASE + (0b10 << 45))
    assert utrn.problem(undefined_class + str(utrn.check_digit(undefined_class))) is Problem.NOT_A_TOP_UP_CODE


def test_pounds_class_codes_carry_whole_pounds():
    code = utrn.make(25_000, 3, 99, in_pounds=True)
    assert utrn.value(code) == utrn.TopUpValue(25_000, in_pounds=True)
    with pytest.raises(ValueError, match="whole pounds"):
        utrn.make(2550, 3, 99, in_pounds=True)
    with pytest.raises(ValueError, match="at most 8191 pence"):
        utrn.make(8192, 3, 99)
    with pytest.raises(ValueError, match="not a well-formed"):
        utrn.value("73947252416745201638")


def test_typing_aids():
    assert utrn.digits_of("7394 7252-4167 4520 1637") == VECTOR
    assert utrn.grouped(VECTOR) == "7394 7252 4167 4520 1637"
    assert utrn.grouped("739472") == "7394 72"
    assert utrn.redacted(VECTOR) == "…1637"
    assert VECTOR[:16] not in utrn.redacted(VECTOR)

"""Top-up codes (UTRNs): the 20-digit numbers a prepayment household types in, per GBCS section 14.

A UTRN is a 19-digit prepayment token decimal (PPTD) and a check digit. The PPTD is a fixed
offset plus a 64-bit value whose high half holds a counter, the value class (pennies or pounds)
and the value; its low half is a cryptographic tag only the meter can verify. So the display can
catch a mistyped digit, and show the amount for the household to confirm, but cannot tell a
genuine code from a well-formed forgery: the meter decides.

The check digit is GBCS's variant of Verhoeff's: the usual dihedral tables, digits taken left to
right from permutation row 4, and an inverse table of GBCS's own (table 14.8c).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

LENGTH = 20
PPTD_BASE = 7_394_156_990_786_306_048
_TOP = PPTD_BASE + (1 << 57)  # the seven high bits of the token are zero in every valid code
MAX_VALUE = 8191

# Verhoeff's multiplication table of the dihedral group D5 (GBCS table 14.8b)
_D = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
    (1, 2, 3, 4, 0, 6, 7, 8, 9, 5),
    (2, 3, 4, 0, 1, 7, 8, 9, 5, 6),
    (3, 4, 0, 1, 2, 8, 9, 5, 6, 7),
    (4, 0, 1, 2, 3, 9, 5, 6, 7, 8),
    (5, 9, 8, 7, 6, 0, 4, 3, 2, 1),
    (6, 5, 9, 8, 7, 1, 0, 4, 3, 2),
    (7, 6, 5, 9, 8, 2, 1, 0, 4, 3),
    (8, 7, 6, 5, 9, 3, 2, 1, 0, 4),
    (9, 8, 7, 6, 5, 4, 3, 2, 1, 0),
)


def _permutations() -> tuple[tuple[int, ...], ...]:
    """Row k applies Verhoeff's permutation (1 5 7 6 2 8 3 0 9 4) k times (GBCS table 14.8a)."""
    step = (1, 5, 7, 6, 2, 8, 3, 0, 9, 4)
    rows = [tuple(range(10))]
    for _ in range(7):
        rows.append(tuple(step[d] for d in rows[-1]))
    return tuple(rows)


_P = _permutations()
_INVERSE = (1, 2, 6, 7, 5, 8, 3, 0, 9, 4)  # GBCS table 14.8c, not the textbook inverse


def check_digit(digits: str) -> int:
    """The GBCS check digit of a string of decimal digits (a PPTD)."""
    if not digits.isascii() or not digits.isdigit():
        raise ValueError("digits only")
    total, row = 0, 4
    for ch in digits:
        total = _D[total][_P[row][int(ch)]]
        row = (row + 1) % 8
    return _INVERSE[total]


class Problem(Enum):
    """What is wrong with a typed code, in the order a person would want to hear it."""

    TOO_SHORT = "too-short"
    TOO_LONG = "too-long"
    NOT_DIGITS = "not-digits"
    MISTYPED = "mistyped"  # the check digit does not match: a digit is wrong or two are swapped
    NOT_A_TOP_UP_CODE = "not-a-top-up-code"  # right length and check digit, but not a UTRN's range


@dataclass(frozen=True, slots=True)
class TopUpValue:
    """What a code says it is worth; only the meter can say whether it is genuine."""

    pence: int
    in_pounds: bool  # the code's value class: pounds (large top-ups) or pennies


def digits_of(typed: str) -> str:
    """The digits of a code as typed or pasted, without the spaces and dashes people add."""
    return "".join(ch for ch in typed if ch not in " -\u00a0\t")


def problem(code: str) -> Problem | None:
    """None if `code` (digits only) is a well-formed UTRN."""
    if not (code.isascii() and code.isdigit()):
        return Problem.NOT_DIGITS
    if len(code) < LENGTH:
        return Problem.TOO_SHORT
    if len(code) > LENGTH:
        return Problem.TOO_LONG
    if check_digit(code[:-1]) != int(code[-1]):
        return Problem.MISTYPED
    token = int(code[:-1]) - PPTD_BASE
    if not 0 <= token < (1 << 57) or (token >> 45) & 0b10:  # value class 10 and 11 are not defined
        return Problem.NOT_A_TOP_UP_CODE
    return None


def value(code: str) -> TopUpValue:
    """The amount a well-formed code carries (check `problem` first)."""
    if problem(code) is not None:
        raise ValueError("not a well-formed top-up code")
    high = (int(code[:-1]) - PPTD_BASE) >> 32
    amount, in_pounds = high & 0x1FFF, bool((high >> 13) & 1)
    return TopUpValue(amount * 100 if in_pounds else amount, in_pounds)


def make(pence: int, counter: int, tag: int, *, in_pounds: bool = False) -> str:
    """A well-formed code (for the simulator and tests): `counter` and `tag` stand in for the
    supplier's counter and the meter's cryptographic tag."""
    amount = pence // 100 if in_pounds else pence
    if in_pounds and pence % 100:
        raise ValueError("a pounds-class code carries whole pounds")
    if not 0 <= amount <= MAX_VALUE:
        raise ValueError(f"a code carries at most {MAX_VALUE} {'pounds' if in_pounds else 'pence'}")
    high = ((counter & 0x3FF) << 15) | (int(in_pounds) << 13) | amount
    pptd = str(PPTD_BASE + (high << 32) + (tag & 0xFFFF_FFFF))
    return pptd + str(check_digit(pptd))


def grouped(code: str) -> str:
    """In fours, as printed on receipts: "7394 7252 4167 4520 1637"."""
    return " ".join(code[i : i + 4] for i in range(0, len(code), 4))


def redacted(code: str) -> str:
    """For logs and screens after sending: a code is money until the meter has taken it."""
    return f"…{code[-4:]}" if len(code) > 4 else "…"

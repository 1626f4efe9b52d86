"""One rounding rule for every figure shown (kWh, kg, money, percentages): a half goes up, away
from zero, as on a bill. Figures are kept exact and rounded only here, once, when shown."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def rounded(value: Decimal | float | int, places: int = 0) -> Decimal:
    """`value` to `places` decimal places, halves up. Floats go through their shortest repr, so
    0.125 is a half and rounds to 0.13."""
    exact = value if isinstance(value, Decimal) else Decimal(str(value))
    return exact.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)

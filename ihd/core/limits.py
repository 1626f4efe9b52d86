"""Bounds on what a home's meter can plausibly say. Anything outside is refused, not shown.

A GB domestic supply is at most 100 A three-phase (about 70 kW); 100 kW leaves room for any home.
"""

from __future__ import annotations

import math
from decimal import Decimal

from ihd.core.units import GasConversion, RegisterUnit, to_kwh

MAX_DEMAND_W = 100_000.0
MAX_REGISTER = Decimal("1e9")
# Energy a register may gain per hour of meter time before a jump is called absurd, plus slack
# for readings that arrive close together.
MAX_KWH_PER_HOUR = Decimal(100)
REGISTER_JUMP_SLACK_KWH = Decimal(2)
# Pence. Dynamic tariffs go negative; nothing real reaches £10 a kWh or £10 a day.
MIN_UNIT_RATE_P = Decimal(-1000)
MAX_UNIT_RATE_P = Decimal(1000)
MAX_STANDING_CHARGE_P = Decimal(1000)


def demand_problem(watts: float) -> str | None:
    if not math.isfinite(watts):
        return "demand is not a finite number"
    if abs(watts) > MAX_DEMAND_W:
        return "demand is beyond any home supply"
    return None


def register_problem(value: Decimal) -> str | None:
    if not value.is_finite():
        return "register is not a finite number"
    if value < 0:
        return "register is negative"
    if value > MAX_REGISTER:
        return "register is absurdly large"
    return None


def unit_rate_problem(pence: Decimal) -> str | None:
    if not pence.is_finite() or not MIN_UNIT_RATE_P <= pence <= MAX_UNIT_RATE_P:
        return "unit rate is outside -1000p to 1000p per kWh"
    return None


def standing_charge_problem(pence: Decimal) -> str | None:
    if not pence.is_finite() or not 0 <= pence <= MAX_STANDING_CHARGE_P:
        return "standing charge is outside 0p to 1000p per day"
    return None


def period_use_problem(amount: Decimal, unit: RegisterUnit, hours: Decimal) -> str | None:
    """Use sent in bulk for a period of `hours`, held to the same ceiling per hour as a register's
    rise (a bridge sending Wh as kWh makes 412 kWh in a half-hour)."""
    if to_kwh(amount, unit, GasConversion()) > MAX_KWH_PER_HOUR * hours:
        return "more use in a period than a home could have"
    return None

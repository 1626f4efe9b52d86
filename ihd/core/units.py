"""Fuels, register units and the GB gas volume-to-energy conversion.

Energy and register values are Decimal so a meter register such as 6613.405 kWh keeps its exact
digits and today's use (a difference of two registers) is exact too.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


class Fuel(StrEnum):
    ELECTRICITY = "electricity"
    GAS = "gas"


class Direction(StrEnum):
    IMPORT = "import"
    EXPORT = "export"


class RegisterUnit(StrEnum):
    """What a meter register counts in. HCF is hundreds of cubic feet (an imperial gas meter)."""

    KWH = "kWh"
    M3 = "m3"
    FT3 = "ft3"
    HCF = "hcf"


class DisplayUnit(StrEnum):
    """What every figure on screen is shown in; the unit switch moves between them."""

    ENERGY = "energy"
    MONEY = "money"
    CARBON = "carbon"


M3_PER_FT3 = Decimal("0.028316846592")
_M3_PER_UNIT = {RegisterUnit.M3: Decimal(1), RegisterUnit.FT3: M3_PER_FT3, RegisterUnit.HCF: M3_PER_FT3 * 100}
MJ_PER_KWH = Decimal("3.6")


@dataclass(frozen=True, slots=True)
class GasConversion:
    """kWh = m3 x correction factor x calorific value (MJ/m3) / 3.6, as on GB gas bills."""

    calorific_value: Decimal = Decimal("39.5")
    correction_factor: Decimal = Decimal("1.02264")

    def kwh_per_m3(self) -> Decimal:
        return self.correction_factor * self.calorific_value / MJ_PER_KWH


def to_m3(amount: Decimal, unit: RegisterUnit) -> Decimal:
    if unit is RegisterUnit.KWH:
        raise ValueError("a kWh register has no volume")
    return amount * _M3_PER_UNIT[unit]


def to_kwh(amount: Decimal, unit: RegisterUnit, gas: GasConversion) -> Decimal:
    """An amount counted in `unit` as kWh (volumes through the gas conversion)."""
    if unit is RegisterUnit.KWH:
        return amount
    return to_m3(amount, unit) * gas.kwh_per_m3()

"""Everyday equivalents a person can picture, each with the basis it rests on."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ihd.core.formatting import Formatter

KWH_PER_LITRE_BOILED = Decimal("0.1")  # 1 litre from 15 C to 100 C: 4.186 kJ/kg K x 85 K = 0.099 kWh
KG_CO2E_PER_PETROL_KM = Decimal("0.16272")  # DESNZ GHG conversion factors, average petrol car


@dataclass(frozen=True, slots=True)
class Equivalent:
    """An everyday equivalent of an amount, with the basis it rests on."""

    text: str
    basis: str


def kettles(kwh: Decimal, fmt: Formatter) -> Equivalent:
    litres = kwh / KWH_PER_LITRE_BOILED
    return Equivalent(
        fmt._("As much energy as boiling {litres} litres of water in a kettle").format(
            litres=fmt.number(litres, 0)),
        fmt._("Boiling one litre of water from cold takes about 0.1 kWh."),
    )


def car_km(co2_kg: Decimal, fmt: Formatter) -> Equivalent:
    km = co2_kg / KG_CO2E_PER_PETROL_KM
    return Equivalent(
        fmt._("As much CO2e as driving {km} km in an average petrol car").format(km=fmt.number(km, 0)),
        fmt._("An average petrol car gives off about 0.163 kg CO2e a km (UK Government conversion "
              "factors, DESNZ)."),
    )

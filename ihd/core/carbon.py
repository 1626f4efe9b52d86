"""Carbon factors, kg CO2e per kWh.

Defaults are the UK Government GHG conversion factors 2025 (DESNZ, published June 2025):
UK electricity generation 0.177, natural gas (gross CV) 0.18296. Both are configurable.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ihd.core.units import Fuel


@dataclass(frozen=True, slots=True)
class CarbonFactors:
    """The carbon factor for each fuel, kg CO2e per kWh, and where the figures come from."""

    electricity_kg_per_kwh: Decimal = Decimal("0.177")
    gas_kg_per_kwh: Decimal = Decimal("0.18296")
    source: str = "DESNZ GHG conversion factors 2025"

    def kg_per_kwh(self, fuel: Fuel) -> Decimal:
        return self.electricity_kg_per_kwh if fuel is Fuel.ELECTRICITY else self.gas_kg_per_kwh

"""Tariffs and what energy costs. Money is Decimal pence, rounded only when shown."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from ihd.core.readings import TariffReading

DEFAULT_VAT_RATE = Decimal("0.05")  # GB domestic energy


class TariffSource(StrEnum):
    CONFIG = "config"
    BRIDGE = "bridge"


@dataclass(frozen=True, slots=True)
class Tariff:
    unit_rate_p: Decimal
    standing_charge_p: Decimal | None  # None: the bridge has not been told it yet
    vat_included: bool = True
    source: TariffSource = TariffSource.CONFIG
    received_at: datetime | None = None

    @staticmethod
    def from_reading(reading: TariffReading, received_at: datetime) -> Tariff:
        return Tariff(
            reading.unit_rate_p,
            reading.standing_charge_p,
            reading.vat_included,
            TariffSource.BRIDGE,
            received_at,
        )

    def unit_rate_with_vat(self, vat_rate: Decimal) -> Decimal:
        return self.unit_rate_p if self.vat_included else self.unit_rate_p * (1 + vat_rate)

    def standing_charge_with_vat(self, vat_rate: Decimal) -> Decimal | None:
        sc = self.standing_charge_p
        return sc if sc is None or self.vat_included else sc * (1 + vat_rate)


def choose_tariff(from_bridge: Tariff | None, from_config: Tariff | None) -> Tariff | None:
    """The bridge's tariff wins over the config file: it is what the meter itself is charging."""
    return from_bridge if from_bridge is not None else from_config

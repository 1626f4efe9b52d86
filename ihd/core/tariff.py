"""Tariffs: a unit rate, time-of-use bands, an export rate and a standing charge.

Money is Decimal pence, rounded only when shown. A band is a stretch of the day at its own
rate: Economy 7's night (often fixed in GMT, so it moves an hour in summer), Octopus Go's
overnight window, Cosy's several cheap bands and its peak. Dynamic half-hourly prices (Agile)
are not part of a tariff: they arrive as prices for each half-hour (see pricing.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from zoneinfo import ZoneInfo

from ihd.core.bands import Band
from ihd.core.readings import TariffReading

DEFAULT_VAT_RATE = Decimal("0.05")  # GB domestic energy


class TariffSource(StrEnum):
    CONFIG = "config"
    BRIDGE = "bridge"


@dataclass(frozen=True, slots=True)
class Tariff:
    """A tariff: its rates, bands and standing charge, and where and when it came from."""

    unit_rate_p: Decimal  # outside every band
    standing_charge_p: Decimal | None  # None: the bridge has not been told it yet
    vat_included: bool = True
    source: TariffSource = TariffSource.CONFIG
    received_at: datetime | None = None
    bands: tuple[Band, ...] = ()
    bands_in_gmt: bool = False  # Economy 7 meters often switch on GMT all year
    export_rate_p: Decimal | None = None
    applies_from: datetime | None = None

    @staticmethod
    def from_reading(reading: TariffReading, received_at: datetime) -> Tariff:
        return Tariff(
            reading.unit_rate_p,
            reading.standing_charge_p,
            reading.vat_included,
            TariffSource.BRIDGE,
            received_at,
            reading.bands,
            reading.bands_in_gmt,
            reading.export_rate_p,
            reading.applies_from,
        )

    @property
    def terms(self) -> tuple[object, ...]:
        """What the household pays: two tariffs with the same terms are the same tariff, whenever
        and however each arrived."""
        return (self.unit_rate_p, self.standing_charge_p, self.vat_included, self.bands, self.bands_in_gmt,
                self.export_rate_p)

    @staticmethod
    def same_terms(a: Tariff, b: Tariff) -> bool:
        return a.terms == b.terms

    @property
    def effective(self) -> datetime:
        """When this tariff took over: as the bridge says, else when it was received."""
        return self.applies_from or self.received_at or datetime.min.replace(tzinfo=UTC)

    def band_at(self, instant: datetime, tz: ZoneInfo) -> Band | None:
        clock = instant.astimezone(UTC if self.bands_in_gmt else tz).time()
        return next((band for band in self.bands if band.covers(clock)), None)

    def rate_at(self, instant: datetime, tz: ZoneInfo) -> Decimal:
        """The unit rate in force at `instant`, as stated (see with_vat)."""
        band = self.band_at(instant, tz)
        return self.unit_rate_p if band is None else band.rate_p

    def next_change(self, instant: datetime, tz: ZoneInfo) -> datetime | None:
        """When the rate next changes, within a day; None for a single rate."""
        if not self.bands:
            return None
        now = self.rate_at(instant, tz)
        at = instant.replace(second=0, microsecond=0)
        at = at + timedelta(minutes=30 - at.minute % 30)  # GB bands change on the half hour
        for _ in range(48):
            if self.rate_at(at, tz) != now:
                return at
            at += timedelta(minutes=30)
        return None

    def with_vat(self, pence: Decimal, vat_rate: Decimal) -> Decimal:
        return pence if self.vat_included else pence * (1 + vat_rate)

    def unit_rate_with_vat(self, vat_rate: Decimal) -> Decimal:
        return self.with_vat(self.unit_rate_p, vat_rate)

    def standing_charge_with_vat(self, vat_rate: Decimal) -> Decimal | None:
        sc = self.standing_charge_p
        return None if sc is None else self.with_vat(sc, vat_rate)


def choose_tariff(from_bridge: Tariff | None, from_config: Tariff | None) -> Tariff | None:
    """The bridge's tariff wins over the config file: it is what the meter itself is charging."""
    return from_bridge if from_bridge is not None else from_config

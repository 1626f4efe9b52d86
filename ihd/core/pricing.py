"""The rate, standing charge and carbon factor in force for any half-hour.

Costs are integrated half-hour by half-hour at what was in force then, never today's kWh times
the current rate. For a half-hour: a dynamic price the bridge sent for it wins; else the tariff
in force then (a bridge's tariff from when it took over, the config file's before any); and if
no tariff was yet known, the first one that arrived (the best there is). All rates with VAT.
"""

from __future__ import annotations

import bisect
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from ihd.core.ambient import Level
from ihd.core.carbon import CarbonFactors
from ihd.core.periods import slot_start
from ihd.core.readings import IntensityReading, PriceReading
from ihd.core.tariff import DEFAULT_VAT_RATE, Tariff
from ihd.core.units import Direction, Fuel

KG_PER_G = Decimal("0.001")


class Pricer:
    def __init__(self, tz: ZoneInfo, vat_rate: Decimal = DEFAULT_VAT_RATE,
                 configured: dict[Fuel, Tariff] | None = None, carbon: CarbonFactors | None = None) -> None:
        self.tz = tz
        self.vat_rate = vat_rate
        self.carbon_factors = carbon or CarbonFactors()
        self._configured = dict(configured or {})
        self._history: dict[Fuel, list[Tariff]] = {fuel: [] for fuel in Fuel}  # bridge tariffs, by effect
        self._prices: dict[tuple[Fuel, Direction], dict[datetime, Decimal]] = {}
        self._intensity: dict[datetime, tuple[int, str]] = {}

    # -- what the bridge says

    def add_tariff(self, fuel: Fuel, tariff: Tariff) -> None:
        history = self._history[fuel]
        keys = [t.effective for t in history]
        index = bisect.bisect_right(keys, tariff.effective)
        if index and history[index - 1].effective == tariff.effective:
            history[index - 1] = tariff  # re-sent: the newer word wins
        else:
            history.insert(index, tariff)

    def add_prices(self, reading: PriceReading) -> None:
        book = self._prices.setdefault((reading.fuel, reading.direction), {})
        for start, rate in reading.prices:
            book[start] = rate if reading.vat_included else rate * (1 + self.vat_rate)

    def add_intensity(self, reading: IntensityReading) -> None:
        for start, grams, index in reading.records:
            self._intensity[start] = (grams, index)

    # -- what was in force

    def tariff_at(self, fuel: Fuel, instant: datetime) -> Tariff | None:
        history = self._history[fuel]
        index = bisect.bisect_right([t.effective for t in history], instant)
        if index:
            return history[index - 1]
        return self._configured.get(fuel) or (history[0] if history else None)

    def import_rate(self, fuel: Fuel, slot: datetime) -> Decimal | None:
        """Pence per kWh with VAT for the half-hour starting at `slot`, or None if unknown."""
        price = self._prices.get((fuel, Direction.IMPORT), {}).get(slot)
        if price is not None:
            return price
        tariff = self.tariff_at(fuel, slot)
        return None if tariff is None else tariff.with_vat(tariff.rate_at(slot, self.tz), self.vat_rate)

    def export_rate(self, fuel: Fuel, slot: datetime) -> Decimal | None:
        price = self._prices.get((fuel, Direction.EXPORT), {}).get(slot)
        if price is not None:
            return price
        tariff = self.tariff_at(fuel, slot)
        if tariff is None or tariff.export_rate_p is None:
            return None
        return tariff.with_vat(tariff.export_rate_p, self.vat_rate)

    def rate(self, fuel: Fuel, direction: Direction, slot: datetime) -> Decimal | None:
        return self.import_rate(fuel, slot) if direction is Direction.IMPORT else self.export_rate(fuel, slot)

    def standing_charge(self, fuel: Fuel, day_start: datetime) -> Decimal | None:
        """Pence with VAT for the local day starting at `day_start`."""
        tariff = self.tariff_at(fuel, day_start)
        return None if tariff is None else tariff.standing_charge_with_vat(self.vat_rate)

    def kg_per_kwh(self, fuel: Fuel, slot: datetime) -> Decimal:
        """The grid's own intensity for that half-hour where the bridge sent it, else the factor."""
        if fuel is Fuel.ELECTRICITY and slot in self._intensity:
            return Decimal(self._intensity[slot][0]) * KG_PER_G
        return self.carbon_factors.kg_per_kwh(fuel)

    def price_level(self, fuel: Fuel, at: datetime) -> tuple[Level, datetime | None] | None:
        """Cheap, normal or peak now, and until when; None on a single rate with no prices.

        Dynamic prices are judged against the day's other prices (the cheapest quarter is
        cheap, the dearest quarter peak, anything free or negative cheap); banded tariffs by
        their bands (the cheapest band is cheap, a band dearer than the standard rate is peak)."""
        here = slot_start(at)
        book = self._prices.get((fuel, Direction.IMPORT), {})
        if here in book:
            day = sorted(p for s, p in book.items() if abs((s - here).total_seconds()) < 12 * 3600)
            low, high = day[len(day) // 4], day[(3 * len(day)) // 4]

            def level(price: Decimal) -> Level:
                return Level.LOW if price <= 0 or price <= low else Level.HIGH if price >= high else Level.MEDIUM

            now = level(book[here])
            later = sorted(s for s in book if s > here and level(book[s]) != now)
            return now, (later[0] if later else None)
        tariff = self.tariff_at(fuel, at)
        if tariff is None or not tariff.bands:
            return None
        rates = {band.rate_p for band in tariff.bands}
        rate = tariff.rate_at(at, self.tz)
        if rate == min(rates) and rate < tariff.unit_rate_p:
            now_level = Level.LOW
        elif rate == max(rates) and rate > tariff.unit_rate_p:
            now_level = Level.HIGH
        else:
            now_level = Level.MEDIUM
        return now_level, tariff.next_change(at, self.tz)

    def intensity_band(self, slot: datetime) -> str | None:
        found = self._intensity.get(slot)
        return None if found is None else found[1]

"""The rate, standing charge and carbon factor in force for any half-hour.

Costs are integrated half-hour by half-hour at what was in force then, never today's kWh times
the current rate. For a half-hour: a dynamic price the bridge sent for it wins; else the tariff
in force then (a bridge's tariff from when it took over, the config file's before any); and if
no tariff was yet known, the first one that arrived (the best there is). Import rates and
standing charges with VAT; export earnings carry none (a household does not charge VAT).

Tariffs are kept as changes (a repeat adds nothing) and looked up by bisect; prices and grid
intensity by their half-hour. What is older than the half-hour history is forgotten.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from ihd.core.ambient import Level
from ihd.core.carbon import CarbonFactors
from ihd.core.periods import slot_start
from ihd.core.readings import IntensityReading, PriceReading
from ihd.core.retention import Retention
from ihd.core.tariff import DEFAULT_VAT_RATE, Tariff
from ihd.core.timeline import Edit, SlotBook, T, Timeline
from ihd.core.units import Direction, Fuel

KG_PER_G = Decimal("0.001")
DAY_HALF = timedelta(hours=12)
KEEP = timedelta(days=Retention().half_hour_days)  # as long as the half-hours that were priced by them


class Pricer:
    def __init__(self, tz: ZoneInfo, vat_rate: Decimal = DEFAULT_VAT_RATE,
                 configured: dict[Fuel, Tariff] | None = None, carbon: CarbonFactors | None = None) -> None:
        self.tz = tz
        self.vat_rate = vat_rate
        self.carbon_factors = carbon or CarbonFactors()
        self._configured = dict(configured or {})
        self._history: dict[Fuel, Timeline[Tariff]] = {fuel: Timeline(Tariff.same_terms) for fuel in Fuel}
        self._prices: dict[tuple[Fuel, Direction], SlotBook[Decimal]] = {}
        self._intensity: SlotBook[tuple[int, str]] = SlotBook()

    # -- what the bridge says

    def add_tariff(self, fuel: Fuel, tariff: Tariff) -> Edit:
        """Keep `tariff` if it changes what is in force; says what changed (falsy: nothing)."""
        return self._history[fuel].add(tariff.effective, tariff)

    def add_prices(self, reading: PriceReading) -> list[datetime]:
        """Keep the prices; returns the half-hours whose price changed."""
        book = self._prices.setdefault((reading.fuel, reading.direction), SlotBook())
        # Export earnings are paid to the household: no VAT is added to them.
        vat = 0 if reading.vat_included or reading.direction is Direction.EXPORT else self.vat_rate
        changed = [start for start, rate in reading.prices if book.put(start, rate * (1 + vat) if vat else rate)]
        _bounded(book)
        return changed

    def add_intensity(self, reading: IntensityReading) -> list[datetime]:
        """Keep the intensities; returns the half-hours whose figure changed."""
        changed = [start for start, grams, band in reading.records if self._intensity.put(start, (grams, band))]
        _bounded(self._intensity)
        return changed

    def forget_before(self, instant: datetime) -> dict[Fuel, list[datetime]]:
        """Drop what nothing from `instant` on needs; returns each fuel's tariff changes dropped."""
        for book in self._prices.values():
            book.forget_before(instant)
        self._intensity.forget_before(instant)
        return {fuel: timeline.forget_before(instant) for fuel, timeline in self._history.items()}

    def tariffs(self, fuel: Fuel) -> list[tuple[datetime, Tariff]]:
        """The bridge's tariff changes for `fuel`, oldest first."""
        return list(self._history[fuel])

    # -- what was in force

    def tariff_at(self, fuel: Fuel, instant: datetime) -> Tariff | None:
        history = self._history[fuel]
        found = history.at(instant)
        if found is not None:
            return found
        return self._configured.get(fuel) or history.first()

    def import_rate(self, fuel: Fuel, slot: datetime) -> Decimal | None:
        """Pence per kWh with VAT for the half-hour starting at `slot`, or None if unknown."""
        price = self._price(fuel, Direction.IMPORT, slot)
        if price is not None:
            return price
        tariff = self.tariff_at(fuel, slot)
        return None if tariff is None else tariff.with_vat(tariff.rate_at(slot, self.tz), self.vat_rate)

    def export_rate(self, fuel: Fuel, slot: datetime) -> Decimal | None:
        price = self._price(fuel, Direction.EXPORT, slot)
        if price is not None:
            return price
        tariff = self.tariff_at(fuel, slot)
        return None if tariff is None else tariff.export_rate_p  # earnings: no VAT

    def _price(self, fuel: Fuel, direction: Direction, slot: datetime) -> Decimal | None:
        book = self._prices.get((fuel, direction))
        return None if book is None else book.get(slot)

    def rate(self, fuel: Fuel, direction: Direction, slot: datetime) -> Decimal | None:
        return self.import_rate(fuel, slot) if direction is Direction.IMPORT else self.export_rate(fuel, slot)

    def standing_charge(self, fuel: Fuel, day_start: datetime) -> Decimal | None:
        """Pence with VAT for the local day starting at `day_start`."""
        tariff = self.tariff_at(fuel, day_start)
        return None if tariff is None else tariff.standing_charge_with_vat(self.vat_rate)

    def kg_per_kwh(self, fuel: Fuel, slot: datetime) -> Decimal:
        """The grid's own intensity for that half-hour where the bridge sent it, else the factor."""
        found = self._intensity.get(slot) if fuel is Fuel.ELECTRICITY else None
        if found is not None:
            return Decimal(found[0]) * KG_PER_G
        return self.carbon_factors.kg_per_kwh(fuel)

    def price_level(self, fuel: Fuel, at: datetime) -> tuple[Level, datetime | None] | None:
        """Cheap, normal or peak now, and until when; None on a single rate with no prices.

        Dynamic prices are judged against the day's other prices (the cheapest quarter is
        cheap, the dearest quarter peak, anything free or negative cheap); banded tariffs by
        their bands (the cheapest band is cheap, a band dearer than the standard rate is peak)."""
        here = slot_start(at)
        book = self._prices.get((fuel, Direction.IMPORT))
        price = None if book is None else book.get(here)
        if book is not None and price is not None:
            day = sorted(p for _, p in book.items(here - DAY_HALF, here + DAY_HALF))
            low, high = day[len(day) // 4], day[(3 * len(day)) // 4]

            def level(price: Decimal) -> Level:
                return Level.LOW if price <= 0 or price <= low else Level.HIGH if price >= high else Level.MEDIUM

            now = level(price)
            later = next((s for s, p in book.items(here, here + KEEP) if level(p) != now), None)
            return now, later
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

    def intensity(self, slot: datetime) -> tuple[int, str] | None:
        """The grid's gCO2/kWh and index band for that half-hour, where the bridge sent one."""
        return self._intensity.get(slot_start(slot))


def _bounded(book: SlotBook[T]) -> None:
    """Half-hours older than the history they priced are forgotten, here as in the store."""
    span = book.span()
    if span is not None and span[1] - span[0] > KEEP:
        book.forget_before(span[1] - KEEP)

"""The history's tariffs, prices and carbon intensities: kept as changes over time, and every
half-hour they touch priced again. Part of `HistoryWriter` (which holds `db`, `pricer` and the rest)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime, time
from decimal import Decimal
from typing import TYPE_CHECKING

from ihd.core.bands import Band
from ihd.core.readings import (
    IntensityReading,
    PriceReading,
    TariffReading,
)
from ihd.core.tariff import Tariff, TariffSource
from ihd.core.timeline import Edit
from ihd.core.units import Direction, Fuel, RegisterUnit
from ihd.store.history_reader import from_ts as _dt
from ihd.store.history_reader import to_ts as _ts

if TYPE_CHECKING:
    from ihd.store.history import Changes


class Rates:
    def _add_tariff(self, reading: TariffReading, received_at: datetime, changes: Changes) -> None:
        tariff = Tariff.from_reading(reading, received_at)
        edit = self.pricer.add_tariff(reading.fuel, tariff)
        if not edit:
            return  # the tariff already in force, repeated (a Glow sends it with every message)
        self._store_tariff_edit(reading.fuel, edit, tariff)
        # From when it took effect; and any energy that had no known rate until now.
        since = min(at for at in (edit.stored, *edit.removed) if at is not None)
        self._reprice("fuel = ? AND (start >= ? OR cost_p IS NULL)", (reading.fuel.value, _ts(since)), changes)

    def _store_tariff_edit(self, fuel: Fuel, edit: Edit, tariff: Tariff) -> None:
        self._drop_tariff_rows(fuel, edit.removed)
        if edit.stored is not None:
            self.db.execute("INSERT OR REPLACE INTO tariff (fuel, effective, body) VALUES (?, ?, ?)",
                            (fuel.value, _ts(edit.stored), json.dumps(_tariff_body(tariff))))

    def _drop_tariff_rows(self, fuel: Fuel, instants: Iterable[datetime]) -> None:
        self.db.executemany("DELETE FROM tariff WHERE fuel = ? AND effective = ?",
                            [(fuel.value, _ts(at)) for at in instants])

    def _add_prices(self, reading: PriceReading, changes: Changes) -> None:
        changed = self.pricer.add_prices(reading)
        for start in changed:
            rate = self.pricer.rate(reading.fuel, reading.direction, start)
            self.db.execute("INSERT OR REPLACE INTO price (fuel, direction, start, rate) VALUES (?, ?, ?, ?)",
                            (reading.fuel.value, reading.direction.value, _ts(start), str(rate)))
        if changed:
            self._reprice("fuel = ? AND direction = ? AND start >= ? AND start <= ?",
                          (reading.fuel.value, reading.direction.value, _ts(min(changed)), _ts(max(changed))),
                          changes)

    def _add_intensity(self, reading: IntensityReading, changes: Changes) -> None:
        changed = set(self.pricer.add_intensity(reading))
        for start, grams, band in reading.records:
            if start in changed:
                self.db.execute("INSERT OR REPLACE INTO intensity (start, grams, band) VALUES (?, ?, ?)",
                                (_ts(start), grams, band))
        if changed:
            self._reprice("fuel = 'electricity' AND start >= ? AND start <= ?",
                          (_ts(min(changed)), _ts(max(changed))), changes)

    def _reprice(self, where: str, args: tuple[object, ...], changes: Changes) -> None:
        rows = self.db.execute(f"SELECT fuel, direction, start, amount, unit, source FROM slot WHERE {where}",
                               args).fetchall()
        for fuel, direction, start, amount, unit, source in rows:
            fuel_, direction_, at = Fuel(fuel), Direction(direction), _dt(start)
            self._write_slot(fuel_, direction_, RegisterUnit(unit), at, Decimal(amount), source)
            changes.days.add((fuel_, direction_, at.astimezone(self.tz).date()))

    def _load_rates(self) -> None:
        rows = self.db.execute("SELECT fuel, body FROM tariff ORDER BY effective").fetchall()
        for fuel, body in rows:
            self.pricer.add_tariff(Fuel(fuel), _tariff_from_body(json.loads(body)))
        if len(rows) > sum(len(self.pricer.tariffs(fuel)) for fuel in Fuel):
            # Written before repeats were dropped (a row per Glow message): keep the changes only.
            with self.transaction():
                self.db.execute("DELETE FROM tariff")
                for fuel in Fuel:
                    for at, tariff in self.pricer.tariffs(fuel):
                        self._store_tariff_edit(fuel, Edit(at), tariff)
        prices: dict[tuple[str, str], list[tuple[datetime, Decimal]]] = {}
        for fuel, direction, start, rate in self.db.execute("SELECT fuel, direction, start, rate FROM price"):
            prices.setdefault((fuel, direction), []).append((_dt(start), Decimal(rate)))
        for (fuel, direction), items in prices.items():
            self.pricer.add_prices(PriceReading(Fuel(fuel), Direction(direction), tuple(items), True))
        records = tuple((_dt(s), g, b) for s, g, b in self.db.execute("SELECT start, grams, band FROM intensity"))
        self.pricer.add_intensity(IntensityReading(records))

    # -- backfill


def _tariff_body(tariff: Tariff) -> dict[str, object]:
    return {
        "unit_rate_p": str(tariff.unit_rate_p),
        "standing_charge_p": None if tariff.standing_charge_p is None else str(tariff.standing_charge_p),
        "vat_included": tariff.vat_included,
        "source": tariff.source.value,
        "received_at": None if tariff.received_at is None else tariff.received_at.isoformat(),
        "applies_from": None if tariff.applies_from is None else tariff.applies_from.isoformat(),
        "bands": [[b.start.isoformat(), b.end.isoformat(), str(b.rate_p), b.name] for b in tariff.bands],
        "bands_in_gmt": tariff.bands_in_gmt,
        "export_rate_p": None if tariff.export_rate_p is None else str(tariff.export_rate_p),
    }


def _tariff_from_body(body: dict[str, object]) -> Tariff:
    def when(value: object) -> datetime | None:
        return None if value is None else datetime.fromisoformat(str(value))

    def money(value: object) -> Decimal | None:
        return None if value is None else Decimal(str(value))

    bands = tuple(Band(time.fromisoformat(s), time.fromisoformat(e), Decimal(r), n)
                  for s, e, r, n in body["bands"])  # type: ignore[attr-defined]
    return Tariff(Decimal(str(body["unit_rate_p"])), money(body["standing_charge_p"]), bool(body["vat_included"]),
                  TariffSource(str(body["source"])), when(body["received_at"]), bands, bool(body["bands_in_gmt"]),
                  money(body["export_rate_p"]), when(body["applies_from"]))

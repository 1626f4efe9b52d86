"""How long the history keeps what: half-hours, readings and quarantined readings pruned by the
retention policy (and by the household's detailed-history choice). Part of `HistoryWriter`."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from ihd.core.periods import local_day_start
from ihd.core.retention import Retention
from ihd.core.units import Direction, Fuel
from ihd.store import counted
from ihd.store.history_reader import from_ts as _dt
from ihd.store.history_reader import stored_reading as _stored
from ihd.store.history_reader import to_ts as _ts

if TYPE_CHECKING:
    pass


class Retaining:
    def set_retention(self, retention: Retention) -> None:
        """A new policy (consent to detailed history given or withdrawn); `prune` applies it."""
        self._retention = retention

    def prune(self, now: datetime) -> None:
        """Drop what the retention policy no longer keeps (the latest reading of each register
        always stays: the next reading is measured from it). Cut-offs fall at local midnights, so
        a day keeps all its half-hours or none; a day that loses them keeps its daily total, which
        from then on is final (nothing is left to recount it from)."""
        keep, tz = self._retention, self.tz
        raw = _ts(local_day_start(now - timedelta(days=keep.raw_days), tz))
        slot_cut = local_day_start(now - timedelta(days=keep.half_hour_days), tz)
        rates = _ts(now - timedelta(days=Retention().half_hour_days))  # prices are not the household's data
        with self.transaction():
            for fuel in Fuel:
                for direction in Direction:
                    self._prune_readings((fuel.value, direction.value), raw)
            self.db.execute("DELETE FROM quarantine WHERE received < ?",
                            (_ts(now - timedelta(days=keep.quarantine_days)),))
            self.db.execute("UPDATE day SET source = 'rolled-up' WHERE day < ? AND source = 'meter'",
                            (slot_cut.astimezone(tz).date().isoformat(),))
            self.db.execute("DELETE FROM slot WHERE start < ?", (_ts(slot_cut),))
            self.db.execute("DELETE FROM price WHERE start < ?", (rates,))
            for fuel, dropped in self.pricer.forget_before(_dt(rates)).items():
                self._drop_tariff_rows(fuel, dropped)
            self.db.execute("DELETE FROM intensity WHERE start < ?", (rates,))
            self.db.execute("DELETE FROM day WHERE day < ?",
                            ((now - timedelta(days=keep.day_days)).date().isoformat(),))

    def _prune_readings(self, key: tuple[str, str], cut: int) -> None:
        """Readings before `cut` go, all but the register's latest; what they counted stays as spans."""
        latest = self.db.execute("SELECT MAX(at) FROM reading WHERE fuel = ? AND direction = ?", key).fetchone()[0]
        if latest is None:
            return
        cut = min(cut, latest)
        going = self.db.execute("SELECT at, value, unit, series FROM reading WHERE fuel = ? AND direction = ? "
                                "AND at < ? ORDER BY at", (*key, cut)).fetchall()
        if not going:
            return
        kept = _stored(self.db.execute("SELECT at, value, unit, series FROM reading WHERE fuel = ? AND direction = ? "
                                       "AND at >= ? ORDER BY at LIMIT 1", (*key, cut)).fetchone())
        counted.seal(self.db, key, (counted.Point(s.at, s.value, s.unit, s.series) for s in map(_stored, going)),
                     counted.Point(kept.at, kept.value, kept.unit, kept.series))
        self.db.execute("DELETE FROM reading WHERE fuel = ? AND direction = ? AND at < ?", (*key, cut))

"""The home screen's glance line: what it needs from the history and the tariff, worked out once
a half-hour (or when the history moves on), not on every refresh."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from ihd.core.ambient import Level
from ihd.core.history_view import HistoryViewModel
from ihd.core.periods import SLOT, PeriodKind, slot_start
from ihd.core.units import DisplayUnit, Fuel
from ihd.core.viewmodels import Glance
from ihd.features.shared import Shared

if TYPE_CHECKING:
    from ihd.core.pricing import Pricer

log = logging.getLogger(__name__)
LOOK_AHEAD = 48  # price changes looked through for the next cheap period: a day of half-hours


class GlanceLine:
    def __init__(self, shared: Shared, pricer: Callable[[], Pricer], visible: Callable[[], bool]) -> None:
        """`pricer` prices the live figures; `visible` is whether the account may be shown."""
        self.s = shared
        self._pricer, self._visible = pricer, visible
        self._key: tuple[datetime, str] | None = None
        self._compared = ""
        self._kwh: tuple[float, float] | None = None
        self._cheap: tuple[bool, datetime | None] | None = None
        self._history_open = False

    def history_moved(self) -> None:
        """Today's totals have moved on. The first time, the history is open (and made or brought
        up to date by its writer): until then home shows no comparison, rather than read the file
        on the way to the first frame or while the writer is still making it."""
        self._history_open = True
        self._key = None

    def glance(self, now: datetime) -> Glance:
        key = (slot_start(now), self.s.i18n.language)
        if key != self._key:
            self._key = key
            self._compared, self._kwh = self._today_against_yesterday(now)
            self._cheap = self._next_cheap(now)
        return Glance(self._compared, self._visible(), self._cheap, self._kwh)

    def _today_against_yesterday(self, now: datetime) -> tuple[str, tuple[float, float] | None]:
        """The history's words, and the two sums they rest on: over the half-hours that are over
        and that both days have readings for."""
        if not self._history_open:
            return "", None
        try:
            model = HistoryViewModel(self.s.i18n, self.s.tz, self.s.reader())
            view = model.build(PeriodKind.DAY, 0, Fuel.ELECTRICITY, DisplayUnit.ENERGY, now)
        except Exception as error:  # a history not readable yet only means no comparison
            log.debug("no comparison for the home screen: %s", error)
            return "", None
        over = [b for i, b in enumerate(view.bars) if view.period.start_utc + (i + 1) * SLOT <= now]
        both = [(b.value, b.previous) for b in over if b.value is not None and b.previous is not None]
        if not view.comparison or not both:
            return view.comparison, None
        return view.comparison, (sum(v for v, _p in both), sum(p for _v, p in both))

    def _next_cheap(self, now: datetime) -> tuple[bool, datetime | None] | None:
        """Cheap now (and until when), or when it next is; None on a single rate."""
        pricer = self._pricer()
        found = pricer.price_level(Fuel.ELECTRICITY, now)
        if found is None:
            return None
        level, until = found
        if level is Level.LOW:
            return True, until
        for _step in range(LOOK_AHEAD):
            if until is None:
                return None
            later = pricer.price_level(Fuel.ELECTRICITY, until)
            if later is not None and later[0] is Level.LOW:
                return False, until
            until = later[1] if later is not None else None
        return None

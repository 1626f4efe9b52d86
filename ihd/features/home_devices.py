"""The display's figures for other devices in the home (Home Assistant discovery), only while
the household allows it; taken off the broker again when it is withdrawn."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING

from ihd import __version__
from ihd.core.consent import Category, ConsentState
from ihd.core.periods import local_day_start
from ihd.core.readings import RegisterReading
from ihd.core.units import Direction, Fuel, RegisterUnit, to_kwh, to_m3
from ihd.features.shared import Publish, Shared
from ihd.han import home_assistant as ha

if TYPE_CHECKING:
    from ihd.core.ambient import Ambient
    from ihd.core.live import LiveSnapshot


METER_READINGS_FROM = 2  # the version of the statement that first names them


class HomeDevices:
    def __init__(self, shared: Shared, publish: Publish, consent: Callable[[], ConsentState | None],
                 snapshot: Callable[[], LiveSnapshot], lamp: Callable[[], Ambient | None]) -> None:
        """`consent` the household's choices once read (None before), `snapshot` the live figures,
        `lamp` what the ambient lamp shows."""
        self.s = shared
        self._publish, self._consent_now, self._snapshot, self._lamp = publish, consent, snapshot, lamp
        self.node = ha.node_id(os.uname().nodename)  # the host's name, without the socket module
        self._connected = False
        self._announced = False  # the discovery config is on the broker
        self._must_clear = False  # something was shared that a withdrawal must take away
        self._last_state: float | None = None
        self._checked_leftovers = False
        self._will_cleared = False  # this connection found the availability topic cleared

    def set_connected(self, connected: bool) -> None:
        self._connected = connected
        self._announced = False
        self._will_cleared = False
        self.update(force=True)

    def update(self, *, force: bool = False) -> None:
        """Each second, on connecting and on every consent choice."""
        state = self._consent_now()
        if not self._connected or state is None:
            return
        if not state.allows(Category.HOME_DEVICES):
            # also once after a start, if it was ever on: a withdrawal may have come while offline
            if self._must_clear or (not self._checked_leftovers and state.since(Category.HOME_DEVICES)):
                self._clear()
            elif not self._will_cleared:  # an `offline` the last will left after a crash
                self._send(ha.AVAILABILITY, b"")
            self._checked_leftovers, self._will_cleared = True, True
            return
        self._must_clear = True
        if not self._announced:
            for topic, payload in ha.discovery(self.node, self._prefix, __version__):
                self._publish(topic, payload, 1, True)
            self._send(ha.AVAILABILITY, ha.ONLINE)
            self._announced, force = True, True
        now = self.s.clock.monotonic()
        if force or self._last_state is None or now - self._last_state >= ha.STATE_EVERY_S:
            self._send(ha.STATE, ha.state(self.figures()))
            self._last_state = now

    def stop(self) -> None:
        if self._connected and self._announced:
            self._send(ha.AVAILABILITY, ha.OFFLINE)

    def figures(self) -> ha.Figures:
        snap = self._snapshot()
        elec, gas = snap.electricity, snap.gas
        shown = self._lamp()
        credit = None
        if snap.account is not None:
            state = snap.account.prepayment.get(Fuel.ELECTRICITY)
            if state is not None and state in snap.account.in_prepayment():
                credit = float(state.credit_p) / 100
        today = elec.today
        # Always the local day's start, even when the data begins later: a backfill of the morning
        # then raises the same day's total, where a `since` that moved back would count it twice.
        since = local_day_start(snap.now, self.s.tz)
        return ha.Figures(
            power_kw=elec.recent_kw,
            energy_today_kwh=float(today.kwh) if today is not None else None,
            cost_today_gbp=float(today.cost_p) / 100 if today and today.cost_p is not None else None,
            cost_today_since=since.astimezone(self.s.tz).isoformat(),
            gas_today_kwh=float(gas.today.kwh) if gas.today is not None else None,
            **self._beyond_the_first_words(snap),
            level=shown.level.value if shown is not None and shown.level is not None else None,
            credit_gbp=credit,
        )

    def _beyond_the_first_words(self, snap: LiveSnapshot) -> dict[str, float | None]:
        """The meter readings and the price now: named only from the second version of the
        statement, so sent only to a household that allowed sharing on those words."""
        state = self._consent_now()
        if state is None or (state.version(Category.HOME_DEVICES) or 0) < METER_READINGS_FROM:
            return dict.fromkeys(("unit_rate_gbp_per_kwh", "electricity_import_kwh", "electricity_export_kwh",
                                  "gas_import_kwh", "gas_import_m3"))
        rate = snap.electricity.unit_rate_p
        return {"unit_rate_gbp_per_kwh": float(rate) / 100 if rate is not None else None,
                **self._registers(snap.electricity.meter, snap.gas.meter)}

    def _registers(self, elec: dict[Direction, RegisterReading],
                   gas: dict[Direction, RegisterReading]) -> dict[str, float | None]:
        conversion = self.s.config.gas_conversion()

        def kwh(reading: RegisterReading | None) -> float | None:
            return float(to_kwh(reading.value, reading.unit, conversion)) if reading is not None else None

        gas_in = gas.get(Direction.IMPORT)
        return {
            "electricity_import_kwh": kwh(elec.get(Direction.IMPORT)),
            "electricity_export_kwh": kwh(elec.get(Direction.EXPORT)),
            "gas_import_kwh": kwh(gas_in),
            "gas_import_m3": float(to_m3(gas_in.value, gas_in.unit))
            if gas_in is not None and gas_in.unit is not RegisterUnit.KWH else None,
        }

    def _clear(self) -> None:
        for topic, payload in ha.removal(self.node):
            self._publish(topic, payload, 1, True)
        self._send(ha.STATE, b"")
        self._send(ha.AVAILABILITY, b"")
        self._must_clear, self._announced, self._last_state = False, False, None

    @property
    def _prefix(self) -> str:
        return self.s.config.bridge.native_prefix.strip("/")

    def _send(self, topic: str, payload: bytes) -> None:
        self._publish(f"{self._prefix}/{topic}", payload, 1, True)

"""The demo's data source: the simulated home, in this process, speaking the native contract.

It feeds the same path a real bridge does (dialect, feed, live model), on a thread of its own in
place of the MQTT network thread, so the demo shows exactly what a real home would.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from ihd.core.clock import Clock
from ihd.core.periods import local_day_start
from ihd.core.readings import BackfillReading
from ihd.core.units import Direction, Fuel, RegisterUnit
from ihd.han.prepay_sim import PrepaymentMeter, demo_codes
from ihd.han.simulator import SimulatedHome, carbon_forecast, native_messages, native_status, past_use

MessageHandler = Callable[[str, bytes, bool], None]
REPLAY_STEP = timedelta(minutes=30)
LONDON = ZoneInfo("Europe/London")


class DemoSource:
    def __init__(self, clock: Clock, on_message: MessageHandler, interval: float = 3.0,
                 prefix: str = "ihd/v1", tariff: str = "single", meter: PrepaymentMeter | None = None) -> None:
        self._clock = clock
        self._on_message = on_message
        self._interval = interval
        self._prefix = prefix
        self._tariff = tariff
        self._meter = meter  # a prepayment meter, answering the display's commands
        self._kwh = None  # the register at the last reading, to charge the meter for use since
        self._home = SimulatedHome(local_day_start(clock.now(), LONDON))  # replayed up to now at start
        self._start = self._home.day_start
        self._stopping = threading.Event()
        self._nudge = threading.Event()  # report now, not at the next interval
        self.live = threading.Event()  # today's replay is over and the first live reading is out
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="ihd-demo-home", daemon=True)
        self._thread.start()

    def last_hour(self) -> list[tuple[datetime, float]]:
        """The simulated home's electricity demand a minute apart over the hour before now."""
        with self._lock:  # the home is the demo thread's
            now = self._clock.now()
            return [(at, self._home.electricity_watts(at)) for at in
                    (now - timedelta(minutes=m) for m in range(60, 0, -1)) if at >= self._start]

    def _replay_today(self) -> None:
        """Today's readings from local midnight, every five minutes, as a bridge that kept them
        would give: the day's chart has its shape from the first moment."""
        now = self._clock.now()
        at = self._start
        while at < now - REPLAY_STEP:
            for topic, payload, _retain in native_messages(self._home.reading(at), self._prefix):
                if topic.endswith("/import"):  # registers only: demand then would not be current
                    self._on_message(topic, payload, False)
            at += REPLAY_STEP

    def stop(self, timeout: float = 5.0) -> None:
        self._stopping.set()
        self._nudge.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def _run(self) -> None:
        for topic, payload, retain in native_status(self._prefix, self._tariff, self._meter is not None):
            self._on_message(topic, payload, retain)
        self._replay_today()
        forecast_hour = None
        while not self._stopping.is_set():
            with self._lock:
                now = self._clock.now()
                if now.hour != forecast_hour:  # the grid's forecast, renewed each hour as a feed would
                    forecast_hour = now.hour
                    self._on_message(*carbon_forecast(now, LONDON, self._prefix))
                reading = self._home.reading(now)
                messages = native_messages(reading, self._prefix)
                if self._meter is not None:
                    used = reading.electricity_kwh - self._kwh if self._kwh is not None else 0
                    self._meter.run_to(now, used)
                    messages += self._meter_messages(now)
                self._kwh = reading.electricity_kwh
            for topic, payload, _retain in messages:
                self._on_message(topic, payload, False)
            self.live.set()
            self._nudge.wait(self._interval)
            self._nudge.clear()

    def _meter_messages(self, now) -> list[tuple[str, bytes, bool]]:  # type: ignore[no-untyped-def]
        assert self._meter is not None
        return [(f"{self._prefix}/{topic}", payload, retain) for topic, payload, retain
                in self._meter.bridge_messages(now)]

    def publish(self, topic: str, payload: bytes, qos: int = 1, retain: bool = False) -> None:
        """The display's commands, answered by the simulated meter as its bridge would."""
        name = topic.removeprefix(f"{self._prefix}/command/")
        if self._meter is None or name == topic:
            return
        with self._lock:
            now = self._clock.now()
            answer = self._meter.handle(name, payload, now)
            messages = self._meter_messages(now)
        if answer is not None:
            messages.insert(0, (f"{self._prefix}/{answer[0]}", answer[1], False))
        for message_topic, message, retained in messages:
            self._on_message(message_topic, message, retained)

    def codes(self) -> tuple[str, ...]:
        """Top-up codes the simulated meter will take (none unless it is a prepayment meter)."""
        if self._meter is None:
            return ()
        with self._lock:
            used = set(self._meter.used_codes)
        return tuple(c for c in demo_codes(30) if c not in used)[:3]

    def run_out_of_credit(self) -> None:
        """The demo's way to see a disconnection: the credit and emergency credit are used up."""
        if self._meter is None:
            return
        with self._lock:
            self._meter.use_up_credit()
        self._nudge.set()

    def boil_kettle(self) -> None:
        """The demo's kettle: from any thread; the next reading comes at once."""
        with self._lock:
            self._home.boil_kettle(self._clock.now())
        self._nudge.set()


def demo_year(tz: ZoneInfo, today: date) -> list[BackfillReading]:
    """Thirteen months of the simulated home before `today`, as a bridge's backfill would
    bring them, so every chart in the demo has something to show."""
    electricity, gas = past_use(today - timedelta(days=396), today, tz)
    return [
        BackfillReading(Fuel.ELECTRICITY, Direction.IMPORT, True, RegisterUnit.KWH, tuple(electricity)),
        BackfillReading(Fuel.GAS, Direction.IMPORT, True, RegisterUnit.M3, tuple(gas)),
    ]


def demo_meter() -> PrepaymentMeter:
    """The prepayment demo's meter: some credit, a debt being repaid, and a message to read."""
    from ihd.han.simulator import ELECTRICITY_TARIFF

    rate, standing = ELECTRICITY_TARIFF
    meter = PrepaymentMeter(rate, standing, credit_p=Decimal(850))
    meter.messages.append({"id": "1", "ts": "2026-11-20T09:00:00Z", "importance": "high", "confirm": True,
                           "text": "Your debt repayment is now 50p a day. Call us on 0800 000 0000 if this is "
                                   "hard to manage."})
    return meter

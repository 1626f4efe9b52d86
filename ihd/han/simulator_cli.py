"""`ihd-sim`: publish the simulated home to a real broker, as a bridge would.

    ihd-sim --broker mqtt://localhost:1883 --dialect glow
    ihd-sim --broker mqtt://localhost:1883 --dialect native --speed 60
    ihd-sim --broker mqtt://localhost:1883 --tariff cosy     # a time-of-use home
    ihd-sim --broker mqtt://localhost:1883 --prepayment      # a prepayment meter that takes top-ups

With --speed N the home's clock starts at yesterday's local midnight and runs N times faster
until it reaches the present, then carries on in real time; so a day of history arrives quickly
and the figures never claim to come from the future.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import signal
import sys
import threading
import time
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import NoReturn
from zoneinfo import ZoneInfo

import paho.mqtt.client as mqtt

from ihd.core.periods import local_day_start
from ihd.han.address import BrokerAddress
from ihd.han.prepay_sim import PrepaymentMeter, demo_codes
from ihd.han.simulator import (
    ELECTRICITY_TARIFF,
    TARIFFS,
    Message,
    SimulatedHome,
    carbon_forecast,
    glow_messages,
    native_messages,
    native_status,
)

log = logging.getLogger("ihd-sim")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


def _positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not 0 < value <= 10_000:
        raise argparse.ArgumentTypeError(f"{text!r} is not between 0 and 10000")
    return value


def _broker(text: str) -> BrokerAddress:
    try:
        return BrokerAddress.parse(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def parser() -> argparse.ArgumentParser:
    p = _Parser(prog="ihd-sim", description="Publish a simulated home's meters to an MQTT broker.")
    p.add_argument("--broker", type=_broker, default=BrokerAddress.parse("mqtt://localhost:1883"),
                   metavar="URL", help="mqtt://host:port (default mqtt://localhost:1883)")
    p.add_argument("--dialect", choices=["native", "glow"], default="native")
    p.add_argument("--tariff", choices=TARIFFS, default="single",
                   help="electricity tariff the native bridge announces: single rate, or cosy (time of use)")
    p.add_argument("--prepayment", action="store_true",
                   help="the electricity meter is prepayment: it burns credit, takes top-up codes and answers "
                   "the display's commands (native dialect only); prints codes to try")
    p.add_argument("--speed", type=_positive, default=1.0, help="how many times faster than real time")
    p.add_argument("--interval", type=_positive, default=10.0, help="seconds between messages")
    p.add_argument("--prefix", help="topic prefix (default ihd/v1 or glow)")
    p.add_argument("--device", default="SIMULATED0001", help="Glow device id")
    p.add_argument("--username")
    p.add_argument("--password", default=os.environ.get("IHD_SIM_PASSWORD"),
                   help="broker password (or IHD_SIM_PASSWORD, which other users cannot see in ps)")
    p.add_argument("--count", type=int, default=0, help="stop after this many rounds (0: run until stopped)")
    return p


class SimClock:
    """Runs `speed` times faster from `start` until it catches up with real time."""

    def __init__(self, start: datetime, speed: float) -> None:
        self._start, self._speed, self._t0 = start, speed, time.monotonic()

    def now(self) -> datetime:
        return min(self._fast(), datetime.now(UTC))

    def caught_up(self) -> bool:
        return self._fast() >= datetime.now(UTC)

    def _fast(self) -> datetime:
        return self._start + timedelta(seconds=(time.monotonic() - self._t0) * self._speed)


class MeterDesk:
    """The prepayment meter behind the simulated bridge, shared by the publishing loop and the
    network thread that brings the display's commands."""

    def __init__(self, meter: PrepaymentMeter, prefix: str) -> None:
        self.meter, self.prefix = meter, prefix
        self.lock = threading.Lock()
        self._kwh = None

    def records(self, at: datetime, kwh=None) -> list[Message]:  # type: ignore[no-untyped-def]
        with self.lock:
            if kwh is not None:
                self.meter.run_to(at, kwh - self._kwh if self._kwh is not None else 0)
                self._kwh = kwh
            return [(f"{self.prefix}/{t}", p, r) for t, p, r in self.meter.bridge_messages(at)]

    def command(self, topic: str, payload: bytes, at: datetime) -> list[Message]:
        name = topic.removeprefix(f"{self.prefix}/command/")
        with self.lock:
            answer = self.meter.handle(name, payload, at)
        found = [(f"{self.prefix}/{answer[0]}", answer[1], False)] if answer else []
        return found + self.records(at)


def rounds(args: argparse.Namespace, clock: SimClock, home: SimulatedHome,
           desk: MeterDesk | None = None) -> Iterable[list[Message]]:
    prefix = args.prefix or ("ihd/v1" if args.dialect == "native" else "glow")
    if args.dialect == "native":
        yield native_status(prefix, args.tariff, desk is not None)
    n, forecast_hour = 0, None
    while args.count == 0 or n < args.count:
        now = clock.now()
        reading = home.reading(now)
        if args.dialect == "native":
            extra = desk.records(now, reading.electricity_kwh) if desk is not None else []
            if now.hour != forecast_hour:  # the grid's carbon forecast, renewed each hour as ihd-feeds does
                forecast_hour = now.hour
                extra.append(carbon_forecast(now, ZoneInfo("Europe/London"), prefix))
            yield native_messages(reading, prefix) + extra
        else:
            yield glow_messages(reading, args.device, prefix)
        n += 1


def _send(client: mqtt.Client, topic: str, payload: bytes, retain: bool) -> None:
    """Publish and wait for the broker's word; while it is away (restarting, say) paho keeps the
    message and sends it once reconnected, so the simulated meter carries on rather than dying."""
    info = client.publish(topic, payload, qos=1, retain=retain)
    if info.rc != mqtt.MQTT_ERR_SUCCESS:
        return
    with contextlib.suppress(RuntimeError, ValueError):  # the connection went while waiting
        info.wait_for_publish(5)


def _client(args: argparse.Namespace) -> mqtt.Client:
    client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=f"ihd-sim-{args.device}")
    if args.username:
        client.username_pw_set(args.username, args.password)
    if args.broker.tls:
        client.tls_set()
    if args.dialect == "native":
        client.will_set(f"{args.prefix or 'ihd/v1'}/status", b'{"state":"offline"}', qos=1, retain=True)
    client.reconnect_delay_set(1, 10)
    client.on_disconnect = lambda *_: log.warning("lost the broker; reconnecting")
    return client


def _start(client: mqtt.Client, args: argparse.Namespace, desk: MeterDesk | None) -> str | None:
    """Connect and start the network loop, which reconnects by itself; None, or why the broker
    would not have it (a wrong login is final; a broker restarting later is not)."""
    answered, refused = threading.Event(), []

    def connected(c: mqtt.Client, _u: object, _f: object, reason: mqtt.ReasonCode, _p: object) -> None:
        if reason.is_failure:
            refused.append(str(reason))
        elif desk is not None:
            c.subscribe(f"{desk.prefix}/command/#", qos=1)
        answered.set()

    client.on_connect = connected
    try:
        client.connect(args.broker.host, args.broker.port)
    except OSError as error:
        return f"cannot connect to {args.broker}: {error.strerror or error}"
    client.loop_start()
    if not answered.wait(10) or refused:
        client.loop_stop()
        return f"{args.broker} refused the connection: {refused[0] if refused else 'no answer'}"
    return None


def main(argv: list[str] | None = None) -> int:
    p = parser()
    args = p.parse_args(sys.argv[1:] if argv is None else argv)
    if args.prepayment and args.dialect != "native":
        p.error("--prepayment needs the native dialect (a Glow device cannot relay commands)")
    logging.basicConfig(level=logging.INFO, format="ihd-sim: %(message)s")
    tz = ZoneInfo("Europe/London")
    now = datetime.now(UTC)
    start = now if args.speed == 1 else local_day_start(now, tz) - timedelta(days=1)
    clock = SimClock(start, args.speed)
    home = SimulatedHome(start, tz)

    client = _client(args)
    desk = None
    if args.prepayment:
        rate, standing = ELECTRICITY_TARIFF
        desk = MeterDesk(PrepaymentMeter(rate, standing), args.prefix or "ihd/v1")
        client.on_message = lambda c, _u, msg: [
            c.publish(t, p, qos=1, retain=r) for t, p, r in desk.command(msg.topic, msg.payload, clock.now())]
        log.info("prepayment meter: codes to try: %s", ", ".join(demo_codes(5)))
    if (problem := _start(client, args, desk)) is not None:
        print(f"ihd-sim: {problem}", file=sys.stderr)
        return 1
    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    log.info("publishing a simulated home to %s (%s, speed %g)", args.broker, args.dialect, args.speed)
    try:
        for batch in rounds(args, clock, home, desk):
            for topic, payload, retain in batch:
                _send(client, topic, payload, retain)
            if stopping.wait(args.interval if clock.caught_up() else args.interval / args.speed):
                break
    except KeyboardInterrupt:
        pass
    finally:
        client.disconnect()
        client.loop_stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

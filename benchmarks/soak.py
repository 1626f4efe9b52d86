"""A simulated year (or month) of a bridge, through the display's own code, on an injected clock.

    .venv/bin/python benchmarks/soak.py [--days 365] [--interval 10] [--dialect glow|native] [--json PATH]

The simulated home (ihd.han.simulator) speaks the Glow dialect or the native contract; each
message goes through the real dialect, the feed and live model, and the history service on its
own writer thread into a real SQLite file, with the daily prune. Along the way: restarts (every
part made anew from the file), re-sends of sampled days of every age up to 13 months, both clock
changes, and tariff changes at local midnights. At the end every day is checked against a hand
count made here, from the registers as sent (no ihd code): kWh, cost, carbon and standing charge.

Each simulated month reports resident memory, the SQLite files' size, messages per CPU-second,
the mean CPU time of a history write (one batch) and of a rate lookup, and the rows kept, so
growth shows; and the write time against the same writer on a fresh file measured that month,
so a machine that is busier in one month than another does not read as growth. CPU time, not
wall time, so that other work on the machine does not read as growth.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from ihd.core.clock import ManualClock
from ihd.core.live import LiveModel
from ihd.core.pricing import Pricer
from ihd.core.readings import BackfillReading, IntensityReading, PriceReading, RegisterReading, TariffReading
from ihd.core.units import Direction, Fuel, GasConversion, RegisterUnit
from ihd.han.dialects.glow import GlowDialect
from ihd.han.dialects.native import NativeDialect
from ihd.han.feed import Feed
from ihd.han.rejections import RejectionLog
from ihd.han.simulator import GAS_TARIFF, SimulatedHome, glow_messages, native_messages
from ihd.store.history import HistoryWriter
from ihd.store.service import HistoryReports, HistoryService
from ihd.store.writer import Writer

TZ = ZoneInfo("Europe/London")
HISTORY_READINGS = (RegisterReading, TariffReading, PriceReading, IntensityReading, BackfillReading)
D = Decimal
# Electricity tariffs (pence with VAT: unit rate, standing charge), each from a local midnight.
TARIFFS = ((D("24.67"), D("57.21")), (D("27.03"), D("53.68")), (D("25.73"), D("51.37")), (D("22.36"), D("60.12")))
TARIFF_EVERY_DAYS = 73
RESTART_EVERY_DAYS = 23
SAMPLE_EVERY_DAYS = 5  # days kept (every two hours) to re-send later
SAMPLE_EVERY_S = 2 * 3600
RESEND_AGES = (1, 2, 9, 15, 16, 31, 45, 61, 99, 150, 201, 260, 330, 390)  # days
# The hand count's own gas conversion and carbon factors (the display's defaults, written out).
KWH_PER_M3 = D("1.02264") * D("39.5") / D("3.6")
KG_PER_KWH = {Fuel.ELECTRICITY: D("0.177"), Fuel.GAS: D("0.18296")}


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


@dataclass
class HandCount:
    """Each local day's figures from the registers as sent, by linear interpolation at midnight."""

    at_midnight: dict[tuple[Fuel, date], Decimal] = field(default_factory=dict)
    rate_on: dict[date, tuple[Decimal, Decimal]] = field(default_factory=dict)
    last: dict[Fuel, tuple[datetime, Decimal]] = field(default_factory=dict)

    def saw(self, fuel: Fuel, at: datetime, value: Decimal) -> None:
        before = self.last.get(fuel)
        if before is not None and at > before[0]:
            day = before[0].astimezone(TZ).date() + timedelta(days=1)
            midnight = datetime(day.year, day.month, day.day, tzinfo=TZ).astimezone(UTC)
            if before[0] < midnight <= at:
                share = D((midnight - before[0]).total_seconds()) / D((at - before[0]).total_seconds())
                self.at_midnight[(fuel, day)] = before[1] + (value - before[1]) * share
        if before is None:
            self.at_midnight[(fuel, at.astimezone(TZ).date())] = value  # the run begins at a midnight
        if before is None or at > before[0]:
            self.last[fuel] = (at, value)

    def day(self, fuel: Fuel, day: date) -> dict[str, Decimal] | None:
        start, end = self.at_midnight.get((fuel, day)), self.at_midnight.get((fuel, day + timedelta(days=1)))
        if start is None or end is None:
            return None
        kwh = (end - start) * (KWH_PER_M3 if fuel is Fuel.GAS else 1)
        rate, standing = self.rate_on[day] if fuel is Fuel.ELECTRICITY else GAS_TARIFF
        return {"kwh": kwh, "cost_p": kwh * rate, "co2_kg": kwh * KG_PER_KWH[fuel], "standing_p": standing}


class Display:
    """The display's non-screen parts, made as app.py makes them, on the injected clock."""

    def __init__(self, path: Path, clock: ManualClock, dialect: str) -> None:
        self.clock = clock
        self.posted: deque[Callable[[], None]] = deque()
        self.live = LiveModel(clock, TZ, Pricer(TZ), gas=GasConversion())
        self.feed = Feed(GlowDialect() if dialect == "glow" else NativeDialect(), RejectionLog(), lambda: None)
        self.writer = Writer()
        self.writer.start()
        self.history = HistoryService(self.writer, path, Pricer(TZ), GasConversion(), clock, self.posted.append,
                                      HistoryReports(self.live.set_today, lambda _r: None, self._problem))
        self.history.open()
        self.writer.flush()
        self.write_s = 0.0
        self.writes = 0
        self._time_writes()

    def _problem(self, reason: str) -> None:
        if reason:
            raise RuntimeError(f"the history could not be saved: {reason}")

    def _time_writes(self) -> None:
        history: HistoryWriter = self.history._history  # type: ignore[assignment]
        apply = history.apply

        def timed(readings, received_at):  # type: ignore[no-untyped-def]
            began = time.thread_time()  # the writer thread's own CPU: not another process's share of it
            try:
                return apply(readings, received_at)
            finally:
                self.write_s += time.thread_time() - began
                self.writes += 1

        history.apply = timed  # type: ignore[method-assign]

    def receive(self, messages: list[tuple[str, bytes, bool]]) -> int:
        for topic, payload, retained in messages:
            self.feed.receive(topic, payload, retained)
        accepted = []
        while self.feed.pending:  # the feed hands over a slice at a time
            accepted += self.feed.drain(self.live)
        batch = [(topic, r) for topic, r in accepted if isinstance(r, HISTORY_READINGS)]
        if batch:
            self.history.add(batch)
        return len(messages)

    def settle(self) -> None:
        self.writer.flush()
        while self.posted:
            self.posted.popleft()()

    def lookup_us(self, rnd: random.Random, since: datetime, until: datetime, n: int = 20000) -> float:
        pricer = self.history._history.pricer  # type: ignore[union-attr]
        span = int((until - since).total_seconds())
        instants = [since + timedelta(seconds=rnd.randrange(span)) for _ in range(n)]
        began = time.thread_time()
        for at in instants:
            pricer.rate(Fuel.ELECTRICITY, Direction.IMPORT, at)
        return (time.thread_time() - began) / n * 1e6

    def close(self) -> None:
        self.history.close()
        self.settle()
        self.writer.stop()


def tariff_messages(dialect: str, rate: tuple[Decimal, Decimal], at: datetime) -> list[tuple[str, bytes, bool]]:
    """A native bridge announces a tariff from an instant; a Glow carries it in every message."""
    if dialect == "glow":
        return []
    iso = at.strftime("%Y-%m-%dT%H:%M:%SZ")
    body = {"unit_rate_p_per_kwh": float(rate[0]), "standing_charge_p_per_day": float(rate[1]),
            "vat_included": True, "from": iso}
    gas = {"unit_rate_p_per_kwh": float(GAS_TARIFF[0]), "standing_charge_p_per_day": float(GAS_TARIFF[1]),
           "vat_included": True, "from": iso}
    return [("ihd/v1/electricity/tariff", json.dumps(body).encode(), True),
            ("ihd/v1/gas/tariff", json.dumps(gas).encode(), True)]


def messages_at(home: SimulatedHome, at: datetime, dialect: str, rate: tuple[Decimal, Decimal],
                hand: HandCount | None) -> list[tuple[str, bytes, bool]]:
    r = home.reading(at)
    if hand is not None:
        hand.saw(Fuel.ELECTRICITY, r.at, r.electricity_kwh)
        hand.saw(Fuel.GAS, r.gas_at, r.gas_m3)
    if dialect == "native":
        return native_messages(r)
    out = []
    for topic, payload, retained in glow_messages(r):
        if topic.endswith("electricitymeter"):  # the device carries the supplier's current price
            payload = payload.replace(b'"unitrate":0.2467,"standingcharge":0.5721',
                                      b'"unitrate":%s,"standingcharge":%s' % (str(rate[0] / 100).encode(),
                                                                              str(rate[1] / 100).encode()))
        out.append((topic, payload, retained))
    return out


def soak(folder: Path, days: int, interval_s: int, dialect: str = "glow", start: date = date(2026, 1, 1),
         report: Callable[[dict[str, object]], None] = lambda _row: None, tariff_every: int = TARIFF_EVERY_DAYS,
         restart_every: int = RESTART_EVERY_DAYS) -> dict[str, object]:
    """Run the soak; returns the per-month table and every day's mismatches against the hand count."""
    rnd = random.Random(15)
    first = datetime(start.year, start.month, start.day, tzinfo=TZ).astimezone(UTC)
    clock = ManualClock(first)
    path = folder / "history.sqlite3"
    home, hand = SimulatedHome(first, TZ), HandCount()
    display = Display(path, clock, dialect)
    samples: dict[date, list[list[tuple[str, bytes, bool]]]] = {}
    months: list[dict[str, object]] = []
    sent = resent = restarts = 0
    month_began, cpu_began, sent_began = start.month, time.process_time(), 0
    at, end = first, local_midnight(start + timedelta(days=days))
    rate = TARIFFS[0]
    while at < end:
        local = at.astimezone(TZ)
        day_index = (local.date() - start).days
        if local.time().hour == 0 and local.minute == 0 and local.second == 0:  # a local midnight
            rate = TARIFFS[(day_index // tariff_every) % len(TARIFFS)]
            hand.rate_on[local.date()] = rate
            if day_index % tariff_every == 0:
                sent += display.receive(tariff_messages(dialect, rate, at))
            if local.month != month_began and day_index:
                months.append(_month_row(display, path, rnd, first, at, month_began, sent - sent_began,
                                         time.process_time() - cpu_began))
                report(months[-1])
                month_began, cpu_began, sent_began = local.month, time.process_time(), sent
        clock.advance((at - clock.now()).total_seconds())
        batch = messages_at(home, at, dialect, rate, hand)
        sent += display.receive(batch)
        if day_index % SAMPLE_EVERY_DAYS == 0 and int((at - first).total_seconds()) % SAMPLE_EVERY_S == 0:
            samples.setdefault(local.date(), []).append(batch)
        if local.hour == 12 and local.minute == 0 and local.second == 0:
            resent += _resend(display, samples, local.date(), day_index)
        if int((at - first).total_seconds()) % 3600 == 0:
            display.settle()  # the writer keeps up, as it must on a Pi
        if day_index and day_index % restart_every == 0 and local.hour == 15 and local.minute == 0 \
                and local.second == 0:
            display.close()
            display = Display(path, clock, dialect)
            restarts += 1
            sent += display.receive(tariff_messages(dialect, rate, local_midnight(local.date())))
        at += timedelta(seconds=interval_s)
    display.settle()
    months.append(_month_row(display, path, rnd, first, at, month_began, sent - sent_began,
                             time.process_time() - cpu_began))
    report(months[-1])
    clock.advance((at - clock.now()).total_seconds())
    display.receive(messages_at(home, at, dialect, rate, hand))  # the last day's closing reading
    display.settle()
    mismatches = _check(display.history._history, hand, start, days)  # type: ignore[arg-type]
    display.close()
    return {"dialect": dialect, "days": days, "interval_s": interval_s, "messages": sent, "resent": resent,
            "restarts": restarts, "months": months, "mismatches": mismatches, "days_checked": days}


def local_midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=TZ).astimezone(UTC)


def _resend(display: Display, samples: dict[date, list[list[tuple[str, bytes, bool]]]], today: date,
            day_index: int) -> int:
    """A sampled day of one of the ages, replayed as a bridge replays its store after an outage."""
    age = RESEND_AGES[day_index % len(RESEND_AGES)]
    target = today - timedelta(days=age)
    near = min(samples, key=lambda d: abs((d - target).days), default=None)
    if near is None or near >= today:
        return 0
    return sum(display.receive(batch) for batch in samples[near])


def reference_write_ms(folder: Path, start: datetime) -> float:
    """The same writer on a fresh file, fed a fixed day of minute registers an hour a batch: what a
    history write costs this month on this machine with nothing kept yet. The year's write time is
    read against it, so a machine that is slower this month does not read as the history growing."""
    readings = [("t", RegisterReading(Fuel.ELECTRICITY, Direction.IMPORT, D(1000) + D(n) / 100, RegisterUnit.KWH,
                                      start + timedelta(minutes=n))) for n in range(1440)]
    with tempfile.TemporaryDirectory(dir=folder) as where:
        writer = HistoryWriter(Path(where) / "reference.sqlite3", Pricer(TZ), GasConversion())
        try:
            began = time.thread_time()
            for i in range(0, len(readings), 60):
                writer.apply(readings[i:i + 60], start + timedelta(minutes=i + 60))
            return (time.thread_time() - began) / (len(readings) / 60) * 1000
        finally:
            writer.close()


def _month_row(display: Display, path: Path, rnd: random.Random, first: datetime, now: datetime, month: int,
               messages: int, cpu_s: float) -> dict[str, object]:
    display.settle()
    db = display.history._history.db  # type: ignore[union-attr]
    size = sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))
    row = {
        "month": month,
        "rss_mb": round(rss_mb(), 1),
        "sqlite_mb": round(size / 1e6, 2),
        "messages": messages,
        "messages_per_cpu_s": round(messages / cpu_s) if cpu_s else 0,
        "history_write_ms": round(display.write_s / display.writes * 1000, 3) if display.writes else 0,
        "reference_write_ms": round(reference := reference_write_ms(path.parent, first), 3),
        "write_vs_reference": round(display.write_s / display.writes * 1000 / reference, 2) if display.writes else 0,
        "rate_lookup_us": round(display.lookup_us(rnd, first, now), 2),
        **{f"{table}_rows": db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
           for table in ("reading", "slot", "day", "tariff", "counted", "quarantine")},
    }
    display.write_s, display.writes = 0.0, 0
    return row


def _check(history: HistoryWriter, hand: HandCount, start: date, days: int) -> list[str]:
    """Every day against the hand count: to a millionth of a kWh and a thousandth of a penny."""
    found = []
    for n in range(days):
        day = start + timedelta(days=n)
        for fuel in Fuel:
            expected = hand.day(fuel, day)
            got = history.day_figures(fuel, Direction.IMPORT, day)
            row = history.db.execute("SELECT standing_p FROM day WHERE fuel = ? AND direction = 'import' AND day = ?",
                                     (fuel.value, day.isoformat())).fetchone()
            if expected is None or got is None or row is None:
                found.append(f"{day} {fuel}: expected {expected}, stored {got}")
                continue
            standing = None if row[0] is None else D(row[0])
            for name, value, tolerance in (("kwh", got.kwh, D("1e-6")), ("cost_p", got.cost_p, D("1e-3")),
                                           ("co2_kg", got.co2_kg, D("1e-6")), ("standing_p", standing, D("1e-9"))):
                if value is None or abs(value - expected[name]) > tolerance:
                    found.append(f"{day} {fuel} {name}: stored {value}, by hand {expected[name]}")
    return found


def main(argv: list[str] | None = None) -> int:
    import tempfile

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--interval", type=int, default=10, help="seconds between the bridge's messages")
    parser.add_argument("--dialect", choices=("glow", "native"), default="glow")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    columns = ("month", "rss_mb", "sqlite_mb", "messages", "messages_per_cpu_s", "history_write_ms",
               "reference_write_ms", "write_vs_reference", "rate_lookup_us", "reading_rows", "slot_rows",
               "tariff_rows", "counted_rows")
    print(" | ".join(columns), flush=True)
    with tempfile.TemporaryDirectory() as folder:
        result = soak(Path(folder), args.days, args.interval, args.dialect,
                      report=lambda row: print(" | ".join(str(row[c]) for c in columns), flush=True))
    print(f"{result['messages']} messages ({result['resent']} re-sent), {result['restarts']} restarts; "
          f"{len(result['mismatches'])} of {2 * args.days} day figures differ from the hand count")
    for line in result["mismatches"][:20]:  # type: ignore[index]
        print("  ", line)
    if args.json:
        args.json.write_text(json.dumps(result, indent=1, default=str))
    return 1 if result["mismatches"] else 0


if __name__ == "__main__":
    sys.exit(main())

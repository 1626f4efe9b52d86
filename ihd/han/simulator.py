"""A believable simulated home, for the demo and for `ihd-sim`.

Electricity: a fridge cycling, standby, lights and TV in the evening, kettle and cooking spikes.
Gas: central heating in the morning and evening, hot water. Everything is a pure function of
the local time and a seed, so the same moment always gives the same figures, and the registers
are integrated minute by minute from the local midnight of the day the home was started.

The home speaks both the native contract and the Glow dialect (`native_messages`, `glow_messages`).
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from ihd.core.periods import local_day_start, slots

try:  # hashlib's own blake2b, without hashlib loading OpenSSL's library on the way to the first frame
    from _blake2 import blake2b
except ImportError:  # a Python without it as a module of its own
    from hashlib import blake2b

ELECTRICITY_AT_MIDNIGHT = Decimal("6603.118")  # kWh on the start day's first minute
GAS_AT_MIDNIGHT = Decimal("5655.830")  # m3
KWH_PER_M3 = Decimal("11.2206")  # GB default conversion, as a Glow device would use
# Ofgem price cap, April to June 2026 (with VAT), as the demo's tariff.
ELECTRICITY_TARIFF = (Decimal("24.67"), Decimal("57.21"))
GAS_TARIFF = (Decimal("5.74"), Decimal("29.09"))
# A heat-pump household's banded tariff (Octopus Cosy style, 2026): three cheap windows and a peak.
COSY_BANDS = (("04:00", "07:00", Decimal("13.4"), "cosy"), ("13:00", "16:00", Decimal("13.4"), "cosy"),
              ("22:00", "00:00", Decimal("13.4"), "cosy"), ("16:00", "19:00", Decimal("39.8"), "peak"))
COSY_RATE = Decimal("26.5")
TARIFFS = ("single", "cosy")
# (start minute, length in minutes, watts) of the electric appliances a day brings
SPIKES = ((7 * 60 + 10, 3, 2900), (10 * 60 + 30, 3, 2900), (13 * 60, 4, 2900), (16 * 60, 3, 2900),
          (19 * 60 + 40, 3, 2900), (12 * 60 + 30, 15, 1500), (18 * 60, 40, 2100), (10 * 60, 60, 450))
HEATING = ((6 * 60, 8 * 60 + 30), (17 * 60, 22 * 60))
KETTLE_W = 3000


def _noise(seed: int, *key: int) -> float:
    """A repeatable number in [0, 1) for this seed and key."""
    digest = blake2b(repr((seed, *key)).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") / 2**64


@dataclass(frozen=True, slots=True)
class HomeReading:
    """What the simulated home's meters read at one moment."""

    at: datetime
    electricity_w: float
    electricity_kwh: Decimal
    gas_m3: Decimal
    gas_at: datetime  # a gas meter reports every 30 minutes
    electricity_day_start: tuple[datetime, Decimal]
    gas_day_start: tuple[datetime, Decimal]


class SimulatedHome:
    def __init__(self, start: datetime, tz: ZoneInfo | None = None, seed: int = 7) -> None:
        self._tz = tz or ZoneInfo("Europe/London")
        self._seed = seed
        self._day = local_day_start(start, self._tz)
        self._elec_day_start = ELECTRICITY_AT_MIDNIGHT
        self._gas_day_start = GAS_AT_MIDNIGHT
        self._minute = self._day  # registers are integrated up to here
        self._elec = self._elec_day_start
        self._gas = self._gas_day_start
        self._gas_at_last_report = self._gas
        self._kettle_until: datetime | None = None
        self.reading(start)

    def boil_kettle(self, at: datetime, minutes: int = 3) -> None:
        """Someone puts the kettle on (the demo's button): 3 kW for a few minutes from `at`."""
        self._kettle_until = at + timedelta(minutes=minutes)
        self._kettle_from = at

    @property
    def day_start(self) -> datetime:
        """Local midnight of the day the home is on."""
        return self._day

    # -- the household's habits, by local minute of the day

    def electricity_watts(self, when: datetime) -> float:
        local = when.astimezone(self._tz)
        minute = local.hour * 60 + local.minute
        day = local.toordinal()
        watts = 95.0  # standby, router, boiler electronics
        if (minute + int(_noise(self._seed, day) * 50)) % 50 < 18:
            watts += 85  # the fridge compressor
        if minute >= 17 * 60 or minute < 60:
            watts += 320  # lights and television in the evening
        for start, length, load in SPIKES:
            if start <= minute < start + length and _noise(self._seed, day, start) > 0.15:
                watts += load
        if self._kettle_until is not None and self._kettle_from <= when < self._kettle_until:
            watts += KETTLE_W
        return watts * (0.95 + 0.1 * _noise(self._seed, day, minute))

    def gas_kw(self, when: datetime) -> float:
        local = when.astimezone(self._tz)
        minute = local.hour * 60 + local.minute
        day = local.toordinal()
        kw = 0.0
        for start, end in HEATING:
            if start <= minute < end:
                # the boiler modulates down once the house is warm
                kw += 14.0 if minute - start < 40 else 5.0 + 3.0 * _noise(self._seed, day, minute)
        if 7 * 60 <= minute < 7 * 60 + 12:
            kw += 18.0  # a shower
        return kw

    # -- registers

    def reading(self, when: datetime) -> HomeReading:
        """The home at `when` (which must not go back before the last call)."""
        while self._minute + timedelta(minutes=1) <= when:
            self._step_minute()
        part = Decimal((when - self._minute).total_seconds()) / 3600
        elec = self._elec + Decimal(self.electricity_watts(self._minute)) / 1000 * part
        gas_at = self._minute.replace(minute=(self._minute.minute // 30) * 30)
        return HomeReading(
            when,
            self.electricity_watts(when) * (0.97 + 0.06 * _noise(self._seed, int(when.timestamp()))),
            elec.quantize(Decimal("0.001")),
            self._gas_at_last_report.quantize(Decimal("0.001")),
            gas_at,
            (self._day, self._elec_day_start.quantize(Decimal("0.001"))),
            (self._day, self._gas_day_start.quantize(Decimal("0.001"))),
        )

    def _step_minute(self) -> None:
        at = self._minute
        self._elec += Decimal(self.electricity_watts(at)) / 1000 / 60
        self._gas += Decimal(self.gas_kw(at)) / 60 / KWH_PER_M3
        self._minute = at + timedelta(minutes=1)
        if self._minute.minute % 30 == 0:
            self._gas_at_last_report = self._gas
        day = local_day_start(self._minute, self._tz)
        if day != self._day:
            self._day, self._elec_day_start, self._gas_day_start = day, self._elec, self._gas


# How much of a winter's heating each month needs (hot water runs all year).
HEATING_BY_MONTH = (1.0, 0.95, 0.75, 0.5, 0.25, 0.05, 0.0, 0.0, 0.15, 0.45, 0.8, 1.0)
LIGHTING_BY_MONTH = (1.12, 1.08, 1.0, 0.95, 0.9, 0.88, 0.88, 0.9, 0.95, 1.0, 1.08, 1.12)


def past_use(first: date, end: date, tz: ZoneInfo | None = None, seed: int = 7) -> tuple[
        list[tuple[datetime, Decimal]], list[tuple[datetime, Decimal]]]:
    """Believable half-hourly use, kWh of electricity and m3 of gas, for the local days from
    `first` up to `end`: the home's own day, shaped by season (heating, lighting) and weekends
    (more use at home by day), with some day-to-day variety."""
    tz = tz or ZoneInfo("Europe/London")
    reference = local_day_start(datetime(2026, 1, 14, 12, tzinfo=tz), tz)
    home = SimulatedHome(reference, tz, seed)
    minutes = [reference + timedelta(minutes=m) for m in range(0, 1440)]
    elec_kw = [home.electricity_watts(t) / 1000 for t in minutes]
    shower = [18.0 if 7 * 60 <= m < 7 * 60 + 12 else 0.0 for m in range(1440)]
    heating_kw = [home.gas_kw(t) - shower[i] for i, t in enumerate(minutes)]
    elec, gas = [], []
    day = first
    while day < end:
        rnd = random.Random(seed * 100_000 + day.toordinal())
        weekend = day.weekday() >= 5
        heat = HEATING_BY_MONTH[day.month - 1] * (0.85 + 0.3 * rnd.random())
        light = LIGHTING_BY_MONTH[day.month - 1] * (0.9 + 0.2 * rnd.random())
        for slot, at in enumerate(slots(local_day_start(datetime.combine(day, time(12), tz), tz),
                                        local_day_start(datetime.combine(day + timedelta(days=1), time(12), tz), tz))):
            span = range(slot % 48 * 30, slot % 48 * 30 + 30)
            kw = sum(elec_kw[m] for m in span) / 30
            if weekend and 9 * 60 <= span.start < 17 * 60:
                kw *= 1.6  # at home all day
            kwh = Decimal(kw * light * (0.8 + 0.4 * rnd.random()) / 2)
            gas_kwh = sum(heating_kw[m] * heat + shower[m] for m in span) / 30 / 2
            elec.append((at, kwh.quantize(Decimal("0.0001"))))
            gas.append((at, (Decimal(gas_kwh) / KWH_PER_M3).quantize(Decimal("0.00001"))))
        day += timedelta(days=1)
    return elec, gas


def _iso(when: datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def _dumps(data: object) -> bytes:
    return json.dumps(data, default=float, separators=(",", ":")).encode()


Message = tuple[str, bytes, bool]  # topic, payload, retain


PREPAYMENT_COMMANDS = ["top-up", "emergency-credit", "enable-supply", "confirm-message", "payment-mode"]


def native_status(prefix: str = "ihd/v1", tariff_name: str = "single", prepayment: bool = False) -> list[Message]:
    """The retained records a native bridge publishes when it comes up; `tariff_name` is the
    electricity tariff: the price cap's single rate, or "cosy" (time of use). A prepayment
    meter's bridge says it can relay the prepayment commands."""
    rate, standing = ELECTRICITY_TARIFF
    gas_rate, gas_standing = GAS_TARIFF
    tariff = {"vat_included": True, "from": "2026-04-01T00:00:00+01:00"}
    electricity: dict[str, object] = {"unit_rate_p_per_kwh": rate, "standing_charge_p_per_day": standing, **tariff}
    if tariff_name == "cosy":
        electricity["unit_rate_p_per_kwh"] = COSY_RATE
        electricity["bands"] = [{"start": a, "end": b, "rate_p_per_kwh": p, "name": n} for a, b, p, n in COSY_BANDS]
    elif tariff_name != "single":
        raise ValueError(f"tariff must be one of {', '.join(TARIFFS)}")
    return [
        (f"{prefix}/status", _dumps({"state": "online", "detail": "simulated home"}), True),
        (f"{prefix}/capabilities", _dumps({"contract": "ihd/v1", "fuels": ["electricity", "gas"],
                                           "commands": PREPAYMENT_COMMANDS if prepayment else [],
                                           "features": ["prepayment"] if prepayment else []}), True),
        (f"{prefix}/electricity/tariff", _dumps(electricity), True),
        (f"{prefix}/gas/tariff", _dumps({"unit_rate_p_per_kwh": gas_rate,
                                         "standing_charge_p_per_day": gas_standing, **tariff}), True),
    ]


def native_messages(r: HomeReading, prefix: str = "ihd/v1") -> list[Message]:
    def day_start(pair: tuple[datetime, Decimal]) -> dict[str, object]:
        return {"ts": _iso(pair[0]), "value": pair[1]}

    ts = _iso(r.at)
    return [
        (f"{prefix}/electricity/demand", _dumps({"ts": ts, "watts": round(r.electricity_w, 1)}), False),
        (f"{prefix}/electricity/import", _dumps({"ts": ts, "value": r.electricity_kwh, "unit": "kWh",
                                                 "day_start": day_start(r.electricity_day_start)}), False),
        (f"{prefix}/gas/import", _dumps({"ts": _iso(r.gas_at), "value": r.gas_m3, "unit": "m3",
                                         "day_start": day_start(r.gas_day_start)}), False),
    ]


def glow_messages(r: HomeReading, device: str = "SIMULATED0001", prefix: str = "glow") -> list[Message]:
    """As a Glow device publishes: kW and pounds; day counters from UTC midnight."""
    utc_midnight = r.at.replace(hour=0, minute=0, second=0, microsecond=0)
    rate, standing = ELECTRICITY_TARIFF
    gas_rate, gas_standing = GAS_TARIFF
    price = {"unitrate": rate / 100, "standingcharge": standing / 100}
    elec_import: dict[str, object] = {"cumulative": r.electricity_kwh, "units": "kWh", "mpan": "EMPTY",
                                      "supplier": "---", "price": price}
    gas_import: dict[str, object] = {
        "cumulative": (r.gas_m3 * KWH_PER_M3).quantize(Decimal("0.001")), "units": "kWh",
        "cumulativevol": r.gas_m3, "cumulativevolunits": "m3", "dayweekmonthvolunits": "kWh",
        "mprn": "", "supplier": "---",
        "price": {"unitrate": gas_rate / 100, "standingcharge": gas_standing / 100}}
    # The device's day counters start at UTC midnight; the home knows them only when that is
    # also its local midnight (in winter).
    if r.electricity_day_start[0] == utc_midnight:
        elec_import["day"] = r.electricity_kwh - r.electricity_day_start[1]
    if r.gas_day_start[0] == utc_midnight:
        gas_import["day"] = ((r.gas_m3 - r.gas_day_start[1]) * KWH_PER_M3).quantize(Decimal("0.001"))
    elec = {"electricitymeter": {
        "timestamp": _iso(r.at),
        "energy": {"export": {"cumulative": 0.0, "units": "kWh"}, "import": elec_import},
        "power": {"value": round(r.electricity_w / 1000, 3), "units": "kW"}}}
    gas = {"gasmeter": {"timestamp": _iso(r.gas_at), "energy": {"import": gas_import}}}
    state = {"timestamp": _iso(r.at), "software": "simulated", "han": {"status": "joined"}}
    return [
        (f"{prefix}/{device}/STATE", _dumps(state), False),
        (f"{prefix}/{device}/SENSOR/electricitymeter", _dumps(elec), False),
        (f"{prefix}/{device}/SENSOR/gasmeter", _dumps(gas), False),
    ]


INTENSITY_BANDS = ((40, "very low"), (120, "low"), (200, "moderate"), (290, "high"))  # else "very high"


def carbon_forecast(now: datetime, tz: ZoneInfo, prefix: str = "ihd/v1", hours: int = 48) -> Message:
    """A believable winter forecast of the grid's carbon for the next `hours`, in the Carbon
    Intensity API's shape: windy nights low, the morning and the evening peak high, a little sun at
    midday; the same every day, so a demo is the same each time it is shown."""
    first = now.replace(minute=0 if now.minute < 30 else 30, second=0, microsecond=0)
    data = []
    for n in range(hours * 2):
        start = first + timedelta(minutes=30 * n)
        hour = start.astimezone(tz).hour + start.astimezone(tz).minute / 60
        grams = 150 - 45 * _bump(hour, 3, 3) + 60 * _bump(hour, 8, 1.5) - 30 * _bump(hour, 12.5, 2) \
            + 95 * _bump(hour, 17.5, 2)
        grams = round(grams)
        band = next((name for limit, name in INTENSITY_BANDS if grams < limit), "very high")
        data.append({"from": _iso(start), "to": _iso(start + timedelta(minutes=30)),
                     "intensity": {"forecast": grams, "index": band}})
    return (f"{prefix}/grid/carbon-intensity", _dumps({"data": data}), True)


def _bump(hour: float, centre: float, width: float) -> float:
    """1 at `centre` o'clock, falling away over `width` hours either side (round the clock)."""
    distance = min(abs(hour - centre), 24 - abs(hour - centre))
    return max(0.0, 1 - (distance / width) ** 2)

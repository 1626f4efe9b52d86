"""A batch placed in memory writes the same history, row for row, as each reading placed alone
the careful way: in order, out of order, repeated, backwards, a reset meter, a changed unit, day
starts, tariff and price changes and backfill among them, across pruned spans. On real SQLite."""

from datetime import timedelta
from decimal import Decimal

from history_helpers import LONDON, SINGLE_RATES, utc, writer_at
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ihd.core.pricing import Pricer
from ihd.core.readings import (
    BackfillReading,
    DayStart,
    IntensityReading,
    PriceReading,
    RegisterReading,
    TariffReading,
)
from ihd.core.units import Direction, Fuel, GasConversion, RegisterUnit
from ihd.store.history import HistoryWriter

D = Decimal
T0 = utc(2026, 10, 24, 21, 0)  # the night the clocks go back, with a midnight in it
NOW = utc(2026, 10, 27)
TABLES = {
    "reading": "fuel, direction, at, value, unit, series, source",
    "slot": "fuel, direction, start, amount, unit, kwh, cost_p, co2_kg, source",
    "day": "fuel, direction, day, kwh, cost_p, co2_kg, standing_p, covered_from, last_at, source, estimated",
    "quarantine": "id, fuel, direction, at, value, unit, reason, received",
    "counted": "fuel, direction, start_at, start_value, end_at, end_value, unit, series",
    "tariff": "fuel, effective, body",
    "price": "fuel, direction, start, rate",
    "intensity": "start, grams, band",
}


class Careful(HistoryWriter):
    """Every register reading placed alone, by the neighbours found in the database."""

    def _append(self, r, changes):
        return False


def table_rows(writer):
    return {name: writer.db.execute(f"SELECT {cols} FROM {name} ORDER BY {cols}").fetchall()
            for name, cols in TABLES.items()}


KINDS = ["next"] * 12 + ["daily"] * 6 + ["same", "late", "back", "jump", "reset", "m3", "hint", "coarse",
                                        "tariff", "tariff", "price", "intensity", "backfill", "export", "gas"]
MIDNIGHT = 3 * 3600  # seconds from T0 to the UTC midnight


def elec(value, seconds, unit=RegisterUnit.KWH, hint=None, micro=0):
    return RegisterReading(Fuel.ELECTRICITY, Direction.IMPORT, value, unit,
                           T0 + timedelta(seconds=seconds, microseconds=micro), hint)


def half_hour(n):
    return T0 + timedelta(minutes=30 * n)


def rising(draw, kind, value, at, rise, at_midnight):
    """The register's next reading, as `kind` spoils it."""
    shown = {"jump": value + 500, "reset": D(draw(st.integers(0, 20)))}.get(kind, value)  # too much; a new meter
    hint = None
    if kind == "hint":
        hint = DayStart(T0 + timedelta(seconds=at - draw(st.integers(0, 7200))), value - rise)
    elif kind == "daily" and at > MIDNIGHT:  # as a Glow sends with every reading
        hint = DayStart(T0 + timedelta(seconds=MIDNIGHT), at_midnight)
    micro = draw(st.integers(0, 999_999)) if kind == "coarse" else 0  # two in one stamped second
    return elec(shown, at, RegisterUnit.M3 if kind == "m3" else RegisterUnit.KWH, hint, micro)


def other(draw, kind, value, at, step, rise):
    """Anything but the register's next reading."""
    if kind == "same":
        return elec(value + draw(st.sampled_from([0, 1])), at)
    if kind in ("late", "back"):
        return elec(value - rise if kind == "late" else value - 50, max(0, at - step))
    if kind == "export":
        return RegisterReading(Fuel.ELECTRICITY, Direction.EXPORT, D(10) + D(at) / 10_000, RegisterUnit.KWH,
                               T0 + timedelta(seconds=at))
    if kind == "gas":
        return RegisterReading(Fuel.GAS, Direction.IMPORT, D(300) + D(at) / 100_000, RegisterUnit.M3,
                               T0 + timedelta(seconds=at))
    if kind == "tariff":
        rate = D(draw(st.sampled_from([20, 20, 25, 31])))
        return TariffReading(Fuel.ELECTRICITY, rate, D(50), True, T0 + timedelta(seconds=at - step))
    start = half_hour(draw(st.integers(-4, 8)))
    if kind == "price":
        return PriceReading(Fuel.ELECTRICITY, Direction.IMPORT, ((start, D(draw(st.integers(-5, 40)))),), True)
    if kind == "intensity":
        return IntensityReading(((start, draw(st.integers(0, 400)), "low"),))
    return BackfillReading(Fuel.ELECTRICITY, Direction.IMPORT, True, RegisterUnit.KWH, ((start, D("0.2")),))


@st.composite
def feeds(draw):
    """Readings, mostly a register rising in order, with every kind of trouble; and where the
    batches are cut."""
    out = []
    value, at, at_midnight = D(1000), 0, D(1000)
    for _ in range(draw(st.integers(1, 60))):
        kind = draw(st.sampled_from(KINDS))
        step = draw(st.integers(1, 3600))
        rise = D(draw(st.integers(0, 3000))) / 1000
        if kind in ("next", "daily", "hint", "coarse", "jump", "m3", "reset"):
            if at <= MIDNIGHT:
                at_midnight = value
            at, value = at + step, value + rise
            out.append(rising(draw, kind, value, at, rise, at_midnight))
        else:
            out.append(other(draw, kind, value, at, step, rise))
    cuts = sorted(set(draw(st.lists(st.integers(0, len(out)), max_size=4))))
    return out, cuts


def feed_in(writer, readings, cuts):
    """The readings in batches cut at `cuts`."""
    for a, b in zip([0, *cuts], [*cuts, len(readings)], strict=True):
        writer.apply([("t", r) for r in readings[a:b]], NOW)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(feeds(), st.booleans())
def test_a_batch_writes_what_each_reading_alone_writes(tmp_path_factory, feed, prune_first):
    readings, cuts = feed
    folder = tmp_path_factory.mktemp("batch")
    written = []
    for kind, name in ((HistoryWriter, "batched"), (Careful, "careful")):
        writer = kind(folder / f"{name}.sqlite3", Pricer(LONDON, configured=SINGLE_RATES), GasConversion())
        try:
            if prune_first:  # an old day, pruned: spans lie before the feed
                old = [RegisterReading(Fuel.ELECTRICITY, Direction.IMPORT, D(900) + i, RegisterUnit.KWH,
                                       T0 - timedelta(days=40, hours=-i)) for i in range(3)]
                writer.apply([("t", r) for r in old], T0 - timedelta(days=40))
                writer.prune(T0 - timedelta(days=40) + timedelta(days=30))
            if kind is Careful:
                for r in readings:
                    writer.apply([("t", r)], NOW)
            else:
                feed_in(writer, readings, cuts)
            written.append(table_rows(writer))
        finally:
            writer.close()
    assert written[0] == written[1]


def test_ten_thousand_readings_in_one_batch_count_the_whole_rise(tmp_path):
    """The flood's shape: one reading a second for nearly three hours, all in one batch."""
    writer = writer_at(tmp_path / "h.sqlite3")
    try:
        readings = [RegisterReading(Fuel.ELECTRICITY, Direction.IMPORT, D(1000) + D(i) / 1000, RegisterUnit.KWH,
                                    utc(2026, 1, 15, 9) + timedelta(seconds=i)) for i in range(10_000)]
        changes = writer.apply([("t", r) for r in readings], utc(2026, 1, 15, 12))
        assert not changes.rejected
        kwh = sum(D(k) for (k,) in writer.db.execute("SELECT kwh FROM slot"))
        assert kwh == D("9.999")
        assert writer.db.execute("SELECT COUNT(*) FROM reading").fetchone()[0] == 10_000
        day = writer.day_figures(Fuel.ELECTRICITY, Direction.IMPORT, utc(2026, 1, 15).date())
        assert day is not None
        assert day.kwh == D("9.999")
    finally:
        writer.close()

"""Tariffs kept as changes and found by bisect; prices and intensity by their half-hour."""

import itertools
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from ihd.core.pricing import KEEP, Pricer
from ihd.core.readings import IntensityReading, PriceReading, TariffReading
from ihd.core.tariff import Tariff
from ihd.core.timeline import Timeline
from ihd.core.units import Direction, Fuel

LONDON = ZoneInfo("Europe/London")
D = Decimal
T0 = datetime(2026, 1, 1, tzinfo=UTC)


class CountingList(list):
    """A list that counts how many of its entries a search looks at."""

    looked = 0

    def __getitem__(self, index):
        CountingList.looked += 1
        return super().__getitem__(index)


def glow_tariff(rate, at):
    return Tariff.from_reading(TariffReading(Fuel.ELECTRICITY, D(rate), D("60.1"), True, None), at)


def test_a_repeated_tariff_adds_nothing():
    pricer = Pricer(LONDON)
    edits = [pricer.add_tariff(Fuel.ELECTRICITY, glow_tariff("24.5", T0 + timedelta(seconds=10 * n)))
             for n in range(1000)]
    assert bool(edits[0])
    assert not any(edits[1:])
    assert len(pricer.tariffs(Fuel.ELECTRICITY)) == 1
    pricer.add_tariff(Fuel.ELECTRICITY, glow_tariff("26.0", T0 + timedelta(days=1)))
    pricer.add_tariff(Fuel.ELECTRICITY, glow_tariff("26.00", T0 + timedelta(days=2)))  # the same price
    assert [t.unit_rate_p for _, t in pricer.tariffs(Fuel.ELECTRICITY)] == [D("24.5"), D(26)]
    assert pricer.tariff_at(Fuel.ELECTRICITY, T0 + timedelta(hours=30)).unit_rate_p == 26


def test_a_lookup_looks_at_a_logarithmic_number_of_entries():
    looked = {}
    for n in (1_000, 100_000):
        timeline = Timeline(lambda a, b: a == b)
        for i in range(n):
            timeline.add(T0 + timedelta(minutes=i), i)
        timeline._at = CountingList(timeline._at)
        CountingList.looked = 0
        for i in range(0, n, n // 100):
            assert timeline.at(T0 + timedelta(minutes=i, seconds=30)) == i
        looked[n] = CountingList.looked / 100
    assert looked[1_000] <= 11
    assert looked[100_000] <= 18


@given(st.lists(st.tuples(st.integers(0, 50), st.integers(0, 3)), max_size=40), st.booleans())
def test_a_timeline_holds_changes_only_and_answers_as_the_full_record_would(events, in_order):
    """Kept as changes, it answers every instant as the plain record of every word would (the
    latest word for an instant winning), for words in time order as a bridge sends them. In any
    order it never holds a change that repeats the one before."""
    timeline: Timeline[int] = Timeline(lambda a, b: a == b)
    record: dict[int, int] = {}
    for minute, value in sorted(events, key=lambda e: e[0]) if in_order else events:
        timeline.add(T0 + timedelta(minutes=minute), value)
        record[minute] = value
    values = [v for _, v in timeline]
    assert all(a != b for a, b in itertools.pairwise(values))
    if not in_order:
        return
    for minute in range(52):
        known = [record[m] for m in sorted(record) if m <= minute]
        assert timeline.at(T0 + timedelta(minutes=minute, seconds=1)) == (known[-1] if known else None)


def test_forgetting_keeps_the_tariff_in_force_at_the_cut():
    pricer = Pricer(LONDON)
    for day in range(5):
        pricer.add_tariff(Fuel.ELECTRICITY, glow_tariff(20 + day, T0 + timedelta(days=day)))
    dropped = pricer.forget_before(T0 + timedelta(days=2, hours=5))
    assert dropped[Fuel.ELECTRICITY] == [T0, T0 + timedelta(days=1)]
    assert pricer.tariff_at(Fuel.ELECTRICITY, T0 + timedelta(days=2, hours=6)).unit_rate_p == 22


def test_prices_and_intensity_repeated_add_nothing_and_old_ones_are_forgotten():
    pricer = Pricer(LONDON)
    day = tuple((T0 + timedelta(minutes=30 * n), D(n)) for n in range(48))
    reading = PriceReading(Fuel.ELECTRICITY, Direction.IMPORT, day, True)
    assert len(pricer.add_prices(reading)) == 48
    assert pricer.add_prices(reading) == []
    intensity = IntensityReading(tuple((s, 100, "low") for s, _ in day))
    assert len(pricer.add_intensity(intensity)) == 48
    assert pricer.add_intensity(intensity) == []
    later = T0 + KEEP + timedelta(days=1)
    pricer.add_prices(PriceReading(Fuel.ELECTRICITY, Direction.IMPORT, ((later, D(9)),), True))
    assert pricer.import_rate(Fuel.ELECTRICITY, T0) is None  # older than any history it could price
    assert pricer.import_rate(Fuel.ELECTRICITY, later) == 9


def test_export_earnings_carry_no_vat():
    """2.4 kWh exported at 15p earns 36p, with or without VAT on the import side."""
    tariff = Tariff(D(24), D(50), vat_included=False, export_rate_p=D(15))
    pricer = Pricer(LONDON, configured={Fuel.ELECTRICITY: tariff})
    assert pricer.export_rate(Fuel.ELECTRICITY, T0) * D("2.4") == 36
    assert pricer.import_rate(Fuel.ELECTRICITY, T0) == D("25.2")  # import still carries it
    pricer.add_prices(PriceReading(Fuel.ELECTRICITY, Direction.EXPORT, ((T0, D(15)),), False))
    assert pricer.rate(Fuel.ELECTRICITY, Direction.EXPORT, T0) == 15

"""A day known only as a total: priced exactly on one rate, estimated (and said to be) on a rate
that varies through the day; shown on the day view, never as "no use". On a real history file."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from history_helpers import LONDON, utc

from ihd.core.bands import Band
from ihd.core.history_view import HistoryViewModel
from ihd.core.periods import PeriodKind, local_midnight
from ihd.core.readings import BackfillReading
from ihd.core.tariff import Tariff
from ihd.core.units import Direction, DisplayUnit, Fuel, RegisterUnit
from ihd.i18n import I18n
from ihd.store.export import gather

D = Decimal
DAY = date(2026, 11, 20)
NOW = utc(2026, 11, 25, 12)
# Economy 7 in GMT: 10p from 00:30 to 07:30 (14 half-hours), 30p the other 34
E7 = Tariff(D(30), D(50), bands=(Band(time(0, 30), time(7, 30), D(10), "night"),), bands_in_gmt=True)


def day_total(day, kwh):
    return BackfillReading(Fuel.ELECTRICITY, Direction.IMPORT, False, RegisterUnit.KWH,
                           ((datetime.combine(day, time(0), LONDON), D(kwh)),))


def view(reader, kind, unit, offset):
    return HistoryViewModel(I18n("en_GB"), LONDON, reader()).build(kind, offset, Fuel.ELECTRICITY, unit, NOW)


def test_on_one_rate_a_day_total_is_priced_exactly(make_writer):
    writer = make_writer()  # 20p all day
    writer.apply([("t", day_total(DAY, 15))], NOW)
    day = writer.day_figures(Fuel.ELECTRICITY, Direction.IMPORT, DAY)
    assert (day.kwh, day.cost_p, day.estimated) == (15, 300, False)


def test_on_a_banded_rate_it_is_an_estimate_said_to_be_one_on_every_view(make_writer, reader, tmp_path):
    writer = make_writer({Fuel.ELECTRICITY: E7})
    writer.apply([("t", day_total(DAY, 15))], NOW)
    day = writer.day_figures(Fuel.ELECTRICITY, Direction.IMPORT, DAY)
    assert day.estimated
    assert day.cost_p == D(15) * (14 * 10 + 34 * 30) / 48  # no shape of its own yet: the bands' average
    money = view(reader, PeriodKind.DAY, DisplayUnit.MONEY, -5)
    assert money.total == "In all: about £3.63"
    assert money.comparison == "Estimated: the meter sent only a day total"
    assert money.extra == "Plus 50p in standing charges"
    energy = view(reader, PeriodKind.DAY, DisplayUnit.ENERGY, -5)
    assert energy.total == "In all: 15.0 kWh"  # the meter's own figure: no estimate
    assert not energy.empty
    week = view(reader, PeriodKind.WEEK, DisplayUnit.MONEY, -1)
    assert [b.text for b in week.bars if b.value] == ["about £3.63"]
    assert week.total == "In all: about £3.63"
    assert [(d["day"], d["estimated"]) for d in gather(tmp_path / "history.sqlite3")["days"]] == [
        ("2026-11-20", True)]


def test_the_estimate_follows_the_households_usual_day(make_writer):
    """A household whose use falls at night has its day total priced mostly at the night rate."""
    writer = make_writer({Fuel.ELECTRICITY: E7})
    start = local_midnight(DAY - timedelta(days=14), LONDON)  # all in GMT, as the bands are
    nights = tuple((start + timedelta(minutes=30 * n), D(1) if time(0, 30) <= (start + timedelta(
        minutes=30 * n)).time() < time(7, 30) else D(0)) for n in range(48 * 14))
    writer.apply([("t", BackfillReading(Fuel.ELECTRICITY, Direction.IMPORT, True, RegisterUnit.KWH, nights))], NOW)
    writer.apply([("t", day_total(DAY, 15))], NOW)
    day = writer.day_figures(Fuel.ELECTRICITY, Direction.IMPORT, DAY)
    assert day.cost_p == pytest.approx(D(150), abs=D("1e-20"))  # all 15 kWh at night, at 10p
    assert day.estimated

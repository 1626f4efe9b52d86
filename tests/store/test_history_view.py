"""The history screen's figures, from a real history file."""

from datetime import date, datetime, timedelta
from decimal import Decimal

from history_helpers import LONDON, utc

from ihd.core.history_view import HistoryViewModel
from ihd.core.periods import PeriodKind, local_midnight
from ihd.core.readings import BackfillReading, RegisterReading
from ihd.core.units import Direction, DisplayUnit, Fuel, RegisterUnit
from ihd.i18n import I18n

D = Decimal
NOW = utc(2026, 11, 25, 12, 10)  # a Wednesday


def half_hourly(day, kwh_each):
    start = local_midnight(day, LONDON)
    return BackfillReading(Fuel.ELECTRICITY, Direction.IMPORT, True, RegisterUnit.KWH,
                           tuple((start + timedelta(minutes=30 * i), D(kwh_each)) for i in range(48)))


def model(reader, language="en_GB"):
    return HistoryViewModel(I18n(language), LONDON, reader())


def test_today_by_half_hour_against_yesterday_by_this_time(make_writer, reader):
    writer = make_writer()
    writer.apply([("t", half_hourly(date(2026, 11, 24), "0.5"))], NOW)
    writer.apply([("t", RegisterReading(Fuel.ELECTRICITY, Direction.IMPORT, D(100), RegisterUnit.KWH,
                                        utc(2026, 11, 25))),
                  ("t", RegisterReading(Fuel.ELECTRICITY, Direction.IMPORT, D("110.8"), RegisterUnit.KWH,
                                        utc(2026, 11, 25, 12)))], NOW)
    view = model(reader).build(PeriodKind.DAY, 0, Fuel.ELECTRICITY, DisplayUnit.ENERGY, NOW)
    assert view.title == "Today"
    assert len(view.bars) == 48
    assert view.bars[0].label == "00:00"
    assert view.bars[0].value == 0.45
    assert view.bars[0].previous == 0.5
    assert view.bars[30].value is None  # the afternoon has not happened yet
    assert view.total == "So far: 10.8 kWh"
    assert view.comparison == "10% less than yesterday by this time"  # 10.8 against 12.0 by 12:00
    assert view.bars[3].spoken == "01:30 to 02:00, 0.45 kilowatt hours"
    assert "litres of water" in view.extra
    assert view.has_later is False
    yesterday = model(reader).build(PeriodKind.DAY, -1, Fuel.ELECTRICITY, DisplayUnit.ENERGY, NOW)
    assert yesterday.title == "Yesterday"
    assert yesterday.total == "In all: 24.0 kWh"
    assert yesterday.has_later


def test_week_and_month_by_day_and_year_by_month(make_writer, reader):
    writer = make_writer()
    for n in range(40):
        writer.apply([("t", half_hourly(date(2026, 11, 24) - timedelta(days=n), "0.25"))], NOW)
    week = model(reader).build(PeriodKind.WEEK, 0, Fuel.ELECTRICITY, DisplayUnit.ENERGY, NOW)
    assert [b.label for b in week.bars] == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    assert [b.value for b in week.bars[:3]] == [12.0, 12.0, None]
    assert week.comparison == "About the same as last week by this time"
    month = model(reader).build(PeriodKind.MONTH, 0, Fuel.ELECTRICITY, DisplayUnit.ENERGY, NOW)
    assert len(month.bars) == 30
    assert month.bars[0].when == "Sunday 1 November"
    year = model(reader).build(PeriodKind.YEAR, 0, Fuel.ELECTRICITY, DisplayUnit.ENERGY, NOW)
    assert [b.label for b in year.bars][:2] == ["Jan", "Feb"]
    assert year.bars[9].value == 12.0 * 16  # 16 to 31 October
    assert year.bars[10].value == 12.0 * 24


def test_money_adds_the_standing_charges_and_carbon_an_equivalent(make_writer, reader):
    writer = make_writer()
    writer.apply([("t", half_hourly(date(2026, 11, 23), "0.5")), ("t", half_hourly(date(2026, 11, 24), "0.5"))],
                 NOW)
    money = model(reader).build(PeriodKind.WEEK, 0, Fuel.ELECTRICITY, DisplayUnit.MONEY, NOW)
    assert money.bars[0].text == "£4.80"  # 24 kWh at 20p
    assert money.extra == "Plus £1.00 in standing charges"
    carbon = model(reader).build(PeriodKind.WEEK, 0, Fuel.ELECTRICITY, DisplayUnit.CARBON, NOW)
    assert "driving 52 km" in carbon.extra  # 48 kWh x 0.177 / 0.16272
    assert "0.163 kg" in carbon.basis


def test_a_clock_change_day_has_fifty_half_hours(make_writer, reader):
    view = model(reader).build(PeriodKind.DAY, 0, Fuel.ELECTRICITY, DisplayUnit.ENERGY, utc(2026, 10, 25, 12))
    assert len(view.bars) == 50
    assert view.empty


def test_titles_and_names_in_welsh(make_writer, reader):
    view = model(reader, "cy").build(PeriodKind.MONTH, -3, Fuel.GAS, DisplayUnit.ENERGY, NOW)
    assert view.title == "Awst 2026"
    assert model(reader, "cy").build(PeriodKind.DAY, 0, Fuel.GAS, DisplayUnit.ENERGY, NOW).title == "Heddiw"


def test_summary_reads_the_chart_in_words(make_writer, reader):
    writer = make_writer()
    writer.apply([("t", half_hourly(date(2026, 11, 24), "0.5"))], NOW)
    view = model(reader).build(PeriodKind.DAY, -1, Fuel.ELECTRICITY, DisplayUnit.ENERGY, NOW)
    assert view.summary.startswith("Yesterday. In all: 24.0 kWh.")
    assert "00:00 to 00:30: 0.50 kWh." in view.summary


def test_a_year_by_month_from_thirteen_months_of_days(make_writer, reader):
    writer = make_writer()
    start = datetime(2025, 10, 1, tzinfo=LONDON).date()
    for n in range(420):
        writer.apply([("t", half_hourly(start + timedelta(days=n), "0.2"))], NOW)
    year = model(reader).build(PeriodKind.YEAR, 0, Fuel.ELECTRICITY, DisplayUnit.MONEY, NOW)
    assert year.bars[0].text == "£59.52"  # 31 days x 9.6 kWh x 20p
    assert year.bars[0].value == 59.52  # drawn in pounds
    assert year.bars[0].previous is None  # nothing recorded before October 2025
    assert year.bars[9].previous == 59.52


def elec(value, at):
    return RegisterReading(Fuel.ELECTRICITY, Direction.IMPORT, D(value), RegisterUnit.KWH, at)


def test_a_half_hour_read_as_zero_shows_zero_and_one_without_a_reading_says_so(make_writer, reader):
    writer = make_writer()
    writer.apply([("t", elec(100, utc(2026, 11, 25, 9))), ("t", elec(100, utc(2026, 11, 25, 10))),
                  ("t", elec(101, utc(2026, 11, 25, 11)))], NOW)
    view = model(reader).build(PeriodKind.DAY, 0, Fuel.ELECTRICITY, DisplayUnit.ENERGY, NOW)
    bars = {b.label: b for b in view.bars}
    assert (bars["09:00"].value, bars["09:30"].value) == (0, 0)  # read, and no use
    assert bars["09:00"].text == "0.00 kWh"
    assert bars["10:30"].text == "0.50 kWh"
    assert bars["08:30"].value is None
    assert bars["08:30"].text == "no reading"
    assert bars["08:30"].spoken == "08:30 to 09:00, no reading"
    money = model(reader).build(PeriodKind.DAY, 0, Fuel.ELECTRICITY, DisplayUnit.MONEY, NOW)
    assert {b.label: b.text for b in money.bars}["09:00"] == "0p"


def test_a_reading_at_midnight_opens_no_day_and_adds_no_standing_charge(make_writer, reader):
    """The day that merely begins with a reading stamped at its midnight has nothing counted in it:
    no row, so no 0 kWh day whose standing charge would enter the week."""
    writer = make_writer()
    writer.apply([("t", elec(100, utc(2026, 11, 23, 18))), ("t", elec(103, utc(2026, 11, 24)))], NOW)
    assert writer.day_figures(Fuel.ELECTRICITY, Direction.IMPORT, date(2026, 11, 24)) is None
    week = reader().days(Fuel.ELECTRICITY, Direction.IMPORT, date(2026, 11, 23), date(2026, 11, 30))
    assert [(d, t.kwh, t.standing_p) for d, t in week] == [(date(2026, 11, 23), 3, 50)]
    writer.apply([("t", elec(103, utc(2026, 11, 24, 6)))], NOW)  # then a reading of no use: a day, of 0
    assert writer.day_figures(Fuel.ELECTRICITY, Direction.IMPORT, date(2026, 11, 24)).kwh == 0
    assert len(reader().days(Fuel.ELECTRICITY, Direction.IMPORT, date(2026, 11, 23), date(2026, 11, 30))) == 2

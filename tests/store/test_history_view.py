"""The history screen's figures, from a real history file."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from history_helpers import LONDON, utc

from ihd.core.history_view import HistoryViewModel, nice_ticks
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
    twice = [b.when for b in view.bars if b.when.startswith("01:")]  # the hour that comes twice, told apart
    assert twice == ["01:00 BST to 01:30 BST", "01:30 BST to 01:00 GMT", "01:00 GMT to 01:30 GMT",
                     "01:30 GMT to 02:00 GMT"]
    assert len({b.when for b in view.bars}) == 50


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
    assert year.bars[0].value == 5952  # drawn in pence, as the axis is labelled
    assert year.bars[0].previous is None  # nothing recorded before October 2025
    assert year.bars[9].previous == 5952


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


def test_a_comparison_over_an_incomplete_earlier_period_says_so(make_writer, reader):
    """Ten months of this year against one recorded month of last year is no "922% more"."""
    writer = make_writer()
    for n in range(31):
        writer.apply([("t", half_hourly(date(2025, 10, 1) + timedelta(days=n), "0.2"))], NOW)
    for n in range(300):
        writer.apply([("t", half_hourly(date(2026, 1, 1) + timedelta(days=n), "0.2"))], NOW)
    year = model(reader).build(PeriodKind.YEAR, 0, Fuel.ELECTRICITY, DisplayUnit.ENERGY, NOW)
    assert year.comparison == "Only part of last year was recorded, so there is no comparison"
    assert "%" not in year.summary


def test_a_comparison_is_made_only_over_time_both_periods_cover(make_writer, reader):
    """Yesterday lost two hours of readings: today's use in those hours is left out too."""
    writer = make_writer()
    start = local_midnight(date(2026, 11, 24), LONDON)
    yesterday = [(start + timedelta(minutes=30 * i), D("0.5")) for i in range(48) if not 8 <= i < 12]
    writer.apply([("t", BackfillReading(Fuel.ELECTRICITY, Direction.IMPORT, True, RegisterUnit.KWH,
                                        tuple(yesterday))),
                  ("t", half_hourly(date(2026, 11, 25), "0.5"))], NOW)
    today = model(reader).build(PeriodKind.DAY, 0, Fuel.ELECTRICITY, DisplayUnit.ENERGY, NOW)
    assert today.comparison == "About the same as yesterday by this time"  # not 17% more
    assert today.bars[9].previous_text == ""
    assert today.bars[9].previous is None


def test_missing_half_hours_have_no_value_and_say_no_reading(make_writer, reader):
    writer = make_writer()
    start = local_midnight(date(2026, 11, 25), LONDON)
    writer.apply([("t", BackfillReading(Fuel.ELECTRICITY, Direction.IMPORT, True, RegisterUnit.KWH,
                                        tuple((start + timedelta(minutes=30 * i), D("0.5")) for i in range(24)
                                              if i not in (4, 5))))], NOW)
    view = model(reader).build(PeriodKind.DAY, 0, Fuel.ELECTRICITY, DisplayUnit.ENERGY, NOW)
    assert view.bars[4].value is None
    assert view.bars[4].text == "no reading"
    assert view.bars[4].spoken == "02:00 to 02:30, no reading"
    assert view.bars[30].text == "not yet"  # the evening has not come


def test_the_chart_is_named_for_its_period_with_a_key_for_the_one_before(make_writer, reader):
    build = model(reader).build
    assert build(PeriodKind.DAY, 0, Fuel.ELECTRICITY, DisplayUnit.ENERGY, NOW).chart_name == \
        "Chart of today, by half-hour"
    week = build(PeriodKind.WEEK, -1, Fuel.ELECTRICITY, DisplayUnit.ENERGY, NOW)
    assert (week.chart_name, week.previous_name) == ("Chart of last week, by day", "The week before")
    assert build(PeriodKind.YEAR, 0, Fuel.ELECTRICITY, DisplayUnit.ENERGY, NOW).previous_name == "Last year"
    assert build(PeriodKind.DAY, 0, Fuel.ELECTRICITY, DisplayUnit.ENERGY, NOW).previous_name == "Yesterday"


@pytest.mark.parametrize(("language", "unit", "values", "labels"), [
    ("en_GB", DisplayUnit.MONEY, (0, 5, 10, 150), ("0p", "5p", "10p", "£1.50")),
    ("cy", DisplayUnit.MONEY, (5, 10), ("5c", "10c")),
    ("pl", DisplayUnit.MONEY, (5, 150), ("0,05\xa0£", "1,50\xa0£")),
    ("en_GB", DisplayUnit.ENERGY, (0, 0.05, 0.5, 2), ("0 kWh", "0.05 kWh", "0.5 kWh", "2 kWh")),
    ("pl", DisplayUnit.ENERGY, (0.5, 2.5), ("0,5 kWh", "2,5 kWh")),
    ("en_GB", DisplayUnit.CARBON, (0.1, 1), ("0.1 kg", "1 kg")),
    ("cy", DisplayUnit.CARBON, (0.25,), ("0.25 kg",)),
])
def test_axis_labels_in_the_texts_unit_and_the_languages_numbers(reader, language, unit, values, labels):
    view = model(reader, language).build(PeriodKind.DAY, 0, Fuel.ELECTRICITY, unit, NOW)
    assert tuple(view.tick_label(v) for v in values) == labels


@pytest.mark.parametrize(("top", "most", "least", "ticks"), [
    (0.38, 4, 0.0, [0, 0.1, 0.2, 0.3, 0.4]),
    (31.4, 4, 1.0, [0, 10, 20, 30, 40]),
    (0.4, 4, 1.0, [0, 1]),  # never a fraction of a penny
    (9, 4, 1.0, [0, 5, 10]),  # 2.5p would be labelled "3p"
    (0, 4, 0.0, [0, 1]),
])
def test_axis_steps_are_round_and_reach_the_top(top, most, least, ticks):
    assert nice_ticks(top, most, least) == pytest.approx(ticks)


@pytest.mark.parametrize("language", ["en_GB", "cy", "ur"])
def test_the_names_paging_may_give_hold_every_weekday_and_month(reader, language):
    """The screen keeps room for the widest of these, so every part a name is made of must be in
    them: each weekday with each month, for a day; each month, for a week or a month."""
    vm = model(reader, language)
    fmt = I18n(language)
    weekdays = {fmt.date(date(2026, 11, 23) + timedelta(days=n), "EEEE") for n in range(7)}
    months = {fmt.date(date(2026, m, 1), "MMMM") for m in range(1, 13)}
    days = vm.titles(PeriodKind.DAY, NOW)
    assert {(w, m) for w in weekdays for m in months} <= {(w, m) for t in days for w in weekdays for m in months
                                                          if w in t and m in t}
    assert {vm.build(PeriodKind.DAY, offset, Fuel.ELECTRICITY, DisplayUnit.ENERGY, NOW).title
            for offset in (0, -1)} <= set(days)
    weeks, this_year = vm.titles(PeriodKind.WEEK, NOW), vm.titles(PeriodKind.MONTH, NOW)
    assert all(any(m in t for t in weeks) for m in months)
    # the months paged to this year, by name (two before this one: Hydref, Medi... in Welsh)
    assert {vm.build(PeriodKind.MONTH, -n, Fuel.ELECTRICITY, DisplayUnit.ENERGY, NOW).title for n in (2, 3, 4)} \
        <= set(this_year)
    assert vm.titles(PeriodKind.DAY, NOW) is days  # worked out once for a language and a year

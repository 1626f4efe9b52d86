"""A day of readings through a real broker: the history screen's totals are the hand sums."""

import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from itertools import pairwise
from zoneinfo import ZoneInfo

from ihd.core.periods import local_day_start
from ihd.core.units import Direction, Fuel
from ihd.i18n import I18n
from ihd.store.history_reader import HistoryReader

LONDON = ZoneInfo("Europe/London")
IMPORT = "ihd/v1/electricity/import"
D = Decimal


def yesterday():
    today = local_day_start(datetime.now(UTC), LONDON)
    return local_day_start(today - timedelta(hours=12), LONDON), today


def iso(at):
    return at.strftime("%Y-%m-%dT%H:%M:%SZ")


def publish_day(pub, start, end, rise):
    """A register reading every 10 minutes through the day; returns (time, value) as sent."""
    at, value, sent = start, D(5000), []
    while at <= end:
        pub.send(IMPORT, json.dumps({"ts": iso(at), "value": float(value), "unit": "kWh"}))
        sent.append((at, value))
        value += rise(at)
        at += timedelta(minutes=10)
    return sent


def recorded_kwh(display, day_start):
    display.writer.flush(5)
    reader = HistoryReader(display.history_path, LONDON)
    try:
        day = reader.day(Fuel.ELECTRICITY, Direction.IMPORT, day_start.astimezone(LONDON).date())
        return None if day is None else day.kwh
    finally:
        reader.close()


def yesterdays_view(qtbot, display, unit):
    display.window.show_screen("history")
    screen = display.history.screen
    screen.units.buttons[unit].click()
    if screen.title.text() != "Yesterday":
        screen.earlier.click()
    assert screen.title.text() == "Yesterday"
    return screen._view


def test_an_economy_7_day_costs_what_a_hand_calculation_gives(qtbot, broker, make_display):
    e7 = {"unit_rate_p_per_kwh": 30, "standing_charge_p_per_day": 50, "bands_in_gmt": True,
          "bands": [{"start": "00:30", "end": "07:30", "rate_p_per_kwh": 10, "name": "night"}]}
    display = make_display({"bridge": {"broker": broker.url}, "tariff": {"electricity": e7}})
    qtbot.waitUntil(lambda: "Connected" in display.home.link.text(), timeout=5000)
    start, end = yesterday()
    pub = broker.publisher()
    sent = publish_day(pub, start, end, lambda at: D("0.2") if at.astimezone(UTC).hour < 8 else D("0.1"))
    pub.close()
    by_hand = D(0)
    for (a, va), (_b, vb) in pairwise(sent):
        minute = a.astimezone(UTC).hour * 60 + a.astimezone(UTC).minute  # the night is fixed in GMT
        by_hand += (vb - va) * (10 if 30 <= minute < 7 * 60 + 30 else 30)
    qtbot.waitUntil(lambda: recorded_kwh(display, start) == sent[-1][1] - sent[0][1], timeout=20000)
    view = yesterdays_view(qtbot, display, "money")
    assert view.total == f"In all: {I18n().money(by_hand)}"
    assert view.extra == "Plus 50p in standing charges"


def test_an_agile_day_with_negative_prices(qtbot, broker, make_display):
    display = make_display({"bridge": {"broker": broker.url},
                            "tariff": {"electricity": {"unit_rate_p_per_kwh": 25}}})
    qtbot.waitUntil(lambda: "Connected" in display.home.link.text(), timeout=5000)
    start, end = yesterday()
    halves = int((end - start).total_seconds() // 1800)
    prices = [D(-5) if i < 8 else D(i) / 2 for i in range(halves)]
    pub = broker.publisher()
    pub.send("ihd/v1/electricity/prices", json.dumps({"vat_included": True, "prices": [
        {"from": iso(start + timedelta(minutes=30 * i)), "rate_p_per_kwh": float(p)} for i, p in enumerate(prices)]}),
        retain=True)
    sent = publish_day(pub, start, end, lambda at: D("0.05"))
    pub.close()
    qtbot.waitUntil(lambda: recorded_kwh(display, start) == sent[-1][1] - sent[0][1], timeout=20000)
    by_hand = sum((D("0.15") * p for p in prices), D(0))  # 0.15 kWh in every half-hour
    view = yesterdays_view(qtbot, display, "money")
    assert view.total == f"In all: {I18n().money(by_hand)}"  # rounded once, to the nearest penny
    energy = yesterdays_view(qtbot, display, "energy")
    assert energy.bars[0].text == "0.15 kWh"

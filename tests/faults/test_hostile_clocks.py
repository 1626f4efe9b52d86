"""Readings stamped hours ahead, or by a bridge that never set its clock, on a real mosquitto:
the honest readings after them are shown within one update, Today grows only by honest energy,
no half-hour that has not begun holds energy, and the history stays the size honest data needs."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from ihd.core.clock import ManualClock
from ihd.core.intake import AHEAD, TOO_OLD
from ihd.core.periods import slot_start
from ihd.core.units import Fuel

NOON = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
TARIFF = b'{"unit_rate_p_per_kwh": 20, "standing_charge_p_per_day": 60, "vat_included": true}'


def iso(at: datetime) -> str:
    return at.strftime("%Y-%m-%dT%H:%M:%SZ")


class Bridge:
    def __init__(self, pub) -> None:
        self.pub = pub

    def register(self, at: datetime, value: str) -> None:
        self.pub.send("ihd/v1/electricity/import", json.dumps({"ts": iso(at), "value": float(value), "unit": "kWh"}))

    def demand(self, at: datetime, watts: int) -> None:
        self.pub.send("ihd/v1/electricity/demand", json.dumps({"ts": iso(at), "watts": watts}))

    def credit(self, at: datetime, pence: int) -> None:
        self.pub.send("ihd/v1/electricity/prepayment", json.dumps(
            {"ts": iso(at), "mode": "prepayment", "credit_p": pence, "low_credit_p": 500, "supply": "on"}),
            retain=True)


def start(make_display, broker, qtbot, clock):
    display = make_display({"bridge": {"broker": broker.url, "dialect": "native"}}, clock=clock)
    qtbot.waitUntil(lambda: "Connected" in display.home.link.text(), timeout=5000)
    return display


def credit_shown(display):
    display._tick()
    view = display.account.view
    return view.fuels[0] if view is not None and view.fuels else None


def test_readings_stamped_hours_ahead_change_nothing(qtbot, broker, make_display):
    clock = ManualClock(NOON)
    display = start(make_display, broker, qtbot, clock)
    bridge = Bridge(broker.publisher())
    bridge.pub.send("ihd/v1/electricity/tariff", TARIFF, retain=True)
    bridge.register(NOON - timedelta(minutes=10), "100.0")
    bridge.register(NOON - timedelta(minutes=5), "100.5")
    bridge.demand(NOON, 400)
    bridge.credit(NOON, 179)
    qtbot.waitUntil(lambda: display.figures.live.snapshot().electricity.today is not None
                    and display.figures.live.snapshot().electricity.today.kwh == Decimal("0.5")
                    and credit_shown(display) is not None, timeout=5000)

    ahead = NOON + timedelta(hours=5, minutes=50)
    bridge.demand(ahead, 10_000)
    bridge.credit(NOON + timedelta(hours=5, minutes=33), 9999)
    bridge.register(ahead, "680.5")
    qtbot.waitUntil(lambda: display.rejections.counts().get(AHEAD, 0) == 3, timeout=5000)

    clock.advance(60)
    honest = NOON + timedelta(seconds=60)
    bridge.demand(honest, 450)
    bridge.credit(honest, 178)
    bridge.register(honest, "100.6")
    qtbot.waitUntil(lambda: display.figures.live.snapshot().electricity.demand_w == 450
                    and display.figures.live.snapshot().electricity.today.kwh == Decimal("0.6"), timeout=5000)
    assert credit_shown(display).balance == "£1.78"
    bridge.pub.close()

    display.writer.flush(10)
    db = display.shared.reader().db
    unbegun = db.execute("SELECT COUNT(*) FROM slot WHERE start > ?",
                         (int(slot_start(clock.now()).timestamp()),)).fetchone()[0]
    assert unbegun == 0
    assert db.execute("SELECT COUNT(*) FROM quarantine").fetchone()[0] == 0  # no honest reading held back


def test_a_register_from_a_bridge_without_its_clock_set_writes_nothing(qtbot, broker, make_display):
    clock = ManualClock(NOON)
    display = start(make_display, broker, qtbot, clock)
    bridge = Bridge(broker.publisher())
    bridge.register(datetime(2000, 1, 1, tzinfo=UTC), "1.0")
    bridge.register(NOON - timedelta(minutes=5), "100.0")
    bridge.register(NOON, "100.4")
    qtbot.waitUntil(lambda: display.figures.live.snapshot().electricity.today is not None
                    and display.figures.live.snapshot().electricity.today.kwh == Decimal("0.4"), timeout=5000)
    bridge.pub.close()
    assert display.rejections.counts() == {TOO_OLD: 1}
    display.writer.flush(10)
    db = display.shared.reader().db
    assert db.execute("SELECT COUNT(*) FROM slot").fetchone()[0] <= 2
    assert db.execute("SELECT COUNT(*) FROM day").fetchone()[0] <= 2
    size = sum(p.stat().st_size for p in display.history_path.parent.glob(display.history_path.name + "*"))
    assert size < 2_000_000


def test_yesterdays_retained_balance_is_shown_as_dated(qtbot, broker, make_display):
    pub = broker.publisher()
    Bridge(pub).credit(NOON - timedelta(hours=20), 179)  # retained, from yesterday afternoon
    pub.close()
    clock = ManualClock(NOON)
    display = start(make_display, broker, qtbot, clock)
    qtbot.waitUntil(lambda: credit_shown(display) is not None, timeout=5000)
    shown = credit_shown(display)
    assert shown.label == "Last known credit"
    assert "As the meter said yesterday at 16:00" in shown.lines
    from PySide6.QtWidgets import QLabel

    assert any(label.text() == "Last known credit" for label in display.home.findChildren(QLabel))
    assert display.figures.live.snapshot().account.prepayment[Fuel.ELECTRICITY].credit_p == 179
